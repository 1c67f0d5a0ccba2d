"""Libvirt domain XML for the tiny test guest (direct kernel boot)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from tests.guest.build import GuestImage

# What the guest does after printing its ready marker (hvdesk.mode= on the cmdline):
# normal/echo idle; busy spins one CPU; urandom floods fb0 with noise (VNC load);
# reboot reboots at once (so: a reboot loop); keydraw idles and fills framebuffer rows
# 256-511 white/black in turn on every key. Keys are echoed to ttyS0 in every mode.
MODES = ("normal", "echo", "busy", "urandom", "reboot", "keydraw")

# vga=0x318: a 1024x768 vesafb /dev/fb0. loglevel=1 and console=ttyS0 only: kernel
# messages never reach the framebuffer and the serial log stays short. No cursor blink.
KERNEL_ARGS = "console=ttyS0 vga=0x318 loglevel=1 vt.global_cursor_default=0 consoleblank=0"


def guest_cmdline(mode: str = "normal") -> str:
    if mode not in MODES:
        raise ValueError(f"unknown guest mode {mode!r} (one of {', '.join(MODES)})")
    return f"{KERNEL_ARGS} hvdesk.mode={mode}"


def guest_domain_xml(
    name: str,
    image: GuestImage,
    *,
    serial_log: Path,
    vnc_socket: Path | None = None,
    mode: str = "normal",
    memory_mib: int = 128,
    domain_type: str | None = None,
    disk: Path | None = None,
    balloon_period: int | None = None,
) -> str:
    """The domain XML; `domain_type` defaults to 'qemu' (TCG: KVM guests hang on the
    CI/dev VMs), pass 'kvm' where it works. `balloon_period` (seconds) gives the guest
    a virtio balloon with a statistics period, as hvdesk's own new VMs have."""
    q = quoteattr
    devices = [
        # A file serial port: tests read what the guest prints. The <console> is the
        # same port (libvirt pairs them).
        f"<serial type='file'><source path={q(str(serial_log))}/><target port='0'/></serial>",
        f"<console type='file'><source path={q(str(serial_log))}/>"
        "<target type='serial' port='0'/></console>",
        "<input type='tablet' bus='usb'/>",
        "<input type='keyboard' bus='ps2'/>",
        # Explicit, so a screenshot works even without <graphics>.
        "<video><model type='vga' vram='16384' heads='1' primary='yes'/></video>",
        "<memballoon model='none'/>"
        if balloon_period is None
        else f"<memballoon model='virtio'><stats period='{int(balloon_period)}'/></memballoon>",
    ]
    if vnc_socket is not None:
        devices.append(f"<graphics type='vnc' socket={q(str(vnc_socket))}/>")
    if disk is not None:
        devices.append(
            "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
            f"<source file={q(str(disk))}/><target dev='vda' bus='virtio'/></disk>"
        )
    body = "\n    ".join(devices)
    return f"""<domain type={q(domain_type or "qemu")}>
  <name>{escape(name)}</name>
  <memory unit='MiB'>{int(memory_mib)}</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{escape(str(image.kernel))}</kernel>
    <initrd>{escape(str(image.initrd))}</initrd>
    <cmdline>{escape(guest_cmdline(mode))}</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <!-- QEMU runs as the user owning the cached kernel: no chown, and no
       remember-owner xattrs on files that concurrent test sessions share. -->
  <seclabel type='none' model='dac'/>
  <devices>
    {body}
  </devices>
</domain>
"""
