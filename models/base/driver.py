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
"""

from __future__ import annotations

from typing import Any

from sqlcipher3 import dbapi2 as sqlite3

__all__ = ["sqlite3", "connect", "key_pragma", "is_plain_file", "SQLITE_HEADER"]

#: the page cache of a connection, in KiB (allocated as pages are read, not at once)
CACHE_KIB = 64 * 1024

#: the first 16 bytes of a plain (unencrypted) SQLite database file
SQLITE_HEADER = b"SQLite format 3\x00"


def key_pragma(key: bytes, salt: bytes | None = None) -> str:
    """``PRAGMA key`` with a raw 256-bit key (no passphrase derivation inside SQLCipher: the key is
    derived once, by :mod:`models.store.keys`, with scrypt). ``salt`` (16 bytes) is written into a new
    file's first 16 bytes; an existing file keeps its own."""
    if len(key) != 32:
        raise ValueError("a database key has 32 bytes")
    extra = salt.hex() if salt else ""
    return f"PRAGMA key = \"x'{key.hex()}{extra}'\""


def connect(path: str, *, key: bytes | None = None, salt: bytes | None = None, **kwargs: Any) -> sqlite3.Connection:
    """Open ``path`` (``sqlite3.connect``'s arguments) and key it when ``key`` is given."""
    conn = sqlite3.connect(path, **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(key_pragma(key, salt))
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
