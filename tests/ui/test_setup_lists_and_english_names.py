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


