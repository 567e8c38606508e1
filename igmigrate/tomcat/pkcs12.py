"""PKCS12 keystores read with cryptography: key aliases in file order, and the password's MAC."""

from __future__ import annotations

import hashlib
import hmac

from igmigrate.tomcat.store_model import (
    CertInfo,
    KeystoreError,
    StoreContents,
    StoreEntry,
    cert_info,
)

# DER of the PKCS#12 object identifiers read below.
_OID_DATA = bytes.fromhex("2a864886f70d010701")
_OID_KEY_BAGS = (bytes.fromhex("2a864886f70d010c0a0101"), bytes.fromhex("2a864886f70d010c0a0102"))
_OID_FRIENDLY_NAME = bytes.fromhex("2a864886f70d010914")


def _tlv(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, content start, content end) of the DER element at `pos`."""
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        if n == 0 or n > 4:
            raise ValueError("indefinite or oversized length")
        length = int.from_bytes(data[pos : pos + n], "big")
        pos += n
    if pos + length > len(data):
        raise ValueError("truncated")
    return tag, pos, pos + length


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    out, pos = [], start
    while pos < end:
        t = _tlv(data, pos)
        out.append(t)
        pos = t[2]
    return out


def _pkcs12_key_aliases(data: bytes) -> list[str]:
    """Friendly names of the key bags, in file order (they sit in clear `data` contents)."""
    names: list[str] = []
    _, s, e = _tlv(data, 0)
    pfx = _children(data, s, e)
    _, s, e = pfx[1]  # authSafe ContentInfo
    auth = _children(data, s, e)
    _, s, e = _children(data, auth[1][1], auth[1][2])[0]  # [0] → OCTET STRING
    _, s, e = _tlv(data, s)  # AuthenticatedSafe SEQUENCE
    for _, cs, ce in _children(data, s, e):
        info = _children(data, cs, ce)
        if data[info[0][1] : info[0][2]] != _OID_DATA or len(info) < 2:
            continue  # encryptedData: certificates, not keys
        _, os_, oe = _children(data, info[1][1], info[1][2])[0]
        _, ss, se = _tlv(data, os_)  # SafeContents SEQUENCE
        del oe
        for _, bs, be in _children(data, ss, se):
            bag = _children(data, bs, be)
            if data[bag[0][1] : bag[0][2]] not in _OID_KEY_BAGS:
                continue
            name = ""
            for tag, as_, ae in bag[2:]:
                if tag != 0x31:
                    continue
                for _, ats, ate in _children(data, as_, ae):
                    oid, values = _children(data, ats, ate)
                    if data[oid[1] : oid[2]] == _OID_FRIENDLY_NAME:
                        _, vs, ve = _children(data, values[1], values[2])[0]
                        name = data[vs:ve].decode("utf-16-be")
            names.append(name)
    return names


def read_pkcs12(data: bytes, password: str) -> StoreContents:
    from cryptography.hazmat.primitives.serialization import pkcs12  # only once one is opened

    try:
        p12 = pkcs12.load_pkcs12(data, password.encode("utf-8"))
    except ValueError as e:
        raise KeystoreError("password", "the keystore password is wrong (or not PKCS12)") from e
    certs: dict[str, CertInfo] = {}
    for c in ([p12.cert] if p12.cert else []) + list(p12.additional_certs):
        name = c.friendly_name.decode("utf-8") if c.friendly_name else None
        if name is not None:  # unnamed certificates are CA certificates of a chain
            certs.setdefault(name, cert_info(c.certificate))
    try:
        keys = _pkcs12_key_aliases(data)
    except (ValueError, IndexError, UnicodeDecodeError):
        first = p12.cert.friendly_name if p12.cert and p12.cert.friendly_name else b""
        keys = [first.decode("utf-8")] if p12.key is not None else []
    entries = [StoreEntry(k, True, (certs[k],) if k in certs else ()) for k in keys]
    entries += [StoreEntry(a, False, (c,)) for a, c in certs.items() if a not in keys]
    return StoreContents("PKCS12", tuple(entries), "cryptography")


# DigestInfo algorithms of a PKCS12 MacData → (hashlib name, block size v of RFC 7292 B.2).
_MAC_HASHES = {
    bytes.fromhex("2b0e03021a"): ("sha1", 64),
    bytes.fromhex("608648016503040204"): ("sha224", 64),
    bytes.fromhex("608648016503040201"): ("sha256", 64),
    bytes.fromhex("608648016503040202"): ("sha384", 128),
    bytes.fromhex("608648016503040203"): ("sha512", 128),
}


def _kdf(hash_name: str, v: int, password: bytes, salt: bytes, rounds: int, n: int) -> bytes:
    """The PKCS#12 key derivation (RFC 7292 appendix B.2) with ID 3: the MAC key."""
    u = hashlib.new(hash_name).digest_size

    def fill(data: bytes) -> bytes:  # repeated to a multiple of v bytes
        size = v * -(-len(data) // v)
        return (data * (size // max(len(data), 1) + 1))[:size]

    i = bytearray(fill(salt) + fill(password))
    out = b""
    while len(out) < n:
        a = bytes([3]) * v + bytes(i)
        for _ in range(rounds):
            a = hashlib.new(hash_name, a).digest()
        out += a
        b = int.from_bytes((a * (v // u + 1))[:v], "big")
        for j in range(0, len(i), v):
            block = (int.from_bytes(i[j : j + v], "big") + b + 1) % (1 << (8 * v))
            i[j : j + v] = block.to_bytes(v, "big")
    return out[:n]


def password_opens_mac(data: bytes, password: str) -> bool | None:
    """Whether `password` verifies the PKCS12 file's MAC; None when that cannot be told here
    (no MacData, an unknown MAC algorithm, or DER this reader does not follow)."""
    try:
        _, s, e = _tlv(data, 0)
        pfx = _children(data, s, e)
        if len(pfx) < 3:
            return None
        auth = _children(data, pfx[1][1], pfx[1][2])
        _, os_, oe = _children(data, auth[1][1], auth[1][2])[0]  # [0] → OCTET STRING
        signed = data[os_:oe]
        mac_data = _children(data, pfx[2][1], pfx[2][2])
        digest_info = _children(data, mac_data[0][1], mac_data[0][2])
        algorithm = _children(data, digest_info[0][1], digest_info[0][2])
        oid = data[algorithm[0][1] : algorithm[0][2]]
        digest = data[digest_info[1][1] : digest_info[1][2]]
        salt = data[mac_data[1][1] : mac_data[1][2]]
        rounds = (
            int.from_bytes(data[mac_data[2][1] : mac_data[2][2]], "big") if len(mac_data) > 2 else 1
        )
    except (ValueError, IndexError):
        return None
    known = _MAC_HASHES.get(oid)
    if known is None or rounds < 1:
        return None
    name, v = known
    # a BMPString with its terminator (the empty password: with or without, as tools differ)
    secrets = [(password + "\0").encode("utf-16-be")] if password else [b"", b"\0\0"]
    for secret in secrets:
        key = _kdf(name, v, secret, salt, rounds, hashlib.new(name).digest_size)
        if hmac.compare_digest(hmac.new(key, signed, name).digest(), digest):
            return True
    return False
