"""The sync screen: server settings, "send now", conflicts waiting for a decision, the sync log.

Thin: every slot collects widget values, calls one service of :mod:`models.sync.service`, and shows the
result. Saving the settings, sending and deciding a conflict are jobs on the database's writer
(:class:`ui.worker.WriteJob`); checking the connection only reads (:class:`ui.worker.ReadJob`). The
conflicts and the log follow every change of the database (``ui.hub.Hub.changes_applied``).
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.base.changes import RECORDS, SYNC, Changes
from models.base.errors import AppError
from models.sync.errors import SyncCode
from ui.hub import hub_for
from ui.messages import error_text, show_error, ui_lang
from ui.worker import ReadJob, WriteJob


class SyncPage(QWidget):
    """``SyncPage(store_path, parent)``."""

    synced = Signal(object)  # the SyncSummary of a finished run

    def __init__(self, store_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store_path = str(store_path)
        self.hub = hub_for(self.store_path)
        self.worker: ReadJob | WriteJob | None = None
        self.setObjectName("syncPage")

        # ---- settings
        box = QGroupBox(self.tr("Máy chủ của tỉnh (ODK Central hoặc KoboToolbox)"))
        form = QFormLayout(box)
        self.server = QLineEdit(objectName="server")
        self.server.setPlaceholderText(self.tr("https://máy-chủ — hoặc dán liên kết người dùng ứng dụng của Central"))
        self.server.setToolTip(self.tr("Dán nguyên liên kết https://…/v1/key/…/projects/… (hoặc nội dung mã QR) "
                                       "do tỉnh cấp: không cần tên đăng nhập và mật khẩu."))
        self.project = QLineEdit(objectName="project")
        self.project.setPlaceholderText(self.tr("số dự án trên ODK Central, ví dụ 3"))
        self.user = QLineEdit(objectName="user")
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_bundle = QLineEdit(objectName="caBundle")
        self.ca_bundle.setPlaceholderText(self.tr("chỉ khi tỉnh dùng chứng chỉ riêng (tệp .pem)"))
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        self.ca_button = QPushButton(self.tr("Chọn…"), objectName="chooseCa")
        ca_row.addWidget(self.ca_button)
        self.send_complete = QCheckBox(self.tr("Phiếu hoàn thành"), objectName="sendComplete")
        self.send_approved = QCheckBox(self.tr("Phiếu đã duyệt"), objectName="sendApproved")
        st_row = QHBoxLayout()
        st_row.addWidget(self.send_complete)
        st_row.addWidget(self.send_approved)
        st_row.addStretch(1)
        form.addRow(self.tr("Địa chỉ máy chủ:"), self.server)
        form.addRow(self.tr("Dự án:"), self.project)
        form.addRow(self.tr("Tên đăng nhập:"), self.user)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        form.addRow(self.tr("Chứng chỉ gốc (CA):"), ca_row)
        form.addRow(self.tr("Gửi các phiếu:"), st_row)
        btns = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Lưu cài đặt"), objectName="saveSettings")
        self.check_button = QPushButton(self.tr("Kiểm tra kết nối"), objectName="checkConnection")
        btns.addWidget(self.save_button)
        btns.addWidget(self.check_button)
        btns.addStretch(1)
        form.addRow(btns)

        # ---- sending
        send_row = QHBoxLayout()
        self.send_button = QPushButton(self.tr("Gửi ngay"), objectName="sendNow")
        self.send_button.setDefault(True)
        self.status = QLabel(objectName="syncStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        send_row.addWidget(self.send_button)
        send_row.addWidget(self.status, 1)

        # ---- conflicts
        self.conflict_box = QGroupBox(self.tr("Xung đột chờ quyết định"))
        cl = QVBoxLayout(self.conflict_box)
        self.conflict_table = QTableWidget(0, 3, objectName="conflicts")
        self.conflict_table.setHorizontalHeaderLabels([self.tr("Phiếu"), self.tr("Mã đã gửi"),
                                                       self.tr("Máy chủ trả lời")])
        self._table_style(self.conflict_table)
        self.conflict_table.setMaximumHeight(150)
        cl.addWidget(self.conflict_table)
        cb = QHBoxLayout()
        self.replace_button = QPushButton(self.tr("Gửi thay thế bản trên máy chủ"), objectName="replace")
        self.separate_button = QPushButton(self.tr("Gửi thành phiếu riêng"), objectName="separate")
        self.keep_button = QPushButton(self.tr("Giữ bản trên máy chủ"), objectName="keepServer")
        for b in (self.replace_button, self.separate_button, self.keep_button):
            cb.addWidget(b)
        cb.addStretch(1)
        cl.addLayout(cb)

        # ---- the log
        log_box = QGroupBox(self.tr("Nhật ký đồng bộ"))
        ll = QVBoxLayout(log_box)
        self.log_table = QTableWidget(0, 4, objectName="syncLog")
        self.log_table.setHorizontalHeaderLabels([self.tr("Thời gian"), self.tr("Phiếu"), self.tr("Kết quả"),
                                                  self.tr("Chi tiết")])
        self._table_style(self.log_table)
        ll.addWidget(self.log_table)

        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addLayout(send_row)
        layout.addWidget(self.conflict_box)
        layout.addWidget(log_box, 1)

        self.server.editingFinished.connect(self._on_server_edited)
        self.save_button.clicked.connect(self.save)
        self.check_button.clicked.connect(self.check)
        self.send_button.clicked.connect(self.send_now)
        self.ca_button.clicked.connect(self.choose_ca)
        self.replace_button.clicked.connect(lambda: self.decide("replace"))
        self.separate_button.clicked.connect(lambda: self.decide("separate"))
        self.keep_button.clicked.connect(lambda: self.decide("keep_server"))
        self.conflict_table.itemSelectionChanged.connect(self._conflict_buttons)
        self.hub.changes_applied.connect(self._on_changes_applied)
        self.load()

    @staticmethod
    def _table_style(t: QTableWidget) -> None:
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.verticalHeader().setVisible(False)
        t.setWordWrap(True)
        h = t.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        h.setStretchLastSection(True)

    # ------------------------------------------------------------------ loading
    def _on_changes_applied(self, changes: Changes) -> None:
        if changes.touches(SYNC, RECORDS):
            self.refresh()  # the fields being edited are left as they are

    def load(self) -> None:
        from models.sync.service import overview

        with self.hub.store() as store:
            ov = overview(store)
        s = ov["settings"]
        self.server.setText(s.server)
        self.project.setText(s.project)
        self.user.setText(s.user)
        self.ca_bundle.setText(s.ca_bundle)
        self.send_complete.setChecked("complete" in s.statuses)
        self.send_approved.setChecked("approved" in s.statuses)
        self.password.clear()
        from models.sync.credentials import keyring_usable

        self.no_keystore = not keyring_usable()
        if ov["uses_token"]:
            self.password.setPlaceholderText(self.tr("không cần (đăng nhập bằng liên kết người dùng ứng dụng)"))
        elif ov["has_secret"]:
            self.password.setPlaceholderText(self.tr("đã lưu trong kho khóa của hệ điều hành"))
        elif self.no_keystore:
            self.password.setPlaceholderText(self.tr("nhập mỗi lần gửi (máy này không có kho khóa để lưu)"))
        else:
            self.password.setPlaceholderText(self.tr("chưa lưu"))
        q = ov["queue"]
        self.status.setText(self.tr("Đã gửi: %1 bản; đang chờ gửi lại: %2; xung đột: %3.")
                            .replace("%1", str(q.get("sent", 0))).replace("%2", str(q.get("pending", 0)))
                            .replace("%3", str(ov["conflicts"])) if ov["destination"] else
                            self.tr("Chưa cài đặt máy chủ. Nhập địa chỉ do tỉnh cung cấp rồi bấm Lưu cài đặt."))
        self.refresh(ov)

    def refresh(self, ov: dict | None = None) -> None:
        from models.sync.service import conflicts, log_entries, overview

        lang = ui_lang()
        with self.hub.store() as store:
            ov = ov or overview(store)
            entries = log_entries(store, lang=lang, limit=1000)
            waiting = conflicts(store, ov["destination"] or None, lang=lang)
        self._fill_conflicts(waiting)
        self._fill_log(entries)

    def _outcome_text(self, outcome: str) -> str:
        return {
            "sent": self.tr("Đã gửi"),
            "already": self.tr("Máy chủ đã có"),
            "failed": self.tr("Lỗi"),
            "conflict": self.tr("Xung đột"),
            "skipped": self.tr("Chưa gửi"),
            "run": self.tr("Lượt gửi"),
        }.get(outcome, outcome)

    def _fill_log(self, entries: list[dict]) -> None:
        t = self.log_table
        t.setRowCount(len(entries))
        for i, e in enumerate(entries):
            when = QDateTime.fromString(e["at"], Qt.DateFormat.ISODateWithMs).toLocalTime()
            cells = [when.toString("dd/MM/yyyy HH:mm:ss"), e["label"] or e["record_id"],
                     self._outcome_text(e["outcome"]), e["message"]]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 3:
                    item.setToolTip(text)
                t.setItem(i, j, item)
        t.resizeRowsToContents()

    def _fill_conflicts(self, rows: list[dict]) -> None:
        t = self.conflict_table
        t.setRowCount(len(rows))
        for i, c in enumerate(rows):
            for j, text in enumerate([c["label"] or c["record_id"], c["instance_id"], c.get("message") or c["detail"]]):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c)
                t.setItem(i, j, item)
        self.conflict_box.setVisible(bool(rows))
        if rows and not t.selectedItems():
            t.selectRow(0)
        self._conflict_buttons()

    def _selected_conflict(self) -> dict | None:
        items = self.conflict_table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _conflict_buttons(self) -> None:
        c = self._selected_conflict()
        actions = c["actions"] if c else []
        self.replace_button.setEnabled("replace" in actions)
        self.separate_button.setEnabled("separate" in actions)
        self.keep_button.setEnabled("keep_server" in actions)

    # ------------------------------------------------------------------ actions
    def _settings(self):
        from models.sync.service import SyncSettings

        statuses = tuple(s for s, box in (("complete", self.send_complete), ("approved", self.send_approved))
                         if box.isChecked())
        return SyncSettings(server=self.server.text().strip(), project=self.project.text().strip(),
                            user=self.user.text().strip(), ca_bundle=self.ca_bundle.text().strip(),
                            statuses=statuses)

    def _on_server_edited(self) -> None:
        """An address with ``/v1/projects/N``: the number goes to the project field (the only place a
        project is kept), so changing the project later is never refused as a mismatch."""
        import re

        text = self.server.text().strip()
        m = re.match(r"^(.*?)/v1/projects/(\d+)/?$", text)
        if m and "/v1/key/" not in text:
            self.server.setText(m.group(1))
            self.project.setText(m.group(2))

    def save(self, *, quiet: bool = False, then=None, failed=None) -> bool:
        """Keep the settings (a job on the writer): ``then()`` once they are kept, ``failed()`` if they
        are refused. Without a usable key store the address, project and user are still kept; the
        password stays in its field for this session's sendings (and is said so). False when the
        settings on screen are refused before anything is started."""
        from models.sync.service import save_settings

        self._on_server_edited()
        settings = self._settings()
        if not settings.statuses:
            self._error_text(self.tr("Hãy chọn ít nhất một loại phiếu để gửi (hoàn thành hoặc đã duyệt)."))
            return False

        def kept(_changes) -> None:
            self.no_keystore = False
            self.load()
            if not quiet:
                self._info(self.tr("Đã lưu cài đặt máy chủ. Mật khẩu (nếu có) nằm trong kho khóa của hệ điều hành."))
            if then is not None:
                then()

        def refused(err: Exception) -> None:
            if isinstance(err, AppError) and err.code is SyncCode.SYNC_KEYRING_SAVED:
                self.no_keystore = True
                self.refresh()
                if not quiet or not getattr(self, "_keystore_told", False):
                    self._keystore_told = True
                    self._warning(error_text(err))
                if then is not None:
                    then()
                return
            self._error(err)
            if failed is not None:
                failed()

        (WriteJob(save_settings, db=self.store_path, title=self.tr("Đang lưu cài đặt máy chủ…"),
                  what=self.tr("lưu cài đặt máy chủ"), settings=settings, password=self.password.text() or None)
         .on_success(kept).on_failure(refused).on_waiting(self.status.setText).start(self))
        return True

    def check(self) -> None:
        self.save(quiet=True, then=self._check_now)

    def _check_now(self) -> None:
        from models.sync.service import check_connection

        self.worker = (ReadJob(check_connection, db=self.store_path, title=self.tr("Đang kiểm tra kết nối…"),
                               **self._session_secret(), lang=ui_lang())
                       .on_success(self._checked).on_failure(self._failed))
        self.worker.start(self)

    def _checked(self, result: dict) -> None:
        lines = [result["message"]]
        for f in result["forms"]:
            if not f["server_version"]:
                lines.append(self.tr("• %1: máy chủ chưa có biểu mẫu này").replace("%1", f["form_id"]))
            elif f["server_version"] != f["local_version"]:
                lines.append(self.tr("• %1: máy chủ có phiên bản %2, máy này có %3")
                             .replace("%1", f["form_id"]).replace("%2", f["server_version"])
                             .replace("%3", f["local_version"]))
            else:
                lines.append(self.tr("• %1: cùng phiên bản %2").replace("%1", f["form_id"])
                             .replace("%2", f["local_version"]))
        self._info("\n".join(lines))

    def send_now(self) -> None:
        if not self.send_button.isEnabled():
            return
        self.send_button.setEnabled(False)
        if self.server.text().strip():
            if not self.save(quiet=True, then=self._send, failed=self._done):
                self._done()
        else:
            self._send()

    def _send(self) -> None:
        from models.sync.service import run_sync

        self.status.setText(self.tr("Đang gửi…"))
        self.worker = (WriteJob(run_sync, db=self.store_path, title=self.tr("Đang gửi phiếu lên máy chủ…"),
                                what=self.tr("gửi phiếu lên máy chủ"), **self._session_secret(), lang=ui_lang())
                       .on_success(self._sent).on_failure(self._failed).on_cancel(self._done)
                       .on_waiting(self.status.setText))
        self.worker.started.connect(lambda: self.status.setText(self.tr("Đang gửi…")))
        self.worker.finished.connect(self._done)
        self.worker.start(self)

    def _sent(self, summary) -> None:
        lines = []
        lines.append(self.tr("Đã gửi %n phiếu; máy chủ đã có %2; lỗi %3; chưa gửi %4.", "", summary.sent)
                     .replace("%2", str(summary.already))
                     .replace("%3", str(summary.failed)).replace("%4", str(summary.skipped)))
        lines.extend(summary.messages(ui_lang()))
        self.status.setText("\n".join(lines))
        self.synced.emit(summary)

    def _failed(self, err: Exception) -> None:
        self.status.setText(error_text(err))
        self.refresh()
        show_error(self, err)

    def _done(self) -> None:
        self.send_button.setEnabled(True)

    def decide(self, action: str) -> None:
        from models.sync.service import resolve_conflict

        c = self._selected_conflict()
        if c is None:
            return
        question = {
            "replace": self.tr("Gửi phiếu '%1' của máy này thay cho bản đang có trên máy chủ?"),
            "separate": self.tr("Gửi phiếu '%1' thành một phiếu riêng (máy chủ sẽ có cả hai bản)?"),
            "keep_server": self.tr("Giữ bản trên máy chủ và không gửi bản này của phiếu '%1'?"),
        }[action].replace("%1", c["label"] or c["record_id"])
        if QMessageBox.question(self, self.tr("Xung đột"), question) != QMessageBox.StandardButton.Yes:
            return
        (WriteJob(resolve_conflict, db=self.store_path, title=self.tr("Đang lưu quyết định…"),
                  what=self.tr("quyết định xung đột"), outbox_id=c["id"], action=action)
         .on_failure(self._error).on_waiting(self.status.setText).start(self))

    def choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp chứng chỉ gốc của tỉnh"), "",
                                              self.tr("Chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)"))
        if path:
            self.ca_bundle.setText(path)

    def _session_secret(self) -> dict:
        """Without a key store the typed password (or the pasted sign-in link) is used for this
        sending only; otherwise the services read the key store themselves."""
        if not getattr(self, "no_keystore", False):
            return {}
        out: dict = {"settings": self._settings()}
        if self.password.text():
            out["password"] = self.password.text()
        return out

    # ------------------------------------------------------------------ messages
    def _warning(self, text: str) -> None:
        self.status.setText(text)
        QMessageBox.warning(self, self.tr("Đồng bộ"), text)

    def _error(self, err: Exception) -> None:
        self._error_text(error_text(err))

    def _error_text(self, text: str) -> None:
        self.status.setText(text)
        QMessageBox.warning(self, self.tr("Lỗi"), text)

    def _info(self, text: str) -> None:
        self.status.setText(text)
        QMessageBox.information(self, self.tr("Đồng bộ"), text)
