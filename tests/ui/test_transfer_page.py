"""The enumerator's transfer page with real widgets: send to the clerk, receive the return package,
see the clerk's comments in the record list and in the open entry window."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from models.exchange.packages import export_to_file, import_into  # noqa: E402
from models.records.review import send_back  # noqa: E402
from tests.models.pkg_helpers import add_enterprise, add_household, make_db  # noqa: E402
from tests.ui.driver import wait_jobs  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.record_model import RecordTableModel  # noqa: E402

SHOTS = os.environ.get("KHAOSAT_SHOTS")  # a folder: screenshots of what the tests saw


def _shot(widget, name):
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture
def world(tmp_path, qtbot):
    e1 = make_db(tmp_path / "e1.db")
    hh = add_household(e1, "Trần Thị Bình", phone="0912345678", members=2, complete=True)
    ent = add_enterprise(e1, "Công ty Ánh Dương")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Phạm Thu Hà", code="C01", forms=False)
    clerk.close()
    win = MainWindow(e1, ui_lang="vi")
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield {"win": win, "store": e1, "hh": hh, "ent": ent, "tmp": tmp_path, "clerk": str(tmp_path / "clerk.db")}
    from PySide6.QtWidgets import QApplication

    for w in QApplication.topLevelWidgets():  # they save through the store as they close
        w.close()
    e1.close()


def _export(qtbot, page, monkeypatch, target):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.worker is None, timeout=20000)


def test_send_to_the_clerk_and_receive_the_comments(qtbot, world, monkeypatch, no_dialogs):
    win, tmp = world["win"], world["tmp"]
    titles = [win.nav.item(i).text() for i in range(win.nav.count())]
    assert titles[:2] == ["Phiếu khảo sát", "Gửi dữ liệu"] and "Hợp nhất" not in titles
    win.nav.setCurrentRow(1)
    page = win.page("transfer")
    assert "2 phiếu" in page.state_label.text() and "Chưa gửi (mới hoặc đã sửa): 2" in page.state_label.text()
    assert page.mode() == "changes"
    _shot(win, "transfer_before")
    # 1. the package for the clerk
    with qtbot.waitSignal(page.exported, timeout=20000) as sent:
        _export(qtbot, page, monkeypatch, tmp / "goi_e01")
    assert sent.args[0].records == 2 and (tmp / "goi_e01.ksp").exists()
    assert "goi_e01.ksp" in page.result_label.text() and "Chưa gửi (mới hoặc đã sửa): 0" in page.state_label.text()
    assert page.sent_table.rowCount() == 1 and page.sent_table.item(0, 2).text() == "2"
    assert "/" in page.sent_table.item(0, 0).text()  # a local dd/MM/yyyy time, not ISO
    # nothing changed since: a clear refusal, nothing written
    _export(qtbot, page, monkeypatch, tmp / "goi_again")
    assert not (tmp / "goi_again.ksp").exists() and no_dialogs["warning"]
    # 2. the clerk sends the household back with comments, in a return package for this device
    from models.store.database import open_store

    clerk = open_store(world["clerk"])
    for _ in import_into(clerk, [str(tmp / "goi_e01.ksp")], backup=False):
        pass
    send_back(clerk, world["hh"], comment="Kiểm tra lại số điện thoại và năm sinh các thành viên.",
              questions={"phone": "Số điện thoại sai đầu số, hỏi lại hộ", "mem[2].m_byear": "Năm sinh của con?"})
    ret = export_to_file(clerk, str(tmp / "tra_lai.ksp"), enumerator="E01")
    clerk.close()
    assert ret.encrypted_for  # for this enumerator's key, known from the package it sent
    # 3. the record is open while the return package arrives
    records = win.page("records")
    entry = records.open_record(world["hh"])
    qtbot.waitUntil(lambda: entry.isVisible())
    assert not entry.banner.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(tmp / "tra_lai.ksp")], "")))
    with qtbot.waitSignal(page.imported, timeout=20000):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.worker is None, timeout=10000)
    assert "cập nhật 1 phiếu" in page.result_label.text()
    assert "1 phiếu đang bị trả lại" in page.returned_label.text()
    assert page.tabs.currentIndex() == 0 and page.tabs.tabText(0) == "Phiếu bị trả lại (1)"
    assert page.returned_table.item(0, 0).text() == "Trần Thị Bình"
    assert "Kiểm tra lại số điện thoại" in page.returned_table.item(0, 1).text()
    assert page.returned_table.item(0, 2).text() == "2"
    _shot(win, "transfer_after_import")
    # the record list: status "returned" with the comment as its tooltip and a marker
    m = records.model
    r = m.position_of(world["hh"])
    idx = m.index(r, RecordTableModel.COL_STATUS)
    assert m.data(idx) == "Bị trả lại" and m.data(idx, Qt.ItemDataRole.DecorationRole) is not None
    tip = m.data(idx, Qt.ItemDataRole.ToolTipRole)
    assert "Kiểm tra lại số điện thoại" in tip and "2 câu có nhận xét" in tip
    # the open window reloaded itself: banner with the comment, the question's own comment beside it
    qtbot.waitUntil(lambda: entry.banner.isVisible(), timeout=5000)
    assert "Kiểm tra lại số điện thoại và năm sinh" in entry.banner.text()
    assert "Bị trả lại" in entry.heading.text()
    entry.go_to("phone")
    phone = entry.widgets["phone"]
    assert phone.review_note.isVisible() and "Số điện thoại sai đầu số" in phone.review_note.text()
    entry._on_banner_link("mem[2].m_byear")  # the banner's link to a member's question
    member = entry.widgets["mem[2].m_byear"]
    assert member.review_note.isVisible() and "Năm sinh của con?" in member.review_note.text()
    _shot(entry, "entry_returned_comments")
    entry.close()


def test_public_key_and_receiver_key(qtbot, world, monkeypatch, no_dialogs):
    from models.exchange.keys import write_public_key
    from models.exchange.packages import inspect_package
    from models.store.database import open_store

    win, tmp = world["win"], world["tmp"]
    page = win.page("transfer")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp / "e01.pub"), "")))
    qtbot.mouseClick(page.key_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert (tmp / "e01.pub").exists() and page.data["fingerprint"] in page.result_label.text()
    assert page.data["fingerprint"] in page.fp_label.text()
    # the commune's key: packages are encrypted for it, and only for it
    clerk = open_store(world["clerk"])
    write_public_key(clerk, tmp / "xa.pub")
    clerk.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(tmp / "xa.pub"), "")))
    qtbot.mouseClick(page.key_pick, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert page.key_edit.text() == str(tmp / "xa.pub") and "mã hóa cho mã khóa" in page.key_note.text()
    page.mode_buttons["complete"].click()
    _export(qtbot, page, monkeypatch, tmp / "enc.ksp")
    info = inspect_package(tmp / "enc.ksp")
    assert info["encrypted"] and info["counts"]["records"] == 1  # the complete household only
    qtbot.mouseClick(page.key_clear, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert page.key_edit.text() == "" and "không mã hóa" in page.key_note.text()


def test_the_english_transfer_page(qtbot, world, qapp):
    from ui.app import install_translators

    install_translators(qapp, "en")
    try:
        win = MainWindow(world["store"], ui_lang="en")
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        win.nav.setCurrentRow(1)
        page = win.page("transfer")
        assert win.nav.item(1).text() == "Transfer"
        assert page.export_button.text() == "Export a package for the clerk…"
        assert "Not sent yet (new or changed): 2" in page.state_label.text()
        assert page.state_label.text().startswith("On this computer: 2 records (")
        _shot(win, "transfer_en")
    finally:
        install_translators(qapp, "vi")
