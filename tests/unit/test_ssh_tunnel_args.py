"""ssh_tunnel without a server: the ssh command lines a URI makes, the sentences ssh's
stderr becomes, and open_console's choice of path for remote transports."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from hvdesk.core.console import _connect_remote, _display_target
from hvdesk.core.errors import HvdeskError
from hvdesk.core.ssh_tunnel import (
    SshDestination,
    base_args,
    destination_from_uri,
    is_ssh_uri,
    ssh_failure,
    stdio_args,
    streamlocal_args,
)


def option_values(args: list[str]) -> list[str]:
    return [args[i + 1] for i, a in enumerate(args) if a == "-o"]


def flag_value(args: list[str], flag: str) -> str | None:
    return args[args.index(flag) + 1] if flag in args else None


# -- URIs ---------------------------------------------------------------------------------


def test_is_ssh_uri() -> None:
    assert is_ssh_uri("qemu+ssh://alice@host/system")
    assert is_ssh_uri("qemu+libssh2://host/system")
    assert not is_ssh_uri("qemu+ssh:///system")  # no host
    assert not is_ssh_uri("qemu+tls://host/system")
    assert not is_ssh_uri("qemu:///system")


def test_destination_from_uri_user_port_keyfile_no_verify() -> None:
    dest = destination_from_uri(
        "qemu+ssh://alice@server.example:2222/system?keyfile=/home/a/.ssh/id_vm&no_verify=1"
    )
    assert dest == SshDestination(
        "server.example", "alice", 2222, "/home/a/.ssh/id_vm", no_verify=True
    )
    assert dest.label == "alice@server.example:2222"


def test_destination_defaults_and_no_verify_zero() -> None:
    dest = destination_from_uri("qemu+ssh://server.example/system?no_verify=0")
    assert dest == SshDestination("server.example")
    assert destination_from_uri("qemu+ssh://[2001:db8::1]/system").host == "2001:db8::1"


def test_destination_keyfile_percent_encoded_and_known_hosts() -> None:
    dest = destination_from_uri("qemu+ssh://h/system?keyfile=/keys/my%20key&known_hosts=/tmp/kh")
    assert dest.keyfile == "/keys/my key"
    assert dest.known_hosts == "/tmp/kh"


def test_destination_without_host_is_a_sentence() -> None:
    with pytest.raises(HvdeskError, match="names no host"):
        destination_from_uri("qemu+ssh:///system")


# -- command lines ------------------------------------------------------------------------


def test_base_args_are_batch_mode_and_own_connection() -> None:
    args = base_args(SshDestination("h"), connect_timeout=7)
    assert args[0] == "ssh"
    opts = option_values(args)
    for expected in (
        "BatchMode=yes",
        "ConnectTimeout=7",
        "ExitOnForwardFailure=yes",
        "ControlPath=none",
    ):
        assert expected in opts
    assert "-a" in args and "-x" in args and "-T" in args
    assert "-l" not in args and "-p" not in args and "-i" not in args
    assert "StrictHostKeyChecking=no" not in opts


def test_stdio_args_with_user_port_keyfile_no_verify() -> None:
    dest = destination_from_uri(
        "qemu+ssh://alice@server.example:2222/system?keyfile=/k/id&no_verify=1"
    )
    args = stdio_args(dest, ("127.0.0.1", 5901), options=["UserKnownHostsFile=/tmp/kh"])
    assert flag_value(args, "-l") == "alice"
    assert flag_value(args, "-p") == "2222"
    assert flag_value(args, "-i") == "/k/id"
    opts = option_values(args)
    assert "StrictHostKeyChecking=no" in opts
    assert "UserKnownHostsFile=/tmp/kh" in opts
    assert args[-4:] == ["-W", "127.0.0.1:5901", "--", "server.example"]


def test_stdio_args_bracket_ipv6_targets() -> None:
    args = stdio_args(SshDestination("h"), ("::1", 5900))
    assert flag_value(args, "-W") == "[::1]:5900"


def test_streamlocal_args() -> None:
    dest = SshDestination("h", user="bob", port=22)
    args = streamlocal_args(dest, "/tmp/d/display", "/var/lib/libvirt/qemu/vnc.sock")
    assert "-N" in args and "-W" not in args
    assert flag_value(args, "-L") == "/tmp/d/display:/var/lib/libvirt/qemu/vnc.sock"
    assert "StreamLocalBindMask=0177" in option_values(args)
    assert args[-2:] == ["--", "h"]


def test_a_host_like_an_option_stays_a_host() -> None:
    args = stdio_args(SshDestination("-oProxyCommand=evil"), ("127.0.0.1", 5900))
    assert args[-2:] == ["--", "-oProxyCommand=evil"]


# -- sentences ----------------------------------------------------------------------------

DEST = SshDestination("server.example", "alice")


@pytest.mark.parametrize(
    ("stderr", "target", "words"),
    [
        ("alice@server.example: Permission denied (publickey).\n", ("127.0.0.1", 5900),
         ["refused the SSH login", "permission", "Permission denied (publickey)", "keyfile"]),
        ("Host key verification failed.\n", ("127.0.0.1", 5900), ["host key", "no_verify"]),
        ("ssh: connect to host server.example port 22: Connection refused\n",
         ("127.0.0.1", 5900), ["SSH server", "Connection refused", "sshd"]),
        ("channel 0: open failed: connect failed: Connection refused\nstdio forwarding failed\n",
         ("127.0.0.1", 5900), ["127.0.0.1:5900", "VM is running"]),
        ("channel 3: open failed: connect failed: open failed\n", "/run/vnc.sock",
         ["/run/vnc.sock", "No such file"]),
        ("channel 0: open failed: administratively prohibited: open failed\n", "/s",
         ["does not allow forwarding", "AllowStreamLocalForwarding"]),
        ("ssh: Could not resolve hostname server.example: Name or service not known\n",
         ("127.0.0.1", 5900), ["Could not find the host"]),
        ("", ("127.0.0.1", 5900), ["ended without saying why"]),
    ],
)  # fmt: skip
def test_ssh_failure_sentences(
    stderr: str, target: str | tuple[str, int], words: list[str]
) -> None:
    sentence = ssh_failure(DEST, target, stderr).sentence()
    for word in words:
        assert word.lower() in sentence.lower(), sentence


def test_ssh_failure_ignores_warnings() -> None:
    stderr = (
        "Warning: Permanently added 'x' to the list of known hosts.\n"
        "Permission denied (publickey).\n"
    )
    err = ssh_failure(DEST, ("127.0.0.1", 5900), stderr)
    assert err.detail == "Permission denied (publickey)."


# -- open_console's remote paths ---------------------------------------------------------


def graphics(xml: str) -> ET.Element:
    return ET.fromstring(xml)


def test_display_target() -> None:
    assert _display_target(graphics("<graphics type='vnc' port='5901'/>")) == ("127.0.0.1", 5901)
    assert _display_target(graphics("<graphics type='vnc' port='5901' listen='0.0.0.0'/>")) == (
        "127.0.0.1",
        5901,
    )
    g = graphics(
        "<graphics type='vnc' port='5902'><listen type='address' address='10.0.0.5'/></graphics>"
    )
    assert _display_target(g) == ("10.0.0.5", 5902)
    g = graphics("<graphics type='vnc' socket='/s'><listen type='socket' socket='/s'/></graphics>")
    assert _display_target(g) == "/s"
    with pytest.raises(HvdeskError, match="no port yet"):
        _display_target(graphics("<graphics type='vnc' port='-1' autoport='yes'/>"))


@pytest.mark.parametrize(
    "listen", ["", " listen='127.0.0.1'", " listen='::1'", " listen='localhost'"]
)
def test_tls_host_with_loopback_display_is_a_sentence(listen: str) -> None:
    g = graphics(f"<graphics type='vnc' port='5900'{listen}/>")
    with pytest.raises(HvdeskError) as info:
        _connect_remote("qemu+tls://far.example/system", g)
    sentence = info.value.sentence()
    assert "loopback address of far.example" in sentence and "SSH" in sentence


def test_tcp_host_with_socket_display_is_a_sentence() -> None:
    g = graphics("<graphics type='vnc' socket='/run/vnc.sock'/>")
    with pytest.raises(HvdeskError, match=r"UNIX socket on far\.example"):
        _connect_remote("qemu+tcp://far.example/system", g)


def test_tls_host_with_open_display_connects_to_the_uri_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, int]] = []

    def fake_connect(address: tuple[str, int], timeout: float) -> str:
        calls.append(address)
        return "socket"

    monkeypatch.setattr("hvdesk.core.console.socket.create_connection", fake_connect)
    g = graphics("<graphics type='vnc' port='5903' listen='0.0.0.0'/>")
    assert _connect_remote("qemu+tls://far.example/system", g) == "socket"  # type: ignore[comparison-overlap]
    assert calls == [("far.example", 5903)]


def test_ssh_uri_goes_through_the_tunnel(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(
        "hvdesk.core.console.open_ssh_tunnel", lambda uri, target: calls.append((uri, target))
    )
    g = graphics("<graphics type='vnc' port='5904' listen='127.0.0.1'/>")
    _connect_remote("qemu+ssh://a@far.example/system", g)
    assert calls == [("qemu+ssh://a@far.example/system", ("127.0.0.1", 5904))]
