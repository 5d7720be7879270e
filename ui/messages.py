"""The one place where errors become dialogs (text comes from the domain catalogues)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def ui_lang() -> str:
    from PySide6.QtCore import QLocale

    return "en" if QLocale().language() == QLocale.Language.English else "vi"


def error_text(err: BaseException, lang: str | None = None) -> str:
    from forms.errors import FormError
    from models.base.errors import AppError

    lang = lang or ui_lang()
    if isinstance(err, AppError):
        return err.message(lang)
    if isinstance(err, FormError):
        return "\n".join(err.lines(lang))
    import logging

    from models.base.paths import log_path

    logging.getLogger("khaosat").error("unexpected error: %r", err, exc_info=err)
    if lang == "vi":
        return f"Lỗi không mong đợi: {err}. Chi tiết đã ghi vào {log_path()}."
    return f"Unexpected error: {err}. The details were written to {log_path()}."


def _damage(err: BaseException):
    """DB_DAMAGED for an error saying the database file is damaged (the error itself, or an SQLite error
    met while reading, on the one database open here), else None."""
    from models.base.errors import AppError, FileCode, damaged, is_damage

    if isinstance(err, AppError):
        return err if err.code is FileCode.DB_DAMAGED else None
    if not is_damage(err):
        return None
    from ui.hub import all_hubs

    hubs = all_hubs()
    return damaged(err, hubs[0].path if len(hubs) == 1 else "")


def show_error(parent: QWidget | None, err: BaseException) -> None:
    from models.base.errors import Cancelled

    if isinstance(err, Cancelled):
        return
    hurt = _damage(err)
    if hurt is not None:  # SQLITE_CORRUPT / NOTADB while working: the newest good backup, on the spot
        from ui.recovery import offer_restore_while_working

        offer_restore_while_working(parent, hurt, ui_lang())
        return
    from PySide6.QtCore import QCoreApplication

    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("messages", "Lỗi"), error_text(err),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error_box")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def install_excepthook() -> None:
    """Any exception that escapes a screen action is logged with its traceback and shown as a
    message with a copyable report and the log's path, instead of vanishing (the Windows build has
    no console)."""
    import logging
    import sys
    import traceback

    from models.base.paths import log_path

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        logging.getLogger("khaosat").error("unhandled error", exc_info=(exc_type, exc, tb))
        if QApplication.instance() is None:
            return
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, "Khảo sát số", error_text(exc))
            box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)) + f"\nLog: {log_path()}")
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.exec()
        except Exception:  # the hook itself must never fail
            pass

    sys.excepthook = hook
