"""The sync page on a computer without an OS key store: its settings are kept and sending still works."""

from __future__ import annotations

import os

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models.store.database import open_store
from tests.ui.driver import wait_jobs

SHOTS = os.environ.get("KHAOSAT_SHOTS")


def _shot(widget, name):
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


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


