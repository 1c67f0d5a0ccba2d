"""The hints HvdeskError adds to libvirt's own words, on errors libvirt really raises."""

from __future__ import annotations

import libvirt
import pytest

from hvdesk.core.errors import from_libvirt


def test_a_remote_address_without_ssh_gets_the_tls_hint_not_a_vm_file_hint() -> None:
    with pytest.raises(libvirt.libvirtError) as raised:
        libvirt.open("qemu://127.0.0.1/system")  # TLS: reads the CA certificate first
    sentence = from_libvirt("Could not connect to QEMU on 127.0.0.1", raised.value).sentence()
    assert "CA certificate" in sentence  # libvirt's words are kept
    assert "qemu+ssh://" in sentence
    assert "this VM" not in sentence
