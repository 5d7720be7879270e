"""Turning a plain database (and its copies) into encrypted ones, once, with nothing lost.

:func:`encrypt_database` is what the first start after the upgrade does (the screens ask for a PIN;
``python main.py db encrypt`` does it for scripts, with ``KHAOSAT_PIN``):

1. the plain database is checkpointed, then exported page by page into a new encrypted file beside it
   (SQLCipher's ``sqlcipher_export``) under a new random data key;
2. the new file is **verified** before anything is removed: ``PRAGMA integrity_check``, and for every
   table the number of rows and a SHA-256 over all of them, equal to the plain file's;
3. the key envelope (the data key wrapped under the PIN) is written beside it, durably, and only then
   does the encrypted file take the database's name (an atomic rename: a power cut leaves either the
   plain database or the encrypted one, never neither); the plain file's WAL and shared-memory files
   are removed before, so they are never found beside the new file. A database that a connection of
   this process still has open is refused (``DB_OPEN_HERE``), and one another program reads
   (its log cannot be emptied) too;
4. the plain copies the application made of it (the copies before upgrades and restores beside it,
   and the backups in the backup folders) are converted the same way, each verified.

The recovery code is returned to be shown once. The plain file's blocks are not overwritten on disk
(SSDs and journaling file systems do not let a program do that reliably): ``docs/security.md`` says
what that leaves.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from models.base.driver import connect, is_plain_file, key_pragma, new_hmac, sqlite3
from models.base.errors import Bilingual
from models.store import cipher
from models.store.errors import StoreCode, StoreError


def _fingerprint(conn) -> dict[str, tuple[int, str]]:
    """Every table's row count and a SHA-256 over its rows in rowid (or primary key) order."""
    out = {}
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for t in tables:
        h = hashlib.sha256()
        n = 0
        q = '"' + t.replace('"', '""') + '"'
        try:
            rows = conn.execute(f"SELECT * FROM {q} ORDER BY rowid")
        except sqlite3.OperationalError:  # a WITHOUT ROWID table
            rows = conn.execute(f"SELECT * FROM {q} ORDER BY 1")
        for row in rows:
            h.update(repr(row).encode("utf-8"))
            n += 1
        out[t] = (n, h.hexdigest())
    return out


def _export(plain_path: str, key: bytes) -> str:
    """The encrypted, verified copy of a plain file (``<path>.encrypting``)."""
    from models.store.database import refuse_if_open

    refuse_if_open(plain_path)  # its file is replaced: no connection of this process may be left on it
    tmp = plain_path + ".encrypting"
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp + suffix)
    src = connect(plain_path)
    try:
        busy = src.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy and busy[0]:  # another program reads it: its log cannot be emptied, the file not replaced
            raise StoreError(StoreCode.ENCRYPT_FAILED, path=plain_path, detail=Bilingual(
                "một chương trình khác đang mở cơ sở dữ liệu; hãy đóng nó rồi thử lại",
                "another program has the database open; close it, then try again"))
        before = _fingerprint(src)
        version = src.execute("PRAGMA user_version").fetchone()[0]
        attach = key_pragma(key, os.urandom(16)).replace("PRAGMA key = ", "")
        src.execute(f"ATTACH DATABASE ? AS enc KEY {attach}", (tmp,))
        src.execute(f"PRAGMA enc.cipher_hmac_algorithm = {new_hmac()}")  # before any page of it is written
        src.execute("SELECT sqlcipher_export('enc')")
        src.execute(f"PRAGMA enc.user_version = {int(version)}")
        src.execute("DETACH DATABASE enc")
    finally:
        src.close()
    dst = connect(tmp, key=key)
    try:
        ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
        after = _fingerprint(dst)
    finally:
        dst.close()
    if ok != "ok" or after != before:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        differ = sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))
        raise StoreError(StoreCode.ENCRYPT_FAILED, path=plain_path, detail=Bilingual(
            f"bản mã hoá khác bản gốc ({', '.join(differ) or ok})",
            f"the encrypted copy differs from the original ({', '.join(differ) or ok})"))
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    return tmp


def _swap(plain_path: str, tmp: str, key: bytes, pin: str | None, user: str, envelope_of: str | None) -> None:
    if envelope_of is None:
        cipher.write_envelope(plain_path, cipher.new_envelope(key, pin or "", user))
    else:
        cipher.copy_envelope(envelope_of, plain_path)
    # the plain file's log was emptied (checkpoint TRUNCATE) and its last connection closed: its -wal and
    # -shm go before the new file takes the name, so that they are never found beside it (SQLite would
    # apply an old log's frames to the new file, and a new connection truncate an -shm still mapped)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(plain_path + suffix)
    os.replace(tmp, plain_path)


def plain_copies(db_path: str, backup_folders: Sequence[str | os.PathLike] = ()) -> list[str]:
    """The plain copies the application made of ``db_path``: beside it (``<db>.v<n>.<time>.bak``,
    ``<db>.before-restore.<time>.bak``) and in the backup folders (``khaosat-backup-<name>-*.db``)."""
    from models.base.paths import default_backup_dir
    from models.store.backup import PREFIX

    p = Path(db_path)
    found = [*p.parent.glob(f"{p.name}.v*.bak"), *p.parent.glob(f"{p.name}.before-restore.*.bak")]
    for folder in [default_backup_dir(db_path), *map(Path, backup_folders)]:
        if folder.is_dir():
            found += folder.glob(f"{PREFIX}{p.stem}-*.db")
    return sorted({str(f) for f in found if is_plain_file(str(f)) is True})


def encrypt_database(db_path: str | os.PathLike, pin: str, *, user: str = "",
                     backup_folders: Sequence[str | os.PathLike] = ()) -> str:
    """Encrypt a plain database and its copies under a new key wrapped by ``pin``; returns the
    recovery code (show it once). The application must not have the database open."""
    db_path = os.fspath(db_path)
    cipher.check_pin(pin)
    if is_plain_file(db_path) is not True:
        raise StoreError(StoreCode.ALREADY_ENCRYPTED, path=db_path)
    key = cipher.new_key()
    try:
        tmp = _export(db_path, key)
        _swap(db_path, tmp, key, pin, user, None)
    except sqlite3.Error as err:
        from models.base.errors import os_error

        with contextlib.suppress(FileNotFoundError):
            os.unlink(db_path + ".encrypting")
        raise os_error(err, db_path) from None
    cipher.remember(db_path, key)
    for copy in plain_copies(db_path, backup_folders):
        try:
            _swap(copy, _export(copy, key), key, None, user, db_path)
        except (sqlite3.Error, StoreError, OSError) as err:  # a damaged old copy: left as it was, logged
            import logging

            logging.getLogger("khaosat").warning("copy %s not encrypted: %r", copy, err)
    return cipher.recovery_code(key)


def backup_folders_of(db_path: str | os.PathLike) -> list[str]:
    """The backup folder a plain database's settings name (read before it is encrypted)."""
    try:
        conn = connect(f"file:{os.path.abspath(db_path)}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'backup_folder'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [row[0]] if row and row[0] else []
