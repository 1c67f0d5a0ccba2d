"""Reaching a VM's display: a connected socket to its VNC server.

Local connections ask libvirt for a ready socket (`openGraphicsFD`): no port, no
password, nothing another user could reach. Where libvirt cannot do that (remote
hosts, drivers without it) hvdesk connects to the address in the domain's live XML.
"""

from __future__ import annotations

import contextlib
import socket
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import libvirt

from hvdesk.core.errors import HvdeskError, from_libvirt
from hvdesk.core.uris import is_local
from hvdesk.core.vm import VirtualMachine

CONNECT_TIMEOUT = 10.0


@dataclass
class ConsoleEndpoint:
    sock: socket.socket  # connected, non-blocking, owned by the caller
    password: str | None  # the VNC password from the XML, when one is needed
    local: bool  # on this machine: raw pixels are cheapest; compress otherwise


def _graphics(xml: str) -> ET.Element | None:
    root = ET.fromstring(xml)
    return root.find("devices/graphics[@type='vnc']")


def _connect_by_address(graphics: ET.Element) -> tuple[socket.socket, str | None]:
    password = graphics.get("passwd")
    listen = graphics.find("listen")
    path = graphics.get("socket") or (listen.get("socket") if listen is not None else None)
    if path:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(CONNECT_TIMEOUT)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            raise
        return sock, password
    port = int(graphics.get("port", "-1"))
    if port <= 0:
        raise HvdeskError("The VM's display has no port yet", hint="Start the VM first")
    address = graphics.get("listen") or (listen.get("address") if listen is not None else None)
    host = address if address and address not in ("0.0.0.0", "::") else "127.0.0.1"
    return socket.create_connection((host, port), timeout=CONNECT_TIMEOUT), password


async def open_console(vm: VirtualMachine) -> ConsoleEndpoint:
    """A connected socket to the VM's VNC server, or an HvdeskError saying why not."""
    local = is_local(vm.connection.uri)

    def connect(dom: libvirt.virDomain) -> tuple[socket.socket, str | None]:
        graphics = _graphics(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE))
        if graphics is None:
            raise HvdeskError(f"'{vm.name}' has no VNC display", hint="Add one in its settings")
        if local:
            with contextlib.suppress(libvirt.libvirtError):
                fd = dom.openGraphicsFD(0, libvirt.VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH)
                return socket.socket(fileno=fd), None
        return _connect_by_address(graphics)

    try:
        sock, password = await vm.connection.call_domain(vm.uuid, connect)
    except Exception as exc:
        raise from_libvirt(f"Could not reach the display of '{vm.name}'", exc) from exc
    sock.setblocking(False)
    return ConsoleEndpoint(sock, password, local)
