"""Start the Qt application (the default when main.py gets no command)."""

from __future__ import annotations

import os
from pathlib import Path

I18N = Path(__file__).resolve().parent / "i18n"
_TRANSLATORS: list = []


def install_translators(app, lang: str) -> None:
    """English: our Qt Linguist catalogue (ui/i18n/khaosat_en.qm); Vietnamese is the source language,
    so it has none. Qt's own strings (dialog buttons) follow the language too."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    for t in _TRANSLATORS:
        app.removeTranslator(t)
    _TRANSLATORS.clear()
    QLocale.setDefault(QLocale(QLocale.Language.English if lang == "en" else QLocale.Language.Vietnamese,
                               QLocale.Country.AnyCountry if lang == "en" else QLocale.Country.Vietnam))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    t = QTranslator(app)
    # Qt ships no Vietnamese catalogue: ours (ui/i18n/qtbase_vi.qm, made by make_qtbase_vi.py)
    if t.load(f"qtbase_{lang}", qt_dir) or (lang == "vi" and t.load(str(I18N / "qtbase_vi.qm"))):
        app.installTranslator(t)
        _TRANSLATORS.append(t)
    ours = I18N / f"khaosat_{lang}.qm"
    if ours.is_file():
        t = QTranslator(app)
        if t.load(str(ours)):
            app.installTranslator(t)
            _TRANSLATORS.append(t)


def make_main_window(store, lang: str):
    from ui.main_window import MainWindow

    return MainWindow(store, ui_lang=lang)


def start(store, app, lang: str | None):
    """Set up if needed, then the main window; returns it (tests use this)."""
    lang = lang or store.setting("language") or "vi"
    install_translators(app, lang)
    if not store.is_set_up:
        from PySide6.QtWidgets import QDialog

        from ui.setup_dialog import SetupDialog

        d = SetupDialog(store, lang=lang)
        if d.exec() != QDialog.DialogCode.Accepted:
            return None
        new_lang = store.setting("language") or lang
        if new_lang != lang:
            lang = new_lang
            install_translators(app, lang)
    return make_main_window(store, lang)


def run_gui(db_path: str | None = None, lang: str | None = None) -> int:
    import hashlib  # noqa: F401 - the bundled forms are checked by their SHA-256
    import sys
    import tempfile  # noqa: F401 - the database's folder is checked for writing

    from PySide6.QtWidgets import QApplication

    # The modules without Qt that the first window needs, imported before Qt: PySide6 reads the
    # source of every module imported after it to look for "PySide6" (its __feature__ import
    # hook), which costs more than importing them.
    import models.records.queries  # noqa: F401 - the record list
    import models.store.backup  # the daily backup, right after the window shows
    import models.store.database  # noqa: F401
    import ui.fmt  # noqa: F401
    import ui.pages  # noqa: F401
    from models.base.errors import AppError
    from models.base.paths import default_db_path

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Khảo sát số")
    from PySide6.QtWidgets import QMessageBox

    from ui.messages import error_text, install_excepthook

    install_excepthook()

    # a read-only file or folder is refused with how to fix it; a damaged one offers a restore here
    from models.store import cipher
    from ui.recovery import open_or_recover

    path = str(db_path or os.environ.get("KHAOSAT_DB") or default_db_path())
    first = lang or cipher.interface_language(path) or "vi"  # an encrypted database keeps it in its envelope
    install_translators(app, first)
    store = open_or_recover(path, first)
    if store is None:
        return 2
    try:
        store.install_bundled_forms()
    except AppError as err:  # a bundled form that clashes must not keep the data out of reach
        QMessageBox.warning(None, "Khảo sát số", error_text(err, lang or store.setting("language") or "vi"))
    state = {"win": start(store, app, lang)}
    if state["win"] is None:
        return 0

    def rebuild(code: str | None = None) -> None:
        old = state["win"]
        code = code or old.ui_lang
        cipher.set_interface_language(old.store.path, code)
        install_translators(app, code)
        win = make_main_window(old.store, code)
        win.language_changed.connect(rebuild)
        win.database_replaced.connect(lambda: rebuild(None))
        state["win"] = win
        win.show()
        old.hide()
        old.deleteLater()

    cipher.set_interface_language(store.path, state["win"].ui_lang)
    state["win"].language_changed.connect(rebuild)
    state["win"].database_replaced.connect(lambda: rebuild(None))
    state["win"].show()

    def daily_backup() -> None:  # once the window is on screen, not before
        state["win"].daily_backup()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, daily_backup)
    from models.base.driver import is_plain_file

    if is_plain_file(store.path) is False:  # an encrypted database: lock after idle time and sleep
        from ui.lock import IdleLock

        minutes = store.setting("lock_minutes")
        state["lock"] = IdleLock(store.path, state["win"].ui_lang, float(minutes) if minutes else None)
    if os.environ.get("KHAOSAT_STARTUP_PROBE"):
        report_when_usable(state["win"])
    try:
        return app.exec()
    finally:
        store.close()
        state["win"].store.close()  # after a restore the window holds the reopened database


def report_when_usable(win) -> None:
    """For bench/startup.py (``KHAOSAT_STARTUP_PROBE=1``): print ``READY <rows>`` on stdout once the
    record list has been painted with its first rows and the event loop has nothing left to do
    (a zero timer started after that paint). ``KHAOSAT_STARTUP_PROBE=quit`` then quits (profiling)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

    page = win.page("records")

    def report() -> None:
        print(f"READY {page.model.rowCount()}", flush=True)
        if os.environ.get("KHAOSAT_STARTUP_PROBE") == "quit":  # for profiling the start
            win.close()
            QTimer.singleShot(0, QCoreApplication.quit)

    class FirstPaint(QObject):
        def eventFilter(self, obj, ev) -> bool:
            if ev.type() == QEvent.Type.Paint and page.model.rowCount() > 0:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, report)
            return False

    win._startup_probe = FirstPaint(win)
    page.view.viewport().installEventFilter(win._startup_probe)
