"""Setup, lists and messages with real widgets: the setup preselects the running language and clears
fixed messages, empty lists say what to do, the English interface names forms, counts and errors in
English."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models.store.database import open_store

SHOTS = os.environ.get("KHAOSAT_SHOTS")


def _shot(widget, name):
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def test_setup_preselects_the_running_language_and_clears_fixed_messages(qtbot, tmp_path, qapp):
    from ui.app import install_translators
    from ui.setup_dialog import SetupDialog

    st = open_store(tmp_path / "new.db")
    install_translators(qapp, "en")
    try:
        d = SetupDialog(st, lang="en")
        qtbot.addWidget(d)
        assert d.fields.language.currentData() == "en"
    finally:
        install_translators(qapp, "vi")
    d = SetupDialog(st, lang="vi")
    qtbot.addWidget(d)
    d.show()
    f = d.fields
    assert not f.save(st)
    assert f.msgs["user_name"].isVisible() and f.msgs["user_code"].isVisible()
    qtbot.keyClicks(f.name, "Le Thi Hoa")
    assert not f.msgs["user_name"].isVisible() and f.msgs["user_code"].isVisible()  # only the fixed one goes
    assert f.msgs["province"].isVisible()
    f.province.setFocus()
    qtbot.keyClicks(f.province.lineEdit(), "Ha Tinh")  # the search, without diacritics, then Enter
    qtbot.keyClick(f.province, Qt.Key.Key_Return)
    assert f.province.value() and not f.msgs["province"].isVisible() and f.msgs["user_code"].isVisible()
    st.close()


def test_empty_lists_say_what_to_do(qtbot, store, no_dialogs):
    from ui.main_window import MainWindow

    win = MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    page = win.page("records")
    assert page.empty_label.isVisible() and "+ Phiếu mới" in page.empty_label.text()
    assert "Gửi dữ liệu" in page.empty_label.text()  # an enumerator receives returned records there
    _shot(win, "records_empty_vi")
    from models.records.editor import RecordEditor, create_record

    rid = create_record(store, "household_digital")
    RecordEditor(store, rid).set("head_name", "Nguyễn Văn Bình")
    page.refresh()
    assert not page.empty_label.isVisible()
    qtbot.keyClicks(page.search, "khongcoai")
    page.apply_filter()
    assert page.empty_label.isVisible() and "khongcoai" in page.empty_label.text()
    assert page.count_label.text() == "0 phiếu (tổng 1)"
    _shot(win, "records_no_hits_vi")
    page.search.clear()
    page.apply_filter()
    page.bin_box.setChecked(True)
    assert page.empty_label.text() == "Thùng rác trống."


def test_english_interface_names_forms_and_counts_in_english(qtbot, store, qapp, no_dialogs, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from models.records.editor import create_record
    from models.store.errors import StoreCode, StoreError
    from ui.app import install_translators
    from ui.main_window import MainWindow
    from ui.messages import show_error

    create_record(store, "household_digital")
    install_translators(qapp, "en")
    try:
        win = MainWindow(store, ui_lang="en")
        qtbot.addWidget(win)
        page = win.page("records")
        forms = [page.form_box.itemText(i) for i in range(page.form_box.count())]
        assert "Digital technology use survey of households and residents (commune level)" in forms
        assert not any("Khảo sát" in f for f in forms)
        assert page.count_label.text() == "1 record (of 1)"
        offered = []
        monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
            lambda parent, title, label, items, *a: (offered.extend(items), ("", False))[1]))
        page.new_record()
        assert offered and all(not t.startswith("Khảo sát") for t in offered)
        titles = []
        monkeypatch.setattr(QMessageBox, "exec", lambda self: titles.append(self.windowTitle()) or 0)
        show_error(win.page("settings"), StoreError(StoreCode.FORM_VERSION_CLASH, form_id="x", version="1"))
        assert titles == ["Error"]
    finally:
        install_translators(qapp, "vi")




def test_english_chosen_in_the_first_run_dialog_translates_the_dialog_at_once(qtbot, tmp_path, qapp):
    """Issue 13, finding 13: the language box switches the dialog itself, with what was typed kept."""
    from PySide6.QtWidgets import QPushButton

    from ui.setup_dialog import SetupDialog

    st = open_store(tmp_path / "new.db")
    d = SetupDialog(st, lang="vi")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    f = d.fields
    qtbot.keyClicks(f.name, "Le Thi Hoa")
    f.province.setFocus()
    qtbot.keyClicks(f.province.lineEdit(), "Phu Tho")
    qtbot.keyClick(f.province, Qt.Key.Key_Return)
    assert f.province.currentText() == "Tỉnh Phú Thọ"
    assert d.windowTitle() == "Khảo sát số — Cài đặt lần đầu"
    try:
        f.language.setFocus()
        qtbot.keyClick(f.language, Qt.Key.Key_Down)  # Tiếng Việt -> English, from the keyboard
        assert f.language.currentData() == "en"
        assert d.windowTitle() == "Khảo sát số — First-time setup"
        assert f.row_labels["role"].text() == "Role" and f.row_labels["language"].text() == "Interface language"
        assert f.role.itemText(0) == "Enumerator"
        assert [b.text() for b in d.findChildren(QPushButton)] == ["Start"]
        assert "Welcome" in d.intro.text() and d.device.text().startswith("Device id")
        assert f.province.currentText() == "Phu Tho Province" and f.province.value() == "25"
        assert f.name.text() == "Le Thi Hoa"  # nothing typed is lost
        assert not f.save(st)  # the messages, too, are English now
        assert f.msgs["user_code"].isVisible() and "code" in f.msgs["user_code"].text().lower()
        qtbot.keyClick(f.language, Qt.Key.Key_Up)  # and back
        assert d.windowTitle() == "Khảo sát số — Cài đặt lần đầu" and f.row_labels["role"].text() == "Vai trò"
        assert f.province.currentText() == "Tỉnh Phú Thọ"
        assert "mã" in f.msgs["user_code"].text().lower()
    finally:
        from ui.app import install_translators

        install_translators(qapp, "vi")
    st.close()


def test_a_province_merged_in_2025_is_found_under_its_former_name_and_said_so(qtbot, tmp_path, qapp):
    """Issue 13, finding 16: "Vĩnh Phúc" (merged into Phú Thọ on 1 July 2025) finds Phú Thọ and says so."""
    from ui.setup_dialog import SetupDialog

    st = open_store(tmp_path / "new.db")
    d = SetupDialog(st, lang="vi")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    f = d.fields
    assert f.province_hint.isHidden()
    from tests.ui.driver import type_text

    f.province.setFocus()
    type_text(f.province.lineEdit(), "Vĩnh Phúc")
    assert f.province_hint.isVisible() and f.province_hint.text() == "Vĩnh Phúc → nay thuộc tỉnh Phú Thọ"
    qtbot.keyClick(f.province, Qt.Key.Key_Return)
    assert f.province.value() == "25" and f.province.currentText() == "Tỉnh Phú Thọ"
    assert f.province_hint.text() == "Vĩnh Phúc → nay thuộc tỉnh Phú Thọ"  # still said after the choice
    f.commune.setFocus()
    qtbot.keyClicks(f.commune.lineEdit(), "yen lac")  # its communes are offered
    qtbot.keyClick(f.commune, Qt.Key.Key_Return)
    assert f.commune.currentText() == "Xã Yên Lạc"
    try:
        f.language.setFocus()
        qtbot.keyClick(f.language, Qt.Key.Key_Down)
        assert f.province_hint.text() == "Vinh Phuc → now part of Phu Tho Province"
        assert f.commune.currentText() == "Yen Lac Commune"
        f.province.setFocus()
        f.province.lineEdit().selectAll()
        qtbot.keyClicks(f.province.lineEdit(), "ba ria")  # without diacritics; a city this time
        assert f.province_hint.text() == "Ba Ria - Vung Tau → now part of Ho Chi Minh City"
        qtbot.keyClick(f.province, Qt.Key.Key_Return)
        assert f.province.value() == "79"
        f.province.lineEdit().selectAll()
        qtbot.keyClicks(f.province.lineEdit(), "Ha Noi")  # a name in force: no note
        assert f.province_hint.isHidden()
    finally:
        from ui.app import install_translators

        install_translators(qapp, "vi")
    st.close()


FORM_WITH_ENGLISH_TITLE = """
| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) |
| | text | q1 | Câu 1 | Question 1 |
| settings |
| | form_id | version | form_title | default_language |
| | cho_test | 1 | Khảo sát chợ thử nghiệm | Tiếng Việt (vi) |
"""


def test_settings_forms_names_each_form_in_the_interface_language(qtbot, store, qapp):
    """Issue 13, finding 14: English Settings → Forms shows English titles (the bundled forms'; a form the
    user added, whose title pyxform takes in one language only, by its id), every id whole."""
    from forms import load_form
    from ui.app import install_translators
    from ui.settings_page import SettingsPage

    store.add_form(load_form(FORM_WITH_ENGLISH_TITLE))
    install_translators(qapp, "en")
    try:
        page = SettingsPage(store.path, store=store, ui_lang="en")
        qtbot.addWidget(page)
        page.resize(1180, 700)
        page.show()
        page.tabs.setCurrentIndex(1)
        t = page.forms_table
        rows = {t.item(r, 1).text(): t.item(r, 0).text() for r in range(t.rowCount())}
        assert rows["cho_test"] == "cho_test"
        assert rows["household_digital"].startswith("Digital technology use survey of households")
        assert rows["enterprise_digital"].startswith("Digital adoption and e-commerce survey")
        for r in range(t.rowCount()):  # the id, versions and count columns show their text whole
            for c in (1, 2, 3):
                text = t.item(r, c).text()
                assert t.columnWidth(c) >= t.fontMetrics().horizontalAdvance(text) + 6, (text, t.columnWidth(c))
    finally:
        install_translators(qapp, "vi")
    page = SettingsPage(store.path, store=store, ui_lang="vi")
    qtbot.addWidget(page)
    rows = {page.forms_table.item(r, 1).text(): page.forms_table.item(r, 0).text()
            for r in range(page.forms_table.rowCount())}
    assert rows["cho_test"] == "Khảo sát chợ thử nghiệm"
