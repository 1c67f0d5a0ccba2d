"""The RFB client's errors. Every message is a sentence a user can read."""

from __future__ import annotations


class RfbError(Exception):
    """The connection could not be set up or could not go on; str() is a sentence."""


class AuthenticationError(RfbError):
    """The server wants a password that was not given, or refused the one that was."""


class ProtocolError(RfbError):
    """The server sent something malformed, oversized or unasked for.

    Raised inside the protocol only: it closes that one connection, and the
    listener hears the sentence through `closed()`.
    """
