"""Heads-down entry (issue 13): whole interviews from the record list and back, with key events only,
counting the keys that are not part of an answer. Used by tests/ui/test_heads_down.py and
bench/keystrokes.py.

Every key goes to the widget that has the keyboard focus (or to the open dialog), as a keyboard
would send it; nothing calls a widget's methods to move, choose or save. A key is an *answer key*
when it is part of what is typed for a question (its characters or digits, Space taking a choice
number, Backspace) or for a warning's justification; every other key (Enter, Tab, Esc, shortcuts,
arrows in a dialog) is a *navigation key*."""

from __future__ import annotations

from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog

from ui.entry.questions import ChoiceQuestion, ComboQuestion, QuestionWidget, TextQuestion

MOUSE = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick}


class MouseWatch(QObject):
    """Counts mouse button events anywhere in the application (there must be none)."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, ev) -> bool:
        if ev.type() in MOUSE:
            self.count += 1
        return False


@dataclass
class Tally:
    nav: int = 0  # keys that are not part of an answer
    answer: int = 0  # keys typed as part of an answer
    answered: set[str] = field(default_factory=set)  # question paths given an answer by typing
    nav_keys: list[str] = field(default_factory=list)  # what each navigation key was, for a report

    def per_answer(self) -> float:
        return self.nav / max(len(self.answered), 1)


class Keyboard:
    def __init__(self):
        self.tally = Tally()

    # ---- sending keys to the focus
    @staticmethod
    def target():
        modal = QApplication.activeModalWidget()
        if modal is not None:  # a dialog: the widget it gives the keys to
            return modal.focusWidget() or modal
        return QApplication.focusWidget()

    def nav(self, key, mods=Qt.KeyboardModifier.NoModifier, *, why: str = "") -> None:
        w = self.target()
        assert w is not None, "no widget has the keyboard focus"
        self.tally.nav += 1
        self.tally.nav_keys.append(why or QTest.__name__)
        QTest.keyClick(w, key, mods)
        QApplication.processEvents()

    def key(self, key, path: str = "") -> None:
        """A key that is part of an answer (Space, Backspace, a digit)."""
        w = self.target()
        self.tally.answer += 1
        if path:
            self.tally.answered.add(path)
        QTest.keyClick(w, key)
        QApplication.processEvents()

    def key_combo(self, q, key, mods) -> None:
        """An editing key of an answer (Ctrl+A to type over what a list shows)."""
        self.tally.answer += 1
        QTest.keyClick(self.target(), key, mods)
        QApplication.processEvents()

    def type(self, text: str, path: str = "") -> None:
        """Characters of an answer, one key each (Vietnamese letters as the input method sends them)."""
        for ch in text:
            w = self.target()
            self.tally.answer += 1
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                key = _ascii_key(ch) if ch.isascii() else Qt.Key.Key_unknown
                QApplication.sendEvent(w, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
            QApplication.processEvents()
        if path and text:
            self.tally.answered.add(path)

    # ---- answering whatever question has the focus
    def answer(self, q: QuestionWidget, value: str) -> None:
        if isinstance(q, ComboQuestion):
            if isinstance(value, tuple):  # (what to type, value expected)
                label = value[0]
            else:
                texts = [q.combo.itemText(i) for i in range(q.combo.count())]
                label = dict(zip(q.combo.values(), texts, strict=True))[value]
            if q.combo.currentText():  # typed over, as in a text field
                self.key_combo(q, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            self.type(label, q.path)
            self.nav(Qt.Key.Key_Return, why="choose in the list")
            self.nav(Qt.Key.Key_Return, why="next")
            return
        if isinstance(q, ChoiceQuestion):
            want = value.split() if q.multiple else [value]
            for v in want:
                if q.multiple and v in q.selected():
                    continue
                for d in q.numbers[v]:
                    self.key(Qt.Key(Qt.Key.Key_0 + int(d)), q.path)
                if q.pending() and q.multiple:  # a number that may go on (1 of 12): Space takes it
                    self.key(Qt.Key.Key_Space, q.path)
            if q.focus_target().hasFocus():  # a whole single code went on by itself
                self.nav(Qt.Key.Key_Return, why="next")
            return
        if isinstance(q, TextQuestion):
            assert q.edit.selectedText() == q.edit.text(), (q.path, "arriving selects the old text")
            if value:
                self.type(value, q.path)
            self.nav(Qt.Key.Key_Return, why="next")
            return
        self.nav(Qt.Key.Key_Return, why="next")


def _ascii_key(ch: str):
    if ch.isalpha():
        return Qt.Key(ord(ch.upper()))
    if ch == " ":
        return Qt.Key.Key_Space
    return Qt.Key(ord(ch)) if ch.isprintable() else Qt.Key.Key_unknown


class DialogKeys(QObject):
    """Keys for a modal dialog that a key is about to open (its event loop blocks the script): when it
    shows, ``keys(dialog)`` is run from a timer."""

    def __init__(self, keys):
        super().__init__()
        self.keys = keys
        self.done = False
        self.timer = QTimer(self)
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        d = QApplication.activeModalWidget()
        if d is None or self.done:
            return
        self.done = True
        self.timer.stop()
        self.keys(d)


def closed(win) -> bool:
    """The window was closed (an entry window deletes itself when closed)."""
    return not shiboken6.isValid(win) or not win.isVisible()


def focused_question(win) -> QuestionWidget | None:
    w = QApplication.focusWidget()
    while w is not None and not isinstance(w, QuestionWidget):
        w = w.parentWidget()
    return w if w is not None and w.window() is win else None


def new_record(qtbot, kb: Keyboard, main, form_title: str):
    """Ctrl+N in the record list, the form chosen in the dialog with the arrow keys, Enter."""
    page = main.page("records")

    def choose(dialog: QDialog) -> None:
        combo = dialog.findChild(QComboBox)
        for _ in range(combo.count()):
            if form_title in combo.currentText():
                break
            kb.nav(Qt.Key.Key_Down, why="choose the form")
        kb.nav(Qt.Key.Key_Return, why="open the form")

    before = set(page.entry_windows)
    helper = DialogKeys(choose)
    kb.nav(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier, why="new record (Ctrl+N)")
    assert helper.done, "the form was not asked for"
    qtbot.waitUntil(lambda: bool(set(page.entry_windows) - before))
    rid = (set(page.entry_windows) - before).pop()
    win = page.entry_windows[rid]
    qtbot.waitUntil(lambda: focused_question(win) is not None)
    return rid, win


def interview(qtbot, kb: Keyboard, win, answers: dict, justify: dict | None = None, limit: int = 400) -> list[str]:
    """Answer the focused question until the focus reaches "Check and complete".

    ``answers``: name -> value, or callable(path) -> value, or a list of values typed one after the
    other (all but the last refused by a hard error: the cursor must stay). ``justify``: path -> the
    justification typed when Enter went into a warning's box. Returns the question paths visited."""
    visited: list[str] = []
    justify = justify or {}
    for _ in range(limit):
        if QApplication.focusWidget() is win.complete_btn:
            return visited
        q = focused_question(win)
        assert q is not None, QApplication.focusWidget()
        if QApplication.focusWidget() is q.just:
            assert q.path in justify, (q.path, "unexpected warning", q.message.text())
            kb.type(justify.pop(q.path))
            kb.nav(Qt.Key.Key_Return, why="save the justification, next")
            continue
        visited.append(q.path)
        v = answers.get(q.e.name)
        if callable(v):
            v = v(q.path)
        if v is None:  # prefilled or optional: keep what is there
            kb.nav(Qt.Key.Key_Return, why=f"pass {q.path}")
            continue
        tries = v if isinstance(v, list) else [v]
        for k, one in enumerate(tries):
            kb.answer(q, one)
            if k < len(tries) - 1:
                assert focused_question(win) is q and "✖" in q.message.text(), (q.path, one)
                assert q.message.isVisible()
    raise AssertionError("the interview did not end")


def complete_and_close(qtbot, kb: Keyboard, main, win) -> None:
    """Enter on "Check and complete", Enter on the message saying no issue is left, Esc: the list."""
    page = main.page("records")
    seen = []
    helper = DialogKeys(lambda d: (seen.append(d.findChild(QObject, "qt_msgbox_label").text()),
                                   kb.nav(Qt.Key.Key_Return, why="close the message")))
    assert QApplication.focusWidget() is win.complete_btn
    kb.nav(Qt.Key.Key_Return, why="check and complete")
    assert helper.done and seen, "no message after check and complete"
    kb.nav(Qt.Key.Key_Escape, why="close the window (Esc)")
    qtbot.waitUntil(lambda: closed(win))
    qtbot.waitUntil(lambda: page.view.hasFocus())


# ---------------------------------------------------------------- the two interviews
HOUSEHOLD_MEMBERS = {
    1: {"m_name": "Nguyễn Văn Bình", "m_rel": "1", "m_sex": "1", "m_byear": ["2030", "1975"], "m_edu": "3",
        "m_mode": "1", "m_own_phone": "1", "m_smart": "1", "m_net": "1", "m_freq": "1", "m_dev": "smartphone",
        "m_act": "social calls news", "m_buy": "1", "m_sell": "0", "m_acct": "bank ewallet", "m_cashless": "1",
        "m_vneid": "2", "m_dvc": "1", "m_skills": "attach install", "m_train": "0"},
    2: {"m_name": "Trần Thị Mơ", "m_rel": "4", "m_sex": "2", "m_byear": "1920", "m_edu": "0", "m_mode": "2",
        "m_own_phone": "0", "m_use_phone": "1", "m_net": "4", "m_acct": "none", "m_cashless": "0",
        "m_vneid": "1", "m_dvc": "0", "m_train": "0", "m_why_not": "skills no_need"},
    3: {"m_name": "Nguyễn Minh An", "m_rel": "3", "m_sex": "1", "m_byear": "2018", "m_edu": "1", "m_mode": "1",
        "m_own_phone": "0", "m_use_phone": "1", "m_net": "1", "m_freq": "2", "m_dev": "smartphone",
        "m_act": "social", "m_buy": "0"},
}
HOUSEHOLD_JUSTIFY = {"mem[2].m_byear": "Cụ bà thọ 105 tuổi, đã xem giấy tờ",
                     "mem[3].m_mode": "Cháu tự trả lời, có mẹ ngồi cạnh"}


def _member(name):
    def value(path):
        line = int(path.split("[", 1)[1].split("]", 1)[0])
        return HOUSEHOLD_MEMBERS[line].get(name)
    return value


HOUSEHOLD = {
    "interview_date": "15/08/2025", "village": "Thôn Đông", "hh_no": "12",
    "consent": "1", "head_name": "Nguyễn Văn Bình", "resp_rel": "1", "phone": "0912345678", "hh_size": "3",
    "livelihood": "crop hhbiz", "hhbiz_reg": "1", "devices": "tv smartphone", "hh_internet": "1",
    "net_type": "fibre mobile", "ict_spend": "250", "hh_sell": "0", "hh_postmart": "0", "hh_qr": "0",
    "hh_ocop": "0", "hh_cashless_in": "1", "hh_support": "train",
    **{k: _member(k) for k in {n for m in HOUSEHOLD_MEMBERS.values() for n in m}},
}

ENTERPRISE = {
    "interview_date": "02/09/2025", "village": "Thôn Bãi Sậy", "ref_year": "2024", "consent": "1",
    "unit_type": "1", "unit_name": "Công ty TNHH Miến dong Hoàng Anh", "tax_code": "0100233488",
    "est_year": "2012", "vsic": "C", "vsic_div": "10", "main_product": "Miến dong", "ocop_subject": "1",
    "resp_role": "1", "phone": "0987654321", "email": "hoanganh@gmail.com",
    "emp_total": "25", "emp_si": "18", "revenue": "12.500,5", "capital": "8000",
    "use_computer": "1", "emp_computer": "6", "use_internet": "1", "emp_internet": "20", "net_type": "fbb mbb_phone",
    "lan": "1", "email_ott": "3", "it_staff": "2", "hire_diff": "2", "trained": "1", "trained_n": "4",
    "software": "acc sales inv", "einvoice": "1", "einv_pos": "0", "esign": "1", "econtract": "1",
    "egov": "tax si", "presence": "fb zalo mkt", "web_moit": "8", "sells_online": "1",
    "sell_channels": "mkt social_chat", "marketplaces": "shopee tts", "n_shops": "2", "n_products": "12",
    "esales_pct": "30", "esales_b2c_pct": "80", "livestream": "1", "crossborder": "0",
    "delivery": "vtp ghtk", "buys_online": "1", "online_ads": "1",
    "pay_methods": "cash transfer qr", "wallets": "momo", "cashless_pct": "60", "biz_account": "1",
    "ocop": "4", "ocop_n": "2", "qr_trace": "1", "qr_products": "2", "support": "train content",
    "plan12": "2",
}
