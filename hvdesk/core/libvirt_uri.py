"""A libvirt connection URI read the way libvirt reads it (virURIParse), so hvdesk
prepares, names and tunnels to exactly what libvirt will open.

libvirt parses with libxml2, which percent-decodes the user name, the host and the path
once, then splits the raw query itself (virURIParseParams): on `&`, or on `;` when no
`&` follows; each name and value decoded once, `+` kept as `+` (not a space, as in HTML
forms); a "name" alone has the value "", an "=value" without a name is dropped.
Python's parse_qs differs on each of these points, and unquoting its output again
decodes twice (a root `a%2541b` became `aAb` instead of libvirt's `a%41b`).

No imports from hvdesk: embed, uris and ssh_tunnel all read URIs through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


def _decode(text: str) -> str:
    """%XX decoded once, as xmlURIUnescapeString does; bytes that are not UTF-8 survive
    as surrogates (os.fsencode gives them back), and a C string ends at a NUL."""
    return unquote(text, errors="surrogateescape").split("\0", 1)[0]


def _split_query(query: str) -> tuple[tuple[str, str], ...]:
    params = []
    rest = query
    while rest:
        end = rest.find("&")
        if end < 0:
            end = rest.find(";")
        if end < 0:
            end = len(rest)
        section, rest = rest[:end], rest[end + 1 :]
        name, eq, value = section.partition("=")
        if section and not (eq and not name):  # "" and "=value" are skipped
            params.append((_decode(name), _decode(value)))
    return tuple(params)


@dataclass(frozen=True)
class LibvirtUri:
    scheme: str
    user: str | None  # all of the user info, decoded ("first.last%40corp" -> "first.last@corp")
    host: str | None  # decoded, without IPv6 brackets
    port: int | None
    path: str  # decoded
    params: tuple[tuple[str, str], ...]  # the query's (name, value) pairs, in order

    @property
    def transport(self) -> str:
        """ "ssh" of qemu+ssh, "" of qemu."""
        return self.scheme.partition("+")[2]

    def first(self, name: str) -> str | None:
        """The first value of a parameter, its name matched exactly (the embedded
        driver's `root`)."""
        return next((value for key, value in self.params if key == name), None)

    def last(self, name: str) -> str | None:
        """The last value of a parameter, its name in any case (the remote driver's
        `keyfile`, `no_verify`, `socket`, … : a later one overrides an earlier one)."""
        found = [value for key, value in self.params if key.lower() == name.lower()]
        return found[-1] if found else None


def parse(uri: str) -> LibvirtUri:
    """Raises ValueError where urlsplit does (a bad port, a bad IPv6 address)."""
    parts = urlsplit(uri)
    userinfo, at, _ = parts.netloc.rpartition("@")
    host = parts.hostname
    return LibvirtUri(
        scheme=parts.scheme,
        user=_decode(userinfo) if at and userinfo else None,
        host=_decode(host) if host else None,
        port=parts.port,
        path=_decode(parts.path),
        params=_split_query(parts.query),
    )
