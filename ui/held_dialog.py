"""“Phiếu ngoài địa bàn…”: the new records a package brought from outside this unit's area, held for a
person (``models.exchange.held``). The person selects some and accepts them into the database or
refuses them; each decision is a ``WriteJob`` on the database's one writer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.fmt import format_datetime_utc
from ui.hub import hub_for
from ui.messages import show_error, ui_lang
from ui.worker import WriteJob


class HeldRecordsDialog(QDialog):
    """The held records, with “Nhận vào cơ sở dữ liệu” and “Từ chối” for the selected rows."""

    def __init__(self, db_path: str, parent=None):
        super().__init__(parent)
        self.store_path = db_path
        self.hub = hub_for(db_path)
        self.setWindowTitle(self.tr("Phiếu ngoài địa bàn đang được giữ"))
        self.resize(900, 420)
        lay = QVBoxLayout(self)
        self.note = QLabel(self.tr(
            "Các phiếu mới dưới đây thuộc xã ngoài địa bàn của máy này nên chưa được đưa vào cơ sở dữ liệu. "
            "Hãy hỏi người gửi rồi chọn phiếu và bấm “Nhận vào cơ sở dữ liệu” hoặc “Từ chối”."), self)
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("Phiếu"), self.tr("Xã"), self.tr("Lý do"),
                                              self.tr("Gói gửi đến"), self.tr("Nhận lúc")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.accept_button = QPushButton(self.tr("Nhận vào cơ sở dữ liệu"), self)
        self.refuse_button = QPushButton(self.tr("Từ chối"), self)
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.refuse_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.accept_button.clicked.connect(lambda: self._decide(True))
        self.refuse_button.clicked.connect(lambda: self._decide(False))
        self.table.itemSelectionChanged.connect(self._enable)
        self.refresh()

    def refresh(self) -> None:
        from models.exchange.held import held_records
        from models.setup import admin_units

        try:
            with self.hub.store() as store:
                held = held_records(store)
        except Exception as err:
            show_error(self, err)
            return
        lang = ui_lang()
        self.table.setRowCount(len(held))
        for r, h in enumerate(held):
            values = [h.label or h.record_id, admin_units.name(h.commune, lang) or h.commune or "?",
                      h.reason.text(lang), h.source, format_datetime_utc(h.received_at)]
            for c, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                item.setData(Qt.ItemDataRole.UserRole, h.record_id)
                self.table.setItem(r, c, item)
        if not held:
            self.status.setText(self.tr("Không còn phiếu nào đang được giữ."))
        self._enable()

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        items = [self.table.item(r, 0) for r in rows]
        return [str(i.data(Qt.ItemDataRole.UserRole)) for i in items if i is not None]

    def _enable(self) -> None:
        chosen = bool(self.selected_ids())
        self.accept_button.setEnabled(chosen)
        self.refuse_button.setEnabled(chosen)

    def _decide(self, accept: bool) -> None:
        from models.exchange.held import accept_held, refuse_held

        ids = self.selected_ids()
        if not ids:
            return
        if not accept:
            asked = QMessageBox.question(
                self, self.tr("Từ chối phiếu"),
                self.tr("Từ chối %n phiếu? Các phiếu này sẽ không được đưa vào cơ sở dữ liệu (nếu gói khác gửi lại, "
                        "chúng lại được giữ để hỏi).", "", len(ids)))
            if asked != QMessageBox.StandardButton.Yes:
                return
        n = len(ids)

        def done(_changes) -> None:
            text = (self.tr("Đã nhận %n phiếu vào cơ sở dữ liệu.", "", n) if accept
                    else self.tr("Đã từ chối %n phiếu.", "", n))
            self.refresh()
            self.status.setText(text)

        (WriteJob(accept_held if accept else refuse_held, db=self.store_path,
                  title=self.tr("Đang xử lý phiếu đang được giữ…"),
                  what=self.tr("nhận hoặc từ chối phiếu ngoài địa bàn"), ids=ids)
         .on_success(done).on_failure(lambda err: show_error(self, err)).start(self))
