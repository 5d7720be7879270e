"""An attacker's toolkit: take a real package apart, change anything, and put it back together with
a valid signature made by the attacker's own key (or the sender's, to test what only a key holder
could do). Used by the package fuzzing tests."""

from __future__ import annotations

import copy
import gzip
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from models.exchange.keys import Identity, b64
from models.exchange.packages import _zip_bytes


def attacker_identity() -> Identity:
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    s, e = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    raw = (ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    pub = (ser.Encoding.Raw, ser.PublicFormat.Raw)
    return Identity(s.private_bytes(*raw), s.public_key().public_bytes(*pub), e.private_bytes(*raw),
                    e.public_key().public_bytes(*pub))


@dataclass
class Parts:
    """A package opened up: the manifest (a dict) and the stored parts in order."""

    manifest: dict[str, Any]
    parts: list[tuple[str, bytes]] = field(default_factory=list)
    signature: bytes = b""  # the original sender's signature (over the original manifest)

    @classmethod
    def of(cls, data: bytes) -> Parts:
        zf = zipfile.ZipFile(io.BytesIO(data))
        entries = [(i.filename, zf.read(i)) for i in zf.infolist()]
        return cls(json.loads(entries[0][1]), entries[2:], entries[1][1])

    def copy(self) -> Parts:
        return Parts(copy.deepcopy(self.manifest), list(self.parts), self.signature)

    # ---- plain (unencrypted) content
    def lines(self, name: str) -> list[Any]:
        blob = dict(self.parts)[name]
        return [json.loads(x) for x in gzip.decompress(blob).decode("utf-8").splitlines() if x]

    def set_lines(self, name: str, rows: list[Any]) -> None:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
        self.set_part(name, gzip.compress(text, mtime=0))

    def set_part(self, name: str, blob: bytes) -> None:
        self.parts = [(n, blob if n == name else b) for n, b in self.parts]
        if name not in dict(self.parts):
            self.parts.append((name, blob))

    def refresh_digests(self) -> None:
        """Make the manifest's digests and sizes match the parts (what an attacker would do); entries
        that are not about a part (a mutated name) stay as they are."""
        old = self.manifest.get("parts")
        if not isinstance(old, list):
            return
        blobs = dict(self.parts)
        listed = set()
        for p in old:
            if isinstance(p, dict) and isinstance(p.get("name"), str) and p["name"] in blobs:
                p["sha256"], p["size"] = hashlib.sha256(blobs[p["name"]]).hexdigest(), len(blobs[p["name"]])
                listed.add(p["name"])
        for n, b in self.parts:
            if n not in listed:
                old.append({"name": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)})

    def build(self, signer: Identity | None, *, as_sender: bool = True, manifest_bytes: bytes | None = None,
              raw: bool = False) -> bytes:
        """The canonical ZIP, signed by ``signer`` (None: the original signature is kept);
        ``as_sender`` puts the signer's public keys in the manifest (else the original sender's keys
        stay, and the signature cannot verify); ``raw``: an ordinary (non-canonical) ZIP."""
        m = self.manifest
        if signer is not None and as_sender and isinstance(m.get("sender"), dict):
            m["sender"]["sign_public"] = b64(signer.sign_public)
            m["sender"]["enc_public"] = b64(signer.enc_public)
            m["sender"]["fingerprint"] = signer.fingerprint
        mbytes = manifest_bytes if manifest_bytes is not None else json.dumps(m, ensure_ascii=False).encode("utf-8")
        sig = signer.sign(mbytes) if signer is not None else self.signature
        entries = [("manifest.json", mbytes), ("manifest.sig", sig), *self.parts]
        if raw:
            return raw_zip(entries)
        if all(n.isascii() for n, _ in entries):
            return _zip_bytes(entries)
        return zip_utf8(entries)


def zip_utf8(entries: list[tuple[str, bytes]]) -> bytes:
    """The application's canonical layout, but with UTF-8 names (flag bit 11), as a hand-made
    archive could have."""
    import struct
    import zlib

    out = io.BytesIO()
    central = []
    for name, data in entries:
        n = name.encode("utf-8")
        flag = 0 if name.isascii() else 0x800
        crc = zlib.crc32(data) & 0xFFFFFFFF
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flag, 0, 0, 0x21, crc, len(data), len(data), len(n), 0))
        out.write(n)
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, flag, 0, 0, 0x21, crc,
                                   len(data), len(data), len(n), 0, 0, 0, 0, 0o100644 << 16, offset) + n)
    cd_offset = out.tell()
    for c in central:
        out.write(c)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), out.tell() - cd_offset,
                          cd_offset, 0))
    return out.getvalue()


def raw_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """Any ZIP (names not checked, not canonical), for malformed-archive cases."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return out.getvalue()
