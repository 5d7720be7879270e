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
RESTORABLE = (StoreCode.DB_CORRUPT, StoreCode.DB_WAL_MISSING)


def open_or_recover(db_path: str, lang: str):
    """``open_store(db_path)``; on a damaged database ask to restore a backup (verified, the damaged
    file kept as a safety copy) and open again. Returns the store, or None when the user gives up
    (the error was shown)."""
    from models.store.database import open_store
    from ui.lock import unlock_or_encrypt

    title = QCoreApplication.translate("recovery", "Khảo sát số")
    if not unlock_or_encrypt(db_path, lang):  # the PIN (or a new one, or encrypting a plain database)
        return None
    while True:
        try:
            return open_store(db_path, create=True)  # the GUI's first start makes the database
        except AppError as err:
            if err.code not in RESTORABLE:
                QMessageBox.critical(None, title, error_text(err, lang))
                return None
            if not offer_restore(db_path, err, lang):
                return None


def damaged_box(err: AppError, lang: str, newest=None, *, working: bool = False, parent=None):
    """The message for a damaged database (not shown yet), with its buttons: (box, "choose a backup…",
    "restore the newest good backup" or None). ``newest``: (path, facts) of the newest good backup
    (``models.store.backup.newest_good_backup``); ``working``: met while working ("Đóng", not "Thoát")."""
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("recovery", "Khảo sát số"),
                      error_text(err, lang), parent=parent)
    box.setObjectName("damaged_database")
    newest_button = None
    if newest is not None:
        path, info = newest
        box.setInformativeText(QCoreApplication.translate(
            "recovery", "Bản sao lưu tốt gần nhất: %1 (lúc %2, số phiếu: %3). Khôi phục bản này ngay? Tệp hỏng "
                        "được giữ lại bên cạnh để có thể gửi đi kiểm tra.")
            .replace("%1", str(path)).replace("%2", _made(path)).replace("%3", str(info["records"])))
        newest_button = box.addButton(QCoreApplication.translate("recovery", "Khôi phục bản tốt gần nhất"),
                                      QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText(QCoreApplication.translate(
            "recovery", "Có thể khôi phục ngay từ một bản sao lưu (tệp .db trong thư mục sao lưu, thường là USB). "
                        "Tệp hỏng được giữ lại bên cạnh để có thể gửi đi kiểm tra."))
    restore_button = box.addButton(QCoreApplication.translate("recovery", "Khôi phục từ bản sao lưu…"),
                                   QMessageBox.ButtonRole.AcceptRole)
    close = QCoreApplication.translate("recovery", "Đóng") if working else \
        QCoreApplication.translate("recovery", "Thoát")
    box.addButton(close, QMessageBox.ButtonRole.RejectRole)
    if newest_button is not None:
        box.setDefaultButton(newest_button)
    return box, restore_button, newest_button


def _made(path) -> str:
    from datetime import UTC, datetime

    from ui.fmt import format_datetime_utc

    try:
        return format_datetime_utc(datetime.fromtimestamp(os.path.getmtime(path), UTC).isoformat())
    except OSError:
        return "?"


def _newest(db_path: str):
    from models.store.backup import newest_good_backup

    try:
        return newest_good_backup(db_path)
    except Exception:  # looking for a backup never hides the damage itself
        import logging

        logging.getLogger("khaosat").exception("looking for a backup of %s", db_path)
        return None


def _choose_backup(parent, db_path: str, box: QMessageBox, restore_button, newest_button, newest) -> str | None:
    """After the box was shown: the backup file the person chose (the newest good one, or one picked)."""
    clicked = box.clickedButton()
    if newest_button is not None and clicked is newest_button:
        return str(newest[0])
    if clicked is not restore_button:
        return None
    path, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("recovery", "Chọn bản sao lưu"), os.path.dirname(os.path.abspath(db_path)),
        QCoreApplication.translate("recovery", "Bản sao lưu (*.db *.point *.bak);;Mọi tệp (*)"))
    return path or None


def offer_restore(db_path: str, err: AppError, lang: str) -> bool:
    """The damaged-database dialog at start, offering the newest good backup (or another one picked);
    True once a backup was restored (or, when the write-ahead log was lost, the person chose to go on
    with what the file holds)."""
    from models.exchange.journal import check as check_backup
    from models.exchange.journal import restore

    title = QCoreApplication.translate("recovery", "Khảo sát số")
    newest = _newest(db_path)
    box, restore_button, newest_button = damaged_box(err, lang, newest)
    go_on = None
    if err.code is StoreCode.DB_WAL_MISSING:  # the file itself is sound: going on with it is a choice
        go_on = box.addButton(QCoreApplication.translate("recovery", "Tiếp tục với dữ liệu còn lại"),
                              QMessageBox.ButtonRole.DestructiveRole)
    box.exec()
    if go_on is not None and box.clickedButton() is go_on:
        from models.store.database import forget_lost_wal

        forget_lost_wal(db_path)
        return True
    path = _choose_backup(None, db_path, box, restore_button, newest_button, newest)
    if not path:
        return False
    try:
        info = check_backup(path)
        safety = restore(db_path, path)
    except AppError as e:
        QMessageBox.critical(None, title, error_text(e, lang))
        return False
    n = info["records"]  # a plain name: lupdate 6.11 loses a call whose count is a subscript
    QMessageBox.information(None, title, QCoreApplication.translate(
        "recovery", "Đã khôi phục %n phiếu từ bản sao lưu. Tệp hỏng được giữ ở:\n{0}", None,
        n).format(safety or "—"))
    return True


def offer_restore_while_working(parent, err: AppError, lang: str) -> None:
    """Damage met while working (DB_DAMAGED): the message, with the newest good backup offered on the spot;
    the restore chosen is asked of the window holding the database (``Hub.restore_requested``: it waits
    for the jobs before it, closes the entry windows and reopens the restored database)."""
    from models.store.backup import check_backup
    from ui.hub import hub_for

    db_path = str(err.context.get("path") or "")
    newest = _newest(db_path) if db_path else None
    box, restore_button, newest_button = damaged_box(err, lang, newest, working=True, parent=parent)
    box.exec()
    path = _choose_backup(parent, db_path, box, restore_button, newest_button, newest) if db_path else None
    if not path:
        return
    if path != (str(newest[0]) if newest else None):
        try:
            check_backup(path)
        except AppError as e:
            QMessageBox.critical(parent, QCoreApplication.translate("recovery", "Khảo sát số"), error_text(e, lang))
            return
    hub_for(db_path).restore_requested.emit(path)


__all__ = ["damaged_box", "open_or_recover", "offer_restore", "offer_restore_while_working"]
