"""Groups in hvdesk's metadata (other tools' metadata kept) and renaming, on the test driver."""

from __future__ import annotations

from typing import Any

import libvirt
import pytest

from hvdesk.core import groups
from hvdesk.core.connection import Connection
from hvdesk.core.errors import HvdeskError
from hvdesk.core.rename import rename_problem, rename_vm
from tests.support.core import vm_named

FOREIGN_NS = "http://example.org/xmlns/other-tool/1"


def inactive_xml(aio: Any, conn: Connection, uuid: str) -> str:
    flags = libvirt.VIR_DOMAIN_XML_INACTIVE
    return str(aio.run(conn.call_domain(uuid, lambda d: d.XMLDesc(flags))))


def test_group_round_trip_keeps_foreign_metadata(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "db")  # off

    def add_foreign(dom: Any) -> None:
        dom.setMetadata(
            libvirt.VIR_DOMAIN_METADATA_ELEMENT, "<tool><keep>1</keep></tool>", "ot", FOREIGN_NS,
            libvirt.VIR_DOMAIN_AFFECT_CONFIG,
        )  # fmt: skip

    aio.run(host.call_domain(vm.uuid, add_foreign))
    before = inactive_xml(aio, host, vm.uuid)
    aio.run(groups.set_group(vm, "Databases & <stores>"))
    assert vm_named(host, "db").config.group == "Databases & <stores>"
    with_group = inactive_xml(aio, host, vm.uuid)
    assert groups.NAMESPACE in with_group, with_group
    assert "<ot:keep>1</ot:keep>" in with_group
    aio.run(groups.set_group(vm, "Other"))
    assert vm_named(host, "db").config.group == "Other"
    aio.run(groups.set_group(vm, ""))  # no group: our element goes, nothing else
    assert vm_named(host, "db").config.group == ""
    assert inactive_xml(aio, host, vm.uuid) == before


def test_a_running_vm_shows_its_new_group_at_once(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "web")
    assert vm.state.is_active
    aio.run(groups.set_group(vm, "Web"))
    assert vm.config.group == "Web"
    assert "Web" in inactive_xml(aio, host, vm.uuid)  # and it stays after a restart
    assert groups.known_groups(host.vms.values()) == ["Web"]


def test_unknown_children_of_our_element_survive() -> None:
    element = groups._element_with_group("<vm><tag>x</tag><group>Old</group></vm>", "New")
    assert element is not None
    assert [(c.tag, c.text) for c in element] == [("group", "New"), ("tag", "x")]
    assert groups._element_with_group("<vm><group>Old</group></vm>", "") is None
    assert "line breaks" in groups.group_problem("a\nb")
    assert groups.group_problem("Web servers") == ""


def test_rename_rules(aio: Any, host: Connection) -> None:
    running = vm_named(host, "web")
    assert "Shut 'web' down first" in rename_problem(running, "web2")
    off = vm_named(host, "db")
    assert "already has a virtual machine named 'web'" in rename_problem(off, "web")
    assert "'/'" in rename_problem(off, "a/b")
    assert "different" in rename_problem(off, "db")
    assert rename_problem(off, "database") == ""
    saved = vm_named(host, "saved")
    assert "saved state" in rename_problem(saved, "saved2")


def test_rename_on_the_test_driver(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "db")
    uuid = vm.uuid
    aio.run(rename_vm(vm, "database"))
    aio.wait_until(lambda: host.vms[uuid].name == "database")
    names: list[str] = aio.run(host.call(lambda c: [d.name() for d in c.listAllDomains(0)]))
    assert "database" in names and "db" not in names
    with pytest.raises(HvdeskError, match="Shut 'web' down first"):
        aio.run(rename_vm(vm_named(host, "web"), "web2"))


def test_a_batch_failure_sentence_keeps_percent_signs_of_a_group_name() -> None:
    """The counts and the group go into the sentence in one pass: a group called
    "%1 lab" is not rewritten by the count that follows."""
    from hvdesk.ui.batch import batch_error

    class Named:
        def __init__(self, name: str) -> None:
            self.name = name

    failures = [(Named("a"), RuntimeError("no")), (Named("b"), RuntimeError("nope"))]
    error = batch_error(
        "Could not move %1 of %2 VMs to the group '%3'",
        failures,  # type: ignore[arg-type]
        3,
        "%1 lab",
    )
    assert error.what == "Could not move 2 of 3 VMs to the group '%1 lab'"
    assert error.detail == "'a': RuntimeError: no; 'b': RuntimeError: nope"
