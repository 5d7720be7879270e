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

Every connection it opens is a :class:`Connection`, which knows its file: :func:`open_on` lists the
connections of this process still open on a database, so that nothing replaces or deletes a database
file (or its ``-wal``/``-shm``) under one of them. That matters: SQLite maps the ``-shm`` file into
memory, and POSIX locks do not tell it about the other connections of its own process. A connection
left open on a file that was replaced keeps the old file's mapping; the next connection to the new file
takes the ``-shm`` for its own and truncates it, and the old connection's close (often by the garbage
collector, on whatever thread it runs) reads beyond the end of the mapping: the process dies of SIGBUS.
The same close deletes the ``-wal`` by its name, which by then is the new file's log. Connections
closed by the garbage collector instead of :meth:`Connection.close` are leaks; with
``KHAOSAT_TRACK_CONNECTIONS`` set (the test suite sets it) each one remembers where it was opened and
its finalisation is recorded in :data:`LEAKED` (``tests/conftest.py`` fails the run on one).
"""

from __future__ import annotations

import os
import threading
import weakref
from typing import Any

from sqlcipher3 import dbapi2 as sqlite3

__all__ = ["sqlite3", "connect", "key_pragma", "is_plain_file", "SQLITE_HEADER", "Connection", "open_on",
           "LEAKED", "REPLACED"]

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


#: where each connection was opened is remembered (a stack: slow, for tests and debugging)
TRACK = bool(os.environ.get("KHAOSAT_TRACK_CONNECTIONS"))

#: connections finalised by the garbage collector without being closed (only with :data:`TRACK`):
#: (file, thread that opened it, where it was opened)
LEAKED: list[tuple[str, str, str]] = []

#: connections opened on a path whose file was replaced (or deleted and made again) under a connection
#: still open on it (only with :data:`TRACK`): (file, where the old one was opened, where the new one is)
REPLACED: list[tuple[str, str, str]] = []

_OPEN: weakref.WeakSet[Connection] = weakref.WeakSet()
_OPEN_LOCK = threading.Lock()


def _file_of(database: Any, uri: bool) -> str:
    """The file a connection's ``database`` argument names ("" for an in-memory database)."""
    name = os.fsdecode(database)
    if uri and name.startswith("file:"):
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(name)
        name = unquote(parts.path or parts.netloc)
        if "mode=memory" in parts.query:
            return ""
    if not name or name == ":memory:":
        return ""
    return os.path.realpath(name)


def _inode(file: str) -> tuple[int, int] | None:
    try:
        st = os.stat(file)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


class Connection(sqlite3.Connection):
    """A connection that knows its file (``file``) and whether it was closed (``closed``)."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any):
        super().__init__(database, *args, **kwargs)
        self.file = _file_of(database, bool(kwargs.get("uri")))
        self.closed = False
        self.keyed = False  # opened with a key (an encrypted database)
        self.opened_by = threading.current_thread().name
        self.opened_at = ""
        self.inode = _inode(self.file)
        if TRACK:
            import traceback

            frames = [f for f in traceback.extract_stack()[:-1]
                      if "site-packages" not in f.filename and f.filename != __file__ and "<" not in f.filename]
            self.opened_at = "".join(traceback.format_list(frames[-8:]))
            for other in open_on(self.file):
                if other.inode != self.inode:
                    REPLACED.append((self.file, other.opened_at, self.opened_at))
        with _OPEN_LOCK:
            _OPEN.add(self)

    def close(self) -> None:
        self.closed = True
        with _OPEN_LOCK:
            _OPEN.discard(self)
        super().close()

    def __del__(self) -> None:
        if not self.closed and TRACK and self.file:
            LEAKED.append((self.file, self.opened_by, self.opened_at))


def open_on(path: str | os.PathLike) -> list[Connection]:
    """The connections of this process still open on the database at ``path`` (any name it goes by).

    While there is one, nothing of the application opens the database file or its ``-shm`` itself
    (:func:`is_plain_file`, ``models.store.database``): closing that descriptor would drop the POSIX
    locks SQLite holds on them for the whole process, and another program would then take the database
    for unused (it deletes the ``-wal`` and ``-shm`` when it closes, or truncates the ``-shm`` this
    process has mapped when it opens: SIGBUS)."""
    target = os.path.realpath(os.fspath(path))
    with _OPEN_LOCK:
        return [c for c in _OPEN if not c.closed and c.file == target]


def connect(path: str, *, key: bytes | None = None, salt: bytes | None = None, **kwargs: Any) -> Connection:
    """Open ``path`` (``sqlite3.connect``'s arguments) and key it when ``key`` is given."""
    conn: Connection = sqlite3.connect(path, factory=Connection, **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(key_pragma(key, salt))
            conn.keyed = True
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
    random bytes from the first one), None for a missing or empty file.

    A database this process has open is answered from its connection (keyed or not), without opening
    the file: closing any descriptor of a file drops every POSIX lock the process holds on it, and
    SQLite's locks tell other programs that the database is in use (see :func:`open_on`)."""
    for conn in open_on(path):
        return not conn.keyed
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return None
    if not head:
        return None
    return head == SQLITE_HEADER
