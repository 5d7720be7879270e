"""The member roster: a compact table of the instances of a repeat, the selected member's questions
beneath, add/remove for open rosters. A roster whose size is set by a question (``repeat_count``)
follows that question; line numbers are positions, so they never change under the enumerator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.model import Element
from ui.entry.sections import shown


class RosterWidget(QFrame):
    def __init__(self, window, rep: Element, parent_path: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.win = window
        self.rep = rep
        self.parent_path = parent_path
        self.setObjectName("roster_" + rep.name)
        form = window.form
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        lay.addWidget(self.title)
        # summary columns: the first text question, then up to three short closed questions
        kids = [e for e in self._flat(rep.name) if shown(e) and e.is_input]
        first_text = next((e for e in kids if e.type == "text"), None)
        others = [e for e in kids if e.type in ("select_one", "integer", "date") and e is not first_text][:3]
        self.cols = ([first_text] if first_text else []) + others
        self.table = QTableWidget(0, len(self.cols) + 2)
        self.table.setObjectName("roster_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # the line number and the issue mark are narrow; the questions share the rest, their whole
        # labels wrapped on up to three lines (a cut "M02. Relationship to the he…" says nothing)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for c in (0, len(self.cols) + 1):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                 | Qt.TextFlag.TextWordWrap)
        head.setTextElideMode(Qt.TextElideMode.ElideNone)
        head.setMinimumHeight(3 * head.fontMetrics().lineSpacing() + 8)
        self.table.setMaximumHeight(190)
        self.table.itemSelectionChanged.connect(self._on_selected)
        lay.addWidget(self.table)
        bar = QHBoxLayout()
        self.add_btn = QPushButton(self.tr("+ Thêm thành viên"))
        self.add_btn.setObjectName("roster_add")
        self.del_btn = QPushButton(self.tr("Xóa thành viên đang chọn"))
        self.del_btn.setObjectName("roster_remove")
        from ui.entry.window import FOCUS_STYLE

        for b in (self.add_btn, self.del_btn):
            b.setAutoDefault(True)  # Enter presses the focused button
            b.setStyleSheet(FOCUS_STYLE)
        self.table.setStyleSheet(FOCUS_STYLE)
        self.count_note = QLabel()
        self.count_note.setStyleSheet("color: #5f6368;")
        bar.addWidget(self.add_btn)
        bar.addWidget(self.del_btn)
        bar.addWidget(self.count_note, 1)
        lay.addLayout(bar)
        counted = rep.binds.repeat_count is not None
        self.add_btn.setVisible(not counted)
        self.del_btn.setVisible(not counted)
        if getattr(window.editor, "read_only", False):
            self.add_btn.setEnabled(False)
            self.del_btn.setEnabled(False)
        if counted:
            names = [n for n, _d in rep.binds.repeat_count.deps if n in form]
            src = form.label(names[0], window.lang) if names else ""
            self.count_note.setText(self.tr("Số dòng theo câu: {0}").format(src))
        self.add_btn.clicked.connect(self._on_add)
        self.del_btn.clicked.connect(self._on_remove)
        self.member_title = QLabel()
        self.member_title.setStyleSheet("font-weight: bold; font-size: 11pt; margin-top: 6px;")
        lay.addWidget(self.member_title)
        self.member_box = QWidget()
        self.member_lay = QVBoxLayout(self.member_box)
        self.member_lay.setContentsMargins(12, 0, 0, 0)
        lay.addWidget(self.member_box)
        self.current = ""  # path of the member shown
        self.refresh()

    def _flat(self, container: str) -> list[Element]:
        out = []
        for e in self.win.form.children(container):
            if e.type == "group":
                out.extend(self._flat(e.name))
            elif not e.is_repeat:
                out.append(e)
        return out

    def instances(self) -> list[str]:
        s = self.win.session
        if self.parent_path and not s.has(self.parent_path):
            return []
        return s.repeat_instances(self.rep.name, self.parent_path)

    def refresh(self) -> None:
        """Rebuild the table from the session (after a member was added/removed or answered)."""
        s = self.win.session
        lang = self.win.lang
        self.title.setText(f"<b>{s.form.text(self.rep.labels, lang) or self.rep.name}</b>")
        heads = [self.tr("Dòng")] + [s.form.label(e.name, lang) for e in self.cols] + [self.tr("Vấn đề")]
        self.table.setHorizontalHeaderLabels(heads)
        for c, text in enumerate(heads):
            self.table.horizontalHeaderItem(c).setToolTip(text)
        insts = self.instances()
        self.table.blockSignals(True)
        self.table.setRowCount(len(insts))
        for r, ip in enumerate(insts):
            self.table.setItem(r, 0, QTableWidgetItem(str(r + 1)))
            for c, e in enumerate(self.cols, start=1):
                p = f"{ip}.{e.name}"
                v = s.value(p) if s.has(p) else ""
                if e.list_name and v:
                    v = s.form.choice_label(e.list_name, v, lang)
                self.table.setItem(r, c, QTableWidgetItem(v))
            it = QTableWidgetItem()
            self._issue_cell(it, ip)
            self.table.setItem(r, len(self.cols) + 1, it)
        self.table.blockSignals(False)
        self.del_btn.setEnabled(bool(insts))
        if self.current not in insts:
            self.current = ""
        if insts:
            self.select(insts.index(self.current) if self.current else 0, focus=False)
        else:
            self._show_member("")

    def update_row(self, instance_path: str) -> None:
        insts = self.instances()
        if instance_path not in insts:
            return
        s = self.win.session
        r = insts.index(instance_path)
        for c, e in enumerate(self.cols, start=1):
            p = f"{instance_path}.{e.name}"
            v = s.value(p) if s.has(p) else ""
            if e.list_name and v:
                v = s.form.choice_label(e.list_name, v, self.win.lang)
            item = self.table.item(r, c)
            if item is not None:
                item.setText(v)
        item = self.table.item(r, len(self.cols) + 1)
        if item is not None:
            self._issue_cell(item, instance_path)

    def _issue_cell(self, item: QTableWidgetItem, ip: str) -> None:
        """✓ when the member is done; the number of issues shown (unanswered ones after validation)."""
        issues = [i for i in self.win.session.issues() if i.path.startswith(ip + ".")]
        shown_n = sum(1 for i in issues if self.win.show_all or i.kind != "required")
        item.setText("✓" if not issues else (str(shown_n) if shown_n else ""))
        item.setForeground(QBrush(QColor("#1b5e20" if not issues else "#b3261e")))

    def select(self, row: int, *, focus: bool = True) -> None:
        insts = self.instances()
        if not 0 <= row < len(insts):
            return
        self.table.blockSignals(True)
        self.table.selectRow(row)
        self.table.blockSignals(False)
        if insts[row] != self.current or not self.member_lay.count():
            self._show_member(insts[row])
        if focus:
            self.win.focus_first_in(self.current)

    def _on_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            insts = self.instances()
            if rows[0].row() < len(insts) and insts[rows[0].row()] != self.current:
                self._show_member(insts[rows[0].row()])

    def _show_member(self, ip: str) -> None:
        self.win.unregister_under(self.current)
        while self.member_lay.count():
            item = self.member_lay.takeAt(0)
            w = item.widget()
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.current = ip
        if not ip:
            self.member_title.setText("")
            return
        s = self.win.session
        insts = self.instances()
        line = insts.index(ip) + 1
        first = f"{ip}.{self.cols[0].name}" if self.cols else ""
        name = s.value(first) if first and s.has(first) else ""
        self.member_title.setText(self.tr("Dòng {0}: {1}").format(line, name) if name
                                  else self.tr("Dòng {0}").format(line))
        self.win.build_block(self.rep.name, ip, self.member_lay)
        self.win.sync_visibility()

    def next_member(self) -> bool:
        """Move to the next member (keyboard flow); False after the last one."""
        insts = self.instances()
        if self.current in insts and insts.index(self.current) + 1 < len(insts):
            self.select(insts.index(self.current) + 1)
            return True
        return False

    def previous_member(self) -> bool:
        insts = self.instances()
        if self.current in insts and insts.index(self.current) > 0:
            self.select(insts.index(self.current) - 1, focus=False)
            self.win.focus_last_in(self.current)
            return True
        return False

    def _on_add(self) -> None:
        path = self.win.add_instance(self.rep.name, self.parent_path)
        if path:
            self.current = path
            self.refresh()
            self.win.focus_first_in(path)

    def _on_remove(self) -> None:
        if self.current:
            self.win.remove_instance(self.current)
