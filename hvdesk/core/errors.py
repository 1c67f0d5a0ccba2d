"""Failures told as sentences: what failed, libvirt's own words, what to do."""

from __future__ import annotations

import libvirt

from hvdesk.i18n import translate


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
