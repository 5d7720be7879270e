"""Resolution views of the consolidation screen: conflicts and duplicates side by side, and review.

Each dialog reads what it shows through one service call and writes the person's decision through
one service call (``models.exchange.merge.resolve``, ``models.records.duplicates.keep_both/merge_records``,
``models.records.review.approve/send_back``) run as a job on the database's writer (:func:`_decide`): the
dialog closes when the decision is written, says so while it waits for another job, and stays open
with the message when it is refused (errors go through ``ui.messages.show_error``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.exchange.compare import comparison_rows, version_origin
from ui.fmt import format_datetime_utc, status_text
from ui.messages import show_error, ui_lang

_DIFF = QColor(255, 236, 179)
_GREY = QColor(128, 128, 128)
RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # the final value as stored (the cell shows it formatted)
ABSENT_ROLE = Qt.ItemDataRole.UserRole  # True: the final value leaves the answer out


def _store(path: str):
    from models.store.database import open_store

    return open_store(path, create=False)


def _decide(dlg: QDialog, buttons: list[QPushButton], fn, what: str, then, **kwargs) -> None:
    """Write a decision (``fn(store=…, **kwargs)``) on the writer; ``then()`` and close the dialog when
    it is written. The buttons wait meanwhile; a refusal is shown and they work again."""
    from ui.worker import WriteJob

    for b in buttons:
        b.setEnabled(False)

    def written(_changes) -> None:
        then()
        dlg.accept()

    def refused(err) -> None:
        for b in buttons:
            b.setEnabled(True)
        show_error(dlg, err)

    (WriteJob(fn, db=dlg.store_path, title=QCoreApplication.translate("consolidation", "Đang lưu quyết định…"),
              what=what, **kwargs)
     .on_success(written).on_failure(refused).start(dlg))


# Module-level helpers translate in the context "consolidation" (tr() of a widget passed in would
# use the widget's class, which lupdate cannot know).
def role_text(role: str) -> str:
    if role == "enumerator":
        return QCoreApplication.translate("consolidation", "điều tra viên")
    if role == "clerk":
        return QCoreApplication.translate("consolidation", "cán bộ xã")
    if role == "province":
        return QCoreApplication.translate("consolidation", "cấp tỉnh")
    return role


def value_text(row: dict[str, Any], value: str | None, lang: str) -> str:
    """A stored value the way a person reads it: choice labels with the code in brackets, numbers
    and dates in the interface's format, statuses translated."""
    from models.exchange.compare import choice_text, media_text
    from ui.fmt import format_date, format_number

    if value is None:
        return QCoreApplication.translate("consolidation", "(không có)")
    kind = row.get("kind")
    if kind == "status":
        return status_text(value)
    if kind == "deleted":
        return (QCoreApplication.translate("consolidation", "đã xóa") if value in ("1", "True", "true")
                else QCoreApplication.translate("consolidation", "không"))
    if row.get("choices"):
        return choice_text(row, value) or ""
    if kind in ("integer", "decimal"):
        return format_number(value, lang)
    if kind == "date":
        return format_date(value)
    if "files" in row:
        return media_text(row, value, lang) or ""
    return value


def row_label(row: dict[str, Any]) -> str:
    lines = row.get("lines") or []
    label = row["label"]
    if lines:
        label = QCoreApplication.translate("consolidation", "Dòng {0}").format(
            ".".join(str(n) for n in lines)) + " · " + label
    return label


class _RawDelegate(QStyledItemDelegate):
    """The final value is edited as stored (a code, 1234.5, 2025-08-01) and shown formatted."""

    def __init__(self, table: _FieldChoiceTable):
        super().__init__(table)
        self.table = table

    def setEditorData(self, editor, index) -> None:  # noqa: N802 (Qt)
        editor.setText(index.data(RAW_ROLE) or "")

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 (Qt)
        self.table.set_final_raw(index.row(), editor.text(), edited=True)


class _FieldChoiceTable(QTableWidget):
    """Rows: question | one column per version | choice | final value (editable)."""

    COL_LABEL = 0

    def __init__(self, rows: list[dict[str, Any]], headers: list[str], parent: QWidget | None = None, *,
                 lang: str = "vi"):
        super().__init__(len(rows), len(headers) + 3, parent)
        self.rows = rows
        self.lang = lang
        self.n = len(headers)
        self.col_choice = self.n + 1
        self.col_value = self.n + 2
        self.setHorizontalHeaderLabels([self.tr("Câu hỏi"), *headers, self.tr("Chọn"), self.tr("Giá trị cuối")])
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(True)
        self.setItemDelegateForColumn(self.col_value, _RawDelegate(self))
        self.combos: list[QComboBox] = []
        self.blockSignals(True)
        for r, row in enumerate(rows):
            item = QTableWidgetItem(row_label(row))
            item.setToolTip(f"{row_label(row)}\n({row['path']})")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(r, 0, item)
            for c, v in enumerate(row["values"]):
                it = QTableWidgetItem(value_text(row, v, lang))
                it.setFlags(Qt.ItemFlag.ItemIsEnabled)
                it.setToolTip(it.text())
                if not row["same"]:
                    it.setBackground(QBrush(_DIFF))
                if v is None:
                    it.setForeground(QBrush(_GREY))
                self.setItem(r, 1 + c, it)
            combo = QComboBox(self)
            for h in headers:
                combo.addItem(h)
            combo.addItem(self.tr("Sửa"))
            combo.currentIndexChanged.connect(lambda i, r=r: self._on_choice_changed(r, i))
            self.setCellWidget(r, self.col_choice, combo)
            self.combos.append(combo)
            val = QTableWidgetItem()
            val.setFlags(val.flags() | Qt.ItemFlag.ItemIsEditable)
            self.setItem(r, self.col_value, val)
            self.set_final_raw(r, row["values"][0])  # version 1 as proposed; absent stays absent
        self.blockSignals(False)
        h = self.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(True)

    def fit(self, width: int) -> None:
        """Column widths for a dialog ``width`` pixels wide: every column visible (1366x768 screens)."""
        question = max(220, int(width * 0.30))
        choice = 120
        rest = max(300, width - question - choice - 40)
        per = max(140, int(rest / (self.n + 1)))
        self.setColumnWidth(0, question)
        for c in range(self.n):
            self.setColumnWidth(1 + c, per)
        self.setColumnWidth(self.col_choice, choice)
        self.resizeRowsToContents()

    def set_final_raw(self, r: int, value: str | None, *, edited: bool = False) -> None:
        item = self.item(r, self.col_value)
        self.blockSignals(True)
        item.setData(RAW_ROLE, "" if value is None else value)
        item.setData(ABSENT_ROLE, value is None)
        item.setText(value_text(self.rows[r], value, self.lang))
        item.setForeground(QBrush(_GREY) if value is None else QBrush())
        self.blockSignals(False)
        if edited:
            combo = self.combos[r]
            combo.blockSignals(True)
            combo.setCurrentIndex(self.n)
            combo.blockSignals(False)

    def _on_choice_changed(self, r: int, i: int) -> None:
        if i < self.n:
            self.set_final_raw(r, self.rows[r]["values"][i])

    def choose_all(self, i: int) -> None:
        for r, combo in enumerate(self.combos):
            combo.blockSignals(True)
            combo.setCurrentIndex(i)
            combo.blockSignals(False)
            self._on_choice_changed(r, i)

    def choose(self, path: str, i: int) -> None:
        r = next(k for k, row in enumerate(self.rows) if row["path"] == path)
        self.combos[r].setCurrentIndex(i)

    def set_final(self, path: str, text: str) -> None:
        """Type a final value (as stored) for ``path``, as a person editing the cell does."""
        r = next(k for k, row in enumerate(self.rows) if row["path"] == path)
        self.set_final_raw(r, text, edited=True)

    def values(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for r, row in enumerate(self.rows):
            item = self.item(r, self.col_value)
            absent = bool(item.data(ABSENT_ROLE))
            out[row["path"]] = None if absent else (item.data(RAW_ROLE) or "")
        return out


def _fit_dialog(dlg: QDialog, table: _FieldChoiceTable | None = None) -> None:
    """Size a resolution view to the screen (1366x768 laptops): every column visible."""
    screen = dlg.screen().availableGeometry() if dlg.screen() is not None else None
    w = min(1300, screen.width() - 40) if screen is not None else 1300
    h = min(720, screen.height() - 60) if screen is not None else 700
    dlg.resize(w, h)
    if table is not None:
        table.fit(w - 30)


def _origin_text(o: dict[str, Any]) -> str:
    who = o["name"] or o["code"] or "?"
    if o["code"] and o["name"]:
        who += f" ({o['code']})"
    parts = [who]
    if o["role"]:
        parts.append(role_text(o["role"]))
    parts.append(QCoreApplication.translate("consolidation", "trên máy này") if o["this_device"]
                 else QCoreApplication.translate("consolidation", "máy khác"))
    return ", ".join(parts)


class ConflictDialog(QDialog):
    """A record changed on two devices: both versions side by side, a choice (or an edit) per field."""

    def __init__(self, store_path: str, record_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        from models.exchange.merge import leaves_of

        self.store_path = store_path
        self.record_id = record_id
        self.setWindowTitle(self.tr("Giải quyết xung đột"))
        lang = ui_lang()
        store = _store(store_path)
        try:
            self.leaves = leaves_of(store, record_id)
            rows = comparison_rows(store, self.leaves, lang=lang)
            origins = [version_origin(store, record_id, v) for v in self.leaves]
        finally:
            store.close()
        headers = [self.tr("Phiên bản %1").replace("%1", chr(ord("A") + i)) for i in range(len(self.leaves))]
        lay = QVBoxLayout(self)
        info = QLabel(self.tr("Phiếu \u201c%1\u201d đã được sửa ở hai nơi. Các ô tô màu là chỗ khác nhau: chọn "
                              "phiên bản cho từng câu hỏi hoặc sửa giá trị cuối, rồi lưu.")
                      .replace("%1", self.leaves[0].get("label") or self.tr("(chưa có tên)")), self)
        info.setWordWrap(True)
        lay.addWidget(info)
        self.version_labels = []
        for i, v in enumerate(self.leaves):
            lab = QLabel(self.tr("%1: sửa lúc %2 · %3 · %4").replace("%1", headers[i])
                         .replace("%2", format_datetime_utc(v["modified_at"], lang))
                         .replace("%3", _origin_text(origins[i])).replace("%4", status_text(v["status"])),
                         self)
            lab.setToolTip(self.tr("Mã phiên bản: %1").replace("%1", v["rev"]))
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lay.addWidget(lab)
            self.version_labels.append(lab)
        self.table = _FieldChoiceTable(rows, headers, self, lang=lang)
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
        _fit_dialog(self, self.table)

    def _on_save_clicked(self) -> None:
        from models.exchange.merge import resolve

        _decide(self, [self.save_button], resolve, self.tr("giải quyết xung đột"), lambda: None,
                record_id=self.record_id, values=self.table.values(), base_rev=self.leaves[0]["rev"])


class DuplicateDialog(QDialog):
    """Two records that may be the same unit: keep both, or merge into one choosing field by field."""

    def __init__(self, store_path: str, record_a: str, record_b: str, parent: QWidget | None = None):
        super().__init__(parent)
        from models.exchange.merge import row_to_version

        self.store_path = store_path
        self.ids = [record_a, record_b]
        self.setWindowTitle(self.tr("Phiếu có thể trùng"))
        lang = ui_lang()
        store = _store(store_path)
        try:
            self.versions = [row_to_version(store.record(r)) for r in self.ids]
            rows = comparison_rows(store, self.versions, lang=lang)
            origins = [version_origin(store, v["id"], v) for v in self.versions]
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
        lay.addWidget(QLabel(self.tr("Giữ lại:"), self))
        row = QVBoxLayout()  # one line each: both fit a 1366-pixel screen
        row.setContentsMargins(12, 0, 0, 0)
        for i, v in enumerate(self.versions):
            rb = QRadioButton(self.tr("%1: %2 (%3, %4, sửa lúc %5)").replace("%1", headers[i])
                              .replace("%2", v["label"] or self.tr("(chưa có tên)"))
                              .replace("%3", _origin_text(origins[i])).replace("%4", status_text(v["status"]))
                              .replace("%5", format_datetime_utc(v["modified_at"], lang)), self)
            rb.setChecked(i == 0)
            self.survivor_group.addButton(rb, i)
            row.addWidget(rb)
        lay.addLayout(row)
        self.table = _FieldChoiceTable(rows, headers, self, lang=lang)
        # the kept record's answers are proposed; choose the other's field by field
        self.survivor_group.idClicked.connect(self.table.choose_all)
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
        _fit_dialog(self, self.table)
        self.decision = ""

    def _on_keep_clicked(self) -> None:
        from models.records.duplicates import keep_both

        _decide(self, [self.keep_button, self.merge_button], keep_both, self.tr("quyết định phiếu trùng"),
                lambda: setattr(self, "decision", "keep_both"), record_a=self.ids[0], record_b=self.ids[1])

    def _on_merge_clicked(self) -> None:
        from models.records.duplicates import merge_records

        s = self.survivor_group.checkedId()
        survivor, other = self.ids[s], self.ids[1 - s]
        _decide(self, [self.keep_button, self.merge_button], merge_records, self.tr("quyết định phiếu trùng"),
                lambda: setattr(self, "decision", "merged"), survivor=survivor, other=other,
                values=self.table.values())


class ReviewDialog(QDialog):
    """Approve a record, or send it back with a comment on the record and on specific questions."""

    COL_QUESTION, COL_ANSWER, COL_COMMENT = 0, 1, 2

    def __init__(self, store_path: str, record_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        from models.exchange.merge import row_to_version
        from models.records.review import review_of

        self.store_path = store_path
        self.record_id = record_id
        self.setWindowTitle(self.tr("Duyệt phiếu"))
        lang = ui_lang()
        store = _store(store_path)
        try:
            rec = store.record(record_id)
            rows = [r for r in comparison_rows(store, [rec], lang=lang) if not r["path"].startswith("@")]
            review = review_of(store, record_id)
            origin = version_origin(store, record_id, row_to_version(rec))
        finally:
            store.close()
        self.paths = [r["path"] for r in rows]
        lay = QVBoxLayout(self)
        head = QLabel(self.tr("%1 · %2 · trạng thái: %3 · sửa lần cuối %4 · %5 vấn đề chưa xử lý")
                      .replace("%1", rec["label"] or self.tr("(chưa có tên)"))
                      .replace("%2", _origin_text(origin)).replace("%3", status_text(rec["status"]))
                      .replace("%4", format_datetime_utc(rec["modified_at"], lang)).replace("%5", str(rec["issues"])),
                      self)
        head.setWordWrap(True)
        self.head = head
        lay.addWidget(head)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Câu hỏi"), self.tr("Trả lời"),
                                              self.tr("Nhận xét (bấm đúp để ghi)")])
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        old = review.get("questions") or {}
        for r, row in enumerate(rows):
            q = QTableWidgetItem(row_label(row))
            q.setToolTip(f"{row_label(row)}\n({row['path']})")
            q.setFlags(Qt.ItemFlag.ItemIsEnabled)
            a = QTableWidgetItem(value_text(row, row["values"][0], lang) if row["values"][0] else "")
            a.setToolTip(a.text())
            a.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(r, self.COL_QUESTION, q)
            self.table.setItem(r, self.COL_ANSWER, a)
            self.table.setItem(r, self.COL_COMMENT, QTableWidgetItem(old.get(row["path"], "")))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
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
        _fit_dialog(self)
        w = self.width() - 40
        self.table.setColumnWidth(self.COL_QUESTION, int(w * 0.42))
        self.table.setColumnWidth(self.COL_ANSWER, int(w * 0.25))
        self.table.resizeRowsToContents()
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
        from models.records.review import approve

        _decide(self, [self.approve_button, self.send_back_button], approve, self.tr("duyệt phiếu"),
                lambda: setattr(self, "decision", "approved"), record_id=self.record_id,
                comment=self.comment.toPlainText())

    def _on_send_back_clicked(self) -> None:
        from models.records.review import send_back

        _decide(self, [self.approve_button, self.send_back_button], send_back, self.tr("duyệt phiếu"),
                lambda: setattr(self, "decision", "returned"), record_id=self.record_id,
                comment=self.comment.toPlainText(), questions=self.question_comments())


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
