"""An open entry window never overwrites a newer version of its record, and approved records are
shown read-only."""

from PySide6.QtCore import Qt

from models.records.editor import RecordEditor, create_record, set_status
from tests.ui.driver import focused_question, type_text
from ui.entry.window import FormEntryWindow


def _open(qtbot, store, rid):
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: focused_question(win) is not None)
    return win


def _type_into(qtbot, win, path, text):
    w = win.widgets[path]
    w.focus_target().setFocus()
    w.focus_target().selectAll()
    type_text(w.focus_target(), text)
    qtbot.keyClick(w.focus_target(), Qt.Key.Key_Tab)


def test_an_answer_typed_after_the_record_changed_elsewhere_goes_on_top_of_the_newer_version(
        qtbot, store, no_dialogs):
    rid = create_record(store, "household_digital")
    win = _open(qtbot, store, rid)
    # meanwhile the record changes elsewhere (e.g. a return package with the clerk's correction)
    RecordEditor(store, rid).set("village", "Thôn Đông (đã sửa)")
    _type_into(qtbot, win, "enum_name", "Lê Thị Hoa B")
    qtbot.waitUntil(lambda: not win.stale and "village" in win.widgets)
    rec = store.record(rid)
    assert rec["answers"]["village"] == "Thôn Đông (đã sửa)"  # the correction is not overwritten
    assert rec["answers"]["enum_name"] == "Lê Thị Hoa B"  # and the enumerator's answer is saved
    assert win.session.value("village") == "Thôn Đông (đã sửa)"  # the window shows the newer version
    assert not no_dialogs["warning"]


def test_the_same_answer_changed_elsewhere_is_not_overwritten(qtbot, store, no_dialogs):
    rid = create_record(store, "household_digital")
    win = _open(qtbot, store, rid)
    RecordEditor(store, rid).set("village", "Thôn của cán bộ xã")
    _type_into(qtbot, win, "village", "Thôn gõ muộn")
    qtbot.waitUntil(lambda: not win.stale and "village" in win.widgets)
    assert any("vừa được sửa ở nơi khác" in t for t in no_dialogs["warning"])
    assert store.record(rid)["answers"]["village"] == "Thôn của cán bộ xã"
    assert win.session.value("village") == "Thôn của cán bộ xã"


def test_an_approved_record_opens_read_only(qtbot, store, no_dialogs):
    rid = create_record(store, "household_digital")
    store.execute("UPDATE records SET status = 'complete' WHERE id = ?", [rid])
    set_status(store, rid, "approved")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: bool(win.widgets))
    assert not win.complete_btn.isEnabled()
    assert all(not w.isEnabled() for w in win.widgets.values())
    assert "chỉ xem" in win.heading.text()
    assert store.record(rid)["status"] == "approved"


def test_characters_removed_from_an_answer_on_save_are_said_naming_the_question(qtbot, store, no_dialogs):
    """Issue 16 #7: a pasted answer holding control characters is saved without them, and the window
    says so (a note in the status bar naming the question, no dialog)."""
    from PySide6.QtWidgets import QApplication

    rid = create_record(store, "household_digital")
    win = _open(qtbot, store, rid)
    w = win.widgets["enum_name"]
    w.focus_target().setFocus()
    QApplication.clipboard().setText("Lê Thị\x07 Hoa")
    # the question is prefilled with the set-up user's name: select it all, then paste over it
    qtbot.keyClick(w.focus_target(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.focus_target(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.focus_target(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: store.record(rid)["answers"].get("enum_name") == "Lê Thị Hoa")
    label = win.session.label("enum_name", win.lang).splitlines()[0]
    assert label and label in win.cleaned_note and "ký tự điều khiển" in win.cleaned_note
    assert win.statusBar().currentMessage() == win.cleaned_note
    assert not no_dialogs["warning"] and not no_dialogs.get("critical")
    assert w.focus_target().text() == "Lê Thị Hoa"
    # an ordinary answer says nothing
    win.statusBar().clearMessage()
    _type_into(qtbot, win, "village", "Thôn 5")
    qtbot.waitUntil(lambda: store.record(rid)["answers"].get("village") == "Thôn 5")
    assert win.statusBar().currentMessage() == ""
