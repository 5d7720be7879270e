"""The PIN at start, typed as a person types it: a new database asks for a PIN and shows the recovery
code once; an encrypted one asks for its PIN (wrong PIN said at once); the recovery code opens it and
sets a new PIN; a plain database from an older version is encrypted with nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QLineEdit, QPushButton

from models.base.driver import is_plain_file
from models.store import cipher
from models.store.database import open_store

PIN = "135790"


pytestmark = pytest.mark.usefixtures("no_unlocked_keys")


def _when_shown(qtbot, name: str, act) -> list:
    """Run ``act(dialog)`` on the modal dialog called ``name`` once it is on screen."""
    done = []

    def poll():
        w = QApplication.activeModalWidget()
        if w is not None and w.objectName() == name and w.isVisible():
            done.append(w.objectName())
            act(w)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return done


def _type(qtbot, w: QDialog, name: str, text: str) -> None:
    field = w.findChild(QLineEdit, name)
    field.setFocus()
    qtbot.keyClicks(field, text)


def test_first_start_chooses_a_pin_and_shows_the_recovery_code_once(qtbot, tmp_path):
    from ui.recovery import open_or_recover

    db = str(tmp_path / "khaosat.db")
    seen = {}

    def choose(w):
        _type(qtbot, w, "pin", PIN)
        _type(qtbot, w, "pin_again", PIN)
        qtbot.keyClick(w.findChild(QLineEdit, "pin_again"), Qt.Key.Key_Return)
        _when_shown(qtbot, "recovery_code_dialog", code)

    def code(w):
        seen["code"] = w.code
        ok = [b for b in w.findChildren(QPushButton) if b.text() == "Tiếp tục"][0]
        seen["ok_before"] = ok.isEnabled()
        qtbot.keyClick(w, Qt.Key.Key_Escape)  # Esc does not skip the code
        seen["still"] = w.isVisible()
        box = w.findChild(QCheckBox, "kept")
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
        ok.setFocus()
        qtbot.keyClick(ok, Qt.Key.Key_Return)

    _when_shown(qtbot, "choose_pin", choose)
    store = open_or_recover(db, "vi")
    assert store is not None
    store.close()
    assert is_plain_file(db) is False and seen["ok_before"] is False and seen["still"] is True
    cipher.forget()
    assert cipher.key_from_recovery(seen["code"]) == cipher.unlock(db, PIN)


def test_an_encrypted_database_asks_for_its_pin(qtbot, tmp_path, monkeypatch):
    from ui.recovery import open_or_recover

    db = str(tmp_path / "khaosat.db")
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    open_store(db).close()
    monkeypatch.delenv("KHAOSAT_PIN")
    cipher.forget()
    seen = {}

    def enter(w):
        _type(qtbot, w, "pin", "999999")
        qtbot.keyClick(w.findChild(QLineEdit, "pin"), Qt.Key.Key_Return)
        seen["wrong"] = w.findChild(type(w.message), "pin_message").text()
        field = w.findChild(QLineEdit, "pin")
        qtbot.keyClicks(field, PIN)  # the wrong PIN was selected: typing replaces it
        qtbot.keyClick(field, Qt.Key.Key_Return)

    _when_shown(qtbot, "pin_dialog", enter)
    store = open_or_recover(db, "vi")
    assert store is not None
    store.close()
    assert "Mã PIN không đúng" in seen["wrong"]


def test_the_recovery_code_sets_a_new_pin(qtbot, tmp_path, monkeypatch):
    from ui.recovery import open_or_recover

    db = str(tmp_path / "khaosat.db")
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    open_store(db).close()
    code = cipher.recovery_code(cipher.key_for(db))
    monkeypatch.delenv("KHAOSAT_PIN")
    cipher.forget()

    def pin_dialog(w):
        _when_shown(qtbot, "recovery_entry", entry)
        w.recovery_button.setFocus()
        qtbot.keyClick(w.recovery_button, Qt.Key.Key_Space)

    def entry(w):
        _type(qtbot, w, "recovery_code", code)
        _type(qtbot, w, "new_pin", "moi 2026 an toan")
        _type(qtbot, w, "new_pin_again", "moi 2026 an toan")
        qtbot.keyClick(w.findChild(QLineEdit, "new_pin_again"), Qt.Key.Key_Return)

    _when_shown(qtbot, "pin_dialog", pin_dialog)
    store = open_or_recover(db, "en")
    assert store is not None
    store.close()
    cipher.forget()
    cipher.unlock(db, "moi 2026 an toan")


def test_a_plain_database_is_encrypted_at_first_start(qtbot, tmp_path):
    from ui.recovery import open_or_recover

    db = str(tmp_path / "khaosat.db")
    st = open_store(db)
    st.set_settings({"user_name": "Nguyễn Thị Lan"})
    st.close()
    assert is_plain_file(db) is True

    def choose(w):
        _type(qtbot, w, "pin", PIN)
        _type(qtbot, w, "pin_again", PIN)
        qtbot.keyClick(w.findChild(QLineEdit, "pin_again"), Qt.Key.Key_Return)
        _when_shown(qtbot, "recovery_code_dialog", lambda d: (d.kept.setChecked(True), d.accept()))

    _when_shown(qtbot, "choose_pin", choose)
    store = open_or_recover(db, "vi")
    assert store is not None and store.setting("user_name") == "Nguyễn Thị Lan"
    store.close()
    assert is_plain_file(db) is False
    assert "Nguyễn Thị Lan".encode() not in Path(db).read_bytes()


def test_idle_time_locks_and_the_pin_shows_the_window_again_as_it_was(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QLineEdit as Field
    from PySide6.QtWidgets import QMainWindow

    from ui.lock import IdleLock

    db = str(tmp_path / "khaosat.db")
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    open_store(db).close()
    monkeypatch.delenv("KHAOSAT_PIN")
    win = QMainWindow()
    typed = Field()
    win.setCentralWidget(typed)
    qtbot.addWidget(win)
    win.show()
    typed.setFocus()
    qtbot.keyClicks(typed, "Thon 3")
    guard = IdleLock(db, "vi", minutes=0.001)  # 60 ms
    seen = {}

    def enter(w):
        seen["hidden"] = not win.isVisible()
        field = w.findChild(QLineEdit, "pin")
        qtbot.keyClicks(field, "111111")
        qtbot.keyClick(field, Qt.Key.Key_Return)
        seen["wrong"] = w.message.text()
        qtbot.keyClicks(field, PIN)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    _when_shown(qtbot, "lock_dialog", enter)
    qtbot.wait(100)
    guard._check()  # the watch timer's tick, without waiting 5 s for it
    assert seen["hidden"] and "Mã PIN không đúng" in seen["wrong"]
    assert win.isVisible() and typed.text() == "Thon 3" and not guard.locked
    guard._watch.stop()
    QApplication.instance().removeEventFilter(guard)


def test_typing_keeps_the_application_unlocked(qtbot, tmp_path):
    from ui.lock import IdleLock

    guard = IdleLock(str(tmp_path / "x.db"), "vi", minutes=0.002)  # 120 ms
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    for _ in range(4):
        qtbot.wait(50)
        qtbot.keyClick(field, Qt.Key.Key_A)
        guard._check()
    assert not guard.locked and field.text() == "aaaa"
    guard._watch.stop()
    QApplication.instance().removeEventFilter(guard)


def test_settings_adds_a_person_with_a_pin_of_their_own(qtbot, tmp_path, monkeypatch):
    from models.records.editor import RecordEditor, create_record
    from ui.settings_page import SettingsPage

    db = str(tmp_path / "khaosat.db")
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    st = open_store(db)
    st.set_settings({"role": "clerk", "user_name": "Máy xã", "province": "25", "commune": "09025"})
    st.install_bundled_forms()
    monkeypatch.delenv("KHAOSAT_PIN")
    page = SettingsPage(st.path, store=st)
    qtbot.addWidget(page)
    page.show()
    assert page.add_person_btn.isEnabled() and page.people_table.rowCount() == 0

    def fill(w):
        for name, text in (("person_name", "Nguyen Thi Lan"), ("person_code", "E07"), ("pin", "lan-2026"),
                           ("pin_again", "lan-2026")):
            _type(qtbot, w, name, text)
        qtbot.keyClick(w.findChild(QLineEdit, "pin_again"), Qt.Key.Key_Return)

    _when_shown(qtbot, "add_person_dialog", fill)
    page.add_person_btn.setFocus()
    qtbot.keyClick(page.add_person_btn, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.people_table.rowCount() == 1, timeout=20000)
    assert page.people_table.item(0, 0).text() == "Nguyen Thi Lan"
    page.close()
    st.close()
    cipher.forget()
    cipher.unlock(db, "lan-2026")
    st = open_store(db)
    try:
        rid = create_record(st, "household_digital")
        RecordEditor(st, rid).set("enum_name", "x")
        assert {a["user"] for a in st.audit(rid)} == {"Nguyen Thi Lan"}
    finally:
        st.close()


def test_after_saving_the_recovery_sheet_enter_goes_on(qtbot, tmp_path, monkeypatch):
    """Found by hand: Enter after saving the sheet pressed the sheet button again (it kept the focus)."""
    from PySide6.QtWidgets import QFileDialog

    from ui.lock import RecoveryCodeDialog

    sheet = tmp_path / "ma-khoi-phuc.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(sheet), "")))
    d = RecoveryCodeDialog(cipher.recovery_code(cipher.new_key()), str(tmp_path / "k.db"), None, "vi")
    qtbot.addWidget(d)
    d.show()
    d.sheet.setFocus()
    qtbot.keyClick(d.sheet, Qt.Key.Key_Return)  # saves the sheet
    assert sheet.exists() and d.kept.isChecked()
    assert d.focusWidget() is d.ok  # the keyboard is on "Tiếp tục", not on the sheet button any more
    with qtbot.waitSignal(d.accepted, timeout=2000):
        qtbot.keyClick(d.focusWidget(), Qt.Key.Key_Return)
