"""First run (and Settings → Setup): role, name and code, province and commune, language."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from models.setup import admin_units
from models.setup.installation import Setup, problems, save_setup
from ui.widgets import SearchCombo


class SetupWidget(QWidget):
    """The setup fields with inline messages; ``save(store)`` validates and stores them."""

    saved = Signal()

    def __init__(self, current: Setup | None = None, parent: QWidget | None = None, lang: str = "vi"):
        super().__init__(parent)
        self.lang = lang
        form = QFormLayout(self)
        self.role = QComboBox()
        for value, text in (("enumerator", self.tr("Điều tra viên")), ("clerk", self.tr("Cán bộ xã")),
                            ("province", self.tr("Cấp tỉnh (Sở)"))):
            self.role.addItem(text, value)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Ví dụ: Nguyễn Thị Lan"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("Ví dụ: DTV01"))
        self.province = SearchCombo()
        self.province.set_items([(u.code, u.label(lang)) for u in admin_units.provinces()])
        self.commune = SearchCombo()
        self.language = QComboBox()
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.msgs: dict[str, QLabel] = {}
        rows = [("role", self.tr("Vai trò"), self.role), ("user_name", self.tr("Họ và tên"), self.name),
                ("user_code", self.tr("Mã người dùng"), self.code),
                ("province", self.tr("Tỉnh/thành phố"), self.province),
                ("commune", self.tr("Xã/phường/đặc khu"), self.commune),
                ("language", self.tr("Ngôn ngữ giao diện"), self.language)]
        for key, text, w in rows:
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(w)
            msg = QLabel()
            msg.setStyleSheet("color: #b3261e;")
            msg.setVisible(False)
            box.addWidget(msg)
            self.msgs[key] = msg
            form.addRow(text, box)
        # a message under a field goes as soon as the field is changed (not only on the next "Start")
        self.role.currentIndexChanged.connect(lambda _i: self.clear_message("role"))
        self.name.textEdited.connect(lambda _t: self.clear_message("user_name"))
        self.code.textEdited.connect(lambda _t: self.clear_message("user_code"))
        self.province.currentIndexChanged.connect(lambda _i: self.clear_message("province"))
        self.commune.currentIndexChanged.connect(lambda _i: self.clear_message("commune"))
        self.language.currentIndexChanged.connect(lambda _i: self.clear_message("language"))
        self.province.value_chosen.connect(lambda _v: self.clear_message("province"))
        self.commune.value_chosen.connect(lambda _v: self.clear_message("commune"))
        self.province.value_chosen.connect(self._on_province_chosen)
        self.province.currentIndexChanged.connect(lambda _i: self._on_province_chosen(self.province.value()))
        self.role.currentIndexChanged.connect(self._on_role_changed)
        if current is not None:
            self.load(current)

    def load(self, s: Setup) -> None:
        i = self.role.findData(s.role)
        self.role.setCurrentIndex(max(i, 0))
        self.name.setText(s.user_name)
        self.code.setText(s.user_code)
        self.province.set_value(s.province)
        self._on_province_chosen(s.province)
        self.commune.set_value(s.commune)
        self.language.setCurrentIndex(max(self.language.findData(s.language or "vi"), 0))

    def clear_message(self, key: str) -> None:
        msg = self.msgs.get(key)
        if msg is not None and msg.isVisible():
            msg.clear()
            msg.setVisible(False)

    def _on_province_chosen(self, code: str) -> None:
        keep = self.commune.value()
        self.commune.set_items([(u.code, u.label(self.lang)) for u in admin_units.communes(code)] if code else [])
        if keep:
            self.commune.set_value(keep)

    def _on_role_changed(self) -> None:
        self.commune.setEnabled(self.role.currentData() != "province")

    def value(self) -> Setup:
        return Setup(self.role.currentData(), self.name.text(), self.code.text(), self.province.value(),
                     self.commune.value() if self.role.currentData() != "province" else "",
                     self.language.currentData())

    def checked(self) -> Setup | None:
        """The setup on screen, or None when it has problems (each said beside its field)."""
        s = self.value()
        bad = problems(s)
        for key, label in self.msgs.items():
            if key in bad:
                label.setText(bad[key][0] if self.lang == "vi" else bad[key][1])
            label.setVisible(key in bad)
        return None if bad else s

    def save(self, store) -> bool:
        """Save at once (the first start: no job can be running yet; later the settings page saves
        through the writer)."""
        s = self.checked()
        if s is None:
            return False
        save_setup(store, s)
        self.saved.emit()
        return True


class SetupDialog(QDialog):
    """Shown once, when the database has no setup yet."""

    def __init__(self, store, parent: QWidget | None = None, lang: str = "vi"):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Khảo sát số — Cài đặt lần đầu"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Chào mừng! Hãy cho biết ai dùng máy này và ở đâu. Có thể đổi sau trong Cài đặt."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        from models.setup.installation import current

        self.fields = SetupWidget(current(store), self, lang)
        if not store.setting("language"):  # first run: the language the application was started in
            self.fields.language.setCurrentIndex(max(self.fields.language.findData(lang), 0))
        lay.addWidget(self.fields)
        dev = QLabel(self.tr("Mã thiết bị: {0}").format(store.device_id))
        dev.setStyleSheet("color: #666;")
        lay.addWidget(dev)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Bắt đầu"))
        buttons.accepted.connect(self._on_ok)
        lay.addWidget(buttons)
        self.resize(560, 420)

    def _on_ok(self) -> None:
        from models.base.errors import AppError

        try:
            if self.fields.save(self.store):
                self.accept()
        except AppError as err:
            from ui.messages import show_error

            show_error(self, err)
