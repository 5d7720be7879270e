"""The main window: a left navigation of pages (by role, see ui/pages.py) and the pages.

It holds the database's connection for the UI thread (the record list and the entry windows share it)
and follows the database's hub (``ui.hub``): the status bar and the language when the settings change,
and a restore asked for by the settings page."""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from models.base.changes import SETTINGS, Changes
from models.base.errors import AppError
from ui import pages as page_registry
from ui.hub import hub_for
from ui.messages import show_error

log = logging.getLogger("khaosat.ui")
#: settings key: "<commune>|<province>|<language>|<place name>" for the status bar
PLACE_CACHE = "ui_status_place"


class MainWindow(QMainWindow):
    language_changed = Signal(str)
    database_replaced = Signal()

    def __init__(self, store, *, ui_lang: str = "vi", parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.ui_lang = ui_lang
        self.hub = hub_for(store.path)
        self.hub.guard(store)
        self._stored_lang = store.setting("language") or "vi"  # the setup's language, as last seen
        self.hub.changes_applied.connect(self._on_changes_applied)
        self.hub.restore_requested.connect(self.restore)
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("Khảo sát số"))
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget()
        self.nav.setObjectName("page_nav")
        self.nav.setFixedWidth(180)
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px; }")
        self.stack = QStackedWidget()
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.pages: dict[str, QWidget] = {}
        self._build_pages()
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.setCurrentRow(0)
        self._build_menu()
        self._status()
        from ui.widgets import fit_to_screen

        fit_to_screen(self, 1366, 768, place=True)  # a 1366x768 laptop shows it whole

    # ---- pages
    def _build_pages(self) -> None:
        """The navigation lists every page of the role; a page's module is imported and the page
        built when it is first shown (fast start)."""
        role = self.store.acting_role() or "enumerator"
        self._specs = []
        for spec in page_registry.PAGES:
            if role not in spec.roles:
                continue
            holder = QWidget()
            holder.setObjectName(f"holder_{spec.id}")
            self._specs.append((spec, holder))
            self.stack.addWidget(holder)
            self.nav.addItem(self.translate_title(spec.title))

    def _ensure_page(self, row: int) -> QWidget | None:
        spec, holder = self._specs[row]
        if spec.id in self.pages:
            return self.pages[spec.id]
        try:
            cls = page_registry.load_class(spec.target)
            if spec.id in ("records", "settings"):
                page = cls(self.store.path, self, store=self.store, ui_lang=self.ui_lang)
            else:
                page = cls(self.store.path, self)
        except Exception as err:  # a broken page is said on the page and in a message; the others work on
            log.exception("page %s failed to start", spec.target)
            if not holder.layout():
                QVBoxLayout(holder).addWidget(
                    QLabel(self.tr("Trang này hiện không mở được; chi tiết đã ghi vào nhật ký.")))
            show_error(self, err)
            return None
        page.setObjectName(f"page_{spec.id}")
        self.pages[spec.id] = page
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(page)
        return page

    def translate_title(self, title: str) -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("pages", title)

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        fresh = self._specs[row][0].id not in self.pages
        page = self._ensure_page(row)
        self.stack.setCurrentIndex(row)
        if page is None or (fresh and self._specs[row][0].id in ("records", "settings")):
            return
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            try:
                refresh()
            except AppError as err:
                show_error(self, err)

    def page(self, key: str) -> QWidget | None:
        """A page by its key (built if it was not shown yet); None if the role does not have it."""
        for row, (spec, _h) in enumerate(self._specs):
            if spec.id == key:
                return self._ensure_page(row)
        return None

    def _build_menu(self) -> None:
        m = self.menuBar().addMenu(self.tr("&Tệp"))
        a = QAction(self.tr("Phiếu mới"), self)
        a.setShortcut(QKeySequence.StandardKey.New)
        a.triggered.connect(lambda: self.page("records").new_record())
        m.addAction(a)
        a = QAction(self.tr("Sao lưu ngay"), self)
        a.setShortcut(QKeySequence("Ctrl+B"))
        a.triggered.connect(lambda: self.page("settings").backup_now())
        m.addAction(a)
        m.addSeparator()
        a = QAction(self.tr("Thoát"), self)
        a.setShortcut(QKeySequence.StandardKey.Quit)
        a.triggered.connect(self.close)
        m.addAction(a)
        lm = self.menuBar().addMenu(self.tr("&Ngôn ngữ"))
        for code, text in (("vi", "Tiếng Việt"), ("en", "English")):
            a = QAction(text, self)
            a.setCheckable(True)
            a.setChecked(code == self.ui_lang)
            a.triggered.connect(lambda _c=False, code=code: self.switch_language(code))
            lm.addAction(a)

    def _status(self) -> None:
        self.who = QLabel()
        self.who.setObjectName("who")
        self.statusBar().addWidget(self.who)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self._fill_status)  # the place name needs the unit list: after the window shows

    def _fill_status(self) -> None:
        s = self.store.settings()
        role = {"enumerator": self.tr("Điều tra viên"), "clerk": self.tr("Cán bộ xã"),
                "province": self.tr("Cấp tỉnh")}.get(s.get("role", ""), "")
        self.who.setText(f"{s.get('user_name', '')} ({s.get('user_code', '')}) · {role} · {self._place(s)}")

    def _place(self, s: dict[str, str]) -> str:
        """The commune's (else the province's) name. Finding it reads the whole list of units
        (10 ms), so the name is kept in the settings with the codes it was found for."""
        key = f"{s.get('commune', '')}|{s.get('province', '')}|{self.ui_lang}|"
        cached = s.get(PLACE_CACHE, "")
        if cached.startswith(key):
            return cached[len(key):]
        from models.setup import admin_units

        place = admin_units.name(s.get("commune", ""), self.ui_lang) or admin_units.name(s.get("province", ""),
                                                                                          self.ui_lang)
        if self.hub.writer.busy:  # a cache: not worth waiting for a job's transaction
            return place
        with contextlib.suppress(AppError):  # a read-only database: found again next time
            self.store.set_settings({PLACE_CACHE: key + place})
        return place

    def _on_changes_applied(self, changes: Changes) -> None:
        """The settings changed (the setup saved on the settings page): who and where; the interface
        follows the setup's language when that changed (not any other setting: the window may run in
        the language asked for on the command line)."""
        if not changes.touches(SETTINGS):
            return
        self._fill_status()
        lang = self.store.setting("language") or "vi"
        if lang != self._stored_lang:
            self._stored_lang = lang
            if lang != self.ui_lang:
                self.switch_language(lang)

    def switch_language(self, code: str) -> None:
        """Keep the language (a job on the writer), then rebuild in it (``language_changed``)."""
        if code == self.store.setting("language"):
            self.language_changed.emit(code)
            return
        from ui.worker import WriteJob

        (WriteJob(_set_language, db=self.store.path, title=self.tr("Đang lưu cài đặt…"), what=self.tr("lưu cài đặt"),
                  code=code)
         .on_success(lambda _changes: self.language_changed.emit(code)).start(self))

    def restore(self, backup_file: str) -> None:
        """Restore the backup over the database (a job on the writer: it waits for the jobs before it),
        then reopen it (the app rebuilds the window). When its turn comes the entry windows are closed
        (their last answers saved) and this window's connection is closed: nothing has the file open."""
        from models.exchange.journal import restore
        from ui.worker import WriteJob

        path = self.store.path
        state: dict[str, str | bool | None] = {"safety": None, "closed": False}

        def close_database() -> None:
            for w in list(getattr(self.pages.get("records"), "entry_windows", {}).values()):
                w.close()
            self.store.close()
            state["closed"] = True

        def done(safety: str) -> None:
            state["safety"] = safety

        def reopen() -> None:
            from models.store.database import open_store

            if not state["closed"]:  # cancelled before its turn: nothing was closed or replaced
                return
            try:
                self.store = open_store(path, create=False)
            except AppError as err:
                show_error(self, err)
                return
            self.hub.guard(self.store)
            if state["safety"] is not None:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.information(self, self.tr("Khôi phục"),
                                        self.tr("Đã khôi phục. Dữ liệu trước đó được giữ ở:\n{0}").format(
                                            state["safety"]))
            self.database_replaced.emit()

        # no changes_applied: the window and its pages are rebuilt on the restored database
        job = (WriteJob(restore, db=path, store=False, announce=False, title=self.tr("Đang khôi phục…"),
                        what=self.tr("khôi phục"), backup_file=backup_file)
               .on_success(done))
        job.started.connect(close_database)
        job.finished.connect(reopen)
        job.start(self)

    def daily_backup(self) -> None:
        """The automatic copy when the last one is a day old (a job on the writer, not on the UI thread);
        its outcome in the status bar."""
        from models.store.backup import auto_backup
        from ui.worker import WriteJob

        def say(status) -> None:
            if status.state in ("made", "failed"):
                self.statusBar().showMessage(status.message(self.ui_lang), 10000)

        job = WriteJob(auto_backup, db=self.store.path, what=self.tr("sao lưu tự động"), reason="daily")
        job.on_success(say).start()

    def closeEvent(self, ev) -> None:
        for w in list(getattr(self.pages.get("records"), "entry_windows", {}).values()):
            w.close()
        super().closeEvent(ev)


def _set_language(store, code: str) -> Changes:
    return store.set_settings({"language": code})
