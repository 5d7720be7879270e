"""The consolidation screen (commune clerk, province): import packages, then resolve and review.

Drop package files on the page or pick them; they are imported off the UI thread
(``models.exchange.packages.import_into`` as a ``ui.worker.WriteJob`` on the database's one writer) with a
progress bar; the summary follows, then the lists of conflicts, possible duplicates and records awaiting
review, each opening its resolution view (``ui.consolidation_dialogs``). Export and return packages are
here too. The lists follow every change of the database (``ui.hub.Hub.changes_applied``).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.base.changes import PACKAGES, RECORDS, SENDERS, Changes
from ui.fmt import format_datetime_utc
from ui.hub import hub_for
from ui.messages import show_error, ui_lang
from ui.trust import ask_whom_to_trust, has_candidates
from ui.worker import WriteJob

PACKAGE_FILTER_SUFFIXES = (".ksp", ".zip", ".pkg")


class _DropZone(QFrame):
    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(70)
        lay = QVBoxLayout(self)
        self.label = QLabel(self.tr("Kéo thả tệp gói dữ liệu (.ksp) vào đây"), self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.label)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt)
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.files_dropped.emit(files)
            event.acceptProposedAction()


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    t = QTableWidget(0, len(headers), parent)
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(t: QTableWidget, rows: list[list[Any]], keys: list[Any]) -> None:
    t.setRowCount(len(rows))
    for r, (row, key) in enumerate(zip(rows, keys, strict=True)):
        for c, v in enumerate(row):
            item = QTableWidgetItem("" if v is None else str(v))
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, key)
            t.setItem(r, c, item)


class ConsolidationPage(QWidget):
    """Import, summary, and the conflict / duplicate / review lists for one database."""

    imported = Signal(object)   # the list of ImportSummary of the last import
    collected = Signal(object)  # the OdkImportSummary of the last ODK Collect import

    def __init__(self, store_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store_path = str(store_path)
        self.hub = hub_for(self.store_path)
        self.worker: WriteJob | None = None
        self.last_summaries: list[Any] = []
        self._titles: dict[str, str] = {}
        self._build()
        self._connect_signals()
        self.hub.changes_applied.connect(self._on_changes_applied)
        self.refresh()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        title = QLabel(self.tr("Tổng hợp dữ liệu"), self)
        f = title.font()
        f.setPointSize(f.pointSize() + 4)
        f.setBold(True)
        title.setFont(f)
        lay.addWidget(title)
        self.drop_zone = _DropZone(self)
        lay.addWidget(self.drop_zone)
        row = QHBoxLayout()
        self.pick_button = QPushButton(self.tr("Chọn tệp gói…"), self)
        self.collect_button = QPushButton(self.tr("Nhập từ ODK Collect…"), self)
        self.collect_button.setToolTip(self.tr("Nhập các phiếu đã lưu trên điện thoại cắm qua cáp USB: chọn thư mục "
                                               "instances của ODK Collect"))
        self.export_button = QPushButton(self.tr("Xuất gói…"), self)
        self.return_button = QPushButton(self.tr("Tạo gói trả lại…"), self)
        self.key_button = QPushButton(self.tr("Khóa công khai của máy này…"), self)
        self.trust_key_button = QPushButton(self.tr("Tin cậy tệp khóa…"), self)
        self.trust_key_button.setToolTip(self.tr("Nhập tệp khóa công khai (.pub) của điều tra viên, xã hoặc tỉnh "
                                                 "để gói của họ được cập nhật mọi phiếu"))
        for b in (self.pick_button, self.collect_button, self.export_button, self.return_button, self.key_button,
                  self.trust_key_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        lay.addWidget(self.progress)
        self.summary_label = QLabel(self.tr("Chưa nhập gói nào trong phiên này."), self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.summary_label)
        trust_row = QHBoxLayout()
        self.trust_button = QPushButton(self.tr("Tin cậy người gửi…"), self)
        self.trust_button.setObjectName("trust_sender")
        self.trust_button.setVisible(False)
        trust_row.addWidget(self.trust_button)
        self.held_button = QPushButton(self.tr("Phiếu ngoài địa bàn…"), self)
        self.held_button.setObjectName("held_records")
        self.held_button.setToolTip(self.tr("Phiếu mới thuộc xã ngoài địa bàn của máy này: đang được giữ, chưa vào "
                                            "cơ sở dữ liệu, chờ nhận hoặc từ chối"))
        self.held_button.setVisible(False)
        trust_row.addWidget(self.held_button)
        trust_row.addStretch(1)
        lay.addLayout(trust_row)
        self.empty_hint = QLabel(self.tr(
            "Chưa có dữ liệu để hợp nhất. Các bước:\n"
            "1. Nhận tệp gói (.ksp) từ điều tra viên (USB, Zalo, e-mail) rồi kéo thả vào khung trên hoặc bấm "
            "“Chọn tệp gói…”.\n"
            "2. Xử lý các phiếu xung đột và có thể trùng, rồi duyệt hoặc trả lại từng phiếu ở thẻ “Chờ duyệt”.\n"
            "3. Gửi phiếu trả lại cho điều tra viên bằng “Tạo gói trả lại…”; gửi dữ liệu của xã lên tỉnh bằng "
            "“Xuất gói…”.\n"
            "Muốn gói được mã hóa cho máy này: gửi tệp “Khóa công khai của máy này…” cho điều tra viên."), self)
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #3c4043; background: #e8f0fe; border-radius: 4px; padding: 10px;")
        self.empty_hint.setVisible(False)
        lay.addWidget(self.empty_hint)
        self.tabs = QTabWidget(self)
        self.conflicts = _table([self.tr("Phiếu"), self.tr("Biểu mẫu"), self.tr("Điều tra viên"), self.tr("Xã"),
                                 self.tr("Số phiên bản")], self)
        self.duplicates = _table([self.tr("Phiếu A"), self.tr("Phiếu B"), self.tr("Biểu mẫu"),
                                  self.tr("Trùng theo"), self.tr("Điều tra viên")], self)
        self.review = _table([self.tr("Phiếu"), self.tr("Biểu mẫu"), self.tr("Điều tra viên"), self.tr("Thôn"),
                              self.tr("Sửa lần cuối")], self)
        self.history = _table([self.tr("Nhập lúc"), self.tr("Xã gửi"), self.tr("Người gửi"), self.tr("Tệp"),
                               self.tr("Kết quả")], self)
        self.tabs.addTab(self.conflicts, "")
        self.tabs.addTab(self.duplicates, "")
        self.tabs.addTab(self.review, "")
        self.tabs.addTab(self.history, self.tr("Gói đã nhập"))
        lay.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.open_button = QPushButton(self.tr("Mở"), self)
        row.addWidget(self.open_button)
        lay.addLayout(row)

    def _connect_signals(self) -> None:
        self.drop_zone.files_dropped.connect(self.import_files)
        self.pick_button.clicked.connect(self._on_pick_clicked)
        self.collect_button.clicked.connect(self._on_collect_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.return_button.clicked.connect(self._on_return_clicked)
        self.key_button.clicked.connect(self._on_key_clicked)
        self.trust_button.clicked.connect(self._on_trust_clicked)
        self.held_button.clicked.connect(self.open_held)
        self.trust_key_button.clicked.connect(self._on_trust_key_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        for t in (self.conflicts, self.duplicates, self.review):
            t.itemDoubleClicked.connect(lambda _item: self._on_open_clicked())

    # ------------------------------------------------------------------ lists
    def _on_changes_applied(self, changes: Changes) -> None:
        if changes.touches(RECORDS, PACKAGES, SENDERS):
            self.refresh()

    def refresh(self) -> None:
        from models.exchange.held import held_count
        from models.exchange.packages import consolidation_lists
        from models.records.queries import form_titles

        try:
            with self.hub.store() as store:
                data = consolidation_lists(store)
                self._titles = form_titles(store)
                waiting = held_count(store)
        except Exception as err:
            show_error(self, err)
            return
        c, d, r, h = data["conflicts"], data["duplicates"], data["awaiting_review"], data["history"]
        noname = self.tr("(chưa có tên)")
        _fill(self.conflicts, [[x["label"] or noname, self._form_name(x["form_id"]), x["enumerator"],
                                self._commune(x["commune"]), x["versions"]] for x in c], [x["record_id"] for x in c])
        _fill(self.duplicates, [[x["label_a"] or noname, x["label_b"] or noname, self._form_name(x["form_id"]),
                                 ", ".join(self._key_name(k) for k in x["keys"]),
                                 f"{x['enumerator_a']} / {x['enumerator_b']}"] for x in d],
              [(x["record_a"], x["record_b"]) for x in d])
        _fill(self.review, [[x["label"] or noname, self._form_name(x["form_id"]), x["enumerator"], x["village"],
                             format_datetime_utc(x["modified_at"])] for x in r], [x["id"] for x in r])
        _fill(self.history, [[format_datetime_utc(x["imported_at"]), self._commune(x["commune"]), x["sender_name"],
                              x["file_name"], self._summary_text(x["summary"])] for x in h],
              [x["package_id"] for x in h])
        self.tabs.setTabText(0, self.tr("Xung đột (%1)").replace("%1", str(len(c))))
        self.tabs.setTabText(1, self.tr("Có thể trùng (%1)").replace("%1", str(len(d))))
        self.tabs.setTabText(2, self.tr("Chờ duyệt (%1)").replace("%1", str(len(r))))
        self._show_empty_state(not (c or d or r or h))
        self.held_button.setText(self.tr("Phiếu ngoài địa bàn (%1)…").replace("%1", str(waiting)))
        self.held_button.setVisible(waiting > 0)

    def open_held(self) -> None:
        """The records held because they are from outside this unit's area: accept or refuse them."""
        from ui.held_dialog import HeldRecordsDialog

        self.held_dialog = HeldRecordsDialog(self.store_path, self)
        self.held_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.held_dialog.finished.connect(lambda _r: self.refresh())
        self.held_dialog.open()

    def _show_empty_state(self, empty: bool) -> None:
        """A fresh installation: say what to do first instead of showing empty tables."""
        self.empty_hint.setVisible(empty)

    def _form_name(self, form_id: str) -> str:
        from models.setup.form_names import short_title

        return short_title(form_id, self._titles.get(form_id, ""), ui_lang())

    def _commune(self, code: str) -> str:
        from models.setup import admin_units

        return admin_units.name(code, ui_lang()) or code

    def _key_name(self, k: str) -> str:
        return {"tax_code": self.tr("mã số thuế"), "phone": self.tr("số điện thoại"),
                "household": self.tr("chủ hộ, năm sinh, thôn")}.get(k, k)

    def _summary_text(self, s: dict[str, Any]) -> str:
        return (self.tr("thêm %1 · cập nhật %2 · không đổi %3 · xung đột %4 · có thể trùng %5 · từ chối %6")
                .replace("%1", str(s.get("added", 0))).replace("%2", str(s.get("updated", 0)))
                .replace("%3", str(s.get("unchanged", 0))).replace("%4", str(s.get("conflicts", 0)))
                .replace("%5", str(s.get("duplicates", 0))).replace("%6", str(s.get("refused", 0))))

    # ------------------------------------------------------------------ import
    def _on_pick_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Chọn tệp gói dữ liệu"), "",
                                                self.tr("Gói dữ liệu (*.ksp *.zip *.pkg);;Mọi tệp (*)"))
        if files:
            self.import_files(files)

    def import_files(self, files: list[str]) -> None:
        from models.exchange.packages import import_into

        if self.worker is not None:
            return
        self.progress.setRange(0, max(1, len(files)))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        starting = self.tr("Đang nhập %1 gói…").replace("%1", str(len(files)))
        self.summary_label.setText(starting)
        self.pick_button.setEnabled(False)
        self.worker = (WriteJob(import_into, db=self.store_path, title=self.tr("Đang nhập gói dữ liệu…"),
                                what=self.tr("nhập gói"), files=list(files))
                       .on_success(self._on_import_succeeded)
                       .on_failure(self._on_import_failed)
                       .on_progress(self._on_import_progress)
                       .on_cancel(self._on_import_cancelled)
                       .on_waiting(self.summary_label.setText))
        self.worker.started.connect(lambda: self.summary_label.setText(starting))
        self.worker.finished.connect(self._on_import_finished)
        self.worker.start(self, dialog=False)

    def _on_collect_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục instances của ODK Collect"))
        if folder:
            self.import_collect(folder)

    def import_collect(self, path: str) -> None:
        """ODK Collect's saved instances (a phone's ``instances`` folder, or a ZIP of it) as records."""
        from models.exchange.odk_instances import collect_job

        if self.worker is not None:
            return
        starting = self.tr("Đang nhập phiếu ODK Collect…")
        self.summary_label.setText(starting)
        self.pick_button.setEnabled(False)
        self.collect_button.setEnabled(False)
        self.worker = (WriteJob(collect_job, db=self.store_path, title=starting,
                                what=self.tr("nhập phiếu ODK Collect"), path=path, lang=ui_lang())
                       .on_success(self._on_collect_succeeded)
                       .on_failure(self._on_import_failed)
                       .on_waiting(self.summary_label.setText))
        self.worker.finished.connect(self._on_import_finished)
        self.worker.start(self, dialog=False)

    def _on_collect_succeeded(self, summary) -> None:
        lang = ui_lang()
        lines = [self._summary_text(summary.as_dict(lang)).capitalize()]
        for source, reason in summary.reasons:
            lines.append(self.tr("✗ %1 bị từ chối: %2").replace("%1", source).replace("%2", reason.text(lang)))
        self.summary_label.setText("\n".join(lines))
        if summary.conflicts:
            self.tabs.setCurrentIndex(0)
        self.collected.emit(summary)

    def _on_import_progress(self, tick) -> None:
        self.progress.setRange(0, max(1, tick.total))
        self.progress.setValue(tick.done)
        if tick.message:
            self.progress.setFormat(f"%v/%m  {tick.message}")

    def _on_import_succeeded(self, summaries) -> None:
        self.last_summaries = list(summaries)
        totals = {k: sum(getattr(s, k) for s in summaries) for k in
                  ("added", "updated", "unchanged", "conflicts", "duplicates", "refused")}
        lines = [self._summary_text(totals).capitalize()]
        lang = ui_lang()
        for s in summaries:
            name = os.path.basename(s.file)
            if s.refused:
                lines.append(self.tr("✗ %1 bị từ chối: %2").replace("%1", name)
                             .replace("%2", s.reason if lang == "vi" else s.reason_en))
            else:
                who = s.sender or "?"
                if s.sender_trusted:
                    known = self.tr("người gửi đã tin cậy")
                elif s.sender_known:
                    known = self.tr("người gửi đã biết, chưa tin cậy")
                else:
                    known = self.tr("người gửi MỚI")
                lines.append(self.tr("✓ %1 từ %2 (%3, %4, mã khóa %5): %6")
                             .replace("%1", name).replace("%2", who).replace("%3", self._commune(s.commune) or "?")
                             .replace("%4", known).replace("%5", s.sender_fingerprint)
                             .replace("%6", self._summary_text(s.as_dict())))
            if s.held:
                lines.append(self.tr("⚠ %n phiếu do người khác gửi hoặc tạo ở máy này không bị thay thế: thay đổi "
                                     "của người gửi chưa được tin cậy (mã khóa %1) được giữ lại thành xung đột "
                                     "để xem xét. Nếu đã gọi điện đối chiếu mã khóa với người gửi, bấm “Tin cậy "
                                     "người gửi…” để áp dụng.", "", s.held).replace("%1", s.sender_fingerprint))
            if s.outside:
                lines.append(self.tr("⚠ %n phiếu mới thuộc xã ngoài địa bàn của máy này đang được giữ, chưa vào cơ sở "
                                     "dữ liệu: bấm “Phiếu ngoài địa bàn…” để nhận hoặc từ chối.", "", s.outside))
            lines.extend(f"   {vi if lang == 'vi' else en}" for _rid, vi, en in s.flags[:20])
            if len(s.flags) > 20:
                lines.append(self.tr("   … và %n phiếu khác", "", len(s.flags) - 20))
        self.trust_button.setVisible(has_candidates(summaries))
        self.summary_label.setText("\n".join(lines))
        if totals["conflicts"] or any(s.held for s in summaries):  # held versions are listed with conflicts
            self.tabs.setCurrentIndex(0)
        elif totals["duplicates"]:
            self.tabs.setCurrentIndex(1)
        else:
            self.tabs.setCurrentIndex(2)
        self.imported.emit(self.last_summaries)

    # ------------------------------------------------------------------ trust
    def _on_trust_clicked(self) -> None:
        def question(c: dict) -> str:
            if c["key_changed"]:
                text = self.tr("Máy của %1 đã gửi gói ký bằng KHÓA MỚI, mã khóa:\n\n%2\n\nChỉ tin cậy nếu đã gọi "
                               "điện cho người gửi và họ đọc đúng mã khóa này (ví dụ họ vừa cài lại máy). Khóa cũ "
                               "của máy đó sẽ không còn được tin cậy. Tin cậy khóa mới?")
            else:
                text = self.tr("Tin cậy %1, mã khóa:\n\n%2\n\nChỉ tin cậy nếu đã gọi điện cho người gửi và họ đọc "
                               "đúng mã khóa này. Sau đó gói của họ được cập nhật mọi phiếu, và các thay đổi đang "
                               "bị giữ lại được áp dụng ngay. Tin cậy người gửi này?")
            return text.replace("%1", c["name"] or "?").replace("%2", c["fingerprint"])

        chosen = ask_whom_to_trust(self, self.last_summaries, self.tr("Tin cậy người gửi"), question)
        if chosen:
            self._trust_next(chosen)

    def _trust_next(self, chosen: list[tuple[dict, dict]]) -> None:
        """Trust the chosen senders one after the other (each a job on the writer); a sender whose
        package was refused for its new key has that package imported right after."""
        if not chosen:
            self.trust_button.setVisible(False)
            return
        (c, who), rest = chosen[0], chosen[1:]

        def trusted(res) -> None:
            self._show_trusted(res)
            if c["key_changed"]:
                self.import_files([c["file"]])  # refused before: imported now
            else:
                self._trust_next(rest)

        self._trust(who, trusted)

    def _trust(self, who: dict, then) -> None:
        from models.exchange.packages import trust_named_sender

        (WriteJob(trust_named_sender, db=self.store_path, title=self.tr("Đang tin cậy người gửi…"),
                  what=self.tr("tin cậy người gửi"), **who)
         .on_success(then).on_failure(self._failed).on_waiting(self.summary_label.setText).start(self))

    def _on_trust_key_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp khóa công khai"), "",
                                              self.tr("Khóa công khai (*.pub);;Mọi tệp (*)"))
        if path:
            self._trust({"key_file": path}, self._show_trusted)

    def _show_trusted(self, res) -> None:
        self.summary_label.setText(self.tr("Đã tin cậy %1 (mã khóa %2). Đã áp dụng %3 thay đổi bị giữ lại; %n phiếu "
                                           "vẫn còn xung đột cần xử lý.", "", res.still_conflicts)
                                   .replace("%1", res.name or "?").replace("%2", res.fingerprint)
                                   .replace("%3", str(res.applied)))

    def _failed(self, err) -> None:
        show_error(self, err)

    def _on_import_failed(self, err) -> None:
        self.summary_label.setText(self.tr("Không nhập được."))
        show_error(self, err)

    def _on_import_cancelled(self) -> None:
        self.summary_label.setText(self.tr("Đã hủy; các gói đã nhập xong vẫn được giữ, gói đang nhập dở không "
                                           "thay đổi gì."))

    def _on_import_finished(self) -> None:
        self.progress.setVisible(False)
        self.pick_button.setEnabled(True)
        self.collect_button.setEnabled(True)
        self.worker = None

    # ------------------------------------------------------------------ resolution views
    def _current(self, table: QTableWidget):
        row = table.currentRow()
        if row < 0 and table.rowCount():
            row = 0
        if row < 0:
            return None
        return table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def open_current(self) -> int | None:
        from ui.consolidation_dialogs import ConflictDialog, DuplicateDialog, ReviewDialog

        i = self.tabs.currentIndex()
        table = [self.conflicts, self.duplicates, self.review, self.history][i]
        key = self._current(table)
        if key is None or i == 3:
            return None
        try:
            if i == 0:
                dlg = ConflictDialog(self.store_path, key, self)
            elif i == 1:
                dlg = DuplicateDialog(self.store_path, key[0], key[1], self)
            else:
                dlg = ReviewDialog(self.store_path, key, self)
        except Exception as err:
            show_error(self, err)
            return None
        self.dialog = dlg
        result = dlg.exec()
        self.dialog = None
        return result

    def _on_open_clicked(self) -> None:
        self.open_current()

    # ------------------------------------------------------------------ export, return, key
    def _on_export_clicked(self) -> None:
        from ui.consolidation_dialogs import ExportDialog

        dlg = ExportDialog(self)
        if not dlg.exec():
            return
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu gói dữ liệu"), "", self.tr("Gói dữ liệu (*.ksp)"))
        if not out:
            return
        self._export(out, mode=dlg.mode(), key_file=dlg.key_file())

    def _export(self, out: str, *, mode: str = "all", key_file: str = "", enumerator: str | None = None) -> None:
        from models.exchange.packages import export_to_file

        if not out.lower().endswith(".ksp"):
            out += ".ksp"

        def done(res) -> None:
            text = self.tr("Đã tạo %1: %n phiếu.", "", res.records).replace("%1", out)
            if res.encrypted_for:
                text += " " + self.tr("Mã hóa cho %1.").replace("%1", res.encrypted_for)
            self.summary_label.setText(text)

        (WriteJob(export_to_file, db=self.store_path, title=self.tr("Đang xuất gói…"), what=self.tr("xuất gói"),
                  out=out, mode=mode, key_file=key_file or None, enumerator=enumerator)
         .on_success(done).on_failure(self._failed).on_waiting(self.summary_label.setText).start(self))

    def _on_return_clicked(self) -> None:
        from models.exchange.packages import consolidation_lists

        try:
            with self.hub.store() as store:
                returned = consolidation_lists(store)["returned_by_enumerator"]
        except Exception as err:
            show_error(self, err)
            return
        if not returned:
            QMessageBox.information(self, self.tr("Gói trả lại"), self.tr("Không có phiếu nào đang bị trả lại."))
            return
        for enumerator, count in returned.items():
            out, _ = QFileDialog.getSaveFileName(
                self, self.tr("Gói trả lại cho điều tra viên %1 (%n phiếu)", "", count)
                .replace("%1", enumerator or "?"), f"tra-lai-{enumerator or 'dtv'}.ksp", self.tr("Gói dữ liệu (*.ksp)"))
            if out:
                self._export(out, enumerator=enumerator)

    def _on_key_clicked(self) -> None:
        from models.exchange.packages import write_key_file

        out, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu khóa công khai của máy này"), "khoa-cong-khai.pub",
                                             self.tr("Khóa công khai (*.pub)"))
        if not out:
            return
        (WriteJob(write_key_file, db=self.store_path, title=self.tr("Đang ghi khóa công khai…"),
                  what=self.tr("ghi khóa công khai"), out=out)
         .on_success(lambda fp: self.summary_label.setText(
             self.tr("Đã ghi khóa công khai vào %1. Mã khóa: %2 (đọc cho người gửi để đối chiếu).")
             .replace("%1", out).replace("%2", fp)))
         .on_failure(self._failed).on_waiting(self.summary_label.setText).start(self))
