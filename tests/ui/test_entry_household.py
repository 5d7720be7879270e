"""A whole household interview through the real widgets, keyboard only."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models.records.editor import create_record
from tests.ui.driver import answer, focused_question, run_interview, type_text
from ui.entry.window import FormEntryWindow

MEMBERS = {
    1: {"m_name": "Nguyễn Văn Bình", "m_rel": "1", "m_sex": "1", "m_byear": "1975", "m_edu": "3", "m_cccd": "",
        "m_mode": "1", "m_own_phone": "1", "m_smart": "1", "m_net": "1", "m_freq": "1", "m_dev": "smartphone",
        "m_act": "social calls news", "m_buy": "1", "m_sell": "0", "m_acct": "bank ewallet", "m_cashless": "1",
        "m_vneid": "2", "m_dvc": "1", "m_skills": "attach install", "m_train": "0"},
    2: {"m_name": "Trần Thị Mơ", "m_rel": "4", "m_sex": "2", "m_byear": "1920", "m_edu": "0", "m_mode": "2",
        "m_own_phone": "0", "m_use_phone": "1", "m_net": "4", "m_acct": "none", "m_cashless": "0",
        "m_vneid": "1", "m_dvc": "0", "m_train": "0", "m_why_not": "skills no_need"},
}


def member(name):
    def value(path):
        line = int(path.split("[", 1)[1].split("]", 1)[0])
        return MEMBERS[line].get(name, "")
    return value


ANSWERS = {
    "commune": ("yen lac", "09025"), "interview_date": "15/08/2025", "village": "Thôn Đông", "hh_no": ["0", "12"],
    "consent": "1", "head_name": "Nguyễn Văn Bình", "resp_rel": "1", "phone": "0912345678", "hh_size": "2",
    "livelihood": "crop hhbiz", "hhbiz_reg": "1", "devices": "tv smartphone", "hh_internet": "1",
    "net_type": "fibre mobile", "ict_spend": "250", "hh_sell": "0", "hh_postmart": "0", "hh_qr": "0",
    "hh_ocop": "0", "hh_cashless_in": "1", "hh_support": "train", "comment": "",
    **{k: member(k) for k in {n for m in MEMBERS.values() for n in m}},
}


def open_window(qtbot, store):
    rid = create_record(store, "household_digital")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: focused_question(win) is not None)
    return rid, win


def test_household_interview_keyboard_only(qtbot, store, no_dialogs):
    rid, win = open_window(qtbot, store)
    s = win.session
    seen = {}

    def after_hh_no(q):
        if q.edit.text() == "0":
            # the constraint message appears in red at once, and the cursor stays in the field
            assert q.message.isVisible() and "9999" in q.message.text()
            assert "b3261e" in q.message.styleSheet()
            assert focused_question(win) is q and q.edit.hasFocus()
            seen["constraint"] = True
        else:
            assert not q.message.isVisible() and focused_question(win) is not q

    def after_consent(q):
        assert win.widgets["end_note"].isHidden()

    def after_byear(q):
        if q.path == "mem[2].m_byear":
            # an unusual value: amber warning with a box for the justification
            assert q.message.isVisible() and "8a5300" in q.message.styleSheet()
            # Enter went into the justification (not to the next question)
            assert q.just.isVisible() and q.just.hasFocus()
            type_text(q.just, "Cụ bà thọ 105 tuổi, đã xem giấy tờ")
            qtbot.keyClick(q.just, Qt.Key.Key_Return)
            assert s.justification("mem[2].m_byear").startswith("Cụ bà")
            # Enter out of the justification goes forward: the next question of member 2
            assert focused_question(win).path == "mem[2].m_edu"
            seen["warning"] = True

    visited = run_interview(qtbot, win, ANSWERS, hooks={"hh_no": after_hh_no, "consent": after_consent,
                                                        "m_byear": after_byear})
    assert seen == {"constraint": True, "warning": True}
    # relevance: the head's detailed questions were asked, the grandmother's Internet questions not
    assert "mem[1].m_freq" in visited and "mem[2].m_freq" not in visited and "mem[2].m_why_not" in visited
    assert "mem[2].m_use_phone" in visited and "mem[1].m_use_phone" not in visited
    # the roster: two members in the compact table
    roster = win.rosters[0]
    assert roster.table.rowCount() == 2
    assert roster.table.item(1, 1).text() == "Trần Thị Mơ"
    # the flow ends on "Check and complete": Enter presses it
    qtbot.keyClick(win.complete_btn, Qt.Key.Key_Return)
    assert s.issues() == []
    rec = store.record(rid)
    assert rec["status"] == "complete" and rec["issues"] == 0
    assert rec["answers"]["mem"][1]["m_name"] == "Trần Thị Mơ"
    assert rec["justifications"] == {"mem[2].m_byear": "Cụ bà thọ 105 tuổi, đã xem giấy tờ"}
    assert rec["data"]["interview_date"] == "2025-08-15"
    assert no_dialogs["info"]  # "no open issues left"


def test_relevance_roster_count_and_decrease_warning(qtbot, store, no_dialogs):
    rid, win = open_window(qtbot, store)
    s = win.session
    win.go_to("consent")
    q = focused_question(win)
    answer(qtbot, win, q, "0")
    assert not win.widgets["end_note"].isHidden()
    assert "không áp dụng" in win.nav.item(1).text()
    win.go_to("consent")
    answer(qtbot, win, focused_question(win), "1")
    assert win.widgets["end_note"].isHidden()
    win.go_to("hh_size")
    answer(qtbot, win, focused_question(win), "3")
    assert s.repeat_instances("mem") == ["mem[1]", "mem[2]", "mem[3]"]
    win.show_section(3, focus=True)
    roster = win.rosters[0]
    assert roster.table.rowCount() == 3 and not roster.add_btn.isVisible()
    q = focused_question(win)
    assert q.path == "mem[1].m_name"
    roster.select(2)
    q = focused_question(win)
    assert q.path == "mem[3].m_name"
    answer(qtbot, win, q, "Nguyễn Văn Út")
    # decreasing the count would drop member 3 who has answers: asked first; "No" keeps everything
    no_dialogs["answers"].append(QMessageBox.StandardButton.No)
    win.go_to("hh_size")
    answer(qtbot, win, focused_question(win), "2")
    assert no_dialogs["question"] and "Nguyễn Văn Út" in no_dialogs["question"][-1]
    assert s.value("hh_size") == "3" and len(s.repeat_instances("mem")) == 3
    assert win.widgets["hh_size"].edit.text() == "3"
    # "Yes" removes it; going back up restores the answers
    no_dialogs["answers"].append(QMessageBox.StandardButton.Yes)
    win.go_to("hh_size")
    answer(qtbot, win, focused_question(win), "2")
    assert len(s.repeat_instances("mem")) == 2
    win.go_to("hh_size")
    answer(qtbot, win, focused_question(win), "3")
    assert s.value("mem[3].m_name") == "Nguyễn Văn Út"
    assert store.record(rid)["answers"]["mem"][2]["m_name"] == "Nguyễn Văn Út"


def test_reopen_lands_where_entry_stopped(qtbot, store, no_dialogs):
    rid, win = open_window(qtbot, store)
    win.go_to("village")
    answer(qtbot, win, focused_question(win), "Thôn Đoài")
    q = focused_question(win)
    assert q.path == "hh_no"
    qtbot.keyClicks(q.edit, "7")  # typed, not yet left: saved after the debounce
    qtbot.waitUntil(lambda: store.record(rid)["answers"].get("hh_no") == "7", timeout=3000)
    win.close()
    again = FormEntryWindow(store, rid)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: focused_question(again) is not None)
    assert focused_question(again).path == "hh_no"
    assert again.widgets["village"].edit.text() == "Thôn Đoài"


def test_switch_questionnaire_language(qtbot, store, no_dialogs):
    rid, win = open_window(qtbot, store)
    assert "Họ tên điều tra viên" in win.widgets["enum_name"].label.text()
    win.lang_box.setCurrentIndex(win.lang_box.findData("en"))
    qtbot.waitUntil(lambda: "enum_name" in win.widgets)
    assert "Enumerator name" in win.widgets["enum_name"].label.text()
    assert "Form information" in win.nav.item(0).text()
    win.lang_box.setCurrentIndex(win.lang_box.findData("vi"))
    qtbot.waitUntil(lambda: "enum_name" in win.widgets and "Họ tên" in win.widgets["enum_name"].label.text())
