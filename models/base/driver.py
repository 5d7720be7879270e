"""The application's one SQLite driver: SQLCipher's DB-API module (``sqlcipher3``).

SQLCipher is SQLite with every page of the file (and of its WAL) encrypted with AES-256 and
authenticated by an HMAC; a connection without a key behaves exactly like ``sqlite3``. The module is
a fork of the standard library's ``sqlite3`` with its own classes, so an ``except sqlite3.Error``
would not catch its errors: every module of the application that opens a database, or catches or
inspects an SQLite error, takes ``sqlite3`` from here::

    from models.base.driver import sqlite3

Why ``sqlcipher3`` (coleifer, SQLCipher 4.x, wheels for Windows, Linux and macOS) and not
``apsw-sqlite3mc`` or ``sqlcipher3-wheels``: see ``docs/security.md`` ("Encryption at rest").

:func:`connect` opens a connection and, given a 32-byte key, keys it before any other statement;
SQLCipher's own log lines (it prints "hmac check failed" to stderr for a wrong key) are turned off:
the application says what happened in the user's language.

**The page HMAC.** Every page is authenticated by an HMAC, with SHA-256 or SHA-512 (SQLCipher 4's
default, used by every database encrypted before issue 18's speed work). Both are kept and both are
strong (a 256- or 512-bit tag under a 256-bit key; forging a page is out of reach either way); what
differs is the cost of a page written or read: a durable save writes about a dozen pages, a package
import or a backup thousands. On processors with SHA extensions (most made since 2017-2019) SHA-256 is
about 2.5x faster than SHA-512; without them SHA-512 is the faster. So a **new** encrypted file takes
the one that is faster on this computer (:func:`new_hmac`, measured once per process), and an
**existing** file is opened with the HMAC it was made with: the setting is not stored anywhere, it is
found by reading the first page (:func:`connect` tries the likely one first; the other only when the
first page does not authenticate). A database, its backups and copies may each have either.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlcipher3 import dbapi2 as sqlite3

__all__ = ["sqlite3", "connect", "key_pragma", "is_plain_file", "SQLITE_HEADER", "HMACS", "new_hmac", "hmac_of"]

#: the page cache of a connection, in KiB (allocated as pages are read, not at once)
CACHE_KIB = 64 * 1024

#: the first 16 bytes of a plain (unencrypted) SQLite database file
SQLITE_HEADER = b"SQLite format 3\x00"

#: the page HMACs an encrypted file may have (``PRAGMA cipher_hmac_algorithm``); SHA-512 is SQLCipher 4's
#: default and that of every database encrypted before issue 18's speed work
HMAC_SHA256, HMAC_SHA512 = "HMAC_SHA256", "HMAC_SHA512"
HMACS = (HMAC_SHA256, HMAC_SHA512)

_SQLITE_NOTADB = 26
_new_hmac: str | None = None
_hmac_seen: dict[str, str] = {}  # the HMAC found for each file opened in this process (a hint only)
_lock = threading.Lock()


def new_hmac() -> str:
    """The page HMAC for a new encrypted file: SHA-256 or SHA-512, whichever hashes a page faster on
    this computer (measured once per process, about a millisecond; SHA-256 unless SHA-512 is clearly
    faster, as it is on processors without SHA extensions)."""
    global _new_hmac
    if _new_hmac is None:
        import hashlib

        page = bytes(4096)

        def best(name: str) -> float:
            h = getattr(hashlib, name)
            times = []
            for _ in range(3):
                t = time.perf_counter()
                for _ in range(32):
                    h(page).digest()
                times.append(time.perf_counter() - t)
            return min(times)

        _new_hmac = HMAC_SHA512 if best("sha512") < 0.9 * best("sha256") else HMAC_SHA256
    return _new_hmac


def hmac_of(conn: sqlite3.Connection, schema: str = "main") -> str:
    """The page HMAC of a keyed connection's database (of ``schema``, an attached one)."""
    return str(conn.execute(f"PRAGMA {schema}.cipher_hmac_algorithm").fetchone()[0])


def key_pragma(key: bytes, salt: bytes | None = None) -> str:
    """``PRAGMA key`` with a raw 256-bit key (no passphrase derivation inside SQLCipher: the key is
    derived once, by :mod:`models.store.keys`, with scrypt). ``salt`` (16 bytes) is written into a new
    file's first 16 bytes; an existing file keeps its own."""
    if len(key) != 32:
        raise ValueError("a database key has 32 bytes")
    extra = salt.hex() if salt else ""
    return f"PRAGMA key = \"x'{key.hex()}{extra}'\""


def connect(path: str, *, key: bytes | None = None, salt: bytes | None = None, hmac: str | None = None,
            **kwargs: Any) -> sqlite3.Connection:
    """Open ``path`` (``sqlite3.connect``'s arguments) and key it when ``key`` is given.

    An encrypted file is opened with its page HMAC: ``hmac`` when given, else the one whose check its
    first page passes (a new or empty file: :func:`new_hmac`). When no HMAC makes the first page
    authenticate (a wrong key, a damaged file, not a database), SQLite's error is raised, as it always
    was for a wrong key."""
    if key is None or hmac is not None:
        return _open(path, key, salt, hmac, kwargs)
    name = str(path)
    with _lock:
        likely = _hmac_seen.get(name) or new_hmac()
    for h in (likely, *(h for h in HMACS if h != likely)):
        try:
            conn = _open(path, key, salt, h, kwargs, probe=True)
        except sqlite3.DatabaseError as err:
            if getattr(err, "sqlite_errorcode", None) != _SQLITE_NOTADB:
                raise
            continue
        with _lock:
            _hmac_seen[name] = h
        return conn
    return _open(path, key, salt, likely, kwargs)


def _open(path: str, key: bytes | None, salt: bytes | None, hmac: str | None,
          kwargs: dict[str, Any], probe: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(path, **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(key_pragma(key, salt))
            if hmac is not None:
                if hmac not in HMACS:
                    raise ValueError(f"unknown page HMAC {hmac!r}")
                conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
            if probe:  # the first page is read (and authenticated) now: a wrong HMAC fails here
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # each page read from an encrypted file is decrypted and its HMAC checked: keep more of them in
        # memory than SQLite's default 2 MiB (bench/encryption.py: searches that touch many pages were 3x
        # slower than on a plain file with the default); plain files get the same, so the two compare fairly
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except BaseException:
        conn.close()
        raise
    return conn


def is_plain_file(path: str) -> bool | None:
    """True for a plain SQLite file, False for anything else that has bytes (an encrypted database:
    random bytes from the first one), None for a missing or empty file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return None
    if not head:
        return None
    return head == SQLITE_HEADER
