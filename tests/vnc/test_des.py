"""DES from FIPS 46 and VNC Authentication's use of it, against known answers."""

from __future__ import annotations

import pytest

from hvdesk.vnc.des import encrypt_block, vnc_auth_response, vnc_key

# (key, plaintext, ciphertext): the classic worked example, NBS validation entries
# (variable plaintext, variable key, S-box tests), and a key with parity bits off.
VECTORS = [
    ("133457799BBCDFF1", "0123456789ABCDEF", "85E813540F0AB405"),
    ("0101010101010101", "8000000000000000", "95F8A5E5DD31D900"),
    ("0101010101010101", "4000000000000000", "DD7F121CA5015619"),
    ("0101010101010101", "0000000000000001", "166B40B44ABA4BD6"),
    ("8001010101010101", "0000000000000000", "95A8D72813DAA94D"),
    ("7CA110454A1A6E57", "01A1D6D039776742", "690F5B0D9A26939B"),
    ("0131D9619DC1376E", "5CD54CA83DEF57DA", "7A389D10354BD271"),
    ("0E329232EA6D0D73", "8787878787878787", "0000000000000000"),
    ("0000000000000000", "0000000000000000", "8CA64DE9C1B123A7"),
    ("FFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFF", "7359B2163E4EDC58"),
]


@pytest.mark.parametrize(("key", "plain", "cipher"), VECTORS)
def test_fips_46_known_answers(key: str, plain: str, cipher: str) -> None:
    assert encrypt_block(bytes.fromhex(key), bytes.fromhex(plain)).hex().upper() == cipher


def test_vnc_keys_are_bit_reversed_and_padded() -> None:
    # 's' = 0x73 = 01110011 -> 11001110 = 0xCE; missing bytes are NUL.
    assert vnc_key("secret") == bytes.fromhex("cea6c64ea62e0000")
    assert vnc_key("password123") == vnc_key("password")  # only 8 bytes count
    assert vnc_key("") == bytes(8)


# Computed with OpenSSL (`openssl enc -des-ecb -nopad -K <vnc_key>`), challenge 00..0f.
@pytest.mark.parametrize(
    ("password", "response"),
    [
        ("secret", "ee22539f33a5983ec12f9c2edbc995dd"),
        ("password123", "b866924125c8eebb9debc1db61c538e2"),
    ],
)
def test_vnc_auth_response(password: str, response: str) -> None:
    assert vnc_auth_response(password, bytes(range(16))).hex() == response


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError):
        encrypt_block(bytes(7), bytes(8))
    with pytest.raises(ValueError):
        vnc_auth_response("x", bytes(15))
