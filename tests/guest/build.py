"""Build the tiny test guest: Debian's kernel plus a busybox initramfs.

Both come from the distribution's apt lists (`apt-get download`), so this works on
any Debian/Ubuntu machine without a prepared image. The result is cached under
``${HVDESK_TEST_CACHE:-~/.cache/hvdesk-tests}/guest/<kernel>-<hash>/`` and reused.

    python -m tests.guest.build      # prints the kernel and initrd paths
"""

from __future__ import annotations

import gzip
import hashlib
import io
import lzma
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Kernel meta-packages that name the current kernel, Debian's first then Ubuntu's.
KERNEL_META_PACKAGES = ("linux-image-amd64", "linux-image-generic")
BUSYBOX_PACKAGE = "busybox-static"
# The power button: button.ko makes the input device, evdev.ko its /dev/input/event*.
MODULES = ("button", "evdev")

READY_MARKER = "HVDESK-GUEST-READY"
FB_WIDTH, FB_HEIGHT = 1024, 768  # what `vga=0x318` gives
# Quadrant colours (top-left, top-right, bottom-left, bottom-right) drawn on fb0.
# Channels are distinct so that a swapped red/blue order would show.
PATTERN_COLOURS: tuple[tuple[int, int, int], ...] = (
    (255, 0, 0),
    (0, 255, 0),
    (0, 0, 255),
    (255, 255, 0),
)

# PID 1. Everything a test reads goes to ttyS0; fb0 shows only the pattern.
INIT_SCRIPT = r"""#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/null >/dev/ttyS0 2>&1

for m in $(cat /etc/modules); do insmod "/lib/modules/$m"; done

mode=normal
for arg in $(cat /proc/cmdline); do
    case $arg in hvdesk.mode=*) mode=${arg#hvdesk.mode=} ;; esac
done

# acpid only opens the event devices present when it starts: wait for button.ko's.
i=0
until grep -qs 'Power Button' /sys/class/input/event*/device/name || [ $i -ge 100 ]; do
    usleep 20000; i=$((i + 1))
done
# The power button ("PWRF" in /etc/acpid.conf) runs /etc/acpi/PWRF/00000080.
# Foreground mode and a wait for its open event devices: a daemonizing acpid opens
# them after returning, so an early button press could be lost.
acpid -f -c /etc/acpi -a /etc/acpid.conf -l /tmp/acpid.log &
i=0
until ls -l /proc/$!/fd 2>/dev/null | grep -q /dev/input/event || [ $i -ge 100 ]; do
    usleep 20000; i=$((i + 1))
done

# Unbind fbcon so that no console text or cursor is ever drawn over the pattern;
# the VT keyboard still works (the dummy console takes over the VTs).
for c in /sys/class/vtconsole/vtcon*; do
    grep -q 'frame buffer' "$c/name" && echo 0 >"$c/bind"
done

if [ -e /dev/fb0 ]; then
    fb=/sys/class/graphics/fb0
    geometry=$(cat $fb/virtual_size),$(cat $fb/bits_per_pixel)
    pattern=/etc/fb/$(echo "$geometry" | tr , x).gz
    if [ -e "$pattern" ]; then
        zcat "$pattern" >/dev/fb0
    else
        echo "HVDESK-GUEST: no pattern for fb0 geometry $geometry"
    fi
else
    echo "HVDESK-GUEST: no /dev/fb0"
fi

# Keys typed on the VT keyboard go to ttyS0 as KEY:<char> (KEY:0x.. when not
# printable); -echo keeps them off the screen. tty1 is opened and set up before the
# ready marker, and stays open: a VT drops keys that arrive while nobody has it open.
# keydraw: every key also fills framebuffer rows 256-511 (the middle third, full width;
# 1 MiB at offset 1 MiB at 32 bpp), white and black in turn, for key-latency measurements.
if [ "$mode" = keydraw ]; then
    head -c 1048576 /dev/zero >/tmp/band0
    tr '\000' '\377' </tmp/band0 >/tmp/band1
fi
exec 3</dev/tty1
stty raw -echo <&3
band=0
while IFS= read -r -n 1 -d '' c; do
    if [ "$mode" = keydraw ]; then
        band=$((band ^ 1))
        dd if=/tmp/band$band of=/dev/fb0 bs=1048576 seek=1 count=1 conv=notrunc 2>/dev/null
    fi
    case $c in
        [[:graph:]]) echo "KEY:$c" ;;
        *) printf 'KEY:0x%02x\n' "'$c" ;;
    esac
done <&3 &

echo "HVDESK-GUEST-READY mode=$mode"
case $mode in
    busy) while :; do :; done ;;
    urandom) while :; do cat /dev/urandom >/dev/fb0 2>/dev/null; done ;;
    reboot) sleep 1; reboot -f ;;
esac
while :; do sleep 3600; done
"""

POWER_BUTTON_SCRIPT = "#!/bin/sh\necho HVDESK-GUEST-POWEROFF >/dev/ttyS0\npoweroff -f\n"

# Bump when the image layout changes in a way the hashed inputs do not show.
BUILD_FORMAT = 1


@dataclass(frozen=True)
class GuestImage:
    kernel: Path
    initrd: Path
    kernel_release: str  # `uname -r` in the guest


def pattern_colour(
    x: int, y: int, width: int = FB_WIDTH, height: int = FB_HEIGHT
) -> tuple[int, int, int]:
    """The RGB colour the guest draws at (x, y)."""
    return PATTERN_COLOURS[(2 if y >= height // 2 else 0) + (1 if x >= width // 2 else 0)]


def cache_dir() -> Path:
    base = os.environ.get("HVDESK_TEST_CACHE") or str(Path.home() / ".cache" / "hvdesk-tests")
    return Path(base) / "guest"


def _run(args: list[str], cwd: Path | None = None) -> str:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def _apt_show(*packages: str) -> dict[str, dict[str, str]]:
    """Control fields of the packages' candidate versions, from the local apt lists (no
    network). One call for all: apt-cache takes ~0.5 s each time here."""
    records: dict[str, dict[str, str]] = {}
    fields: dict[str, str] = {}
    # apt-cache warns about, and skips, packages it does not know.
    for line in [*_run(["apt-cache", "show", "--no-all-versions", *packages]).splitlines(), ""]:
        if not line:
            if "Package" in fields:
                records.setdefault(fields["Package"], fields)
            fields = {}
        elif not line[0].isspace() and ":" in line:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return records


def _depends(fields: dict[str, str]) -> list[tuple[str, str]]:
    """[(package, version or "")] from Depends, alternatives flattened."""
    result = []
    for dep in fields.get("Depends", "").replace("|", ",").split(","):
        name, _, version = dep.strip().partition(" ")
        if name:
            result.append((name, version.strip("()= ")))
    return result


def _cache_key() -> tuple[str, str, str]:
    """(cache entry name, kernel image package=version, busybox-static=version)."""
    records = _apt_show(*KERNEL_META_PACKAGES, BUSYBOX_PACKAGE)
    if BUSYBOX_PACKAGE not in records:
        raise RuntimeError(f"{BUSYBOX_PACKAGE} not in the apt lists (run apt-get update?)")
    busybox_version = records[BUSYBOX_PACKAGE]["Version"]
    for meta in KERNEL_META_PACKAGES:
        images = [d for d in _depends(records.get(meta, {})) if d[0].startswith("linux-image-")]
        if images:
            image, version = images[0]
            break
    else:
        raise RuntimeError(f"none of {', '.join(KERNEL_META_PACKAGES)} in the apt lists")
    digest = hashlib.sha256(
        repr(
            (
                BUILD_FORMAT,
                INIT_SCRIPT,
                POWER_BUTTON_SCRIPT,
                MODULES,
                PATTERN_COLOURS,
                busybox_version,
            )
        ).encode()
    ).hexdigest()[:12]
    name = f"{image.removeprefix('linux-image-')}_{version}-{digest}"
    pinned_image = f"{image}={version}" if version else image
    return (
        name.replace(":", "_").replace("/", "_"),
        pinned_image,
        f"{BUSYBOX_PACKAGE}={busybox_version}",
    )


def _download(packages: list[str], dest: Path) -> None:
    dest.mkdir()
    _run(["apt-get", "download", *packages], cwd=dest)
    for deb in sorted(dest.glob("*.deb")):
        _run(["dpkg-deb", "-x", str(deb), str(dest / "root")])
        deb.unlink()  # the kernel .deb is ~70 MB


def _read_module(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".xz":
        return lzma.decompress(data)
    if path.suffix == ".gz":
        return gzip.decompress(data)
    if path.suffix == ".zst":  # no zstd in Python < 3.14's stdlib
        return subprocess.run(["zstd", "-dc", str(path)], capture_output=True, check=True).stdout
    return data


def _module_depends(data: bytes) -> list[str]:
    start = data.find(b"\0depends=")
    if start < 0:
        return []
    value = data[start + len(b"\0depends=") : data.index(b"\0", start + 1)].decode()
    return [m for m in value.split(",") if m]


def _collect_modules(root: Path, wanted: tuple[str, ...]) -> tuple[str, list[tuple[str, bytes]]]:
    """(kernel release, [(file name, uncompressed .ko)] in load order, dependencies first)."""
    module_dirs = [p for p in (root / "lib/modules", root / "usr/lib/modules") if p.is_dir()]
    releases = [d for base in module_dirs for d in base.iterdir() if (d / "kernel").is_dir()]
    if len(releases) != 1:
        raise RuntimeError(f"expected one kernel module tree, found {releases}")
    tree = releases[0]

    def norm(name: str) -> str:  # module names treat - and _ alike
        return name.replace("-", "_")

    index = {norm(p.name.split(".ko")[0]): p for p in (tree / "kernel").rglob("*.ko*")}
    builtin_file = tree / "modules.builtin"
    builtin = (
        {norm(Path(line).name.split(".ko")[0]) for line in builtin_file.read_text().split()}
        if builtin_file.exists()
        else set()
    )
    ordered: list[tuple[str, bytes]] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        name = norm(name)
        if name in seen or name in builtin:
            return
        seen.add(name)
        if name not in index:
            raise RuntimeError(f"kernel module {name} not found under {tree}")
        data = _read_module(index[name])
        for dep in _module_depends(data):
            add(dep)
        ordered.append((name + ".ko", data))

    for name in wanted:
        add(name)
    return tree.name, ordered


def _fb_pattern(width: int, height: int, bpp: int) -> bytes:
    def px(rgb: tuple[int, int, int]) -> bytes:  # little-endian XRGB / BGR, as vesafb uses
        r, g, b = rgb
        return bytes((b, g, r, 0)[: bpp // 8])

    half = width // 2
    top = (px(PATTERN_COLOURS[0]) * half + px(PATTERN_COLOURS[1]) * (width - half)) * (height // 2)
    bottom = (px(PATTERN_COLOURS[2]) * half + px(PATTERN_COLOURS[3]) * (width - half)) * (
        height - height // 2
    )
    return top + bottom


class _Cpio:
    """A minimal newc ("070701") archive writer: device nodes and root ownership
    without needing root or the cpio tool."""

    def __init__(self) -> None:
        self._out = io.BytesIO()
        self._ino = 0

    def _entry(
        self, name: str, mode: int, data: bytes = b"", rdev: tuple[int, int] = (0, 0)
    ) -> None:
        self._ino += 1
        fields = (self._ino, mode, 0, 0, 1, 0, len(data), 0, 0, *rdev, len(name) + 1, 0)
        header = b"070701" + b"".join(b"%08X" % f for f in fields)
        self._write_padded(header + name.encode() + b"\0")
        self._write_padded(data)

    def _write_padded(self, data: bytes) -> None:
        self._out.write(data + b"\0" * (-len(data) % 4))

    def dir(self, name: str) -> None:
        self._entry(name, stat.S_IFDIR | 0o755)

    def file(self, name: str, data: bytes, mode: int = 0o644) -> None:
        self._entry(name, stat.S_IFREG | mode, data)

    def symlink(self, name: str, target: str) -> None:
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, name: str, major: int, minor: int) -> None:
        self._entry(name, stat.S_IFCHR | 0o600, rdev=(major, minor))

    def finish(self) -> bytes:
        self._entry("TRAILER!!!", 0)
        return self._out.getvalue()


def _initramfs(busybox: bytes, modules: list[tuple[str, bytes]]) -> bytes:
    a = _Cpio()
    for d in ("bin", "dev", "etc", "etc/acpi", "etc/acpi/PWRF", "etc/fb", "lib", "lib/modules",
              "proc", "sys", "tmp"):  # fmt: skip
        a.dir(d)
    # The kernel opens /dev/console for init before devtmpfs is mounted.
    a.chardev("dev/console", 5, 1)
    a.file("bin/busybox", busybox, 0o755)
    a.symlink("bin/sh", "busybox")
    a.file("init", INIT_SCRIPT.encode(), 0o755)
    for name, data in modules:
        a.file(f"lib/modules/{name}", data)
    a.file("etc/modules", "".join(f"{name}\n" for name, _ in modules).encode())
    # busybox acpid: the evdev KEY_POWER becomes event "PWRF 00000080"; the conf maps
    # event PWRF to action PWRF/00000080, a file (or run-parts dir) under -c /etc/acpi.
    a.file("etc/acpid.conf", b"PWRF PWRF/00000080\n")
    a.file("etc/acpi/PWRF/00000080", POWER_BUTTON_SCRIPT.encode(), 0o755)
    for bpp in (32, 24):  # 0x318 is 32 bpp with QEMU's VGA BIOS, 24 with some others
        pattern = gzip.compress(_fb_pattern(FB_WIDTH, FB_HEIGHT, bpp), compresslevel=9, mtime=0)
        a.file(f"etc/fb/{FB_WIDTH}x{FB_HEIGHT}x{bpp}.gz", pattern)
    return gzip.compress(a.finish(), compresslevel=6, mtime=0)


def build_guest(*, verbose: bool = False) -> GuestImage:
    """Return the cached guest image, building it first if needed."""
    key, image_package, busybox_package = _cache_key()
    out = cache_dir() / key
    if (out / "kernel-release").exists():  # written last, so the entry is complete
        os.utime(out / "kernel-release")  # in use: see _prune()
        return _image(out)
    # Ubuntu ships the modules in a separate linux-modules-<ver> package.
    image_name = image_package.partition("=")[0]
    image_fields = _apt_show(image_name)[image_name]
    packages = [image_package]
    packages += [
        f"{d}={v}" if v else d for d, v in _depends(image_fields) if d.startswith("linux-modules-")
    ]
    if verbose:
        print(f"building guest {key} from {', '.join(packages)}", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Build next to the destination and rename: an interrupted build leaves only a
    # stale .tmp-* directory, never a half-written cache entry.
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=out.parent))
    try:
        _download([*packages, busybox_package], tmp / "debs")
        root = tmp / "debs" / "root"
        release, modules = _collect_modules(root, MODULES)
        kernels = sorted((root / "boot").glob("vmlinuz-*"))
        if not kernels:
            raise RuntimeError(f"no /boot/vmlinuz-* in {packages}")
        result = tmp / "result"
        result.mkdir()
        shutil.copyfile(kernels[0], result / "vmlinuz")
        busybox = next(p for p in (root / "bin/busybox", root / "usr/bin/busybox") if p.exists())
        (result / "initrd.gz").write_bytes(_initramfs(busybox.read_bytes(), modules))
        (result / "kernel-release").write_text(release + "\n")
        try:
            result.rename(out)
        except OSError:
            if not (out / "kernel-release").exists():  # else a concurrent build won
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(out.parent, keep=out)
    return _image(out)


def _prune(base: Path, keep: Path, max_age_days: float = 30) -> None:
    """Drop entries unused for a month (each init script edit makes a new ~9 MB one)
    and leftovers of interrupted builds."""
    now = time.time()
    for entry in base.iterdir():
        tmp = entry.name.startswith(".tmp-")
        try:
            stamp = (entry if tmp else entry / "kernel-release").stat().st_mtime
        except FileNotFoundError:
            continue
        if entry != keep and now - stamp > 86400 * (1 if tmp else max_age_days):
            shutil.rmtree(entry, ignore_errors=True)


def _image(out: Path) -> GuestImage:
    release = (out / "kernel-release").read_text().strip()
    return GuestImage(kernel=out / "vmlinuz", initrd=out / "initrd.gz", kernel_release=release)


def main() -> None:
    image = build_guest(verbose=True)
    print(f"kernel: {image.kernel}")
    print(f"initrd: {image.initrd}")
    print(f"kernel release: {image.kernel_release}")


if __name__ == "__main__":
    main()
