"""KVM that the host offers but cannot run, for real.

These machines are VMs themselves: libvirt offers KVM, and QEMU aborts a `type='kvm'`
guest that is handed the host's CPU with "failed to set MSR 0x10a … kvm_buf_set_msrs:
Assertion … failed". The tests below rely on that real failure (no mock can say what
QEMU really prints); where KVM works they skip and say so. The suite sets
HVDESK_ACCEL=tcg so that guests run; these tests unset it, because it would otherwise
decide the acceleration instead of the code under test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libvirt
import pytest

from hvdesk.core import accel, newvm
from hvdesk.core.config import TcgHostStore
from hvdesk.core.connection import Connection
from hvdesk.core.domxml import DomainXml
from hvdesk.core.embed import embed_uri
from hvdesk.core.errors import HvdeskError, KvmUnusableError
from hvdesk.core.hostfacts import probe_host
from hvdesk.core.newvm import Firmware, NewDisk, NewVmSpec
from hvdesk.core.osinfo import GENERIC
from hvdesk.core.vm import VirtualMachine
from hvdesk.headless import start_vm
from tests.conftest import kill_guests
from tests.guest.build import READY_MARKER, GuestImage
from tests.guest.domain import guest_domain_xml
from tests.guest.harness import wait_for_serial
from tests.support.embedded import remove_all_vms, shared_connection
from tests.support.media import guest_iso

pytestmark = pytest.mark.integration

NOT_HERE = "KVM runs guests on this host: the failure these tests need does not happen here"
BROKEN = "offers hardware virtualisation (KVM) but cannot use it"
# hvdesk's own KVM VMs hand the guest the host's CPU (newvm_xml): that is what aborts.
HOST_CPU = (
    "<cpu mode='host-passthrough' check='none' migratable='on'>"
    "<topology sockets='1' dies='1' cores='1' threads='1'/></cpu>\n  <features>"
)


@pytest.fixture
def real_accel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HVDESK_ACCEL", raising=False)


@pytest.fixture
def embedded(aio: Any, embed_root: Path, real_accel: None) -> Iterator[Connection]:
    conn = shared_connection(aio, embed_root)
    yield conn
    remove_all_vms(aio, conn, embed_root)


def kvm_guest_xml(name: str, image: GuestImage, serial: Path, **kwargs: Any) -> str:
    xml = guest_domain_xml(name, image, serial_log=serial, domain_type="kvm", **kwargs)
    return xml.replace("<features>", HOST_CPU, 1)


def define(aio: Any, conn: Connection, xml: str) -> VirtualMachine:
    uuid: str = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in conn.vms)
    return conn.vms[uuid]


def inactive_xml(aio: Any, conn: Connection, uuid: str) -> str:
    flags = libvirt.VIR_DOMAIN_XML_INACTIVE | libvirt.VIR_DOMAIN_XML_SECURE
    xml: str = aio.run(conn.call_domain(uuid, lambda d: d.XMLDesc(flags)))
    return xml


def kvm_failure_of(aio: Any, vm: VirtualMachine) -> KvmUnusableError:
    """Start the KVM VM and return the failure; skip where KVM works."""
    try:
        aio.run(vm.start(), timeout=90)
    except KvmUnusableError as exc:
        return exc
    aio.run(vm.force_off())
    pytest.skip(NOT_HERE)


def test_a_kvm_start_failure_is_told_in_plain_words_and_offers_tcg(
    aio: Any, embedded: Connection, guest_image: GuestImage, tmp_path: Path
) -> None:
    vm = define(aio, embedded, kvm_guest_xml("kvm-only", guest_image, tmp_path / "s.log"))
    error = kvm_failure_of(aio, vm)
    sentence = error.sentence()
    assert sentence.startswith(f"Could not start 'kvm-only': this computer {BROKEN}, often")
    assert "itself a virtual machine" in sentence
    assert "failed to set MSR" in error.detail  # QEMU's own words, as the detail
    assert "kvm_buf_set_msrs" in error.detail
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", error.detail)  # no libvirt timestamps
    assert error.offer == "Start with software emulation (TCG)"
    assert error.vms == ((embedded.uri, vm.uuid),)
    assert vm.state.value == "Powered off"
    assert embedded.uri not in TcgHostStore.default()  # nothing remembered yet


def test_start_with_tcg_switches_only_the_type_and_cpu_boots_and_remembers_the_host(
    aio: Any, embedded: Connection, guest_image: GuestImage, tmp_path: Path
) -> None:
    serial = tmp_path / "s.log"
    xml = kvm_guest_xml("switch me", guest_image, serial, vnc_socket=tmp_path / "v.sock")
    vm = define(aio, embedded, xml)
    kvm_failure_of(aio, vm)
    before = DomainXml(inactive_xml(aio, embedded, vm.uuid)).root

    aio.run(vm.start_with_tcg(), timeout=90)
    assert vm.state.value == "Running" and vm.config.domain_type == "qemu"
    wait_for_serial(serial, READY_MARKER, 90)  # the guest really boots under TCG

    after = DomainXml(inactive_xml(aio, embedded, vm.uuid)).root
    assert (before.get("type"), after.get("type")) == ("kvm", "qemu")
    cpu_before, cpu_after = before.find("cpu"), after.find("cpu")
    assert cpu_before is not None and cpu_after is not None
    assert cpu_after.get("mode") == "maximum"  # TCG's counterpart of the host's CPU
    assert cpu_after.find("topology") is not None  # what the <cpu> held is kept
    for el in (before, after, cpu_before, cpu_after):  # compare everything else
        el.attrib.pop("type" if el.tag == "domain" else "mode", None)
    assert [(e.tag, e.attrib, (e.text or "").strip()) for e in before.iter()] == [
        (e.tag, e.attrib, (e.text or "").strip()) for e in after.iter()
    ]
    assert TcgHostStore.default().load() == [embedded.uri]
    assert accel.tcg_remembered(embedded.uri)


def test_libvirt_takes_the_tcg_definition_without_a_maximum_cpu_too(
    aio: Any, embedded: Connection, guest_image: GuestImage, tmp_path: Path
) -> None:
    """Where libvirt offers no 'maximum' CPU, the host's CPU gives way to the default."""
    xml = accel.tcg_definition(kvm_guest_xml("plain", guest_image, tmp_path / "s"), frozenset())

    def define_and_read(c: Any) -> str:
        dom = c.defineXMLFlags(xml, libvirt.VIR_DOMAIN_DEFINE_VALIDATE)
        try:
            return str(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
        finally:
            dom.undefine()

    kept = DomainXml(aio.run(embedded.call(define_and_read))).root
    cpu = kept.find("cpu")
    assert kept.get("type") == "qemu" and cpu is not None
    assert cpu.get("mode") in (None, "custom") and cpu.find("topology") is not None


def test_a_remembered_host_starts_its_other_kvm_vms_with_tcg_and_makes_new_ones_tcg(
    aio: Any, embedded: Connection, guest_image: GuestImage, tmp_path: Path
) -> None:
    facts = aio.run(probe_host(embedded), timeout=60)
    if facts.domain_type != "kvm":
        pytest.skip("this host offers no KVM, so there is nothing to remember")
    first = define(aio, embedded, kvm_guest_xml("first", guest_image, tmp_path / "1.log"))
    kvm_failure_of(aio, first)
    aio.run(first.start_with_tcg(), timeout=90)
    aio.run(first.force_off())

    serial = tmp_path / "2.log"
    second = define(aio, embedded, kvm_guest_xml("second", guest_image, serial))
    aio.run(second.start(), timeout=90)  # no KVM attempt, no error: switched first
    assert second.config.domain_type == "qemu"
    wait_for_serial(serial, READY_MARKER, 90)
    assert "maximum" in inactive_xml(aio, embedded, second.uuid)
    # New VMs on this host are made for TCG, though the host still offers KVM.
    assert aio.run(probe_host(embedded), timeout=60).domain_type == "qemu"


def test_another_start_failure_of_a_kvm_vm_is_not_taken_for_kvm(
    aio: Any, embedded: Connection, guest_image: GuestImage, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.qcow2"
    xml = kvm_guest_xml("no disk", guest_image, tmp_path / "s.log", disk=missing)
    vm = define(aio, embedded, xml)
    with pytest.raises(HvdeskError) as raised:
        aio.run(vm.start(), timeout=90)
    assert not isinstance(raised.value, KvmUnusableError)
    assert str(missing) in raised.value.sentence()


def test_the_wizard_create_keeps_the_vm_when_only_kvm_fails(
    aio: Any, embedded: Connection, guest_image: GuestImage
) -> None:
    host = aio.run(probe_host(embedded), timeout=60)
    if host.domain_type != "kvm":
        pytest.skip("this host offers no KVM: new VMs are made for TCG")
    spec = NewVmSpec(
        "made on kvm", GENERIC, 256, 1, Firmware.BIOS, NewDisk(1, host.default_disk_dir),
        iso=str(guest_iso(guest_image)), start=True,
    )  # fmt: skip
    try:
        uuid = aio.run(newvm.create_vm(spec, embedded, host=host), timeout=90)
    except KvmUnusableError as exc:
        error = exc
    else:
        aio.run(embedded.vms[uuid].force_off())
        pytest.skip(NOT_HERE)
    assert error.sentence().startswith(
        f"'made on kvm' was created but could not start: this computer {BROKEN}"
    )
    ((uri, uuid),) = error.vms
    assert uri == embedded.uri
    aio.wait_until(lambda: uuid in embedded.vms)  # kept: not rolled back
    assert Path(spec.disk_path()).exists()
    vm = embedded.vms[uuid]
    aio.run(vm.start_with_tcg(), timeout=90)
    assert vm.state.value == "Running" and vm.config.domain_type == "qemu"


def test_start_vm_tells_the_command_line_what_to_do(
    aio: Any, embedded: Connection, guest_image: GuestImage, tmp_path: Path
) -> None:
    vm = define(aio, embedded, kvm_guest_xml("cli vm", guest_image, tmp_path / "s.log"))
    offered: list[KvmUnusableError] = []
    reply = aio.run(start_vm(vm, offered.append), timeout=90)
    if reply.code == 0:
        aio.run(vm.force_off())
        pytest.skip(NOT_HERE)
    assert reply.code == 1
    first, hint = reply.stderr.splitlines()
    assert first.startswith(f"hvdesk: Could not start 'cli vm': this computer {BROKEN}")
    assert "failed to set MSR" in first
    assert hint.startswith('hvdesk: To start it with software emulation, choose "Start with')
    assert "hvdesk --start 'cli vm'" in hint
    assert [e.vms for e in offered] == [((embedded.uri, vm.uuid),)]


# ---- the command line, end to end, on a root of its own ----------------------------------

_DEFINE = """
import sys
from pathlib import Path
from hvdesk.core.embed import prepare_root
from hvdesk.core.events import ensure_event_loop
import libvirt
root, xml = Path(sys.argv[1]), Path(sys.argv[2]).read_text()
prepare_root(root)
ensure_event_loop()
conn = libvirt.open(sys.argv[3])
conn.defineXML(xml)
conn.close()
"""


def test_hvdesk_start_headless_fails_with_a_hint_then_a_remembered_host_starts_it(
    guest_image: GuestImage, tmp_path: Path
) -> None:
    root = Path(tempfile.mkdtemp(prefix="hvd-emb-"))  # short: UNIX socket paths
    try:
        uri = embed_uri(root)
        serial = root / "cli.serial"
        xml_file = tmp_path / "cli.xml"
        xml_file.write_text(kvm_guest_xml("cli", guest_image, serial))
        env = {k: v for k, v in os.environ.items() if k != "HVDESK_ACCEL"}
        env["XDG_CONFIG_HOME"] = str(tmp_path / "cfg")
        subprocess.run(
            [sys.executable, "-c", _DEFINE, str(root), str(xml_file), uri],
            check=True, env=env, timeout=60,
        )  # fmt: skip
        command = [sys.executable, "-m", "hvdesk", "--connect", uri, "--start", "cli", "--headless"]
        first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        if first.returncode == 0:
            pytest.skip(NOT_HERE)
        assert first.returncode == 1, first.stderr
        assert f"hvdesk: Could not start 'cli': this computer {BROKEN}" in first.stderr
        assert "Start with software emulation (TCG)" in first.stderr

        # The user chose TCG for this host once (in the window): the command line follows.
        store = tmp_path / "cfg" / "hvdesk" / "tcg-hosts.json"
        store.parent.mkdir(parents=True, exist_ok=True)
        store.write_text(json.dumps({"kvm_unusable": [uri]}))
        second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        assert second.returncode == 0, second.stderr
        assert "Started 'cli'" in second.stderr
        wait_for_serial(serial, READY_MARKER, 90)
    finally:
        kill_guests(root)
        shutil.rmtree(root, ignore_errors=True)
