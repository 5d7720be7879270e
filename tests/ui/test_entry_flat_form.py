"""Data entry of a ``flat`` form (settings flat = TRUE: groups without a node in the record): the
questions inside the groups are answered by the keyboard and saved, the group headings follow the
relevance of their questions (the groups themselves have no relevance in ODK's sense)."""

from __future__ import annotations

from forms import load_form
from models.records.editor import create_record
from tests.forms.test_flat_form import FLAT
from tests.helpers import md
from tests.ui.driver import answer
from ui.entry.window import FormEntryWindow


def test_a_flat_forms_questions_are_answered_and_saved(qtbot, store, no_dialogs):
    store.add_form(load_form(md(FLAT)))
    rid = create_record(store, "flat_test")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.widgets.get("go") is not None)
    win.go_to("go")
    answer(qtbot, win, win.widgets["go"], "yes")
    win.go_to("a")  # the page of the group 'outer'
    qtbot.waitUntil(lambda: win.widgets.get("a") is not None and not win.widgets["a"].isHidden())
    assert not win.group_headers["inner"].isHidden()
    assert win.group_headers["second"].isHidden()  # its only question waits for b > 1
    answer(qtbot, win, win.widgets["a"], "An")
    answer(qtbot, win, win.widgets["b"], "3")
    qtbot.waitUntil(lambda: not win.group_headers["second"].isHidden())
    answer(qtbot, win, win.widgets["c"], "Chị Cúc")
    qtbot.waitUntil(lambda: store.record(rid)["answers"].get("c") == "Chị Cúc")
    got = store.record(rid)["answers"]
    assert {k: got[k] for k in ("go", "a", "b", "c")} == {"go": "yes", "a": "An", "b": "3", "c": "Chị Cúc"}
