"""Resolution views of the consolidation screen: conflicts and duplicates side by side, and review.

Each dialog reads what it shows through one service call and writes the person's decision through
one service call (``models.merge.resolve``, ``models.duplicates.keep_both/merge_records``,
``models.review.approve/send_back``); errors go through ``ui.messages.show_error``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QBrush
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QComboBox, QDialog, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ui.messages import show_error

_DIFF = QColor(255, 236, 179)


def _store(path: str):
    from models.store import open_store

    return open_store(path, create=False)


class _FieldChoiceTable(QTableWidget):
    """Rows: question | one column per version | choice | final value (editable)."""

    COL_LABEL = 0

    def __init__(self, rows: list[dict[str, Any]], headers: list[str], parent: QWidget | None = None):
        super().__init__(len(rows), len(headers) + 3, parent)
        self.rows = rows
        self.n = len(headers)
        self.col_choice = self.n + 1
        self.col_value = self.n + 2
        self.setHorizontalHeaderLabels([self.tr("Câu hỏi"), *headers, self.tr("Chọn"), self.tr("Giá trị cuối")])
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setVisible(False)
        self.combos: list[QComboBox] = []
        for r, row in enumerate(rows):
            item = QTableWidgetItem(row["label"])
            item.setToolTip(row["path"])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(r, 0, item)
            for c, v in enumerate(row["values"]):
                it = QTableWidgetItem("" if v is None else v)
                it.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if not row["same"]:
                    it.setBackground(QBrush(_DIFF))
                if v is None:
                    it.setText(self.tr("(không có)"))
                    it.setForeground(QBrush(QColor(128, 128, 128)))
                self.setItem(r, 1 + c, it)
            combo = QComboBox(self)
            for h in headers:
                combo.addItem(h)
            combo.addItem(self.tr("Sửa"))
            combo.currentIndexChanged.connect(lambda i, r=r: self._on_choice_changed(r, i))
            self.setCellWidget(r, self.col_choice, combo)
            self.combos.append(combo)
            first = row["values"][0]
            val = QTableWidgetItem("" if first is None else first)
            self.setItem(r, self.col_value, val)
        self.itemChanged.connect(self._on_item_changed)
        h = self.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(True)
        self.resizeColumnsToContents()

    def _on_choice_changed(self, r: int, i: int) -> None:
        if i < self.n:
            v = self.rows[r]["values"][i]
            self.blockSignals(True)
            self.item(r, self.col_value).setText("" if v is None else v)
            self.item(r, self.col_value).setData(Qt.ItemDataRole.UserRole, v is None)
            self.blockSignals(False)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == self.col_value:
            combo = self.combos[item.row()]
            combo.blockSignals(True)
            combo.setCurrentIndex(self.n)
            combo.blockSignals(False)
            item.setData(Qt.ItemDataRole.UserRole, False)

    def choose_all(self, i: int) -> None:
        for r, combo in enumerate(self.combos):
            combo.setCurrentIndex(i)
            self._on_choice_changed(r, i)

    def choose(self, path: str, i: int) -> None:
        r = next(k for k, row in enumerate(self.rows) if row["path"] == path)
        self.combos[r].setCurrentIndex(i)

    def set_final(self, path: str, text: str) -> None:
        r = next(k for k, row in enumerate(self.rows) if row["path"] == path)
        self.item(r, self.col_value).setText(text)

    def values(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for r, row in enumerate(self.rows):
            item = self.item(r, self.col_value)
            absent = bool(item.data(Qt.ItemDataRole.UserRole))
            out[row["path"]] = None if absent else item.text()
        return out


class ConflictDialog(QDialog):
    """A record changed on two devices: both versions side by side, a choice (or an edit) per field."""

    def __init__(self, store_path: str, record_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        from models.merge import leaves_of, side_by_side

        self.store_path = store_path
        self.record_id = record_id
        self.setWindowTitle(self.tr("Giải quyết xung đột"))
        store = _store(store_path)
        try:
            self.leaves = leaves_of(store, record_id)
            rows = side_by_side(store, self.leaves)
        finally:
            store.close()
        headers = [self.tr("Phiên bản %1").replace("%1", chr(ord("A") + i)) for i in range(len(self.leaves))]
        lay = QVBoxLayout(self)
        info = QLabel(self.tr("Phiếu \u201c%1\u201d đã được sửa ở hai nơi. Các ô tô màu là chỗ khác nhau: chọn "
                              "phiên bản cho từng câu hỏi hoặc sửa giá trị cuối, rồi lưu.")
                      .replace("%1", self.leaves[0].get("label") or record_id), self)
        info.setWordWrap(True)
        lay.addWidget(info)
        for i, v in enumerate(self.leaves):
            lab = QLabel(f"{headers[i]}: {v['modified_at']} · {v['enumerator']} · {v['status']} · {v['rev']}", self)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lay.addWidget(lab)
        self.table = _FieldChoiceTable(rows, headers, self)
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for i, h in enumerate(headers):
            b = QPushButton(self.tr("Tất cả theo %1").replace("%1", h), self)
            b.clicked.connect(lambda _=False, i=i: self.table.choose_all(i))
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Lưu quyết định"), self)
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("Hủy"), self)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        lay.addLayout(buttons)
        self.save_button.clicked.connect(self._on_save_clicked)
        cancel.clicked.connect(self.reject)
        self.resize(900, 600)
        self.new_rev = ""

    def _on_save_clicked(self) -> None:
        from models.merge import resolve

        try:
            store = _store(self.store_path)
            try:
                self.new_rev = resolve(store, self.record_id, self.table.values(), base_rev=self.leaves[0]["rev"])
            finally:
                store.close()
        except Exception as err:  # shown, never raised into Qt
            show_error(self, err)
            return
        self.accept()


class DuplicateDialog(QDialog):
    """Two records that may be the same unit: keep both, or merge into one choosing field by field."""

    def __init__(self, store_path: str, record_a: str, record_b: str, parent: QWidget | None = None):
        super().__init__(parent)
        from models.merge import row_to_version, side_by_side

        self.store_path = store_path
        self.ids = [record_a, record_b]
        self.setWindowTitle(self.tr("Phiếu có thể trùng"))
        store = _store(store_path)
        try:
            self.versions = [row_to_version(store.record(r)) for r in self.ids]
            rows = side_by_side(store, self.versions)
        finally:
            store.close()
        rows = [r for r in rows if not r["path"].startswith("@")]
        headers = [self.tr("Phiếu A"), self.tr("Phiếu B")]
        lay = QVBoxLayout(self)
        info = QLabel(self.tr("Hai phiếu này có cùng mã nhận diện (mã số thuế, chủ hộ/năm sinh/thôn hoặc số điện "
                              "thoại). Nếu là hai đơn vị khác nhau, chọn \u201cGiữ cả hai\u201d. Nếu là một, chọn "
                              "phiếu giữ lại, chọn giá trị từng câu rồi \u201cGộp thành một\u201d: phiếu kia bị "
                              "xóa mềm và ghi liên kết."), self)
        info.setWordWrap(True)
        lay.addWidget(info)
        self.survivor_group = QButtonGroup(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Giữ lại:"), self))
        for i, v in enumerate(self.versions):
            rb = QRadioButton(f"{headers[i]}: {v['label'] or v['id']} ({v['enumerator']}, {v['status']})", self)
            rb.setChecked(i == 0)
            self.survivor_group.addButton(rb, i)
            row.addWidget(rb)
        row.addStretch(1)
        lay.addLayout(row)
        self.table = _FieldChoiceTable(rows, headers, self)
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.keep_button = QPushButton(self.tr("Giữ cả hai"), self)
        self.merge_button = QPushButton(self.tr("Gộp thành một"), self)
        cancel = QPushButton(self.tr("Để sau"), self)
        buttons.addStretch(1)
        for b in (self.keep_button, self.merge_button, cancel):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.keep_button.clicked.connect(self._on_keep_clicked)
        self.merge_button.clicked.connect(self._on_merge_clicked)
        cancel.clicked.connect(self.reject)
        self.resize(900, 600)
        self.decision = ""

    def _on_keep_clicked(self) -> None:
        from models.duplicates import keep_both

        if self._run(lambda store: keep_both(store, *self.ids)):
            self.decision = "keep_both"
            self.accept()

    def _on_merge_clicked(self) -> None:
        from models.duplicates import merge_records

        s = self.survivor_group.checkedId()
        survivor, other = self.ids[s], self.ids[1 - s]
        values = self.table.values()
        if self._run(lambda store: merge_records(store, survivor, other, values)):
            self.decision = "merged"
            self.accept()

    def _run(self, fn) -> bool:
        try:
            store = _store(self.store_path)
            try:
                fn(store)
            finally:
                store.close()
        except Exception as err:
            show_error(self, err)
            return False
        return True


class ReviewDialog(QDialog):
    """Approve a record, or send it back with a comment on the record and on specific questions."""

    COL_QUESTION, COL_ANSWER, COL_COMMENT = 0, 1, 2

    def __init__(self, store_path: str, record_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        from models.merge import side_by_side
        from models.review import review_of

        self.store_path = store_path
        self.record_id = record_id
        self.setWindowTitle(self.tr("Duyệt phiếu"))
        store = _store(store_path)
        try:
            rec = store.record(record_id)
            rows = [r for r in side_by_side(store, [rec]) if not r["path"].startswith("@")]
            review = review_of(store, record_id)
        finally:
            store.close()
        self.paths = [r["path"] for r in rows]
        lay = QVBoxLayout(self)
        head = QLabel(self.tr("%1 · điều tra viên %2 · trạng thái %3 · %4 vấn đề chưa xử lý")
                      .replace("%1", rec["label"] or record_id).replace("%2", rec["enumerator"])
                      .replace("%3", rec["status"]).replace("%4", str(rec["issues"])), self)
        head.setWordWrap(True)
        lay.addWidget(head)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Câu hỏi"), self.tr("Trả lời"), self.tr("Nhận xét")])
        self.table.verticalHeader().setVisible(False)
        old = review.get("questions") or {}
        for r, row in enumerate(rows):
            q = QTableWidgetItem(row["label"])
            q.setToolTip(row["path"])
            q.setFlags(Qt.ItemFlag.ItemIsEnabled)
            a = QTableWidgetItem(row["values"][0] or "")
            a.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(r, self.COL_QUESTION, q)
            self.table.setItem(r, self.COL_ANSWER, a)
            self.table.setItem(r, self.COL_COMMENT, QTableWidgetItem(old.get(row["path"], "")))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        lay.addWidget(self.table, 1)
        lay.addWidget(QLabel(self.tr("Nhận xét chung cho phiếu:"), self))
        self.comment = QPlainTextEdit(self)
        self.comment.setPlainText(review.get("comment", ""))
        self.comment.setMaximumHeight(80)
        lay.addWidget(self.comment)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Duyệt"), self)
        self.send_back_button = QPushButton(self.tr("Trả lại để sửa"), self)
        cancel = QPushButton(self.tr("Đóng"), self)
        buttons.addStretch(1)
        for b in (self.approve_button, self.send_back_button, cancel):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.send_back_button.clicked.connect(self._on_send_back_clicked)
        cancel.clicked.connect(self.reject)
        self.resize(800, 600)
        self.decision = ""

    def set_comment(self, path: str, text: str) -> None:
        self.table.item(self.paths.index(path), self.COL_COMMENT).setText(text)

    def question_comments(self) -> dict[str, str]:
        out = {}
        for r, p in enumerate(self.paths):
            t = self.table.item(r, self.COL_COMMENT).text().strip()
            if t:
                out[p] = t
        return out

    def _on_approve_clicked(self) -> None:
        from models.review import approve

        if self._run(lambda store: approve(store, self.record_id, comment=self.comment.toPlainText())):
            self.decision = "approved"
            self.accept()

    def _on_send_back_clicked(self) -> None:
        from models.review import send_back

        qs = self.question_comments()
        text = self.comment.toPlainText()
        if self._run(lambda store: send_back(store, self.record_id, comment=text, questions=qs)):
            self.decision = "returned"
            self.accept()

    def _run(self, fn) -> bool:
        try:
            store = _store(self.store_path)
            try:
                fn(store)
            finally:
                store.close()
        except Exception as err:
            show_error(self, err)
            return False
        return True


class ExportDialog(QDialog):
    """Choose what goes in a package: everything, changes since the last one, or complete records."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Xuất gói dữ liệu"))
        lay = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.modes = ["all", "changes", "complete"]
        for i, text in enumerate([self.tr("Tất cả phiếu"), self.tr("Chỉ phiếu thay đổi kể từ gói trước gửi cùng "
                                                                      "người nhận"),
                                  self.tr("Chỉ phiếu đã hoàn thành hoặc đã duyệt")]):
            rb = QRadioButton(text, self)
            rb.setChecked(i == 0)
            self.group.addButton(rb, i)
            lay.addWidget(rb)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Mã hóa cho người nhận (tệp khóa công khai, không bắt buộc):"), self))
        self.key_edit = QLineEdit(self)
        row.addWidget(self.key_edit, 1)
        self.key_button = QPushButton(self.tr("Chọn…"), self)
        row.addWidget(self.key_button)
        lay.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.ok_button = QPushButton(self.tr("Xuất…"), self)
        cancel = QPushButton(self.tr("Hủy"), self)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        lay.addLayout(buttons)
        self.ok_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        self.key_button.clicked.connect(self._on_key_clicked)

    def _on_key_clicked(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, self.tr("Tệp khóa công khai của người nhận"), "",
                                              self.tr("Khóa công khai (*.pub *.json);;Mọi tệp (*)"))
        if path:
            self.key_edit.setText(path)

    def mode(self) -> str:
        return self.modes[self.group.checkedId()]

    def key_file(self) -> str:
        return self.key_edit.text().strip()
