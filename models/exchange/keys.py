"""This installation's keys, public key files and the senders a receiver knows.

Each installation (database) has two key pairs, made on first use and kept in ``pkg_identity``:

* an **Ed25519** pair that signs every transfer package it writes (its identity), and
* an **X25519** pair that others use to encrypt packages *for* it (the province publishes its
  public key file; ``package export --to KEYFILE`` encrypts for it).

A public key file is a small JSON document (``format = khaosat-public-key``) with both public keys,
who holds them (name, role, commune) and an Ed25519 signature over the rest, so a key file that was
altered is refused. The *fingerprint* (SHA-256 of the Ed25519 public key, 20 hex digits in groups
of four) is what people compare on the phone when they want to be sure who sent a package.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.base.errors import Bilingual, os_detail, os_error
from models.exchange.errors import PackageCode, PackageError
from models.store.database import Store, utcnow

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

KEYFILE_FORMAT = "khaosat-public-key"
KEYFILE_VERSION = 1


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def fingerprint(sign_public: bytes) -> str:
    h = hashlib.sha256(sign_public).hexdigest()[:20].upper()
    return " ".join(h[i:i + 4] for i in range(0, 20, 4))


@dataclass(frozen=True)
class Identity:
    """This installation's key pairs (raw 32-byte keys)."""

    sign_private: bytes = field(repr=False)   # never in a log line or traceback text
    sign_public: bytes
    enc_private: bytes = field(repr=False)
    enc_public: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public)

    def sign(self, data: bytes) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(self.sign_private).sign(data)


def _raw_pair(kind: str) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives import serialization as ser

    key: Ed25519PrivateKey | X25519PrivateKey
    if kind == "sign":
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key = Ed25519PrivateKey.generate()
    else:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        key = X25519PrivateKey.generate()
    priv = key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    pub = key.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    return priv, pub


def identity(store: Store) -> Identity:
    """This installation's keys, made (once, in one transaction) if it has none yet."""
    rows = {r[0]: (bytes(r[1]), bytes(r[2])) for r in
            store.execute("SELECT kind, private, public FROM pkg_identity")}
    missing = [k for k in ("sign", "enc") if k not in rows]
    if missing:
        with store.write():
            for kind in missing:
                priv, pub = _raw_pair(kind)
                store.execute("INSERT OR IGNORE INTO pkg_identity(kind, private, public, created_at) "
                              "VALUES (?, ?, ?, ?)", [kind, priv, pub, utcnow()])
        rows = {r[0]: (bytes(r[1]), bytes(r[2])) for r in
                store.execute("SELECT kind, private, public FROM pkg_identity")}
    return Identity(rows["sign"][0], rows["sign"][1], rows["enc"][0], rows["enc"][1])


def who(store: Store) -> dict[str, str]:
    """What a package or key file says about its sender: the installation's setup, named by the person
    at the keyboard when one unlocked it with their own PIN (``Store.person``)."""
    s = store.settings()
    p = store.person()
    return {"device_id": s.get("device_id", ""), "name": p["name"] if p else s.get("user_name", ""),
            "code": (p["code"] if p and p["code"] else s.get("user_code", "")), "role": s.get("role", ""),
            "province": s.get("province", ""), "commune": s.get("commune", "")}


# ---------------------------------------------------------------------- public key files


@dataclass(frozen=True)
class PublicKey:
    """A receiver's published key (read from a key file) or a known sender's keys."""

    sign_public: bytes
    enc_public: bytes
    info: dict[str, str]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public)


def public_key_document(store: Store) -> dict[str, Any]:
    ident = identity(store)
    doc: dict[str, Any] = {"format": KEYFILE_FORMAT, "version": KEYFILE_VERSION,
                           "fingerprint": ident.fingerprint, "sign_public": b64(ident.sign_public),
                           "enc_public": b64(ident.enc_public), **who(store), "created_at": utcnow()}
    doc["signature"] = b64(ident.sign(_signed_bytes(doc)))
    return doc


def _signed_bytes(doc: dict[str, Any]) -> bytes:
    body = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_public_key(store: Store, path: str | Path) -> PublicKey:
    doc = public_key_document(store)
    part = Path(f"{path}.part")
    try:  # the key file appears only when complete (a full USB stick leaves nothing behind)
        part.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(part, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            part.unlink()
        raise os_error(err, str(path)) from None
    return parse_public_key(doc, str(path))


def read_public_key(path: str | Path) -> PublicKey:
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise PackageError(PackageCode.PKG_KEYFILE, path=str(path), detail=os_detail(err)) from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackageError(PackageCode.PKG_KEYFILE, path=str(path),
                           detail=Bilingual("không phải tệp JSON", "not JSON")) from None
    return parse_public_key(doc, str(path))


def parse_public_key(doc: Any, where: str) -> PublicKey:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if not isinstance(doc, dict) or doc.get("format") != KEYFILE_FORMAT:
        raise PackageError(PackageCode.PKG_KEYFILE, path=where,
                           detail=Bilingual(f"không phải định dạng '{KEYFILE_FORMAT}'",
                                            f"format is not '{KEYFILE_FORMAT}'"))
    if doc.get("version") != KEYFILE_VERSION:
        version = str(doc.get("version"))[:40]
        raise PackageError(PackageCode.PKG_KEYFILE, path=where,
                           detail=Bilingual(f"phiên bản '{version}' không đọc được",
                                            f"unknown version '{version}'"))
    try:
        sign_pub = unb64(doc["sign_public"])
        enc_pub = unb64(doc["enc_public"])
        sig = unb64(doc["signature"])
        if len(sign_pub) != 32 or len(enc_pub) != 32:
            raise ValueError("key length")
        Ed25519PublicKey.from_public_bytes(sign_pub).verify(sig, _signed_bytes(doc))
    except (KeyError, TypeError, ValueError, InvalidSignature):
        raise PackageError(PackageCode.PKG_KEYFILE, path=where,
                           detail=Bilingual("các khóa hoặc chữ ký của tệp không hợp lệ",
                                            "the keys or their signature are not valid")) from None
    info = {k: str(doc.get(k, "")) for k in ("device_id", "name", "code", "role", "province", "commune")}
    return PublicKey(sign_pub, enc_pub, info)


# ---------------------------------------------------------------------- known senders


def known_sender(store: Store, fp: str) -> dict[str, Any] | None:
    cur = store.execute("SELECT * FROM pkg_senders WHERE fingerprint = ?", [fp])
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def senders(store: Store) -> list[dict[str, Any]]:
    cur = store.execute("SELECT * FROM pkg_senders ORDER BY last_seen DESC")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def remember_sender(store: Store, key: PublicKey, *, seen_at: str | None = None, packages: int = 1,
                    trusted: bool = False) -> None:
    """Add or refresh a known sender (inside the caller's transaction). ``trusted``: mark it trusted
    (never clears the mark); ``packages``: how many packages to count (0 for a key file)."""
    now = seen_at or utcnow()
    i = key.info
    store.execute(
        "INSERT INTO pkg_senders(fingerprint, sign_public, enc_public, device_id, name, code, role, province, "
        "commune, first_seen, last_seen, packages, trusted, trusted_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(fingerprint) DO UPDATE SET enc_public = excluded.enc_public, "
        "device_id = excluded.device_id, name = excluded.name, code = excluded.code, role = excluded.role, "
        "province = excluded.province, commune = excluded.commune, last_seen = excluded.last_seen, "
        "packages = packages + excluded.packages, trusted = max(trusted, excluded.trusted), "
        "trusted_at = CASE WHEN trusted = 0 AND excluded.trusted = 1 THEN excluded.trusted_at ELSE trusted_at END",
        [key.fingerprint, key.sign_public, key.enc_public, i.get("device_id", ""), i.get("name", ""),
         i.get("code", ""), i.get("role", ""), i.get("province", ""), i.get("commune", ""), now, now, packages,
         int(trusted), now if trusted else ""])


def mark_trusted(store: Store, key: PublicKey) -> None:
    """Trust a sender's key (inside the caller's transaction): remembered if new, marked trusted, and any
    other key known for the same device loses its trust (the device was reinstalled: its old key must not
    speak for it any more)."""
    remember_sender(store, key, packages=0, trusted=True)
    device = key.info.get("device_id", "")
    if device:
        store.execute("UPDATE pkg_senders SET trusted = 0 WHERE device_id = ? AND fingerprint != ?",
                      [device, key.fingerprint])


def key_of_sender(row: dict[str, Any]) -> PublicKey:
    info = {k: str(row.get(k) or "") for k in ("device_id", "name", "code", "role", "province", "commune")}
    return PublicKey(bytes(row["sign_public"]), bytes(row["enc_public"] or b""), info)


def sender_key(store: Store, fp: str) -> PublicKey | None:
    """A known sender's keys, e.g. to encrypt a return package for an enumerator."""
    row = known_sender(store, fp)
    if row is None or not row.get("enc_public"):
        return None
    return key_of_sender(row)
