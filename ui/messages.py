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


def show_error(parent: QWidget | None, err: BaseException) -> None:
    from models.base.errors import Cancelled

    if isinstance(err, Cancelled):
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
