"""Failures told as sentences: what failed, libvirt's own words, what to do."""

from __future__ import annotations

import re

import libvirt

from hvdesk.core import libvirt_uri
from hvdesk.i18n import fill, translate


class HvdeskError(Exception):
    """A failure a person can read: `what` failed, `detail` is the cause, `hint` the remedy."""

    def __init__(self, what: str, detail: str = "", hint: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.detail = detail
        self.hint = hint

    def sentence(self) -> str:
        parts = [self.what.rstrip(".") + "."]
        if self.detail:
            detail = self.detail.rstrip(".")
            parts.append(detail[:1].upper() + detail[1:] + ".")
        if self.hint:
            parts.append(self.hint.rstrip(".") + ".")
        return " ".join(parts)

    def __str__(self) -> str:
        return self.sentence()


def _hint_for(exc: libvirt.libvirtError) -> str:
    code = exc.get_error_code()
    message = (exc.get_error_message() or "").lower()
    if "failed to acquire pid file" in message:
        return translate(
            "Errors",
            "Another program (probably another hvdesk) uses this built-in connection; close it",
        )
    if "already open with path" in message:
        return translate(
            "Errors", "One hvdesk process can use one built-in connection folder; restart to switch"
        )
    if "cannot read ca certificate" in message:
        # A remote URI without +ssh or +unix means libvirt's TLS transport.
        return translate(
            "Errors",
            "This address asks for a TLS connection, which needs libvirt's certificates; "
            "for a host over SSH write qemu+ssh://user@host/system",
        )
    if "no such file" in message or "cannot access storage file" in message:
        return translate(
            "Errors", "A file this VM needs is missing; check the paths of its disks and media"
        )
    if "permission denied" in message:
        return translate(
            "Errors", "Check that the file is readable and writable by the user running QEMU"
        )
    if "connection refused" in message or "failed to connect socket" in message:
        return translate(
            "Errors", "Check that the libvirt daemon is running there and accepts connections"
        )
    if code in (libvirt.VIR_ERR_AUTH_FAILED, libvirt.VIR_ERR_AUTH_CANCELLED):
        return translate(
            "Errors", "Check the user name and that your SSH key or password is accepted"
        )
    if code == libvirt.VIR_ERR_NO_DOMAIN:
        return translate(
            "Errors", "It may have been deleted by another program; the list has been refreshed"
        )
    if code == libvirt.VIR_ERR_OPERATION_INVALID:
        return translate(
            "Errors", "The VM is not in a state that allows this; wait for its state to settle"
        )
    if code in (libvirt.VIR_ERR_NO_CONNECT, libvirt.VIR_ERR_INVALID_CONN):
        return translate("Errors", "Check the connection address")
    if code == libvirt.VIR_ERR_NO_SUPPORT:
        return translate("Errors", "This connection's driver does not offer it")
    return ""


def refused_flags(exc: libvirt.libvirtError) -> bool:
    """libvirt's ways of saying "this driver does not take that flag or call": the
    caller falls back to the plain call."""
    return exc.get_error_code() in (
        libvirt.VIR_ERR_NO_SUPPORT,
        libvirt.VIR_ERR_INVALID_ARG,
        libvirt.VIR_ERR_ARGUMENT_UNSUPPORTED,
    )


def from_libvirt(what: str, exc: BaseException) -> HvdeskError:
    """Wrap any failure of a libvirt call into an HvdeskError with a hint."""
    if isinstance(exc, HvdeskError):
        return exc
    if isinstance(exc, libvirt.libvirtError):
        detail = exc.get_error_message() or str(exc)
        return HvdeskError(what, detail, _hint_for(exc))
    if isinstance(exc, OSError):
        return HvdeskError(what, exc.strerror or str(exc))
    return HvdeskError(what, f"{type(exc).__name__}: {exc}")


# ---- KVM that cannot run a guest ----------------------------------------------------------

# What libvirt and QEMU say when a guest of type 'kvm' cannot use KVM (lower case), and
# whether KVM is there but fails ("broken": measured on hosts that are VMs themselves,
# "failed to set MSR 0x10a … kvm_buf_set_msrs: Assertion … failed") or cannot be reached
# at all ("unavailable": no /dev/kvm, or QEMU may not open it). Each names KVM, so a
# disk's "Permission denied" is never taken for one of these.
_BROKEN, _UNAVAILABLE = "broken", "unavailable"
_KVM_FAILURES = (
    ("failed to set msr", _BROKEN),
    ("kvm_buf_set_msrs", _BROKEN),
    ("kvm_put_msrs", _BROKEN),
    ("could not access kvm kernel module", _UNAVAILABLE),
    ("failed to initialize kvm", _UNAVAILABLE),
    ("domain requires kvm, but it is not available", _UNAVAILABLE),
    ("does not support virt type 'kvm'", _UNAVAILABLE),
    ("/dev/kvm", _UNAVAILABLE),
)
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\s*")


class KvmUnusableError(HvdeskError):
    """A start failed because KVM cannot run guests on that host. The VMs in `vms`
    ((connection URI, UUID) each) can start with software emulation instead: `offer`
    names that action (hvdesk.core.vm.VirtualMachine.start_with_tcg does it).
    `reason` is the plain-words cause, for a sentence that names several VMs."""

    def __init__(
        self, what: str, detail: str, hint: str, reason: str, vms: tuple[tuple[str, str], ...]
    ) -> None:
        super().__init__(what, detail, hint)
        self.reason = reason
        self.vms = vms

    @property
    def offer(self) -> str:
        return translate("Errors", "Start with software emulation (TCG)")


def _kvm_failure_kind(message: str) -> str | None:
    lowered = message.lower()
    return next((kind for text, kind in _KVM_FAILURES if text in lowered), None)


def _kvm_reason(kind: str, uri: str) -> str:
    host = libvirt_uri.parse(uri).host  # none: this machine's own hypervisor
    if kind == _BROKEN:
        if not host:
            return translate(
                "Errors",
                "this computer offers hardware virtualisation (KVM) but cannot use it, "
                "often because it is itself a virtual machine",
            )
        return fill(
            translate(
                "Errors",
                "the host %1 offers hardware virtualisation (KVM) but cannot use it, "
                "often because it is itself a virtual machine",
            ),
            host,
        )
    if not host:
        return translate("Errors", "QEMU cannot use hardware virtualisation (KVM) on this computer")
    return fill(
        translate("Errors", "QEMU cannot use hardware virtualisation (KVM) on the host %1"), host
    )


def kvm_unusable_hint() -> str:
    return translate("Errors", "Software emulation (TCG) runs a VM without KVM, only slower")


def kvm_start_error(what: str, exc: BaseException, uri: str, uuid: str) -> KvmUnusableError | None:
    """The start of the KVM guest `uuid` on `uri` failed with `exc`: a KvmUnusableError
    when libvirt's or QEMU's words say that KVM cannot be used there, else None.
    `what` is the translated failure ("Could not start 'web'"); QEMU's words (without
    their timestamps) become the detail."""
    if isinstance(exc, libvirt.libvirtError):
        message = exc.get_error_message() or str(exc)
    elif isinstance(exc, HvdeskError):
        message = exc.detail
    else:
        return None
    kind = _kvm_failure_kind(message)
    if kind is None:
        return None
    reason = _kvm_reason(kind, uri)
    lines = (line.strip() for line in _TIMESTAMP.sub("", message).splitlines())
    words = "; ".join(line for line in lines if line)
    return KvmUnusableError(
        f"{what.rstrip('.')}: {reason}", words, kvm_unusable_hint(), reason, ((uri, uuid),)
    )
