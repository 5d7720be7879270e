"""Settings: the installation's setup, questionnaires (add from an XLSForm file), backups.

What the page changes is written by jobs on the database's writer (:class:`ui.worker.WriteJob`); the
page, the main window's status bar and the other pages follow through ``ui.hub.Hub.changes_applied``.
A restore is asked of the window holding the database (``Hub.restore_requested``)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.base.changes import FORMS, SETTINGS, Changes
from models.base.errors import AppError
from models.setup.form_names import title_for
from models.setup.installation import current
from models.store import backup
from ui.hub import hub_for
from ui.lock import ChoosePinDialog
from ui.messages import show_error
from ui.worker import WriteJob


class SettingsPage(QWidget):
    def __init__(self, store_path: str, parent: QWidget | None = None, *, store=None, ui_lang: str = "vi"):
        super().__init__(parent)
        if store is None:
            from models.store.database import open_store

            store = open_store(store_path, create=False)
        self.store = store
        self.hub = hub_for(store.path)
        self.hub.guard(store)
        self.ui_lang = ui_lang
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        lay.addWidget(self.tabs)
        # setup
        from ui.setup_dialog import SetupWidget

        w = QWidget()
        v = QVBoxLayout(w)
        self.setup = SetupWidget(current(store), w, ui_lang)
        v.addWidget(self.setup)
        dev = QLabel(self.tr("Mã thiết bị (tạo một lần, không đổi): {0}").format(store.device_id))
        dev.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(dev)
        self.save_btn = QPushButton(self.tr("Lưu cài đặt"))
        self.save_btn.setObjectName("save_setup")
        self.save_btn.clicked.connect(self._on_save_setup)
        v.addWidget(self.save_btn, 0, Qt.AlignmentFlag.AlignLeft)
        v.addStretch(1)
        self.tabs.addTab(w, self.tr("Thông tin cài đặt"))
        # forms
        w = QWidget()
        v = QVBoxLayout(w)
        self.forms_table = QTableWidget(0, 4)
        self.forms_table.setObjectName("forms_table")
        self.forms_table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.forms_table.setHorizontalHeaderLabels([self.tr("Biểu mẫu"), self.tr("Mã"), self.tr("Các phiên bản"),
                                                    self.tr("Số phiếu")])
        # the title takes what the id, versions and count leave (each shown whole); long titles wrap
        self.forms_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.forms_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.forms_table.setWordWrap(True)
        self.forms_table.verticalHeader().setVisible(False)
        v.addWidget(self.forms_table)
        self.add_form_btn = QPushButton(self.tr("Thêm biểu mẫu từ tệp XLSForm…"))
        self.add_form_btn.setObjectName("add_form")
        self.add_form_btn.clicked.connect(self._on_add_form)
        v.addWidget(self.add_form_btn, 0, Qt.AlignmentFlag.AlignLeft)
        note = QLabel(self.tr("Phiên bản mới của một biểu mẫu dùng cho phiếu mới; phiếu cũ giữ phiên bản đã nhập."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368;")
        v.addWidget(note)
        # form versions that came down in a package from a sender not trusted here (models.exchange.forms_down)
        self.pending_label = QLabel(self.tr("Biểu mẫu nhận được trong gói, đang chờ quyết định (người gửi chưa "
                                            "được tin cậy):"))
        self.pending_label.setWordWrap(True)
        v.addWidget(self.pending_label)
        self.pending_table = QTableWidget(0, 5)
        self.pending_table.setObjectName("pending_forms")
        self.pending_table.setHorizontalHeaderLabels([self.tr("Biểu mẫu"), self.tr("Mã"), self.tr("Phiên bản"),
                                                      self.tr("Người gửi"), self.tr("Mã khóa người gửi")])
        self.pending_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.pending_table.verticalHeader().setVisible(False)
        self.pending_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.pending_table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.pending_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.pending_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        v.addWidget(self.pending_table)
        row = QHBoxLayout()
        self.install_form_btn = QPushButton(self.tr("Cài đặt biểu mẫu đã chọn"))
        self.install_form_btn.setObjectName("install_pending_form")
        self.install_form_btn.clicked.connect(lambda: self._decide_pending(True))
        self.refuse_form_btn = QPushButton(self.tr("Từ chối"))
        self.refuse_form_btn.setObjectName("refuse_pending_form")
        self.refuse_form_btn.clicked.connect(lambda: self._decide_pending(False))
        row.addWidget(self.install_form_btn)
        row.addWidget(self.refuse_form_btn)
        row.addStretch(1)
        v.addLayout(row)
        self.tabs.addTab(w, self.tr("Các biểu mẫu"))
        # backups
        w = QWidget()
        v = QVBoxLayout(w)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("backup_folder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.folder_label)
        row = QHBoxLayout()
        self.folder_btn = QPushButton(self.tr("Chọn thư mục sao lưu…"))
        self.folder_btn.setObjectName("choose_backup_folder")
        self.folder_btn.clicked.connect(self._on_choose_folder)
        row.addWidget(self.folder_btn)
        self.default_folder_btn = QPushButton(self.tr("Dùng thư mục mặc định"))
        self.default_folder_btn.setObjectName("default_backup_folder")
        self.default_folder_btn.clicked.connect(self._on_default_folder)
        row.addWidget(self.default_folder_btn)
        row.addStretch(1)
        v.addLayout(row)
        self.last_label = QLabel()
        self.last_label.setObjectName("last_backup")
        v.addWidget(self.last_label)
        row = QHBoxLayout()
        self.backup_btn = QPushButton(self.tr("Sao lưu ngay"))
        self.backup_btn.setObjectName("backup_now")
        self.backup_btn.clicked.connect(self.backup_now)
        self.restore_btn = QPushButton(self.tr("Khôi phục từ bản sao lưu…"))
        self.restore_btn.setObjectName("restore")
        self.restore_btn.clicked.connect(self._on_restore)
        row.addWidget(self.backup_btn)
        row.addWidget(self.restore_btn)
        row.addStretch(1)
        v.addLayout(row)
        info = QLabel(self.tr("Ứng dụng tự sao lưu ít nhất mỗi ngày một lần và trước mỗi lần nhập dữ liệu, vào thư "
                              "mục trên, và giữ {0} bản tự động gần nhất (trong giới hạn dung lượng). Giữa hai bản "
                              "sao đầy đủ, trước mỗi lần nhập, ứng dụng giữ các gói nhận được và ghi một điểm khôi "
                              "phục (tệp .point) thay vì chép lại toàn bộ dữ liệu; khôi phục một điểm cũng chỉ là "
                              "một thao tác. Bản sao được kiểm tra toàn vẹn sau khi "
                              "tạo. Nên chọn một thư mục trên USB hoặc ổ đĩa khác để dữ liệu vẫn còn khi máy hỏng; "
                              "khi không ghi được vào thư mục đã chọn, bản sao được ghi vào thư mục mặc định."
                              ).format(backup.KEEP_AUTO))
        info.setWordWrap(True)
        info.setStyleSheet("color: #5f6368;")
        v.addWidget(info)
        v.addStretch(1)
        self.tabs.addTab(w, self.tr("Sao lưu"))
        # people: several users of one (encrypted) installation, each with a role and a PIN
        w = QWidget()
        v = QVBoxLayout(w)
        self.people_table = QTableWidget(0, 3)
        self.people_table.setObjectName("people_table")
        self.people_table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.people_table.setHorizontalHeaderLabels([self.tr("Họ và tên"), self.tr("Mã người dùng"),
                                                     self.tr("Vai trò")])
        self.people_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.people_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.people_table.verticalHeader().setVisible(False)
        v.addWidget(self.people_table)
        self.add_person_btn = QPushButton(self.tr("Thêm người dùng…"))
        self.add_person_btn.setObjectName("add_person")
        self.add_person_btn.clicked.connect(self._on_add_person)
        v.addWidget(self.add_person_btn, 0, Qt.AlignmentFlag.AlignLeft)
        self.people_note = QLabel()
        self.people_note.setObjectName("people_note")
        self.people_note.setWordWrap(True)
        self.people_note.setStyleSheet("color: #5f6368;")
        v.addWidget(self.people_note)
        v.addStretch(1)
        self.tabs.addTab(w, self.tr("Người dùng"))
        self.hub.changes_applied.connect(self._on_changes_applied)
        self.refresh()

    def _on_changes_applied(self, changes: Changes) -> None:
        if changes.touches(FORMS, SETTINGS):
            self.refresh()

    def _write(self, fn, what: str, then=None, failed=None, **kwargs) -> WriteJob:
        """``fn(store=…, **kwargs)`` as a job on the writer; ``then(result)`` when it is done."""
        job = WriteJob(fn, db=self.store.path, title=self.tr("Đang lưu…"), what=what, **kwargs)
        if then is not None:
            job.on_success(then)
        if failed is not None:
            job.on_failure(failed)
        return job.start(self)

    def refresh(self) -> None:
        forms = self.store.forms()
        self.forms_table.setRowCount(len(forms))
        for r, f in enumerate(forms):
            # a form's English title: the bundled forms' own, else its id (pyxform refuses a translated
            # form_title, so a form the user adds has its title in one language only)
            title = title_for(f["form_id"], f["title"], self.ui_lang)
            for c, v in enumerate((title, f["form_id"], ", ".join(f["versions"]), str(f["records"]))):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                self.forms_table.setItem(r, c, item)
        self.forms_table.resizeRowsToContents()
        from models.exchange.forms_down import pending

        held = pending(self.store)
        self._pending = held
        self.pending_table.setRowCount(len(held))
        for r, f in enumerate(held):
            for c, v in enumerate((f["title"], f["form_id"], f["version"], f["sender_name"], f["sender"])):
                self.pending_table.setItem(r, c, QTableWidgetItem(v))
        for wdg in (self.pending_label, self.pending_table, self.install_form_btn, self.refuse_form_btn):
            wdg.setVisible(bool(held))
        folder, is_default = backup.backup_folder(self.store)
        self.folder_label.setText(
            self.tr("Thư mục sao lưu (mặc định, cạnh cơ sở dữ liệu): {0}").format(folder) if is_default
            else self.tr("Thư mục sao lưu: {0}").format(folder))
        self.default_folder_btn.setVisible(not is_default)
        last = self.store.setting(backup.LAST_KEY)
        from ui.fmt import format_datetime_utc

        self.last_label.setText(self.tr("Lần sao lưu gần nhất: {0}").format(format_datetime_utc(last)) if last
                                else self.tr("Chưa sao lưu lần nào."))
        self._refresh_people()

    def _refresh_people(self) -> None:
        from models.store import cipher
        from models.store.people import people

        roles = {"enumerator": self.tr("Điều tra viên"), "clerk": self.tr("Cán bộ xã"),
                 "province": self.tr("Cấp tỉnh (Sở)")}
        rows = people(self.store)
        self.people_table.setRowCount(len(rows))
        for r, p in enumerate(rows):
            for c, v in enumerate((p["name"], p["code"], roles.get(p["role"], p["role"]))):
                self.people_table.setItem(r, c, QTableWidgetItem(v))
        encrypted = cipher.key_for(self.store.path) is not None
        self.add_person_btn.setEnabled(encrypted)
        self.people_note.setText(
            self.tr("Mỗi người dùng chung máy có mã PIN riêng: mã PIN mở ứng dụng cho biết ai đang làm, và nhật ký "
                    "thay đổi, quyết định duyệt phiếu, gói dữ liệu ghi tên người đó. Mã PIN chọn lúc cài đặt vẫn "
                    "là mã của máy (người trong \"Thông tin cài đặt\").") if encrypted else
            self.tr("Cơ sở dữ liệu này chưa được mã hoá bằng mã PIN nên chưa thêm được người dùng."))

    def _on_add_person(self) -> None:
        from models.store.people import add_person

        d = AddPersonDialog(self, self.ui_lang)
        if d.exec() != QDialog.DialogCode.Accepted:
            return
        self._write(add_person, self.tr("thêm người dùng"), then=lambda _p: self.refresh(), failed=None,
                    name=d.name.text(), code=d.code.text(), role=d.role.currentData(), pin=d.pin)

    def _decide_pending(self, install: bool) -> None:
        """Install or refuse the held form version chosen in the list (a job on the writer)."""
        from models.exchange import forms_down

        rows = self.pending_table.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, self.tr("Biểu mẫu"), self.tr("Hãy chọn một biểu mẫu trong danh sách."))
            return
        f = self._pending[rows[0].row()]
        if install:
            self._write(forms_down.install_pending, self.tr("cài đặt biểu mẫu"), lambda _c: QMessageBox.information(
                self, self.tr("Biểu mẫu"), self.tr("Đã cài đặt {0} phiên bản {1}. Phiếu mới sẽ dùng phiên bản mới "
                                                   "nhất.").format(f["title"] or f["form_id"], f["version"])),
                        form_id=f["form_id"], version=f["version"], sender=f["sender"])
        else:
            self._write(forms_down.refuse_pending, self.tr("từ chối biểu mẫu"),
                        form_id=f["form_id"], version=f["version"])

    def _on_save_setup(self) -> None:
        from models.setup.installation import save_setup

        setup = self.setup.checked()
        if setup is None:
            return

        self._write(save_setup, self.tr("lưu cài đặt"),
                    lambda _changes: QMessageBox.information(self, self.tr("Cài đặt"), self.tr("Đã lưu cài đặt.")),
                    setup=setup)

    def _on_add_form(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp XLSForm"), "",
                                              self.tr("XLSForm (*.xlsx *.xls *.md *.csv)"))
        if not path:
            return
        from forms.errors import FormError
        from models.setup.installation import add_form_file

        def refused(err: Exception) -> None:
            if not isinstance(err, FormError):
                show_error(self, err)
                return
            lines = err.lines(self.ui_lang)
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Biểu mẫu có lỗi"),
                              self.tr("Không thêm được '{0}'. Hãy sửa các lỗi sau rồi thử lại:").format(
                                  os.path.basename(path)), QMessageBox.StandardButton.Ok, self)
            box.setInformativeText("\n".join(lines[:12]) + ("\n…" if len(lines) > 12 else ""))
            box.setDetailedText("\n".join(lines))
            box.setObjectName("form_errors")
            box.exec()

        def added(res) -> None:
            if res.added:
                msg = self.tr("Đã thêm biểu mẫu '{0}' phiên bản {1}.").format(res.title, res.version)
                if res.newer:
                    msg += " " + self.tr("Phiếu mới sẽ dùng phiên bản này; phiếu cũ giữ phiên bản cũ.")
            else:
                msg = self.tr("Biểu mẫu '{0}' phiên bản {1} đã có sẵn.").format(res.title, res.version)
            if res.notices:  # loaded as ODK loads it, with what the author may want to fix
                msg += "\n\n" + self.tr("Cảnh báo:") + "\n" + "\n".join(n.line(self.ui_lang) for n in res.notices)
            if res.missing:
                self._ask_attachments(res, msg, refused, os.path.dirname(path))
                return
            QMessageBox.information(self, self.tr("Biểu mẫu"), msg)

        self._write(add_form_file, self.tr("thêm biểu mẫu"), added, refused, path=path)

    def _ask_attachments(self, res, msg: str, refused, folder: str) -> None:
        """A form whose attachments (its external data files) were not beside it: ask for them."""
        from models.setup.installation import add_form_attachments

        text = msg + "\n\n" + self.tr(
            "Biểu mẫu cần các tệp đính kèm sau nhưng không thấy chúng bên cạnh tệp biểu mẫu: {0}. Danh sách "
            "lựa chọn và pulldata() lấy dữ liệu từ các tệp này. Chọn các tệp ngay bây giờ?").format(
                ", ".join(res.missing))
        if QMessageBox.question(self, self.tr("Biểu mẫu"), text) != QMessageBox.StandardButton.Yes:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Chọn tệp đính kèm của biểu mẫu"), folder,
                                                self.tr("Tệp dữ liệu (*.csv *.xml *.geojson);;Mọi tệp (*)"))
        if not paths:
            return

        def done(more) -> None:
            if more.missing:
                QMessageBox.warning(self, self.tr("Biểu mẫu"), self.tr(
                    "Vẫn còn thiếu tệp đính kèm: {0}. Hãy chọn tệp đúng tên như biểu mẫu ghi, hoặc thêm lại "
                    "biểu mẫu từ thư mục có các tệp này.").format(", ".join(more.missing)))
            else:
                QMessageBox.information(self, self.tr("Biểu mẫu"),
                                        self.tr("Đã thêm các tệp đính kèm của biểu mẫu '{0}'.").format(more.title))

        self._write(add_form_attachments, self.tr("thêm tệp đính kèm"), done, refused, form_id=res.form_id,
                    version=res.version, paths=paths)

    def _on_choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục sao lưu (ví dụ USB)"),
                                                  str(backup.backup_folder(self.store)[0]))
        if folder:
            self._write(backup.set_backup_folder, self.tr("lưu cài đặt"), folder=folder)

    def _on_default_folder(self) -> None:
        self._write(backup.set_backup_folder, self.tr("lưu cài đặt"), folder="")

    def backup_now(self) -> None:
        """A copy into the backup folder as the settings name it when the job runs (a folder chosen
        just before is used even if that job waited for another one)."""
        self._write(backup.back_up, self.tr("sao lưu"), lambda res: QMessageBox.information(
            self, self.tr("Sao lưu"), self.tr("Đã sao lưu %n phiếu vào:\n{0}", "", res.records).format(res.path)))

    def _on_restore(self) -> None:
        start = str(backup.backup_folder(self.store)[0])
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn bản sao lưu"), start,
                                              self.tr("Bản sao lưu (*.db *.point);;Mọi tệp (*)"))
        if not path:
            return
        try:
            info = backup.check_backup(path)
        except AppError as err:
            show_error(self, err)
            return
        ans = QMessageBox.question(
            self, self.tr("Khôi phục?"),
            self.tr("Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu này (%n phiếu)? Dữ liệu hiện tại được giữ "
                    "thành một bản an toàn bên cạnh cơ sở dữ liệu.", "", info["records"]))
        if ans == QMessageBox.StandardButton.Yes:
            self.hub.restore_requested.emit(path)



class AddPersonDialog(ChoosePinDialog):
    """Name, code, role and PIN (twice) of a person who will use this installation."""

    def __init__(self, parent: QWidget | None = None, lang: str = "vi"):
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QComboBox, QLineEdit

        from models.store import cipher

        # the dialog is not made yet: these three by the class's context
        super().__init__("", parent, lang, pin_label=QCoreApplication.translate(
            "AddPersonDialog", "Mã PIN riêng (ít nhất {0} ký tự)").format(cipher.MIN_PIN),
            ok_text=QCoreApplication.translate("AddPersonDialog", "Thêm"),
            cancel_text=QCoreApplication.translate("AddPersonDialog", "Huỷ"))
        self.setObjectName("add_person_dialog")
        self.setWindowTitle(self.tr("Thêm người dùng"))
        self.name = QLineEdit()
        self.name.setObjectName("person_name")
        self.code = QLineEdit()
        self.code.setObjectName("person_code")
        self.role = QComboBox()
        self.role.setObjectName("person_role")
        for value, text in (("enumerator", self.tr("Điều tra viên")), ("clerk", self.tr("Cán bộ xã")),
                            ("province", self.tr("Cấp tỉnh (Sở)"))):
            self.role.addItem(text, value)
        self.form.insertRow(0, self.tr("Họ và tên"), self.name)
        self.form.insertRow(1, self.tr("Mã người dùng"), self.code)
        self.form.insertRow(2, self.tr("Vai trò"), self.role)

    def _more_problems(self) -> bool:
        if len(" ".join(self.name.text().split())) < 2:
            self.message.setText(self.tr("Nhập họ tên (ít nhất 2 ký tự)."))
            self.name.setFocus()
            return True
        return False
