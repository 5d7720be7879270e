"""A damaged database at start is offered a restore from the newest good backup; a read-only one is not."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from models.store.database import open_store


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
    monkeypatch.setattr("ui.lock.unlock_or_encrypt", lambda *a: True)  # the PIN step is tests/ui/test_lock.py's
    assert recovery.open_or_recover(str(tmp_path / "ro.db"), "vi") is None
    assert "chỉ đọc" in shown[0] and "Read-only" in shown[0]


def test_a_lost_write_ahead_log_is_said_at_start_with_the_newest_backup_and_a_choice(qtbot, tmp_path, monkeypatch):
    """Issue 16 #4: the WAL deleted after a kill: the start says so, offers the newest good backup and
    lets the person go on with the data left."""
    import os

    from models.base.paths import default_backup_dir
    from models.store.backup import backup_now
    from tests.models.pkg_helpers import make_db
    from tests.models.test_damaged_database import _killed_after_answers
    from ui import recovery

    db = tmp_path / "live.db"
    st = make_db(db)
    good = backup_now(st, default_backup_dir(db), reason="daily").path
    st.close()
    _killed_after_answers(db, 2)
    os.unlink(f"{db}-wal")
    seen = []

    def exec_(box):
        seen.append((box.text(), box.informativeText(), [x.text() for x in box.buttons()]))
        box._clicked = next(x for x in box.buttons() if x.text() == "Tiếp tục với dữ liệu còn lại")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box._clicked)
    store = recovery.open_or_recover(str(db), "vi")
    assert store is not None
    store.close()
    text, more, buttons = seen[0]
    assert "đã bị xóa hoặc chuyển đi" in text and good in more
    assert "Khôi phục bản tốt gần nhất" in buttons and "Thoát" in buttons
