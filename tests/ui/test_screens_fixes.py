"""Screens fixed after QA, with real widgets: reports defaults and previews, sync without a key store,
setup messages and language, empty lists, English form titles, errors in the English interface, and
a damaged database at start."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from models.store.database import open_store
from tests.exports.fixtures import make_store, write_indicators
from tests.ui.driver import wait_jobs

SHOTS = os.environ.get("KHAOSAT_SHOTS")


def _shot(widget, name):
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture(scope="module")
def report_db(tmp_path_factory):
    d = tmp_path_factory.mktemp("rep")
    store, _ids = make_store(d / "a.db")
    store.close()
    write_indicators(d)
    return str(d / "a.db")


# ---------------------------------------------------------------------- reports


def _page(qtbot, db):
    from ui.reports import ReportsPage

    w = ReportsPage(db, indicators=str(Path(db).parent / "indicators.toml"))
    qtbot.addWidget(w)
    w.resize(1100, 768)
    w.show()
    return w


def test_reports_follow_the_interface_language_and_the_role(qtbot, report_db, qapp, tmp_path):
    from ui.app import install_translators
    from ui.reports import ExportDialog

    page = _page(qtbot, report_db)
    assert page.lang.currentData() == "vi" and page.kind.currentData() == "commune"
    install_translators(qapp, "en")
    try:
        en = _page(qtbot, report_db)
        assert en.lang.currentData() == "en"
        dlg = ExportDialog(report_db)
        qtbot.addWidget(dlg)
        assert dlg.lang.currentData() == "en"
        _shot(en, "reports_en")
    finally:
        install_translators(qapp, "vi")
    prov = tmp_path / "prov.db"
    Path(prov).write_bytes(Path(report_db).read_bytes())
    with open_store(prov) as st:
        st.set_settings({"role": "province", "commune": ""})
    assert _page(qtbot, str(prov)).kind.currentData() == "province"


def test_the_document_panel_is_not_clipped(qtbot, report_db, qapp):
    from ui.app import install_translators

    install_translators(qapp, "en")
    try:
        page = _page(qtbot, report_db)
        page.resize(1186, 768)  # the main window's page area at 1366x768
        qtbot.waitUntil(lambda: page.preview_button.isVisible())
        box = page.kind.parentWidget()
        for label in ("Kind", "Form", "Language"):
            lab = next(w for w in box.findChildren(type(page.status)) if w.text() == label)
            assert lab.width() >= lab.sizeHint().width(), label
    finally:
        install_translators(qapp, "vi")


def test_preview_pdfs_do_not_outlive_their_preview(qtbot, report_db, qapp):
    from models.base.paths import data_dir

    page = _page(qtbot, report_db)
    folder = Path(page._tmpdir)
    assert data_dir() in folder.parents  # the application's folder, not the shared temp folder
    with qtbot.waitSignal(page.pdf_ready, timeout=60000):
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    first = Path(page._pdf)
    assert first.exists()
    page.kind.setCurrentIndex(page.kind.findData("blank"))
    with qtbot.waitSignal(page.pdf_ready, timeout=60000):
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert Path(page._pdf).exists() and not first.exists()  # the one no longer shown is gone
    qapp.aboutToQuit.emit()  # the application quits
    assert not folder.exists() and page._pdf is None
    other = _page(qtbot, report_db)
    folder2 = Path(other._tmpdir)
    other.deleteLater()  # a page rebuilt after a language change or a restore
    qtbot.waitUntil(lambda: not folder2.exists(), timeout=5000)


def test_export_dialog_dates_are_day_month_year(qtbot, report_db):
    from ui.reports import ExportDialog

    dlg = ExportDialog(report_db)
    qtbot.addWidget(dlg)
    dlg.use_dates.setChecked(True)
    dlg.date_from.setDate(QDate(2025, 8, 15))
    assert dlg.date_from.text() == "15/08/2025"
    assert dlg.values()["date_from"] == "2025-08-15"  # the service still gets ISO dates


# ---------------------------------------------------------------------- sync


@pytest.fixture
def no_keystore(monkeypatch):
    from keyring.backends import fail

    from models.sync import credentials

    prev = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv(credentials.ENV_PASSWORD, raising=False)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda p, t, text, *a: shown.append(("info", text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text, *a: shown.append(("warning", text)))
    monkeypatch.setattr("ui.sync_page.show_error", lambda parent, err: shown.append(("error", str(err))))
    yield shown
    keyring.set_keyring(prev)


def test_sync_settings_are_kept_without_a_key_store_and_sending_still_works(qtbot, tmp_path, no_keystore):
    from tests.openrosa_server import OpenRosaTestServer
    from tests.sync_fixtures import make_db
    from ui.sync_page import SyncPage

    db = str(tmp_path / "xa.db")
    make_db(db, records=2)
    with OpenRosaTestServer(password="Mat-khau#1") as srv:
        srv.publish("dn_sync", "2024.1")
        page = SyncPage(db)
        qtbot.addWidget(page)
        page.show()
        assert "kho khóa" in page.password.placeholderText()
        for w, text in ((page.server, srv.url), (page.user, "canbo"), (page.password, "Mat-khau#1")):
            qtbot.keyClicks(w, text)
        page.server.editingFinished.emit()
        assert page.project.text() == "7" and "/v1/" not in page.server.text()  # the project has its own field
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        wait_jobs(qtbot)
        kind, text = no_keystore[-1]
        assert kind == "warning" and "Đã lưu địa chỉ máy chủ" in text and "Gửi ngay" in text
        assert "Keyring" not in text and "SURVEY_SYNC_PASSWORD" not in text
        with open_store(db) as st:
            assert st.setting("sync_server") == srv.url.split("/v1/")[0] and st.setting("sync_project") == "7"
            assert st.setting("sync_user") == "canbo"
        _shot(page, "sync_no_keystore_vi")
        qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)  # the typed password, this sending only
        qtbot.waitUntil(lambda: page.send_button.isEnabled(), timeout=20000)
        assert len(srv.submissions) == 2
        # the project can be changed later: not refused as "another project in the address"
        page.project.setText("8")
        assert page.save(quiet=True)
        wait_jobs(qtbot)
        with open_store(db) as st:
            assert st.setting("sync_project") == "8"


# ---------------------------------------------------------------------- setup, records, messages


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


# ---------------------------------------------------------------------- a damaged database at start


def test_a_damaged_database_offers_a_restore_at_start(qtbot, tmp_path, monkeypatch):
    from models.store.backup import backup_now
    from ui import recovery

    st = open_store(tmp_path / "live.db")
    st.set_settings({"role": "enumerator", "user_name": "Lê Hoa"})
    b = backup_now(st, tmp_path / "bk")
    st.close()
    (tmp_path / "live.db").write_bytes(b"\0garbage" * 1000)
    seen = []

    def exec_(box):
        seen.append((box.objectName(), box.text(), [x.text() for x in box.buttons()]))
        box._clicked = next(x for x in box.buttons() if x.text() == "Khôi phục từ bản sao lưu…")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box._clicked)
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda p, t, text, *a: seen.append(("info", text))))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (b.path, "")))
    store = recovery.open_or_recover(str(tmp_path / "live.db"), "vi")
    assert store is not None and store.setting("user_name") == "Lê Hoa"
    store.close()
    name, text, buttons = seen[0]
    assert name == "damaged_database" and "đã hỏng" in text and "Thoát" in buttons
    assert seen[-1][0] == "info" and "before-restore" in seen[-1][1]


def test_a_read_only_database_is_not_offered_a_restore(qtbot, tmp_path, monkeypatch):
    from models.store.errors import StoreCode, StoreError
    from ui import recovery

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda p, t, text, *a: shown.append(text)))
    monkeypatch.setattr(recovery, "offer_restore", lambda *a: pytest.fail("a read-only file is not damaged"))

    def refuse(path, *, create=True):
        raise StoreError(StoreCode.DB_READ_ONLY, path=path)

    monkeypatch.setattr("models.store.database.open_store", refuse)
    assert recovery.open_or_recover(str(tmp_path / "ro.db"), "vi") is None
    assert "chỉ đọc" in shown[0] and "Read-only" in shown[0]
