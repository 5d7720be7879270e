"""Reading a package: names checked, signature and every digest verified, parts decrypted and
parsed, the file compared header by header with the canonical archive of its entries; nothing is
extracted to disk, and media parts are read in pieces, never whole.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from models.base.errors import Bilingual, os_detail
from models.exchange import codec
from models.exchange.codec import (
    FORMAT,
    FORMAT_VERSION,
    _broken,
    _gunzip,
    _is_canonical,
    _is_media,
    _log,
    _read_entries,
    _safe_name,
    _sizes,
    _visible,
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
    #: media parts (files attached to records), read in pieces when imported: plain name -> (stored
    #: name, index in the manifest's parts); their digests were verified while reading
    media: dict[str, tuple[str, int]] = field(default_factory=dict)
    data: bytes | None = field(default=None, repr=False)   # the file's bytes when given as bytes
    key: bytes | None = field(default=None, repr=False)    # the parts' key of an encrypted package

    def media_files(self) -> list[dict[str, Any]]:
        """The manifest's list of attached files: {sha256, size, type, part}."""
        items = self.manifest.get("media") or []
        return [m for m in items if isinstance(m, dict)]

    def media_chunks(self, part: str, chunk: int = 1 << 16) -> Iterator[bytes]:
        """The plain bytes of a media part, in pieces (decrypted as they are read when encrypted); the
        caller checks them against the file's SHA-256 (:func:`models.store.files.put_stream`). A part
        whose encryption tag does not verify raises PKG_DECRYPT at its end."""
        import zipfile

        stored, index = self.media[part]
        src: Any = io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")  # noqa: SIM115
        with src, zipfile.ZipFile(src) as zf:
            size = zf.getinfo(stored).file_size
            if self.key is None:
                with zf.open(stored) as f:
                    while piece := f.read(chunk):
                        yield piece
                return
            from cryptography.exceptions import InvalidTag
            from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

            with zf.open(stored) as f:
                f.seek(size - 16)
                tag = f.read(16)
            dec = Cipher(algorithms.AES(self.key), modes.GCM(_nonce(index), tag)).decryptor()
            dec.authenticate_additional_data(_aad(self.package_id, stored))
            left = size - 16
            with zf.open(stored) as f:
                while left > 0:
                    piece = f.read(min(chunk, left))
                    if not piece:
                        break
                    left -= len(piece)
                    yield dec.update(piece)
            try:
                yield dec.finalize()
            except InvalidTag:
                raise PackageError(PackageCode.PKG_DECRYPT, path=os.path.basename(self.path),
                                   name=stored) from None

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]

    def versions(self) -> list[dict[str, Any]]:
        return self._lines("records.jsonl.gz")

    def audit(self) -> list[list[Any]]:
        return self._lines("audit.jsonl.gz")

    def decisions(self) -> list[list[Any]]:
        return self._lines("decisions.jsonl.gz")

    def erasures(self) -> list[Any]:
        """The lines of ``erasures.jsonl.gz`` (erasures of personal data, ``models.exchange.erase``), if any."""
        return self._lines("erasures.jsonl.gz")

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
    without it an encrypted package is verified but its parts stay closed (``readable`` False).

    The file is read in pieces: the parts other than media are held in memory (at most ``MAX_FILE``
    together), a media part's digest is checked as it streams by and its bytes are read again, in
    pieces, when it is imported (:meth:`Package.media_chunks`)."""
    where = str(path)
    shown = os.path.basename(where) or where
    fh: Any
    if data is None:
        try:
            size = os.path.getsize(where)
            if size > codec.MAX_PACKAGE:
                raise PackageError(PackageCode.PKG_TOO_LARGE, path=shown, detail=_sizes(size, codec.MAX_PACKAGE))
            fh = open(where, "rb")  # noqa: SIM115 - closed below
        except OSError as err:
            raise PackageError(PackageCode.PKG_READ, path=where, detail=os_detail(err)) from None
    else:
        fh, size = io.BytesIO(data), len(data)
    with fh:
        return _read(fh, size, where, shown, ident, data)


def _read(fh: Any, size: int, where: str, shown: str, ident: Identity | None, data: bytes | None) -> Package:
    from cryptography.exceptions import InvalidSignature, InvalidTag
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if size < 22:
        raise PackageError(PackageCode.PKG_UNREADABLE, path=shown,
                           detail=Bilingual(f"chỉ có {size} byte", f"only {size} bytes"))
    zf, entries, infos = _read_entries(fh, shown)
    names = [n for n, _ in entries]
    if names[:2] != ["manifest.json", "manifest.sig"]:
        raise PackageError(PackageCode.PKG_UNREADABLE, path=shown,
                           detail=Bilingual("manifest.json và manifest.sig phải đứng đầu",
                                            "manifest.json and manifest.sig must come first"))
    body = dict(entries)
    mbytes, sig = body["manifest.json"], body["manifest.sig"]
    if mbytes is None or sig is None:  # only media parts are left unread, and these two never are
        raise PackageError(PackageCode.PKG_UNREADABLE, path=shown,
                           detail=Bilingual("manifest.json hoặc manifest.sig không đọc được",
                                            "manifest.json or manifest.sig cannot be read"))
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
        if name not in body:
            raise PackageError(PackageCode.PKG_DIGEST, path=shown, name=name,
                               detail=Bilingual("thiếu phần này", "missing"))
        blob = body[name]
        digest, length = (hashlib.sha256(blob).hexdigest(), len(blob)) if blob is not None \
            else _stream_digest(zf, name, shown)
        if digest != p.get("sha256") or length != p.get("size"):
            raise PackageError(PackageCode.PKG_DIGEST, path=shown, name=name,
                               detail=digest_detail(length, p.get("size")))
    if not _is_canonical(fh, [(i.filename, i.CRC, i.file_size) for i in infos], size):
        raise PackageError(PackageCode.PKG_ALTERED, path=shown)
    pkg = Package(where, manifest, sender, _file_digest(fh), bool(enc), data=data)
    parts = {n: b for n, b in entries[2:] if b is not None}
    media = {n: (n, i) for i, p in enumerate(manifest["parts"]) if _is_media(n := str(p["name"]))}
    if not enc:
        pkg.parts = parts
        pkg.media = media
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
    pkg.key = _part_key(shared, eph, _enc_public(ident), package_id)
    aead = AESGCM(pkg.key)
    for i, p in enumerate(manifest["parts"]):
        name = p["name"]
        if _is_media(name):
            plain_name = str(p.get("plain_name", name))
            if _safe_name(plain_name) or not _is_media(plain_name):
                raise PackageError(PackageCode.PKG_UNSAFE, path=shown, name=_visible(plain_name),
                                   detail=_safe_name(plain_name) or Bilingual("tên phần sai", "a wrong part name"))
            pkg.media[plain_name] = (name, i)
            continue
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


def digest_detail(length: int, listed: object) -> Bilingual:
    """How a part differs from what the manifest lists for it (its size, or only its bytes)."""
    if length != listed:
        return Bilingual(f"dài {length} byte, manifest ghi {listed} byte",
                         f"{length} bytes where the manifest lists {listed}")
    return Bilingual("cùng độ dài, khác nội dung", "the same length, other bytes")


def _stream_digest(zf: Any, name: str, shown: str) -> tuple[str, int]:
    """SHA-256 and size of an entry read in pieces (its CRC is checked at its end)."""
    import zipfile

    h, n = hashlib.sha256(), 0
    try:
        with zf.open(name) as f:
            while piece := f.read(1 << 16):
                h.update(piece)
                n += len(piece)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as err:
        raise PackageError(PackageCode.PKG_UNREADABLE, path=shown, detail=_broken(err)) from None
    return h.hexdigest(), n


def _file_digest(fh: Any) -> str:
    h = hashlib.sha256()
    fh.seek(0)
    while piece := fh.read(1 << 20):
        h.update(piece)
    return h.hexdigest()


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
    if store is not None and ident is not None:  # ident: the store's own, made above
        known = known_sender(store, pkg.sender.fingerprint)
        out["sender_known"] = known is not None
        out["sender_trusted"] = pkg.sender.fingerprint == ident.fingerprint or bool(known and known["trusted"])
        out["already_imported"] = store.execute("SELECT 1 FROM pkg_imports WHERE package_id = ?",
                                                [pkg.package_id]).fetchone() is not None
    if pkg.readable:
        out["records"] = sorted({str(v.get("id")) for v in pkg.versions() if isinstance(v, dict)})
    return out
