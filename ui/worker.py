"""Run a service off the UI thread and report back (Anki's Op + napari's yielding worker).

A service is a function in ``models``/``exports`` that returns a result or is a generator that
``yield``s :class:`models.base.progress.Progress` ticks and finally ``return``s its result. It gets a
``cancel`` :class:`threading.Event` if it accepts one. Workers receive a *database path*, never a
connection (sqlite3 connections belong to one thread); the service opens its own.

Usage::

    Worker(export_csv, db_path=path, out=out).on_success(self._done).start(self)

Signals: ``progress(object)`` (throttled to 10 per second), then exactly one of
``succeeded(object)``, ``failed(object)`` or ``cancelled()``, then ``finished()``.
The progress dialog appears only after 500 ms; a busy cursor shows before that.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

_ALIVE: set[Worker] = set()


class _Runner(QObject):
    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()

    def __init__(self, fn: Callable[..., Any], kwargs: dict[str, Any], cancel: threading.Event):
        super().__init__()
        self.fn = fn
        self.kwargs = kwargs
        self.cancel = cancel

    def run(self) -> None:
        from models.base.errors import Cancelled

        last = 0.0
        try:
            kwargs = dict(self.kwargs)
            if "cancel" in inspect.signature(self.fn).parameters:
                kwargs["cancel"] = self.cancel
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
            self.done.emit()


class Worker(QObject):
    """Build → ``on_success`` → optional ``on_failure``/``on_progress`` → ``start(parent)``."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable[..., Any], /, *, title: str = "", **kwargs: Any):
        super().__init__()
        self.cancel_event = threading.Event()
        self._title = title
        self._runner = _Runner(fn, kwargs, self.cancel_event)
        self._thread = QThread()
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progress.connect(self.progress)
        self._runner.succeeded.connect(self.succeeded)
        self._runner.failed.connect(self.failed)
        self._runner.cancelled.connect(self.cancelled)
        self._runner.done.connect(self._on_done)
        self._dialog: QProgressDialog | None = None
        self._parent: QWidget | None = None
        self._failure_set = False

    def on_success(self, cb: Callable[[Any], None]) -> Worker:
        self.succeeded.connect(cb)
        return self

    def on_failure(self, cb: Callable[[Exception], None]) -> Worker:
        self._failure_set = True
        self.failed.connect(cb)
        return self

    def on_progress(self, cb: Callable[[Any], None]) -> Worker:
        self.progress.connect(cb)
        return self

    def on_cancel(self, cb: Callable[[], None]) -> Worker:
        self.cancelled.connect(cb)
        return self

    def start(self, parent: QWidget | None = None, *, dialog: bool = True) -> Worker:
        self._parent = parent
        if not self._failure_set:
            from ui.messages import show_error

            self.failed.connect(lambda err: show_error(parent, err))
        _ALIVE.add(self)
        if QApplication.instance() is not None and parent is not None:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._cursor = True
        else:
            self._cursor = False
        if dialog and parent is not None:
            QTimer.singleShot(500, self._show_dialog)
            self.progress.connect(self._update_dialog)
        self._thread.start()
        return self

    def cancel(self) -> None:
        self.cancel_event.set()

    def _show_dialog(self) -> None:
        if not self._thread.isRunning() or self._dialog is not None:
            return
        d = QProgressDialog(self._title or self.tr("Đang xử lý…"), self.tr("Hủy"), 0, 0, self._parent)
        d.setWindowModality(Qt.WindowModality.WindowModal)
        d.setMinimumDuration(0)
        d.canceled.connect(self.cancel)
        d.show()
        self._dialog = d

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

    def _on_done(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self._cursor:
            QApplication.restoreOverrideCursor()
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None
        self.finished.emit()
        _ALIVE.discard(self)
