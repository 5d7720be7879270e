import os
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from models import backup
from models.errors import AppError
from models.records import RecordEditor, create_record
from models.store import open_store

FORM = """| survey |
| | type | name | label |
| | text | name | Tên |
| settings |
| | form_id | version |
| | bk | 1 |
"""


@pytest.fixture
def store(tmp_path):
    from forms import load_form

    st = open_store(tmp_path / "main.db")
    st.add_form(load_form(FORM))
    rid = create_record(st, "bk")
    RecordEditor(st, rid).set("name", "Nguyễn Văn An")
    yield st
    st.close()


def test_backup_now_makes_a_verified_copy(store, tmp_path):
    res = backup.backup_now(store, tmp_path / "usb")
    assert os.path.exists(res.path) and res.records == 1
    c = sqlite3.connect(res.path)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert "Nguyễn Văn An" in c.execute("SELECT answers FROM records").fetchone()[0]
    c.close()
    assert store.setting(backup.LAST_KEY) == res.at
    assert backup.list_backups(tmp_path / "usb") == [__import__("pathlib").Path(res.path)]


def test_restore_replaces_and_keeps_a_safety_copy(store, tmp_path):
    res = backup.backup_now(store, tmp_path / "usb")
    rid = create_record(store, "bk")
    RecordEditor(store, rid).set("name", "Sau sao lưu")
    path = store.path
    store.close()
    safety = backup.restore(path, res.path)
    st = open_store(path)
    try:
        assert st.count_records() == 1
    finally:
        st.close()
    s2 = open_store(safety)
    try:
        assert s2.count_records() == 2  # the database as it was before the restore
    finally:
        s2.close()


def test_restore_refuses_a_non_backup_and_changes_nothing(store, tmp_path):
    path = store.path
    store.close()
    before = open(path, "rb").read()
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"hello, this is not a database" * 10)
    with pytest.raises(AppError) as err:
        backup.restore(path, junk)
    assert err.value.code == "RESTORE_INVALID" and "notes.db" in err.value.message("vi")
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE t(x)")
    c.commit()
    c.close()
    with pytest.raises(AppError) as err:
        backup.restore(path, other)
    assert err.value.code == "RESTORE_INVALID"
    assert open(path, "rb").read() == before
    assert not [p for p in os.listdir(tmp_path) if "before-restore" in p]


def test_restore_refuses_a_newer_schema(store, tmp_path):
    res = backup.backup_now(store, tmp_path / "usb")
    c = sqlite3.connect(res.path)
    c.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('khaosat', 'm999_future', 'x')")
    c.commit()
    c.close()
    path = store.path
    store.close()
    with pytest.raises(AppError) as err:
        backup.restore(path, res.path)
    assert err.value.code == "DB_NEWER"


def test_auto_backup_without_folder_is_a_clear_no_op(store):
    st = backup.auto_backup(store, reason="import")
    assert st.state == "no_folder"
    assert "Cài đặt" in st.message("vi") and "Settings" in st.message("en")


def test_auto_backup_daily_and_before_every_import(store, tmp_path):
    store.set_settings({backup.FOLDER_KEY: str(tmp_path / "usb")})
    first = backup.auto_backup(store, reason="daily")
    assert first.state == "made" and os.path.exists(first.path)
    again = backup.auto_backup(store, reason="daily")
    assert again.state == "not_due"
    imp = backup.auto_backup(store, reason="import")
    assert imp.state == "made" and imp.path != first.path
    later = datetime.now(timezone.utc) + timedelta(hours=25)
    assert backup.auto_backup(store, reason="daily", now=later).state == "made"


def test_auto_backup_failure_is_reported_not_raised(store, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    store.set_settings({backup.FOLDER_KEY: str(blocker / "sub")})
    st = backup.auto_backup(store, reason="import")
    assert st.state == "failed" and st.error is not None
