"""Transfer packages: one signed (optionally encrypted) file that carries records between installations.

Format (``docs/package-format.md``): a ZIP archive written canonically (stored entries, fixed times, no
extra fields) holding ``manifest.json``, ``manifest.sig`` (Ed25519 over the manifest bytes) and the
parts the manifest lists with their SHA-256: ``records.jsonl.gz`` (every leaf revision of every record
sent), ``audit.jsonl.gz``, ``decisions.jsonl.gz`` and ``forms/N.<ext>`` (the XLSForm files the records
use). With a receiver's key every part is encrypted (X25519 + HKDF-SHA256 + AES-256-GCM).

Reading never extracts anything to disk: names are checked (no absolute paths, ``..``, links or
duplicates), the signature and every digest are verified, and the archive is rebuilt from its parts
and compared byte for byte with the file, so a single flipped byte anywhere is refused. Importing
applies a package in one transaction (``models.exchange.merge``): idempotent and independent of order.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import io
import json
import logging
import os
import sqlite3
import struct
import tempfile
import threading
import uuid
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from models.exchange import pkg_errors  # noqa: F401  (registers this area's messages)
from models.exchange.pkg_errors import Why, detail, os_detail, why
from models.base.errors import AppError, Cancelled, os_error
from models.exchange.keys import (
    Identity,
    PublicKey,
    b64,
    fingerprint,
    identity,
    key_of_sender,
    known_sender,
    mark_trusted,
    remember_sender,
    unb64,
    who,
)
from models.exchange.merge import (
    VERSION_FIELDS,
    Precomputed,
    check_version,
    merge_versions,
    precompute,
    row_to_version,
)
from models.base.progress import Progress
from models.store.database import Store, open_store, utcnow

FORMAT = "khaosat-package"
FORMAT_VERSION = 1
SUFFIX = ".ksp"
SCHEME = "X25519-HKDF-SHA256-AES-256-GCM"
# Limits sized from real volumes: a commune's package of 3,333 records is about 2 MB and unpacks to about
# 16 MB, so these leave room for a package of a whole province (hundreds of thousands of records) while
# keeping what an import holds in memory within a 4-8 GB laptop.
MAX_FILE = 512 * 1024**2            # the package file (read whole into memory)
MAX_UNPACKED = 1024**3              # every part of one package together, decompressed
MAX_ENTRIES = 10_000
MAX_RATIO = 100                     # unpacked / packed size of one part (our JSON lines grow ~8 times)
MIN_PART_LIMIT = 16 * 1024**2       # a small part may always unpack to this
_log = logging.getLogger("khaosat")
MODES = ("all", "changes", "complete")
AUDIT_FIELDS = ("record_id", "at", "user", "device_id", "action", "path", "old", "new", "rev")
DECISION_FIELDS = ("record_a", "record_b", "decision", "survivor", "at", "user", "device_id")


# ---------------------------------------------------------------------- canonical ZIP


def _zip_bytes(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """A ZIP of stored entries with fixed metadata: the same parts always give the same bytes."""
    out = io.BytesIO()
    central = []
    for name, data in entries:
        n = name.encode("ascii")
        crc = zlib.crc32(data) & 0xFFFFFFFF
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, crc, len(data), len(data), len(n), 0))
        out.write(n)
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, 0, 0, 0, 0x21, crc,
                                   len(data), len(data), len(n), 0, 0, 0, 0, 0o100644 << 16, offset) + n)
    cd_offset = out.tell()
    for c in central:
        out.write(c)
    cd_size = out.tell() - cd_offset
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), cd_size, cd_offset, 0))
    return out.getvalue()


def _safe_name(name: str) -> str:
    """'' if an entry name is safe to hold; else why not (a :class:`Why`, in both languages)."""
    if not name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return Why("absolute path", "đường dẫn tuyệt đối")
    if "\\" in name or "\x00" in name:
        return Why("backslash or NUL in the name", "tên có dấu gạch ngược hoặc ký tự NUL")
    if not name.isascii() or not name.isprintable():  # this format writes ASCII only
        return Why("a name that is not plain ASCII (e.g. a right-to-left mark)",
                   "tên có ký tự ngoài bảng ASCII (ví dụ dấu đổi chiều viết)")
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return Why("'..' or an empty folder name", "có '..' hoặc tên thư mục rỗng")
    return ""


def _broken(err: BaseException) -> dict[str, str]:
    """The detail of a file the ZIP reader cannot read (the library's own text goes to the log only)."""
    _log.info("unreadable package: %s: %s", type(err).__name__, err)
    return detail("không đọc được cấu trúc ZIP của tệp", "its ZIP structure cannot be read")


def _sizes(size: int, limit: int) -> dict[str, str]:
    mib = 1024**2
    return detail(f"{size / mib:,.0f} MiB, tối đa {limit // mib:,} MiB".replace(",", "."),
                  f"{size / mib:,.0f} MiB, at most {limit // mib:,} MiB")


def _visible(name: str) -> str:
    """A hostile entry name as it may be shown: invisible and direction-changing characters
    (right-to-left override, NUL and the like) written as escapes such as \\u202e, so the message
    cannot be garbled."""
    import unicodedata

    return "".join(c if c.isprintable() and unicodedata.category(c) != "Cf" else f"\\u{ord(c):04x}"
                   for c in name[:200])


def _read_entries(data: bytes, path: str) -> list[tuple[str, bytes]]:
    """The entries of a package file, checked for unsafe names, links, duplicates and size; in order."""
    import stat
    import zipfile

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, struct.error,
            IndexError, KeyError, UnicodeDecodeError, NotImplementedError, OverflowError) as err:
        raise AppError("PKG_UNREADABLE", path=path, **_broken(err)) from None
    if len(infos) > MAX_ENTRIES:
        raise AppError("PKG_TOO_LARGE", path=path, **detail(f"{len(infos)} mục, tối đa {MAX_ENTRIES}",
                                                          f"{len(infos)} entries, at most {MAX_ENTRIES}"))
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        why_not = _safe_name(info.orig_filename)
        mode = (info.external_attr >> 16) & 0xFFFF
        if not why_not and stat.S_ISLNK(mode):
            why_not = Why("symbolic link", "liên kết tượng trưng")
        if not why_not and (info.is_dir() or name in seen):
            why_not = Why("directory entry", "mục thư mục") if info.is_dir() else Why("duplicate name", "tên trùng")
        if why_not:
            raise AppError("PKG_UNSAFE", path=path, name=_visible(info.orig_filename), **why(why_not))
        seen.add(name)
        total += info.file_size
        if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
            raise AppError("PKG_ALTERED", path=path)
    if total > len(data):
        raise AppError("PKG_ALTERED", path=path)
    entries = []
    try:
        for info in infos:
            entries.append((info.filename, zf.read(info)))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, struct.error, NotImplementedError,
            OverflowError, zlib.error) as err:
        raise AppError("PKG_UNREADABLE", path=path, **_broken(err)) from None
    return entries


# ---------------------------------------------------------------------- encryption


def _part_key(shared: bytes, eph_pub: bytes, recipient_pub: bytes, package_id: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_pub + recipient_pub,
                info=f"{FORMAT} v{FORMAT_VERSION} {package_id}".encode()).derive(shared)


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")  # the key is new for every package, so a counter is a safe nonce


def _aad(package_id: str, name: str) -> bytes:
    return f"{package_id}\n{name}".encode()


# ---------------------------------------------------------------------- gzip with a bound


def _gunzip(blob: bytes, name: str, path: str, budget: int = MAX_UNPACKED) -> bytes:
    """A gzip part unpacked, never to more than ``budget`` bytes (what is left of the package's
    MAX_UNPACKED) nor more than MAX_RATIO times its packed size: a "zip bomb" is refused before it fills
    the memory, not after."""
    by_ratio = max(MIN_PART_LIMIT, MAX_RATIO * len(blob))
    limit = min(budget, by_ratio)
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(blob, limit)
        if not d.unconsumed_tail:
            out += d.flush()
    except zlib.error as err:
        _log.info("package %s: %s: %s", path, name, err)
        raise AppError("PKG_CONTENT", path=path, **detail(f"phần {name} bị hỏng (không giải nén được)",
                                                         f"the part {name} is damaged (cannot be unpacked)")
                       ) from None
    if d.unconsumed_tail or len(out) > limit:
        mib = limit // 1024**2
        if limit == by_ratio:
            raise AppError("PKG_TOO_LARGE", path=path, **detail(
                f"phần {name} khi giải nén lớn hơn {MAX_RATIO} lần kích thước nén, quá {mib} MiB — dấu hiệu "
                "của tệp 'bom nén' cố ý làm treo máy",
                f"the part {name} grows more than {MAX_RATIO} times when unpacked, beyond {mib} MiB — the mark "
                "of a 'zip bomb' meant to exhaust the memory"))
        raise AppError("PKG_TOO_LARGE", path=path, **detail(
            f"các phần của gói khi giải nén vượt quá {MAX_UNPACKED // 1024**2} MiB",
            f"its parts unpack to more than {MAX_UNPACKED // 1024**2} MiB"))
    if not d.eof:
        raise AppError("PKG_CONTENT", path=path, **detail(f"phần {name} bị cắt cụt", f"the part {name} is truncated"))
    return out


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def _jsonl(rows: Sequence[Any]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows).encode("utf-8")


# ---------------------------------------------------------------------- reading


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
        text = _gunzip(blob, name, shown, MAX_UNPACKED - self.unpacked)
        self.unpacked += len(text)
        try:
            return _parse_lines(text)
        except (UnicodeDecodeError, ValueError, RecursionError) as err:
            _log.info("package %s: %s: %s", shown, name, err)
            raise AppError("PKG_CONTENT", path=shown, **detail(f"phần {name} không phải dữ liệu JSON hợp lệ",
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
            if size > MAX_FILE:
                raise AppError("PKG_TOO_LARGE", path=shown, **_sizes(size, MAX_FILE))
            with open(where, "rb") as fh:
                data = fh.read()
        except OSError as err:
            raise AppError("PKG_READ", path=where, **os_detail(err)) from None
    if len(data) < 22:
        raise AppError("PKG_UNREADABLE", path=shown, **detail(f"chỉ có {len(data)} byte", f"only {len(data)} bytes"))
    entries = _read_entries(data, shown)
    names = [n for n, _ in entries]
    if names[:2] != ["manifest.json", "manifest.sig"]:
        raise AppError("PKG_UNREADABLE", path=shown, **detail("manifest.json và manifest.sig phải đứng đầu",
                                                             "manifest.json and manifest.sig must come first"))
    body = dict(entries)
    mbytes, sig = body["manifest.json"], body["manifest.sig"]
    try:
        manifest = json.loads(mbytes.decode("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
    except (UnicodeDecodeError, ValueError) as err:
        _log.info("package %s: manifest.json: %r", shown, err)
        raise AppError("PKG_UNREADABLE", path=shown, **detail("manifest.json không phải JSON hợp lệ",
                                                             "manifest.json is not valid JSON")) from None
    if manifest.get("format") != FORMAT:
        raise AppError("PKG_UNREADABLE", path=shown, **detail(f"không phải định dạng '{FORMAT}'",
                                                             f"format is not '{FORMAT}'"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise AppError("PKG_VERSION", path=shown, version=manifest.get("format_version"), known=FORMAT_VERSION)
    try:
        s = manifest["sender"]
        sign_pub = unb64(s["sign_public"])
        Ed25519PublicKey.from_public_bytes(sign_pub).verify(sig, mbytes)
    except (KeyError, TypeError, ValueError, InvalidSignature):
        raise AppError("PKG_SIGNATURE", path=shown) from None
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
        raise AppError("PKG_CONTENT", path=shown, **detail("manifest.json thiếu mục hoặc có mục sai kiểu",
                                                          "manifest.json lacks an entry or has one of the "
                                                          "wrong type")) from None
    sender = PublicKey(sign_pub, enc_pub, info)
    for name in names[2:]:
        if name not in listed:
            raise AppError("PKG_UNSAFE", path=shown, name=_visible(name),
                           **detail("không có trong danh sách của manifest", "not listed in the manifest"))
    for name, p in listed.items():
        blob = body.get(name)
        if blob is None:
            raise AppError("PKG_DIGEST", path=shown, name=name, **detail("thiếu phần này", "missing"))
        if hashlib.sha256(blob).hexdigest() != p.get("sha256") or len(blob) != p.get("size"):
            raise AppError("PKG_DIGEST", path=shown, name=name, **detail("SHA-256", "SHA-256"))
    if _zip_bytes(entries) != data:
        raise AppError("PKG_ALTERED", path=shown)
    pkg = Package(where, manifest, sender, hashlib.sha256(data).hexdigest(), bool(enc))
    parts = {n: b for n, b in entries[2:]}
    if not enc:
        pkg.parts = parts
        return pkg
    try:
        recipient = str(enc["recipient"])
        eph = unb64(enc["ephemeral_public"])
        if enc.get("scheme") != SCHEME:
            raise AppError("PKG_VERSION", path=shown, version=enc.get("scheme"), known=SCHEME)
    except (KeyError, TypeError, ValueError) as err:
        _log.info("package %s: encryption: %r", shown, err)
        raise AppError("PKG_CONTENT", path=shown, **detail("thông tin mã hóa trong manifest.json không hợp lệ",
                                                          "the encryption entry of manifest.json is not "
                                                          "valid")) from None
    if ident is None:
        pkg.readable = False
        return pkg
    if recipient != ident.fingerprint:
        raise AppError("PKG_NOT_FOR_US", path=shown, recipient=recipient, ours=ident.fingerprint)
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        shared = X25519PrivateKey.from_private_bytes(ident.enc_private).exchange(
            X25519PublicKey.from_public_bytes(eph))
    except ValueError:
        raise AppError("PKG_DECRYPT", path=shown, name="encryption") from None
    aead = AESGCM(_part_key(shared, eph, _enc_public(ident), package_id))
    for i, p in enumerate(manifest["parts"]):
        name = p["name"]
        try:
            plain = aead.decrypt(_nonce(i), parts[name], _aad(package_id, name))
        except InvalidTag:
            raise AppError("PKG_DECRYPT", path=shown, name=name) from None
        plain_name = str(p.get("plain_name", name))
        if _safe_name(plain_name):
            raise AppError("PKG_UNSAFE", path=shown, name=_visible(plain_name), **why(_safe_name(plain_name)))
        pkg.parts[plain_name] = plain
    return pkg


def _enc_public(ident: Identity) -> bytes:
    return ident.enc_public


# ---------------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportResult:
    path: str
    package_id: str
    records: int
    versions: int
    forms: int
    audit: int
    encrypted_for: str
    kind: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _receiver_key(to: PublicKey | None) -> str:
    return to.fingerprint if to is not None else ""


def _selected(store: Store, *, mode: str, receiver: str, record_ids: Sequence[str] | None,
              statuses: Sequence[str] | None
              ) -> tuple[list[dict[str, Any]], dict[str, list[str]], dict[str, list[str]]]:
    """The records to send (full rows), their stored conflict versions, and every leaf revision sent."""
    sql = "SELECT * FROM records"
    where, params = [], []
    if mode == "complete":
        where.append("status IN ('complete', 'approved')")
    if statuses:
        where.append(f"status IN ({','.join('?' * len(statuses))})")
        params += list(statuses)
    if record_ids is not None:
        store.db.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _pkg_sel(id TEXT PRIMARY KEY)")
        store.db.conn.execute("DELETE FROM _pkg_sel")
        store.db.conn.executemany("INSERT OR IGNORE INTO _pkg_sel(id) VALUES (?)", [(r,) for r in record_ids])
        where.append("id IN (SELECT id FROM _pkg_sel)")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id"
    cur = store.execute(sql, params)
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur]
    conflicts: dict[str, list[str]] = {}
    # a held version (from a sender not trusted to change the record) stays here until a person decides
    for rid, version in store.execute("SELECT record_id, version FROM record_conflicts WHERE held = 0 "
                                      "ORDER BY record_id, rev"):
        conflicts.setdefault(rid, []).append(version)
    leaves = {r["id"]: sorted([r["rev"]] + [json.loads(v)["rev"] for v in conflicts.get(r["id"], [])])
              for r in rows}
    if mode == "changes":
        sent = {rid: json.loads(revs) for rid, revs in
                store.execute("SELECT record_id, revs FROM pkg_sent WHERE receiver = ?", [receiver])}
        rows = [r for r in rows if sent.get(r["id"]) != leaves[r["id"]]]
    keep = {r["id"] for r in rows}
    leaves = {k: v for k, v in leaves.items() if k in keep}
    return rows, {rid: conflicts[rid] for rid in keep if rid in conflicts}, leaves


def export_package(store: Store, out: str | os.PathLike, *, to: PublicKey | None = None, mode: str = "all",
                   record_ids: Sequence[str] | None = None, statuses: Sequence[str] | None = None,
                   kind: str | None = None, allow_empty: bool = False) -> ExportResult:
    """Write a package of this installation's records and seal what it sends.

    ``mode``: ``all`` (everything), ``changes`` (what changed since the last package to the same
    receiver: ``to``'s fingerprint, or no receiver), ``complete`` (complete and approved records).
    ``record_ids``/``statuses`` narrow the choice (e.g. a return package). With ``to`` every part is
    encrypted for that receiver. The file appears only when complete (written beside, then renamed).
    """
    if mode not in MODES:
        raise ValueError(mode)
    out = str(out)
    ident = identity(store)
    receiver = _receiver_key(to)
    package_id = str(uuid.uuid4())
    renamed: list[str] = []
    with _removed_on_failure(renamed), store.write():
        rows, extra, leaves = _selected(store, mode=mode, receiver=receiver, record_ids=record_ids,
                                        statuses=statuses)
        if not rows and not allow_empty:
            raise AppError("PKG_NOTHING", path=out, **{
                "all": detail("tất cả", "all"),
                "changes": detail("thay đổi từ gói trước", "changes since the last package"),
                "complete": detail("phiếu đã hoàn thành", "complete records")}[mode])
        versions: list[dict[str, Any]] = []
        for r in rows:
            versions.append(row_to_version(r))
            for v in extra.get(r["id"], []):
                versions.append(json.loads(v))
        ids = [r["id"] for r in rows]
        store.db.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _pkg_sel(id TEXT PRIMARY KEY)")
        store.db.conn.execute("DELETE FROM _pkg_sel")
        store.db.conn.executemany("INSERT OR IGNORE INTO _pkg_sel(id) VALUES (?)", [(i,) for i in ids])
        audit = [list(r) for r in store.execute(
            f"SELECT {', '.join(AUDIT_FIELDS)} FROM audit WHERE record_id IN (SELECT id FROM _pkg_sel) "
            "ORDER BY record_id, id")]
        decisions = [list(r) for r in store.execute(
            f"SELECT {', '.join(DECISION_FIELDS)} FROM dup_decisions WHERE record_a IN (SELECT id FROM _pkg_sel) "
            "OR record_b IN (SELECT id FROM _pkg_sel) ORDER BY record_a, record_b")]
        used = sorted({(v["form_id"], v["form_version"]) for v in versions})
        forms = []
        plain: list[tuple[str, bytes]] = []
        for i, (fid, ver) in enumerate(used, 1):
            src, ftype, fname, sha = store.execute(
                "SELECT source, file_type, file_name, sha256 FROM forms WHERE form_id = ? AND version = ?",
                [fid, ver]).fetchone()
            ext = (ftype if ftype.startswith(".") else "." + ftype).lower()
            if not ext[1:].isalnum():
                ext = ".bin"
            part = f"forms/{i}{ext}"
            forms.append({"form_id": fid, "version": ver, "file_type": ftype, "file_name": fname,
                          "sha256": sha, "part": part})
            plain.append((part, bytes(src)))
        plain = [("records.jsonl.gz", _gzip(_jsonl([{k: v[k] for k in VERSION_FIELDS} for v in versions]))),
                 ("audit.jsonl.gz", _gzip(_jsonl(audit))),
                 ("decisions.jsonl.gz", _gzip(_jsonl(decisions)))] + plain
        manifest: dict[str, Any] = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "package_id": package_id, "created_at": utcnow(),
            "kind": kind or mode, "app": "Khảo sát số",
            "sender": {**who(store), "fingerprint": ident.fingerprint, "sign_public": b64(ident.sign_public),
                       "enc_public": b64(ident.enc_public)},
            "receiver": ({"fingerprint": to.fingerprint, **to.info} if to is not None else None),
            "counts": {"records": len(rows), "versions": len(versions), "audit": len(audit),
                       "decisions": len(decisions), "forms": len(forms)},
            "forms": forms, "encryption": None, "parts": []}
        stored: list[tuple[str, bytes]] = []
        if to is not None:
            from cryptography.hazmat.primitives import serialization as ser
            from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            eph = X25519PrivateKey.generate()
            eph_pub = eph.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
            shared = eph.exchange(X25519PublicKey.from_public_bytes(to.enc_public))
            aead = AESGCM(_part_key(shared, eph_pub, to.enc_public, package_id))
            manifest["encryption"] = {"scheme": SCHEME, "recipient": to.fingerprint,
                                      "ephemeral_public": b64(eph_pub)}
            for i, (name, blob) in enumerate(plain):
                ename = name + ".enc"
                stored.append((ename, aead.encrypt(_nonce(i), blob, _aad(package_id, ename))))
                manifest["parts"].append({"name": ename, "plain_name": name})
        else:
            stored = list(plain)
            manifest["parts"] = [{"name": n} for n, _ in plain]
        for p, (_n, blob) in zip(manifest["parts"], stored, strict=True):
            p["sha256"] = hashlib.sha256(blob).hexdigest()
            p["size"] = len(blob)
        mbytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        data = _zip_bytes([("manifest.json", mbytes), ("manifest.sig", ident.sign(mbytes)), *stored])
        if len(data) > MAX_FILE:
            raise AppError("PKG_TOO_LARGE", path=out, **_sizes(len(data), MAX_FILE))
        tmp = _write_temp(out, data)
        try:
            store.execute("UPDATE records SET sealed = 1 WHERE sealed = 0 AND id IN (SELECT id FROM _pkg_sel)")
            store.db.conn.executemany(
                "INSERT INTO pkg_sent(receiver, record_id, revs) VALUES (?, ?, ?) "
                "ON CONFLICT(receiver, record_id) DO UPDATE SET revs = excluded.revs",
                [(receiver, rid, json.dumps(leaves[rid])) for rid in ids])
            store.execute("INSERT INTO pkg_exports(package_id, receiver, kind, file_name, created_at, records) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          [package_id, receiver, kind or mode, os.path.basename(out), manifest["created_at"],
                           len(rows)])
            # the file takes its name before the commit: records are marked as sent only when the
            # package is really there (a folder chosen as the name, or a USB stick pulled out, must
            # not leave them "sent" and so skipped by the next "changes" package)
            try:
                os.replace(tmp, out)
            except OSError as err:
                raise os_error(err, out) from None
            renamed.append(out)  # removed again if the commit fails: no package without its bookkeeping
        except BaseException:
            _unlink(tmp)
            raise
    return ExportResult(out, package_id, len(rows), len(versions), len(forms), len(audit),
                        to.fingerprint if to is not None else "", kind or mode)


@contextlib.contextmanager
def _removed_on_failure(paths: list[str]) -> Iterator[None]:
    try:
        yield
    except BaseException:
        for p in paths:
            _unlink(p)
        raise


def _write_temp(out: str, data: bytes) -> str:
    folder = os.path.dirname(os.path.abspath(out))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".ksp-", suffix=".part", dir=folder)
    except OSError as err:
        raise os_error(err, out) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as err:
        _unlink(tmp)  # no partial file left on a full or failing USB stick
        raise os_error(err, out) from None
    return tmp


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# ---------------------------------------------------------------------- import


@dataclass
class ImportSummary:
    """What one package did to the database (or why it was refused)."""

    file: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    duplicates: int = 0
    refused: int = 0
    reason: str = ""
    reason_en: str = ""
    package_id: str = ""
    sender: str = ""
    sender_fingerprint: str = ""
    sender_known: bool = False
    sender_trusted: bool = False         # trusted here (or this installation's own key): may update any record
    held: int = 0                        # updates kept as conflicts because the sender is not trusted (yet)
    trusted_first_use: bool = False      # the sender became trusted: first reply to what this database sent
    key_changed: bool = False            # refused: the device is known here with another key
    known_fingerprint: str = ""          # ... that key
    commune: str = ""
    role: str = ""
    kind: str = ""
    already_imported: bool = False
    backup: str = ""                     # outcome of the safety copy made before importing
    conflict_ids: list[str] = field(default_factory=list)
    held_ids: list[str] = field(default_factory=list)
    duplicate_pairs: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["duplicate_pairs"] = [list(p) for p in self.duplicate_pairs]
        return d


KEYS = ("added", "updated", "unchanged", "conflicts", "duplicates", "refused")


def summary_line(summaries: Sequence[ImportSummary]) -> str:
    """``added=… updated=… unchanged=… conflicts=… duplicates=… refused=…`` (and ``held=…``, which the
    conflicts include, when an untrusted sender's updates were kept for review)."""
    totals = {k: sum(getattr(s, k) for s in summaries) for k in KEYS}
    held = sum(s.held for s in summaries)
    return " ".join(f"{k}={totals[k]}" for k in KEYS) + (f" held={held}" if held else "")


def _auto_backup(store: Store) -> str:
    """The safety copy before an import (``models.store.backup.auto_backup``); its outcome as short text.

    A copy that could not be made does not stop the import (which is one transaction and loses
    nothing); the outcome is reported in each summary's ``backup``.
    """
    try:
        from models.store.backup import auto_backup
    except ModuleNotFoundError as err:
        if err.name != "models.store.backup":
            raise
        return "unavailable"
    res = auto_backup(store, reason="import")
    status = str(getattr(res, "status", res) or "")
    err = getattr(res, "error", None)
    if err is not None:
        status += ": " + (err.message("vi") if isinstance(err, AppError) else str(err))
    return status


def import_packages(db_path: str | os.PathLike, files: Sequence[str | os.PathLike], *,
                    cancel: threading.Event | None = None, user: str | None = None,
                    backup: bool = True) -> Iterator[Progress]:
    """Import packages into a database (created if missing), each in its own transaction.

    A generator for ``ui.worker.Worker``: yields :class:`Progress`, returns a list of
    :class:`ImportSummary` (one per file, refused ones included with their reason).
    """
    store = open_store(db_path)
    try:
        return (yield from import_into(store, files, cancel=cancel, user=user, backup=backup))
    finally:
        store.close()


def import_into(store: Store, files: Sequence[str | os.PathLike], *, cancel: threading.Event | None = None,
                user: str | None = None, backup: bool = True) -> Iterator[Progress]:
    from concurrent.futures import ThreadPoolExecutor

    summaries: list[ImportSummary] = []
    ident = identity(store)
    backed_up = not backup
    backup_status = "" if backup else "skipped"
    total = len(files)
    # Reading a package (verify, decrypt, decompress, parse, check every revision, prepare its rows) needs
    # nothing from the transaction: a helper thread reads the next file while this one is applied. It
    # pauses while the transaction writes its rows (``gate``): each row bound takes the interpreter lock
    # back, and a busy helper would make every one of them wait; during the commit, which holds no
    # Python lock, both really run at once.
    done = {(r[0], r[1]) for r in store.execute("SELECT package_id, file_sha256 FROM pkg_imports")}
    configured: dict[str, dict[str, list[str]]] = {}
    for fid, name, fields in store.execute("SELECT form_id, name, fields FROM dup_keys ORDER BY form_id, name"):
        configured.setdefault(fid, {})[name] = json.loads(fields)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pkg-read")
    ahead: list[Any] = []
    gate = threading.Event()
    gate.set()
    # Parsed packages are hundreds of thousands of small dicts and lists without cycles: the cyclic
    # collector would keep walking them (a tenth of the import's time). Paused while importing only.
    gc_was_on = gc.isenabled()
    gc.disable()

    def read_next(i: int) -> None:
        if not ahead and i + 1 < total:
            ahead.append(pool.submit(_prepare, files[i + 1], ident, done, store.path, configured, gate))

    try:
        if files:
            ahead.append(pool.submit(_prepare, files[0], ident, done, store.path, configured, gate))
        for i, f in enumerate(files):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            name = os.path.basename(str(f))
            yield Progress(i, total, name)
            prep = ahead.pop().result()
            read_next(i)
            s = ImportSummary(file=str(f))
            try:
                if prep.error is not None:
                    raise prep.error
                pkg = prep.pkg
                s.package_id, s.kind = pkg.package_id, str(pkg.manifest.get("kind", ""))
                s.sender, s.sender_fingerprint = pkg.sender.info.get("name", ""), pkg.sender.fingerprint
                s.commune, s.role = pkg.sender.info.get("commune", ""), pkg.sender.info.get("role", "")
                known = known_sender(store, pkg.sender.fingerprint)
                s.sender_known = known is not None
                s.sender_trusted = pkg.sender.fingerprint == ident.fingerprint or bool(known and known["trusted"])
                row = store.execute("SELECT file_sha256 FROM pkg_imports WHERE package_id = ?",
                                    [pkg.package_id]).fetchone()
                if row is not None and row[0] == pkg.file_sha256:
                    s.already_imported = True
                    s.unchanged = int(pkg.manifest.get("counts", {}).get("records", 0))
                    summaries.append(s)
                    continue
                if not backed_up:
                    backup_status = _auto_backup(store)
                    backed_up = True
                s.backup = backup_status
                try:
                    yield from _apply(store, prep, s, ident, user=user, cancel=cancel, step=(i, total), gate=gate)
                except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError) as err:
                    # content our checks let through but the database refuses (rolled back): still a refusal
                    _log.warning("package %s refused by the database: %r", name, err)
                    raise AppError("PKG_CONTENT", path=name, **detail(
                        "cơ sở dữ liệu không nhận một giá trị trong gói (số quá lớn hoặc dữ liệu trùng lặp sai)",
                        "the database refused a value in the package (a number too large or wrong duplicate "
                        "data)")) from None
            except Cancelled:
                raise
            except Exception as err:  # noqa: BLE001 - one bad file must not stop the others
                if not isinstance(err, AppError):
                    _log.exception("unexpected error importing package %s", name)
                    err = AppError("PKG_UNEXPECTED", path=name)
                if err.code == "PKG_KEY_CHANGED":
                    s.key_changed, s.known_fingerprint = True, str(err.context.get("known", ""))
                # nothing of a refused package is applied: no counts from a transaction rolled back
                s.added = s.updated = s.unchanged = s.conflicts = s.duplicates = s.held = 0
                s.conflict_ids, s.duplicate_pairs, s.held_ids = [], [], []
                s.refused, s.reason, s.reason_en = 1, err.message("vi"), err.message("en")
            finally:
                gate.set()
            summaries.append(s)
            if gc_was_on:
                # what the package left behind in reference cycles: with the collector paused it would
                # pile up package after package (5 MB each, 1.5 GB over a province's 300 communes)
                gc.collect()
    finally:
        gate.set()
        pool.shutdown(wait=True, cancel_futures=True)
        if gc_was_on:
            gc.enable()
    if any(s.added for s in summaries):
        # The record list's planner statistics (made when the records doubled since the last ones):
        # here, on the import's worker thread, rather than on the screen's first list query after it
        # (a full ANALYZE takes 15-30 s at a million records).
        from models.records.queries import ensure_statistics

        ensure_statistics(store)
    yield Progress(total, total, "")
    return summaries


@dataclass
class _Prepared:
    """A package read and checked outside the import's transaction (``_prepare``)."""

    pkg: Package | None = None
    error: AppError | None = None          # the file cannot be read or verified: refused
    content: tuple | None = None           # (versions, audit, decisions), if parsed
    invalid: AppError | None = None        # what is wrong with its content (raised when it is applied)
    pre: Precomputed | None = None         # checks and rows prepared for merge_versions


def _prepare(path: str | os.PathLike, ident: Identity, done: set[tuple[str, str]], db_path: str,
             configured: dict[str, dict[str, list[str]]], gate: threading.Event | None = None) -> _Prepared:
    """Everything about one package that does not depend on the import's transaction.

    Reads and verifies the file; unless it was imported already, parses its parts, checks their shape,
    checks every revision that is not already the current one here (as last committed: a hint only, since
    ``merge_versions`` decides in the transaction and does whatever was not done here) and prepares the
    rows, search text and business keys of the others with the forms the package carries."""
    try:
        return _prepare_one(path, ident, done, db_path, configured, gate)
    except Exception:  # noqa: BLE001 - reported as this file's refusal; the other files still import
        _log.exception("unexpected error reading package %s", path)
        return _Prepared(error=AppError("PKG_UNEXPECTED", path=os.path.basename(str(path))))


def _prepare_one(path: str | os.PathLike, ident: Identity, done: set[tuple[str, str]], db_path: str,
                 configured: dict[str, dict[str, list[str]]], gate: threading.Event | None) -> _Prepared:
    try:
        pkg = read_package(path, ident=ident)
    except AppError as err:
        return _Prepared(error=err)
    p = _Prepared(pkg=pkg)
    if (pkg.package_id, pkg.file_sha256) in done:
        return p
    wait = gate.wait if gate is not None else None
    try:
        p.content = _content(pkg, os.path.basename(pkg.path), wait=wait)
    except AppError as err:
        p.invalid = err
        return p
    versions = p.content[0]
    p.pre = precompute(versions, skip=_current_revs(db_path, sorted({v["id"] for v in versions})),
                       forms=_carried_forms(pkg), configured=configured, wait=wait)
    return p


def _carried_forms(pkg: Package) -> dict[tuple[str, str], Any]:
    """The forms a package carries that parse as what the manifest says. Only a hint for ``precompute``:
    a form that cannot be used here is left out, and the import itself reports what is wrong with it."""
    from models.store.database import form_from_source

    out = {}
    for f in pkg.manifest.get("forms", []):
        try:
            key = (str(f["form_id"]), str(f["version"]))
            src = pkg.parts.get(str(f["part"]))
            if src is None:
                continue
            form = form_from_source(src, str(f["file_type"]), str(f.get("file_name") or f["part"]))
        except Exception:  # noqa: BLE001, S112 - a hint decides nothing: _package_forms checks the forms
            continue
        if (form.form_id, form.version) == key:
            out[key] = form
    return out


def _current_revs(db_path: str, ids: list[str]) -> dict[str, str]:
    """The current revision of each of ``ids`` that is here, read on a connection of its own ({} if the
    database cannot be read that way)."""
    out: dict[str, str] = {}
    if not ids or not os.path.exists(db_path):
        return out
    try:
        conn = sqlite3.connect(db_path, timeout=30)
        try:
            conn.execute("PRAGMA query_only = 1")
            for k in range(0, len(ids), 500):
                chunk = ids[k:k + 500]
                out.update(conn.execute(f"SELECT id, rev FROM records WHERE id IN ({','.join('?' * len(chunk))})",
                                        chunk).fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
    return out


def _content(pkg: Package, shown: str, *, wait: Callable[[], Any] | None = None
             ) -> tuple[list[dict[str, Any]], list[list[Any]], list[list[Any]]]:
    """A package's versions, audit rows and duplicate decisions, parsed and checked for shape
    (``wait``: called between the steps, to let the caller pause this)."""
    if wait is not None:
        wait()
    versions = pkg.versions()
    if wait is not None:
        wait()
    for v in versions:  # the shape needed to merge; the full check happens in merge_versions
        if not isinstance(v, dict) or not isinstance(v.get("id"), str) or not isinstance(v.get("rev"), str) \
                or not isinstance(v.get("rev_gen"), int) or not isinstance(v.get("ancestry"), list) \
                or not isinstance(v.get("form_id"), str) or not isinstance(v.get("form_version"), str):
            wrong = check_version(v) or Why("a record lacks its id or revision", "một phiếu thiếu mã hoặc bản sửa")
            raise AppError("PKG_CONTENT", path=shown, **why(wrong))
    audit = pkg.audit()
    decisions = pkg.decisions()
    n_audit, text_or_null = len(AUDIT_FIELDS), {str, type(None)}
    for row in audit:  # JSON gives plain lists and str, so the types are compared exactly
        # old and new (6, 7) may be empty (None); every other column is text
        if type(row) is not list or len(row) != n_audit or not text_or_null.issuperset(map(type, row)) \
                or None in row[:6] or row[8] is None:
            raise AppError("PKG_CONTENT", path=shown, **detail("một dòng nhật ký sửa phiếu sai dạng",
                                                              "an audit row is malformed"))
    for row in decisions:
        if not isinstance(row, list) or len(row) != len(DECISION_FIELDS) or not all(isinstance(x, str) for x in row):
            raise AppError("PKG_CONTENT", path=shown, **detail("một quyết định về phiếu trùng sai dạng",
                                                              "a duplicate decision is malformed"))
    ids = {v["id"] for v in versions}
    if any(r[0] not in ids for r in audit):
        raise AppError("PKG_CONTENT", path=shown, **detail("một dòng nhật ký nói về phiếu không có trong gói",
                                                          "an audit row names a record the package does not "
                                                          "carry"))
    return versions, audit, decisions


def _apply(store: Store, prep: _Prepared, s: ImportSummary, ident: Identity, *, user: str | None,
           cancel: threading.Event | None, step: tuple[int, int],
           gate: threading.Event | None = None) -> Iterator[Progress]:
    from models.records.duplicates import pairs_for_records

    pkg = prep.pkg
    shown = os.path.basename(pkg.path)
    if prep.invalid is not None:
        raise prep.invalid
    versions, audit, decisions = prep.content if prep.content is not None else _content(pkg, shown)
    ids = {v["id"] for v in versions}
    forms = _package_forms(store, pkg, shown)
    carried = {(f["form_id"], f["version"]) for f in pkg.manifest.get("forms", [])}
    user = user if user is not None else store.setting("user_name")
    yield Progress(step[0], step[1], f"{shown}: {len(ids)}")
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    with store.write():
        trusted = _trusted(store, pkg, ident, shown)  # may refuse the package: nothing written yet
        held, replies = (set(), set()) if trusted else _held(store, pkg.sender.fingerprint, ids)
        for form in forms:
            store.add_form(form)
        known_forms = {(r[0], r[1]) for r in store.execute("SELECT form_id, version FROM forms")}
        for v in versions:
            key = (v["form_id"], v["form_version"])
            if key not in known_forms:
                raise AppError("PKG_FORM", path=shown, form_id=key[0], version=key[1],
                               **(detail("không có trong gói và chưa có ở máy này",
                                         "is neither in the package nor here") if key not in carried
                                  else detail("không dùng được", "cannot be used")))
        remember_sender(store, pkg.sender)
        if replies:
            mark_trusted(store, pkg.sender)  # trust on first use: the first reply to what this database sent
            s.trusted_first_use = True
        outcome = merge_versions(store, versions, sealed=True, user=user, where=shown,
                                 note=f"{shown} ({pkg.sender.info.get('name', '')})", pre=prep.pre,
                                 before_writes=gate.clear if gate is not None else None, held=held)
        added = set(outcome.added)
        changed = added | set(outcome.updated) | set(outcome.conflicts)
        if len(added) == len(ids):  # every record is new here: all its audit rows are too
            _add_audit(store, [], set(), fresh=audit)
        else:
            _add_audit(store, [r for r in audit if r[0] in changed], added)
        _add_decisions(store, decisions)
        if outcome.received:
            store.db.conn.executemany(
                "INSERT OR IGNORE INTO pkg_received(record_id, rev, package_id, outcome) VALUES (?, ?, ?, ?)",
                sorted((rid, rev, pkg.package_id, what) for rid, rev, what in outcome.received))
        touched = outcome.added + outcome.updated + outcome.conflicts
        live = {v["id"]: outcome.keys[v["id"]] for v in outcome.current if not v["deleted"]}
        pairs = pairs_for_records(store, touched, entries=live) if touched else []
        s.added, s.updated = len(outcome.added), len(outcome.updated)
        s.unchanged, s.conflicts = len(outcome.unchanged), len(outcome.conflicts)
        s.duplicates, s.conflict_ids = len(pairs), list(outcome.conflicts)
        s.held, s.held_ids, s.sender_trusted = len(outcome.held), list(outcome.held), trusted or bool(replies)
        s.duplicate_pairs = [(p["record_a"], p["record_b"]) for p in pairs]
        store.execute(
            "INSERT OR IGNORE INTO pkg_imports(package_id, file_sha256, file_name, sender, sender_name, commune, "
            "kind, created_at, imported_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [pkg.package_id, pkg.file_sha256, shown, pkg.sender.fingerprint, pkg.sender.info.get("name", ""),
             pkg.sender.info.get("commune", ""), s.kind, str(pkg.manifest.get("created_at", "")), utcnow(),
             json.dumps({k: getattr(s, k) for k in KEYS})])
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if gate is not None:
            gate.set()  # the commit holds no Python lock: the next package is read meanwhile


def _trusted(store: Store, pkg: Package, ident: Identity, shown: str) -> bool:
    """Whether the package's sender may update any record here (this installation's own key, or a sender
    a person has trusted). Refuses a package from a device known here with another key: the key of a
    device does not change unless it is reinstalled, which a person confirms by trusting the new key."""
    fp = pkg.sender.fingerprint
    if fp == ident.fingerprint:
        return True
    row = known_sender(store, fp)
    if row is not None and row["trusted"]:
        return True
    device = pkg.sender.info.get("device_id", "")
    if device:
        if device == store.device_id:
            other = (ident.fingerprint, store.setting("user_name"))
        else:
            other = store.execute("SELECT fingerprint, name FROM pkg_senders WHERE device_id = ? AND fingerprint != ? "
                                  "ORDER BY trusted DESC, last_seen DESC", [device, fp]).fetchone()
        if other is not None:
            raise AppError("PKG_KEY_CHANGED", path=shown, fingerprint=fp, known=other[0], device_id=device,
                           name=pkg.sender.info.get("name", "") or other[1] or "?")
    return False


def _held(store: Store, fp: str, ids: set[str]) -> tuple[set[str], set[str]]:
    """Which of ``ids`` a package signed with the untrusted key ``fp`` may not replace (``held``), and which
    it may replace only because it answers what this database sent (``replies``).

    Such a key may update the records it brought here itself. While this database trusts no sender at
    all (an enumerator's, before the clerk's first return package), it may also update records made here
    that were sent out in a package: that is the clerk's reply, and its key becomes trusted (trust on first
    use). Every other record that is here (made here, or brought by another sender) is held."""
    here: dict[str, str] = {}
    id_list = sorted(ids)
    for k in range(0, len(id_list), 500):
        chunk = id_list[k:k + 500]
        here.update(store.execute(f"SELECT id, device_id FROM records WHERE id IN ({','.join('?' * len(chunk))})",
                                  chunk).fetchall())
    if not here:
        return set(), set()
    own = {r[0] for r in store.execute(
        "SELECT r.record_id FROM pkg_imports i JOIN pkg_received r ON r.package_id = i.package_id "
        "WHERE i.sender = ? AND r.outcome = 'added'", [fp])}
    held = set(here) - own
    replies: set[str] = set()
    if held and store.execute("SELECT 1 FROM pkg_senders WHERE trusted = 1 LIMIT 1").fetchone() is None:
        device = store.device_id
        sent = {r[0] for r in store.execute("SELECT DISTINCT record_id FROM pkg_sent")}
        replies = {rid for rid in held if here[rid] == device and rid in sent}
    return held - replies, replies


@dataclass(frozen=True)
class TrustResult:
    """What trusting a sender did: its fingerprint and name, and the held updates it applied."""

    fingerprint: str
    name: str
    applied: int            # held updates now applied
    still_conflicts: int    # held versions that remain conflicts (they really clash with a change here)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def trust_sender(store: Store, fp: str, *, key: PublicKey | None = None, user: str | None = None) -> TrustResult:
    """Trust a sender (its fingerprint, read to the clerk on the phone): from now on its packages may update
    any record, and the updates of it that were held as conflicts are applied now as an ordinary import
    would have. ``key``: the sender's keys when they are not known here yet (a public key file, or a
    package refused because its device is known with another key)."""
    with store.write():
        if key is None:
            row = known_sender(store, fp)
            if row is None:
                raise AppError("PKG_UNKNOWN_SENDER", fingerprint=fp)
            key = key_of_sender(row)
        mark_trusted(store, key)
        held = store.execute(
            "SELECT r.package_id, r.record_id, r.rev FROM pkg_imports i JOIN pkg_received r "
            "ON r.package_id = i.package_id WHERE i.sender = ? AND r.outcome = 'held' ORDER BY r.record_id",
            [key.fingerprint]).fetchall()
        versions = []
        for _pid, rid, rev in held:
            row = store.execute("SELECT version FROM record_conflicts WHERE record_id = ? AND rev = ?",
                                [rid, rev]).fetchone()
            if row is not None:
                versions.append(json.loads(row[0]))
        applied = 0
        if versions:
            user = user if user is not None else store.setting("user_name")
            outcome = merge_versions(store, versions, sealed=True, user=user, promote=True,
                                     note=f"trusted {key.fingerprint}")
            store.db.conn.executemany(
                "INSERT INTO audit(record_id, at, user, device_id, action, path, old, new, rev) "
                "SELECT id, ?, ?, ?, 'trust', '', NULL, ?, rev FROM records WHERE id = ?",
                [(utcnow(), user, store.device_id, key.fingerprint, rid) for rid in outcome.updated])
            applied = len(outcome.updated)
        store.db.conn.executemany("UPDATE record_conflicts SET held = 0 WHERE record_id = ? AND rev = ?",
                                  [(rid, rev) for _pid, rid, rev in held])
        store.db.conn.executemany(
            "UPDATE pkg_received SET outcome = CASE WHEN EXISTS (SELECT 1 FROM record_conflicts c WHERE "
            "c.record_id = pkg_received.record_id AND c.rev = pkg_received.rev) THEN 'conflict' ELSE 'updated' END "
            "WHERE package_id = ? AND record_id = ? AND rev = ?", held)
        still = store.execute(
            "SELECT count(DISTINCT r.record_id) FROM pkg_imports i JOIN pkg_received r ON r.package_id = i.package_id "
            "JOIN record_conflicts c ON c.record_id = r.record_id AND c.rev = r.rev "
            "WHERE i.sender = ? AND r.outcome = 'conflict'", [key.fingerprint]).fetchone()[0] if held else 0
    return TrustResult(key.fingerprint, key.info.get("name", ""), applied, still)


def trust_candidates(summaries: Sequence[ImportSummary]) -> list[dict[str, Any]]:
    """The senders of an import a person may want to trust: imported from a key not trusted here (its
    updates of others' records were held), or refused because the device is known with another key.
    One entry per key: fingerprint, name, file (a package it signed), key_changed, held."""
    out: dict[str, dict[str, Any]] = {}
    for s in summaries:
        if not s.sender_fingerprint or (s.refused and not s.key_changed) or (not s.refused and s.sender_trusted):
            continue
        c = out.setdefault(s.sender_fingerprint, {"fingerprint": s.sender_fingerprint, "name": s.sender,
                                                  "file": s.file, "key_changed": False, "held": 0})
        c["key_changed"] |= s.key_changed
        c["held"] += s.held
        if s.key_changed:
            c["file"] = s.file
    return list(out.values())


def trust_sender_at(db_path: str | os.PathLike, *, fingerprint: str | None = None, key_file: str | None = None,
                    package: str | None = None) -> TrustResult:
    """:func:`trust_sender` on a database path, the sender named by its fingerprint (known here), its public
    key file, or a package it signed (verified; e.g. one refused because the device's key changed)."""
    from models.exchange.keys import read_public_key

    store = open_store(db_path)
    try:
        key = None
        if key_file is not None:
            key = read_public_key(key_file)
        elif package is not None:
            key = read_package(package, ident=None).sender
        fp = key.fingerprint if key is not None else str(fingerprint or "")
        return trust_sender(store, fp, key=key)
    finally:
        store.close()


def _package_forms(store: Store, pkg: Package, shown: str) -> list[Any]:
    """The forms a package carries that this database does not have yet (parsed, not stored)."""
    from forms.errors import FormError
    from models.store.database import form_from_source

    out = []
    for f in pkg.manifest.get("forms", []):
        try:
            fid, ver, part, ftype = str(f["form_id"]), str(f["version"]), str(f["part"]), str(f["file_type"])
        except (KeyError, TypeError):
            raise AppError("PKG_CONTENT", path=shown, **detail("một mục biểu mẫu trong manifest.json sai dạng",
                                                              "a form entry of the manifest is malformed")) from None
        src = pkg.parts.get(part)
        if src is None:
            raise AppError("PKG_CONTENT", path=shown, **detail(f"thiếu tệp biểu mẫu {part}",
                                                              f"the form file {part} is missing"))
        sha = hashlib.sha256(src).hexdigest()
        row = store.execute("SELECT sha256 FROM forms WHERE form_id = ? AND version = ?", [fid, ver]).fetchone()
        if row is not None:
            if row[0] != sha:
                raise AppError("PKG_FORM", path=shown, form_id=fid, version=ver,
                               **detail("khác với biểu mẫu cùng phiên bản đã có ở máy này",
                                        "differs from the same version already here"))
            continue
        try:  # parsed once per process (the reader thread has usually parsed it already)
            form = form_from_source(src, ftype, str(f.get("file_name") or part))
        except FormError as err:
            raise AppError("PKG_FORM", path=shown, form_id=fid, version=ver,
                           **detail("không đọc được: " + "; ".join(err.lines("vi"))[:300],
                                    "cannot be read: " + "; ".join(err.lines("en"))[:300])) from None
        if (form.form_id, form.version) != (fid, ver):
            raise AppError("PKG_FORM", path=shown, form_id=fid, version=ver,
                           **detail(f"thực ra là '{form.form_id}' '{form.version}'",
                                    f"is really '{form.form_id}' '{form.version}'"))
        out.append(form)
    return out


def _add_audit(store: Store, rows: list[list[Any]], new_ids: set[str], *, fresh: list[list[Any]] | None = None
               ) -> None:
    """Add the package's audit rows that are not here yet (rows of new records need no check).

    Only records the package changed are given: for a record whose revisions were all known here,
    its trail up to those revisions came with them already. ``fresh``: rows known to be of new records.
    """
    fresh = (fresh or []) + [r for r in rows if r[0] in new_ids] if rows else (fresh or [])
    other = [r for r in rows if r[0] not in new_ids]
    conn = store.db.conn
    if fresh:
        conn.executemany(f"INSERT INTO audit({', '.join(AUDIT_FIELDS)}) VALUES ({', '.join('?' * 9)})", fresh)
    if other:
        conn.executemany(
            f"INSERT INTO audit({', '.join(AUDIT_FIELDS)}) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS ("
            "SELECT 1 FROM audit WHERE record_id = ? AND at = ? AND device_id = ? AND action = ? AND path = ? "
            "AND rev = ? AND old IS ? AND new IS ? AND user = ?)",
            [(*r, r[0], r[1], r[3], r[4], r[5], r[8], r[6], r[7], r[2]) for r in other])


def _add_decisions(store: Store, rows: list[list[Any]]) -> None:
    if rows:
        store.db.conn.executemany(
            f"INSERT OR IGNORE INTO dup_decisions({', '.join(DECISION_FIELDS)}) VALUES ({', '.join('?' * 7)})",
            [tuple(r) for r in rows if r[0] < r[1]])


# ---------------------------------------------------------------------- inspect, history


def inspect_package(path: str | os.PathLike, *, store: Store | None = None) -> dict[str, Any]:
    """What a package says about itself, verified (signature, digests), without importing it."""
    ident = identity(store) if store is not None else None
    try:
        pkg = read_package(path, ident=ident)
    except AppError as err:
        if err.code != "PKG_NOT_FOR_US":
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


def import_history(store: Store) -> list[dict[str, Any]]:
    """Every package imported here: who sent it (commune), when, and what it did."""
    cur = store.execute("SELECT package_id, file_name, sender, sender_name, commune, kind, created_at, imported_at, "
                        "summary FROM pkg_imports ORDER BY imported_at DESC")
    cols = [d[0] for d in cur.description]
    out = []
    for r in cur:
        d = dict(zip(cols, r, strict=True))
        d["summary"] = json.loads(d["summary"] or "{}")
        out.append(d)
    return out


def records_from_package(store: Store, package_id: str) -> list[dict[str, Any]]:
    """Which records (and revisions) a package brought, and what each did."""
    return [{"record_id": r[0], "rev": r[1], "outcome": r[2]} for r in store.execute(
        "SELECT record_id, rev, outcome FROM pkg_received WHERE package_id = ? ORDER BY record_id", [package_id])]


# ---------------------------------------------------------------------- one call per screen action


def consolidation_lists(db_path: str | os.PathLike) -> dict[str, Any]:
    """Everything the consolidation screen lists: open conflicts, possible duplicates, records awaiting
    review, returned records per enumerator and the import history."""
    from models.records.duplicates import possible_duplicates
    from models.exchange.merge import open_conflicts
    from models.records.review import awaiting_review, returned_records

    store = open_store(db_path)
    try:
        returned: dict[str, int] = {}
        for r in returned_records(store):
            returned[r["enumerator"]] = returned.get(r["enumerator"], 0) + 1
        return {"conflicts": open_conflicts(store), "duplicates": possible_duplicates(store),
                "awaiting_review": awaiting_review(store), "history": import_history(store),
                "returned_by_enumerator": returned}
    finally:
        store.close()


def export_to_file(db_path: str | os.PathLike, out: str, *, mode: str = "all", key_file: str | None = None,
                   enumerator: str | None = None) -> ExportResult:
    """Export from a database path: a package (``mode``), or a return package for ``enumerator``."""
    from models.exchange.keys import read_public_key
    from models.exchange.returns import export_return_package

    to = read_public_key(key_file) if key_file else None
    store = open_store(db_path)
    try:
        if enumerator is not None:
            return export_return_package(store, out, enumerator=enumerator, to=to)
        return export_package(store, out, to=to, mode=mode)
    finally:
        store.close()


def write_key_file(db_path: str | os.PathLike, out: str) -> str:
    """Write this installation's public key file; returns its fingerprint."""
    from models.exchange.keys import write_public_key

    store = open_store(db_path)
    try:
        return write_public_key(store, out).fingerprint
    finally:
        store.close()


__all__ = ["FORMAT", "FORMAT_VERSION", "SUFFIX", "export_package", "import_packages", "import_into", "read_package",
           "inspect_package", "import_history", "records_from_package", "summary_line", "ImportSummary",
           "ExportResult", "Package", "fingerprint", "trust_sender", "trust_sender_at", "trust_candidates",
           "TrustResult"]
