"""Reaching a VM's display: a connected socket to its VNC server.

Local connections ask libvirt for a ready socket (`openGraphicsFD`): no port, no
password, nothing another user could reach. Where libvirt cannot do that (remote
hosts, drivers without it) hvdesk connects to the address in the domain's live XML:

* local drivers without openGraphicsFD (the test driver): that address directly;
* qemu+ssh hosts: the address is on the far host, so through an SSH tunnel to it
  (hvdesk.core.ssh_tunnel), which needs nothing but sshd there;
* other remote transports (qemu+tls, qemu+tcp): the URI's host name with the XML's
  port, only when the display does not listen on that host's loopback.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import libvirt

from hvdesk.core import libvirt_uri
from hvdesk.core.errors import HvdeskError, from_libvirt
from hvdesk.core.ssh_tunnel import Target, is_ssh_uri, open_ssh_tunnel
from hvdesk.core.uris import is_local
from hvdesk.core.vm import VirtualMachine
from hvdesk.core.worker import DaemonExecutor
from hvdesk.i18n import fill, translate

CONNECT_TIMEOUT = 10.0
# Opening a remote display (ssh) can take seconds: daemon threads, not the libvirt worker.
_REMOTE = DaemonExecutor("console-remote", workers=2)


@dataclass
class ConsoleEndpoint:
    sock: socket.socket  # connected, non-blocking, owned by the caller
    password: str | None  # the VNC password from the XML, when one is needed
    local: bool  # on this machine: raw pixels are cheapest; compress otherwise


def _graphics(xml: str) -> ET.Element | None:
    root = ET.fromstring(xml)
    return root.find("devices/graphics[@type='vnc']")


def _socket_path(graphics: ET.Element) -> str | None:
    listen = graphics.find("listen")
    return graphics.get("socket") or (listen.get("socket") if listen is not None else None)


def _listen_address(graphics: ET.Element) -> str | None:
    listen = graphics.find("listen")
    return graphics.get("listen") or (listen.get("address") if listen is not None else None)


def _port(graphics: ET.Element) -> int:
    try:
        port = int(graphics.get("port", "-1"))
    except ValueError:
        port = -1
    if port <= 0:
        raise HvdeskError(
            translate("ConsoleSession", "The VM's display has no port yet"),
            hint=translate("Hints", "Start the VM first"),
        )
    return port


def _is_loopback(address: str) -> bool:
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _display_target(graphics: ET.Element) -> Target:
    """Where the display listens, as seen from the host it runs on."""
    path = _socket_path(graphics)
    if path:
        return path
    port = _port(graphics)
    address = _listen_address(graphics)
    host = address if address and address not in ("0.0.0.0", "::") else "127.0.0.1"
    return host, port


def _connect_by_address(graphics: ET.Element) -> socket.socket:
    """The display of a VM on this machine, at the address in its XML."""
    target = _display_target(graphics)
    if isinstance(target, str):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(CONNECT_TIMEOUT)
        try:
            sock.connect(target)
        except OSError:
            sock.close()
            raise
        return sock
    return socket.create_connection(target, timeout=CONNECT_TIMEOUT)


def _connect_remote(uri: str, graphics: ET.Element) -> socket.socket:
    """The display of a VM on another host: through SSH, or directly where it listens
    on an address other hosts can reach. Blocks: runs on a worker thread."""
    if is_ssh_uri(uri):
        return open_ssh_tunnel(uri, _display_target(graphics))
    host = libvirt_uri.parse(uri).host
    if not host:
        raise HvdeskError(
            fill(translate("ConsoleSession", "'%1' names no host"), uri),
            hint=translate("Hints", "Check the connection address"),
        )
    path = _socket_path(graphics)
    if path:
        raise HvdeskError(
            fill(translate("ConsoleSession", "The display listens on a UNIX socket on %1"), host),
            fill(translate("ConsoleSession", "%1 is a file on that machine"), path),
            translate("ConsoleSession", "Only an SSH connection (qemu+ssh://) can reach it"),
        )
    port = _port(graphics)
    address = _listen_address(graphics) or "127.0.0.1"  # QEMU's default
    if _is_loopback(address):
        raise HvdeskError(
            fill(
                translate(
                    "ConsoleSession", "The display listens on the loopback address of %1 (%2)"
                ),
                host,
                address,
            ),
            translate("ConsoleSession", "Only programs on that machine can reach it"),
            translate("ConsoleSession", "Only an SSH connection (qemu+ssh://) can reach it"),
        )
    return socket.create_connection((host, port), timeout=CONNECT_TIMEOUT)


async def open_console(vm: VirtualMachine) -> ConsoleEndpoint:
    """A connected socket to the VM's VNC server, or an HvdeskError saying why not."""
    uri = vm.connection.uri
    local = is_local(uri)

    def connect(dom: libvirt.virDomain) -> tuple[socket.socket | None, ET.Element]:
        graphics = _graphics(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE))
        if graphics is None:
            raise HvdeskError(
                fill(translate("ConsoleSession", "'%1' has no VNC display"), vm.name),
                hint=translate("Hints", "Add one in its settings"),
            )
        if local:
            with contextlib.suppress(libvirt.libvirtError):
                fd = dom.openGraphicsFD(0, libvirt.VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH)
                graphics.attrib.pop("passwd", None)  # SKIPAUTH: no password asked
                return socket.socket(fileno=fd), graphics
            return _connect_by_address(graphics), graphics
        return None, graphics

    try:
        sock, graphics = await vm.connection.call_domain(vm.uuid, connect)
        password = graphics.get("passwd")
        if sock is None:
            # ssh may take seconds: not on the libvirt worker, which others wait for.
            sock = await asyncio.wrap_future(_REMOTE.submit(_connect_remote, uri, graphics))
    except Exception as exc:
        raise from_libvirt(
            fill(translate("ConsoleSession", "Could not reach the display of '%1'"), vm.name), exc
        ) from exc
    sock.setblocking(False)
    return ConsoleEndpoint(sock, password, local)
