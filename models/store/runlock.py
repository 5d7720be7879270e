"""One long writer at a time per database, across processes: sync, package import and restore.

SQLite serialises single transactions, but a sync run or an import is many transactions with network
or file work between them: two of them on one database at once (two application windows, a script
and the application) would send the same record twice or count it twice. Each takes this lock for
its whole run: an OS lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows) on ``<db>.lock`` beside
the database, released by the OS when the process ends, however it ends (no stale lock to clean up).
The file is removed when the lock is let go (POSIX; one that opened it meanwhile sees that and opens
the new one), so nothing is left beside the database.
The file holds who has it (what, process id, since when) so the one that waits can say so.

:func:`acquire` tries, and while the lock is held by another yields (for a progress line) and tries
again until ``wait`` seconds have passed; then :class:`StoreError` ``DB_WRITER_BUSY`` names the other
run. The lock is per open file, so two runs in one process exclude each other too.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Generator
from datetime import UTC, datetime
from typing import Any, TextIO

from models.base.errors import Bilingual
from models.store.errors import StoreCode, StoreError

#: what a run says it is, and how the message of the one that waits names it
WHAT = {
    "sync": Bilingual("gửi phiếu lên máy chủ", "sending records to the server"),
    "pull": Bilingual("tải phiếu từ máy chủ", "downloading records from the server"),
    "import": Bilingual("nhập gói số liệu", "importing packages"),
    "restore": Bilingual("khôi phục bản sao lưu", "restoring a backup"),
}


def described(info: dict[str, Any]) -> dict[str, Any]:
    """A holder's description as the context of ``DB_WRITER_BUSY``/``DB_WRITER_WAITING``."""
    what = str(info.get("what") or "")
    return {"what": WHAT.get(what, Bilingual(what or "?", what or "?")), "pid": str(info.get("pid") or "?"),
            "since": str(info.get("since") or "?")}


def lock_path(db_path: str | os.PathLike) -> str:
    return os.fspath(db_path) + ".lock"


class RunLock:
    """A held lock; :meth:`release` (or the end of the process) gives it back."""

    def __init__(self, fh: TextIO, path: str):
        self._fh: TextIO | None = fh
        self.path = path

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
        if sys.platform == "win32":  # pragma: no cover - an open file cannot be removed there: emptied
            with contextlib.suppress(OSError):
                fh.seek(0)
                fh.truncate()
                fh.flush()
        else:
            # removed while still locked: one that opened it meanwhile sees it is gone and opens anew
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        _unlock(fh)
        with contextlib.suppress(OSError):
            fh.close()

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(fh: TextIO) -> bool:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fh: TextIO) -> None:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fh: TextIO) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fh: TextIO) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _same_file(fh: TextIO, path: str) -> bool:
    """Whether the locked file is still the one at ``path`` (a holder removes it when it lets go)."""
    if sys.platform == "win32":  # pragma: no cover - the file is never removed there
        return True
    try:
        return os.fstat(fh.fileno()).st_ino == os.stat(path).st_ino
    except OSError:
        return False


def holder(db_path: str | os.PathLike) -> dict[str, Any]:
    """Who holds the lock, as its holder wrote it (empty when nobody does or it cannot be read)."""
    try:
        with open(lock_path(db_path), encoding="utf-8") as fh:
            text = fh.read(4096)
        return json.loads(text) if text.strip() else {}
    except (OSError, ValueError):
        return {}


def _busy(db_path: str, info: dict[str, Any]) -> StoreError:
    return StoreError(StoreCode.DB_WRITER_BUSY, path=db_path, **described(info))


def acquire(db_path: str | os.PathLike, what: str, *, wait: float = 0.0, poll: float = 0.25,
            sleep: Callable[[float], None] = time.sleep) -> Generator[dict[str, Any], None, RunLock]:
    """Take the lock for ``what`` (one of :data:`WHAT`). A generator: while another run holds it,
    yields that run's description (``what``, ``pid``, ``since``) about once a second, then returns
    the :class:`RunLock`. Raises ``DB_WRITER_BUSY`` when it is still held after ``wait`` seconds."""
    db_path = os.fspath(db_path)
    path = lock_path(db_path)
    deadline = time.monotonic() + wait
    last_said = 0.0
    while True:
        try:
            fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while held
        except OSError as err:
            from models.base.errors import os_error

            raise os_error(err, path) from None
        try:
            if _try_lock(fh):
                if _same_file(fh, path):
                    break
                fh.close()  # the holder removed this file as it let go: lock the one there now
                continue
            fh.close()
            info = holder(db_path)
            now = time.monotonic()
            if now >= deadline:
                raise _busy(db_path, info)
            if now - last_said >= 1.0:
                last_said = now
                yield info
            sleep(min(poll, max(0.0, deadline - now)))
        except BaseException:
            fh.close()
            raise
    note = json.dumps({"what": what, "pid": os.getpid(),
                       "since": datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")}).encode("utf-8")
    try:  # unbuffered: a full disk must leave nothing to flush when the file is closed
        os.ftruncate(fh.fileno(), 0)
        os.pwrite(fh.fileno(), note, 0) if hasattr(os, "pwrite") else os.write(fh.fileno(), note)
    except OSError:  # a full disk: the lock holds all the same, only who holds it is not written down
        with contextlib.suppress(OSError):
            os.ftruncate(fh.fileno(), 0)
    return RunLock(fh, path)


def acquire_now(db_path: str | os.PathLike, what: str) -> RunLock:
    """Take the lock or raise ``DB_WRITER_BUSY`` at once (no waiting)."""
    gen = acquire(db_path, what, wait=0.0)
    try:
        next(gen)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("acquire with wait=0 yields nothing")  # pragma: no cover


def hold(db_path: str | os.PathLike | None, what: str, *, wait: float = 600.0,
         cancel: threading.Event | None = None, lang: str = "vi"):
    """:func:`acquire` for a service generator: while waiting, yields :class:`Progress` lines that say
    for what; ``cancel`` stops the wait (``Cancelled``). Returns the :class:`RunLock`, or None for a
    database without a file (``:memory:``)."""
    from models.base.progress import Progress, cancellable_sleep

    if not db_path or os.fspath(db_path) == ":memory:":
        return None

    gen = acquire(db_path, what, wait=wait, sleep=cancellable_sleep(cancel))
    try:
        while True:
            info = next(gen)
            yield Progress(0, 0, StoreCode.DB_WRITER_WAITING.render(described(info), lang))
    except StopIteration as stop:
        return stop.value
