"""The enumerator's "Gửi dữ liệu" page: send records to the commune clerk as a package file, import
the clerk's return package, and hand out this installation's public key.

A commune clerk sends the commune's package to the province from the consolidation page ("Xuất
gói…"); this page is the enumerator's one way of doing it. Every action is one service call
(``models.exchange.packages.export_to_file`` / ``import_into`` / ``write_key_file``,
``models.exchange.transfer.remember_key_file``) run as a :class:`ui.worker.WriteJob` on the database's
writer; ``models.exchange.transfer.overview`` fills the page, again after every change of the database
(``ui.hub.Hub.changes_applied``).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.base.changes import PACKAGES, RECORDS, SENDERS, SETTINGS, Changes
from ui.fmt import format_datetime_utc
from ui.hub import hub_for
from ui.messages import error_text, show_error, ui_lang
from ui.trust import ask_whom_to_trust, has_candidates
from ui.worker import WriteJob


class TransferPage(QWidget):
    """``TransferPage(store_path, parent)``: export for the clerk, import a return package, the key."""

    imported = Signal(object)      # list of ImportSummary
    exported = Signal(object)      # ExportResult

    MODES = ("changes", "all", "complete")

    def __init__(self, store_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store_path = str(store_path)
        self.hub = hub_for(self.store_path)
        self.worker: WriteJob | None = None
        self.data: dict[str, Any] = {}
        self.last_summaries: list[Any] = []
        self._build()
        self.hub.changes_applied.connect(self._on_changes_applied)
        self.refresh()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        title = QLabel(self.tr("Gửi dữ liệu cho cán bộ xã"))
        f = title.font()
        f.setPointSize(f.pointSize() + 4)
        f.setBold(True)
        title.setFont(f)
        lay.addWidget(title)
        intro = QLabel(self.tr("Dữ liệu đi bằng một tệp gói (.ksp): chép vào USB hoặc gửi qua Zalo, e-mail cho cán "
                               "bộ xã. Gói được ký bằng khóa của máy này; nếu có tệp khóa công khai của xã (hoặc "
                               "tỉnh), gói được mã hóa để chỉ người nhận đọc được."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.state_label = QLabel()
        self.state_label.setObjectName("transfer_state")
        self.state_label.setWordWrap(True)
        self.state_label.setStyleSheet("font-weight: bold;")
        lay.addWidget(self.state_label)

        row = QHBoxLayout()
        # ---- 1. send
        send = QGroupBox(self.tr("1. Gửi phiếu cho cán bộ xã"))
        sl = QVBoxLayout(send)
        self.mode_group = QButtonGroup(self)
        texts = {"changes": self.tr("Phiếu mới hoặc đã sửa kể từ gói trước gửi cùng người nhận (nên dùng)"),
                 "all": self.tr("Tất cả phiếu trên máy"),
                 "complete": self.tr("Chỉ phiếu đã hoàn thành")}
        self.mode_buttons: dict[str, QRadioButton] = {}
        for i, m in enumerate(self.MODES):
            rb = QRadioButton(texts[m])
            rb.setObjectName(f"mode_{m}")
            rb.setChecked(i == 0)
            self.mode_group.addButton(rb, i)
            self.mode_buttons[m] = rb
            sl.addWidget(rb)
        sl.addWidget(QLabel(self.tr("Mã hóa cho người nhận — tệp khóa công khai của xã hoặc tỉnh (không bắt buộc):")))
        krow = QHBoxLayout()
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("receiver_key")
        self.key_edit.setPlaceholderText(self.tr("không mã hóa"))
        self.key_edit.setReadOnly(True)
        self.key_pick = QPushButton(self.tr("Chọn…"))
        self.key_clear = QPushButton(self.tr("Bỏ"))
        krow.addWidget(self.key_edit, 1)
        krow.addWidget(self.key_pick)
        krow.addWidget(self.key_clear)
        sl.addLayout(krow)
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)
        self.key_note.setStyleSheet("color: #5f6368;")
        sl.addWidget(self.key_note)
        self.export_button = QPushButton(self.tr("Xuất gói gửi cán bộ xã…"))
        self.export_button.setObjectName("export_package")
        self.export_button.setStyleSheet("font-weight: bold;")
        sl.addWidget(self.export_button)
        sl.addStretch(1)
        row.addWidget(send, 3)
        # ---- 2. receive
        recv = QGroupBox(self.tr("2. Nhận phiếu trả lại"))
        rl = QVBoxLayout(recv)
        note = QLabel(self.tr("Cán bộ xã trả lại các phiếu cần sửa kèm nhận xét trong một gói. Nhập gói đó, rồi mở "
                              "các phiếu “Bị trả lại” ở trang Phiếu khảo sát: nhận xét hiện ngay trên phiếu và bên "
                              "cạnh từng câu."))
        note.setWordWrap(True)
        rl.addWidget(note)
        self.import_button = QPushButton(self.tr("Nhập gói trả lại…"))
        self.import_button.setObjectName("import_package")
        rl.addWidget(self.import_button)
        self.trust_button = QPushButton(self.tr("Tin cậy người gửi…"))
        self.trust_button.setObjectName("trust_sender")
        self.trust_button.setVisible(False)
        rl.addWidget(self.trust_button)
        self.held_button = QPushButton(self.tr("Phiếu ngoài địa bàn…"))
        self.held_button.setObjectName("held_records")
        self.held_button.setVisible(False)
        rl.addWidget(self.held_button)
        rl.addStretch(1)
        row.addWidget(recv, 2)
        # ---- 3. key
        keyb = QGroupBox(self.tr("3. Khóa công khai của máy này"))
        kl = QVBoxLayout(keyb)
        self.fp_label = QLabel()
        self.fp_label.setObjectName("fingerprint")
        self.fp_label.setWordWrap(True)
        self.fp_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        kl.addWidget(self.fp_label)
        knote = QLabel(self.tr("Gửi tệp khóa công khai cho cán bộ xã để gói trả lại được mã hóa cho máy này. Khi "
                               "cần, đọc mã khóa qua điện thoại để hai bên đối chiếu."))
        knote.setWordWrap(True)
        kl.addWidget(knote)
        self.key_button = QPushButton(self.tr("Lưu tệp khóa công khai…"))
        self.key_button.setObjectName("write_key")
        kl.addWidget(self.key_button)
        kl.addStretch(1)
        row.addWidget(keyb, 2)
        lay.addLayout(row)

        self.returned_label = QLabel()  # full width: a word-wrapped label in a group box gets squeezed
        self.returned_label.setObjectName("returned_summary")
        self.returned_label.setWordWrap(True)
        lay.addWidget(self.returned_label)
        self.result_label = QLabel()
        self.result_label.setObjectName("transfer_result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.result_label)

        self.tabs = QTabWidget()
        self.returned_table = self._table([self.tr("Phiếu"), self.tr("Nhận xét của cán bộ xã"),
                                           self.tr("Số câu có nhận xét")])
        self.sent_table = self._table([self.tr("Gửi lúc"), self.tr("Tệp"), self.tr("Số phiếu"), self.tr("Loại"),
                                       self.tr("Mã hóa cho")])
        self.received_table = self._table([self.tr("Nhập lúc"), self.tr("Tệp"), self.tr("Người gửi"),
                                           self.tr("Kết quả")])
        rh = self.returned_table.horizontalHeader()
        rh.setStretchLastSection(False)
        rh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.returned_table, "")
        self.tabs.addTab(self.sent_table, self.tr("Gói đã gửi"))
        self.tabs.addTab(self.received_table, self.tr("Gói đã nhận"))
        lay.addWidget(self.tabs, 1)

        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.trust_button.clicked.connect(self._on_trust_clicked)
        self.held_button.clicked.connect(self.open_held)
        self.key_button.clicked.connect(self._on_key_clicked)
        self.key_pick.clicked.connect(self._on_pick_key_clicked)
        self.key_clear.clicked.connect(lambda: self.set_receiver_key(""))

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        t.horizontalHeader().setStretchLastSection(True)
        return t

    # ------------------------------------------------------------------ showing
    def _on_changes_applied(self, changes: Changes) -> None:
        if changes.touches(RECORDS, PACKAGES, SENDERS, SETTINGS):
            self.refresh()

    def refresh(self) -> None:
        from models.exchange.held import held_count
        from models.exchange.transfer import overview

        try:
            with self.hub.store() as store:
                self.data = overview(store)
                waiting = held_count(store)
        except Exception as err:  # shown, never raised into Qt
            show_error(self, err)
            return
        self.held_button.setText(self.tr("Phiếu ngoài địa bàn (%1)…").replace("%1", str(waiting)))
        self.held_button.setVisible(waiting > 0)
        d = self.data
        c = d["counts"]
        self.state_label.setText(
            self.tr("Trên máy: %n phiếu ({0} hoàn thành, {1} nháp, {2} bị trả lại, {3} đã duyệt). "
                    "Chưa gửi (mới hoặc đã sửa): {4} phiếu.", "", d["total"]).format(
                c["complete"], c["draft"], c["returned"], c["approved"], d["changed"]))
        self.key_edit.setText(d["key_file"])
        if d["key_problem"] is not None:
            self.key_note.setText(error_text(d["key_problem"]))
            self.key_note.setStyleSheet("color: #b3261e;")
        elif d["receiver"]:
            self.key_note.setText(self.tr("Gói sẽ được mã hóa cho mã khóa {0}.").format(d["receiver"]))
            self.key_note.setStyleSheet("color: #1b5e20;")
        else:
            self.key_note.setText(self.tr("Không có tệp khóa: gói chỉ được ký, không mã hóa."))
            self.key_note.setStyleSheet("color: #5f6368;")
        self.fp_label.setText(self.tr("Mã khóa của máy này: {0}").format(d["fingerprint"]))
        ret = d["returned"]
        if ret:
            self.returned_label.setText(self.tr("%n phiếu đang bị trả lại để sửa: xem danh sách bên dưới, rồi mở "
                                                "phiếu ở trang Phiếu khảo sát.", "", len(ret)))
            self.returned_label.setStyleSheet("color: #8a5300; font-weight: bold;")
        else:
            self.returned_label.setText(self.tr("Không có phiếu nào đang bị trả lại."))
            self.returned_label.setStyleSheet("")
        self._fill_returned(ret)
        self.tabs.setTabText(0, self.tr("Phiếu bị trả lại ({0})").format(len(ret)))
        self._fill_sent(d["sent"])
        self._fill_received(d["received"])

    def _kind_text(self, kind: str) -> str:
        return {"all": self.tr("tất cả"), "changes": self.tr("thay đổi"), "complete": self.tr("đã hoàn thành"),
                "return": self.tr("trả lại")}.get(kind, kind)

    def _fill_returned(self, rows: list[dict]) -> None:
        t = self.returned_table
        t.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, v in enumerate([r["label"] or self.tr("(chưa có tên)"), r["comment"], str(r["questions"])]):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                t.setItem(i, j, item)

    def _fill_sent(self, rows: list[dict]) -> None:
        t = self.sent_table
        t.setRowCount(len(rows))
        for i, r in enumerate(rows):
            to = r["receiver_name"] or r["receiver"] or self.tr("không mã hóa")
            for j, v in enumerate([format_datetime_utc(r["created_at"] or ""), r["file_name"], str(r["records"]),
                                   self._kind_text(r["kind"]), to]):
                t.setItem(i, j, QTableWidgetItem(v))

    def _fill_received(self, rows: list[dict]) -> None:
        t = self.received_table
        t.setRowCount(len(rows))
        for i, r in enumerate(rows):
            s = r["summary"]
            res = self.tr("thêm {0} · cập nhật {1} · không đổi {2} · xung đột {3}").format(
                s.get("added", 0), s.get("updated", 0), s.get("unchanged", 0), s.get("conflicts", 0))
            for j, v in enumerate([format_datetime_utc(r["imported_at"] or ""), r["file_name"], r["sender_name"], res]):
                t.setItem(i, j, QTableWidgetItem(v))

    # ------------------------------------------------------------------ receiver key
    def _on_pick_key_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Tệp khóa công khai của cán bộ xã hoặc tỉnh"), "",
                                              self.tr("Khóa công khai (*.pub *.json);;Mọi tệp (*)"))
        if path:
            self.set_receiver_key(path)

    def set_receiver_key(self, path: str) -> None:
        """Remember ``path`` as the receiver's key file ('' : none); a file that is not a public key is
        refused with the reason (the page follows the change through ``changes_applied``)."""
        from models.exchange.transfer import remember_key_file

        (WriteJob(remember_key_file, db=self.store_path, title=self.tr("Đang lưu tệp khóa…"),
                  what=self.tr("lưu tệp khóa"), key_file=path)
         .on_waiting(self.result_label.setText).start(self))

    # ------------------------------------------------------------------ export
    def mode(self) -> str:
        return self.MODES[self.mode_group.checkedId()]

    def _on_export_clicked(self) -> None:
        from models.exchange.transfer import suggested_name

        try:
            with self.hub.store() as store:
                name = suggested_name(store)
        except Exception as err:
            show_error(self, err)
            return
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu gói gửi cán bộ xã"), name,
                                             self.tr("Gói dữ liệu (*.ksp)"))
        if out:
            self.export(out)

    def export(self, out: str) -> None:
        from models.exchange.packages import export_to_file

        if self.worker is not None:
            return
        if not out.lower().endswith(".ksp"):
            out += ".ksp"
        self._busy(True)
        self.result_label.setText(self.tr("Đang xuất gói…"))
        self.worker = (WriteJob(export_to_file, db=self.store_path, title=self.tr("Đang xuất gói…"),
                                what=self.tr("xuất gói"), out=out, mode=self.mode(),
                                key_file=self.data.get("key_file") or None)
                       .on_success(self._on_exported).on_failure(self._on_failed)
                       .on_waiting(self.result_label.setText))
        self.worker.started.connect(lambda: self.result_label.setText(self.tr("Đang xuất gói…")))
        self.worker.finished.connect(self._on_finished)
        self.worker.start(self)

    def _on_exported(self, res) -> None:
        text = self.tr("Đã tạo gói {0} với %n phiếu.", "", res.records).format(res.path)
        if res.encrypted_for:
            text += " " + self.tr("Mã hóa cho mã khóa {0}.").format(res.encrypted_for)
        text += " " + self.tr("Hãy chép tệp này vào USB hoặc gửi qua Zalo, e-mail cho cán bộ xã.")
        self.result_label.setText(text)
        self.exported.emit(res)

    # ------------------------------------------------------------------ import
    def _on_import_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Chọn gói trả lại"), "",
                                                self.tr("Gói dữ liệu (*.ksp *.zip *.pkg);;Mọi tệp (*)"))
        if files:
            self.import_files(files)

    def import_files(self, files: list[str]) -> None:
        from models.exchange.packages import import_into

        if self.worker is not None:
            return
        self._busy(True)
        self.result_label.setText(self.tr("Đang nhập gói…"))
        self.worker = (WriteJob(import_into, db=self.store_path, title=self.tr("Đang nhập gói…"),
                                what=self.tr("nhập gói"), files=list(files))
                       .on_success(self._on_imported).on_failure(self._on_failed)
                       .on_waiting(self.result_label.setText))
        self.worker.started.connect(lambda: self.result_label.setText(self.tr("Đang nhập gói…")))
        self.worker.finished.connect(self._on_finished)
        self.worker.start(self)

    def _on_imported(self, summaries) -> None:
        lang = ui_lang()
        lines = []
        for s in summaries:
            name = os.path.basename(s.file)
            if s.refused:
                lines.append(self.tr("✗ {0} bị từ chối: {1}").format(name, s.reason if lang == "vi" else s.reason_en))
            elif s.already_imported:
                lines.append(self.tr("• {0} đã được nhập trước đây; không có gì thay đổi.").format(name))
            else:
                lines.append(self.tr("✓ {0} từ {1}: cập nhật %n phiếu, thêm {2}, không đổi {3}, xung đột {4}.", "",
                                     s.updated).format(name, s.sender or "?", s.added, s.unchanged, s.conflicts))
            if s.trusted_first_use:
                lines.append(self.tr("Từ nay máy này tin cậy người gửi {0}, mã khóa {1}. Nếu chưa chắc, hãy gọi "
                                     "điện cho cán bộ xã để đối chiếu mã khóa.").format(s.sender or "?",
                                                                                      s.sender_fingerprint))
            if s.held:
                lines.append(self.tr("⚠ %n phiếu không bị thay đổi: gói do người gửi chưa được tin cậy (mã khóa {0}) "
                                     "tạo ra, các thay đổi được giữ lại để xem xét. Chỉ bấm “Tin cậy người gửi…” "
                                     "sau khi đã gọi điện đối chiếu mã khóa.", "", s.held).format(s.sender_fingerprint))
            if s.outside:
                lines.append(self.tr("⚠ %n phiếu mới thuộc xã ngoài địa bàn của máy này đang được giữ, chưa vào cơ sở "
                                     "dữ liệu: bấm “Phiếu ngoài địa bàn…” để nhận hoặc từ chối.", "", s.outside))
            lines.extend(f"   {vi if lang == 'vi' else en}" for _rid, vi, en in s.flags[:20])
        self.last_summaries = list(summaries)
        self.trust_button.setVisible(has_candidates(summaries))
        self.result_label.setText("\n".join(lines))
        self.imported.emit(list(summaries))
        if self.data.get("returned"):
            self.tabs.setCurrentIndex(0)

    def open_held(self) -> None:
        """The records held because they are from outside this unit's area: accept or refuse them."""
        from PySide6.QtCore import Qt

        from ui.held_dialog import HeldRecordsDialog

        self.held_dialog = HeldRecordsDialog(self.store_path, self)
        self.held_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.held_dialog.finished.connect(lambda _r: self.refresh())
        self.held_dialog.open()

    def _on_trust_clicked(self) -> None:
        def question(c: dict) -> str:
            return self.tr("Tin cậy {0}, mã khóa:\n\n{1}\n\nChỉ tin cậy nếu đã gọi điện cho cán bộ xã và họ đọc "
                           "đúng mã khóa này. Tin cậy người gửi này?").format(c["name"] or "?", c["fingerprint"])

        chosen = ask_whom_to_trust(self, self.last_summaries, self.tr("Tin cậy người gửi"), question)
        if chosen:
            self._trust_next(chosen)

    def _trust_next(self, chosen: list[tuple[dict, dict]]) -> None:
        """Trust the chosen senders one after the other (each a job on the writer)."""
        from models.exchange.packages import trust_named_sender

        if not chosen:
            self.trust_button.setVisible(False)
            return
        (c, who), rest = chosen[0], chosen[1:]

        def trusted(res) -> None:
            self.result_label.setText(self.tr("Đã tin cậy {0} (mã khóa {1}); đã áp dụng %n thay đổi bị giữ lại.",
                                              "", res.applied).format(res.name or "?", res.fingerprint))
            if c["key_changed"]:
                self.import_files([c["file"]])
            else:
                self._trust_next(rest)

        (WriteJob(trust_named_sender, db=self.store_path, title=self.tr("Đang tin cậy người gửi…"),
                  what=self.tr("tin cậy người gửi"), **who)
         .on_success(trusted).on_failure(self._on_failed).on_waiting(self.result_label.setText).start(self))

    # ------------------------------------------------------------------ key file
    def _on_key_clicked(self) -> None:
        code = (self.data.get("who") or {}).get("code") or "may-nay"
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu khóa công khai của máy này"),
                                             f"khoa-cong-khai-{code}.pub", self.tr("Khóa công khai (*.pub)"))
        if out:
            self.write_key(out)

    def write_key(self, out: str) -> None:
        from models.exchange.packages import write_key_file

        (WriteJob(write_key_file, db=self.store_path, title=self.tr("Đang ghi khóa công khai…"),
                  what=self.tr("ghi khóa công khai"), out=out)
         .on_success(lambda fp: self.result_label.setText(
             self.tr("Đã ghi khóa công khai vào {0}. Mã khóa: {1}.").format(out, fp)))
         .on_waiting(self.result_label.setText).start(self))

    # ------------------------------------------------------------------ common
    def _busy(self, on: bool) -> None:
        for b in (self.export_button, self.import_button, self.key_button, self.key_pick, self.key_clear):
            b.setEnabled(not on)

    def _on_failed(self, err) -> None:
        self.result_label.setText(error_text(err))
        show_error(self, err)

    def _on_finished(self) -> None:
        self._busy(False)
        self.worker = None


__all__ = ["TransferPage"]
