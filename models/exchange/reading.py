"""Reading a package: names checked, signature and every digest verified, parts decrypted and
parsed, the archive rebuilt and compared byte for byte; nothing is extracted to disk.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any

from models.base.errors import Bilingual, os_detail
from models.exchange import codec
from models.exchange.codec import (
    FORMAT,
    FORMAT_VERSION,
    _gunzip,
    _log,
    _read_entries,
    _safe_name,
    _sizes,
    _visible,
    _zip_bytes,
)
from models.exchange.crypto import SCHEME, _aad, _enc_public, _nonce, _part_key
from models.exchange.errors import PackageCode, PackageError
from models.exchange.keys import (
    Identity,
    PublicKey,
    identity,
    known_sender,
    unb64,
)
from models.exchange.validate import manifest_problem
from models.store.database import Store


@dataclass
class Package:
    """A verified package, in memory."""

    path: str
    manifest: dict[str, Any]
    sender: PublicKey
    file_sha256: str
    encrypted: bool
    parts: dict[str, bytes] = field(default_factory=dict)   # plaintext (decrypted) parts, if readable
    readable: bool = True
    unpacked: int = 0                                       # bytes unpacked so far (at most MAX_UNPACKED)

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]

    def versions(self) -> list[dict[str, Any]]:
        return self._lines("records.jsonl.gz")

    def audit(self) -> list[list[Any]]:
        return self._lines("audit.jsonl.gz")

    def decisions(self) -> list[list[Any]]:
        return self._lines("decisions.jsonl.gz")

    def _lines(self, name: str) -> list[Any]:
        blob = self.parts.get(name)
        if blob is None:
            return []
        shown = os.path.basename(self.path)
        text = _gunzip(blob, name, shown, codec.MAX_UNPACKED - self.unpacked)
        self.unpacked += len(text)
        try:
            return _parse_lines(text)
        except (UnicodeDecodeError, ValueError, RecursionError) as err:
            _log.info("package %s: %s: %s", shown, name, err)
            raise PackageError(PackageCode.PKG_CONTENT, path=shown,
                               detail=Bilingual(f"phần {name} không phải dữ liệu JSON hợp lệ",
                                                f"the part {name} is not valid JSON lines")
                               ) from None


def _parse_lines(data: bytes) -> list[Any]:
    """The values of a JSON-lines part (UTF-8), one per line, blank lines skipped.

    Lines end at "\n" only: JSON escapes it inside strings, but not U+2028, U+0085 and the like, which
    ``str.splitlines`` would also break at (a record with such a character in an answer must travel).
    ``orjson`` parses a line several times faster than ``json`` and is stricter (no NaN, no lone
    surrogate escapes, integers within 64 bits), which refuses nothing this application writes.
    """
    import orjson

    loads = orjson.loads
    return [loads(line) for line in data.split(b"\n") if line]


def read_package(path: str | os.PathLike, *, ident: Identity | None = None, data: bytes | None = None) -> Package:
    """Read and verify a package. ``ident`` (the receiver's keys) is needed to open an encrypted one;
    without it an encrypted package is verified but its parts stay closed (``readable`` False)."""
    from cryptography.exceptions import InvalidSignature, InvalidTag
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    where = str(path)
    shown = os.path.basename(where) or where
    if data is None:
        try:
            size = os.path.getsize(where)
            if size > codec.MAX_FILE:
                raise PackageError(PackageCode.PKG_TOO_LARGE, path=shown, detail=_sizes(size, codec.MAX_FILE))
            with open(where, "rb") as fh:
                data = fh.read()
        except OSError as err:
            raise PackageError(PackageCode.PKG_READ, path=where, detail=os_detail(err)) from None
    if len(data) < 22:
        raise PackageError(PackageCode.PKG_UNREADABLE, path=shown,
                           detail=Bilingual(f"chỉ có {len(data)} byte", f"only {len(data)} bytes"))
    entries = _read_entries(data, shown)
    names = [n for n, _ in entries]
    if names[:2] != ["manifest.json", "manifest.sig"]:
        raise PackageError(PackageCode.PKG_UNREADABLE, path=shown,
                           detail=Bilingual("manifest.json và manifest.sig phải đứng đầu",
                                            "manifest.json and manifest.sig must come first"))
    body = dict(entries)
    mbytes, sig = body["manifest.json"], body["manifest.sig"]
    try:
        manifest = json.loads(mbytes.decode("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
    except (UnicodeDecodeError, ValueError) as err:
        _log.info("package %s: manifest.json: %r", shown, err)
        raise PackageError(PackageCode.PKG_UNREADABLE, path=shown,
                           detail=Bilingual("manifest.json không phải JSON hợp lệ",
                                            "manifest.json is not valid JSON")) from None
    if manifest.get("format") != FORMAT:
        raise PackageError(PackageCode.PKG_UNREADABLE, path=shown,
                           detail=Bilingual(f"không phải định dạng '{FORMAT}'",
                                            f"format is not '{FORMAT}'"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise PackageError(PackageCode.PKG_VERSION, path=shown, version=manifest.get("format_version"),
                           known=FORMAT_VERSION)
    try:
        s = manifest["sender"]
        sign_pub = unb64(s["sign_public"])
        Ed25519PublicKey.from_public_bytes(sign_pub).verify(sig, mbytes)
    except (KeyError, TypeError, ValueError, InvalidSignature):
        raise PackageError(PackageCode.PKG_SIGNATURE, path=shown) from None
    try:
        enc_pub = unb64(s.get("enc_public") or "") if s.get("enc_public") else b""
        info = {k: str(s.get(k, "")) for k in ("device_id", "name", "code", "role", "province", "commune")}
        listed = {p["name"]: p for p in manifest["parts"]}
        package_id = manifest["package_id"]
        if not isinstance(package_id, str) or not 0 < len(package_id) <= 200:
            raise ValueError("package_id is not a short text")
        forms = manifest.get("forms", [])
        if not isinstance(forms, list) or not all(isinstance(f, dict) for f in forms):
            raise ValueError("'forms' is not a list of objects")
        if not isinstance(manifest.get("counts", {}), dict):
            raise ValueError("'counts' is not an object")
        enc = manifest.get("encryption")
    except (KeyError, TypeError, ValueError) as err:
        _log.info("package %s: manifest.json: %r", shown, err)
        raise PackageError(PackageCode.PKG_CONTENT, path=shown,
                           detail=Bilingual("manifest.json thiếu mục hoặc có mục sai kiểu",
                                            "manifest.json lacks an entry or has one of the "
                                            "wrong type")) from None
    wrong = manifest_problem(manifest)  # its descriptive entries (models.exchange.validate)
    if wrong is not None:
        raise PackageError(PackageCode.PKG_CONTENT, path=shown, detail=wrong)
    sender = PublicKey(sign_pub, enc_pub, info)
    for name in names[2:]:
        if name not in listed:
            raise PackageError(PackageCode.PKG_UNSAFE, path=shown, name=_visible(name),
                               detail=Bilingual("không có trong danh sách của manifest",
                                                "not listed in the manifest"))
    for name, p in listed.items():
        blob = body.get(name)
        if blob is None:
            raise PackageError(PackageCode.PKG_DIGEST, path=shown, name=name,
                               detail=Bilingual("thiếu phần này", "missing"))
        if hashlib.sha256(blob).hexdigest() != p.get("sha256") or len(blob) != p.get("size"):
            raise PackageError(PackageCode.PKG_DIGEST, path=shown, name=name,
                               detail=Bilingual("SHA-256", "SHA-256"))
    if _zip_bytes(entries) != data:
        raise PackageError(PackageCode.PKG_ALTERED, path=shown)
    pkg = Package(where, manifest, sender, hashlib.sha256(data).hexdigest(), bool(enc))
    parts = {n: b for n, b in entries[2:]}
    if not enc:
        pkg.parts = parts
        return pkg
    try:
        recipient = str(enc["recipient"])
        eph = unb64(enc["ephemeral_public"])
        if enc.get("scheme") != SCHEME:
            raise PackageError(PackageCode.PKG_VERSION, path=shown, version=enc.get("scheme"), known=SCHEME)
    except (KeyError, TypeError, ValueError) as err:
        _log.info("package %s: encryption: %r", shown, err)
        raise PackageError(PackageCode.PKG_CONTENT, path=shown,
                           detail=Bilingual("thông tin mã hóa trong manifest.json không hợp lệ",
                                            "the encryption entry of manifest.json is not "
                                            "valid")) from None
    if ident is None:
        pkg.readable = False
        return pkg
    if recipient != ident.fingerprint:
        raise PackageError(PackageCode.PKG_NOT_FOR_US, path=shown, recipient=recipient,
                           ours=ident.fingerprint)
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        shared = X25519PrivateKey.from_private_bytes(ident.enc_private).exchange(
            X25519PublicKey.from_public_bytes(eph))
    except ValueError:
        raise PackageError(PackageCode.PKG_DECRYPT, path=shown, name="encryption") from None
    aead = AESGCM(_part_key(shared, eph, _enc_public(ident), package_id))
    for i, p in enumerate(manifest["parts"]):
        name = p["name"]
        try:
            plain = aead.decrypt(_nonce(i), parts[name], _aad(package_id, name))
        except InvalidTag:
            raise PackageError(PackageCode.PKG_DECRYPT, path=shown, name=name) from None
        plain_name = str(p.get("plain_name", name))
        why_not = _safe_name(plain_name)
        if why_not:
            raise PackageError(PackageCode.PKG_UNSAFE, path=shown, name=_visible(plain_name), detail=why_not)
        pkg.parts[plain_name] = plain
    return pkg


def inspect_package(path: str | os.PathLike, *, store: Store | None = None) -> dict[str, Any]:
    """What a package says about itself, verified (signature, digests), without importing it."""
    ident = identity(store) if store is not None else None
    try:
        pkg = read_package(path, ident=ident)
    except PackageError as err:
        if err.code is not PackageCode.PKG_NOT_FOR_US:
            raise
        pkg = read_package(path, ident=None)
    m = pkg.manifest
    out = {"file": str(path), "format_version": m["format_version"], "package_id": m["package_id"],
           "created_at": m.get("created_at"), "kind": m.get("kind"),
           "sender": {k: v for k, v in m["sender"].items() if k not in ("sign_public", "enc_public")},
           "sender_fingerprint": pkg.sender.fingerprint, "receiver": m.get("receiver"),
           "counts": m.get("counts"), "forms": [{k: f.get(k) for k in ("form_id", "version", "file_name")}
                                                 for f in m.get("forms", [])],
           "encrypted": pkg.encrypted, "readable": pkg.readable, "signature": "ok", "digests": "ok",
           "file_sha256": pkg.file_sha256}
    if store is not None:
        known = known_sender(store, pkg.sender.fingerprint)
        out["sender_known"] = known is not None
        out["sender_trusted"] = pkg.sender.fingerprint == ident.fingerprint or bool(known and known["trusted"])
        out["already_imported"] = store.execute("SELECT 1 FROM pkg_imports WHERE package_id = ?",
                                                [pkg.package_id]).fetchone() is not None
    if pkg.readable:
        out["records"] = sorted({str(v.get("id")) for v in pkg.versions() if isinstance(v, dict)})
    return out
