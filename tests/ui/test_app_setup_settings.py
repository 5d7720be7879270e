import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from models.store.database import open_store
from tests.ui.driver import wait_jobs
from ui import pages
from ui.main_window import MainWindow
from ui.settings_page import SettingsPage
from ui.setup_dialog import SetupDialog


def test_first_run_setup(qtbot, tmp_path):
    st = open_store(tmp_path / "new.db")
    try:
        assert not st.is_set_up and st.device_id
        d = SetupDialog(st)
        qtbot.addWidget(d)
        f = d.fields
        d._on_ok()  # nothing filled in: messages, nothing stored
        assert not f.msgs["user_name"].isHidden() and not f.msgs["province"].isHidden()
        assert not st.is_set_up
        f.role.setCurrentIndex(f.role.findData("clerk"))
        qtbot.keyClicks(f.code, "XA01")
        from tests.ui.driver import type_text

        f.name.setFocus()
        type_text(f.name, "Đỗ Văn Hải")
        f.province.lineEdit().setFocus()
        type_text(f.province.lineEdit(), "ha tinh")  # searchable without diacritics
        qtbot.keyClick(f.province, Qt.Key.Key_Return)
        assert f.province.value() == "42"
        type_text(f.commune.lineEdit(), "thanh sen")
        qtbot.keyClick(f.commune, Qt.Key.Key_Return)
        assert f.commune.value() == "18073"
        f.language.setCurrentIndex(f.language.findData("en"))
        d._on_ok()
        assert d.result() == QDialog.DialogCode.Accepted
        s = st.settings()
        assert (s["role"], s["user_name"], s["user_code"], s["province"], s["commune"], s["language"]) == (
            "clerk", "Đỗ Văn Hải", "XA01", "42", "18073", "en")
        assert d.windowTitle() == "Khảo sát số — First-time setup"  # English chosen: the dialog switched at once
    finally:
        from PySide6.QtWidgets import QApplication

        from ui.app import install_translators

        install_translators(QApplication.instance(), "vi")  # the next tests start in Vietnamese
        st.close()


def test_page_registry_roles(qtbot, store, monkeypatch):
    fake = pages.PageSpec("tests.ui.fake_page:FakePage", "Thử nghiệm", frozenset({"clerk"}), "fake")
    monkeypatch.setattr(pages, "PAGES", [*pages.PAGES[:-1], fake, pages.PAGES[-1]])
    win = MainWindow(store)
    qtbot.addWidget(win)
    titles = [win.nav.item(i).text() for i in range(win.nav.count())]
    assert titles[0] == "Phiếu khảo sát" and titles[-1] == "Cài đặt"
    assert "Thử nghiệm" not in titles  # not the enumerator's
    store.set_settings({"role": "clerk"})
    win2 = MainWindow(store)
    qtbot.addWidget(win2)
    titles = [win2.nav.item(i).text() for i in range(win2.nav.count())]
    assert "Thử nghiệm" in titles
    fake = win2.page("fake")
    assert fake.store_path == store.path
    win2.nav.setCurrentRow(titles.index("Thử nghiệm"))
    assert fake.refreshed == 1 and win2.stack.currentWidget().isAncestorOf(fake)


def test_backup_now_and_restore_from_settings(qtbot, store, tmp_path, monkeypatch, no_dialogs):
    from models.records.editor import RecordEditor, create_record

    rid = create_record(store, "household_digital")
    RecordEditor(store, rid).set("head_name", "Phạm Thị Nhung")
    usb = tmp_path / "usb"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(usb)))
    win = MainWindow(store)
    qtbot.addWidget(win)
    page = win.page("settings")
    qtbot.mouseClick(page.folder_btn, Qt.MouseButton.LeftButton)  # choose the USB stick
    wait_jobs(qtbot)
    assert str(usb) in page.folder_label.text()
    qtbot.mouseClick(page.backup_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    files = os.listdir(usb)
    assert len(files) == 1 and files[0].endswith(".db")
    assert "1 phiếu" in no_dialogs["info"][-1]
    assert "Chưa" not in page.last_label.text()
    # restore: a second record disappears again; the window reopens the database
    create_record(store, "household_digital")
    replaced = []
    win.database_replaced.connect(lambda: replaced.append(True))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(usb / files[0]), "")))
    qtbot.mouseClick(page.restore_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert replaced and win.store.count_records() == 1
    win.store.close()


def test_restore_refuses_a_wrong_file(qtbot, store, tmp_path, monkeypatch, no_dialogs):
    bad = tmp_path / "photo.db"
    bad.write_bytes(b"\x89PNG not a database")
    page = SettingsPage(store.path, store=store)
    qtbot.addWidget(page)
    errors = []
    monkeypatch.setattr("ui.settings_page.show_error", lambda parent, err: errors.append(err.message("vi")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    qtbot.mouseClick(page.restore_btn, Qt.MouseButton.LeftButton)
    assert errors and "photo.db" in errors[0] and "Không có gì bị thay đổi" in errors[0]
    assert store.count_records() == 0


BROKEN = """| survey |
| | type | name | label |
| | integer | a | A |
| | select_one nolist | b | B |
"""
V1 = """| survey |
| | type | name | label |
| | text | ten | Tên |
| settings |
| | form_id | version | form_title |
| | thu_nghiem | 1 | Phiếu thử |
"""


def test_add_form_shows_vietnamese_problems_and_versions(qtbot, store, tmp_path, monkeypatch, no_dialogs):
    page = SettingsPage(store.path, store=store)
    qtbot.addWidget(page)
    broken = tmp_path / "hong.md"
    broken.write_text(BROKEN, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(broken), "")))
    qtbot.mouseClick(page.add_form_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    text = no_dialogs["warning"][-1]
    assert "hong.md" in text and "nolist" in text and "dòng" in text.lower()
    v1 = tmp_path / "v1.md"
    v1.write_text(V1, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(v1), "")))
    qtbot.mouseClick(page.add_form_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert "Đã thêm" in no_dialogs["info"][-1]
    from models.records.editor import create_record

    old = create_record(store, "thu_nghiem")
    v2 = tmp_path / "v2.md"
    v2.write_text(V1.replace("| thu_nghiem | 1 |", "| thu_nghiem | 2 |"), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(v2), "")))
    qtbot.mouseClick(page.add_form_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert "Phiếu mới sẽ dùng phiên bản này" in no_dialogs["info"][-1]
    new = create_record(store, "thu_nghiem")
    assert store.record(old)["form_version"] == "1" and store.record(new)["form_version"] == "2"
    rows = [page.forms_table.item(r, 1).text() for r in range(page.forms_table.rowCount())]
    assert "thu_nghiem" in rows
    # a form ODK loads with a problem of its own (an instance_name naming no question): added, with the
    # warning naming the settings sheet, row and column
    v3 = tmp_path / "v3.md"
    v3.write_text(V1.replace("| thu_nghiem | 1 |", "| thu_nghiem | 3 |").replace("| form_id | version |",
                  "| form_id | version | instance_name |").replace("| thu_nghiem | 3 |", "| thu_nghiem | 3 | Ho-ten |"),
                  encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(v3), "")))
    qtbot.mouseClick(page.add_form_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    text = no_dialogs["info"][-1]
    assert text.startswith("Đã thêm biểu mẫu") and "\n\nCảnh báo:\nsettings:2: Cột 'instance_name' ghi 'Ho-ten'" in text


def test_english_interface_from_the_catalogue(qtbot, store, qapp):
    from ui.app import install_translators

    install_translators(qapp, "en")
    try:
        win = MainWindow(store, ui_lang="en")
        qtbot.addWidget(win)
        titles = [win.nav.item(i).text() for i in range(win.nav.count())]
        assert titles == ["Records", "Transfer", "Reports", "Settings"]
        model = win.page("records").model
        assert model.headerData(1, Qt.Orientation.Horizontal) == "Respondent / unit"
        assert win.page("records").search.placeholderText().startswith("Search names")
    finally:
        install_translators(qapp, "vi")
    win2 = MainWindow(store)
    qtbot.addWidget(win2)
    assert win2.nav.item(0).text() == "Phiếu khảo sát"


def test_the_window_follows_the_setups_language_not_other_settings(qtbot, store, tmp_path, monkeypatch, no_dialogs):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path / "usb")))
    started_en = MainWindow(store, ui_lang="en")  # "--lang en" on the command line; the setup says Vietnamese
    qtbot.addWidget(started_en)
    switched: list[str] = []
    started_en.language_changed.connect(switched.append)
    page = started_en.page("settings")
    qtbot.mouseClick(page.folder_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.backup_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert os.listdir(tmp_path / "usb") and switched == []  # other settings changed: the language stays
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.language_changed.connect(switched.append)
    page = win.page("settings")
    page.setup.language.setCurrentIndex(page.setup.language.findData("en"))
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert store.setting("language") == "en" and "Đã lưu cài đặt." in no_dialogs["info"][-1]
    assert switched == ["en"]  # the Vietnamese window follows the setup; the English one already speaks it


EXTERNAL = """| survey |
| | type | name | label | calculation |
| | select_one_from_file thon.csv | thon | Thôn | |
| | calculate | truong_thon | | pulldata('thon', 'head', 'name', ${thon}) |
| settings |
| | form_id | version |
| | co_tep | 1 |
"""


def test_add_form_takes_its_attachments_from_its_folder_or_asks_for_them(qtbot, store, tmp_path, monkeypatch,
                                                                          no_dialogs):
    page = SettingsPage(store.path, store=store)
    qtbot.addWidget(page)
    (tmp_path / "a").mkdir()
    form = tmp_path / "a" / "co_tep.md"
    form.write_text(EXTERNAL, encoding="utf-8")
    elsewhere = tmp_path / "ds_thon.csv"  # another name: the one file still missing is taken as thon.csv
    elsewhere.write_text("name,label,head\nt1,Thôn 1,Nguyễn Văn An\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(form), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(elsewhere)], "")))
    no_dialogs["answers"].append(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.add_form_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert "thon.csv" in no_dialogs["question"][-1] and "Đã thêm biểu mẫu" in no_dialogs["question"][-1]
    wait_jobs(qtbot)
    assert no_dialogs["info"][-1] == "Đã thêm các tệp đính kèm của biểu mẫu 'co_tep'."
    assert store.form_files("co_tep", "1") == {"thon.csv": elsewhere.read_bytes()}
    # a second version beside its file: nothing is asked
    (tmp_path / "b").mkdir()
    v2 = tmp_path / "b" / "co_tep.md"
    v2.write_text(EXTERNAL.replace("| co_tep | 1 |", "| co_tep | 2 |"), encoding="utf-8")
    (tmp_path / "b" / "thon.csv").write_text("name,label,head\nt2,Thôn 2,Lê Thị Bình\n", encoding="utf-8")
    asked = len(no_dialogs["question"])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(v2), "")))
    qtbot.mouseClick(page.add_form_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert len(no_dialogs["question"]) == asked and "Đã thêm biểu mẫu" in no_dialogs["info"][-1]
    assert store.form("co_tep", "2").missing_attachments == ()
