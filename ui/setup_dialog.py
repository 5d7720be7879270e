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
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.role = QComboBox()
        for value in ("enumerator", "clerk", "province"):
            self.role.addItem("", value)
        self.name = QLineEdit()
        self.code = QLineEdit()
        self.province = SearchCombo()
        self.commune = SearchCombo()
        self.language = QComboBox()
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.msgs: dict[str, QLabel] = {}
        rows = [("role", self.role), ("user_name", self.name), ("user_code", self.code), ("province", self.province),
                ("commune", self.commune), ("language", self.language)]
        self.row_labels: dict[str, QLabel] = {}
        for key, w in rows:
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(w)
            msg = QLabel()
            msg.setStyleSheet("color: #b3261e;")
            msg.setVisible(False)
            box.addWidget(msg)
            self.msgs[key] = msg
            if key == "province":  # a name from before 2025 says what it became
                self.province_hint = QLabel()
                self.province_hint.setStyleSheet("color: #555;")
                self.province_hint.setWordWrap(True)
                self.province_hint.setVisible(False)
                box.addWidget(self.province_hint)
            self.row_labels[key] = QLabel()
            self.row_labels[key].setBuddy(w)
            form.addRow(self.row_labels[key], box)
        self.retranslate(lang)
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
        self.province.hint_changed.connect(self._on_province_hint)
        self.province.currentIndexChanged.connect(lambda _i: self._on_province_chosen(self.province.value()))
        self.role.currentIndexChanged.connect(self._on_role_changed)
        if current is not None:
            self.load(current)

    def retranslate(self, lang: str) -> None:
        """Every text in the language now installed (``lang`` names the units: the first-run dialog
        switches language as soon as English or Vietnamese is chosen)."""
        self.lang = lang
        for i, text in enumerate((self.tr("Điều tra viên"), self.tr("Cán bộ xã"), self.tr("Cấp tỉnh (Sở)"))):
            self.role.setItemText(i, text)
        self.name.setPlaceholderText(self.tr("Ví dụ: Nguyễn Thị Lan"))
        self.code.setPlaceholderText(self.tr("Ví dụ: DTV01"))
        for key, text in (("role", self.tr("Vai trò")), ("user_name", self.tr("Họ và tên")),
                          ("user_code", self.tr("Mã người dùng")), ("province", self.tr("Tỉnh/thành phố")),
                          ("commune", self.tr("Xã/phường/đặc khu")), ("language", self.tr("Ngôn ngữ giao diện"))):
            self.row_labels[key].setText(text)
        province, commune = self.province.value(), self.commune.value()
        units = admin_units.provinces()
        self.province.set_items([(u.code, u.label(lang)) for u in units],
                                {u.code: tuple(f"Tỉnh {o}" for o in admin_units.former_names(u.code)) for u in units})
        self.province.notes = lambda text: admin_units.former_notes(text, self.lang)
        if not self.province_hint.isHidden():  # the note of the last search, in the new language
            self._on_province_hint("\n".join(self.province.notes(self.province.last_search)))
        if province:
            self.province.set_value(province)
            self._on_province_chosen(province)
            if commune:
                self.commune.set_value(commune)
        if any(not m.isHidden() for m in self.msgs.values()):
            self.checked()

    def load(self, s: Setup) -> None:
        i = self.role.findData(s.role)
        self.role.setCurrentIndex(max(i, 0))
        self.name.setText(s.user_name)
        self.code.setText(s.user_code)
        self.province.set_value(s.province)
        self._on_province_chosen(s.province)
        self.commune.set_value(s.commune)
        self.language.setCurrentIndex(max(self.language.findData(s.language or "vi"), 0))

    def _on_province_hint(self, text: str) -> None:
        self.province_hint.setText(text)
        self.province_hint.setVisible(bool(text))

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
        lay = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        from models.setup.installation import current

        self.fields = SetupWidget(current(store), self, lang)
        if not store.setting("language"):  # first run: the language the application was started in
            self.fields.language.setCurrentIndex(max(self.fields.language.findData(lang), 0))
        lay.addWidget(self.fields)
        self.device = QLabel()
        self.device.setStyleSheet("color: #666;")
        lay.addWidget(self.device)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._on_ok)
        lay.addWidget(self.buttons)
        self._retranslate()
        # the language chosen here is the dialog's language at once (not only after "Start")
        self.fields.language.currentIndexChanged.connect(self._on_language_chosen)
        from ui.widgets import fit_to_screen

        fit_to_screen(self, max(560, self.sizeHint().width()), self.sizeHint().height())  # grows with its messages

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Khảo sát số — Cài đặt lần đầu"))
        self.intro.setText(self.tr("Chào mừng! Hãy cho biết ai dùng máy này và ở đâu. Có thể đổi sau trong Cài đặt."))
        self.device.setText(self.tr("Mã thiết bị: {0}").format(self.store.device_id))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Bắt đầu"))

    def _on_language_chosen(self) -> None:
        from PySide6.QtWidgets import QApplication

        from ui.app import install_translators

        lang = self.fields.language.currentData() or "vi"
        install_translators(QApplication.instance(), lang)
        self.fields.retranslate(lang)
        self._retranslate()

    def _on_ok(self) -> None:
        from models.base.errors import AppError

        try:
            if self.fields.save(self.store):
                self.accept()
        except AppError as err:
            from ui.messages import show_error

            show_error(self, err)
