"""The bytes of files attached to records, kept once per content (table ``record_files``).

A record names its attachments in its ``files`` column (``{file name: {"sha256", "size", "type"}}``,
part of its content, see :mod:`models.store.schema`); the bytes live here, keyed by their SHA-256, so
two versions of a record (or two records) holding the same file keep one copy, and a package or a
sync reads the bytes by digest. Rows are written inside the caller's transaction (the answer that
names a file and its bytes are committed together) and read in pieces (:func:`open_file`), never
whole when they only pass through.

Imports only the standard library.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from models.base.driver import sqlite3

#: the size of the pieces files are read and written in
CHUNK = 1 << 16
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def is_digest(value: Any) -> bool:
    return isinstance(value, str) and bool(_SHA256.match(value))


def file_entry(data: bytes, media_type: str) -> dict[str, Any]:
    """What a record's ``files`` column holds for ``data``."""
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "type": media_type}


def _conn(db: Any) -> sqlite3.Connection:
    return db if isinstance(db, sqlite3.Connection) else db.conn


def put_file(db: Any, data: bytes, media_type: str = "", *, at: str = "") -> dict[str, Any]:
    """Keep ``data`` (inside the caller's transaction); returns its :func:`file_entry`."""
    entry = file_entry(data, media_type)
    _conn(db).execute("INSERT OR IGNORE INTO record_files(sha256, size, media_type, data, added_at) "
                      "VALUES (?, ?, ?, ?, ?)", (entry["sha256"], entry["size"], media_type, data, at))
    return entry


def put_stream(db: Any, chunks: Iterable[bytes], sha256: str, size: int, media_type: str = "", *,
               at: str = "") -> bool:
    """Keep a file given in pieces whose digest and size are known (a package part): the row is made at
    its size and filled piece by piece, so the whole file is never in memory. Returns False (and keeps
    nothing) when the bytes do not match ``sha256``/``size``; True when kept or already here."""
    conn = _conn(db)
    if has_file(conn, sha256):
        for _ in chunks:  # consume: the caller's stream stays in step
            pass
        return True
    conn.execute("SAVEPOINT put_stream")
    try:
        cur = conn.execute("INSERT INTO record_files(sha256, size, media_type, data, added_at) "
                           "VALUES (?, ?, ?, zeroblob(?), ?)", (sha256, size, media_type, size, at))
        rowid = int(cur.lastrowid or 0)
        h, n = hashlib.sha256(), 0
        with _open_blob(conn, rowid, readonly=False) as blob:
            for piece in chunks:
                n += len(piece)
                if n > size:
                    raise ValueError("longer than its size")
                h.update(piece)
                blob.write(piece)
        if n != size or h.hexdigest() != sha256:
            raise ValueError("digest or size differ")
    except ValueError:
        conn.execute("ROLLBACK TO put_stream")
        conn.execute("RELEASE put_stream")
        return False
    except BaseException:
        conn.execute("ROLLBACK TO put_stream")
        conn.execute("RELEASE put_stream")
        raise
    conn.execute("RELEASE put_stream")
    return True


def has_file(db: Any, sha256: str) -> bool:
    return _conn(db).execute("SELECT 1 FROM record_files WHERE sha256 = ?", (sha256,)).fetchone() is not None


def missing_files(db: Any, digests: Iterable[str]) -> list[str]:
    """The digests among ``digests`` whose bytes are not kept here."""
    conn = _conn(db)
    return [d for d in dict.fromkeys(digests) if not has_file(conn, d)]


def file_bytes(db: Any, sha256: str) -> bytes | None:
    row = _conn(db).execute("SELECT data FROM record_files WHERE sha256 = ?", (sha256,)).fetchone()
    return bytes(row[0]) if row else None


def open_file(db: Any, sha256: str) -> io.RawIOBase | None:
    """A read-only stream over a kept file's bytes (SQLite's incremental blob I/O), or None."""
    conn = _conn(db)
    row = conn.execute("SELECT rowid FROM record_files WHERE sha256 = ?", (sha256,)).fetchone()
    return None if row is None else _BlobReader(_open_blob(conn, row[0], readonly=True))


def _open_blob(conn: Any, rowid: int, *, readonly: bool):
    """SQLite's incremental blob I/O on ``record_files.data``: ``blobopen`` in the standard library's
    module, ``open_blob`` in SQLCipher's (:mod:`models.base.driver`)."""
    opener = getattr(conn, "blobopen", None)
    if opener is not None:
        return opener("record_files", "data", rowid, readonly=readonly)
    return conn.open_blob("record_files", "data", rowid, readonly=readonly)


def iter_file(db: Any, sha256: str, chunk: int = CHUNK) -> Iterator[bytes]:
    f = open_file(db, sha256)
    if f is None:
        raise KeyError(sha256)
    with f:
        while piece := f.read(chunk):
            yield piece


class _BlobReader(io.RawIOBase):
    def __init__(self, blob: Any):
        self._blob = blob

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self._blob.read(len(b))
        b[:len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._blob.close()
        super().close()


def entries_of(files: Mapping[str, Any] | str | None) -> dict[str, dict[str, Any]]:
    """A record's ``files`` column (JSON text or an object) as a dict."""
    if isinstance(files, str):
        import json

        return json.loads(files or "{}")
    return dict(files or {})


__all__ = ["CHUNK", "entries_of", "file_bytes", "file_entry", "has_file", "is_digest", "iter_file",
           "missing_files", "open_file", "put_file", "put_stream"]
