"""Entry: the choices of a list read from a form's attachment appear like any other choices, follow
their filter, and a pulldata() value follows the answer (issue 12 part C)."""

from __future__ import annotations

from forms import load_form
from models.records.editor import create_record
from tests.helpers import md
from tests.ui.driver import answer
from ui.entry.window import FormEntryWindow

FORM = md("""
    | survey |
    | | type | name | label | choice_filter | calculation |
    | | select_one xa | xa | Xã | | |
    | | select_one_from_file thon.csv | thon | Thôn | xa = ${xa} | |
    | | calculate | truong_thon | | | pulldata('thon', 'head', 'name', ${thon}) |
    | choices |
    | | list_name | name | label |
    | | xa | x1 | Xã Một |
    | | xa | x2 | Xã Hai |
    | settings |
    | | form_id | version |
    | | co_tep | 1 |
""")
THON = "name,label,xa,head\nt1,Thôn Đông,x1,Nguyễn Văn An\nt2,Thôn Tây,x1,Lê Thị Bình\nt3,Thôn Nam,x2,Trần Văn C\n"


def test_choices_from_an_attachment_are_shown_filtered_and_pulldata_follows(qtbot, store, no_dialogs):
    store.add_form(load_form(FORM, attachments={"thon.csv": THON.encode()}))
    rid = create_record(store, "co_tep")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.widgets.get("xa") is not None)
    win.go_to("xa")
    answer(qtbot, win, win.widgets["xa"], "x1")  # keyed by its number, then Enter
    thon = win.widgets["thon"]
    qtbot.waitUntil(lambda: [n for n, _b in thon.buttons] == ["t1", "t2"])  # the file's rows of Xã Một
    assert [b.text() for _n, b in thon.buttons] == ["1. Thôn Đông", "2. Thôn Tây"]
    answer(qtbot, win, thon, "t2")
    qtbot.waitUntil(lambda: store.record(rid)["answers"].get("truong_thon") == "Lê Thị Bình")
    assert store.record(rid)["answers"]["thon"] == "t2"


def test_a_cascading_list_of_the_choices_sheet_is_refreshed_the_same_way(qtbot, store, no_dialogs):
    form = md("""
        | survey |
        | | type | name | label | choice_filter |
        | | select_one xa | xa | Xã | |
        | | select_one thon | thon | Thôn | xa = ${xa} |
        | choices |
        | | list_name | name | label | xa |
        | | xa | x1 | Xã Một | |
        | | xa | x2 | Xã Hai | |
        | | thon | t1 | Thôn Đông | x1 |
        | | thon | t3 | Thôn Nam | x2 |
        | settings |
        | | form_id | version |
        | | phan_tang | 1 |
    """)
    store.add_form(load_form(form))
    rid = create_record(store, "phan_tang")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.widgets.get("xa") is not None)
    thon = win.widgets["thon"]
    assert thon.buttons == []  # no commune yet: no village
    win.go_to("xa")
    answer(qtbot, win, win.widgets["xa"], "x2")
    qtbot.waitUntil(lambda: [n for n, _b in thon.buttons] == ["t3"])
    win.go_to("xa")
    answer(qtbot, win, win.widgets["xa"], "x1")
    qtbot.waitUntil(lambda: [n for n, _b in thon.buttons] == ["t1"])
