"""The data-entry window: section navigator, one page per section, live relevance and checks,
autosave of every answer, keyboard-only entry, "Mark complete" with the list of open issues.

Every answer goes through :class:`models.records.editor.RecordEditor` (one transaction per change), so
closing the window, a crash or a power cut loses at most the text being typed (and that only for
:data:`ui.entry.questions.DEBOUNCE_MS`).

Why answers are saved on the UI thread, synchronously, and not as jobs on the database's writer
(``ui.hub``) like everything else that writes: an answer must be on disk before the keystroke handler
that committed it returns. A queued save could still be waiting when the window is closed, the
computer is switched off or the application is killed, and the enumerator would have seen "Đã lưu"
for an answer that is lost; the next keystroke would also have to wait for it, or be applied to a
session whose last save has not happened yet. A save takes a millisecond. When it meets another
connection's write transaction (an import applying a package, a sync writing its log), the save
waits for it — the status bar says "Đang chờ việc khác ghi xong dữ liệu (nhập gói)…" and the writer
lets it go before its next transaction (``ui.hub._UiWaiter``) — instead of failing with a generic
message; nothing typed is lost. Only another program holding the file for longer than the busy
timeout makes it fail, with a message saying so (``DB_BUSY``).

When the record changes elsewhere (an import, a review: ``Hub.changes_applied`` names it), the window
saves what is being typed, reloads its editor and rebuilds from the newer version. The editor tells
the window explicitly when it has reloaded (``RecordEditor.on_reload``, also after a refused or failed
save); until the rebuild the window is ``stale`` and ignores commits from the widgets it is replacing."""

from __future__ import annotations

import contextlib
import os

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from forms.model import lang_code
from models.base.changes import Changes
from models.base.errors import AppError
from models.records.editor import RecordEditor
from ui.entry.questions import (
    ChoiceQuestion,
    ComboQuestion,
    Ctx,
    NoteQuestion,
    QuestionWidget,
    make_question,
    wants_field_keys,
)
from ui.entry.roster import RosterWidget
from ui.entry.sections import Section, section_index, sections, shown
from ui.fmt import status_text
from ui.hub import hub_for
from ui.messages import show_error

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def _is_enter(ev) -> bool:
    return ev.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _is_back(ev) -> bool:
    return ev.key() == Qt.Key.Key_Backtab or (
        ev.key() == Qt.Key.Key_Tab and bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier))


def _is_forward(ev) -> bool:
    return ev.key() == Qt.Key.Key_Tab and not ev.modifiers() & Qt.KeyboardModifier.ShiftModifier


class _Keys(QObject):
    """The keyboard model of a question's input (docs/ui.md, "Keyboard"): Enter/Tab save and go to the
    next relevant question (across members and pages) — except that a hard error keeps the cursor in
    the field and an unconfirmed soft warning goes into its justification; Shift+Tab goes back."""

    def __init__(self, win: FormEntryWindow, q: QuestionWidget):
        super().__init__(q)
        self.win = win
        self.q = q

    def eventFilter(self, obj, ev) -> bool:
        if ev.type() != QEvent.Type.KeyPress:
            return False
        if _is_enter(ev):
            if wants_field_keys(obj) and not ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
                return False
            if getattr(self.q, "wants_enter", None) is not None and self.q.wants_enter():
                self.q.choose()  # a media question with nothing attached: Enter attaches
                return True
            if isinstance(self.q, ComboQuestion):
                popup = self.q.combo.completer().popup()
                if popup.isVisible() or (self.q.combo.currentText() and not self.q.combo.value()):
                    return False
            self.win.forward_from(self.q)
            return True
        if _is_back(ev):
            self.win.leave(self.q)
            self.win.focus_prev(self.q.path)
            return True
        if _is_forward(ev):
            self.win.forward_from(self.q)
            return True
        return False


class _JustKeys(QObject):
    """In a warning's justification: Enter/Tab save it and go forward (never back to the value, whose
    selected text the next answer would replace); Shift+Tab goes back to the value."""

    def __init__(self, win: FormEntryWindow, q: QuestionWidget):
        super().__init__(q)
        self.win = win
        self.q = q

    def eventFilter(self, obj, ev) -> bool:
        if ev.type() != QEvent.Type.KeyPress:
            return False
        if _is_enter(ev) or _is_forward(ev):
            self.q._on_just_done()
            self.win.focus_next(self.q.path)
            return True
        if _is_back(ev):
            self.q._on_just_done()
            self.win._focus(self.q)
            return True
        return False


# a visible focus ring wherever the keyboard is (buttons, lists, the language box; choice groups draw
# their own, ``questions._KeyContainer``)
# (buttons keep one size whether focused or not: border + padding are the same in both states)
FOCUS_STYLE = (
    "QPushButton { border: 1px solid #9aa0a6; border-radius: 4px; padding: 4px 12px; background: #f8f9fa; }"
    "QPushButton:hover { background: #eef3fd; }"
    "QPushButton:pressed { background: #d2e3fc; }"
    "QPushButton:disabled { color: #9aa0a6; border-color: #dadce0; }"
    "QPushButton:focus { border: 2px solid #1a73e8; padding: 3px 11px; background: #e8f0fe; }"
    "QListWidget:focus, QTableWidget:focus, QComboBox:focus { border: 2px solid #1a73e8; }"
    "QPushButton#mark_complete { font-weight: bold; }"
)


class FormEntryWindow(QMainWindow):
    record_changed = Signal(str)  # the record id: lists refresh
    new_record_requested = Signal()  # Ctrl+N in the window: the record list starts a new record
    closed = Signal(str)  # the record id, after the window was closed (the list takes the focus back)

    def __init__(self, store, record_id: str, *, ui_lang: str = "vi", form_lang: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.record_id = record_id
        self.ui_lang = ui_lang
        self.setObjectName("entry_window")
        self.hub = hub_for(store.path)
        self.hub.guard(store)
        # True between the editor's reload and the rebuild: the widgets show a version it no longer holds
        self.stale = False
        self.cleaned_note = ""  # the last note about characters removed from an answer on save
        self.editor = self._open_editor(form_lang or ui_lang)
        self.form = self.editor.form
        self.comments: dict[str, str] = {}  # the clerk's send-back comments: {path or "": text}
        self._reopen_agreed = False  # the enumerator agreed to reopen this complete record
        self.lang = lang_code(self.form.resolve_language(form_lang or ui_lang))
        self.show_all = self.editor.status in ("complete", "returned")
        self.widgets: dict[str, QuestionWidget] = {}
        self.group_headers: dict[str, QLabel] = {}
        self.rosters: list[RosterWidget] = []
        self.secs: list[Section] = sections(self.form)
        self._sec_of: dict[str, int] = {}  # first path segment -> page (see _section)
        self._order: dict[str, int] = {}
        self._scroll_later: QuestionWidget | None = None  # scrolled to again after the layout ran
        self._build_ui()
        from ui.widgets import fit_to_screen

        fit_to_screen(self, 1280, 740, place=True)  # whole on a 1366x768 laptop (issue 13)
        self.refresh_title()
        self.hub.changes_applied.connect(self._on_changes_applied)
        QTimer.singleShot(0, self.open_where_stopped)

    def _open_editor(self, lang: str) -> RecordEditor:
        editor = RecordEditor(self.store, self.record_id, lang=lang, date_style="dmy")
        editor.on_reload(self._on_editor_reloaded)
        return editor

    def _on_editor_reloaded(self) -> None:
        """The editor holds the database's version now (a save refused or failed, saved on top of a
        version changed elsewhere, or a reload): rebuild from it, after the event being handled."""
        self.stale = True
        self._schedule_reload()

    def _on_changes_applied(self, changes: Changes) -> None:
        """A job changed the database: if it may have changed this record, show the newer version."""
        if not changes.touches_record(self.record_id):
            return
        try:
            self.reload_from_database()
        except AppError as err:
            show_error(self, err)

    # ------------------------------------------------------------------ properties
    @property
    def session(self):
        return self.editor.session

    @property
    def ctx(self) -> Ctx:
        return self._ctx

    # ------------------------------------------------------------------ building
    def _build_ui(self) -> None:
        self._ctx = Ctx(self.session, self.lang, self.ui_lang, file=self._attached_file)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 6)
        bar = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        bar.addWidget(self.heading, 1)
        bar.addWidget(QLabel(self.tr("Ngôn ngữ phiếu:")))
        self.lang_box = QComboBox()
        self.lang_box.setObjectName("form_lang")
        for name in self.form.languages or (self.form.default_language,):
            code = lang_code(name)
            self.lang_box.addItem({"vi": "Tiếng Việt", "en": "English"}.get(code, name), code)
        self.lang_box.setCurrentIndex(max(self.lang_box.findData(self.lang), 0))
        self.lang_box.currentIndexChanged.connect(self._on_lang_changed)
        self.lang_box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        bar.addWidget(self.lang_box)
        self.prev_btn = QPushButton(self.tr("◀ Trang trước"))
        self.next_btn = QPushButton(self.tr("Trang sau ▶"))
        self.issues_btn = QPushButton(self.tr("Danh sách vấn đề"))
        self.issues_btn.setObjectName("show_issues")
        self.complete_btn = QPushButton(self.tr("Kiểm tra và hoàn thành"))
        self.complete_btn.setObjectName("mark_complete")
        for b in (self.prev_btn, self.next_btn, self.issues_btn, self.complete_btn):
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            b.setAutoDefault(True)  # Enter presses the focused button (not only Space)
            bar.addWidget(b)
        self.prev_btn.setToolTip(self.tr("Trang trước (Ctrl+PgUp)"))
        self.next_btn.setToolTip(self.tr("Trang sau (Ctrl+PgDown)"))
        self.issues_btn.setToolTip(self.tr("Danh sách vấn đề (F8)"))
        self.complete_btn.setToolTip(self.tr("Kiểm tra và hoàn thành (F9)"))
        self.lang_box.setToolTip(self.tr("Ngôn ngữ phiếu (Ctrl+L)"))
        outer.addLayout(bar)
        self._build_banner(outer)
        split = QSplitter()
        self.nav = QListWidget()
        self.nav.setObjectName("navigator")
        self.nav.setMinimumWidth(230)
        self.nav.setMaximumWidth(320)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.nav.setToolTip(self.tr("Các phần của phiếu (F6; Enter để đến phần đang chọn)"))
        self.nav.setWordWrap(True)
        for _s in self.secs:
            self.nav.addItem(QListWidgetItem())
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.itemActivated.connect(lambda _item: self.show_section(self.nav.currentRow(), focus=True))
        split.addWidget(self.nav)
        self.stack = QStackedWidget()
        self.pages: list[QScrollArea] = []
        for _s in self.secs:
            sa = QScrollArea()
            sa.setWidgetResizable(True)
            self.pages.append(sa)
            self.stack.addWidget(sa)
        self._built: set[int] = set()
        split.addWidget(self.stack)
        self.issues_list = QListWidget()
        self.issues_list.setObjectName("issues")
        self.issues_list.setMinimumWidth(250)
        self.issues_list.setWordWrap(True)
        self.issues_list.itemActivated.connect(self._on_issue_clicked)
        self.issues_list.itemClicked.connect(self._on_issue_clicked)
        self.issues_pane = QWidget()
        ip = QVBoxLayout(self.issues_pane)
        ip.setContentsMargins(0, 0, 0, 0)
        self.issues_title = QLabel()
        self.issues_title.setStyleSheet("font-weight: bold;")
        ip.addWidget(self.issues_title)
        ip.addWidget(self.issues_list)
        self.issues_pane.setVisible(False)
        split.addWidget(self.issues_pane)
        split.setStretchFactor(1, 1)
        outer.addWidget(split, 1)
        self.setCentralWidget(central)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.prev_btn.clicked.connect(lambda: self.show_section(self.stack.currentIndex() - 1, focus=True))
        self.next_btn.clicked.connect(lambda: self.show_section(self.stack.currentIndex() + 1, focus=True))
        self.issues_btn.clicked.connect(self.show_issues)
        self.complete_btn.clicked.connect(self.mark_complete)
        self.complete_btn.setEnabled(not self.editor.read_only)
        # on these widgets only: a style sheet on the whole window made building a page ~50 % slower
        for w in (self.prev_btn, self.next_btn, self.issues_btn, self.complete_btn, self.lang_box, self.nav,
                  self.issues_list):
            w.setStyleSheet(FOCUS_STYLE)
        if not getattr(self, "_shortcuts", None):
            self._shortcuts = self._build_shortcuts()
        self.refresh_nav()

    def _build_shortcuts(self) -> list[QShortcut]:
        """The entry window's keys (docs/ui.md, "Keyboard"). Built once: a rebuild keeps them."""
        keys = [
            ("F9", self._complete_key),
            ("F8", self.focus_issues),
            ("F6", self.focus_navigator),
            ("Ctrl+L", lambda: self.lang_box.setFocus(Qt.FocusReason.ShortcutFocusReason)),
            ("Ctrl+PgDown", lambda: self.show_section(self.stack.currentIndex() + 1, focus=True)),
            ("Ctrl+PgUp", lambda: self.show_section(self.stack.currentIndex() - 1, focus=True)),
            ("Ctrl+N", self.request_new_record),
            ("Ctrl+W", self.close),
            ("Esc", self.close),
        ]
        out = []
        for seq, slot in keys:
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)
            out.append(sc)
        return out

    def _complete_key(self) -> None:
        if self.complete_btn.isEnabled():
            self.complete_btn.click()

    def focus_issues(self) -> None:
        """F8: the list of open issues, its first one selected (Enter goes to it)."""
        self.show_issues()
        self.issues_list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.issues_list.count() and self.issues_list.currentRow() < 0:
            self.issues_list.setCurrentRow(0)

    def focus_navigator(self) -> None:
        """F6: the list of sections (arrows choose, Enter goes to the first question)."""
        self.nav.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def request_new_record(self) -> None:
        """Ctrl+N: this record is saved and closed, and the record list starts a new one."""
        self.new_record_requested.emit()
        self.close()

    def _build_banner(self, outer) -> None:
        """The clerk's comments on a record sent back (models.records.review.comments_for): the record
        comment in a banner, links to each commented question (whose comment shows beside it)."""
        from models.records.review import comments_for

        try:
            self.comments = comments_for(self.store, self.record_id)
        except AppError:
            self.comments = {}
        self.banner = QLabel()
        self.banner.setObjectName("review_banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.banner.setStyleSheet("QLabel#review_banner { background: #fff4e0; border: 1px solid #e0a030; "
                                  "border-radius: 4px; padding: 6px 10px; color: #4a3000; }")
        self.banner.linkActivated.connect(self._on_banner_link)
        self.banner.setVisible(bool(self.comments))
        if self.comments:
            self.banner.setText(self._banner_html())
        outer.addWidget(self.banner)
        # an erasure of the respondent's personal data (models.exchange.erase): when, by whom, which questions
        self.erased_banner = QLabel()
        self.erased_banner.setObjectName("erased_banner")
        self.erased_banner.setWordWrap(True)
        self.erased_banner.setStyleSheet("QLabel#erased_banner { background: #eef3fb; border: 1px solid #8aa6d6; "
                                         "border-radius: 4px; padding: 6px 10px; color: #1d2f52; }")
        outer.addWidget(self.erased_banner)
        self._refresh_erased_banner()

    def _refresh_erased_banner(self) -> None:
        from models.base.formats import local_time_text
        from models.exchange.erase import summary

        try:
            done = summary(self.store, self.record_id)
        except AppError:
            done = []
        lines = []
        for e in done:
            names = []
            for n in e["fields"]:
                el = self.form.get(n)
                names.append(_first_line(self.form.text(el.labels, self.lang)) if el is not None else n)
            lines.append(self.tr("Dữ liệu cá nhân của phiếu này đã được xoá lúc {0} bởi {1} ({2}). Lý do: {3}").format(
                local_time_text(e["at"]), e["user"] or "?", ", ".join(names), e["reason"]))
        self.erased_banner.setText("\n".join(lines))
        self.erased_banner.setVisible(bool(lines))

    def _banner_html(self) -> str:
        from ui.entry.questions import _esc

        parts = ["<b>" + _esc(self.tr("Cán bộ xã đã trả lại phiếu này để sửa.")) + "</b>"]
        general = self.comments.get("", "")
        if general:
            parts.append(_esc(self.tr("Nhận xét: {0}").format(general)))
        links = []
        for path, text in self.comments.items():
            if not path:
                continue
            s = self.session
            name = _first_line(s.label(path, self.lang)) if s.has(path) else path
            if "[" in path:
                name = self.tr("Dòng {0}: ").format(path.split("[", 1)[1].split("]", 1)[0]) + name
            links.append(f'<a href="{_esc(path)}">{_esc(_short(name))}</a> — {_esc(text)}')
        if links:
            parts.append(_esc(self.tr("Các câu cần xem lại (bấm để đến câu):")) + "<br>" + "<br>".join(links))
        parts.append(_esc(self.tr("Sửa xong, bấm “Kiểm tra và hoàn thành” rồi gửi lại cho cán bộ xã.")))
        return "<br>".join(parts)

    def _on_banner_link(self, path: str) -> None:
        self.go_to(path)

    def build_section(self, i: int) -> None:
        if i in self._built:
            return
        self._built.add(i)
        sec = self.secs[i]
        content = QWidget()
        content.setObjectName(f"page_{sec.key}")
        lay = QVBoxLayout(content)
        lay.setContentsMargins(14, 10, 14, 10)
        title = QLabel(sec.title(self.form, self.lang))
        title.setObjectName("page_title")
        title.setWordWrap(True)
        title.setStyleSheet("font-size: 14pt; font-weight: bold; color: #1a4d8f;")
        lay.addWidget(title)
        if sec.element is None:
            for name in sec.members:
                self._add_question(self.form[name], name, lay)
        elif sec.element.is_repeat:
            r = RosterWidget(self, sec.element, "")
            self.rosters.append(r)
            lay.addWidget(r)
        else:
            self.build_block(sec.element.name, "", lay)
        lay.addStretch(1)
        self.pages[i].setWidget(content)
        self.sync_visibility()
        self.refresh_issue_displays()

    def build_block(self, container: str, base: str, lay) -> None:
        """The widgets of a group's or a repeat instance's contents (nested groups get a heading)."""
        for e in self.form.children(container):
            if not shown(e):
                continue
            path = f"{base}.{e.name}" if base else e.name
            if e.type == "group":
                head = QLabel(self.form.text(e.labels, self.lang))
                head.setStyleSheet("font-weight: bold; font-size: 11pt; margin-top: 8px; color: #1a4d8f;")
                head.setWordWrap(True)
                if head.text():
                    lay.addWidget(head)
                    head.setVisible(self.session.has(path) and self.session.is_relevant(path))
                self.group_headers[path] = head
                self.build_block(e.name, base, lay)
            elif e.is_repeat:
                r = RosterWidget(self, e, base)
                self.rosters.append(r)
                lay.addWidget(r)
            else:
                self._add_question(e, path, lay)

    def _add_question(self, e, path: str, lay) -> None:
        if not self.session.has(path):
            return
        w = make_question(self.ctx, path, e)
        if self.editor.read_only:
            w.setEnabled(False)  # approved or deleted: shown, not edited
        if path in self.comments:
            w.set_review_comment(self.comments[path])
        w.committed.connect(self._on_committed)
        w.justified.connect(self._on_justified)
        w.focused.connect(self._on_focused)
        if hasattr(w, "attach_file"):  # a media question
            w.attach_file.connect(self._on_attach_file)
            w.attach_data.connect(self._on_attach_data)
        w.focus_target().installEventFilter(_Keys(self, w))
        if isinstance(w, ChoiceQuestion):
            w.code_complete.connect(self._on_code_complete)
        w.just.installEventFilter(_JustKeys(self, w))
        self.widgets[path] = w
        lay.addWidget(w)
        # shown or hidden explicitly now: a widget added to a shown page is otherwise shown by the
        # layout after the current event, whatever sync_visibility decided (a member's questions that
        # do not apply to that member appeared)
        w.setVisible(self.session.is_relevant(path))

    def _schedule_reload(self) -> None:
        # never rebuild inside the event handler of a widget the rebuild would delete
        QTimer.singleShot(0, self.reload_if_needed)

    def reload_if_needed(self) -> bool:
        """After the editor reloaded (``stale``): rebuild the screen from the version it holds (the same
        section stays in view). True if it was rebuilt."""
        if not self.stale:
            return False
        self.stale = False
        current = max(self.stack.currentIndex(), 0)
        self.statusBar().removeWidget(self.saved_label)
        self.widgets.clear()
        self.group_headers.clear()
        self.rosters.clear()
        self._order = {}
        self.form = self.editor.form
        self.secs = sections(self.form)
        self._sec_of: dict[str, int] = {}  # first path segment -> page (see _section)
        self._build_ui()
        self.refresh_title()
        self.show_section(min(current, len(self.secs) - 1), focus=False)
        self._refresh_erased_banner()
        self.record_changed.emit(self.record_id)
        return True

    def reload_from_database(self) -> bool:
        """The record may have changed elsewhere (a package import, the clerk's review): show the
        database's version. Text still being typed is saved first — on top of the newer version, or
        refused if that very answer changed (RecordEditor.set). True if the screen was rebuilt."""
        self.flush_all()
        if not self.editor.changed_elsewhere():
            return self.reload_if_needed()  # a save of the flush may have reloaded the editor
        self.editor.reload()
        self._reopen_agreed = False
        return self.reload_if_needed()

    def unregister_under(self, instance_path: str) -> None:
        if not instance_path:
            return
        for p in [p for p in self.widgets if p.startswith(instance_path + ".")]:
            del self.widgets[p]
        for p in [p for p in self.group_headers if p.startswith(instance_path + ".")]:
            del self.group_headers[p]
        self.rosters = [r for r in self.rosters if not (r.parent_path.startswith(instance_path))]

    # ------------------------------------------------------------------ showing state
    def refresh_title(self) -> None:
        from models.setup.form_names import title_for

        f = self.session.form
        label = title_for(f.form_id, f.title, self.ui_lang, f.settings)
        rec_label = self._label()
        status = status_text(self.editor.status)
        if self.editor.read_only:
            status += " · " + self.tr("chỉ xem")
        nameless = self.tr("(đã xoá dữ liệu cá nhân)") if self.editor.erased else self.tr("(chưa có tên)")
        self.heading.setText((rec_label or nameless) + " — " + status)
        self.setWindowTitle(f"{rec_label or label} — Khảo sát số")

    def _label(self) -> str:
        from models.records.editor import record_label

        return record_label(self.form, self.session)

    def _flat_group_visible(self, path: str) -> bool:
        """A group without a node of its own (a ``flat`` form): shown while a question in it is."""
        s = self.session
        e = self.form.get(path.rsplit(".", 1)[-1])
        if e is None or not e.flat:
            return False
        prefix = path.rsplit(".", 1)[0] + "." if "." in path else ""
        todo, names = [e.name], []
        while todo:
            for c in self.form.children(todo.pop()):
                if c.type == "group":
                    todo.append(c.name)
                elif not c.is_repeat:
                    names.append(prefix + c.name)
        return any(s.has(q) and s.is_relevant(q) for q in names)

    def sync_visibility(self) -> None:
        s = self.session
        explicit = Qt.WidgetAttribute.WA_WState_ExplicitShowHide
        for p, w in list(self.widgets.items()):
            try:
                vis = s.has(p) and s.is_relevant(p)
            except RuntimeError:
                continue
            if w.isHidden() == vis or not w.testAttribute(explicit):
                w.setVisible(vis)
        for p, h in list(self.group_headers.items()):
            vis = s.has(p) and s.is_relevant(p) if s.has(p) else self._flat_group_visible(p)
            if h.isHidden() == vis or not h.testAttribute(explicit):
                h.setVisible(vis)
        for r in self.rosters:
            insts = r.instances()
            vis = any(s.is_relevant(ip) for ip in insts) if insts else (
                not r.parent_path or s.is_relevant(r.parent_path))
            if r.rep.binds.relevant is not None and not insts:
                vis = False
            r.setVisible(vis)

    def refresh_issue_displays(self, paths=None) -> None:
        s = self.session
        for p in (paths if paths is not None else list(self.widgets)):
            w = self.widgets.get(p)
            if w is None or not s.has(p):
                continue
            issues = [i for i in s.issues_at(p) if self.show_all or i.kind != "required"]
            w.set_issues(issues, self.show_all or w.visited)

    def _section(self, path: str) -> int:
        """``section_index`` of a path, remembered by its first segment (it decides the page)."""
        first = path.split(".", 1)[0]
        k = self._sec_of.get(first)
        if k is None:
            k = self._sec_of[first] = section_index(self.form, self.secs, first)
        return k

    def refresh_nav(self) -> None:
        s = self.session
        per: dict[int, list] = {}
        for i in s.issues():
            per.setdefault(self._section(i.path), []).append(i)
        answered: dict[int, int] = {}
        total: dict[int, int] = {}
        for p in s.question_paths(relevant_only=True):
            e = s.element(p)
            if not e.is_input or s.is_read_only(p):
                continue
            k = self._section(p)
            total[k] = total.get(k, 0) + 1
            if s.value(p):
                answered[k] = answered.get(k, 0) + 1
        for k, sec in enumerate(self.secs):
            item = self.nav.item(k)
            issues = per.get(k, [])
            shown_issues = [i for i in issues if self.show_all or i.kind != "required"]
            t, a = total.get(k, 0), answered.get(k, 0)
            title = sec.title(self.form, self.lang)
            if t == 0:
                state = self.tr("không áp dụng")
                color = "#777777"
            elif not issues:
                state = "✓ " + self.tr("xong")
                color = "#1b5e20"
            else:
                state = f"{a}/{t}"
                if shown_issues:
                    state += " · " + self.tr("%n vấn đề", "", len(shown_issues))
                color = "#b3261e" if shown_issues else "#333333"
            item.setText(f"{title}\n   {state}")
            item.setForeground(__import__("PySide6.QtGui", fromlist=["QColor"]).QColor(color))
            item.setData(PATH_ROLE, sec.key)

    def apply(self, ch) -> None:
        """Update the screen after an engine change (values, relevance, roster, issues)."""
        s = self.session
        if ch.structure:
            self._order = {}
            for r in list(self.rosters):
                r.refresh()
        for p in ch.values:
            w = self.widgets.get(p)
            if w is not None and s.has(p):
                w.refresh_value()
        dyn = [w for w in self.widgets.values() if _dynamic(w)]
        for w in dyn:
            if s.has(w.path):
                w.refresh_label()
        if ch.relevance or ch.structure:
            self.sync_visibility()
        self.refresh_issue_displays([p for p in ch.issues] + [p for p in ch.values])
        touched = {p.split(".", 1)[0] for p in ch.values | ch.issues if "[" in p.split(".", 1)[0]}
        for r in self.rosters:
            for ip in touched:
                r.update_row(ip)
        self.refresh_nav()
        self.refresh_title()
        if self.issues_pane.isVisible():
            self.fill_issues(s.issues())  # the list never shows an issue already fixed

    def say_cleaned(self, paths) -> None:
        """A non-blocking note in the status bar: the answers named lost characters an answer cannot hold
        (NUL and other control characters, ``forms.engine.Changes.cleaned``) when they were saved."""
        s = self.session
        names = [f"“{_first_line(s.label(p, self.lang)) if s.has(p) else p}”" for p in sorted(paths)]
        self.cleaned_note = self.tr("Đã bỏ ký tự điều khiển không lưu được (ví dụ ký tự NUL) khỏi câu trả lời %1; "
                                    "hãy xem lại câu trả lời đã lưu.").replace("%1", ", ".join(names))
        self.statusBar().showMessage(self.cleaned_note, 20000)

    def status_saved(self) -> None:
        from datetime import datetime

        self.saved_label.setText(self.tr("Đã lưu lúc {0}").format(datetime.now().strftime("%H:%M:%S")))
        self.record_changed.emit(self.record_id)

    # ------------------------------------------------------------------ saving
    def _on_committed(self, path: str, value: str, leaving: bool) -> None:
        if self.stale:
            return  # the screen shows a version that is being replaced: wait for the rebuild
        s = self.session
        if not s.has(path):
            return
        w = self.widgets.get(path)
        if not s.is_relevant(path) or s.is_read_only(path):
            # not asked for this record (or member): never stored (the export would leave it out)
            if w is not None:
                w.refresh_value()
            return
        if value == s.value(path):
            if leaving:
                self.refresh_issue_displays([path])
                self.refresh_nav()
            return
        if not self.confirm_reopen() or not self._confirm_count_change(path, value):
            if w is not None:
                w.refresh_value()
            return
        try:
            ch = self.editor.set(path, value)
        except AppError as err:
            show_error(self, err)
            if not self.stale and w is not None:  # not reloaded: the widget shows the saved value again
                w.refresh_value()
            return
        if ch.cleaned:
            self.say_cleaned(ch.cleaned)
        if self.stale:
            # saved on top of a version changed elsewhere: the rebuild (scheduled) shows that version
            self.status_saved()
            return
        self.apply(ch)
        if ch.cleaned and w is not None:
            w.refresh_value()  # what was saved, without the characters removed
        if leaving:
            self.refresh_issue_displays([path])
        self.status_saved()

    # ------------------------------------------------------------------ attached files
    def _attached_file(self, name: str):
        """A file the record's answers name: its entry and bytes (for the thumbnail)."""
        from models.store.files import file_bytes

        entry = self.editor.files().get(name)
        if entry is None:
            return None, None
        data = file_bytes(self.store, entry["sha256"]) if str(entry.get("type", "")).startswith("image/") else None
        return entry, data

    def _on_attach_file(self, path: str, file: str) -> None:
        """Read a chosen file (its size checked first: a huge file is refused unread) and attach it."""
        from models.base.errors import os_error
        from models.records import attachments

        name = os.path.basename(file)
        try:
            size = os.path.getsize(file)
            if size > attachments.MAX_FILE_BYTES:
                show_error(self, attachments.too_large(path, name, size))
                return
            with open(file, "rb") as fh:
                data = fh.read(attachments.MAX_FILE_BYTES + 1)
        except OSError as err:
            show_error(self, os_error(err, file))
            return
        self._on_attach_data(path, data, name)

    def _on_attach_data(self, path: str, data: bytes, name: str) -> None:
        if self.stale or not self.session.has(path):
            return
        w = self.widgets.get(path)
        if not self.confirm_reopen():
            return
        try:
            ch = self.editor.attach(path, data, original_name=name)
        except AppError as err:
            show_error(self, err)
            if not self.stale and w is not None:
                w.refresh_value()
            return
        if self.stale:
            self.status_saved()
            return
        self.apply(ch)
        if w is not None:
            w.refresh_value()
        self.refresh_issue_displays([path])
        self.status_saved()

    def confirm_reopen(self) -> bool:
        """Before the first edit of a complete record an enumerator is told that it goes back to
        draft and has to be completed again (a clerk's correction keeps it complete)."""
        if self._reopen_agreed or not self.editor.edit_reopens:
            return True
        ans = QMessageBox.question(
            self, self.tr("Sửa phiếu đã hoàn thành?"),
            self.tr("Phiếu này đã hoàn thành. Nếu sửa, phiếu sẽ chuyển về Nháp; sửa xong cần bấm "
                    "“Kiểm tra và hoàn thành” lại để phiếu được tính là hoàn thành.\n\nSửa phiếu?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        self._reopen_agreed = ans == QMessageBox.StandardButton.Yes
        return self._reopen_agreed

    def _on_justified(self, path: str, text: str) -> None:
        if self.stale:
            return
        if not self.confirm_reopen():
            w = self.widgets.get(path)
            if w is not None:
                w.just.setText(self.session.justification(path))
            return
        try:
            ch = self.editor.justify(path, text)
        except AppError as err:
            show_error(self, err)  # a failed save reloaded the editor: the rebuild is scheduled
            return
        self.apply(ch)
        self.refresh_issue_displays([path])
        self.status_saved()

    def _on_focused(self, path: str) -> None:
        w = self.widgets.get(path)
        if w is not None:
            self.ensure_visible(w)  # however the focus came (a click, Qt's own focus chain)
        with contextlib.suppress(AppError):
            self.editor.visit(path)

    def forward_from(self, q: QuestionWidget) -> None:
        """Enter/Tab in a question: save it; a hard error keeps the cursor in the field (its text
        selected, to be typed over), an unconfirmed soft warning goes into its justification, else
        the next relevant question."""
        self.leave(q)
        s = self.session
        issues = s.issues_at(q.path) if s.has(q.path) and s.is_relevant(q.path) else ()
        if any(i.kind == "constraint" for i in issues):
            self._focus(q)
            return
        if any(i.kind == "warning" and not i.justification for i in issues) and q.just.isVisible():
            self._focus_justification(q)
            return
        self.focus_next(q.path)

    def _on_code_complete(self, path: str) -> None:
        """A single choice's whole code was typed: on to the next question (unless a hard error
        keeps the cursor, or a warning asks for its justification)."""
        w = self.widgets.get(path)
        if w is not None and not self.stale and w.focus_target().hasFocus():
            self.forward_from(w)

    def _focus_justification(self, q: QuestionWidget) -> None:
        self.ensure_visible(q)
        q.just.setFocus(Qt.FocusReason.TabFocusReason)
        q.just.selectAll()

    def leave(self, q: QuestionWidget) -> None:
        """The enumerator leaves a question with the keyboard: save what is typed, show its checks."""
        if q.pending():
            q.flush()  # digits of a choice number still being typed
        if hasattr(q, "_on_left") and not isinstance(q, NoteQuestion):
            q._on_left()
        else:
            q.visited = True
            self.refresh_issue_displays([q.path])

    def flush_all(self) -> None:
        for w in list(self.widgets.values()):
            if w.pending():
                w.flush()

    def _confirm_count_change(self, path: str, value: str) -> bool:
        """A smaller count removes roster members: ask first if they have answers (they are kept
        aside and come back if the count goes up again; the audit trail keeps every value)."""
        e = self.session.element(path)
        for rep in self.form.repeats:
            rc = rep.binds.repeat_count
            if rc is None or e.name not in {n for n, _d in rc.deps} or rep.repeats:
                continue
            try:
                new = int(float(value))
            except ValueError:
                continue
            insts = self.session.repeat_instances(rep.name)
            removed = insts[max(new, 0):]
            with_answers = [ip for ip in removed if any(
                self.session.value(p) for p in self.session.question_paths()
                if p.startswith(ip + ".") and self.session.element(p).is_input)]
            if not with_answers:
                continue
            first = next((c for c in self.form.children(rep.name) if c.type == "text"), None)
            names = [self.session.value(f"{ip}.{first.name}") if first else ip for ip in with_answers]
            text = self.tr("Giảm xuống {0} sẽ bỏ {1} dòng đã có câu trả lời: {2}.\n\nCác câu trả lời được giữ "
                           "lại trong nhật ký và sẽ trở lại nếu tăng số này lên. Tiếp tục?").format(
                new, len(with_answers), ", ".join(n or "?" for n in names))
            ans = QMessageBox.question(self, self.tr("Bỏ bớt thành viên?"), text,
                                       QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                       QMessageBox.StandardButton.No)
            return ans == QMessageBox.StandardButton.Yes
        return True

    def add_instance(self, repeat: str, parent_path: str = "") -> str:
        if not self.confirm_reopen():
            return ""
        try:
            path = self.editor.add_instance(repeat, parent_path)
        except AppError as err:
            show_error(self, err)  # a failed save reloaded the editor: the rebuild is scheduled
            return ""
        self.sync_visibility()
        self.refresh_nav()
        self.status_saved()
        return path

    def remove_instance(self, path: str) -> None:
        first = next((c for c in self.form.children(self.session.element(path).name) if c.type == "text"), None)
        name = self.session.value(f"{path}.{first.name}") if first else ""
        ans = QMessageBox.question(
            self, self.tr("Xóa thành viên?"),
            self.tr("Xóa dòng {0} {1}? Các dòng sau sẽ lùi lên một số. Câu trả lời vẫn còn trong nhật ký.").format(
                path, name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if ans != QMessageBox.StandardButton.Yes or not self.confirm_reopen():
            return
        try:
            self.editor.remove_instance(path)
        except AppError as err:
            show_error(self, err)  # a failed save reloaded the editor: the rebuild is scheduled
            return
        for r in self.rosters:
            if r.current == path:
                r.current = ""
        self.unregister_under(path)
        for r in list(self.rosters):
            r.refresh()
        self.sync_visibility()
        self.refresh_nav()
        self.status_saved()

    # ------------------------------------------------------------------ navigation
    def _on_nav(self, row: int) -> None:
        if row >= 0 and row != self.stack.currentIndex():
            self.show_section(row, focus=False)

    def show_section(self, i: int, *, focus: bool) -> None:
        if not 0 <= i < len(self.secs):
            return
        self.flush_all()
        self.build_section(i)
        self.stack.setCurrentIndex(i)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(i)
        self.nav.blockSignals(False)
        self.sync_visibility()
        self.prev_btn.setEnabled(i > 0)
        self.next_btn.setEnabled(i < len(self.secs) - 1)
        if focus:
            self.focus_first_on_page(i)

    def order(self) -> dict[str, int]:
        if not self._order:
            self._order = {p: k for k, p in enumerate(self.session.question_paths())}
        return self._order

    def _focusable(self, page: int) -> list[QuestionWidget]:
        s = self.session
        content = self.pages[page].widget()
        out = []
        for p, w in self.widgets.items():
            if isinstance(w, NoteQuestion) or not s.has(p) or not s.is_relevant(p) or s.is_read_only(p):
                continue
            if content is None or not content.isAncestorOf(w):
                continue
            out.append(w)
        order = self.order()
        out.sort(key=lambda w: order.get(w.path, 1 << 30))
        return out

    def _roster_of_page(self, page: int) -> RosterWidget | None:
        content = self.pages[page].widget()
        return next((r for r in self.rosters if content is not None and content.isAncestorOf(r)), None)

    def focus_first_on_page(self, page: int) -> bool:
        self.build_section(page)
        ws = self._focusable(page)
        if ws:
            self._focus(ws[0])
            return True
        return False

    def focus_first_in(self, instance_path: str) -> None:
        order = self.order()
        ws = [w for p, w in self.widgets.items()
              if p.startswith(instance_path + ".") and not isinstance(w, NoteQuestion)
              and self.session.has(p) and self.session.is_relevant(p) and not self.session.is_read_only(p)]
        ws.sort(key=lambda w: order.get(w.path, 1 << 30))
        if ws:
            self._focus(ws[0])

    def focus_last_in(self, instance_path: str) -> None:
        order = self.order()
        ws = [w for p, w in self.widgets.items()
              if p.startswith(instance_path + ".") and not isinstance(w, NoteQuestion)
              and self.session.has(p) and self.session.is_relevant(p) and not self.session.is_read_only(p)]
        ws.sort(key=lambda w: order.get(w.path, 1 << 30))
        if ws:
            self._focus(ws[-1])

    def _focus(self, w: QuestionWidget) -> None:
        w.focus_input()
        self.ensure_visible(w)

    def ensure_visible(self, w: QuestionWidget) -> None:
        """Scroll the page so that the whole question (label to justification) is in view — now, and
        again once the layout has placed widgets just built (a member's questions)."""
        self._scroll_to(w)
        if self._scroll_later is None:
            QTimer.singleShot(0, self._scroll_again)
        self._scroll_later = w

    def _scroll_again(self) -> None:
        w, self._scroll_later = self._scroll_later, None
        if w is not None:
            self._scroll_to(w)

    def _scroll_to(self, w: QuestionWidget) -> None:
        try:
            for sa in self.pages:
                content = sa.widget()
                if content is not None and content.isAncestorOf(w):
                    lay = content.layout()
                    if lay is not None:
                        lay.activate()
                    sa.ensureWidgetVisible(w, 10, 40)
                    return
        except RuntimeError:  # the widget was deleted (a member shown instead, a rebuild)
            return

    def focus_next(self, path: str) -> None:
        page = self.stack.currentIndex()
        ws = self._focusable(page)
        order = self.order()
        me = order.get(path, -1)
        later = [w for w in ws if order.get(w.path, -1) > me]
        if later:
            self._focus(later[0])
            return
        roster = self._roster_of_page(page)
        if roster is not None and roster.next_member():
            return
        for nxt in range(page + 1, len(self.secs)):
            self.show_section(nxt, focus=False)
            if self.focus_first_on_page(nxt):
                return
        self.complete_btn.setFocus()

    def focus_prev(self, path: str) -> None:
        page = self.stack.currentIndex()
        ws = self._focusable(page)
        order = self.order()
        me = order.get(path, 1 << 30)
        earlier = [w for w in ws if order.get(w.path, 1 << 30) < me]
        if earlier:
            self._focus(earlier[-1])
            return
        roster = self._roster_of_page(page)
        if roster is not None and roster.previous_member():
            return
        for prv in range(page - 1, -1, -1):
            self.show_section(prv, focus=False)
            ws = self._focusable(prv)
            if ws:
                self._focus(ws[-1])
                return

    def go_to(self, path: str) -> None:
        """Show the page of a question (and its roster member) and put the cursor in it."""
        s = self.session
        if not s.has(path):
            return
        i = section_index(self.form, self.secs, path)
        if i < 0:
            return
        self.show_section(i, focus=False)
        if "[" in path:
            inst = path.rsplit(".", 1)[0] if "." in path else path
            for r in self.rosters:
                insts = r.instances()
                if inst in insts:
                    r.select(insts.index(inst), focus=False)
        w = self.widgets.get(path)
        if w is not None:
            w.visited = True
            self.refresh_issue_displays([path])
            issues = s.issues_at(path)
            if (w.just.isVisible() and any(i.kind == "warning" and not i.justification for i in issues)
                    and not any(i.kind == "constraint" for i in issues)):
                self._focus_justification(w)
            else:
                self._focus(w)

    def open_where_stopped(self) -> None:
        last = self.editor.last_path
        s = self.session
        if last and s.has(last) and s.is_relevant(last):
            self.go_to(last)
            return
        # a new record: the first question waiting for an answer (not the prefilled enumerator,
        # province, commune)
        for p in s.question_paths(relevant_only=True):
            e = s.element(p)
            if e.is_input and e.type != "note" and not s.is_read_only(p) and not s.value(p) and \
                    section_index(self.form, self.secs, p) >= 0:
                if p in self._widgets_after_showing(p):
                    self.go_to(p)
                    return
                break
        self.show_section(0, focus=True)

    def _widgets_after_showing(self, path: str) -> dict[str, QuestionWidget]:
        """The question widgets once the page of ``path`` is built."""
        i = section_index(self.form, self.secs, path)
        if i >= 0:
            self.build_section(i)
        return self.widgets

    # ------------------------------------------------------------------ completing
    def mark_complete(self) -> None:
        self.flush_all()
        try:
            issues = self.editor.mark_complete()
        except AppError as err:
            show_error(self, err)  # a failed save reloaded the editor: the rebuild is scheduled
            return
        self.show_all = True
        self.refresh_issue_displays()
        self.refresh_nav()
        self.refresh_title()
        self.fill_issues(issues)
        self.record_changed.emit(self.record_id)
        if issues:
            self.issues_list.setFocus(Qt.FocusReason.OtherFocusReason)
            self.issues_list.setCurrentRow(0)  # Enter goes to the first issue
        else:
            self.saved_label.setText(self.tr("Phiếu đã hoàn thành và được lưu."))
            QMessageBox.information(self, self.tr("Hoàn thành"), self.tr("Phiếu đã kiểm tra xong, không còn vấn đề."))
            self.activateWindow()  # the keyboard is back here: Esc closes, Ctrl+N starts the next one
            self.complete_btn.setFocus(Qt.FocusReason.OtherFocusReason)

    def fill_issues(self, issues) -> None:
        row = self.issues_list.currentRow()
        self.issues_list.blockSignals(True)
        self.issues_list.clear()
        kinds = {"required": self.tr("Chưa trả lời"), "constraint": self.tr("Không hợp lệ"),
                 "warning": self.tr("Cần xác nhận")}
        s = self.session
        for i in issues:
            lab = s.label(i.path, self.lang) if s.has(i.path) else i.path
            where = ""
            if "[" in i.path:
                where = self.tr("Dòng {0}: ").format(i.path.split("[", 1)[1].split("]", 1)[0])
            item = QListWidgetItem(f"{where}{_first_line(lab)}\n   {kinds.get(i.kind, i.kind)}: {i.message}")
            item.setData(PATH_ROLE, i.path)
            color = "#8a5300" if i.kind == "warning" else "#b3261e"
            item.setForeground(__import__("PySide6.QtGui", fromlist=["QColor"]).QColor(color))
            self.issues_list.addItem(item)
        if row >= 0 and self.issues_list.count():
            self.issues_list.setCurrentRow(min(row, self.issues_list.count() - 1))
        self.issues_list.blockSignals(False)
        self.issues_title.setText(self.tr("%n vấn đề cần xử lý", "", len(issues)) if issues
                                  else self.tr("Không còn vấn đề nào"))
        self.issues_pane.setVisible(True)

    def show_issues(self) -> None:
        self.flush_all()
        self.fill_issues(self.session.issues())

    def _on_issue_clicked(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.go_to(path)

    # ------------------------------------------------------------------ language
    def _on_lang_changed(self) -> None:
        code = self.lang_box.currentData()
        if not code or code == self.lang:
            return
        self.flush_all()
        current = self.stack.currentIndex()
        self.editor = self._open_editor(code)
        self.stale = False
        self.lang = code
        self._ctx = Ctx(self.session, self.lang, self.ui_lang, file=self._attached_file)
        for w in list(self.widgets.values()):
            w.deleteLater()
        self.widgets.clear()
        self.group_headers.clear()
        self.rosters.clear()
        self._order = {}
        for sa in self.pages:
            old = sa.takeWidget()
            if old is not None:
                old.deleteLater()
        self._built.clear()
        self.refresh_nav()
        self.show_section(max(current, 0), focus=False)
        self.refresh_title()
        if self.comments:
            self.banner.setText(self._banner_html())  # question labels in the new language

    # ------------------------------------------------------------------ closing
    def closeEvent(self, ev) -> None:
        self.flush_all()
        self.record_changed.emit(self.record_id)
        super().closeEvent(ev)
        self.closed.emit(self.record_id)


def _dynamic(w: QuestionWidget) -> bool:
    """Whether a question's label, hint, required mark or choices (a choice filter: cascading lists,
    lists read from an attachment) can change with the answers (worked out once per widget: it depends
    on the form only)."""
    d = getattr(w, "_is_dynamic", None)
    if d is None:
        e = w.e
        r = e.binds.required
        d = (any("${" in t for t in e.labels.values()) or any("${" in t for t in e.hints.values())
             or (r is not None and r.source.strip().lower() not in ("true()", "yes", "true"))
             or e.binds.choice_filter is not None)
        w._is_dynamic = d
    return d


def _first_line(t: str) -> str:
    return (t or "").split("\n", 1)[0]


def _short(t: str, n: int = 90) -> str:
    return t if len(t) <= n else t[:n - 1].rstrip() + "…"
