"""Safety copies of the database: back up now, restore, and the automatic copy.

* :func:`backup_now` writes a consistent copy with SQLite's online backup API (safe while the
  application is using the database) and verifies it with ``PRAGMA integrity_check``. A copy never
  overwrites another one: its name is reserved with an exclusive create before anything is written.
* :func:`restore` checks a backup file first (an SQLite file of this application whose schema this
  build knows, intact); only then does it keep a safety copy of the current database
  (``<db>.before-restore.<time>[-n].bak``, a new file every time) and copy the backup over it. A
  refused file changes nothing.
* :func:`auto_backup` makes a copy at least daily and before every import (``reason="import"``) into
  the folder chosen in the settings (``backup_folder``, e.g. a USB stick) or, when none is chosen,
  into the default folder beside the database (:func:`models.base.paths.default_backup_dir`). When the
  chosen folder cannot be written (the stick is not plugged in) the copy goes to the default folder
  and the status says so. The newest :data:`KEEP_AUTO` automatic copies of a database are kept.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from models.base.changes import SETTINGS, Changes
from models.base.errors import AppError, Bilingual, os_detail
from models.base.formats import local_time_text
from models.base.paths import default_backup_dir
from models.store.errors import StoreCode, StoreError
from models.store.migrations import known_names

log = logging.getLogger("khaosat.backup")

#: settings keys
FOLDER_KEY = "backup_folder"
LAST_KEY = "last_backup_at"
LAST_PATH_KEY = "last_backup_path"

#: the automatic copy is made when the last one is older than this
AUTO_INTERVAL = timedelta(hours=24)
#: how many automatic copies of one database to keep in the folder (oldest removed first)
KEEP_AUTO = 30
#: a ``.part`` file older than this was left by an interrupted copy (power cut, stick pulled out)
STALE_PART = 3600

PREFIX = "khaosat-backup-"


@dataclass(frozen=True)
class BackupResult:
    path: str
    size: int
    at: str  # ISO time (UTC)
    records: int
    #: the settings (when the last copy was made)
    changes: Changes = field(default=Changes.of(SETTINGS), compare=False, repr=False)


@dataclass(frozen=True)
class AutoBackupStatus:
    """What :func:`auto_backup` did: ``made`` (a copy), ``not_due`` or ``failed`` (with ``error``);
    never raises, so an import can go on (the caller shows :meth:`message`). ``fallback_from`` is the
    chosen folder that could not be written when the copy went to the default folder instead."""

    state: str
    reason: str
    path: str = ""
    last_at: str = ""
    error: AppError | None = None
    fallback_from: str = ""

    @property
    def status(self) -> str:
        """The same as ``state`` (the name models/exchange/packages.py reads)."""
        return self.state

    def message(self, lang: str = "vi") -> str:
        if self.state == "made" and self.fallback_from:
            why = self.error.message(lang) if self.error is not None else ""
            return (f"{why} Bản sao lưu tự động đã được ghi vào thư mục mặc định: {self.path}" if lang == "vi"
                    else f"{why} The automatic backup was written to the default folder instead: {self.path}")
        if self.state == "made":
            return (f"Đã tạo bản sao lưu tự động: {self.path}" if lang == "vi"
                    else f"Automatic backup made: {self.path}")
        if self.state == "not_due":
            return (f"Bản sao lưu gần nhất lúc {_local(self.last_at)}; chưa đến hạn sao lưu tự động." if lang == "vi"
                    else f"Last backup at {_local(self.last_at)}; the automatic backup is not due yet.")
        if self.error is not None:
            return self.error.message(lang)
        return (f"Không tạo được bản sao lưu tự động ({self.reason})." if lang == "vi"
                else f"The automatic backup ({self.reason}) could not be made.")


def _local(iso: str) -> str:
    """A stored UTC time as local ``dd/mm/yyyy HH:MM`` (how people read dates here)."""
    return local_time_text(iso, missing="?")


def backup_folder(store) -> tuple[Path, bool]:
    """Where automatic copies go: (the chosen folder, False) or (the default folder, True)."""
    chosen = store.setting(FOLDER_KEY)
    if chosen:
        return Path(chosen), False
    return default_backup_dir(store.path), True


def back_up(store, *, reason: str = "manual") -> BackupResult:
    """:func:`backup_now` into the folder the settings name (:func:`backup_folder`) when it runs."""
    return backup_now(store, backup_folder(store)[0], reason=reason)


def set_backup_folder(store, folder: str | os.PathLike) -> Changes:
    """Choose the folder automatic copies go to ('' : the default folder beside the database)."""
    return store.set_settings({FOLDER_KEY: str(folder)})


def _now() -> datetime:
    return datetime.now(UTC)


def backup_now(store, folder: str | os.PathLike, *, reason: str = "manual") -> BackupResult:
    """Copy the open database into ``folder`` (created if missing) and verify the copy."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        log.info("backup folder %s not made: %r", folder, err)
        raise StoreError(StoreCode.BACKUP_FAILED, path=str(folder),
                         detail=_folder_reason(folder, err)) from None
    base = Path(store.path).stem
    _remove_stale_parts(folder, base)
    stem = folder / f"{PREFIX}{base}-{datetime.now().strftime('%Y%m%d-%H%M%S')}-{reason}"
    try:
        # the copy is written under an exclusively created ``.part`` name and only then gets its
        # final name, never replacing a file: an interrupted copy leaves no ``.db`` that looks whole
        tmp = _reserve(stem, ".db.part", also_free=".db")
    except OSError as err:
        log.info("backup name in %s not reserved: %r", folder, err)
        raise StoreError(StoreCode.BACKUP_FAILED, path=str(folder),
                         detail=_folder_reason(folder, err)) from None
    target = tmp.with_name(tmp.name[:-len(".part")])
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
            log.warning("backup %s failed its integrity check: %s", target, ok)
            raise StoreError(StoreCode.BACKUP_FAILED, path=str(target), detail=Bilingual(
                "bản sao không qua được kiểm tra toàn vẹn", "the copy failed its integrity check"))
        target = _place(tmp, stem, ".db")
    except AppError:
        _unlink(tmp)
        raise
    except (sqlite3.Error, OSError) as err:
        _unlink(tmp)
        log.info("backup to %s failed: %r", target, err)
        raise StoreError(StoreCode.BACKUP_FAILED, path=str(target),
                         detail=_folder_reason(folder, err)) from None
    at = _now().isoformat(timespec="seconds").replace("+00:00", "Z")
    store.set_settings({LAST_KEY: at, LAST_PATH_KEY: str(target)})
    return BackupResult(str(target), target.stat().st_size, at, records)


def _reserve(stem: Path, suffix: str, also_free: str = "") -> Path:
    """A new, empty file ``<stem><suffix>`` (or ``<stem>-2<suffix>``, ...) made with an exclusive create,
    so that two copies made in the same second (or by two programs) never overwrite each other;
    ``also_free``: a name with that suffix must not exist either."""
    n = 1
    while True:
        name = stem.name + (f"-{n}" if n > 1 else "")
        path = stem.with_name(name + suffix)
        if also_free and stem.with_name(name + also_free).exists():
            n += 1
            continue
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            n += 1
            continue
        os.close(fd)
        return path


def _place(tmp: Path, stem: Path, suffix: str) -> Path:
    """Give the finished copy ``tmp`` the first free name ``<stem>[-n]<suffix>``, never replacing a file."""
    n = 1
    while True:
        dst = stem.with_name(stem.name + (f"-{n}" if n > 1 else "") + suffix)
        try:
            _move_no_replace(tmp, dst)
            return dst
        except FileExistsError:
            n += 1


def _move_no_replace(src: Path, dst: Path) -> None:
    import errno

    if os.name == "nt":
        os.rename(src, dst)  # Windows never replaces an existing file here (FileExistsError)
        return
    try:
        os.link(src, dst)  # fails with FileExistsError instead of replacing
    except FileExistsError:
        raise
    except OSError as err:  # no hard links (a FAT/exFAT USB stick): check, then rename
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if dst.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(dst)) from None
        os.rename(src, dst)
        return
    os.unlink(src)


def _folder_reason(folder: Path, err: BaseException) -> Bilingual:
    """Why a copy into ``folder`` failed, as a translated detail (the raw error is logged)."""
    if isinstance(err, OSError) and getattr(err, "errno", None) is not None:
        return os_detail(err)
    text = str(err).lower()
    if "full" in text:
        return Bilingual("ổ đĩa đã đầy", "the disk is full")
    if not folder.is_dir():
        return Bilingual("thư mục không tồn tại hoặc không mở được (USB đã rút ra?)",
                         "the folder does not exist or cannot be opened (was the USB stick removed?)")
    if not os.access(folder, os.W_OK) or _read_only_mount(folder) or "readonly" in text or "unable to open" in text:
        return Bilingual("thư mục chỉ đọc hoặc không có quyền ghi (USB bị khóa chống ghi?)",
                         "the folder is read-only or not writable (is the USB stick write-protected?)")
    return Bilingual("lỗi cơ sở dữ liệu SQLite khi chép", "an SQLite error while copying")


def _remove_stale_parts(folder: Path, base: str) -> None:
    """Remove ``.part`` files left by interrupted copies, and the rollback journal SQLite kept beside one
    (``.part-journal``), not those of a copy being written right now."""
    import re

    limit = time.time() - STALE_PART
    for stale in [*folder.glob(f"{PREFIX}{base}-*.db.part"), *folder.glob(f"{PREFIX}{base}-*.db.part-journal"),
                  *folder.glob(f"{PREFIX}{base}-*.db")]:
        try:
            st = stale.stat()
            if stale.suffix not in (".part", ".part-journal") and st.st_size:
                continue  # a finished copy (an empty one is what an older version left when interrupted)
            started = st.st_mtime
            m = re.search(r"-(\d{8}-\d{6})-", stale.name)
            if m:  # the time in the name: when that copy began
                with contextlib.suppress(ValueError):
                    started = min(started, datetime.strptime(m.group(1), "%Y%m%d-%H%M%S").timestamp())
            if started < limit:
                _unlink(stale)  # a copy interrupted, or the empty name it had reserved
        except OSError:
            pass


def check_backup(backup_file: str | os.PathLike) -> dict:
    """Verify a backup file without changing anything; returns facts about it or raises
    ``RESTORE_INVALID`` / ``DB_NEWER``."""
    path = str(backup_file)
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as err:
        log.info("backup %s not read: %r", path, err)
        raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=os_detail(err)) from None
    if head != b"SQLite format 3\x00":
        raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=Bilingual(
            "tệp không phải cơ sở dữ liệu SQLite", "the file is not an SQLite database"))
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve().as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as err:
        log.info("backup %s not opened: %r", path, err)
        raise StoreError(StoreCode.RESTORE_INVALID, path=path,
                         detail=Bilingual("không mở được tệp", "the file cannot be opened")) from None
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            log.info("backup %s: integrity_check %s", path, ok)
            raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=Bilingual(
                "tệp bị hỏng (không qua được kiểm tra toàn vẹn)", "the file is damaged (it fails the integrity check)"))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"_sqlite_migrations", "settings", "records", "forms"} <= tables:
            raise StoreError(StoreCode.RESTORE_INVALID, path=path,
                             detail=Bilingual("thiếu các bảng của ứng dụng",
                                              "the application's tables are missing"))
        applied = [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'khaosat' ORDER BY rowid")]
        unknown = [n for n in applied if n not in known_names()]
        if unknown:
            raise StoreError(StoreCode.DB_NEWER, path=path, name=unknown[0])
        records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        device = conn.execute("SELECT value FROM settings WHERE key = 'device_id'").fetchone()
    except sqlite3.DatabaseError as err:
        log.info("backup %s unreadable: %r", path, err)
        raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=Bilingual(
            "tệp bị hỏng hoặc không đọc được", "the file is damaged or cannot be read")) from None
    finally:
        conn.close()
    return {"path": path, "records": records, "device_id": device[0] if device else ""}


def restore(db_path: str | os.PathLike, backup_file: str | os.PathLike) -> str:
    """Replace the database at ``db_path`` with a verified backup; returns the safety copy's path.

    The application must have closed its own connection first. The current database is kept as
    ``<db>.before-restore.<time>[-n].bak`` (the SQLite backup API, so WAL content is included); the
    name is reserved with an exclusive create, so a second restore never overwrites the first's copy.
    """
    check_backup(backup_file)
    db_path = str(db_path)
    from models.store.runlock import acquire_now

    with acquire_now(db_path, "restore"):  # not while a sync or an import is writing (DB_WRITER_BUSY)
        return _restore(db_path, backup_file)


def _restore(db_path: str, backup_file: str | os.PathLike) -> str:
    safety = ""
    if os.path.exists(db_path):
        try:
            safety = str(_reserve(Path(f"{db_path}.before-restore.{datetime.now().strftime('%Y%m%d-%H%M%S')}"),
                                  ".bak"))
        except OSError as err:
            log.info("safety copy beside %s not made: %r", db_path, err)
            raise StoreError(StoreCode.BACKUP_FAILED, path=db_path + ".before-restore.bak",
                             detail=_folder_reason(Path(db_path).parent, err)) from None
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
            _keep_damaged(db_path, safety)
        except (sqlite3.Error, OSError) as err:
            _unlink(safety)
            log.info("safety copy %s not made: %r", safety, err)
            raise StoreError(StoreCode.BACKUP_FAILED, path=safety,
                             detail=_folder_reason(Path(db_path).parent, err)) from None
    try:
        src = sqlite3.connect(f"file:{Path(backup_file).resolve().as_posix()}?mode=ro", uri=True)
        dst = sqlite3.connect(db_path)
        src.backup(dst)
        dst.close()
        src.close()
    except (sqlite3.Error, OSError) as err:
        from models.base.errors import os_error

        raise os_error(err, db_path) from None
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
        log.info("damaged database %s not kept aside: %r", db_path, err)
        raise StoreError(StoreCode.BACKUP_FAILED, path=safety, detail=os_detail(err)) from None


def auto_backup(store, reason: str = "daily", *, now: datetime | None = None) -> AutoBackupStatus:
    """The automatic safety copy: before every import, otherwise when the last copy is a day old.

    It goes to the chosen folder, else to the default folder beside the database; when the chosen
    folder cannot be written it goes to the default folder (``fallback_from`` says so). Only when no
    copy could be made at all is it ``failed`` (with the error), so the caller decides whether to go on.
    """
    last = store.setting(LAST_KEY)
    now = now or _now()
    if reason != "import" and last:
        try:
            last_dt = datetime.fromisoformat(last.replace("Z", "+00:00"))
        except ValueError:
            last_dt = None
        if last_dt is not None and now - last_dt < AUTO_INTERVAL:
            return AutoBackupStatus("not_due", reason, last_at=last)
    folder, is_default = backup_folder(store)
    base = Path(store.path).stem
    try:
        res = backup_now(store, folder, reason=reason)
    except AppError as err:
        if is_default:
            return AutoBackupStatus("failed", reason, error=err, last_at=last)
        fallback = default_backup_dir(store.path)
        try:
            res = backup_now(store, fallback, reason=reason)
        except AppError:
            return AutoBackupStatus("failed", reason, error=err, last_at=last)
        _prune(fallback, base)
        return AutoBackupStatus("made", reason, path=res.path, last_at=res.at, error=err, fallback_from=str(folder))
    _prune(folder, base)
    return AutoBackupStatus("made", reason, path=res.path, last_at=res.at)


def list_backups(folder: str | os.PathLike) -> list[Path]:
    """Backups in a folder, newest first (not a name reserved by a copy still being written)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.glob(f"{PREFIX}*.db"):
        try:
            st = p.stat()
        except OSError:
            continue
        if st.st_size:
            found.append((st.st_mtime_ns, p.name, p))
    return [t[2] for t in sorted(found, key=lambda t: (t[0], t[1]), reverse=True)]


def _prune(folder: Path, base: str) -> None:
    """Keep the newest :data:`KEEP_AUTO` automatic copies of one database (manual ones stay)."""
    autos = [p for p in list_backups(folder) if p.name.startswith(f"{PREFIX}{base}-")
             and not p.stem.endswith("-manual") and "-manual-" not in p.stem]
    for p in autos[KEEP_AUTO:]:
        _unlink(p)


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):
        return False


def _unlink(p) -> None:
    with contextlib.suppress(OSError):
        os.unlink(p)
