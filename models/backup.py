"""Safety copies of the database: back up now, restore, and the automatic copy.

* :func:`backup_now` writes a consistent copy with SQLite's online backup API (safe while the
  application is using the database) and verifies it with ``PRAGMA integrity_check``.
* :func:`restore` checks a backup file first (an SQLite file of this application whose schema this
  build knows, intact); only then does it keep a safety copy of the current database and copy the
  backup over it. A refused file changes nothing.
* :func:`auto_backup` makes a copy at least daily and before every import (``reason="import"``) into
  the folder chosen in the settings (``backup_folder``), e.g. a USB stick. Without a folder it does
  nothing and says so.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from models.errors import AppError
from models.migrations import known_names

#: settings keys
FOLDER_KEY = "backup_folder"
LAST_KEY = "last_backup_at"
LAST_PATH_KEY = "last_backup_path"

#: the automatic copy is made when the last one is older than this
AUTO_INTERVAL = timedelta(hours=24)
#: how many automatic copies of one database to keep in the folder (oldest removed first)
KEEP_AUTO = 30

PREFIX = "khaosat-backup-"


@dataclass(frozen=True)
class BackupResult:
    path: str
    size: int
    at: str  # ISO time (UTC)
    records: int


@dataclass(frozen=True)
class AutoBackupStatus:
    """What :func:`auto_backup` did: ``made`` (a copy), ``not_due`` or ``no_folder``; never raises
    for a missing folder so an import can go on (the caller shows ``message``)."""

    state: str
    reason: str
    path: str = ""
    last_at: str = ""
    error: AppError | None = None

    @property
    def status(self) -> str:
        """The same as ``state`` (the name the import summary reads)."""
        return self.state

    def message(self, lang: str = "vi") -> str:
        if self.state == "made":
            return (f"Đã tạo bản sao lưu tự động: {self.path}" if lang == "vi"
                    else f"Automatic backup made: {self.path}")
        if self.state == "not_due":
            return (f"Bản sao lưu gần nhất lúc {self.last_at}; chưa đến hạn sao lưu tự động." if lang == "vi"
                    else f"Last backup at {self.last_at}; the automatic backup is not due yet.")
        if self.state == "failed" and self.error is not None:
            return self.error.message(lang)
        return ("Chưa chọn thư mục sao lưu nên chưa có bản sao lưu tự động. Hãy chọn thư mục trong "
                "Cài đặt → Sao lưu (ví dụ USB)." if lang == "vi"
                else "No backup folder is chosen, so no automatic backup was made. Choose one in "
                "Settings → Backup (e.g. a USB stick).")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def backup_now(store, folder: str | os.PathLike, *, reason: str = "manual") -> BackupResult:
    """Copy the open database into ``folder`` (created if missing) and verify the copy."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise AppError("BACKUP_FAILED", path=str(folder), detail=err.strerror or str(err)) from None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = Path(store.path).stem
    target = folder / f"{PREFIX}{base}-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{PREFIX}{base}-{stamp}-{reason}-{n}.db"
    tmp = target.with_name(target.name + ".part")
    try:
        dst = sqlite3.connect(tmp)
        try:
            store.db.conn.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
            records = dst.execute("SELECT count(*) FROM records").fetchone()[0]
        finally:
            dst.close()
        if ok != "ok":
            raise AppError("BACKUP_FAILED", path=str(target), detail=f"integrity_check: {ok}")
        os.replace(tmp, target)
    except AppError:
        _unlink(tmp)
        raise
    except (sqlite3.Error, OSError) as err:
        _unlink(tmp)
        raise AppError("BACKUP_FAILED", path=str(target), detail=getattr(err, "strerror", None) or str(err)) from None
    at = _now().isoformat(timespec="seconds").replace("+00:00", "Z")
    store.set_settings({LAST_KEY: at, LAST_PATH_KEY: str(target)})
    return BackupResult(str(target), target.stat().st_size, at, records)


def check_backup(backup_file: str | os.PathLike) -> dict:
    """Verify a backup file without changing anything; returns facts about it or raises
    ``RESTORE_INVALID`` / ``DB_NEWER``."""
    path = str(backup_file)
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as err:
        raise AppError("RESTORE_INVALID", path=path, detail=err.strerror or str(err)) from None
    if head != b"SQLite format 3\x00":
        raise AppError("RESTORE_INVALID", path=path, detail="không phải tệp SQLite / not an SQLite file")
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve().as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise AppError("RESTORE_INVALID", path=path, detail=str(err)) from None
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise AppError("RESTORE_INVALID", path=path, detail=f"integrity_check: {ok}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"_sqlite_migrations", "settings", "records", "forms"} <= tables:
            raise AppError("RESTORE_INVALID", path=path,
                           detail="thiếu các bảng của ứng dụng / the application's tables are missing")
        applied = [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'khaosat' ORDER BY rowid")]
        unknown = [n for n in applied if n not in known_names()]
        if unknown:
            raise AppError("DB_NEWER", path=path, name=unknown[0])
        records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        device = conn.execute("SELECT value FROM settings WHERE key = 'device_id'").fetchone()
    except sqlite3.DatabaseError as err:
        raise AppError("RESTORE_INVALID", path=path, detail=str(err)) from None
    finally:
        conn.close()
    return {"path": path, "records": records, "device_id": device[0] if device else ""}


def restore(db_path: str | os.PathLike, backup_file: str | os.PathLike) -> str:
    """Replace the database at ``db_path`` with a verified backup; returns the safety copy's path.

    The application must have closed its own connection first. The current database is kept as
    ``<db>.before-restore.<time>.bak`` (the SQLite backup API, so WAL content is included).
    """
    check_backup(backup_file)
    db_path = str(db_path)
    safety = ""
    if os.path.exists(db_path):
        safety = f"{db_path}.before-restore.{datetime.now().strftime('%Y%m%d-%H%M%S')}.bak"
        try:
            cur = sqlite3.connect(db_path)
            try:
                dst = sqlite3.connect(safety)
                try:
                    cur.backup(dst)
                finally:
                    dst.close()
            finally:
                cur.close()
        except sqlite3.DatabaseError:
            # a damaged database (the reason to restore at start): keep its bytes as they are, then
            # restore into a fresh file (SQLite cannot copy pages out of or over a damaged file)
            _unlink(safety)
            _keep_damaged(db_path, safety)
        except (sqlite3.Error, OSError) as err:
            _unlink(safety)
            raise AppError("BACKUP_FAILED", path=safety, detail=str(err)) from None
    try:
        src = sqlite3.connect(f"file:{Path(backup_file).resolve().as_posix()}?mode=ro", uri=True)
        dst = sqlite3.connect(db_path)
        src.backup(dst)
        dst.close()
        src.close()
    except (sqlite3.Error, OSError) as err:
        raise AppError("WRITE_FAILED", path=db_path, detail=str(err)) from None
    return safety


def _keep_damaged(db_path: str, safety: str) -> None:
    """Move a damaged database (and its journal files) aside as the safety copy, byte for byte."""
    import shutil

    try:
        shutil.copyfile(db_path, safety)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(db_path + suffix):
                shutil.copyfile(db_path + suffix, safety + suffix)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db_path + suffix):
                os.unlink(db_path + suffix)
    except OSError as err:
        raise AppError("BACKUP_FAILED", path=safety, detail=err.strerror or str(err)) from None


def auto_backup(store, reason: str = "daily", *, now: datetime | None = None) -> AutoBackupStatus:
    """The automatic safety copy: before every import, otherwise when the last copy is a day old.

    No folder configured → ``no_folder`` (nothing done). A failure to write (USB stick pulled out)
    is returned as ``failed`` with the error, so the caller decides whether to go on.
    """
    folder = store.setting(FOLDER_KEY)
    last = store.setting(LAST_KEY)
    if not folder:
        return AutoBackupStatus("no_folder", reason, last_at=last)
    now = now or _now()
    if reason != "import" and last:
        try:
            last_dt = datetime.fromisoformat(last.replace("Z", "+00:00"))
        except ValueError:
            last_dt = None
        if last_dt is not None and now - last_dt < AUTO_INTERVAL:
            return AutoBackupStatus("not_due", reason, last_at=last)
    try:
        res = backup_now(store, folder, reason=reason)
    except AppError as err:
        return AutoBackupStatus("failed", reason, error=err, last_at=last)
    _prune(Path(folder), Path(store.path).stem)
    return AutoBackupStatus("made", reason, path=res.path, last_at=res.at)


def list_backups(folder: str | os.PathLike) -> list[Path]:
    """Backups in a folder, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*.db"), key=lambda p: p.stat().st_mtime, reverse=True)


def _prune(folder: Path, base: str) -> None:
    autos = [p for p in list_backups(folder) if p.name.startswith(f"{PREFIX}{base}-")
             and not p.stem.endswith("-manual")]
    for p in autos[KEEP_AUTO:]:
        _unlink(p)


def _unlink(p) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass
