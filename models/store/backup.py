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
  and the status says so. The newest :data:`KEEP_AUTO` automatic copies of a database are kept, within
  the disk budget (:data:`BUDGET_KEY`, :data:`DEFAULT_BUDGET`; the newest copy is always kept).
* Before an import the whole file is copied only when it is due (:func:`_journal_usable`): no full copy
  yet, the last one a day old, the data changed since the last import (``change_mark``, migration
  m047), or the packages received since the last full copy grew past a quarter of the database.
  Otherwise the packages about to be imported are kept in the journal (``khaosat-journal-<db>/<sha256>
  .ksp``, content-addressed, the signed files as received) and a *restore point* is written
  (``khaosat-backup-<db>-<time>-import.point``: the full copy plus the packages imported on top of it
  since, in order). :func:`journal_imported` adds the packages an import applied. Restoring a point is
  one action (``models.exchange.journal.restore``: the full copy, then the packages imported again);
  :func:`check_backup` checks a point as it checks a copy. docs/backups.md says why.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from models.base.changes import SETTINGS, Changes
from models.base.driver import sqlite3
from models.base.errors import AppError, Bilingual, os_detail
from models.base.formats import local_time_text
from models.base.paths import default_backup_dir
from models.store import cipher
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
#: a restore point's file name ends so (beside the ``.db`` copies)
POINT_SUFFIX = ".point"
#: the journal of received packages: a folder beside the copies, one per database
JOURNAL_PREFIX = "khaosat-journal-"
#: settings: the journal's state (the last full copy, the packages imported since, the change mark)
JOURNAL_KEY = "backup_journal"
#: settings: how many bytes the automatic full copies of a database may use in the backup folder
BUDGET_KEY = "backup_budget_bytes"
DEFAULT_BUDGET = 20 * 1024 ** 3
#: a full copy is due when the packages journaled since the last one pass this share of the database
#: (restoring a point imports them all again: this bounds how long that takes) ...
JOURNAL_SHARE = 0.25
#: ... or this many bytes, whichever is larger (a small database journals a few packages before copying)
JOURNAL_MIN = 64 * 1024 ** 2
POINT_FORMAT = "khaosat-restore-point"


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
    #: "full" (the database was copied) or "journal" (a restore point: the packages were kept instead)
    kind: str = "full"
    #: the journaled packages: file path as given -> SHA-256 (for :func:`journal_imported`)
    journaled: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """The same as ``state`` (the name models/exchange/packages.py reads)."""
        return self.state

    def message(self, lang: str = "vi") -> str:
        if self.state == "made" and self.fallback_from:
            why = self.error.message(lang) if self.error is not None else ""
            return (f"{why} Bản sao lưu tự động đã được ghi vào thư mục mặc định: {self.path}" if lang == "vi"
                    else f"{why} The automatic backup was written to the default folder instead: {self.path}")
        if self.state == "made" and self.kind == "journal":
            return (f"Đã giữ các gói nhận được và ghi điểm khôi phục: {self.path}" if lang == "vi"
                    else f"The received packages were kept and a restore point was written: {self.path}")
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
        dst = cipher.connect_copy(tmp, store.path)
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
        cipher.copy_envelope(store.path, target)
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
    ``RESTORE_INVALID`` / ``DB_NEWER``. A restore point (``.point``) is checked with everything it needs."""
    path = str(backup_file)
    if path.endswith(POINT_SUFFIX):
        point = read_point(path)
        return {"path": path, "records": point.records, "device_id": point.device_id, "point": point}
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as err:
        log.info("backup %s not read: %r", path, err)
        raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=os_detail(err)) from None
    if head != b"SQLite format 3\x00" and (not head or cipher.read_envelope(path) is None):
        raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=Bilingual(
            "tệp không phải cơ sở dữ liệu SQLite", "the file is not an SQLite database"))
    try:
        conn = cipher.connect_file(path, uri=f"file:{Path(path).resolve().as_posix()}?mode=ro")
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


def restore(db_path: str | os.PathLike, backup_file: str | os.PathLike, *, verified: bool = False) -> str:
    """Replace the database at ``db_path`` with a verified backup; returns the safety copy's path.

    The application must have closed its own connection first. The current database is kept as
    ``<db>.before-restore.<time>[-n].bak`` (the SQLite backup API, so WAL content is included); the
    name is reserved with an exclusive create, so a second restore never overwrites the first's copy.
    ``verified``: the caller has just checked the file (:func:`read_point` does): not read twice.
    """
    if not verified:
        check_backup(backup_file)
    db_path = str(db_path)
    from models.store.runlock import acquire_now

    with acquire_now(db_path, "restore"):  # not while a sync or an import is writing (DB_WRITER_BUSY)
        return _restore(db_path, backup_file)


def _restore(db_path: str, backup_file: str | os.PathLike) -> str:
    from models.store.database import refuse_if_open

    refuse_if_open(db_path)  # its file is rewritten or replaced: nothing of this process may hold it open
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
            cur = cipher.connect_file(db_path)
            try:
                dst = cipher.connect_copy(safety, db_path)
                try:
                    cur.backup(dst)
                finally:
                    dst.close()
                cipher.copy_envelope(db_path, safety)
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
    from models.base.driver import is_plain_file

    if safety and os.path.exists(db_path) and is_plain_file(db_path) != is_plain_file(str(backup_file)):
        # a plain backup over an encrypted database or the reverse: SQLite's backup cannot copy pages
        # between the two kinds; the current database is kept as the safety copy, so start afresh
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(db_path + suffix)
        if is_plain_file(str(backup_file)):
            cipher.remove_envelope(db_path)
            cipher.forget(db_path)
    try:
        src = cipher.connect_file(backup_file, uri=f"file:{Path(backup_file).resolve().as_posix()}?mode=ro")
        try:
            dst = cipher.connect_copy(db_path, backup_file)
            try:
                src.backup(dst)
                src.close()
                with contextlib.suppress(sqlite3.OperationalError):  # a copy made before backups had a journal
                    # the journal's state belongs to the database as it was: the next import copies it whole
                    dst.execute("DELETE FROM settings WHERE key = ?", [JOURNAL_KEY])
                    dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
        if cipher.read_envelope(backup_file) is not None:  # the restored database opens with the backup's PINs
            cipher.copy_envelope(backup_file, db_path)
            key = cipher.key_for_file(backup_file)
            if key is not None:
                cipher.remember(db_path, key)
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


def auto_backup(store, reason: str = "daily", *, now: datetime | None = None,
                packages: Sequence[str | os.PathLike] = ()) -> AutoBackupStatus:
    """The automatic safety copy: before every import, otherwise when the last copy is a day old.

    It goes to the chosen folder, else to the default folder beside the database; when the chosen
    folder cannot be written it goes to the default folder (``fallback_from`` says so). Only when no
    copy could be made at all is it ``failed`` (with the error), so the caller decides whether to go on.

    Before an import (``reason="import"``, ``packages``: the files about to be imported) the whole
    database is copied only when that is due (:func:`_journal_usable`); otherwise the packages go into
    the journal and a restore point is written (``kind="journal"``). Either way the packages are
    journaled, so that the next import can rely on them (:func:`journal_imported`).
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
    if reason == "import" and packages:
        state = _journal_usable(store, folder, packages, now)
        if state is not None:
            try:
                journaled = _journal(folder, base, packages, _key_of(store))
                point = _write_point(store, folder, base, state, now)
            except OSError as err:
                log.info("journal in %s not written, copying the database instead: %r", folder, err)
            else:
                return AutoBackupStatus("made", reason, path=str(point), last_at=last, kind="journal",
                                        journaled=journaled)
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
        journaled = _start_journal(store, fallback, base, res, packages)
        _prune(fallback, base, store)
        return AutoBackupStatus("made", reason, path=res.path, last_at=res.at, error=err, fallback_from=str(folder),
                                journaled=journaled)
    journaled = _start_journal(store, folder, base, res, packages)
    _prune(folder, base, store)
    return AutoBackupStatus("made", reason, path=res.path, last_at=res.at, journaled=journaled)


# ---------------------------------------------------------------------------------------- the journal


def change_mark(store) -> int | None:
    """How many rows the data tables have had written (migration m047); None before that migration."""
    try:
        row = store.execute("SELECT n FROM change_mark WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return None
    return int(row[0]) if row else None


def journal_state(store) -> dict | None:
    """The journal's state kept in the settings: ``folder``, ``full`` (the last full copy), ``at`` (when
    it was made), ``since`` (the packages imported on top of it: ``sha256``, ``user``, ``size``),
    ``mark`` (the change mark after the last of them); None when there is none."""
    raw = store.setting(JOURNAL_KEY)
    if not raw:
        return None
    try:
        state = json.loads(raw)
    except ValueError:
        return None
    return state if isinstance(state, dict) else None


def journal_dir(folder: str | os.PathLike, base: str) -> Path:
    return Path(folder) / f"{JOURNAL_PREFIX}{base}"


def _journal_usable(store, folder: Path, packages: Sequence[str | os.PathLike], now: datetime) -> dict | None:
    """The journal's state when a restore point can stand for a full copy before this import: a full
    copy of this database in this folder, less than a day old, nothing changed since the last import
    (the change mark), and the packages since that copy (these ones included) within
    max(:data:`JOURNAL_MIN`, :data:`JOURNAL_SHARE` of the database). None: copy the database."""
    state = journal_state(store)
    mark = change_mark(store)
    if state is None or mark is None or state.get("mark") != mark or state.get("folder") != str(folder):
        return None
    full = Path(str(state.get("full", "")))
    try:
        made = datetime.fromisoformat(str(state.get("at", "")).replace("Z", "+00:00"))
        full_size = full.stat().st_size
        new_bytes = sum(os.path.getsize(p) for p in packages)
    except (OSError, ValueError):
        return None
    if now - made >= AUTO_INTERVAL or not full_size:
        return None
    since = state.get("since") or []
    if not isinstance(since, list):
        return None
    limit = max(JOURNAL_MIN, int(JOURNAL_SHARE * _db_size(store.path)))
    if sum(int(e.get("size", 0)) for e in since) + new_bytes > limit:
        return None
    jdir = journal_dir(folder, Path(store.path).stem)
    if any(not (jdir / f"{e.get('sha256', '')}.ksp").is_file() for e in since):
        return None  # a journaled package was removed: the point could not be rebuilt
    return state


def _db_size(path: str) -> int:
    return sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))


def _journal(folder: Path, base: str, packages: Sequence[str | os.PathLike], key: bytes | None = None
             ) -> dict[str, str]:
    """Copy each package into the journal under its SHA-256 (once per content; written as ``.part`` and
    renamed, so an interrupted copy leaves nothing that looks whole); path as given -> SHA-256. With the
    key of an encrypted database the copy is encrypted under it (``cipher.encrypt_chunks``): a package
    holds the answers in the clear unless it was encrypted for this receiver."""
    import hashlib

    jdir = journal_dir(folder, base)
    jdir.mkdir(parents=True, exist_ok=True)
    out: dict[str, str] = {}
    for p in packages:
        h = hashlib.sha256()
        tmp = _reserve(jdir / f"incoming-{os.getpid()}", ".part")
        try:
            with open(p, "rb") as src, open(tmp, "wb") as dst:
                def pieces(src=src, h=h):
                    while chunk := src.read(1 << 20):
                        h.update(chunk)
                        yield chunk
                for out_piece in (cipher.encrypt_chunks(key, pieces()) if key else pieces()):
                    dst.write(out_piece)
                dst.flush()
                os.fsync(dst.fileno())
            target = jdir / f"{h.hexdigest()}.ksp"
            if target.exists() and (key is not None or target.stat().st_size == os.path.getsize(tmp)):
                _unlink(tmp)
                os.utime(target)  # needed again: not pruned as a stale one
            else:
                os.replace(tmp, target)
        except OSError:
            _unlink(tmp)
            raise
        out[str(p)] = h.hexdigest()
    return out


def _key_of(store) -> bytes | None:
    """The key of an encrypted database (its journal is encrypted too), None for a plain one."""
    from models.base.driver import is_plain_file

    return cipher.key_for_file(store.path) if is_plain_file(store.path) is False else None


def journaled_pieces(path: str | os.PathLike, key: bytes | None):
    """A journaled package's bytes in pieces, decrypted when it was kept encrypted (ValueError when an
    encrypted one was changed or its key is not known)."""
    with open(path, "rb") as fh:
        if fh.read(len(cipher.FILE_MAGIC)) == cipher.FILE_MAGIC:
            if key is None:
                raise ValueError("encrypted, and its key is not known")
            fh.seek(0)
            yield from cipher.decrypt_chunks(key, fh)
            return
        fh.seek(0)
        while chunk := fh.read(1 << 20):
            yield chunk


def _start_journal(store, folder: Path, base: str, res: BackupResult,
                   packages: Sequence[str | os.PathLike]) -> dict[str, str]:
    """After a full copy before an import: the journal starts again from that copy (and keeps the packages
    about to be imported). A journal that cannot be written only means the next import copies again."""
    mark = change_mark(store)
    if mark is None:
        return {}
    try:
        journaled = _journal(folder, base, packages, _key_of(store)) if packages else {}
    except OSError as err:
        log.info("journal in %s not written: %r", folder, err)
        journaled = {}
    state = {"folder": str(folder), "full": res.path, "at": res.at, "since": [], "mark": mark}
    store.set_settings({JOURNAL_KEY: json.dumps(state, ensure_ascii=False)})
    return journaled


def journal_imported(store, status: AutoBackupStatus, imported: Sequence[tuple[str, str | None]]) -> None:
    """After an import: the packages it applied (``(path as given to auto_backup, user)``, in the order
    they were applied) join the journal's state, with the change mark they left. Packages that were not
    journaled leave the state as it was, so the next import copies the database."""
    state = journal_state(store)
    if state is None or not status.journaled:
        return
    if any(p not in status.journaled for p, _u in imported):
        return
    since = list(state.get("since") or [])
    for p, user in imported:
        since.append({"sha256": status.journaled[p], "user": user or "", "size": os.path.getsize(p)})
    state["since"], state["mark"] = since, change_mark(store)
    store.set_settings({JOURNAL_KEY: json.dumps(state, ensure_ascii=False)})


def _write_point(store, folder: Path, base: str, state: dict, now: datetime) -> Path:
    """The restore point for the database as it is now: the full copy and the packages imported since."""
    point = {"format": POINT_FORMAT, "version": 1, "database": base, "device_id": store.device_id,
             "at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
             "full": os.path.basename(state["full"]) if Path(state["full"]).parent == folder else state["full"],
             "packages": [{"sha256": e["sha256"], "user": e.get("user", "")} for e in state.get("since") or []],
             "records": store.count_records()}
    stem = folder / f"{PREFIX}{base}-{datetime.now().strftime('%Y%m%d-%H%M%S')}-import"
    tmp = _reserve(stem, POINT_SUFFIX + ".part", also_free=POINT_SUFFIX)
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(point, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        return _place(tmp, stem, POINT_SUFFIX)
    except OSError:
        _unlink(tmp)
        raise


@dataclass(frozen=True)
class RestorePoint:
    """A restore point read and checked (:func:`read_point`): the full copy and the journaled packages to
    import on top of it, in order, each with the user who imported it."""

    path: str
    full: str
    packages: list[tuple[str, str]]
    records: int
    device_id: str


def read_point(point_file: str | os.PathLike) -> RestorePoint:
    """Read a restore point and check that everything it needs is there and intact: the full copy
    (:func:`check_backup`) and each package with the digest it is named by. Raises ``RESTORE_INVALID``."""
    import hashlib

    path = str(point_file)
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as err:
        log.info("restore point %s not read: %r", path, err)
        raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=Bilingual(
            "không đọc được điểm khôi phục", "the restore point cannot be read")) from None
    if not isinstance(data, dict) or data.get("format") != POINT_FORMAT or not isinstance(data.get("packages"), list):
        raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=Bilingual(
            "tệp không phải điểm khôi phục của ứng dụng", "the file is not a restore point of this application"))
    folder = Path(path).parent
    full = Path(str(data.get("full", "")))
    full = full if full.is_absolute() else folder / full
    if not full.is_file():
        raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=Bilingual(
            f"thiếu bản sao đầy đủ {full.name} mà điểm khôi phục cần",
            f"the full copy {full.name} that the restore point needs is missing"))
    check_backup(full)
    jdir = journal_dir(folder, str(data.get("database", "")))
    packages = []
    for e in data["packages"]:
        sha = str(e.get("sha256", "")) if isinstance(e, dict) else ""
        f = jdir / f"{sha}.ksp"
        h = hashlib.sha256()
        try:
            for chunk in journaled_pieces(f, cipher.key_for_file(full)):
                h.update(chunk)
        except ValueError:
            raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=Bilingual(
                f"gói {f.name} trong thư mục {jdir} đã bị thay đổi", f"the package {f.name} in {jdir} was changed")
                ) from None
        except OSError:
            raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=Bilingual(
                f"thiếu gói {f.name} trong thư mục {jdir}", f"the package {f.name} is missing from {jdir}")) from None
        if h.hexdigest() != sha:
            raise StoreError(StoreCode.RESTORE_INVALID, path=path, detail=Bilingual(
                f"gói {f.name} trong thư mục {jdir} đã bị thay đổi", f"the package {f.name} in {jdir} was changed"))
        packages.append((str(f), str(e.get("user", ""))))
    return RestorePoint(path, str(full), packages, int(data.get("records", 0) or 0), str(data.get("device_id", "")))


def list_backups(folder: str | os.PathLike) -> list[Path]:
    """Full copies in a folder, newest first (not a name reserved by a copy still being written)."""
    return _newest_first(folder, f"{PREFIX}*.db")


def list_restore_points(folder: str | os.PathLike) -> list[Path]:
    """Full copies and restore points in a folder, newest first: what a person may restore."""
    return _newest_first(folder, f"{PREFIX}*.db", f"{PREFIX}*{POINT_SUFFIX}")


def _newest_first(folder: str | os.PathLike, *patterns: str) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for p in [p for pattern in patterns for p in folder.glob(pattern)]:
        try:
            st = p.stat()
        except OSError:
            continue
        if st.st_size:
            found.append((st.st_mtime_ns, p.name, p))
    return [t[2] for t in sorted(found, key=lambda t: (t[0], t[1]), reverse=True)]


def newest_good_backup(db_path: str | os.PathLike) -> tuple[Path, dict] | None:
    """The newest backup of the database at ``db_path`` that passes :func:`check_backup`, with its facts,
    or None: for a database found damaged (at start or while working), without opening it as a store.

    Looked for in the folder chosen in the settings (read from the file if it still can be) and in the
    default folder beside the database, among the copies named for this database
    (``khaosat-backup-<name>-…``: another database's copy is never offered), newest first. A copy that
    fails the check is passed over (logged)."""
    db_path = str(db_path)
    folders: list[Path] = []
    with contextlib.suppress(sqlite3.Error, OSError, AppError):
        conn = cipher.connect_file(db_path, uri=f"file:{Path(db_path).resolve().as_posix()}?mode=ro")
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", [FOLDER_KEY]).fetchone()
            if row and row[0]:
                folders.append(Path(row[0]))
        finally:
            conn.close()
    default = default_backup_dir(db_path)
    if default not in folders:
        folders.append(default)
    base = f"{PREFIX}{Path(db_path).stem}-"
    def order(p: Path) -> int:
        try:
            return -p.stat().st_mtime_ns
        except OSError:
            return 0

    for p in sorted({p for f in folders for p in list_backups(f) if p.name.startswith(base)}, key=order):
        try:
            return p, check_backup(p)
        except AppError as err:
            log.info("backup %s passed over: %s", p, err.message("en"))
    return None


def _budget(store) -> int:
    try:
        return int(store.setting(BUDGET_KEY) or DEFAULT_BUDGET) if store is not None else DEFAULT_BUDGET
    except ValueError:
        return DEFAULT_BUDGET


def _prune(folder: Path, base: str, store=None) -> None:
    """Keep the newest :data:`KEEP_AUTO` automatic copies of one database (manual ones stay) within the
    disk budget (the newest copy always stays); then the restore points whose full copy is gone, and the
    journaled packages that no point and no journal state needs."""
    autos = [p for p in list_backups(folder) if p.name.startswith(f"{PREFIX}{base}-")
             and not p.stem.endswith("-manual") and "-manual-" not in p.stem]
    budget, used = _budget(store), 0
    for i, p in enumerate(autos):
        with contextlib.suppress(OSError):
            used += p.stat().st_size
        if i >= KEEP_AUTO or (i and used > budget):
            _unlink(p)
    needed: set[str] = set()
    state = journal_state(store) if store is not None else None
    if state:
        needed |= {str(e.get("sha256")) for e in state.get("since") or [] if isinstance(e, dict)}
    for point in folder.glob(f"{PREFIX}{base}-*{POINT_SUFFIX}"):
        try:
            data = json.loads(point.read_text(encoding="utf-8"))
            full = Path(str(data["full"]))
            full = full if full.is_absolute() else folder / full
            if not full.exists():
                _unlink(point)
                continue
            needed |= {str(e.get("sha256")) for e in data.get("packages") or [] if isinstance(e, dict)}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # not ours to judge: left as it is
    jdir = journal_dir(folder, base)
    if jdir.is_dir():
        for f in jdir.glob("*.ksp"):
            if f.stem not in needed and f.stat().st_mtime < time.time() - STALE_PART:
                _unlink(f)  # (a package journaled in the last hour may be for an import still running)


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):
        return False


def _unlink(p) -> None:
    with contextlib.suppress(OSError):
        os.unlink(p)
