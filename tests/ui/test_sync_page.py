"""The sync screen driven like a person would: settings, send now, the log, deciding a conflict."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models.store.database import open_store
from models.sync import credentials
from models.sync.service import build_instance
from tests.openrosa_server import OpenRosaTestServer, Submission
from tests.sync_fixtures import MemoryKeyring, make_db
from tests.ui.driver import wait_jobs
from ui.sync_page import SyncPage

PW = "Mat-khau#2024"  # typed with QTest, which only types ASCII


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    kr = MemoryKeyring()
    prev = keyring.get_keyring()
    keyring.set_keyring(kr)
    monkeypatch.delenv(credentials.ENV_PASSWORD, raising=False)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: shown.append(("info", text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(("warning", text)))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: (shown.append(("question", text)),
                                                         QMessageBox.StandardButton.Yes)[1])
    monkeypatch.setattr("ui.sync_page.show_error", lambda parent, err: shown.append(("error", str(err))))
    kr.shown = shown
    yield kr
    keyring.set_keyring(prev)


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "xa.db")
    make_db(path, records=3)
    return path


@pytest.fixture
def srv():
    with OpenRosaTestServer(password=PW) as s:
        s.publish("dn_sync", "2024.1")
        yield s


def _fill(qtbot, page, server, user="", password=""):
    for w, text in ((page.server, server), (page.user, user), (page.password, password)):
        w.clear()
        if text:
            qtbot.keyClicks(w, text)


def _send(qtbot, page):
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.send_button.isEnabled(), timeout=20000)


def _log(page):
    t = page.log_table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_settings_send_now_and_the_log(qtbot, db, srv, quiet, tmp_path):
    page = SyncPage(db)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    page.show()
    assert "Chưa cài đặt máy chủ" in page.status.text()
    assert page.send_complete.isChecked() and page.send_approved.isChecked()
    _fill(qtbot, page, srv.url, "canbo", PW)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert quiet.shown[-1][0] == "info"
    assert list(quiet.items.values()) == [PW]  # the key store, not the database
    with open_store(db) as st:
        assert st.setting("sync_user") == "canbo" and PW not in str(st.settings())
    assert page.password.text() == "" and "kho khóa" in page.password.placeholderText()

    _send(qtbot, page)
    assert len(srv.submissions) == 3
    assert "Đã gửi 3 phiếu" in page.status.text()
    rows = _log(page)
    assert rows[0][2] == "Lượt gửi" and "3 phiếu đã gửi" in rows[0][3]
    assert [r[2] for r in rows[1:]] == ["Đã gửi"] * 3
    assert {r[1] for r in rows[1:]} == {"Công ty Số 1", "Công ty Số 2", "Công ty Số 3"}
    assert rows[1][3] == "Đã gửi; máy chủ xác nhận (HTTP 201)."
    assert not page.conflict_box.isVisible()
    page.grab().save(str(tmp_path / "sync_page.png"))

    # again: nothing new goes
    _send(qtbot, page)
    assert len(srv.posts()) == 3 and "máy chủ đã có 3" in page.status.text()


def test_refused_password_is_shown_in_vietnamese(qtbot, db, srv, quiet):
    page = SyncPage(db)
    qtbot.addWidget(page)
    _fill(qtbot, page, srv.url, "canbo", "sai-mat-khau")
    _send(qtbot, page)
    assert "từ chối đăng nhập" in page.status.text()
    assert quiet.shown[-1][0] == "error"
    assert srv.submissions == []
    assert _log(page)[0][2] == "Lượt gửi" and "401" in _log(page)[0][3]


def test_app_user_link_needs_no_password(qtbot, db, srv, quiet):
    page = SyncPage(db)
    qtbot.addWidget(page)
    _fill(qtbot, page, srv.app_user_link)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    # the token went to the key store, not into the field; the project is in its own field
    assert page.server.text() == srv.url.split("/v1/")[0] and page.project.text() == "7"
    assert "liên kết người dùng ứng dụng" in page.password.placeholderText()
    _send(qtbot, page)
    assert len(srv.submissions) == 3


def test_a_conflict_is_decided_by_a_person(qtbot, db, srv, quiet, tmp_path):
    with open_store(db) as st:
        rid = st.execute("SELECT id FROM records ORDER BY created_at LIMIT 1").fetchone()[0]
        other = build_instance(st, rid, rid).replace(b"<workers>10</workers>", b"<workers>70</workers>")
    srv.submissions.append(Submission([(rid, other)]))
    page = SyncPage(db)
    qtbot.addWidget(page)
    page.show()
    _fill(qtbot, page, srv.url, "canbo", PW)
    _send(qtbot, page)
    assert page.conflict_box.isVisible() and page.conflict_table.rowCount() == 1
    assert page.conflict_table.item(0, 0).text() == "Công ty Số 1"
    assert "different XML" in page.conflict_table.item(0, 2).text()
    assert page.replace_button.isEnabled() and page.keep_button.isEnabled()
    assert any(r[2] == "Xung đột" for r in _log(page))
    page.resize(1000, 760)
    page.grab().save(str(tmp_path / "sync_conflict.png"))
    qtbot.mouseClick(page.replace_button, Qt.MouseButton.LeftButton)
    assert quiet.shown[-1][0] == "question" and "Công ty Số 1" in quiet.shown[-1][1]
    wait_jobs(qtbot)
    assert not page.conflict_box.isVisible()
    _send(qtbot, page)
    sub = next(s for s in srv.submissions if s.versions[0][0] == rid)
    assert len(sub.versions) == 2 and b"<workers>10</workers>" in sub.versions[-1][1]


def test_check_connection_lists_the_forms(qtbot, db, srv, quiet):
    page = SyncPage(db)
    qtbot.addWidget(page)
    _fill(qtbot, page, srv.url, "canbo", PW)
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(quiet.shown) and quiet.shown[-1][0] == "info", timeout=20000)
    text = quiet.shown[-1][1]
    assert "Kết nối tốt" in text and "dn_sync: cùng phiên bản 2024.1" in text


def test_no_status_chosen(qtbot, db, srv, quiet):
    page = SyncPage(db)
    qtbot.addWidget(page)
    _fill(qtbot, page, srv.url, "canbo", PW)
    page.send_complete.setChecked(False)
    page.send_approved.setChecked(False)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert quiet.shown[-1][0] == "warning" and "ít nhất một loại phiếu" in quiet.shown[-1][1]


def test_english_catalogue_covers_every_string_and_loads(qtbot, db):
    import re
    from pathlib import Path

    from lxml import etree
    from PySide6.QtCore import QCoreApplication, QTranslator

    ui = Path(__file__).resolve().parents[2] / "ui"
    source = (ui / "sync_page.py").read_text(encoding="utf-8")
    import ast

    strings = {ast.literal_eval("(" + m + ")") for m in
               re.findall(r'self\.tr\(((?:\s*"(?:[^"\\]|\\.)*")+)\s*\)', source)}
    ts = etree.parse(str(ui / "i18n" / "khaosat_en.ts"))
    done = {m.findtext("source"): m.find("translation") for c in ts.iter("context")
            if c.findtext("name") == "SyncPage" for m in c.iter("message")}
    assert strings and strings <= set(done), strings - set(done)
    assert all(t.text and t.get("type") is None for t in done.values())
    tr = QTranslator()
    assert tr.load(str(ui / "i18n" / "khaosat_en.qm"))
    QCoreApplication.installTranslator(tr)
    try:
        page = SyncPage(db)
        qtbot.addWidget(page)
        assert page.send_button.text() == "Send now"
        assert page.log_table.horizontalHeaderItem(2).text() == "Result"
    finally:
        QCoreApplication.removeTranslator(tr)
