"""Per-part encryption for a receiver's X25519 key (HKDF-SHA256, AES-256-GCM): keys, nonces and
associated data.
"""

from __future__ import annotations

from models.exchange.codec import FORMAT, FORMAT_VERSION
from models.exchange.keys import (
    Identity,
)

SCHEME = "X25519-HKDF-SHA256-AES-256-GCM"


def _part_key(shared: bytes, eph_pub: bytes, recipient_pub: bytes, package_id: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_pub + recipient_pub,
                info=f"{FORMAT} v{FORMAT_VERSION} {package_id}".encode()).derive(shared)


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")  # the key is new for every package, so a counter is a safe nonce


def _aad(package_id: str, name: str) -> bytes:
    return f"{package_id}\n{name}".encode()


def _enc_public(ident: Identity) -> bytes:
    return ident.enc_public
