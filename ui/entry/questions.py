"""One widget per question type. A widget shows the question's label (required marked with a red
asterisk), hint, input, and its messages: constraint in red once the field has been left, soft
warnings in amber with a box for the justification. It never talks to the database: it emits
``committed(path, value, leaving)`` and ``justified(path, text)`` and the window saves."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from forms.model import MEDIA_TYPES, Element
from ui.fmt import (
    format_date,
    format_datetime,
    format_geopoint,
    format_geopoints,
    format_number,
    format_time,
    parse_date,
    parse_datetime,
    parse_geopoint,
    parse_geopoints,
    parse_number,
    parse_time,
)
from ui.widgets import SearchCombo

RED = "#b3261e"
AMBER = "#8a5300"
AMBER_BG = "#fff4e0"
BLUE = "#0b57d0"
BLUE_BG = "#e8f0fe"
#: a select_one with more choices than this (or appearance minimal/autocomplete) is a searchable combo
LONG_LIST = 12
#: text answers are saved this long after the last keystroke (and always when the field is left)
DEBOUNCE_MS = 400


class Ctx:
    """What question widgets need from the window."""

    def __init__(self, session, lang: str, ui_lang: str, file=None):
        self.session = session
        self.lang = lang  # questionnaire language
        self.ui_lang = ui_lang  # number formats
        #: an attached file by name: (its entry {sha256, size, type} or None, its bytes or None)
        self.file = file


class QuestionWidget(QFrame):
    committed = Signal(str, str, bool)  # path, canonical value, leaving the field
    justified = Signal(str, str)
    focused = Signal(str)

    def __init__(self, ctx: Ctx, path: str, element: Element, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.e = element
        self.visited = False  # messages show once the field has been left (or after validation)
        self.setObjectName("q_" + path.replace(".", "_").replace("[", "_").replace("]", ""))
        self.setFrameShape(QFrame.Shape.NoFrame)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 6, 4, 6)
        lay.setSpacing(3)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.label)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f6368; font-size: 9pt;")
        lay.addWidget(self.hint)
        self.review_note = QLabel()  # the clerk's comment on this question (a returned record)
        self.review_note.setObjectName("review_note")
        self.review_note.setWordWrap(True)
        self.review_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.review_note.setStyleSheet(f"color: {BLUE}; background: {BLUE_BG}; border-left: 3px solid {BLUE}; "
                                       "padding: 3px 6px;")
        self.review_note.setVisible(False)
        lay.addWidget(self.review_note)
        self.body = QWidget()
        self.body_lay = QVBoxLayout(self.body)
        self.body_lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.body)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("message")
        self.message.setVisible(False)
        lay.addWidget(self.message)
        self.just = QLineEdit()
        self.just.setObjectName("justification")
        self.just.setPlaceholderText(self.tr("Lý do xác nhận giá trị này là đúng (Enter để lưu)"))
        self.just.setVisible(False)
        self.just.editingFinished.connect(self._on_just_done)
        lay.addWidget(self.just)
        self.build()
        self.refresh_label()
        self.refresh_value()

    # ---- to override
    def build(self) -> None:
        pass

    def refresh_value(self) -> None:
        pass

    def focus_target(self) -> QWidget:
        return self

    def focus_input(self) -> None:
        """The cursor into the answer, its text selected so that what is typed replaces it (heads-down
        entry): a line edit, or the line edit of a searchable list (a prefilled province, commune)."""
        w = self.focus_target()
        w.setFocus(Qt.FocusReason.OtherFocusReason)
        edit = w if isinstance(w, QLineEdit) else getattr(w, "lineEdit", lambda: None)()
        if isinstance(edit, QLineEdit):
            edit.selectAll()

    def pending(self) -> bool:
        """True while typed text is waiting for the debounce timer."""
        return False

    def flush(self) -> None:
        pass

    # ---- shared
    def refresh_label(self) -> None:
        s = self.ctx.session
        text = s.label(self.path, self.ctx.lang) or self.e.name
        req = s.is_required(self.path) if self.e.is_input else False
        html = _esc(text).replace("\n", "<br>")
        if req:
            # a no-break space keeps the marker with the last word (never alone on a line)
            html += f'&nbsp;<span style="color:{RED}; font-weight:bold">*</span>'
        self.label.setText(f"<b>{html}</b>" if self.e.type != "note" else html)
        hint = s.label(self.path, self.ctx.lang, which="hints")
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def set_review_comment(self, text: str) -> None:
        """Show the clerk's comment on this question (a record sent back for correction)."""
        text = (text or "").strip()
        self.review_note.setText(self.tr("Nhận xét của cán bộ xã: {0}").format(text) if text else "")
        self.review_note.setVisible(bool(text))

    def set_issues(self, issues, show: bool) -> None:
        """Render the question's issues; ``show`` is False until the field was left or validated."""
        issue = issues[0] if issues else None
        if issue is None or (not show and issue.kind != "warning") or (not show and issue.kind == "warning"
                                                                       and not self.visited):
            self.message.setVisible(False)
            self.just.setVisible(False)
            self.setStyleSheet("")
            return
        if issue.kind == "warning":
            if issue.justification:
                self.message.setText("⚠ " + issue.message + "  " + self.tr("Đã xác nhận: {0}").format(
                    issue.justification))
            else:
                self.message.setText("⚠ " + issue.message)
            self.message.setStyleSheet(f"color: {AMBER};")
            self.setStyleSheet(f"#{self.objectName()} {{ background: {AMBER_BG}; border-left: 3px solid #e0a030; }}")
            self.just.setVisible(True)
            if not self.just.hasFocus():
                self.just.setText(issue.justification)
        else:
            self.message.setText("✖ " + issue.message)
            self.message.setStyleSheet(f"color: {RED};")
            self.setStyleSheet(f"#{self.objectName()} {{ border-left: 3px solid {RED}; }}")
            self.just.setVisible(False)
        self.message.setVisible(True)

    def _on_just_done(self) -> None:
        text = self.just.text().strip()
        if text != self.ctx.session.justification(self.path):
            self.justified.emit(self.path, text)

    def emit(self, value: str, leaving: bool) -> None:
        if leaving:
            self.visited = True
        self.committed.emit(self.path, value, leaving)


def _esc(t: str) -> str:
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _FocusWatch(QObject):
    """Reports focus-in (for 'where the enumerator is') and focus-out (leaving the field)."""

    def __init__(self, q: QuestionWidget, on_out=None):
        super().__init__(q)
        self.q = q
        self.on_out = on_out

    def eventFilter(self, obj, ev) -> bool:
        if ev.type() == QEvent.Type.FocusIn:
            self.q.focused.emit(self.q.path)
        elif ev.type() == QEvent.Type.FocusOut and self.on_out is not None:
            self.on_out()
        return False


class TextQuestion(QuestionWidget):
    def build(self) -> None:
        multi = "multiline" in self.e.appearance
        self.edit = QPlainTextEdit() if multi else QLineEdit()
        if multi:
            self.edit.setFixedHeight(70)
            self.edit.textChanged.connect(self._on_typed)
        else:
            self.edit.textEdited.connect(self._on_typed)
            self.edit.editingFinished.connect(self._on_left)
        self.edit.installEventFilter(_FocusWatch(self, self._on_left if multi else None))
        self.body_lay.addWidget(self.edit)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(lambda: self.emit(self.current(), False))
        self._loading = False

    def text(self) -> str:
        return self.edit.toPlainText() if isinstance(self.edit, QPlainTextEdit) else self.edit.text()

    def current(self) -> str:
        return self.text()

    def display(self, value: str) -> str:
        return value

    def refresh_value(self) -> None:
        if self.pending():
            return
        v = self.display(self.ctx.session.value(self.path))
        if v != self.text():
            self._loading = True
            if isinstance(self.edit, QPlainTextEdit):
                self.edit.setPlainText(v)
            else:
                self.edit.setText(v)
            self._loading = False
        self.edit.setReadOnly(self.ctx.session.is_read_only(self.path))

    def _on_typed(self, *_a) -> None:
        if not self._loading:
            self.timer.start()

    def _on_left(self) -> None:
        self.timer.stop()
        self.emit(self.current(), True)

    def pending(self) -> bool:
        return self.timer.isActive()

    def flush(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.emit(self.current(), False)

    def focus_target(self) -> QWidget:
        return self.edit


class NumberQuestion(TextQuestion):
    def build(self) -> None:
        super().build()
        self.edit.setMaximumWidth(220)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setPlaceholderText("1.234,5" if self.ctx.ui_lang == "vi" and self.e.type == "decimal" else "")

    def current(self) -> str:
        return parse_number(self.text(), self.ctx.ui_lang, integer=self.e.type == "integer")

    def display(self, value: str) -> str:
        return format_number(value, self.ctx.ui_lang)


class DateQuestion(TextQuestion):
    def build(self) -> None:
        super().build()
        self.edit.setMaximumWidth(160)
        self.edit.setPlaceholderText(self.tr("ngày/tháng/năm"))

    def current(self) -> str:
        return parse_date(self.text())

    def display(self, value: str) -> str:
        return format_date(value)


class _KeyContainer(QWidget):
    """A focusable box for choices: digits pick the n-th choice, arrows move, space toggles."""

    def __init__(self, owner: ChoiceQuestion):
        super().__init__()
        self.owner = owner
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("choices")
        # a plain QWidget draws no style-sheet border without this: the focus ring never showed
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        if self.owner.key(ev):
            ev.accept()
            return
        super().keyPressEvent(ev)

    def focusInEvent(self, ev) -> None:
        self.setStyleSheet("#choices { border: 2px solid #1a73e8; border-radius: 3px; }")
        self.owner.focused.emit(self.owner.path)
        super().focusInEvent(ev)

    def focusOutEvent(self, ev) -> None:
        self.setStyleSheet("")
        self.owner.flush()  # a number being typed (1 of 10…) is taken as it stands
        super().focusOutEvent(ev)


class ChoiceQuestion(QuestionWidget):
    multiple = False
    # a single choice was picked by typing its whole code (no longer code starts with it): the window
    # goes on to the next question, as a full field does in CSPro — no Enter needed
    code_complete = Signal(str)

    def build(self) -> None:
        self.box = _KeyContainer(self)
        self.box_lay = QVBoxLayout(self.box)
        self.box_lay.setContentsMargins(4, 2, 4, 2)
        self.box_lay.setSpacing(1)
        self.body_lay.addWidget(self.box)
        self.buttons: list[tuple[str, QRadioButton | QCheckBox]] = []
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.cursor = 0
        self._choice_names: tuple[str, ...] = ()
        # the numbers shown and typed: codes when the list is coded by numbers, else positions in
        # the full list (as printed on the paper questionnaire; forms/numbering.py)
        from forms.numbering import numbered

        self.numbers = numbered(self.ctx.session.form.choices.get(self.e.list_name or "", ()))
        self._typed = ""  # digits of a number that may go on (1 when 10–19 exist): waiting
        self.typed_note = QLabel()  # says what is being typed while a number waits
        self.typed_note.setObjectName("typed_number")
        self.typed_note.setStyleSheet(f"color: {BLUE};")
        self.typed_note.setVisible(False)
        self.body_lay.addWidget(self.typed_note)
        self.rebuild_choices()

    def rebuild_choices(self) -> None:
        s = self.ctx.session
        choices = s.choices(self.path)
        names = tuple(c.name for c in choices)
        if names == self._choice_names and self.buttons:
            for (_name, b), c in zip(self.buttons, choices, strict=True):
                b.setText(self._text(len(self.buttons), choices.index(c), c))
            return
        self._choice_names = names
        for _n, b in self.buttons:
            self.group.removeButton(b)
            b.deleteLater()
        self.buttons = []
        for i, c in enumerate(choices):
            b = QCheckBox() if self.multiple else QRadioButton()
            b.setText(self._text(len(choices), i, c))
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setObjectName(f"choice_{c.name}")
            self.group.addButton(b, i)
            self.box_lay.addWidget(b)
            b.clicked.connect(lambda _checked=False, i=i: self._on_clicked(i))
            self.buttons.append((c.name, b))

    def _text(self, n: int, i: int, c) -> str:
        label = self.ctx.session.form.text(c.labels, self.ctx.lang) or c.name
        number = self.numbers.get(c.name)
        return f"{number}. {label}" if number else label

    def selected(self) -> list[str]:
        return [n for n, b in self.buttons if b.isChecked()]

    def refresh_label(self) -> None:
        super().refresh_label()
        if hasattr(self, "buttons"):
            self.rebuild_choices()
            self.refresh_value()

    def refresh_value(self) -> None:
        v = self.ctx.session.value(self.path)
        chosen = set(v.split()) if self.multiple else {v}
        self.group.setExclusive(False)
        for n, b in self.buttons:
            b.setChecked(n in chosen)
        self.group.setExclusive(not self.multiple)
        ro = self.ctx.session.is_read_only(self.path)
        for _n, b in self.buttons:
            b.setEnabled(not ro)

    def _on_clicked(self, i: int) -> None:
        self.cursor = i
        self.box.setFocus(Qt.FocusReason.MouseFocusReason)
        self.emit(self.value_text(), True)

    def value_text(self) -> str:
        return " ".join(self.selected()) if self.multiple else (self.selected() or [""])[0]

    def key(self, ev: QKeyEvent) -> bool:
        k = ev.key()
        n = len(self.buttons)
        if Qt.Key.Key_0 <= k <= Qt.Key.Key_9:
            self.type_digit(str(k - Qt.Key.Key_0))
            return True
        if k in (Qt.Key.Key_Down, Qt.Key.Key_Right) and n:
            self.cursor = (self.cursor + 1) % n
            self._mark_cursor()
            return True
        if k in (Qt.Key.Key_Up, Qt.Key.Key_Left) and n:
            self.cursor = (self.cursor - 1) % n
            self._mark_cursor()
            return True
        if k == Qt.Key.Key_Space and self._typed:
            self.flush()  # Space takes the number typed so far (1, when 12 exists, then 2)
            return True
        if k == Qt.Key.Key_Space and n:
            self.toggle(self.cursor)
            return True
        if k == Qt.Key.Key_Backspace and self._typed:
            self._set_typed(self._typed[:-1])  # rub out a digit still waiting
            return True
        if k in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            for _n, b in self.buttons:
                b.setChecked(False) if self.multiple else None
            if not self.multiple:
                self.group.setExclusive(False)
                for _n, b in self.buttons:
                    b.setChecked(False)
                self.group.setExclusive(True)
            self.emit("", True)
            return True
        return False

    # ---- digits type the choice's number (forms/numbering.py) the way a paper code is keyed: a
    # number that is no other number's beginning is taken at once; one that is (1 when 10–19 exist,
    # 9 and 98) waits — for the next digit, for Space or Enter (take it as it stands), or for the
    # cursor to leave. No timer: a slow typist gets the same result as a fast one.
    def _shown_numbers(self) -> list[tuple[str, int]]:
        return [(self.numbers.get(name, ""), i) for i, (name, _b) in enumerate(self.buttons)]

    def type_digit(self, d: str) -> None:
        shown = self._shown_numbers()
        typed = self._typed + d
        if not any(num.startswith(typed) for num, _i in shown):
            # not the continuation of a longer number: the waiting number is taken as it stands
            # (multi-choice: "1" then "2" ticks 1 and 2 when there is no 12), and this digit starts
            # the next one
            self.flush()
            typed = d
        if not any(num.startswith(typed) for num, _i in shown):
            self._set_typed("")
            return
        exact = next((i for num, i in shown if num == typed), None)
        longer = any(num != typed and num.startswith(typed) for num, _i in shown)
        if exact is not None and not longer:
            self._set_typed("")
            self.toggle(exact)
            if not self.multiple and self.ctx.session.value(self.path) == self.buttons[exact][0]:
                self.code_complete.emit(self.path)  # saved (not refused, e.g. a complete record kept)
            return
        self._set_typed(typed)

    def _set_typed(self, typed: str) -> None:
        self._typed = typed
        self.typed_note.setText(self.tr("Đang gõ mã {0}… (gõ tiếp chữ số, hoặc Enter/Space để chọn {0})")
                                .format(typed) if typed else "")
        self.typed_note.setVisible(bool(typed))

    def _typed_done(self) -> None:
        typed = self._typed
        self._set_typed("")
        exact = next((i for num, i in self._shown_numbers() if num == typed), None)
        if exact is not None:
            self.toggle(exact)

    def pending(self) -> bool:
        return bool(self._typed)

    def flush(self) -> None:
        if self._typed:
            self._typed_done()

    def _mark_cursor(self) -> None:
        for i, (_n, b) in enumerate(self.buttons):
            f = b.font()
            f.setUnderline(i == self.cursor)
            b.setFont(f)

    def toggle(self, i: int) -> None:
        if self.ctx.session.is_read_only(self.path):
            return
        self.cursor = i
        b = self.buttons[i][1]
        if self.multiple:
            b.setChecked(not b.isChecked())
        else:
            b.setChecked(True)
        self._mark_cursor()
        self.emit(self.value_text(), True)

    def focus_target(self) -> QWidget:
        return self.box


class SelectOneQuestion(ChoiceQuestion):
    multiple = False


class SelectMultipleQuestion(ChoiceQuestion):
    multiple = True


class ComboQuestion(QuestionWidget):
    """select_one over a long list (communes, sectors): type to search, Enter to choose."""

    def build(self) -> None:
        self.combo = SearchCombo()
        self.combo.setMinimumWidth(360)
        self.combo.value_chosen.connect(lambda v: self.emit(v, True))
        self.combo.installEventFilter(_FocusWatch(self))
        self.body_lay.addWidget(self.combo)
        self._names: tuple[str, ...] = ()
        self._fill()

    def _fill(self) -> None:
        choices = self.ctx.session.choices(self.path)
        names = tuple(c.name for c in choices)
        self._names = names
        f = self.ctx.session.form
        self.combo.set_items([(c.name, f.text(c.labels, self.ctx.lang) or c.name) for c in choices])

    def refresh_label(self) -> None:
        super().refresh_label()
        if hasattr(self, "combo"):
            self._fill()
            self.refresh_value()

    def refresh_value(self) -> None:
        choices = tuple(c.name for c in self.ctx.session.choices(self.path))
        if choices != self._names:
            self._fill()
        self.combo.set_value(self.ctx.session.value(self.path))
        self.combo.setEnabled(not self.ctx.session.is_read_only(self.path))

    def focus_target(self) -> QWidget:
        return self.combo


class NoteQuestion(QuestionWidget):
    def build(self) -> None:
        self.setStyleSheet("")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class AcknowledgeQuestion(QuestionWidget):
    def build(self) -> None:
        self.box = QCheckBox(self.tr("Đồng ý (OK)"))
        self.box.clicked.connect(lambda c: self.emit("OK" if c else "", True))
        self.box.installEventFilter(_FocusWatch(self))
        self.body_lay.addWidget(self.box)

    def refresh_value(self) -> None:
        self.box.setChecked(self.ctx.session.value(self.path) == "OK")

    def focus_target(self) -> QWidget:
        return self.box


class TimeQuestion(TextQuestion):
    """A time of day typed as hours:minutes; stored as ODK stores it (``14:30:00.000+07:00``)."""

    def build(self) -> None:
        super().build()
        self.edit.setMaximumWidth(120)
        self.edit.setPlaceholderText(self.tr("giờ:phút"))

    def current(self) -> str:
        return parse_time(self.text())

    def display(self, value: str) -> str:
        return format_time(value)


class DateTimeQuestion(TextQuestion):
    """A moment typed as day/month/year hours:minutes; stored as ODK stores a dateTime (ISO with the
    UTC offset, ``2025-08-15T14:30:00.000+07:00``)."""

    def build(self) -> None:
        super().build()
        self.edit.setMaximumWidth(220)
        self.edit.setPlaceholderText(self.tr("ngày/tháng/năm giờ:phút"))

    def current(self) -> str:
        return parse_datetime(self.text())

    def display(self, value: str) -> str:
        return format_datetime(value)


class GeopointQuestion(TextQuestion):
    """A place typed as latitude and longitude (as copied from a map: ``21.0285, 105.8542``); stored
    as ODK stores a point placed by hand (``21.0285 105.8542 0 0``). The engine's message says what
    a valid point is."""

    def build(self) -> None:
        super().build()
        self.edit.setMaximumWidth(320)
        self.edit.setPlaceholderText(self.tr("vĩ độ kinh độ, ví dụ 21.0285 105.8542"))

    def current(self) -> str:
        return parse_geopoint(self.text())

    def display(self, value: str) -> str:
        return format_geopoint(value)


class GeoListQuestion(TextQuestion):
    """A line (geotrace) or an area (geoshape) typed as points separated by ";"; stored as ODK
    stores them (``lat lon 0 0;lat lon 0 0``); an area is closed for the enumerator."""

    def build(self) -> None:
        super().build()
        self.edit.setPlaceholderText(self.tr("vĩ độ kinh độ; vĩ độ kinh độ; … (dấu ; giữa các điểm)"))

    def current(self) -> str:
        return parse_geopoints(self.text(), shape=self.e.type == "geoshape")

    def display(self, value: str) -> str:
        return format_geopoints(value)


class RangeQuestion(QuestionWidget):
    """A number on a scale (XLSForm ``range``): a slider moved with the arrow keys (Page Up/Down by
    ten steps, Home/End to the ends), Space takes the value shown, Delete clears. Unanswered until
    the enumerator moves it or takes the value shown."""

    def build(self) -> None:
        from forms.engine import range_bounds, range_is_integer

        start, end, step = range_bounds(self.e)
        self.start = start
        self.step = step if end >= start else -step
        self.integer = range_is_integer(self.e)
        row = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("range")
        self.slider.setRange(0, int(abs((end - start) / step)))
        self.slider.setSingleStep(1)
        self.slider.setPageStep(10)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.slider.setMinimumWidth(240)
        self.slider.setMaximumWidth(360)
        self.slider.installEventFilter(_FocusWatch(self))
        self.slider.installEventFilter(self)
        self.slider.valueChanged.connect(self._moved)
        self.shown = QLabel()
        self.shown.setObjectName("range_value")
        self.shown.setMinimumWidth(80)
        row.addWidget(QLabel(self._text(start)))
        row.addWidget(self.slider)
        row.addWidget(QLabel(self._text(end)))
        row.addWidget(self.shown)
        row.addStretch(1)
        self.body_lay.addLayout(row)
        self._loading = False

    def _text(self, v) -> str:
        text = str(int(v)) if self.integer else format(v.normalize(), "f")
        return format_number(text, self.ctx.ui_lang, group=False)

    def value_at(self, index: int) -> str:
        v = self.start + self.step * index
        return str(int(v)) if self.integer else format(v.normalize(), "f")

    def _index_of(self, value: str) -> int | None:
        from decimal import Decimal, InvalidOperation

        try:
            i = (Decimal(value) - self.start) / self.step
        except (InvalidOperation, ArithmeticError):
            return None
        return int(i) if i == i.to_integral_value() and 0 <= i <= self.slider.maximum() else None

    def refresh_value(self) -> None:
        v = self.ctx.session.value(self.path)
        i = self._index_of(v) if v else None
        self._loading = True
        if i is not None:
            self.slider.setValue(i)
        self._loading = False
        self.shown.setText(self._text(self.start + self.step * i) if i is not None else
                           (v or self.tr("(chưa chọn)")))
        self.slider.setEnabled(not self.ctx.session.is_read_only(self.path))

    def _moved(self, _index: int = 0) -> None:
        if not self._loading:
            self.emit(self.value_at(self.slider.value()), True)

    def eventFilter(self, obj, ev) -> bool:
        if obj is self.slider and ev.type() == QEvent.Type.KeyPress:
            if ev.key() == Qt.Key.Key_Space:
                self.emit(self.value_at(self.slider.value()), True)
                return True
            if ev.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.emit("", True)
                return True
        return False

    def focus_target(self) -> QWidget:
        return self.slider


class RankQuestion(QuestionWidget):
    """Choices to put in order (XLSForm ``rank``): Up/Down pick a choice, Ctrl+Up/Ctrl+Down (or
    Alt+Up/Alt+Down) move it, Space takes the order shown, Delete clears. Stored as ODK stores it:
    every choice's name, first to last, separated by spaces."""

    def build(self) -> None:
        self.items = QListWidget()
        self.items.setObjectName("rank")
        self.items.setMaximumWidth(480)
        self.items.installEventFilter(_FocusWatch(self))
        self.items.installEventFilter(self)
        self.body_lay.addWidget(self.items)
        self.order: list[str] = []
        self.answered = False

    def _choices(self) -> dict[str, str]:
        s = self.ctx.session
        return {c.name: s.form.text(c.labels, self.ctx.lang) or c.name for c in s.choices(self.path)}

    def refresh_value(self) -> None:
        choices = self._choices()
        value = [v for v in self.ctx.session.value(self.path).split() if v in choices]
        self.answered = bool(value)
        self.order = value + [c for c in choices if c not in value]
        self._show(self.items.currentRow())
        self.items.setEnabled(not self.ctx.session.is_read_only(self.path))

    def _show(self, current: int) -> None:
        choices = self._choices()
        self.items.clear()
        for i, name in enumerate(self.order):
            label = choices.get(name, name)
            self.items.addItem(f"{i + 1}. {label}" if self.answered else label)
        self.items.setFixedHeight(max(1, len(self.order)) * (self.items.sizeHintForRow(0) + 2) + 6)
        self.items.setCurrentRow(min(max(current, 0), len(self.order) - 1))

    def move(self, by: int) -> None:
        i = self.items.currentRow()
        j = i + by
        if i < 0 or not 0 <= j < len(self.order) or self.ctx.session.is_read_only(self.path):
            return
        self.order[i], self.order[j] = self.order[j], self.order[i]
        self.answered = True
        self._show(j)
        self.emit(" ".join(self.order), True)

    def eventFilter(self, obj, ev) -> bool:
        if obj is not self.items or ev.type() != QEvent.Type.KeyPress:
            return False
        k, mods = ev.key(), ev.modifiers()
        moving = mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if moving and k in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move(-1 if k == Qt.Key.Key_Up else 1)
            return True
        if k == Qt.Key.Key_Space and not self.ctx.session.is_read_only(self.path):
            self.answered = True
            self._show(self.items.currentRow())
            self.emit(" ".join(self.order), True)
            return True
        if k in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.emit("", True)
            return True
        return False

    def focus_target(self) -> QWidget:
        return self.items


class RawQuestion(TextQuestion):
    """Any other typed value (the engine checks the format)."""


def make_question(ctx: Ctx, path: str, e: Element, parent: QWidget | None = None) -> QuestionWidget:
    t = e.type
    if t in ("integer", "decimal"):
        cls = NumberQuestion
    elif t == "date":
        cls = DateQuestion
    elif t == "time":
        cls = TimeQuestion
    elif t == "datetime":
        cls = DateTimeQuestion
    elif t == "geopoint":
        cls = GeopointQuestion
    elif t in ("geotrace", "geoshape"):
        cls = GeoListQuestion
    elif t == "range":
        cls = RangeQuestion
    elif t == "rank":
        cls = RankQuestion
    elif t == "select_one":
        n = len(ctx.session.form.choices.get(e.list_name or "", ()))
        long = n > LONG_LIST or "autocomplete" in e.appearance or "minimal" in e.appearance
        cls = ComboQuestion if long else SelectOneQuestion
    elif t == "select_multiple":
        cls = SelectMultipleQuestion
    elif t == "note":
        cls = NoteQuestion
    elif t == "acknowledge":
        cls = AcknowledgeQuestion
    elif t in ("text", "barcode"):
        cls = TextQuestion
    elif t in MEDIA_TYPES:
        from ui.entry.media import MediaQuestion

        cls = MediaQuestion
    else:
        cls = RawQuestion
    return cls(ctx, path, e, parent)


def wants_field_keys(w: QWidget) -> bool:
    return isinstance(w, QPlainTextEdit)


__all__ = ["Ctx", "QuestionWidget", "make_question", "QHBoxLayout"]
