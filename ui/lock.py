"""The PIN at start: unlock an encrypted database, choose a PIN for a new one, encrypt a plain one.

Called by :func:`ui.recovery.open_or_recover` before the database is opened
(``models/store/cipher.py`` holds the keys, ``models/store/encryption.py`` the conversion):

* an encrypted database asks for its PIN (:class:`PinDialog`); a wrong PIN is said at once, the waits
  after repeated wrong PINs count down on screen; "Dùng mã khôi phục…" opens it with the recovery code
  and then asks for a new PIN;
* a new database (first start) asks to choose a PIN (:class:`ChoosePinDialog`) and shows the recovery
  code once (:class:`RecoveryCodeDialog`: it can be saved as a PDF sheet to print);
* a plain database (made before this version) is encrypted once, after a PIN is chosen, with every
  record checked before the plain file is removed.

``KHAOSAT_PIN`` (scripted use, tests) replaces the dialogs: it unlocks, or encrypts a new or plain
database without showing a recovery code (``python main.py db encrypt --json`` prints one).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.base.driver import is_plain_file
from models.base.errors import AppError
from models.store import cipher
from ui.messages import error_text


class PinDialog(QDialog):
    """The PIN of an encrypted database; accepted once the database's key is unlocked."""

    def __init__(self, db_path: str, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path, self.lang = db_path, lang
        self.setObjectName("pin_dialog")
        self.setWindowTitle(self.tr("Khảo sát số — Mở khoá dữ liệu"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Dữ liệu trên máy này được mã hoá. Hãy nhập mã PIN để mở:\n{0}").format(db_path))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Mã PIN"))
        lay.addWidget(self.pin)
        self.message = QLabel("")
        self.message.setObjectName("pin_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        lay.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(self.tr("Mở"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.recovery_button = buttons.addButton(self.tr("Dùng mã khôi phục…"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._try)
        self.recovery_button.clicked.connect(self._recover)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self.resize(460, 200)
        self._tick()

    def _tick(self) -> None:
        """Count the wait after repeated wrong PINs down on screen."""
        try:
            env = cipher.read_envelope(self.db_path) or {}
        except AppError:
            env = {}
        left = cipher.wait_left(env) if env else 0
        self.open_button.setEnabled(not left)
        if left:
            self.message.setText(self.tr("Đã nhập sai mã PIN nhiều lần: hãy đợi {0} giây.").format(left))
            self._waiting = True
            self._timer.start()
        else:
            self._timer.stop()
            if getattr(self, "_waiting", False):
                self.message.setText("")
                self._waiting = False

    def _try(self) -> None:
        try:
            cipher.unlock(self.db_path, self.pin.text())
        except AppError as err:
            self.pin.selectAll()
            self.pin.setFocus()
            self.message.setText(error_text(err, self.lang))
            self._timer.start() if cipher.wait_left(cipher.read_envelope(self.db_path) or {}) else None
            return
        self.accept()

    def _recover(self) -> None:
        d = RecoveryEntryDialog(self.db_path, self.lang, self)
        if d.exec() == QDialog.DialogCode.Accepted:
            self.accept()


class RecoveryEntryDialog(QDialog):
    """The recovery code typed from the sheet, then a new PIN."""

    def __init__(self, db_path: str, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path, self.lang = db_path, lang
        self.setObjectName("recovery_entry")
        self.setWindowTitle(self.tr("Mở bằng mã khôi phục"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Nhập mã khôi phục trên tờ giấy đã in khi cài đặt (14 nhóm 4 ký tự), "
                               "rồi chọn mã PIN mới."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setObjectName("recovery_code")
        self.code.setPlaceholderText("ABCD-EFGH-2345-…")  # the shape of the code on the sheet
        self.pin = QLineEdit()
        self.pin.setObjectName("new_pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("new_pin_again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Mã khôi phục"), self.code)
        form.addRow(self.tr("Mã PIN mới"), self.pin)
        form.addRow(self.tr("Nhập lại mã PIN mới"), self.again)
        lay.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("recovery_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        lay.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Mở"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Huỷ"))
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(520, 240)

    def _ok(self) -> None:
        if self.pin.text() != self.again.text():
            self.message.setText(self.tr("Hai lần nhập mã PIN mới không giống nhau."))
            return
        try:
            cipher.check_pin(self.pin.text())
            key = cipher.unlock_with_recovery(self.db_path, self.code.text())
            cipher.set_pin(self.db_path, key, self.pin.text())
        except AppError as err:
            self.message.setText(error_text(err, self.lang))
            return
        except OSError as err:
            from models.base.errors import os_error

            self.message.setText(error_text(os_error(err, cipher.envelope_path(self.db_path)), self.lang))
            return
        self.accept()


class ChoosePinDialog(QDialog):
    """Choose the PIN (twice) that will protect the database; ``pin`` once accepted."""

    def __init__(self, intro: str, parent: QWidget | None = None, lang: str = "vi", *, pin_label: str = "",
                 ok_text: str = "", cancel_text: str = ""):
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("choose_pin")
        self.setWindowTitle(self.tr("Khảo sát số — Bảo vệ dữ liệu"))
        lay = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        text.setVisible(bool(intro))
        lay.addWidget(text)
        self.form = form = QFormLayout()
        self.first = QLineEdit()
        self.first.setObjectName("pin")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("pin_again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(pin_label or self.tr("Mã PIN (ít nhất {0} ký tự)").format(cipher.MIN_PIN), self.first)
        form.addRow(self.tr("Nhập lại mã PIN"), self.again)
        lay.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("pin_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        lay.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text or self.tr("Tiếp tục"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text or self.tr("Thoát"))
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.pin = ""
        self.resize(520, 260)

    def _more_problems(self) -> bool:
        """A subclass's own checks before the PIN's (it says what is wrong and returns True)."""
        return False

    def _ok(self) -> None:
        if self._more_problems():
            return
        if self.first.text() != self.again.text():
            self.message.setText(self.tr("Hai lần nhập mã PIN không giống nhau."))
            self.again.clear()
            self.again.setFocus()
            return
        try:
            cipher.check_pin(self.first.text())
        except AppError as err:
            self.message.setText(error_text(err, self.lang))
            return
        self.pin = self.first.text()
        self.accept()


class RecoveryCodeDialog(QDialog):
    """The recovery code, shown once: it must be saved as a PDF sheet or written down before going on."""

    def __init__(self, code: str, db_path: str, parent: QWidget | None = None, lang: str = "vi"):
        super().__init__(parent)
        self.code, self.db_path, self.lang = code, db_path, lang
        self.setObjectName("recovery_code_dialog")
        self.setWindowTitle(self.tr("Mã khôi phục — chỉ hiện một lần"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Nếu quên mã PIN, chỉ mã khôi phục này mở được dữ liệu (cả các bản sao lưu). "
                               "Hãy in tờ mã khôi phục hoặc chép tay, rồi cất ở nơi an toàn của xã — không để "
                               "cùng máy tính."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        shown = QLabel(code)
        shown.setObjectName("code")
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(13)
        shown.setFont(font)
        shown.setWordWrap(True)
        lay.addWidget(shown)
        self.sheet = QPushButton(self.tr("Lưu tờ mã khôi phục (PDF) để in…"))
        self.sheet.setObjectName("save_sheet")
        self.sheet.clicked.connect(self._save_sheet)
        lay.addWidget(self.sheet)
        self.kept = QCheckBox(self.tr("Tôi đã in hoặc chép lại mã khôi phục"))
        self.kept.setObjectName("kept")
        lay.addWidget(self.kept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Tiếp tục"))
        self.ok.setEnabled(False)
        self.kept.toggled.connect(self._kept_changed)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.resize(560, 280)

    def _kept_changed(self, kept: bool) -> None:
        """Once the code is kept, Enter goes on (the focus leaves the sheet button, which Enter would press
        again)."""
        self.ok.setEnabled(kept)
        if kept:
            self.ok.setDefault(True)
            self.ok.setFocus()

    def reject(self) -> None:  # Esc must not skip the code before it was kept
        if self.kept.isChecked():
            super().reject()

    def _save_sheet(self) -> None:
        from exports.recovery_sheet import write_recovery_sheet

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu tờ mã khôi phục"),
                                              os.path.join(os.path.expanduser("~"), "ma-khoi-phuc.pdf"), "PDF (*.pdf)")
        if not path:
            return
        try:
            write_recovery_sheet(path, self.code, self.db_path, lang=self.lang)
        except AppError as err:
            QMessageBox.warning(self, self.windowTitle(), error_text(err, self.lang))
            return
        except OSError as err:
            from models.base.errors import os_error

            QMessageBox.warning(self, self.windowTitle(), error_text(os_error(err, path), self.lang))
            return
        self.kept.setChecked(True)


def welcome_text() -> str:
    """What the first start says above the PIN fields."""
    return QCoreApplication.translate(
        "lock", "Chào mừng! Dữ liệu khảo sát có thông tin cá nhân nên được mã hoá trên máy này. "
                "Hãy chọn mã PIN để mở ứng dụng (mỗi lần khởi động và sau khi khoá).")


def unlock_or_encrypt(db_path: str, lang: str, parent: QWidget | None = None) -> bool:
    """Make the database at ``db_path`` ready to open encrypted (see the module's docstring); False
    when the user gave up (nothing changed)."""
    from models.store.database import check_writable
    from models.store.encryption import backup_folders_of, encrypt_database

    plain = is_plain_file(db_path)
    pin = cipher.pin_from_env()
    title = QCoreApplication.translate("lock", "Khảo sát số")
    if plain is not False:
        try:
            check_writable(db_path)
        except AppError:
            return True  # a read-only file or folder: opening says so and how to fix it; no PIN asked first
    try:
        if plain is False:
            if cipher.key_for_file(db_path) is not None or cipher.read_envelope(db_path) is None:
                return True  # unlocked already, or not ours: opening says what it is
            if pin is not None:
                cipher.unlock(db_path, pin)
                return True
            return PinDialog(db_path, lang, parent).exec() == QDialog.DialogCode.Accepted
        if plain is None:  # first start: a new database
            if pin is not None or cipher.key_for(db_path) is not None:
                return True  # opening makes it encrypted
            d = ChoosePinDialog(welcome_text(), parent, lang)
            if d.exec() != QDialog.DialogCode.Accepted:
                return False
            key = cipher.new_key()
            cipher.write_envelope(db_path, cipher.new_envelope(key, d.pin))
            cipher.remember(db_path, key)
            RecoveryCodeDialog(cipher.recovery_code(key), db_path, parent, lang).exec()
            return True
        # a plain database made before this version: opened (checked, upgraded) as it is first, so that a
        # damaged file or a lost write-ahead log is met by the recovery at start, never converted
        from models.store.database import open_store

        try:
            open_store(db_path, create=False).close()
        except AppError:
            return True  # open_or_recover's own loop says what is wrong and offers a backup
        if pin is not None:
            encrypt_database(db_path, pin, backup_folders=backup_folders_of(db_path))
            return True
        why = QCoreApplication.translate(
            "lock", "Từ phiên bản này, dữ liệu trên máy được mã hoá để bảo vệ thông tin cá nhân (Luật Bảo "
                    "vệ dữ liệu cá nhân). Hãy chọn mã PIN: cơ sở dữ liệu và các bản sao lưu sẽ được mã hoá "
                    "ngay, mọi phiếu được kiểm tra lại trước khi xoá tệp cũ.")
        d = ChoosePinDialog(why, parent, lang)
        if d.exec() != QDialog.DialogCode.Accepted:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            code = encrypt_database(db_path, d.pin, backup_folders=backup_folders_of(db_path))
        finally:
            QApplication.restoreOverrideCursor()
        RecoveryCodeDialog(code, db_path, parent, lang).exec()
        return True
    except AppError as err:
        QMessageBox.critical(parent, title, error_text(err, lang))
        return False


#: minutes without a key press or mouse move before the application locks (setting ``lock_minutes``)
LOCK_MINUTES = 10
#: a gap this long between two ticks of the watch timer means the computer was asleep
SLEEP_GAP = 60


class IdleLock(QWidget):
    """Locks the application after :data:`LOCK_MINUTES` idle and after the computer slept: every window
    is hidden (nothing of the data stays on screen) behind the PIN dialog; the right PIN shows them again
    exactly as they were (an open interview, its page and field). Only for an encrypted database."""

    def __init__(self, db_path: str, lang: str, minutes: float | None = None):
        super().__init__()
        import time

        from PySide6.QtCore import QEvent

        self._input_events = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                              QEvent.Type.Wheel, QEvent.Type.TouchBegin}
        self.db_path, self.lang = db_path, lang
        self.seconds = float(minutes if minutes is not None else LOCK_MINUTES) * 60
        self.locked = False
        self.last_input = time.monotonic()
        self._last_tick = time.time()
        self._watch = QTimer(self)
        self._watch.setInterval(5000)
        self._watch.timeout.connect(self._check)
        self._watch.start()
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in self._input_events and not self.locked:
            import time

            self.last_input = time.monotonic()
        return False

    def _check(self) -> None:
        import time

        now = time.time()
        slept = now - self._last_tick > SLEEP_GAP
        self._last_tick = now
        if not self.locked and (slept or time.monotonic() - self.last_input >= self.seconds):
            self.lock()

    def lock(self) -> bool:
        """Hide every window and ask for the PIN; True once unlocked (False: the user quit)."""
        import time

        if self.locked:
            return False
        self.locked = True
        hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not self]
        for w in hidden:
            w.hide()
        d = PinDialog(self.db_path, self.lang)
        d.setObjectName("lock_dialog")
        d.setWindowTitle(self.tr("Khảo sát số — Đã khoá"))
        d.findChild(QLabel).setText(self.tr("Ứng dụng đã khoá vì lâu không dùng. Mọi câu trả lời đã được lưu. "
                                       "Nhập mã PIN để tiếp tục đúng chỗ đang làm."))
        ok = d.exec() == QDialog.DialogCode.Accepted
        self.locked = False
        self.last_input = time.monotonic()
        self._last_tick = time.time()
        if not ok:
            QApplication.instance().quit()
            return False
        for w in hidden:
            w.show()
        return True
