"""The one place where errors become dialogs (text comes from the domain catalogues)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ui_lang() -> str:
    from PySide6.QtCore import QLocale

    return "en" if QLocale().language() == QLocale.Language.English else "vi"


def error_text(err: BaseException, lang: str | None = None) -> str:
    from forms.errors import FormError
    from models.errors import AppError

    lang = lang or ui_lang()
    if isinstance(err, AppError):
        return err.message(lang)
    if isinstance(err, FormError):
        return "\n".join(err.lines(lang))
    import logging

    from models.paths import log_path

    logging.getLogger("khaosat").error("unexpected error: %r", err, exc_info=err)
    if lang == "vi":
        return f"Lỗi không mong đợi: {err}. Chi tiết đã ghi vào {log_path()}."
    return f"Unexpected error: {err}. The details were written to {log_path()}."


def show_error(parent: QWidget | None, err: BaseException) -> None:
    from models.errors import Cancelled

    if isinstance(err, Cancelled):
        return
    box = QMessageBox(QMessageBox.Icon.Warning, parent.tr("Lỗi") if parent else "Lỗi", error_text(err),
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(box.textInteractionFlags())
    box.exec()
