import os
from models.base.driver import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from models.base.errors import AppError
from models.records.editor import RecordEditor, create_record
from models.store import backup
from models.store.database import open_store
from models.store.errors import StoreCode

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
    assert err.value.code is StoreCode.RESTORE_INVALID and "notes.db" in err.value.message("vi")
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE t(x)")
    c.commit()
    c.close()
    with pytest.raises(AppError) as err:
        backup.restore(path, other)
    assert err.value.code is StoreCode.RESTORE_INVALID
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
    assert err.value.code is StoreCode.DB_NEWER


def test_auto_backup_without_a_chosen_folder_uses_the_default_folder_beside_the_database(store, tmp_path):
    assert not store.setting(backup.FOLDER_KEY)
    folder, is_default = backup.backup_folder(store)
    assert is_default and folder == tmp_path / "khaosat-sao-luu"
    st = backup.auto_backup(store, reason="import")
    assert st.state == "made" and not st.fallback_from
    assert os.path.dirname(st.path) == str(folder)
    assert backup.list_backups(folder) == [__import__("pathlib").Path(st.path)]
    c = sqlite3.connect(st.path)
    assert "Nguyễn Văn An" in c.execute("SELECT answers FROM records").fetchone()[0]
    c.close()
    assert "khaosat-sao-luu" in st.message("vi") and "Automatic backup" in st.message("en")


def test_automatic_copies_are_rotated_manual_ones_kept(store, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "KEEP_AUTO", 3)
    manual = backup.backup_now(store, tmp_path / "khaosat-sao-luu")
    made = [backup.auto_backup(store, reason="import").path for _ in range(5)]
    left = {str(p) for p in backup.list_backups(tmp_path / "khaosat-sao-luu")}
    assert manual.path in left and len(left) == 4  # the manual copy and the newest three automatic ones
    assert made[-1] in left and made[-2] in left and made[-3] in left


def test_two_backups_in_the_same_second_never_overwrite_each_other(store, tmp_path, monkeypatch):
    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 11, 22, 19, 56, 45, tzinfo=tz)

    monkeypatch.setattr(backup, "datetime", Frozen)
    a = backup.backup_now(store, tmp_path / "usb")
    b = backup.backup_now(store, tmp_path / "usb")
    assert a.path != b.path and os.path.exists(a.path) and os.path.exists(b.path)


def test_two_restores_in_the_same_second_keep_both_safety_copies(store, tmp_path, monkeypatch):
    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 11, 22, 19, 56, 45, tzinfo=tz)

    b1 = backup.backup_now(store, tmp_path / "usb").path  # 1 record
    for i in range(24):
        RecordEditor(store, create_record(store, "bk")).set("name", f"Người {i}")
    path = store.path
    store.close()
    monkeypatch.setattr(backup, "datetime", Frozen)
    first = backup.restore(path, b1)  # keeps the 25-record database
    second = backup.restore(path, b1)  # keeps the 1-record database: must not replace the first copy
    assert first != second and "20261122-195645" in first and "20261122-195645" in second
    counts = []
    for p in (first, second):
        c = sqlite3.connect(p)
        counts.append(c.execute("SELECT count(*) FROM records").fetchone()[0])
        c.close()
    assert counts == [25, 1]


def test_backup_errors_are_translated_not_os_text(store, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(AppError) as err:
        backup.backup_now(store, blocker / "sub")
    vi, en = err.value.message("vi"), err.value.message("en")
    assert "Not a directory" not in vi and "File exists" not in vi
    assert "thư mục" in vi and "Cài đặt → Sao lưu" in vi
    assert "folder" in en and "thư mục" not in en
    missing = tmp_path / "nothing.db"
    with pytest.raises(AppError) as err:
        backup.check_backup(missing)
    assert "không tìm thấy" in err.value.message("vi") and "No such file" not in err.value.message("vi")
    assert "does not exist" in err.value.message("en")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"x" * 100)
    with pytest.raises(AppError) as err:
        backup.check_backup(junk)
    assert "không phải cơ sở dữ liệu SQLite" in err.value.message("vi")
    assert "not an SQLite" in err.value.message("en") and "không" not in err.value.message("en")


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


def test_an_unwritable_chosen_folder_falls_back_to_the_default_folder(store, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    store.set_settings({backup.FOLDER_KEY: str(blocker / "sub")})
    st = backup.auto_backup(store, reason="import")
    assert st.state == "made" and st.fallback_from == str(blocker / "sub") and st.error is not None
    assert os.path.dirname(st.path) == str(tmp_path / "khaosat-sao-luu") and os.path.getsize(st.path) > 0
    assert "thư mục mặc định" in st.message("vi") and "default folder" in st.message("en")


def test_auto_backup_failure_is_reported_not_raised(store, tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    store.set_settings({backup.FOLDER_KEY: str(blocker / "sub")})
    monkeypatch.setattr(backup, "default_backup_dir", lambda db: blocker / "other")
    st = backup.auto_backup(store, reason="import")
    assert st.state == "failed" and st.error is not None and st.error.code is StoreCode.BACKUP_FAILED


def test_a_copy_being_written_by_another_program_is_not_removed(store, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    now = datetime.now().strftime("%Y%m%d-%H%M%S")
    busy = usb / f"{backup.PREFIX}main-{now}-import.db.part"  # another program's copy in progress
    busy.write_bytes(b"SQLite format 3\x00 being written")
    old = usb / f"{backup.PREFIX}main-20250101-101010-import.db"  # a name reserved by a copy that died
    old.write_bytes(b"")
    res = backup.backup_now(store, usb)
    assert busy.exists() and not old.exists() and os.path.getsize(res.path) > 0
    assert backup.list_backups(usb) == [__import__("pathlib").Path(res.path)]


def test_the_journal_of_an_interrupted_copy_is_removed_not_that_of_one_in_progress(store, tmp_path):
    """Issue 16 #7: the ``.part-journal`` SQLite keeps beside a copy being written stayed for ever when
    the copy was interrupted."""
    usb = tmp_path / "usb"
    usb.mkdir()
    now = datetime.now().strftime("%Y%m%d-%H%M%S")
    dead = usb / f"{backup.PREFIX}main-20250101-101010-import.db.part"
    dead_journal = usb / f"{backup.PREFIX}main-20250101-101010-import.db.part-journal"
    busy_journal = usb / f"{backup.PREFIX}main-{now}-import.db.part-journal"
    for f in (dead, dead_journal, busy_journal):
        f.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7 journal")
    res = backup.backup_now(store, usb)
    assert not dead.exists() and not dead_journal.exists() and busy_journal.exists()
    assert backup.list_backups(usb) == [__import__("pathlib").Path(res.path)]
