"""The application's hub for one database: its one writer and the one signal of what changed.

* ``writer`` (:class:`ui.worker.Writer`): every job that writes (an import, trusting a sender, a review
  or duplicate decision, a sync, a backup or restore, saving settings…) runs there, one at a time on
  one worker thread (Anki's collection executor). A job submitted while another one writes waits and
  says so ("Đang chờ việc khác ghi xong dữ liệu (nhập gói)…"); it is never refused for that.
* ``changes_applied(Changes)``: after every writing job, what it changed
  (:class:`models.base.changes.Changes`). Every page and every open entry window listens to this one
  signal and reads again what concerns it; nothing else tells them.
* :meth:`guard`: the connection the screens use on the UI thread (the record list, the entry windows'
  answer saves, which stay synchronous: see ``ui/entry/window.py``) waits for the writer's transaction
  instead of failing, and the window being typed in says what it waits for.

One hub per database file (:func:`hub_for`); the pages built for a path and the main window of that
database share it.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from models.base.changes import SETTINGS, Changes
from models.store.database import BUSY_SECONDS, LockWaiter, Store

_HUBS: dict[str, Hub] = {}
#: seconds a UI-thread save waits for a transaction of the application's own writer before giving up
WRITER_PATIENCE = 600


def _key(path: str | os.PathLike) -> str:
    return os.path.normcase(os.path.realpath(str(path)))


def hub_for(path: str | os.PathLike) -> Hub:
    """The hub of the database at ``path`` (made on first use)."""
    key = _key(path)
    hub = _HUBS.get(key)
    if hub is None:
        hub = _HUBS[key] = Hub(str(path))
    return hub


def all_hubs() -> list[Hub]:
    return list(_HUBS.values())


def waiting_text(what: str) -> str:
    """What a job or a save that waits for the writer says: "… (nhập gói)…"."""
    return QCoreApplication.translate("hub", "Đang chờ việc khác ghi xong dữ liệu ({0})…").format(
        what or QCoreApplication.translate("hub", "một việc khác"))


class Hub(QObject):
    """One database's writer queue and its ``changes_applied`` signal."""

    changes_applied = Signal(object)  # models.base.changes.Changes
    restore_requested = Signal(str)   # a backup file: the window holding the database restores it

    def __init__(self, path: str):
        super().__init__()
        from ui.worker import Writer

        self.path = path
        self.writer = Writer(self)
        # set while a save on the UI thread waits for the write lock: the writer lets it go first
        self.ui_waiting = threading.Event()
        self._guarded: weakref.WeakSet[Store] = weakref.WeakSet()

    def announce(self, changes: Changes) -> None:
        """Tell every page and entry window what changed (the writer calls this after each job)."""
        if not changes:
            return
        if changes.touches(SETTINGS):
            for store in list(self._guarded):  # their cached settings were read before the job wrote
                store.forget_settings()
        self.changes_applied.emit(changes)

    def guard(self, store: Store) -> None:
        """Make ``store`` (a UI-thread connection) wait for the writer's transactions and say so, and
        forget its cached settings when a job changes them."""
        if not isinstance(store.lock_waiter, _UiWaiter):
            store.lock_waiter = _UiWaiter(self)
        self._guarded.add(store)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A short-lived connection on the UI thread (a page reading what it shows); guarded."""
        from models.store.database import open_store

        st = open_store(self.path, create=False)
        self.guard(st)
        try:
            yield st
        finally:
            st.close()

    def writer_waiter(self) -> LockWaiter:
        """The lock waiter of the writer thread's connection: it lets a waiting UI save go first."""
        return _WriterWaiter(self)


class _UiWaiter(LockWaiter):
    """A UI-thread save that meets another connection's write transaction (an import applying a
    package): the window being typed in says what it waits for, the cursor is busy, and it waits —
    while the writer is busy with a job of this application (one transaction of it: an import applies
    a package in seconds; at most :data:`WRITER_PATIENCE`), else up to the busy timeout (another
    program holding the file); then ``DB_BUSY`` says so."""

    def __init__(self, hub: Hub):
        self.hub = hub
        self._saying = False
        self._shown: QMainWindow | None = None

    def waiting(self, seconds: float) -> bool:
        self.hub.ui_waiting.set()
        busy = self.hub.writer.busy
        if not self._saying:
            self._saying = True
            self._say(waiting_text(self.hub.writer.current_what() if busy
                                   else QCoreApplication.translate("hub", "một chương trình khác")))
        return seconds < (WRITER_PATIENCE if busy else BUSY_SECONDS)

    def done(self, waited: bool) -> None:
        self.hub.ui_waiting.clear()
        if self._saying:
            self._saying = False
            QApplication.restoreOverrideCursor()
            win, self._shown = self._shown, None
            if win is not None:
                win.statusBar().clearMessage()

    def _say(self, text: str) -> None:
        """Show ``text`` in the status bar of the window being typed in, painted at once (the UI
        thread is about to wait, so no event loop will paint it)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        focus = QApplication.focusWidget()
        win = focus.window() if focus is not None else QApplication.activeWindow()
        if not isinstance(win, QMainWindow):
            win = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()),
                       None)
        self._shown = win
        if win is not None:
            bar = win.statusBar()
            bar.showMessage(text)
            bar.repaint()


class _WriterWaiter(LockWaiter):
    """The writer thread's connection: before each transaction, a save waiting on the UI thread goes
    first (at most a second), so typing during a long import is not kept waiting for every package."""

    def __init__(self, hub: Hub):
        self.hub = hub

    def before(self) -> None:
        deadline = time.monotonic() + 1.0
        while self.hub.ui_waiting.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)
