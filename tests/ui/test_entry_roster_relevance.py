"""Relevance inside a roster, per member, exactly as the engine evaluates it (issue 13, finding 3)."""

from models.records.editor import create_record
from tests.ui.driver import focused_question
from ui.entry.window import FormEntryWindow


def _member_questions(win, ip):
    s = win.session
    return [p for p in s.question_paths() if p.startswith(ip + ".") and s.element(p).is_input
            and s.element(p).type != "calculate"]


def _shown(win, ip):
    return {p for p, w in win.widgets.items() if p.startswith(ip + ".") and not w.isHidden() and w.e.is_input}


def test_each_member_shows_exactly_the_questions_that_apply(qtbot, store, no_dialogs):
    rid = create_record(store, "household_digital")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: focused_question(win) is not None)
    ed, s = win.editor, win.session
    for path, value in (("consent", "1"), ("interview_date", "2025-08-15"), ("hh_size", "3"),
                        ("devices", "smartphone"), ("mem[1].m_rel", "1"), ("mem[1].m_byear", "1975"),
                        ("mem[1].m_own_phone", "1"), ("mem[1].m_net", "1"),
                        ("mem[2].m_rel", "2"), ("mem[2].m_byear", "1980"), ("mem[2].m_own_phone", "0"),
                        ("mem[2].m_net", "3")):
        ed.set(path, value)
    page = next(i for i, sec in enumerate(win.secs) if sec.key == "mem")
    win.show_section(page, focus=True)
    roster = win.rosters[0]
    expected_any = {}
    for row, ip in enumerate(s.repeat_instances("mem")):
        roster.select(row)
        qtbot.wait(1)  # let the layout show what it shows
        relevant = {p for p in _member_questions(win, ip) if s.is_relevant(p)}
        assert _shown(win, ip) == relevant, ip
        expected_any[ip] = relevant
        for p in _member_questions(win, ip):  # the widget exists for every question of the member
            assert p in win.widgets
    # the head's line asks for the ID number, the spouse's not; the Internet user gets the frequency
    assert "mem[1].m_cccd" in expected_any["mem[1]"] and "mem[2].m_cccd" not in expected_any["mem[2]"]
    assert "mem[1].m_freq" in expected_any["mem[1]"] and "mem[2].m_freq" not in expected_any["mem[2]"]
    assert "mem[2].m_why_not" in expected_any["mem[2]"] and "mem[1].m_why_not" not in expected_any["mem[1]"]
    # a new empty line shows only the questions that apply before any answer: name to year of birth
    assert {p.split(".")[1] for p in expected_any["mem[3]"]} == {"m_name", "m_rel", "m_sex", "m_byear"}
    # a question that does not apply is not answerable: a commit from its widget stores nothing
    roster.select(1)
    qtbot.wait(1)
    w = win.widgets["mem[2].m_cccd"]
    w.committed.emit("mem[2].m_cccd", "025080000001", True)
    assert s.value("mem[2].m_cccd") == ""
    assert "m_cccd" not in store.record(rid)["answers"]["mem"][1]
    # answering changes what is shown at once: the spouse becomes the head's parent over 14
    ed.set("mem[1].m_rel", "3")
    win.apply(ed.set("mem[2].m_rel", "1"))
    qtbot.wait(1)
    assert not win.widgets["mem[2].m_cccd"].isHidden()
