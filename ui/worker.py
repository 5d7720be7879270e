"""Run services off the UI thread and report back (Anki's ``CollectionOp``/``QueryOp``, napari's
yielding worker).

A service is a function in ``models``/``exports`` that gets an open :class:`models.store.database.Store`
as ``store=`` and returns a result, or is a generator that ``yield``s
:class:`models.base.progress.Progress` ticks and finally ``return``s its result. It gets a ``cancel``
:class:`threading.Event` if it accepts one. The job opens the store on its own thread
(``create=False``: a missing database is refused, never made), passes it in and closes it afterwards;
sqlite3 connections belong to one thread.

Two kinds of job:

* :class:`WriteJob` changes the database. Every one goes through the database's one :class:`Writer`
  (``ui.hub.Hub.writer``): one worker thread, one job at a time, in the order they were started. A job
  started while another one writes waits for it and says so (``waiting`` signal; its progress dialog
  shows at once: "Đang chờ việc khác ghi xong dữ liệu (nhập gói)…"); it is never refused for that.
  When it ends, the hub's ``changes_applied`` tells every screen what it changed
  (:func:`models.base.changes.changes_of` of its result; everything, to be safe, when it failed or was
  cancelled after it had started).
* :class:`ReadJob` only reads (exports, reports, checks): it starts at once on a thread of its own with
  its own read connection, whatever the writer is doing.

Usage::

    WriteJob(import_into, db=path, title=title, what=what, files=files).on_success(self._done).start(self)

Signals: ``waiting(str)`` (a write job, while another one writes), ``started()``, ``progress(object)``
(throttled to 10 per second), then exactly one of ``succeeded(object)``, ``failed(object)`` or
``cancelled()``, then ``finished()``. The progress dialog appears after 500 ms (at once while waiting);
a busy cursor shows before that.
"""

from __future__ import annotations

import inspect
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

if TYPE_CHECKING:
    from ui.hub import Hub

_ALIVE: set[Job] = set()


class _Runner(QObject):
    """The part of a job that runs on the worker thread."""

    go = Signal()
    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()

    def __init__(self, fn: Callable[..., Any], kwargs: dict[str, Any], cancel: threading.Event, db: str | None,
                 waiter=None):
        super().__init__()
        self.fn = fn
        self.kwargs = kwargs
        self.cancel = cancel
        self.db = db
        self.waiter = waiter

    @Slot()
    def run(self) -> None:
        from models.base.errors import Cancelled

        last = 0.0
        store = None
        try:
            kwargs = dict(self.kwargs)
            if "cancel" in inspect.signature(self.fn).parameters:
                kwargs["cancel"] = self.cancel
            if self.db is not None:
                from models.store.database import open_store

                store = open_store(self.db, create=False)
                store.lock_waiter = self.waiter
                kwargs["store"] = store
            result = self.fn(**kwargs)
            if inspect.isgenerator(result):
                gen = result
                while True:
                    try:
                        tick = next(gen)
                    except StopIteration as stop:
                        result = stop.value
                        break
                    if self.cancel.is_set():
                        gen.close()
                        raise Cancelled()
                    now = time.monotonic()
                    if now - last >= 0.1:
                        last = now
                        self.progress.emit(tick)
            if self.cancel.is_set():
                raise Cancelled()
            self.succeeded.emit(result)
        except Cancelled:
            self.cancelled.emit()
        except Exception as err:  # reported to the UI, never raised into Qt's event loop
            import logging

            logging.getLogger("khaosat.worker").exception("background task failed")
            self.failed.emit(err)
        finally:
            if store is not None:
                store.close()
            self.done.emit()


class Job(QObject):
    """Build → ``on_success`` → optional ``on_failure``/``on_progress``/``on_cancel``/``on_waiting`` →
    ``start(parent)``. ``db``: the database the service gets as ``store=`` (None: no store)."""

    waiting = Signal(str)
    started = Signal()
    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    writes = False

    def __init__(self, fn: Callable[..., Any], /, *, db: str | os.PathLike | None, title: str = "",
                 what: str = "", **kwargs: Any):
        super().__init__()
        self.db = None if db is None else str(db)
        self.cancel_event = threading.Event()
        self.title = title
        # a few words naming the job, for others waiting for it ("nhập gói")
        self.what = what or title
        self._fn = fn
        self._kwargs = kwargs
        self._runner: _Runner | None = None
        self._result: tuple[str, Any] = ("cancelled", None)
        self._dialog: QProgressDialog | None = None
        self._parent: QWidget | None = None
        self._failure_set = False
        self._cursor = False
        self._thread: QThread | None = None
        self.running = False
        self.ended = False

    def _make_runner(self) -> _Runner:
        return _Runner(self._fn, self._kwargs, self.cancel_event, self.db)

    # ---- building
    def on_success(self, cb: Callable[[Any], None]) -> Job:
        self.succeeded.connect(cb)
        return self

    def on_failure(self, cb: Callable[[Exception], None]) -> Job:
        self._failure_set = True
        self.failed.connect(cb)
        return self

    def on_progress(self, cb: Callable[[Any], None]) -> Job:
        self.progress.connect(cb)
        return self

    def on_cancel(self, cb: Callable[[], None]) -> Job:
        self.cancelled.connect(cb)
        return self

    def on_waiting(self, cb: Callable[[str], None]) -> Job:
        self.waiting.connect(cb)
        return self

    # ---- running
    def start(self, parent: QWidget | None = None, *, dialog: bool = True) -> Job:
        self._parent = parent
        if not self._failure_set:
            from ui.messages import show_error

            self.failed.connect(lambda err: show_error(parent, err))
        _ALIVE.add(self)
        if QApplication.instance() is not None and parent is not None:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._cursor = True
        if dialog and parent is not None:
            QTimer.singleShot(500, self._show_dialog)
            self.progress.connect(self._update_dialog)
            self.waiting.connect(self._dialog_waiting)
            self.started.connect(self._dialog_started)
        r = self._runner = self._make_runner()
        r.progress.connect(self.progress)
        r.succeeded.connect(self._on_succeeded)
        r.failed.connect(self._on_failed)
        r.cancelled.connect(self._on_cancelled)
        r.done.connect(self._on_done)
        self._launch()
        return self

    def _launch(self) -> None:
        """Run at once on a thread of its own (a writing job waits for the database's writer instead)."""
        self._thread = QThread()
        self._thread.started.connect(self._runner.run)
        self.running = True
        self._runner.moveToThread(self._thread)
        self.started.emit()
        self._thread.start()

    def cancel(self) -> None:
        self.cancel_event.set()

    def _begin(self, thread: QThread) -> None:
        """Run on ``thread`` now (it is running, or started by the caller after this)."""
        self.running = True
        self._runner.moveToThread(thread)
        self._runner.go.connect(self._runner.run)
        self.started.emit()
        self._runner.go.emit()

    # the runner's outcome arrives (queued, in order) before its ``done``; it is reported in _end
    def _on_succeeded(self, result: Any) -> None:
        self._result = ("succeeded", result)

    def _on_failed(self, err: Exception) -> None:
        self._result = ("failed", err)

    def _on_cancelled(self) -> None:
        self._result = ("cancelled", None)

    def _on_done(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        self._end()

    def _end(self) -> None:
        """Report the outcome, then ``finished``."""
        self.running = False
        self.ended = True
        if self._cursor:
            QApplication.restoreOverrideCursor()
            self._cursor = False
        if self._dialog is not None:
            try:
                self._dialog.reset()
                self._dialog.deleteLater()
            except RuntimeError:  # its page went meanwhile (a rebuilt window): so did the dialog
                pass
            self._dialog = None
        kind, value = self._result
        if kind == "succeeded":
            self.succeeded.emit(value)
        elif kind == "failed":
            self.failed.emit(value)
        else:
            self.cancelled.emit()
        self.finished.emit()
        _ALIVE.discard(self)

    # ---- the progress dialog
    def _show_dialog(self, text: str = "") -> None:
        if self.ended or self._dialog is not None:
            return
        try:
            d = QProgressDialog(text or self.title or self.tr("Đang xử lý…"), self.tr("Hủy"), 0, 0, self._parent)
        except RuntimeError:  # its page went meanwhile
            return
        d.setObjectName("job_progress")
        d.setWindowModality(Qt.WindowModality.WindowModal)
        d.setMinimumDuration(0)
        d.canceled.connect(self.cancel)
        d.show()
        self._dialog = d

    def _dialog_waiting(self, text: str) -> None:
        if self._dialog is None:
            self._show_dialog(text)
        elif self._dialog is not None:
            self._dialog.setLabelText(text)

    def _dialog_started(self) -> None:
        if self._dialog is not None:
            self._dialog.setLabelText(self.title or self.tr("Đang xử lý…"))

    def _update_dialog(self, tick: Any) -> None:
        d = self._dialog
        if d is None:
            return
        done, total, msg = getattr(tick, "done", 0), getattr(tick, "total", 0), getattr(tick, "message", "")
        if total:
            d.setMaximum(int(total))
            d.setValue(int(done))
        if msg:
            d.setLabelText(str(msg))


class ReadJob(Job):
    """A job that only reads: it runs at once on a thread of its own (:meth:`Job._launch`), with its own
    read connection."""


class WriteJob(Job):
    """A job that writes: it runs on the database's one writer, after the jobs started before it.

    ``store=False``: the service gets no store but the database's path as ``db_path=`` (a restore,
    which replaces the file and must find no connection of the writer open). ``announce=False``: no
    ``changes_applied`` afterwards (a restore: the window holding the database rebuilds everything)."""

    writes = True

    def __init__(self, fn: Callable[..., Any], /, *, db: str | os.PathLike, title: str = "", what: str = "",
                 store: bool = True, announce: bool = True, **kwargs: Any):
        from ui.hub import hub_for

        if not store:
            kwargs["db_path"] = str(db)
        super().__init__(fn, db=db, title=title, what=what, **kwargs)
        self.hub: Hub = hub_for(db)
        self._with_store = store
        self._announce = announce

    def _make_runner(self) -> _Runner:
        return _Runner(self._fn, self._kwargs, self.cancel_event, self.db if self._with_store else None,
                       waiter=self.hub.writer_waiter())

    def _launch(self) -> None:
        self.hub.writer.submit(self)

    def cancel(self) -> None:
        """Stop it: a job still waiting for its turn ends at once (it never runs)."""
        super().cancel()
        self.hub.writer.drop(self)

    def _on_done(self) -> None:
        from models.base.changes import Changes, changes_of

        kind, value = self._result
        if self._announce:
            self.hub.announce(changes_of(value) if kind == "succeeded" else Changes.everything())
        self.hub.writer.release(self)
        self._end()
        self.hub.writer.resume()


class Writer(QObject):
    """The database's one writer: a queue of :class:`WriteJob` run one at a time on one thread (the
    thread runs while there is work and stops when the queue is empty)."""

    def __init__(self, hub: Hub):
        super().__init__(hub)
        self.hub = hub
        self.thread = QThread()
        self.thread.setObjectName("writer")
        self.queue: deque[WriteJob] = deque()
        self.current: WriteJob | None = None
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def busy(self) -> bool:
        """Whether a job is writing (or about to)."""
        return self.current is not None

    def current_what(self) -> str:
        return self.current.what if self.current is not None else ""

    def submit(self, job: WriteJob) -> None:
        self.queue.append(job)
        if self.current is None:
            self._next()
        else:
            from ui.hub import waiting_text

            job.waiting.emit(waiting_text(self.current.what))

    def _next(self) -> None:
        from ui.hub import waiting_text

        while self.queue:
            job = self.queue.popleft()
            if job.cancel_event.is_set():  # cancelled while it waited: it never ran, nothing changed
                job._end()
                if self.current is not None:  # its callbacks started another job
                    return
                continue
            self.current = job
            if not self.thread.isRunning():
                self.thread.start()
            job._begin(self.thread)
            for other in self.queue:
                other.waiting.emit(waiting_text(job.what))
            return
        if self.thread.isRunning():
            self.thread.quit()
            self.thread.wait()

    def drop(self, job: WriteJob) -> None:
        """``job`` is cancelled: if it is still waiting, it leaves the queue and ends (cancelled)."""
        if job in self.queue:
            self.queue.remove(job)
            job._end()

    def release(self, job: WriteJob) -> None:
        """``job`` has ended (its outcome is reported next)."""
        if self.current is job:
            self.current = None

    def resume(self) -> None:
        """Start the next job, if none is running."""
        if self.current is None:
            self._next()

    def shutdown(self) -> None:
        """The application quits: jobs not started are dropped, the running one is asked to stop and
        waited for (a transaction is never cut in the middle)."""
        for job in list(self.queue):
            job.cancel()
        if self.current is not None:
            self.current.cancel()
        if self.thread.isRunning():
            self.thread.quit()
            self.thread.wait()
