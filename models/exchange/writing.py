"""Writing a package: which records a mode selects, the manifest, the signature, optional
encryption, written as a temporary file and renamed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import uuid
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from models.base.changes import PACKAGES, Changes
from models.base.errors import Bilingual, os_error
from models.exchange import codec
from models.exchange.codec import (
    DECISION_FIELDS,
    FORMAT,
    FORMAT_VERSION,
    MEDIA_PREFIX,
    MODES,
    ZipWriter,
    _gzip,
    _jsonl,
    _sizes,
)
from models.exchange.crypto import SCHEME, _aad, _nonce, _part_key
from models.exchange.errors import PackageCode, PackageError
from models.exchange.keys import (
    PublicKey,
    b64,
    identity,
    who,
)
from models.store.database import Store, utcnow
from models.store.schema import AUDIT_FIELDS, VERSION_FIELDS, row_to_version


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
    #: what writing it changed here: the packages sent (records sealed, "sent" bookkeeping); not in as_dict
    changes: Changes = field(default=Changes.of(PACKAGES), compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("changes")
        return d


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
                   kind: str | None = None, allow_empty: bool = False, forms_only: bool = False) -> ExportResult:
    """Write a package of this installation's records and seal what it sends.

    ``mode``: ``all`` (everything), ``changes`` (what changed since the last package to the same
    receiver: ``to``'s fingerprint, or no receiver), ``complete`` (complete and approved records).
    ``record_ids``/``statuses`` narrow the choice (e.g. a return package). With ``to`` every part is
    encrypted for that receiver. The file appears only when complete (written beside, then renamed).

    Every package also carries the newest version of each form added here by a person (not bundled
    with the application), so that a new questionnaire travels down with the ordinary packages
    (``models.exchange.forms_down``); ``forms_only``: a package of those forms and no record.
    """
    if mode not in MODES:
        raise ValueError(mode)
    out = str(out)
    kind = kind or ("forms" if forms_only else None)
    ident = identity(store)
    receiver = _receiver_key(to)
    package_id = str(uuid.uuid4())
    renamed: list[str] = []
    with _removed_on_failure(renamed), store.write():
        rows: list[Any]
        extra: dict[str, Any]
        leaves: dict[str, Any]
        if forms_only:
            rows, extra, leaves = [], {}, {}
        else:
            rows, extra, leaves = _selected(store, mode=mode, receiver=receiver, record_ids=record_ids,
                                            statuses=statuses)
        if forms_only and not _distributed_forms(store):
            raise PackageError(PackageCode.PKG_NOTHING, path=out, detail=Bilingual(
                "biểu mẫu do người dùng thêm (chưa thêm biểu mẫu nào)", "forms added by a person (none was added)"))
        if not rows and not allow_empty and not forms_only:
            raise PackageError(PackageCode.PKG_NOTHING, path=out, detail={
                "all": Bilingual("tất cả", "all"),
                "changes": Bilingual("thay đổi từ gói trước", "changes since the last package"),
                "complete": Bilingual("phiếu đã hoàn thành", "complete records")}[mode])
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
        used = sorted({(v["form_id"], v["form_version"]) for v in versions} | _distributed_forms(store))
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
            entry = {"form_id": fid, "version": ver, "file_type": ftype, "file_name": fname, "sha256": sha,
                     "part": part}
            plain.append((part, bytes(src)))
            attachments = _form_attachments(store, fid, ver, i)
            if attachments:  # the form's own files (external data), after the form file
                entry["attachments"] = [a for a, _blob in attachments]
                plain.extend((a["part"], blob) for a, blob in attachments)
            forms.append(entry)
        # erasures of personal data travel with the records they erased (models.exchange.erase): the part
        # only when there are some, so a package without them is what it always was
        from models.exchange import erase

        erasures = erase.lines_for(store, ids)
        erase.mark_versions(store, versions)
        plain = [("records.jsonl.gz", _gzip(_jsonl([_line(v) for v in versions]))),
                 ("audit.jsonl.gz", _gzip(_jsonl(audit))),
                 ("decisions.jsonl.gz", _gzip(_jsonl(decisions)))] \
            + ([(erase.PART, _gzip(_jsonl(erasures)))] if erasures else []) + plain
        media = _media_of(store, versions, out)
        manifest: dict[str, Any] = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "package_id": package_id, "created_at": utcnow(),
            "kind": kind or mode, "app": "Khảo sát số",
            "sender": {**who(store), "fingerprint": ident.fingerprint, "sign_public": b64(ident.sign_public),
                       "enc_public": b64(ident.enc_public)},
            "receiver": ({"fingerprint": to.fingerprint, **to.info} if to is not None else None),
            "counts": {"records": len(rows), "versions": len(versions), "audit": len(audit),
                       "decisions": len(decisions), "forms": len(forms), "media": len(media),
                       **({"erasures": len(erasures)} if erasures else {})},
            "forms": forms, "media": [{**m, "part": MEDIA_PREFIX + m["sha256"]} for m in media],
            "encryption": None, "parts": []}
        stored: list[tuple[str, bytes]] = []
        # media parts are read from the database in pieces, twice: once for the manifest's digests, once
        # to write them (an encrypted one is encrypted twice, with the same key and nonce: the same bytes)
        streams: list[tuple[str, Callable[[], Iterator[bytes]]]] = []
        aead_key: bytes | None = None
        if to is not None:
            from cryptography.hazmat.primitives import serialization as ser
            from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            eph = X25519PrivateKey.generate()
            eph_pub = eph.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
            shared = eph.exchange(X25519PublicKey.from_public_bytes(to.enc_public))
            aead_key = _part_key(shared, eph_pub, to.enc_public, package_id)
            aead = AESGCM(aead_key)
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
        for m in media:
            name = MEDIA_PREFIX + m["sha256"]
            index = len(manifest["parts"])
            if aead_key is None:
                chunks = _file_chunks(store, m["sha256"])
                entry = {"name": name, "sha256": m["sha256"], "size": m["size"]}
            else:
                entry = {"name": name + ".enc", "plain_name": name}
                chunks = _encrypted(_file_chunks(store, m["sha256"]), aead_key, index,
                                    _aad(package_id, entry["name"]))
                entry["sha256"], entry["size"] = _digest_of(chunks)
            manifest["parts"].append(entry)
            streams.append((entry["name"], chunks))
        mbytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        in_memory = len(mbytes) + sum(len(b) for _n, b in stored)
        if in_memory > codec.MAX_FILE:
            raise PackageError(PackageCode.PKG_TOO_LARGE, path=out, detail=_sizes(in_memory, codec.MAX_FILE))
        tmp = _write_temp(out, [("manifest.json", mbytes), ("manifest.sig", ident.sign(mbytes)), *stored],
                          streams)
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


def _write_temp(out: str, entries: Sequence[tuple[str, bytes]],
                streams: Sequence[tuple[str, Callable[[], Iterator[bytes]]]] = ()) -> str:
    """The canonical archive of ``entries`` then the media parts ``streams`` (read in pieces, their CRC
    taken in a first pass), written to a temporary file beside ``out``."""
    folder = os.path.dirname(os.path.abspath(out))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".ksp-", suffix=".part", dir=folder)
    except OSError as err:
        raise os_error(err, out) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            w = ZipWriter(fh)
            for name, data in entries:
                w.add(name, data)
            for name, chunks in streams:
                size, crc = 0, 0
                for piece in chunks():
                    size += len(piece)
                    crc = zlib.crc32(piece, crc)
                w.add_stream(name, size, crc & 0xFFFFFFFF, chunks)
            w.close()
            fh.flush()
            os.fsync(fh.fileno())
    except OverflowError:
        _unlink(tmp)
        raise PackageError(PackageCode.PKG_TOO_LARGE, path=out,
                           detail=_sizes(codec.MAX_PACKAGE + 1, codec.MAX_PACKAGE)) from None
    except OSError as err:
        _unlink(tmp)  # no partial file left on a full or failing USB stick
        raise os_error(err, out) from None
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _line(v: Mapping[str, Any]) -> dict[str, Any]:
    """A line of records.jsonl.gz: the version's fields in order, and ``erased`` when an erasure changed it."""
    line = {k: v[k] for k in VERSION_FIELDS}
    if v.get("erased"):
        line["erased"] = v["erased"]
    return line


def _media_of(store: Store, versions: Sequence[Mapping[str, Any]], out: str) -> list[dict[str, Any]]:
    """The files the versions name (each once, by digest, in digest order): {sha256, size, type}. A file
    whose bytes are not here cannot travel: the package is refused naming the record and the file."""
    from models.store.files import has_file

    media: dict[str, dict[str, Any]] = {}
    for v in versions:
        for name, f in sorted((v.get("files") or {}).items()):
            if f["sha256"] in media:
                continue
            if not has_file(store, f["sha256"]):
                raise PackageError(PackageCode.PKG_MEDIA_MISSING, path=out, record_id=v["id"], file=name)
            media[f["sha256"]] = {"sha256": f["sha256"], "size": int(f["size"]), "type": str(f.get("type", ""))}
    return [media[k] for k in sorted(media)]


def _file_chunks(store: Store, sha256: str) -> Callable[[], Iterator[bytes]]:
    from models.store.files import iter_file

    return lambda: iter_file(store, sha256)


def _encrypted(chunks: Callable[[], Iterator[bytes]], key: bytes, index: int,
               aad: bytes) -> Callable[[], Iterator[bytes]]:
    """AES-256-GCM in pieces: the same bytes as ``AESGCM(key).encrypt(nonce, data, aad)`` (the
    ciphertext, then the 16-byte tag)."""
    def run() -> Iterator[bytes]:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        enc = Cipher(algorithms.AES(key), modes.GCM(_nonce(index))).encryptor()
        enc.authenticate_additional_data(aad)
        for piece in chunks():
            yield enc.update(piece)
        yield enc.finalize() + enc.tag
    return run


def _digest_of(chunks: Callable[[], Iterator[bytes]]) -> tuple[str, int]:
    h, n = hashlib.sha256(), 0
    for piece in chunks():
        h.update(piece)
        n += len(piece)
    return h.hexdigest(), n


def _distributed_forms(store: Store) -> set[tuple[str, str]]:
    """The newest version of each form that a person added here (not bundled with the application):
    every package carries them, so that a new questionnaire reaches the communes and enumerators."""
    out = set()
    for (fid,) in store.execute("SELECT DISTINCT form_id FROM forms WHERE bundled = 0").fetchall():
        ver = store.latest_version(fid)
        row = store.execute("SELECT bundled FROM forms WHERE form_id = ? AND version = ?", [fid, ver]).fetchone()
        if row is not None and not row[0]:
            out.add((fid, ver))
    return out


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _form_attachments(store: Store, form_id: str, version: str, index: int) -> list[tuple[dict[str, str], bytes]]:
    """A form version's attachments (table ``form_files``) as package parts ``forms/<n>/<k><ext>``
    (part names are ASCII: the file's own name, which may not be, is in the manifest entry)."""
    out = []
    for k, (name, sha, blob) in enumerate(store.execute(
            "SELECT file_name, sha256, data FROM form_files WHERE form_id = ? AND version = ? ORDER BY file_name",
            [form_id, version]), 1):
        ext = os.path.splitext(name)[1].lower()
        if not ext[1:].isalnum() or not ext.isascii():
            ext = ".bin"
        out.append(({"file_name": name, "sha256": sha, "part": f"forms/{index}/{k}{ext}"}, bytes(blob)))
    return out
