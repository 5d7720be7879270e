"""The main window: a left navigation of pages (by role, see ui/pages.py) and the pages."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from models.errors import AppError
from ui import pages as page_registry
from ui.messages import show_error

log = logging.getLogger("khaosat.ui")


class MainWindow(QMainWindow):
    language_changed = Signal(str)
    database_replaced = Signal()

    def __init__(self, store, *, ui_lang: str = "vi", parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.ui_lang = ui_lang
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
        self.resize(1366, 768)

    # ---- pages
    def _build_pages(self) -> None:
        role = self.store.setting("role") or "enumerator"
        for spec, cls in page_registry.pages_for(role):
            try:
                if spec.id in ("records", "settings"):
                    page = cls(self.store.path, self, store=self.store, ui_lang=self.ui_lang)
                else:
                    page = cls(self.store.path, self)
            except Exception:  # an optional page must not stop the application
                log.exception("page %s failed to start", spec.target)
                continue
            page.setObjectName(f"page_{spec.id}")
            self.pages[spec.id] = page
            self.stack.addWidget(page)
            self.nav.addItem(self.translate_title(spec.title))
        settings = self.pages.get("settings")
        if settings is not None:
            settings.setup_changed.connect(self._on_setup_changed)
            settings.restore_requested.connect(self.restore)

    def translate_title(self, title: str) -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("pages", title)

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            try:
                refresh()
            except AppError as err:
                show_error(self, err)

    def page(self, key: str) -> QWidget | None:
        return self.pages.get(key)

    def _build_menu(self) -> None:
        m = self.menuBar().addMenu(self.tr("&Tệp"))
        a = QAction(self.tr("Phiếu mới"), self)
        a.setShortcut(QKeySequence.StandardKey.New)
        a.triggered.connect(lambda: self.pages["records"].new_record())
        m.addAction(a)
        a = QAction(self.tr("Sao lưu ngay"), self)
        a.setShortcut(QKeySequence("Ctrl+B"))
        a.triggered.connect(lambda: self.pages["settings"].backup_now())
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
        from models import admin_units

        s = self.store.settings()
        role = {"enumerator": self.tr("Điều tra viên"), "clerk": self.tr("Cán bộ xã"),
                "province": self.tr("Cấp tỉnh")}.get(s.get("role", ""), "")
        place = admin_units.name(s.get("commune", ""), self.ui_lang) or admin_units.name(s.get("province", ""),
                                                                                          self.ui_lang)
        self.who = QLabel(f"{s.get('user_name', '')} ({s.get('user_code', '')}) · {role} · {place}")
        self.who.setObjectName("who")
        self.statusBar().addWidget(self.who)

    def _on_setup_changed(self) -> None:
        lang = self.store.setting("language") or "vi"
        s = self.store.settings()
        self.who.setText(f"{s.get('user_name', '')} ({s.get('user_code', '')})")
        if lang != self.ui_lang:
            self.switch_language(lang)

    def switch_language(self, code: str) -> None:
        if code != self.store.setting("language"):
            self.store.set_settings({"language": code})
        self.language_changed.emit(code)

    def restore(self, backup_file: str) -> None:
        """Close the database, restore the backup over it, reopen (the app rebuilds the window)."""
        from models.backup import restore

        path = self.store.path
        for w in list(getattr(self.pages.get("records"), "entry_windows", {}).values()):
            w.close()
        self.store.close()
        try:
            safety = restore(path, backup_file)
        except AppError as err:
            show_error(self, err)
            safety = None
        from models.store import open_store

        self.store = open_store(path)
        if safety is not None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, self.tr("Khôi phục"),
                                    self.tr("Đã khôi phục. Dữ liệu trước đó được giữ ở:\n{0}").format(safety))
        self.database_replaced.emit()

    def closeEvent(self, ev) -> None:
        for w in list(getattr(self.pages.get("records"), "entry_windows", {}).values()):
            w.close()
        super().closeEvent(ev)
