"""Entry of a form that uses the same names in two groups (valid XLSForm), keyboard only: each
question is its own widget, its answer is stored under its key, relevance follows the right group."""

from forms import load_form
from models.records.editor import create_record
from tests.helpers import md
from tests.ui.driver import focused_question, run_interview
from ui.entry.window import FormEntryWindow

FORM = md("""
    | survey |
    | | type | name | label | relevant |
    | | integer | n | Số người | |
    | | begin group | head | Chủ hộ | |
    | | text | name | Tên chủ hộ | |
    | | integer | age | Tuổi chủ hộ | |
    | | end group | | | |
    | | begin group | spouse | Vợ/chồng | ${n} > 1 |
    | | text | name | Tên vợ/chồng của ${n} | |
    | | integer | age | Tuổi vợ/chồng | |
    | | end group | | | |
    | | text | last | Ghi chú | |
    | settings |
    | | form_id | version | form_title |
    | | ten_chung | 1 | Tên dùng chung |
""")


def _open(qtbot, store):
    store.add_form(load_form(FORM))
    rid = create_record(store, "ten_chung")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: focused_question(win) is not None)
    return win, rid


def test_the_same_name_in_two_groups_is_two_questions(qtbot, store, no_dialogs):
    win, rid = _open(qtbot, store)
    visited = run_interview(qtbot, win, {"n": "2", "head-name": "An", "head-age": "50",
                                         "spouse-name": "Bình", "spouse-age": "48", "last": "x"})
    assert visited == ["n", "head-name", "head-age", "spouse-name", "spouse-age", "last"]
    assert win.widgets["spouse-name"] is not win.widgets["head-name"]
    answers = store.record(rid)["answers"]
    assert {k: answers[k] for k in ("head-name", "head-age", "spouse-name", "spouse-age")} == \
        {"head-name": "An", "head-age": "50", "spouse-name": "Bình", "spouse-age": "48"}


def test_a_group_hidden_hides_only_its_own_questions(qtbot, store, no_dialogs):
    win, rid = _open(qtbot, store)
    visited = run_interview(qtbot, win, {"n": "1", "head-name": "An", "head-age": "50", "last": "x"})
    assert visited == ["n", "head-name", "head-age", "last"]  # the spouse's questions skipped
    data = store.record(rid)["data"]
    assert data["head-name"] == "An" and "spouse-name" not in data
