"""OS profiles from osinfo-db and OS detection on ISOs made here with xorriso."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvdesk.core.errors import HvdeskError
from hvdesk.core.osinfo import (
    GENERIC,
    SECTOR,
    IsoInfo,
    OsDatabase,
    database,
    detect_iso,
    parse_volume_descriptors,
    read_iso_info,
)
from tests.support.media import make_iso

FIXTURE_DB = Path(__file__).resolve().parents[1] / "fixtures" / "osinfo"


@pytest.fixture(scope="module")
def fixture_db() -> OsDatabase:
    return OsDatabase.load([FIXTURE_DB])


# ---- the catalogue, on a small fixture db whose every value is known ------------------


def test_profiles_are_read_with_recommended_resources(fixture_db: OsDatabase) -> None:
    base = fixture_db.get("http://example.org/base/1")
    assert base is not None
    assert (base.name, base.short_id, base.vendor, base.family) == (
        "Example Base 1", "base1", "Example Corp", "linux",
    )  # fmt: skip
    assert (base.memory_mib, base.min_memory_mib, base.vcpus, base.disk_gib) == (2048, 512, 4, 30)
    assert base.virtio_disk and base.virtio_net and base.paravirt
    assert base.e1000e and base.uefi and not base.needs_uefi


def test_a_derived_os_inherits_and_can_turn_a_device_off(fixture_db: OsDatabase) -> None:
    child = fixture_db.get("child2")  # by short id
    assert child is not None and child.id == "http://example.org/child/2"
    assert (child.memory_mib, child.vcpus, child.disk_gib) == (2048, 4, 30)  # inherited
    assert child.uefi  # firmware inherited
    assert child.virtio_disk and not child.virtio_net  # its own supported="false" wins
    assert not child.paravirt  # so: emulated devices, said in plain words
    assert "emulated devices" in child.devices_in_words()


def test_a_clone_keeps_its_own_resources_and_firmware_rule(fixture_db: OsDatabase) -> None:
    clone = fixture_db.get("clone3")
    assert clone is not None
    assert (clone.memory_mib, clone.disk_gib) == (512, 2)  # 1 GiB + 1 byte rounds up
    assert clone.vcpus == 2  # none recommended, none required above 1: hvdesk's default
    assert clone.needs_uefi and clone.paravirt  # devices from what it clones


def test_a_broken_file_hides_nothing_else(fixture_db: OsDatabase) -> None:
    assert len(fixture_db) == 3
    assert fixture_db.get("http://example.org/broken") is None


def test_unknown_ids_give_none_and_the_generic_profile_is_reachable(
    fixture_db: OsDatabase,
) -> None:
    assert fixture_db.get("nonesuch") is None
    assert fixture_db.get("http://libosinfo.org/unknown") is GENERIC
    assert fixture_db.get("unknown") is GENERIC
    assert not GENERIC.virtio_disk and not GENERIC.virtio_net
    assert GENERIC.emulated_nic == "e1000"
    assert "any operating system drives" in GENERIC.devices_in_words()


def test_search_matches_every_word_and_lists_newest_first(fixture_db: OsDatabase) -> None:
    assert [p.short_id for p in fixture_db.search("example")] == ["clone3", "child2", "base1"]
    assert [p.short_id for p in fixture_db.search("EXAMPLE   child")] == ["child2"]
    assert [p.short_id for p in fixture_db.search("corp base")] == ["base1"]
    assert fixture_db.search("example windows") == []
    assert GENERIC not in fixture_db.profiles()


def test_media_match_prefers_the_most_specific_entry(fixture_db: OsDatabase) -> None:
    found = fixture_db.identify(IsoInfo("EXAMPLE 2.1 x86_64", publisher_id="EXAMPLE CORP"))
    assert found is not None
    assert (found.profile.short_id, found.arch, found.variant, found.live) == (
        "child2", "x86_64", "desktop", True,
    )  # fmt: skip
    i386 = fixture_db.identify(IsoInfo("EXAMPLE 2.1 i386", publisher_id="EXAMPLE CORP"))
    assert i386 is not None and (i386.profile.short_id, i386.arch) == ("child2", "i686")
    # Without the publisher only the base's looser pattern matches.
    loose = fixture_db.identify(IsoInfo("EXAMPLE 2.1 x86_64"))
    assert loose is not None and loose.profile.short_id == "base1"


def test_volume_size_must_match_when_the_db_gives_one(fixture_db: OsDatabase) -> None:
    assert fixture_db.identify(IsoInfo("CLONE3", volume_size=1048576)) is not None
    assert fixture_db.identify(IsoInfo("CLONE3", volume_size=2048)) is None
    assert fixture_db.identify(IsoInfo("nothing like it")) is None


def test_the_search_path_lets_the_user_override_the_system(tmp_path: Path) -> None:
    user = tmp_path / "user" / "os" / "example.org"
    user.mkdir(parents=True)
    (user / "base.xml").write_text(
        '<libosinfo><os id="http://example.org/base/1"><short-id>base1</short-id>'
        "<name>Overridden</name></os></libosinfo>"
    )
    db = OsDatabase.load([FIXTURE_DB, tmp_path / "user"])
    base = db.get("base1")
    assert base is not None and base.name == "Overridden"


# ---- the real osinfo-db (Debian's osinfo-db package) ----------------------------------


def test_the_real_catalogue_loads_once_and_knows_common_oses() -> None:
    db = database()
    assert database() is db  # cached: one load per process
    assert len(db) > 500
    debian = db.get("http://debian.org/debian/11")
    assert debian is not None and debian.name == "Debian 11" and debian.paravirt
    win10 = db.get("win10")
    assert win10 is not None and win10.family == "winnt"
    assert not win10.virtio_disk and win10.e1000e  # Windows has no virtio drivers inside
    win11 = db.get("win11")
    assert win11 is not None and win11.needs_uefi and win11.memory_mib >= 4096
    # Generic Linux 2022 declares `resources inherit="true"`: Ubuntu 22.04's values.
    generic_linux, ubuntu = db.get("linux2022"), db.get("ubuntu22.04")
    assert generic_linux is not None and ubuntu is not None
    assert (generic_linux.memory_mib, generic_linux.disk_gib) == (
        ubuntu.memory_mib, ubuntu.disk_gib,
    )  # fmt: skip
    assert [p.short_id for p in db.search("debian 11")][:1] == ["debian11"]


# Volume ids as the distributions write them, each against osinfo-db's own patterns.
REAL_MEDIA = [
    # (volume id, system id, publisher, application id) -> (short id, arch, variant)
    (("Debian 11.5.0 amd64 n", "LINUX", "", ""), ("debian11", "x86_64", "universal-netinst")),
    (("Debian 11.6.0 i386 n", "LINUX", "", ""), ("debian11", "i686", "universal-netinst")),
    (("Debian 10.13.0 amd64 1", "LINUX", "", ""), ("debian10", "x86_64", "universal")),
    (("Ubuntu-Server 22.04.1 LTS amd64", "LINUX", "", ""), ("ubuntu22.04", "x86_64", "")),
    (("Fedora-WS-Live-37-1-7", "LINUX", "", ""), ("fedora37", "x86_64", "workstation")),
    (("Fedora-S-dvd-x86_64-37", "LINUX", "", ""), ("fedora37", "x86_64", "server")),
    (("Fedora-S-dvd-x86_64-37", "OTHER", "", ""), ("fedora37", "x86_64", "server-netinst")),
    (("GRMCULXFRER_EN_DVD", "", "MICROSOFT CORPORATION", ""), ("win7", "x86_64", "ultimate")),
    (
        ("ARCH_202212", "LINUX", "ARCH LINUX <HTTPS://ARCHLINUX.ORG>", "ARCH LINUX LIVE/RESCUE CD"),
        ("archlinux", "x86_64", ""),
    ),
]


@pytest.mark.parametrize(("fields", "expected"), REAL_MEDIA, ids=[m[0][0] for m in REAL_MEDIA])
def test_detects_the_os_of_an_iso_from_its_volume_descriptor(
    tmp_path: Path, fields: tuple[str, str, str, str], expected: tuple[str, str, str]
) -> None:
    volume, system, publisher, application = fields
    iso = make_iso(
        tmp_path / "media.iso", volume, system_id=system or "LINUX",
        publisher=publisher, application=application,
    )  # fmt: skip
    info = read_iso_info(iso)
    assert (info.volume_id, info.publisher_id, info.application_id) == (
        volume, publisher, application,
    )  # fmt: skip
    assert info.volume_size == iso.stat().st_size
    found = detect_iso(iso)
    assert found is not None, info
    assert (found.profile.short_id, found.arch, found.variant) == expected


def test_a_windows_volume_without_microsofts_publisher_is_not_windows(tmp_path: Path) -> None:
    iso = make_iso(tmp_path / "w.iso", "GRMCULXFRER_EN_DVD", publisher="SOMEONE ELSE")
    assert detect_iso(iso) is None


def test_an_unknown_iso_is_not_detected(tmp_path: Path) -> None:
    iso = make_iso(tmp_path / "home.iso", "MY_BACKUP_2023")
    info = read_iso_info(iso)
    assert info.volume_id == "MY_BACKUP_2023" and not info.bootable
    assert detect_iso(iso) is None


def test_a_file_that_is_not_an_iso_says_so(tmp_path: Path) -> None:
    disk = tmp_path / "disk.img"
    disk.write_bytes(b"\0" * (40 * SECTOR))
    with pytest.raises(HvdeskError) as info:
        read_iso_info(disk)
    assert info.value.sentence() == (
        f"{disk} is not an ISO 9660 image. No ISO 9660 primary volume descriptor. "
        "Choose the operating system from the list."
    )
    with pytest.raises(HvdeskError, match="No such file or directory"):
        read_iso_info(tmp_path / "missing.iso")


def _descriptor(kind: int, body: bytes = b"") -> bytes:
    block = bytearray(SECTOR)
    block[0] = kind
    block[1:7] = b"CD001\x01"
    block[7 : 7 + len(body)] = body
    return bytes(block)


def test_descriptor_parsing_is_bounded_and_finds_el_torito() -> None:
    primary = bytearray(_descriptor(1))
    primary[40:72] = b"VOL".ljust(32)
    primary[80:84] = (10).to_bytes(4, "little")
    primary[128:130] = (2048).to_bytes(2, "little")
    boot = _descriptor(0, b"EL TORITO SPECIFICATION")
    info = parse_volume_descriptors(boot + bytes(primary) + _descriptor(255))
    assert (info.volume_id, info.volume_size, info.bootable) == ("VOL", 10 * 2048, True)
    with pytest.raises(ValueError):
        parse_volume_descriptors(_descriptor(2) * 100)  # no primary within the bound
    with pytest.raises(ValueError):
        parse_volume_descriptors(bytes(primary)[:100])  # truncated
