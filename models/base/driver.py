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
import time
import weakref
from typing import Any

from sqlcipher3 import dbapi2 as sqlite3

__all__ = ["sqlite3", "connect", "key_pragma", "is_plain_file", "SQLITE_HEADER", "HMACS", "new_hmac", "hmac_of",
           "Connection", "open_on", "LEAKED", "REPLACED"]

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


def connect(path: str, *, key: bytes | None = None, salt: bytes | None = None, hmac: str | None = None,
            **kwargs: Any) -> Connection:
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
          kwargs: dict[str, Any], probe: bool = False) -> Connection:
    conn: Connection = sqlite3.connect(path, factory=Connection, **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(key_pragma(key, salt))
            conn.keyed = True
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
