"""The entry widgets of the XLSForm types beyond text, numbers, dates and choices, driven by the
keyboard only: time, date time, a point, a line and an area typed, a range moved with the arrow keys,
a rank ordered with Ctrl+arrows, a barcode typed, a trigger ticked with Space; metadata and hidden
fields are not shown but filled from the setup."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from forms import load_form
from models.records.editor import create_record
from tests.helpers import md
from tests.ui.driver import type_text
from ui.entry.questions import GeoListQuestion, GeopointQuestion, RangeQuestion, RankQuestion, TimeQuestion
from ui.entry.window import FormEntryWindow

FORM = md("""
    | survey |
    | | type | name | label | parameters | default |
    | | username | who | | | |
    | | email | mail | | | |
    | | start-geopoint | where_started | | | |
    | | hidden | batch | | | B7 |
    | | time | t | Giờ bắt đầu | | |
    | | date time | dt | Thời điểm | | |
    | | gps | gp | Vị trí | | |
    | | geotrace | gt | Đường đi | | |
    | | geoshape | gs | Thửa đất | | |
    | | range | r | Mức độ | start=0 end=10 step=2 | |
    | | range | rd | Tỷ lệ | start=0 end=1 step=0.25 | |
    | | rank colors | rk | Xếp hạng màu | | |
    | | barcode | bc | Mã vạch | | |
    | | trigger | tr | Xác nhận đã đọc | | |
    | | text | last | Ghi chú | | |
    | choices |
    | | list_name | name | label |
    | | colors | red | Đỏ |
    | | colors | green | Xanh lá |
    | | colors | blue | Xanh dương |
    | settings |
    | | form_id | version | form_title |
    | | kieu_moi | 1 | Các kiểu mới |
""")
OFFSET = r"(Z|[+-]\d{2}:\d{2})"


def _open(qtbot, store):
    store.add_form(load_form(FORM))
    rid = create_record(store, "kieu_moi")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.widgets.get("t") is not None)
    return win, (lambda k: store.record(rid)["answers"].get(k, ""))


def _type(qtbot, win, name, text):
    win.go_to(name)
    q = win.widgets[name]
    q.edit.selectAll()
    type_text(q.edit, text)
    qtbot.keyClick(q.edit, Qt.Key.Key_Return)
    return q


def test_metadata_and_hidden_fields_are_filled_not_shown(qtbot, store, no_dialogs):
    win, ans = _open(qtbot, store)
    assert not {"who", "mail", "where_started", "batch"} & set(win.widgets)
    assert ans("who") == "Lê Thị Hoa"  # the setup's user name
    assert ans("mail") == "" and ans("where_started") == ""  # no e-mail in the setup, no GPS on a laptop
    assert ans("batch") == "B7"  # a hidden field keeps its default


def test_time_and_date_time_are_typed_and_stored_as_odk_stores_them(qtbot, store, no_dialogs):
    win, ans = _open(qtbot, store)
    q = _type(qtbot, win, "t", "14:30")
    assert isinstance(q, TimeQuestion)
    assert re.fullmatch(r"14:30:00\.000" + OFFSET, ans("t")), ans("t")
    assert q.edit.text() == "14:30" and not q.message.isVisible()
    q = _type(qtbot, win, "t", "25:10")
    assert q.message.isVisible() and "giờ:phút" in q.message.text()
    _type(qtbot, win, "dt", "15/08/2025 9:05")
    assert re.fullmatch(r"2025-08-15T09:05:00\.000" + OFFSET, ans("dt")), ans("dt")
    assert win.widgets["dt"].edit.text() == "15/08/2025 09:05"
    q = _type(qtbot, win, "dt", "15/08/2025")
    assert q.message.isVisible() and "ngày/tháng/năm giờ:phút" in q.message.text()


def test_points_lines_and_areas_are_typed_with_a_clear_message(qtbot, store, no_dialogs):
    win, ans = _open(qtbot, store)
    q = _type(qtbot, win, "gp", "21.0285, 105.8542")  # as copied from a map
    assert isinstance(q, GeopointQuestion)
    assert ans("gp") == "21.0285 105.8542 0 0" and not q.message.isVisible()
    q = _type(qtbot, win, "gp", "210.5 105.8")
    assert ans("gp") == "210.5 105.8"  # kept as typed, and explained
    assert q.message.isVisible() and "vĩ độ (−90 đến 90)" in q.message.text()
    q = _type(qtbot, win, "gt", "21.02 105.85; 21.03 105.86")
    assert isinstance(q, GeoListQuestion)
    assert ans("gt") == "21.02 105.85 0 0;21.03 105.86 0 0" and not q.message.isVisible()
    q = _type(qtbot, win, "gs", "21.02 105.85; 21.03 105.86; 21.04 105.85")
    assert ans("gs") == "21.02 105.85 0 0;21.03 105.86 0 0;21.04 105.85 0 0;21.02 105.85 0 0"  # closed
    assert not q.message.isVisible()
    q = _type(qtbot, win, "gs", "21.02 105.85; 21.03 105.86")
    assert q.message.isVisible() and "ít nhất 3 điểm khác nhau" in q.message.text()


def test_a_range_moves_with_the_arrow_keys(qtbot, store, no_dialogs):
    win, ans = _open(qtbot, store)
    win.go_to("r")
    q = win.widgets["r"]
    assert isinstance(q, RangeQuestion) and q.shown.text() == "(chưa chọn)" and ans("r") == ""
    qtbot.keyClick(q.slider, Qt.Key.Key_Right)
    qtbot.keyClick(q.slider, Qt.Key.Key_Right)
    assert ans("r") == "4" and q.shown.text() == "4"
    qtbot.keyClick(q.slider, Qt.Key.Key_End)
    assert ans("r") == "10"
    qtbot.keyClick(q.slider, Qt.Key.Key_Delete)
    assert ans("r") == "" and q.shown.text() == "(chưa chọn)"
    win.go_to("rd")
    d = win.widgets["rd"]
    qtbot.keyClick(d.slider, Qt.Key.Key_Space)  # take the value shown: the start
    assert ans("rd") == "0"
    qtbot.keyClick(d.slider, Qt.Key.Key_Right)
    assert ans("rd") == "0.25" and d.shown.text() == "0,25"  # the reader's decimal comma
    qtbot.keyClick(d.slider, Qt.Key.Key_Return)  # Enter goes on to the next question
    assert win.focusWidget() is win.widgets["rk"].focus_target()


def test_a_rank_is_ordered_with_ctrl_and_the_arrow_keys(qtbot, store, no_dialogs):
    win, ans = _open(qtbot, store)
    win.go_to("rk")
    q = win.widgets["rk"]
    assert isinstance(q, RankQuestion) and ans("rk") == ""
    assert [q.items.item(i).text() for i in range(3)] == ["Đỏ", "Xanh lá", "Xanh dương"]
    qtbot.keyClick(q.items, Qt.Key.Key_Space)  # the order shown, as it is
    assert ans("rk") == "red green blue"
    qtbot.keyClick(q.items, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # red goes down one
    assert ans("rk") == "green red blue"
    assert [q.items.item(i).text() for i in range(3)] == ["1. Xanh lá", "2. Đỏ", "3. Xanh dương"]
    qtbot.keyClick(q.items, Qt.Key.Key_Down)  # the cursor to blue
    qtbot.keyClick(q.items, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # blue goes up one
    assert ans("rk") == "green blue red"
    qtbot.keyClick(q.items, Qt.Key.Key_Delete)
    assert ans("rk") == ""


def test_barcode_is_typed_and_trigger_is_ticked_with_space(qtbot, store, no_dialogs):
    win, ans = _open(qtbot, store)
    _type(qtbot, win, "bc", "8934567890123")
    assert ans("bc") == "8934567890123"
    win.go_to("tr")
    q = win.widgets["tr"]
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_Space)
    assert ans("tr") == "OK"
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_Space)
    assert ans("tr") == ""


LOOP = md("""
    | survey |
    | | type | name | label |
    | | begin loop over toilet | toilets | Nhà vệ sinh |
    | | integer | number | Số %(label)s |
    | | end loop | | |
    | choices |
    | | list_name | name | label |
    | | toilet | pit | hố xí |
    | | toilet | flush | tự hoại |
    | settings |
    | | form_id | version |
    | | vong_lap | 1 |
""")


def test_a_loop_shows_one_group_per_choice_and_saves_each_answer_by_its_key(qtbot, store, no_dialogs):
    store.add_form(load_form(LOOP))
    rid = create_record(store, "vong_lap")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.widgets.get("toilets-pit-number") is not None)
    assert win.widgets["toilets-flush-number"].label.text() == "<b>Số tự hoại</b>"
    for key, value in (("toilets-pit-number", "2"), ("toilets-flush-number", "1")):
        _type(qtbot, win, key, value)
    assert store.record(rid)["answers"] == {"toilets-pit-number": "2", "toilets-flush-number": "1"}
