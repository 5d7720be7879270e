"""The local SQLite store: settings, forms, records, audit trail, per-form views.

Durability: WAL journal, ``synchronous=FULL`` (a commit is on disk when it returns), foreign keys
on. Every user action is one transaction (``Store.write()``). Records keep the form version they were
entered with; forms are stored with their original file, so a newer version never changes old
records.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import struct
import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.base.changes import SETTINGS, Changes
from models.base.driver import sqlite3
from models.base.errors import AppError, Bilingual, FileCode, FileError, os_error
from models.store.errors import StoreCode, StoreError
from models.store.migrations import MIGRATIONS, known_names
from models.store.schema import decode_record

if TYPE_CHECKING:
    from forms import FormDef

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "forms"
STATUSES = ("draft", "complete", "returned", "approved")
EDITABLE = ("draft", "returned", "complete")

_FORM_CACHE: dict[str, FormDef] = {}
_FORM_CACHE_LOCK = threading.Lock()


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_record_id() -> str:
    import uuid

    return f"uuid:{uuid.uuid4()}"


def form_from_source(source: bytes, file_type: str, file_name: str,
                     attachments: Mapping[str, bytes] | None = None) -> FormDef:
    """Parse a stored form once per process (forms are immutable, keyed by the SHA-256 of the file
    and of its attachments)."""
    key = _form_key(source, attachments)
    with _FORM_CACHE_LOCK:
        f = _FORM_CACHE.get(key)
    if f is None:
        from forms import load_form  # the form engine is imported when a form is first needed

        f = load_form(source, file_type=file_type, name=file_name, attachments=dict(attachments or {}))
        with _FORM_CACHE_LOCK:
            _FORM_CACHE[key] = f
    return f


def _form_key(source: bytes, attachments: Mapping[str, bytes] | None) -> str:
    """The parsed-form cache key: the SHA-256 of the form file and of each attachment."""
    import hashlib

    key = hashlib.sha256(source).hexdigest()
    if attachments:
        key += "".join(f"|{n}:{hashlib.sha256(d).hexdigest()}" for n, d in sorted(attachments.items()))
    return key


class Database:
    """``store.db``: the connection (``.conn``) and ``execute`` as sqlite-utils' ``Database`` has them,
    without importing sqlite-utils; anything else (``executescript``, the table API) is passed to a real
    sqlite-utils ``Database`` made on first use. Transactions are ``Store.write()``."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._real = None

    def real_db(self):
        if self._real is None:
            from models.store import import_sqlite_utils

            # like open_store: recursive triggers are already on, no plugins are installed
            self._real = import_sqlite_utils().Database(self.conn, recursive_triggers=False,
                                                        execute_plugins=False)
        return self._real

    def __getattr__(self, name: str):
        return getattr(self.real_db(), name)

    def __getitem__(self, name: str):
        return self.real_db()[name]

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None) -> sqlite3.Cursor:
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def close(self) -> None:
        self.conn.close()


#: seconds a write waits for another connection's write lock before giving up (the busy timeout)
BUSY_SECONDS = 30


class LockWaiter:
    """How a connection waits for the write lock another connection holds (``Store.lock_waiter``).

    Without one, ``store.write()`` waits up to SQLite's busy timeout (30 s) in silence and then fails.
    With one, it tries for :attr:`slice` seconds at a time and asks :meth:`waiting` between tries, so
    a screen can say what it is waiting for (and for how long it is willing to). The base class waits
    30 s, like the busy timeout, without saying anything."""

    #: seconds each try waits for the lock (SQLite's busy timeout while trying)
    slice = 0.1

    def before(self) -> None:
        """Called before the write lock is taken (to let another writer go first)."""

    def waiting(self, seconds: float) -> bool:
        """Another connection holds the lock, ``seconds`` after the first try: True to try again,
        False to give up (``DB_BUSY``)."""
        return seconds < BUSY_SECONDS

    def done(self, waited: bool) -> None:
        """The lock was taken or given up; ``waited``: whether :meth:`waiting` was called."""


class Store:
    """An open database. Use one per thread (sqlite3 connections are per thread)."""

    def __init__(self, db: Database | sqlite3.Connection, path: str):
        self.db = db if isinstance(db, Database) else Database(db if isinstance(db, sqlite3.Connection) else db.conn)
        self.path = path
        self._settings: dict[str, str] | None = None
        #: how ``write()`` waits when another connection is writing (None: the busy timeout, silently)
        self.lock_waiter: LockWaiter | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        """The sqlite3 connection (``store.db.conn``)."""
        return self.db.conn

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        """``conn.execute``; a damaged file met on the way (SQLITE_CORRUPT / NOTADB) is DB_DAMAGED."""
        try:
            return self.db.conn.execute(sql, params)
        except sqlite3.DatabaseError as err:
            hurt = _damage_or(err, self.path)
            if hurt is err:
                raise
            raise hurt from err

    def rows(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[dict[str, Any]]:
        """The rows of a query as dicts keyed by column name (damage met reading them: DB_DAMAGED)."""
        try:
            cur = self.db.conn.execute(sql, params)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, r, strict=True)) for r in cur]
        except sqlite3.DatabaseError as err:
            hurt = _damage_or(err, self.path)
            if hurt is err:
                raise
            raise hurt from err

    def write(self):
        """A write transaction; low-level failures become clear :class:`AppError` messages."""
        return _Writing(self)

    # ------------------------------------------------------------------ settings
    def settings(self) -> dict[str, str]:
        if self._settings is None:
            self._settings = {r[0]: r[1] for r in self.db.execute("SELECT key, value FROM settings")}
        return dict(self._settings)

    def forget_settings(self) -> None:
        """Read the settings again next time (another connection has changed them)."""
        self._settings = None

    def setting(self, key: str, default: str = "") -> str:
        return self.settings().get(key, default)

    def set_settings(self, values: Mapping[str, Any]) -> Changes:
        with self.write():
            for k, v in values.items():
                self.db.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                                "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [k, str(v)])
        self._settings = None
        return Changes.of(SETTINGS)

    @property
    def device_id(self) -> str:
        return self.setting("device_id")

    # ------------------------------------------------------------------ the person at the keyboard
    def person(self) -> dict[str, str] | None:
        """The person whose PIN unlocked this database in this process (``people`` row: id, name, code,
        role), None when the installation's own PIN, ``KHAOSAT_PIN`` of the set-up user or no PIN at
        all opened it (``models/store/cipher.py``, ``models/store/people.py``)."""
        from models.store import cipher

        who = cipher.unlocked_by(self.path)
        if not who:
            return None
        row = self.db.execute("SELECT id, name, code, role FROM people WHERE id = ?", [who]).fetchone()
        return dict(zip(("id", "name", "code", "role"), row, strict=True)) if row else None

    def acting_user(self) -> str:
        """Who is making a change, for the audit trail, review decisions and packages: the person who
        unlocked the database, else the installation's user."""
        p = self.person()
        return p["name"] if p else self.setting("user_name")

    def acting_role(self) -> str:
        """The role of the person at the keyboard (what the screens offer), else the installation's."""
        p = self.person()
        return (p["role"] if p else "") or self.setting("role")

    def integrity_ok(self) -> bool:
        """Whether SQLite's own ``PRAGMA integrity_check`` finds the file sound."""
        return self.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    @property
    def is_set_up(self) -> bool:
        return bool(self.setting("role"))

    # ------------------------------------------------------------------ forms
    def add_form(self, form: FormDef, *, bundled: bool = False) -> bool:
        """Store a form version with its attachments (``form.attachments``, table ``form_files``);
        False if exactly this version is already there (with every attachment it brings).

        A different file under an existing (form_id, version) is refused: a changed form needs a
        new version, or records entered with the old one would silently change meaning.
        """
        from forms.loader import form_fingerprint

        sha = form_fingerprint(form)
        row = self.db.execute("SELECT sha256 FROM forms WHERE form_id = ? AND version = ?",
                              [form.form_id, form.version]).fetchone()
        if row is not None:
            if row[0] == sha or self.form(form.form_id, form.version).xform == form.xform:
                # the same form (a file saved again with the same content is the same form); the
                # attachments it now brings that this version lacked are added
                return self.add_form_files(form.form_id, form.version, form.attachments)
            raise StoreError(StoreCode.FORM_VERSION_CLASH, form_id=form.form_id, version=form.version)
        self._check_form_files(form.form_id, form.version, form.attachments)
        with self.write():
            self.db.execute(
                "INSERT INTO forms(form_id, version, title, sha256, file_name, file_type, source, added_at, bundled)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [form.form_id, form.version, form.title, sha, form.source_name, form.file_type, form.source,
                 utcnow(), int(bundled)])
            self._insert_form_files(form.form_id, form.version, form.attachments)
            self.refresh_views(form.form_id)
        with _FORM_CACHE_LOCK:
            _FORM_CACHE.setdefault(_form_key(form.source, form.attachments), form)
        return True

    def form_files(self, form_id: str, version: str) -> dict[str, bytes]:
        """A form version's attachments (table ``form_files``): file name -> bytes."""
        return {r[0]: bytes(r[1]) for r in self.db.execute(
            "SELECT file_name, data FROM form_files WHERE form_id = ? AND version = ? ORDER BY file_name",
            [form_id, version])}

    def form_file_digests(self, form_id: str, version: str) -> dict[str, str]:
        """A form version's attachments: file name -> SHA-256 (what sync lists and packages check)."""
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT file_name, sha256 FROM form_files WHERE form_id = ? AND version = ? ORDER BY file_name",
            [form_id, version])}

    def add_form_files(self, form_id: str, version: str, files: Mapping[str, bytes]) -> bool:
        """Add attachments to a stored form version; True if one was added. A file of the same name with
        other content is refused (``FORM_FILE_CLASH``): records entered with it would change meaning."""
        self._check_form_files(form_id, version, files)
        known = self.form_file_digests(form_id, version)
        new = {n: d for n, d in files.items() if n not in known}
        if not new:
            return False
        with self.write():
            self._insert_form_files(form_id, version, new)
        return True

    def _check_form_files(self, form_id: str, version: str, files: Mapping[str, bytes]) -> None:
        import hashlib

        known = self.form_file_digests(form_id, version)
        for name, data in files.items():
            if name in known and known[name] != hashlib.sha256(data).hexdigest():
                raise StoreError(StoreCode.FORM_FILE_CLASH, form_id=form_id, version=version, file_name=name)

    def _insert_form_files(self, form_id: str, version: str, files: Mapping[str, bytes]) -> None:
        import hashlib

        for name, data in sorted(files.items()):
            self.db.execute(
                "INSERT OR IGNORE INTO form_files(form_id, version, file_name, sha256, data, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [form_id, version, name, hashlib.sha256(data).hexdigest(), bytes(data), utcnow()])

    def form(self, form_id: str, version: str | None = None) -> FormDef:
        if version is None:
            version = self.latest_version(form_id)
        row = self.db.execute("SELECT source, file_type, file_name FROM forms WHERE form_id = ? AND version = ?",
                              [form_id, version]).fetchone()
        if row is None:
            raise StoreError(StoreCode.FORM_NOT_FOUND, form_id=form_id,
                             version_text=Bilingual(f" (phiên bản {version})", f" (version {version})")
                             if version else "")
        return form_from_source(row[0], row[1], row[2], self.form_files(form_id, version))

    def latest_version(self, form_id: str) -> str:
        rows = [r[0] for r in self.db.execute("SELECT version FROM forms WHERE form_id = ?", [form_id])]
        if not rows:
            raise StoreError(StoreCode.FORM_NOT_FOUND, form_id=form_id, version_text="")
        return max(rows, key=_version_key)

    def forms(self) -> list[dict[str, Any]]:
        """One row per form id: its latest version, title and the number of records."""
        out = []
        for fid in [r[0] for r in self.db.execute("SELECT DISTINCT form_id FROM forms ORDER BY form_id")]:
            ver = self.latest_version(fid)
            row = self.db.execute("SELECT title, bundled, sha256 FROM forms WHERE form_id=? AND version=?",
                                  [fid, ver]).fetchone()
            n = self.db.execute("SELECT count(*) FROM records WHERE form_id = ? AND deleted = 0", [fid]).fetchone()[0]
            versions = [r[0] for r in self.db.execute("SELECT version FROM forms WHERE form_id = ?", [fid])]
            out.append({"form_id": fid, "version": ver, "title": row[0], "bundled": bool(row[1]),
                        "sha256": row[2], "records": n, "versions": sorted(versions, key=_version_key)})
        return out

    def install_bundled_forms(self, directory: Path | None = None) -> list[str]:
        """Add the forms shipped with the application that the database does not have yet."""
        import hashlib

        added = []
        directory = directory or BUNDLED_DIR
        known = {r[0] for r in self.db.execute("SELECT sha256 FROM forms")}
        for path in sorted(directory.glob("*.xlsx")):
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() in known:
                continue
            form = form_from_source(data, ".xlsx", path.name)
            if self.add_form(form, bundled=True):
                added.append(f"{form.form_id} {form.version}")
        return added

    # ------------------------------------------------------------------ per-form views
    def refresh_views(self, form_id: str) -> None:
        """(Re)create the SQL views of a form: one row per record, one view per repeat.

        Columns are the union of the questions of every stored version, so a view keeps working
        across versions. Meta columns start with '_' (as in Kobo/ODK exports).
        """
        versions = [r[0] for r in self.db.execute("SELECT version FROM forms WHERE form_id = ?", [form_id])]
        forms = [self.form(form_id, v) for v in sorted(versions, key=_version_key)]
        base = self._view_base(form_id)
        columns: dict[str | None, dict[str, str]] = {}
        repeat_parent: dict[str, str | None] = {}
        for f in forms:
            for e in f.elements:
                if e.is_repeat:
                    repeat_parent.setdefault(e.name, e.repeats[-1] if e.repeats else None)
                    columns.setdefault(e.name, {})
                    continue
                if e.is_container or e.type in ("note", "instanceID"):
                    continue
                scope = e.repeats[-1] if e.repeats else None
                columns.setdefault(scope, {}).setdefault(e.name, e.type)
        existing = [r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'view' AND (name = ? OR name LIKE ? ESCAPE '\\')",
            [base, base.replace("_", "\\_") + "\\_\\_%"])]
        for v in existing:
            self.db.execute(f'DROP VIEW IF EXISTS "{v}"')
        fid = form_id.replace("'", "''")
        top = columns.get(None, {})
        cols = ", ".join(_col("r.data", n, t) for n, t in top.items())
        self.db.execute(
            f'CREATE VIEW "{base}" AS SELECT r.id AS _id, r.form_version AS _form_version, r.status AS _status, '
            f"r.commune AS _commune, r.village AS _village, r.enumerator AS _enumerator, "
            f"r.created_at AS _created_at, r.modified_at AS _modified_at, r.issues AS _issues"
            f"{', ' + cols if cols else ''} FROM records r WHERE r.form_id = '{fid}' AND r.deleted = 0")
        for rep, parent in repeat_parent.items():
            chain = [rep]
            p = parent
            while p is not None:
                chain.insert(0, p)
                p = repeat_parent.get(p)
            joins = []
            src = "r.data"
            for i, name in enumerate(chain):
                joins.append(f"json_each({src}, '$.\"{name}\"') AS j{i}")
                src = f"j{i}.value"
            last = f"j{len(chain) - 1}"
            line_cols = ", ".join(f"j{i}.key + 1 AS _{name}_line" for i, name in enumerate(chain))
            rcols = ", ".join(_col(f"{last}.value", n, t) for n, t in columns.get(rep, {}).items())
            self.db.execute(
                f'CREATE VIEW "{base}__{_ident(rep)}" AS SELECT r.id AS _parent_id, {line_cols}'
                f"{', ' + rcols if rcols else ''} FROM records r, {', '.join(joins)} "
                f"WHERE r.form_id = '{fid}' AND r.deleted = 0")

    def _view_base(self, form_id: str) -> str:
        """The view's name: the form id made an identifier, unless that is taken by a table or index
        of the application (a form called "records"), reserved by SQLite, or shared with another form
        id that comes first ("a-b" and "a.b"): then it becomes "form_<name>_<short hash of the id>"."""
        import hashlib

        base = view_name(form_id)
        low = base.lower()
        taken = {r[0].lower() for r in self.db.execute("SELECT name FROM sqlite_master WHERE type != 'view'")}
        rivals = sorted(f for (f,) in self.db.execute("SELECT DISTINCT form_id FROM forms")
                        if view_name(f).lower() == low)
        if low in taken or low.startswith("sqlite_") or (rivals and rivals[0] != form_id):
            base = f"form_{base}_{hashlib.sha1(form_id.encode('utf-8')).hexdigest()[:6]}"
        return base

    # ------------------------------------------------------------------ records
    def record(self, record_id: str) -> dict[str, Any]:
        found = self.rows("SELECT * FROM records WHERE id = ?", [record_id])
        if not found:
            raise StoreError(StoreCode.RECORD_NOT_FOUND, record_id=record_id)
        return decode_record(found[0])

    def audit(self, record_id: str) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM audit WHERE record_id = ? ORDER BY id", [record_id])

    def count_records(self, **where: Any) -> int:
        sql = "SELECT count(*) FROM records WHERE deleted = 0"
        params: list[Any] = []
        for k, v in where.items():
            sql += f" AND {_ident(k)} = ?"
            params.append(v)
        return self.db.execute(sql, params).fetchone()[0]


def _damage_or(err: sqlite3.DatabaseError, path: str) -> BaseException:
    """DB_DAMAGED for an error saying the file is damaged (``models.base.errors.is_damage``), else ``err``."""
    from models.base.errors import damaged, is_damage

    return damaged(err, path) if is_damage(err) else err


class _Writing:
    """``with store.write():`` one write transaction; disk and lock failures become AppError.

    The outermost level starts with ``BEGIN IMMEDIATE``: the write lock is taken at once (waiting up
    to the busy timeout for another writer, or as the store's :class:`LockWaiter` decides), so a
    read-then-write inside the block can never fail half-way with SQLITE_BUSY_SNAPSHOT because another
    connection committed in between. Nested
    levels are savepoints. Any sqlite3/OS error raised inside the block or by COMMIT rolls back
    and is raised as a clear :class:`AppError` (disk full, read-only, or a write failure).
    """

    def __init__(self, store: Store):
        self.store = store
        self.savepoint: str | None = None

    def __enter__(self):
        conn = self.store.db.conn
        try:
            if conn.in_transaction:
                self.savepoint = f"w{os.urandom(8).hex()}"
                conn.execute(f"SAVEPOINT {self.savepoint}")
            elif self.store.lock_waiter is not None:
                self._begin_waiting(conn, self.store.lock_waiter)
            else:
                conn.execute("BEGIN IMMEDIATE")
        except (sqlite3.Error, OSError) as err:
            raise os_error(err, self.store.path) from err
        return self.store.db

    def _begin_waiting(self, conn: sqlite3.Connection, waiter: LockWaiter) -> None:
        """``BEGIN IMMEDIATE`` in short tries, asking ``waiter`` between them (see :class:`LockWaiter`)."""
        import time

        waiter.before()
        start = time.monotonic()
        waited = False
        conn.execute(f"PRAGMA busy_timeout={max(1, int(waiter.slice * 1000))}")
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as err:
                    if not is_busy(err):
                        raise
                waited = True
                seconds = time.monotonic() - start
                if not waiter.waiting(seconds):
                    raise FileError(FileCode.DB_BUSY, path=self.store.path, seconds=int(seconds))
        finally:
            conn.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
            waiter.done(waited)

    def __exit__(self, exc_type, exc, tb):
        conn = self.store.db.conn
        try:
            if exc_type is None:
                if self.savepoint:
                    conn.execute(f"RELEASE SAVEPOINT {self.savepoint}")
                else:
                    conn.execute("COMMIT")
                return False
            if self.savepoint:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {self.savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {self.savepoint}")
            elif conn.in_transaction:
                conn.execute("ROLLBACK")
        except (sqlite3.Error, OSError) as err:
            if exc_type is None and conn.in_transaction and not self.savepoint:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise os_error(err, self.store.path) from err
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise os_error(exc, self.store.path) from exc
        return False


def is_busy(err: sqlite3.Error) -> bool:
    """Whether SQLite refused because another connection holds the lock (SQLITE_BUSY/LOCKED)."""
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(err).lower()


def _version_key(v: str):
    parts = re.split(r"[.\-_ ]", v)
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts]


def _ident(name: str) -> str:
    return re.sub(r"[^\w]", "_", name)


def view_name(form_id: str) -> str:
    return _ident(form_id)


def _col(src: str, name: str, qtype: str) -> str:
    expr = f"json_extract({src}, '$.\"{name}\"')"
    if qtype == "integer":
        expr = f"CAST({expr} AS INTEGER)"
    elif qtype == "decimal":
        expr = f"CAST({expr} AS REAL)"
    return f'{expr} AS "{name}"'


# ---------------------------------------------------------------------- opening a database


def check_writable(path: str) -> None:
    """Refuse a database the application could not save into: a read-only file (copied from a CD or
    a write-protected stick, the Windows "Read-only" attribute) or a folder where nothing can be
    written (SQLite needs its journal files beside the database). Said at start, not as lost answers
    later; distinct from a damaged file (DB_CORRUPT)."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.isdir(folder):
        import tempfile

        try:
            with tempfile.TemporaryFile(dir=folder, prefix=".khaosat-write-check-"):
                pass
        except PermissionError:
            raise StoreError(StoreCode.DB_FOLDER_READ_ONLY, path=path, folder=folder) from None
        except OSError as err:
            import errno

            if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise StoreError(StoreCode.DB_FOLDER_READ_ONLY, path=path, folder=folder) from None
            raise os_error(err, path) from None
    from models.base.driver import open_on

    if os.path.exists(path) and not os.path.isdir(path) and not open_on(path):
        # (not while this process has it open: closing the descriptor would drop SQLite's locks on it)
        try:
            with open(path, "r+b"):
                pass
        except PermissionError:
            raise StoreError(StoreCode.DB_READ_ONLY, path=path) from None
        except OSError as err:
            import errno

            if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise StoreError(StoreCode.DB_READ_ONLY, path=path) from None
            raise os_error(err, path) from None


def open_store(path: str | os.PathLike, *, create: bool = True) -> Store:
    """Open (or create) a database: pragmas, refuse a newer schema, back up, then migrate."""
    path = str(path)
    exists = os.path.exists(path)
    if not exists and not create:
        raise StoreError(StoreCode.DB_OPEN, path=path, detail=Bilingual("không tìm thấy tệp", "file not found"))
    check_writable(path)
    conn = None
    try:
        if exists:
            frames = lost_wal(path)
            if frames:  # before SQLite opens it: opening resets the index that says so
                raise StoreError(StoreCode.DB_WAL_MISSING, path=path, wal=path + "-wal", shm=path + "-shm",
                                 frames=frames)
        conn = _connect_keyed(path)
        return _open_connected(conn, path)
    except BaseException as err:
        if conn is not None:
            conn.close()  # an open handle would block a restore over this file on Windows
        if isinstance(err, sqlite3.DatabaseError):
            raise open_error(err, path) from None
        if isinstance(err, (sqlite3.Error, OSError)):
            raise os_error(err, path) from None
        raise


def refuse_if_open(path: str | os.PathLike) -> None:
    """Refuse (DB_OPEN_HERE) to replace, convert or delete the database file at ``path`` while a
    connection of this process is open on it. Such a connection keeps the old file's ``-shm`` mapped and,
    when it is closed, checkpoints into the old file and deletes the ``-wal`` by its name, which is by
    then the new file's: the process can die of SIGBUS and the new file lose what it saved
    (``models/base/driver.py``). A connection nobody holds any more (a leak waiting for the garbage
    collector) is finalised here first, while nothing has been replaced yet."""
    from models.base.driver import open_on

    left = open_on(path)
    if left:
        import gc

        del left
        gc.collect()
        left = open_on(path)
    if left:
        import logging

        logging.getLogger("khaosat").warning("%s still has %d connection(s) open in this process: %s", path,
                                             len(left), "; ".join(f"thread {c.opened_by}" for c in left))
        raise StoreError(StoreCode.DB_OPEN_HERE, path=str(path), count=len(left))


def lost_wal(path: str) -> int:
    """How many committed pages of the database's write-ahead log are missing: the log (``-wal``) is gone
    while its index (``-shm``) says it held frames not yet copied into the database; 0 when nothing is
    known to be missing.

    After a clean close SQLite removes both files; a killed or crashed session leaves both, and the next
    open replays the log. A person (or a cleaning tool) deleting the ``-wal`` alone leaves the ``-shm``,
    whose header (SQLite's ``WalIndexHdr``, native byte order) still holds ``mxFrame``, the last valid
    frame, and ``nBackfill``, the frames already copied into the database: ``mxFrame - nBackfill`` frames
    are lost. Not detectable: both files deleted, or the database copied alone from a running session
    (nothing is left to tell)."""
    from models.base.driver import open_on

    if os.path.exists(path + "-wal") or open_on(path):
        return 0  # (a connection of this process holds the index: opening it here would drop its locks)
    try:
        with open(path + "-shm", "rb") as fh:
            head = fh.read(136)
    except OSError:
        return 0
    if len(head) < 136:
        return 0
    for order in ("<", ">"):
        version, = struct.unpack_from(order + "I", head, 0)
        if version == 3007000:
            mx_frame, = struct.unpack_from(order + "I", head, 16)
            backfill, = struct.unpack_from(order + "I", head, 96)
            return max(mx_frame - backfill, 0)
    return 0


def forget_lost_wal(path: str | os.PathLike) -> None:
    """Go on with what the database file holds after its log was lost (:func:`lost_wal`): remove the
    stale index, which only says so (SQLite would reset it at the next open anyway)."""
    path = str(path)
    if os.path.exists(path + "-wal"):
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path + "-shm")


def _connect_keyed(path: str) -> sqlite3.Connection:
    """A connection to the database at ``path``: a plain file as it is; an encrypted one with the key
    this process unlocked, else the PIN in ``KHAOSAT_PIN`` (PIN_NEEDED without one); a new database
    encrypted when a key was prepared for it (:func:`models.store.encryption.prepare_new`) or
    ``KHAOSAT_PIN`` is set, plain otherwise (``models/store/cipher.py``)."""
    from models.base.driver import connect, is_plain_file
    from models.store import cipher

    plain = is_plain_file(path)
    key = salt = None
    if plain is False:
        key = cipher.key_for_file(path)
        if key is None:
            if cipher.read_envelope(path) is None:
                raise StoreError(StoreCode.DB_CORRUPT, path=path, detail=Bilingual(
                    "không phải tệp SQLite, hoặc là cơ sở dữ liệu mã hoá thiếu tệp khoá .keys đi kèm",
                    "not an SQLite file, or an encrypted database without its .keys file"))
            pin = cipher.pin_from_env()
            if pin is None:
                raise StoreError(StoreCode.PIN_NEEDED, path=path)
            key = cipher.unlock(path, pin)
    elif plain is None:  # a new (or empty) database
        key = cipher.key_for(path)
        if key is None and (pin := cipher.pin_from_env()) is not None:
            cipher.check_pin(pin)
            key = cipher.new_key()
            cipher.write_envelope(path, cipher.new_envelope(key, pin))
            cipher.remember(path, key)
        salt = os.urandom(16) if key is not None else None
    return connect(path, key=key, salt=salt, timeout=BUSY_SECONDS, check_same_thread=False)


#: a database up to this size is checked with ``PRAGMA quick_check`` when it is opened (measured: 0.2 s
#: for 178 MB with a warm cache, several times that read from a slow disk; a bigger file is checked by
#: its header only, and damage met later is reported as DB_DAMAGED)
QUICK_CHECK_MAX = 64 * 1024 * 1024


def _check_sound(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a damaged database at start (DB_CORRUPT: the screens offer the newest good backup): a file
    shorter than its header says or not a whole number of pages, and, for a file up to
    :data:`QUICK_CHECK_MAX`, what ``PRAGMA quick_check`` finds (a page zeroed or cut out). While another
    connection of this process has the database open, its header is not read here (closing the
    descriptor would drop SQLite's locks on it): that connection's open read it; the quick check runs."""
    from models.base.driver import open_on

    try:
        size = os.path.getsize(path)
    except OSError:
        return
    if not any(c is not conn for c in open_on(path)) and not _header_sound(path, size):
        return
    if size <= QUICK_CHECK_MAX:
        try:
            found = conn.execute("PRAGMA quick_check(3)").fetchall()
        except sqlite3.DatabaseError as err:  # too damaged to be checked ("malformed", "not a database")
            if isinstance(err, sqlite3.OperationalError):
                raise  # not damage: locked, unreadable (open_store says which)
            found = [(str(err),)]
        if [r[0] for r in found] != ["ok"]:
            _log_damage(path, found)
            raise StoreError(StoreCode.DB_CORRUPT, path=path, detail=Bilingual(
                "kiểm tra nhanh của SQLite thấy dữ liệu hỏng", "SQLite's quick check found damaged data"))


def _header_sound(path: str, size: int) -> bool:
    """The header checks of :func:`_check_sound` (DB_CORRUPT when they fail); False: the file cannot be
    read or is empty (nothing more to check)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return False
    if len(head) < 100:
        if size:
            raise StoreError(StoreCode.DB_CORRUPT, path=path, detail=Bilingual(
                "tệp bị cắt cụt (ngắn hơn phần đầu của cơ sở dữ liệu)", "the file is cut short (shorter than "
                "a database's header)"))
        return False
    from models.base.driver import SQLITE_HEADER

    if head[:16] != SQLITE_HEADER:
        head = b""  # an encrypted file: its header is encrypted too; the quick check reads the pages
    page = int.from_bytes(head[16:18], "big") if head else 4096
    page = 65536 if page == 1 else page
    pages = int.from_bytes(head[28:32], "big") if head else 0
    counted = bool(head) and head[24:28] == head[92:96]  # the header page count is valid (SQLite >= 3.7.0)
    if page < 512 or page & (page - 1) or size % page or (counted and pages * page > size
                                                          and not os.path.exists(path + "-wal")):
        raise StoreError(StoreCode.DB_CORRUPT, path=path, detail=Bilingual(
            "tệp bị cắt cụt hoặc thiếu trang", "the file is cut short or lacks pages"))
    return True


def _log_damage(path: str, found: list) -> None:
    import logging

    logging.getLogger("khaosat").warning("database %s fails quick_check: %r", path, found[:3])


def _open_connected(conn: sqlite3.Connection, path: str) -> Store:
    """Pragmas, schema checks, the backup before migrations, migrations, device id. Any failure is
    raised to :func:`open_store`, which closes the connection."""
    _check_sound(conn, path)
    level = conn.isolation_level
    conn.isolation_level = None  # journal_mode cannot change inside a transaction
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.isolation_level = level
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    conn.execute("PRAGMA recursive_triggers=ON")  # as sqlite-utils' Database sets it
    db = Database(conn)
    applied = [m.name for m in MIGRATIONS.applied(conn)]
    unknown = [n for n in applied if n not in known_names()]
    if unknown:
        raise StoreError(StoreCode.DB_NEWER, path=path, name=unknown[0])
    pending = [m.name for m in MIGRATIONS.pending(conn)]
    if pending and applied:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = f"{path}.v{len(applied)}.{stamp}.bak"
        dst = None
        try:
            from models.store import cipher

            dst = cipher.connect_copy(backup, path)
            conn.backup(dst)
            cipher.copy_envelope(path, backup)
        except (sqlite3.Error, OSError) as err:
            raise StoreError(StoreCode.BACKUP_FAILED, path=backup, detail=str(err)) from None
        finally:
            if dst is not None:
                dst.close()
    if pending:  # sqlite-utils is imported only then
        try:
            MIGRATIONS.apply(db)
        except (sqlite3.Error, OSError) as err:
            raise os_error(err, path) from None
    store = Store(db, path)
    if not store.device_id:
        import uuid

        store.set_settings({"device_id": str(uuid.uuid4()), "created_at": utcnow()})
    return store


def open_error(err: sqlite3.DatabaseError, path: str) -> AppError:
    """Why a database could not be opened. SQLite says "disk I/O error" or "unable to open
    database file" when it cannot create the WAL files beside the database: on a full disk or
    read-only media that is not damage, and telling the user to restore a backup would be wrong."""
    if not isinstance(err, sqlite3.OperationalError):
        # "file is not a database", "malformed"
        return StoreError(StoreCode.DB_CORRUPT, path=path, detail=str(err))
    text = str(err).lower()
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if "readonly" in text or "read-only" in text or _read_only(folder) or (
            os.path.exists(path) and not os.access(path, os.W_OK)):
        return FileError(FileCode.READ_ONLY, path=path)
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    if "full" in text or (free is not None and free < 1024 * 1024):
        return FileError(FileCode.DISK_FULL, path=path, detail=str(err))
    return StoreError(StoreCode.DB_OPEN, path=path, detail=str(err))


def _read_only(folder: str) -> bool:
    if not os.access(folder, os.W_OK):
        return True
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):
        return False


def copy_file(src: str, dst: str) -> None:
    """Copy a file so that ``dst`` appears only when complete: written beside it as ``.part`` and
    renamed; on failure (disk full, read-only USB) nothing is left behind."""
    part = f"{dst}.part"
    try:
        shutil.copyfile(src, part)
        os.replace(part, dst)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise os_error(err, dst) from None
