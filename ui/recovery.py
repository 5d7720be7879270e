"""When the database cannot be opened at start: say why, and for a damaged file offer to restore a
backup right there (the Settings page, where restores normally happen, needs an open database).

A read-only file or folder (DB_READ_ONLY / DB_FOLDER_READ_ONLY) is not damaged: the message says how
to make it writable and nothing is offered that would replace it.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from models.base.errors import AppError
from models.store.errors import StoreCode
from ui.messages import error_text

#: errors at start that a verified backup can repair
RESTORABLE = (StoreCode.DB_CORRUPT,)


def open_or_recover(db_path: str, lang: str):
    """``open_store(db_path)``; on a damaged database ask to restore a backup (verified, the damaged
    file kept as a safety copy) and open again. Returns the store, or None when the user gives up
    (the error was shown)."""
    from models.store.database import open_store

    title = QCoreApplication.translate("recovery", "Khảo sát số")
    while True:
        try:
            return open_store(db_path, create=True)  # the GUI's first start makes the database
        except AppError as err:
            if err.code not in RESTORABLE:
                QMessageBox.critical(None, title, error_text(err, lang))
                return None
            if not offer_restore(db_path, err, lang):
                return None


def damaged_box(err: AppError, lang: str) -> tuple[QMessageBox, object]:
    """The message for a damaged database, with its "restore" button (not shown yet)."""
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("recovery", "Khảo sát số"),
                      error_text(err, lang))
    box.setObjectName("damaged_database")
    box.setInformativeText(QCoreApplication.translate(
        "recovery", "Có thể khôi phục ngay từ một bản sao lưu (tệp .db trong thư mục sao lưu, thường là USB). "
                    "Tệp hỏng được giữ lại bên cạnh để có thể gửi đi kiểm tra."))
    restore_button = box.addButton(QCoreApplication.translate("recovery", "Khôi phục từ bản sao lưu…"),
                                   QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("recovery", "Thoát"), QMessageBox.ButtonRole.RejectRole)
    return box, restore_button


def offer_restore(db_path: str, err: AppError, lang: str) -> bool:
    """The damaged-database dialog with "Khôi phục từ bản sao lưu…"; True once a backup was restored."""
    from models.exchange.journal import check as check_backup
    from models.exchange.journal import restore

    title = QCoreApplication.translate("recovery", "Khảo sát số")
    box, restore_button = damaged_box(err, lang)
    box.exec()
    if box.clickedButton() is not restore_button:
        return False
    path, _ = QFileDialog.getOpenFileName(
        None, QCoreApplication.translate("recovery", "Chọn bản sao lưu"), os.path.dirname(os.path.abspath(db_path)),
        QCoreApplication.translate("recovery", "Bản sao lưu (*.db *.point *.bak);;Mọi tệp (*)"))
    if not path:
        return False
    try:
        info = check_backup(path)
        safety = restore(db_path, path)
    except AppError as e:
        QMessageBox.critical(None, title, error_text(e, lang))
        return False
    records = info["records"]  # a plain name: pyside6-lupdate does not read a subscript as the count
    QMessageBox.information(None, title, QCoreApplication.translate(
        "recovery", "Đã khôi phục %n phiếu từ bản sao lưu. Tệp hỏng được giữ ở:\n{0}", "",
        records).format(safety or "—"))
    return True


__all__ = ["damaged_box", "open_or_recover", "offer_restore"]
