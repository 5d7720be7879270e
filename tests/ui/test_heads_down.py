"""Heads-down entry (issue 13): whole interviews from the record list and back with key events only,
at most 1.1 navigation keys per answered question and no mouse event; a draft reopened from the
list with the keyboard lands where the interview stopped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.heads_down import (
    ENTERPRISE,
    HOUSEHOLD,
    HOUSEHOLD_JUSTIFY,
    DialogKeys,
    Keyboard,
    MouseWatch,
    closed,
    complete_and_close,
    focused_question,
    interview,
    new_record,
)
from ui.main_window import MainWindow


@pytest.fixture
def main(qtbot, store):
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    win.resize(1366, 768)
    page = win.page("records")
    qtbot.waitUntil(lambda: page.isVisible())
    page.view.setFocus()
    watch = MouseWatch()
    QApplication.instance().installEventFilter(watch)
    yield win
    QApplication.instance().removeEventFilter(watch)
    assert watch.count == 0, "a mouse event was sent"


def test_a_whole_household_interview_from_the_list_and_back(qtbot, store, main):
    kb = Keyboard()
    rid, win = new_record(qtbot, kb, main, "hộ gia đình")
    assert win.form.form_id == "household_digital"
    justify = dict(HOUSEHOLD_JUSTIFY)
    visited = interview(qtbot, kb, win, HOUSEHOLD, justify)
    assert not justify, f"warnings not met: {justify}"
    # relevance per member: the head's ID number asked for the head only, Internet use per member
    assert "mem[1].m_cccd" in visited and "mem[2].m_cccd" not in visited and "mem[3].m_cccd" not in visited
    assert "mem[2].m_freq" not in visited and "mem[3].m_freq" in visited and "mem[3].m_acct" not in visited
    complete_and_close(qtbot, kb, main, win)
    rec = store.record(rid)
    assert rec["status"] == "complete" and rec["issues"] == 0
    mem = rec["answers"]["mem"]
    assert [m["m_name"] for m in mem] == ["Nguyễn Văn Bình", "Trần Thị Mơ", "Nguyễn Minh An"]
    assert mem[0]["m_byear"] == "1975" and mem[1]["m_byear"] == "1920" and mem[2]["m_byear"] == "2018"
    assert "m_cccd" not in mem[1] and "m_acct" not in mem[2]
    assert rec["justifications"] == {"mem[2].m_byear": "Cụ bà thọ 105 tuổi, đã xem giấy tờ",
                                     "mem[3].m_mode": "Cháu tự trả lời, có mẹ ngồi cạnh"}
    assert rec["data"]["interview_date"] == "2025-08-15" and rec["data"]["hh_no"] == "12"
    assert rec["answers"]["devices"] == "tv smartphone"
    t = kb.tally
    assert len(t.answered) >= 60, sorted(t.answered)
    assert t.per_answer() <= 1.1, (t.nav, len(t.answered), t.nav_keys)


def test_a_whole_enterprise_interview_from_the_list_and_back(qtbot, store, main):
    kb = Keyboard()
    rid, win = new_record(qtbot, kb, main, "doanh nghiệp")
    assert win.form.form_id == "enterprise_digital"
    visited = interview(qtbot, kb, win, ENTERPRISE)
    assert "tax_code" in visited and "barriers" not in visited
    complete_and_close(qtbot, kb, main, win)
    rec = store.record(rid)
    assert rec["status"] == "complete" and rec["issues"] == 0
    assert rec["data"]["revenue"] == "12500.5" and rec["label"] == "Công ty TNHH Miến dong Hoàng Anh"
    assert rec["answers"]["marketplaces"] == "shopee tts"
    t = kb.tally
    assert t.per_answer() <= 1.1, (t.nav, len(t.answered), t.nav_keys)


def test_a_draft_reopened_from_the_list_lands_where_the_interview_stopped(qtbot, store, main):
    kb = Keyboard()
    rid, win = new_record(qtbot, kb, main, "hộ gia đình")
    stop = {k: v for k, v in HOUSEHOLD.items() if not k.startswith("m_")}
    stop["hh_size"] = "2"
    # answer up to the second member's sex, then close with Ctrl+W
    for _ in range(60):
        q = focused_question(win)
        if q.path == "mem[2].m_byear":
            break
        v = stop.get(q.e.name) or {"m_name": "Lê Văn A", "m_rel": "1", "m_sex": "1", "m_byear": "1970",
                                   "m_edu": "1", "m_mode": "1", "m_own_phone": "0", "m_use_phone": "0",
                                   "m_net": "4", "m_acct": "none", "m_cashless": "0", "m_vneid": "1",
                                   "m_dvc": "0", "m_train": "0", "m_why_not": "skills"}.get(q.e.name)
        if q.path.startswith("mem[2]"):
            v = {"m_name": "Lê Thị B", "m_rel": "2", "m_sex": "2"}[q.e.name]
        kb.answer(q, v) if v else kb.nav(Qt.Key.Key_Return, why="pass")
    kb.nav(Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier, why="close (Ctrl+W)")
    page = main.page("records")
    qtbot.waitUntil(lambda: closed(win))
    qtbot.waitUntil(lambda: page.view.hasFocus())
    assert store.record(rid)["answers"]["mem"][1]["m_sex"] == "2"
    assert page.current_id() == rid  # the list selects the record just closed
    kb.nav(Qt.Key.Key_Return, why="open the selected record")
    qtbot.waitUntil(lambda: rid in page.entry_windows)
    again = page.entry_windows[rid]
    qtbot.waitUntil(lambda: focused_question(again) is not None)
    q = focused_question(again)
    assert q.path == "mem[2].m_byear"
    roster = again.rosters[0]
    assert roster.current == "mem[2]"
    kb.type("1972", q.path)
    # Ctrl+N in the entry window: this record saved and closed, a new one started from the list
    before = set(page.entry_windows)
    helper = DialogKeys(lambda d: kb.nav(Qt.Key.Key_Return, why="the form offered"))
    kb.nav(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier, why="new record (Ctrl+N)")
    qtbot.waitUntil(lambda: helper.done and bool(set(page.entry_windows) - before - {rid}))
    assert closed(again)
    assert store.record(rid)["answers"]["mem"][1]["m_byear"] == "1972"
    newer = page.entry_windows[(set(page.entry_windows) - before - {rid}).pop()]
    qtbot.waitUntil(lambda: focused_question(newer) is not None)
    kb.nav(Qt.Key.Key_Escape, why="close")
    qtbot.waitUntil(lambda: closed(newer))
