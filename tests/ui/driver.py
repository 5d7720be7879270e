"""Drive the entry window with the keyboard only, as an enumerator would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.entry.questions import ChoiceQuestion, ComboQuestion, QuestionWidget, TextQuestion


def type_text(widget, text: str) -> None:
    """Type text with key events, one character at a time (QTest.keyClicks only knows ASCII keys)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown if not ch.isascii() else
                                                     _ascii_key(ch), Qt.KeyboardModifier.NoModifier, ch))
        QApplication.processEvents()


def _ascii_key(ch: str) -> int:
    if ch.isalpha():
        return Qt.Key(ord(ch.upper()))
    if ch == " ":
        return Qt.Key.Key_Space
    return Qt.Key(ord(ch)) if ch.isprintable() else Qt.Key.Key_unknown


def focused_question(win) -> QuestionWidget | None:
    w = QApplication.focusWidget()
    while w is not None and not isinstance(w, QuestionWidget):
        w = w.parentWidget()
    if w is not None and w.window() is not win:
        return None  # a widget of another window (an earlier test's) still has the focus
    return w


def answer(qtbot, win, q: QuestionWidget, value) -> None:
    """Type ``value`` into the focused question and press Enter (or pick choices with digits)."""
    target = q.focus_target()
    if isinstance(q, ComboQuestion):
        if isinstance(value, tuple):  # (what to type, value expected)
            label, value = value
        else:
            label = next(b for v, b in zip(q.combo.values(), [q.combo.itemText(i) for i in range(q.combo.count())],
                                            strict=True) if v == value)
        q.combo.lineEdit().selectAll()
        qtbot.keyClick(q.combo.lineEdit(), Qt.Key.Key_Backspace)
        type_text(q.combo.lineEdit(), label)
        qtbot.keyClick(q.combo, Qt.Key.Key_Return)  # choose
        qtbot.keyClick(q.combo, Qt.Key.Key_Return)  # next question
        return
    if isinstance(q, ChoiceQuestion):
        names = [n for n, _b in q.buttons]
        want = value.split() if q.multiple else [value]
        current = q.selected()
        for v in want if q.multiple else want[:1]:
            if q.multiple and v in current:
                continue
            assert v in names, (q.path, v, names)
            type_choice_number(qtbot, q, v)
        if target.hasFocus():  # a whole single code goes on by itself; Enter ends a multiple choice
            qtbot.keyClick(target, Qt.Key.Key_Return)
        return
    if isinstance(q, TextQuestion):
        target.selectAll()
        if value:
            type_text(target, value)
        else:
            qtbot.keyClick(target, Qt.Key.Key_Delete)
        qtbot.keyClick(target, Qt.Key.Key_Return)
        return
    qtbot.keyClick(target, Qt.Key.Key_Return)


def type_choice_number(qtbot, q, value: str) -> None:
    """Type the number shown before a choice (its code, or its position: forms/numbering.py), as an
    enumerator keying a paper questionnaire does; a number that may go on (1 of 10) is taken with Space."""
    for d in q.numbers[value]:
        qtbot.keyClick(q.focus_target(), Qt.Key(Qt.Key.Key_0 + int(d)))
    if q.pending() and q.multiple:  # a number that may go on (1 of 12) waits: Space takes it
        qtbot.keyClick(q.focus_target(), Qt.Key.Key_Space)
        assert not q.pending()


def run_interview(qtbot, win, answers: dict, *, hooks: dict | None = None, limit: int = 600) -> list[str]:
    """Answer whatever question has the focus until the focus reaches "Mark complete".

    ``answers``: question name -> value, or name -> callable(path) -> value (roster lines), or a list
    of values typed one after the other (the ones before the last refused: the cursor stays);
    ``hooks``: name -> callable(q) run after the question was answered. Returns the paths visited.
    """
    visited = []
    for _ in range(limit):
        q = focused_question(win)
        if q is None:
            assert QApplication.focusWidget() is win.complete_btn, QApplication.focusWidget()
            return visited
        name = q.e.name
        visited.append(q.path)
        if __import__("os").environ.get("DRIVER_DEBUG"):
            print("Q", q.path, flush=True)
        if name not in answers:  # prefilled or skipped: keep what is there
            qtbot.keyClick(q.focus_target(), Qt.Key.Key_Return)
            if hooks and name in hooks:
                hooks[name](q)
            continue
        v = answers[name]
        if callable(v):
            v = v(q.path)
        tries = v if isinstance(v, list) else [v]  # a list: a refused value, then the right one
        for k, one in enumerate(tries):
            answer(qtbot, win, q, one)
            if k < len(tries) - 1:  # a hard error keeps the cursor in the field
                assert focused_question(win) is q, (q.path, one)
            if hooks and name in hooks:
                hooks[name](q)
    raise AssertionError("the interview did not end")


def wait_jobs(qtbot, timeout: int = 20000) -> None:
    """Wait until every job (``ui.worker``) has ended: the writer's queue is empty, the reading jobs are
    done, and what they changed has been announced (``changes_applied``) and shown."""
    from ui.worker import _ALIVE

    qtbot.waitUntil(lambda: not _ALIVE, timeout=timeout)
