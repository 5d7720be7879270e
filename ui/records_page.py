"""The record list (the main page): every record of this installation, filtered and searched in SQL,
with new / open / mark complete / delete (soft) / restore / duplicate check.

The list follows every change of the database (``ui.hub.Hub.changes_applied``: imports, reviews…) and
the entry windows it opened (``record_changed``). Its own actions on one record (new, complete,
delete) are written at once on the UI thread's connection, like an answer in an entry window."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.base.changes import FORMS, RECORDS, Changes
from models.base.errors import AppError
from models.records import queries
from models.records.errors import RecordCode
from models.setup.form_names import title_for
from ui.hub import hub_for
from ui.messages import show_error
from ui.record_model import RecordTableModel

SEARCH_DEBOUNCE_MS = 250


class RecordsPage(QWidget):
    """``RecordsPage(store_path, parent)`` like every page; the main window passes its open store
    with :meth:`attach` so the list and the entry windows share one connection."""

    record_opened = Signal(str)

    def __init__(self, store_path: str, parent: QWidget | None = None, *, store=None, ui_lang: str = "vi"):
        super().__init__(parent)
        self.store_path = store_path
        self.ui_lang = ui_lang
        if store is None:
            from models.store.database import open_store

            store = open_store(store_path, create=False)
        self.store = store
        self.hub = hub_for(store.path)
        self.hub.guard(store)
        self.entry_windows: dict[str, QWidget] = {}
        self._build()
        self.hub.changes_applied.connect(self._on_changes_applied)
        self.refresh()

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Tìm theo tên, mã số thuế, số điện thoại…"))
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 2)
        self.form_box = QComboBox()
        self.form_box.setObjectName("filter_form")
        self.status_box = QComboBox()
        self.status_box.setObjectName("filter_status")
        self.village_box = QComboBox()
        self.village_box.setObjectName("filter_village")
        self.enum_box = QComboBox()
        self.enum_box.setObjectName("filter_enumerator")
        for w in (self.form_box, self.status_box, self.village_box, self.enum_box):
            w.setMinimumWidth(120)
            top.addWidget(w, 1)
        self.bin_box = QCheckBox(self.tr("Thùng rác"))
        self.bin_box.setObjectName("show_deleted")
        top.addWidget(self.bin_box)
        lay.addLayout(top)
        self.model = RecordTableModel(self.store, self)
        self.model.lang = self.ui_lang
        self.view = QTableView()
        self.view.setObjectName("records")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(RecordTableModel.COL_MODIFIED, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setVisible(False)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(False)
        widths = [190, 300, 150, 110, 70, 140, 110]
        for i, wdt in enumerate(widths):  # never narrower than the heading (and its sort arrow) in either language
            self.view.setColumnWidth(i, max(wdt, hh.sectionSizeHint(i)))
        hh.setSectionResizeMode(RecordTableModel.COL_LABEL, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda idx: self.open_record(self.model.record_id(idx.row())))
        lay.addWidget(self.view, 1)
        self.empty_label = QLabel(self.view.viewport())  # guidance over an empty list
        self.empty_label.setObjectName("empty_hint")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #5f6368; font-size: 11pt; padding: 24px;")
        self.empty_label.setVisible(False)
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)  # Enter opens the selected record
        bar = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        bar.addWidget(self.count_label, 1)
        self.new_btn = QPushButton(self.tr("+ Phiếu mới"))
        self.new_btn.setObjectName("new_record")
        self.open_btn = QPushButton(self.tr("Mở"))
        self.open_btn.setObjectName("open_record")
        self.complete_btn = QPushButton(self.tr("Đánh dấu hoàn thành"))
        self.complete_btn.setObjectName("complete_record")
        self.dup_btn = QPushButton(self.tr("Kiểm tra trùng"))
        self.dup_btn.setObjectName("duplicates")
        self.del_btn = QPushButton(self.tr("Xóa"))
        self.del_btn.setObjectName("delete_record")
        self.erase_btn = QPushButton(self.tr("Xoá dữ liệu cá nhân…"))
        self.erase_btn.setObjectName("erase_personal")
        self.erase_btn.setToolTip(self.tr("Xoá họ tên, CCCD, số điện thoại… của người trả lời (theo cột 'pii' của "
                                          "biểu mẫu) khỏi phiếu, ở máy này và mọi máy nhận gói sau này"))
        for b in (self.new_btn, self.open_btn, self.complete_btn, self.dup_btn, self.del_btn, self.erase_btn):
            bar.addWidget(b)
        lay.addLayout(bar)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DEBOUNCE_MS)
        self.timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        for box in (self.form_box, self.status_box, self.village_box, self.enum_box):
            box.currentIndexChanged.connect(self.apply_filter)
        self.bin_box.toggled.connect(self._on_bin_toggled)
        self.new_btn.clicked.connect(self.new_record)
        self.open_btn.clicked.connect(lambda: self.open_record(self.current_id()))
        self.complete_btn.clicked.connect(self.complete_current)
        self.dup_btn.clicked.connect(self.check_duplicates)
        self.del_btn.clicked.connect(self.delete_or_restore)
        self.erase_btn.clicked.connect(self.erase_current)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.selectionModel().currentRowChanged.connect(self._select_current)
        self.model.modelReset.connect(self._update_buttons)

    # ---- filters
    def _fill_filters(self) -> None:
        def fill(box: QComboBox, first: str, items: list[tuple[str, str]]) -> None:
            keep = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, "")
            for value, text in items:
                box.addItem(text, value)
            i = box.findData(keep)
            box.setCurrentIndex(i if i >= 0 else 0)
            box.blockSignals(False)

        fill(self.form_box, self.tr("Mọi biểu mẫu"),
             [(f["form_id"], title_for(f["form_id"], f["title"], self.ui_lang)) for f in self.store.forms()])
        fill(self.status_box, self.tr("Mọi trạng thái"),
             [(s, self.model.status_text(s)) for s in ("draft", "complete", "returned", "approved")])
        fill(self.village_box, self.tr("Mọi thôn/tổ"), [(v, v) for v in queries.distinct_values(self.store, "village")])
        fill(self.enum_box, self.tr("Mọi điều tra viên"),
             [(v, v) for v in queries.distinct_values(self.store, "enumerator")])

    def current_filter(self) -> queries.RecordFilter:
        return queries.RecordFilter(form_id=self.form_box.currentData() or "",
                                    status=self.status_box.currentData() or "",
                                    village=self.village_box.currentData() or "",
                                    enumerator=self.enum_box.currentData() or "",
                                    text=self.search.text().strip(), deleted=self.bin_box.isChecked())

    def apply_filter(self) -> None:
        self.timer.stop()
        self.model.set_filter(self.current_filter())
        self._update_count()

    def refresh(self) -> None:
        """Re-read everything (the page is shown again, a record changed elsewhere)."""
        self._fill_filters()
        keep = self.current_id()
        self.model.set_filter(self.current_filter())
        self._update_count(recount=True)
        if keep:
            self.select(keep)

    def _update_count(self, *, recount: bool = False) -> None:
        n = self.model.rowCount()
        if self.model.flt == queries.RecordFilter() and not self.model.more:
            self._total = n  # nothing filtered: the list's own count is the total
        elif recount or not hasattr(self, "_total"):
            self._total = self.store.count_records()
        total = self._total
        if self.model.more:
            self.count_label.setText(self.tr("hơn {0} phiếu (tổng {1})").format(_n(n, self.ui_lang),
                                                                               _n(total, self.ui_lang)))
        else:
            # plural forms from the catalogue ("1 record", "2 records"); the number as the list writes it
            count = self.tr("%n phiếu", "", n).replace(str(n), _n(n, self.ui_lang), 1)
            self.count_label.setText(self.tr("{0} (tổng {1})").format(count, _n(total, self.ui_lang)))
        self._update_empty_hint(n, total)

    def empty_hint(self, n: int, total: int) -> str:
        """What to do when the list shows nothing: first start, a search without hits, the bin."""
        if n:
            return ""
        flt = self.current_filter()
        if flt.deleted:
            return self.tr("Thùng rác trống.")
        if flt.text:
            return self.tr("Không có phiếu nào khớp “{0}”. Hãy thử gõ ít chữ hơn (có dấu hay không dấu đều "
                           "được), kiểm tra bộ lọc, hoặc xóa ô tìm để xem mọi phiếu.").format(flt.text)
        if total and (flt.form_id or flt.status or flt.village or flt.enumerator):
            return self.tr("Không có phiếu nào theo bộ lọc đang chọn. Chọn “Mọi …” ở các ô lọc để xem mọi phiếu.")
        role = self.store.acting_role()
        text = self.tr("Chưa có phiếu nào. Bấm “+ Phiếu mới” (Ctrl+N) để bắt đầu phỏng vấn.")
        if role == "enumerator":
            text += "\n" + self.tr("Phiếu cán bộ xã trả lại để sửa: nhập gói ở trang “Gửi dữ liệu”.")
        elif role in ("clerk", "province"):
            text += "\n" + self.tr("Phiếu của điều tra viên: nhập các gói dữ liệu (.ksp) ở trang “Hợp nhất”.")
        return text

    def _update_empty_hint(self, n: int, total: int) -> None:
        text = self.empty_hint(n, total)
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self._place_empty_hint()

    def _place_empty_hint(self) -> None:
        vp = self.view.viewport()
        self.empty_label.setGeometry(0, 0, vp.width(), max(120, vp.height() // 2))

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802 (Qt)
        from PySide6.QtCore import QEvent

        if obj is self.view.viewport() and ev.type() == QEvent.Type.Resize:
            self._place_empty_hint()
        elif (obj is self.view and ev.type() == QEvent.Type.KeyPress
              and ev.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.bin_box.isChecked()):
            self.open_record(self.current_id())  # Enter opens the selected record
            return True
        return False

    def _on_bin_toggled(self, on: bool) -> None:
        self.del_btn.setText(self.tr("Khôi phục") if on else self.tr("Xóa"))
        self.apply_filter()

    def _update_buttons(self, *_a) -> None:
        has = bool(self.current_id())
        for b in (self.open_btn, self.complete_btn, self.dup_btn, self.del_btn):
            b.setEnabled(has)
        self.erase_btn.setEnabled(has and not self.bin_box.isChecked())
        self.open_btn.setEnabled(has and not self.bin_box.isChecked())
        self.complete_btn.setEnabled(has and not self.bin_box.isChecked())

    # ---- selection
    def _select_current(self, current, _previous=None) -> None:
        """The keyboard's row is the selected one: Tab into the list puts the cursor on a row (Qt does not
        select it), and the buttons must act on it (a one-row list has no Down to select with)."""
        sm = self.view.selectionModel()
        if current.isValid() and not sm.isRowSelected(current.row(), current.parent()):
            self.view.selectRow(current.row())

    def current_id(self) -> str:
        idx = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.record_id(idx[0].row()) if idx else ""

    def select(self, record_id: str) -> None:
        r = self.model.position_of(record_id)
        if r >= 0:
            self.view.selectRow(r)
            self.view.scrollTo(self.model.index(r, 0))

    # ---- actions
    def new_record(self) -> None:
        forms = self.store.forms()
        if not forms:
            QMessageBox.information(self, self.tr("Chưa có biểu mẫu"),
                                    self.tr("Hãy thêm một biểu mẫu trong Cài đặt → Biểu mẫu."))
            return
        if len(forms) == 1:
            fid = forms[0]["form_id"]
        else:
            titles = [f"{title_for(f['form_id'], f['title'], self.ui_lang)} ({f['version']})" for f in forms]
            choice, ok = QInputDialog.getItem(self, self.tr("Phiếu mới"), self.tr("Chọn biểu mẫu:"), titles, 0, False)
            if not ok:
                return
            fid = forms[titles.index(choice)]["form_id"]
        from models.records.editor import create_record

        try:
            rid = create_record(self.store, fid)
        except AppError as err:
            show_error(self, err)
            return
        self.refresh()
        self.select(rid)
        self.open_record(rid)

    def open_record(self, record_id: str) -> QWidget | None:
        if not record_id:
            return None
        w = self.entry_windows.get(record_id)
        if w is not None and w.isVisible():
            w.raise_()
            w.activateWindow()
            return w
        from ui.entry.window import FormEntryWindow

        try:
            w = FormEntryWindow(self.store, record_id, ui_lang=self.ui_lang)
        except AppError as err:
            show_error(self, err)
            return None
        w.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        w.record_changed.connect(self._on_record_changed)
        w.destroyed.connect(lambda *_a, rid=record_id: self.entry_windows.pop(rid, None))
        w.closed.connect(self._on_entry_closed)
        w.new_record_requested.connect(self.new_record, Qt.ConnectionType.QueuedConnection)
        self.entry_windows[record_id] = w
        w.show()
        self.record_opened.emit(record_id)
        return w

    def _on_entry_closed(self, record_id: str) -> None:
        """Back from an entry window: the list has the keyboard again, on the record just closed."""
        self.select(record_id)
        self.window().activateWindow()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_changes_applied(self, changes: Changes) -> None:
        """Records changed outside this page (a package import, the clerk's review): re-read the list
        (each open entry window follows the same signal for its own record)."""
        if changes.touches(RECORDS, FORMS):
            self.refresh()

    def _on_record_changed(self, record_id: str) -> None:
        # keep the selection; counts and columns change as answers are saved
        self.model.reload()
        self._update_count(recount=True)
        self.select(record_id)

    def complete_current(self) -> None:
        rid = self.current_id()
        if not rid:
            return
        from models.records.editor import set_status

        try:
            set_status(self.store, rid, "complete")
        except AppError as err:
            if err.code is RecordCode.NOT_COMPLETE:
                ans = QMessageBox.question(self, self.tr("Chưa hoàn thành"),
                                           err.message(self.ui_lang) + "\n\n" + self.tr("Mở phiếu để xem các vấn đề?"))
                if ans == QMessageBox.StandardButton.Yes:
                    w = self.open_record(rid)
                    if w is not None:
                        w.mark_complete()
                return
            show_error(self, err)
            return
        self.refresh()

    def delete_or_restore(self) -> None:
        rid = self.current_id()
        if not rid:
            return
        restoring = self.bin_box.isChecked()
        if not restoring:
            row = queries.row_by_id(self.store, rid)
            ans = QMessageBox.question(
                self, self.tr("Xóa phiếu?"),
                self.tr("Chuyển phiếu '{0}' vào thùng rác? Có thể khôi phục lại bất cứ lúc nào.").format(
                    row.label if row and row.label else rid))
            if ans != QMessageBox.StandardButton.Yes:
                return
        from models.records.editor import set_deleted

        try:
            set_deleted(self.store, rid, not restoring)
        except AppError as err:
            show_error(self, err)
            return
        w = self.entry_windows.get(rid)
        if w is not None and not restoring:
            w.close()
        self.refresh()

    def erase_current(self) -> None:
        """A data-protection request: erase the selected record's personal data, after a confirmation
        naming the questions (``ui.erase_dialog``), on the database's one writer."""
        rid = self.current_id()
        if not rid or self.bin_box.isChecked():
            return
        from ui.erase_dialog import erase_personal_data

        row = queries.row_by_id(self.store, rid)
        erase_personal_data(self, self.store, rid, label=row.label if row and row.label else "", lang=self.ui_lang,
                            done=lambda _res: (self.refresh(), self.select(rid)))

    def check_duplicates(self) -> None:
        rid = self.current_id()
        if not rid:
            return
        from models.records.duplicates import duplicates_of

        try:
            dups = duplicates_of(self.store, rid)
        except AppError as err:
            show_error(self, err)
            return
        d = DuplicatesDialog(self, dups)
        if d.exec() == QDialog.DialogCode.Accepted and d.chosen:
            self.select(d.chosen)
            self.open_record(d.chosen)


def _n(n: int, lang: str) -> str:
    """A count as ui.fmt.format_number writes it (1.234 grouping from five digits on)."""
    text = str(n)
    return f"{n:,}".replace(",", "." if lang == "vi" else ",") if len(text.lstrip("-")) >= 5 else text


class DuplicatesDialog(QDialog):
    """The possible duplicates of one record (``models.records.duplicates.duplicates_of``: the keys and the
    "keep both" decisions of the consolidation screen)."""

    def __init__(self, page: RecordsPage, dups: list):
        super().__init__(page)
        self.chosen = ""
        self.setWindowTitle(self.tr("Kiểm tra trùng"))
        lay = QVBoxLayout(self)
        reasons = {"tax_code": self.tr("cùng mã số thuế"), "phone": self.tr("cùng số điện thoại"),
                   "cccd": self.tr("cùng số định danh của chủ hộ"),
                   "household": self.tr("cùng tên chủ hộ, năm sinh chủ hộ và thôn")}
        if not dups:
            lay.addWidget(QLabel(self.tr("Không thấy phiếu nào có vẻ trùng với phiếu này.")))
        else:
            lay.addWidget(QLabel(self.tr("%n phiếu có thể trùng (nhấn đúp để mở):", "", len(dups))))
        self.list = QListWidget()
        self.list.setObjectName("duplicates_list")
        for dp in dups:
            self.list.addItem(f"{dp.label or dp.id} — {dp.village} — " + ", ".join(reasons.get(k, k) for k in dp.keys))
            self.list.item(self.list.count() - 1).setData(Qt.ItemDataRole.UserRole, dp.id)
        self.list.itemDoubleClicked.connect(self._open)
        lay.addWidget(self.list)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        bb.rejected.connect(self.reject)
        lay.addWidget(bb)
        self.resize(560, 300)

    def _open(self, item) -> None:
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
