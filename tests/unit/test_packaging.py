"""packaging/: the desktop file and AppStream metainfo pass the freedesktop validators, one
application id everywhere, the user install and removal, the wheel and the Debian package."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from hvdesk import APP_ID

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
SHARED_MIME = Path("/usr/share/mime/packages/freedesktop.org.xml")


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout


def test_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_application_id_everywhere() -> None:
    entry = _entry(DESKTOP)
    assert entry["Icon"] == APP_ID
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert (ROOT / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert "app.setDesktopFileName(APP_ID)" in (ROOT / "hvdesk" / "app.py").read_text()
    # The launchers' icon and class are the application's.
    from hvdesk.core.launchers import LauncherSpec, render

    text = render(LauncherSpec("u", "n", "test:///default"), ["hvdesk"])
    assert f"Icon={APP_ID}\n" in text and f"StartupWMClass={APP_ID}\n" in text


def test_mime_types_are_ones_shared_mime_info_knows() -> None:
    known = SHARED_MIME.read_text()
    types = [t for t in _entry(DESKTOP)["MimeType"].split(";") if t]
    assert {"application/x-cd-image", "application/x-qemu-disk"} <= set(types)
    for mime in types:
        assert f'<mime-type type="{mime}">' in known, mime
    provided = {e.text for e in ET.parse(METAINFO).getroot().iter("mediatype")}
    assert provided == set(types)


def test_state_icons_are_svg_for_each_state() -> None:
    from hvdesk.core.vm import VmState

    folder = ROOT / "icons" / "hicolor" / "scalable" / "status"
    for state in VmState:
        if state is VmState.UNKNOWN:
            continue
        name = state.name.lower().replace("_", "-")
        root = ET.parse(folder / f"{APP_ID}-vm-{name}.svg").getroot()
        assert root.tag.endswith("svg")


def _hvdesk(*args: str, data_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run(
        [sys.executable, "-m", "hvdesk", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_install_desktop_and_uninstall(tmp_path: Path) -> None:
    data = tmp_path / "share"
    installed = _hvdesk("--install-desktop", data_home=data)
    assert installed.returncode == 0, installed.stderr
    desktop = data / "applications" / f"{APP_ID}.desktop"
    assert subprocess.run(["desktop-file-validate", str(desktop)]).returncode == 0
    command = _entry(desktop)["Exec"].split(" ")[0]
    assert shutil.which(command) or os.access(command, os.X_OK)  # this hvdesk, runnable
    assert (data / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    # update-desktop-database registered the file types: a file manager offers hvdesk.
    cache = (data / "applications" / "mimeinfo.cache").read_text()
    assert f"application/x-cd-image={APP_ID}.desktop;" in cache

    removed = _hvdesk("--uninstall-desktop", data_home=data)
    assert removed.returncode == 0, removed.stderr
    assert not desktop.exists()
    assert not list(data.rglob(f"{APP_ID}*"))
    assert APP_ID not in (data / "applications" / "mimeinfo.cache").read_text()


def test_install_desktop_into_an_unwritable_place_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = _hvdesk("--install-desktop", data_home=blocker)
    assert result.returncode == 1
    assert result.stderr.startswith("hvdesk: Could not install the desktop files.")


def _copy_tree(dest: Path) -> Path:
    """The files a build reads, copied so a build leaves nothing in the checkout."""
    for name in ("hvdesk", "packaging", "icons", "resources"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, dest / name)
    return dest


def test_wheel_carries_the_desktop_file_icons_and_translations(tmp_path: Path) -> None:
    source = _copy_tree(tmp_path / "src")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), "."],
        cwd=source, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    [wheel] = tmp_path.glob("hvdesk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    data = "hvdesk-0.1.0.data/data/share/"
    for path in (
        f"applications/{APP_ID}.desktop",
        f"metainfo/{APP_ID}.metainfo.xml",
        f"icons/hicolor/scalable/apps/{APP_ID}.svg",
        f"icons/hicolor/scalable/status/{APP_ID}-vm-running.svg",
        "hvdesk/i18n/hvdesk_ko.qm",
    ):
        assert data + path in names, path


@pytest.mark.integration
def test_debian_package_installs_a_working_hvdesk(tmp_path: Path) -> None:
    """Built with dpkg-deb; unpacked, its hvdesk runs on Debian's python3 and libvirt."""
    source = _copy_tree(tmp_path / "src")
    out = subprocess.run(
        ["packaging/build-deb.sh", str(tmp_path / "dist")], cwd=source, capture_output=True,
        text=True, timeout=600, env={**os.environ, "PYTHON": sys.executable},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    deb = Path(out.stdout.strip().splitlines()[-1])
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Package: hvdesk" in fields and "python3-libvirt" in fields
    # `make test` and `make run` install every package the .deb needs (on a fresh machine
    # nothing else would: python3-libvirt was once only there by hand).
    depends = fields.split("Depends:", 1)[1]
    needed = {re.sub(r"\s*\(.*", "", d).strip() for d in depends.split(",")}
    installed_by_deps = subprocess.run(
        [str(ROOT / "packaging/install-deps.sh"), "--list"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert needed <= set(installed_by_deps), needed - set(installed_by_deps)
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    assert (
        subprocess.run(
            ["desktop-file-validate", str(root / "usr/share/applications" / f"{APP_ID}.desktop")]
        ).returncode
        == 0
    )
    assert (root / "usr/share/hvdesk/i18n/hvdesk_ko.qm").is_file()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        "PYTHONPATH": str(root / "usr/lib/hvdesk"),
    }
    listed = subprocess.run(
        ["/usr/bin/python3", "-m", "hvdesk", "--connect", "test:///default", "--list"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("test\trunning\t")
    script = (root / "usr/bin/hvdesk").read_text()
    assert "/usr/lib/hvdesk" in script and os.access(root / "usr/bin/hvdesk", os.X_OK)
