"""Settings → Backup: the default folder beside the database is shown and used; the user can change it
and go back to the default."""

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from models.store import backup
from tests.ui.driver import wait_jobs
from ui.settings_page import SettingsPage


def _page(qtbot, store):
    page = SettingsPage(store.path, store=store)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(2)
    page.resize(900, 420)
    page.show()
    return page


def test_default_folder_is_shown_and_used_without_asking(qtbot, store, tmp_path, monkeypatch, no_dialogs):
    asked = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: asked.append(a) or ""))
    page = _page(qtbot, store)
    default = tmp_path / "khaosat-sao-luu"
    assert "mặc định" in page.folder_label.text() and str(default) in page.folder_label.text()
    assert page.default_folder_btn.isHidden()  # already the default
    qtbot.mouseClick(page.backup_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert not asked  # no folder dialog: the copy goes to the default folder
    files = os.listdir(default)
    assert len(files) == 1 and files[0].startswith("khaosat-backup-ui-") and files[0].endswith("-manual.db")
    assert str(default) in no_dialogs["info"][-1]
    assert "Chưa" not in page.last_label.text()


def test_choose_a_folder_then_back_to_the_default(qtbot, store, tmp_path, monkeypatch, no_dialogs):
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(usb)))
    page = _page(qtbot, store)
    qtbot.mouseClick(page.folder_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert store.setting(backup.FOLDER_KEY) == str(usb)
    assert "mặc định" not in page.folder_label.text() and str(usb) in page.folder_label.text()
    assert page.default_folder_btn.isVisible()
    st = backup.auto_backup(store, reason="import")
    assert os.path.dirname(st.path) == str(usb)
    page.grab().save("/tmp/cli2/settings_backup_usb.png")
    qtbot.mouseClick(page.default_folder_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert backup.backup_folder(store) == (tmp_path / "khaosat-sao-luu", True)
    assert "mặc định" in page.folder_label.text() and page.default_folder_btn.isHidden()
    page.grab().save("/tmp/cli2/settings_backup_default.png")
