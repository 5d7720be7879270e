"""The entry screen with real widgets: choice numbers as on paper (codes, type-ahead), the
day/month/year date message, telling the enumerator before a complete record is reopened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from forms import load_form
from models.records.editor import RecordEditor, create_record
from tests.helpers import md
from tests.ui.driver import type_text
from ui.entry.window import FormEntryWindow

LETTERS = "abcdefghijkl"
FORM = md("""
    | survey |
    | | type | name | label |
    | | select_one many | q_many | Nhiều lựa chọn |
    | | select_one codes | q_codes | Có mã số |
    | | select_multiple many | q_multi | Chọn nhiều |
    | | select_multiple few | q_few | Chọn nhiều, ít lựa chọn |
    | | date | d | Ngày |
    | | text | t | Ghi chú |
    | choices |
    | | list_name | name | label |
""" + "".join(f"    | | many | {c} | Lựa chọn {c.upper()} |\n" for c in LETTERS)
    + "".join(f"    | | few | {c} | Ít {c.upper()} |\n" for c in LETTERS[:5]) + """
    | | codes | 1 | Một |
    | | codes | 2 | Hai |
    | | codes | 9 | Chín |
    | | codes | 98 | Không biết |
    | | codes | 99 | Từ chối |
    | settings |
    | | form_id | version | form_title |
    | | so_thu | 1 | Thử số |
""")


def _window(qtbot, store, rid):
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.widgets.get("q_many") is not None)
    return win


def _key(qtbot, q, digits):
    for d in digits:
        qtbot.keyClick(q.focus_target(), Qt.Key(Qt.Key.Key_0 + int(d)))


def test_bundled_yes_no_and_education_take_their_paper_codes(qtbot, store, no_dialogs):
    rid = create_record(store, "household_digital")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    win.go_to("consent")
    q = win.widgets["consent"]
    assert [b.text() for _n, b in q.buttons] == ["1. Có", "0. Không"]  # as printed on the blank form
    _key(qtbot, q, "0")
    assert store.record(rid)["answers"]["consent"] == "0"
    _key(qtbot, q, "1")
    assert store.record(rid)["answers"]["consent"] == "1"
    win.go_to("livelihood")  # names such as 'crop': numbered by position, on paper too
    q = win.widgets["livelihood"]
    assert q.buttons[4][1].text().startswith("5. ")
    _key(qtbot, q, "5")
    assert store.record(rid)["answers"]["livelihood"] == "hhbiz"


def test_several_digit_numbers_are_typed_as_on_paper_without_a_timer(qtbot, store, no_dialogs):
    store.add_form(load_form(FORM))
    rid = create_record(store, "so_thu")
    win = _window(qtbot, store, rid)
    ans = lambda k: store.record(rid)["answers"].get(k, "")  # noqa: E731
    q = win.widgets["q_many"]
    assert q.buttons[11][1].text() == "12. Lựa chọn L"
    win.go_to("q_many")
    _key(qtbot, q, "12")  # twelve, not one then two
    assert ans("q_many") == "l" and not q.pending()
    _key(qtbot, q, "1")  # one, or the start of 10, 11, 12: waits for the next digit, however long
    assert q.pending() and ans("q_many") == "l" and q.typed_note.isVisible()
    qtbot.wait(900)
    assert q.pending() and ans("q_many") == "l"
    _key(qtbot, q, "1")  # a slow typist's "1 … 1" is eleven
    assert ans("q_many") == "k" and not q.pending() and not q.typed_note.isVisible()
    _key(qtbot, q, "1")
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_Space)  # Space takes the number as it stands
    assert ans("q_many") == "a" and not q.pending()
    _key(qtbot, q, "1")
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_Backspace)  # rubs out the waiting digit only
    assert ans("q_many") == "a" and not q.pending()
    _key(qtbot, q, "2")
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_Return)  # Enter takes what is typed and goes on
    assert ans("q_many") == "b" and not q.pending()
    c = win.widgets["q_codes"]
    assert [b.text().split(".")[0] for _n, b in c.buttons] == ["1", "2", "9", "98", "99"]
    assert c.box.hasFocus()
    _key(qtbot, c, "2")
    assert ans("q_codes") == "2" and not c.pending()
    _key(qtbot, c, "98")
    assert ans("q_codes") == "98"
    _key(qtbot, c, "7")  # no such code: nothing changes
    assert ans("q_codes") == "98" and not c.pending()
    _key(qtbot, c, "9")
    qtbot.keyClick(c.focus_target(), Qt.Key.Key_Return)
    assert ans("q_codes") == "9"
    # multiple choice, 12 exists: "1" "2" is twelve (the prefix rule); "1" Space "2" ticks 1 and 2
    m = win.widgets["q_multi"]
    assert m.box.hasFocus()
    _key(qtbot, m, "12")
    assert ans("q_multi") == "l"
    _key(qtbot, m, "1")
    qtbot.keyClick(m.focus_target(), Qt.Key.Key_Space)
    assert ans("q_multi") == "a l"
    _key(qtbot, m, "2")  # no 20–29: two at once
    assert ans("q_multi") == "a b l" and not m.pending()
    _key(qtbot, m, "1")
    qtbot.keyClick(m.focus_target(), Qt.Key.Key_Return)  # Enter takes the waiting 1 (unticks it), goes on
    assert ans("q_multi") == "b l"
    # a short list (no 12): "1" then "2" ticks 1 and 2 at once
    f = win.widgets["q_few"]
    assert f.box.hasFocus()
    _key(qtbot, f, "12")
    assert ans("q_few") == "a b" and not f.pending()
    _key(qtbot, f, "1")  # again: unticks 1
    assert ans("q_few") == "b"


def test_the_date_message_asks_for_day_month_year(qtbot, store, no_dialogs):
    store.add_form(load_form(FORM))
    rid = create_record(store, "so_thu")
    win = _window(qtbot, store, rid)
    win.go_to("d")
    q = win.widgets["d"]
    q.edit.selectAll()
    type_text(q.edit, "31/02/2026")
    qtbot.keyClick(q.edit, Qt.Key.Key_Return)
    assert q.message.isVisible()
    assert q.message.text() == "✖ Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 15/08/2025."
    assert q.edit.placeholderText() == "ngày/tháng/năm"


def test_the_enumerator_is_told_before_a_complete_record_goes_back_to_draft(qtbot, store, no_dialogs):
    store.add_form(load_form(FORM))
    rid = create_record(store, "so_thu")
    ed = RecordEditor(store, rid)
    ed.set("t", "xong")
    assert ed.mark_complete() == []
    win = _window(qtbot, store, rid)
    assert "Hoàn thành" in win.heading.text()
    t = win.widgets["t"]
    win.go_to("t")
    no_dialogs["answers"].append(QMessageBox.StandardButton.No)
    t.edit.selectAll()
    type_text(t.edit, "sửa")
    qtbot.keyClick(t.edit, Qt.Key.Key_Return)
    assert "Nháp" in no_dialogs["question"][-1] and "Kiểm tra và hoàn thành" in no_dialogs["question"][-1]
    rec = store.record(rid)
    assert rec["status"] == "complete" and rec["answers"]["t"] == "xong" and t.edit.text() == "xong"
    no_dialogs["answers"].append(QMessageBox.StandardButton.Yes)
    t.edit.selectAll()
    type_text(t.edit, "đã sửa")
    qtbot.keyClick(t.edit, Qt.Key.Key_Return)
    rec = store.record(rid)
    assert rec["status"] == "draft" and rec["answers"]["t"] == "đã sửa" and "Nháp" in win.heading.text()
    asked = len(no_dialogs["question"])
    win.go_to("q_many")
    _key(qtbot, win.widgets["q_many"], "2")  # asked once per window, not for every answer
    assert len(no_dialogs["question"]) == asked and store.record(rid)["answers"]["q_many"] == "b"


def test_a_clerks_correction_is_not_questioned_and_stays_complete(qtbot, store, no_dialogs):
    store.set_settings({"role": "clerk"})
    store.add_form(load_form(FORM))
    rid = create_record(store, "so_thu")
    ed = RecordEditor(store, rid)
    ed.set("t", "xong")
    assert ed.mark_complete() == []
    win = _window(qtbot, store, rid)
    win.go_to("q_codes")
    _key(qtbot, win.widgets["q_codes"], "2")
    assert no_dialogs["question"] == []
    rec = store.record(rid)
    assert rec["status"] == "complete" and rec["answers"]["q_codes"] == "2" and "Hoàn thành" in win.heading.text()
