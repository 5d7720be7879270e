"""A full disk and read-only media: saving, importing, exporting and backing up fail with a clear
message naming the place, leave no partial file, and lose nothing already stored.

Each test runs twice (``medium``): on a real size-limited tmpfs (where mounting is allowed) and with
the same OS errors injected (everywhere).
"""

from __future__ import annotations

from models.base.driver import sqlite3

import pytest

from models.base.errors import AppError, FileCode, FileError
from models.exchange.keys import identity
from models.exchange.packages import export_package, import_into
from models.records.editor import RecordEditor, create_record
from models.store import backup
from models.store.database import open_error, open_store
from models.store.errors import StoreCode
from tests.reliability.helpers import assert_clear_failure, copy_db, drain, logical_state, make_demo, run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A small enumerator database (demo interviews) and a package made from another one."""
    d = tmp_path_factory.mktemp("demo")
    db = make_demo(d / "enum.db")
    other = make_demo(d / "other.db", seed=9, enumerator="E02")
    st = open_store(other)
    export_package(st, d / "other.ksp")
    count = st.count_records()
    st.close()
    return {"db": db, "package": str(d / "other.ksp"), "package_records": count}


def _clerk(path) -> object:
    st = open_store(path)
    st.set_settings({"role": "clerk", "user_name": "Cán bộ xã", "user_code": "C01", "province": "42",
                     "commune": "18073"})
    st.install_bundled_forms()
    identity(st)
    return st


# ---------------------------------------------------------------------------------------- saving


def test_autosave_when_the_disk_fills_mid_interview(medium):
    db = medium.path / "enum.db"
    st = _clerk(db)
    medium.track(st)
    rid = create_record(st, "household_digital")
    ed = RecordEditor(st, rid)
    ed.set("consent", "1")
    ed.set("head_name", "Nguyễn Thị Ánh")
    ed.set("phone", "0912345678")
    ed.set("hh_size", "2")
    ed.set("mem[1].m_name", "Nguyễn Thị Ánh")
    saved = dict(st.record(rid)["answers"])
    with medium.full():
        with pytest.raises(AppError) as e:
            for i in range(3000):  # the enumerator keeps typing notes until the disk is full
                ed.set("comment", f"ghi chú {i} " + "đ" * 300)
                saved = dict(st.record(rid)["answers"])
        failed = f"ghi chú {i} " + "đ" * 300
    assert e.value.code is FileCode.DISK_FULL, e.value.message("en")
    assert str(db) in e.value.message("vi") and "đầy" in e.value.message("vi")
    # The screen shows what is stored: the session went back to the last saved state
    assert ed.session.value("comment") == saved.get("comment", "")
    assert ed.session.value("comment") != failed
    # space is free again: typing the same text again saves it
    ed.set("comment", failed)
    st.close()
    again = open_store(db)
    rec = again.record(rid)
    assert rec["answers"]["comment"] == failed
    for k in ("head_name", "phone", "hh_size"):
        assert rec["answers"][k] == saved[k]
    assert RecordEditor(again, rid).session.value("mem[1].m_name") == "Nguyễn Thị Ánh"
    assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again.close()


def test_saving_on_read_only_media_is_refused_clearly(medium):
    db = medium.path / "enum.db"
    st = _clerk(db)
    rid = create_record(st, "household_digital")
    RecordEditor(st, rid).set("head_name", "Lê Văn Tám")
    st.close()
    with medium.read_only():
        with pytest.raises(AppError) as e:
            # a real read-only mount refuses the WAL files on open; injected: the first write
            st2 = open_store(db)
            RecordEditor(st2, rid).set("head_name", "Lê Văn Chín")
        # not "damaged, restore a backup" (a real mount is refused on opening, main's check_writable)
        assert e.value.code in (FileCode.READ_ONLY, StoreCode.DB_READ_ONLY, StoreCode.DB_FOLDER_READ_ONLY), e.value.message("en")
        assert str(db) in e.value.message("vi")
    st3 = open_store(db)
    assert st3.record(rid)["answers"]["head_name"] == "Lê Văn Tám"
    st3.close()


def test_open_errors_are_not_called_damage(tmp_path, monkeypatch):
    """SQLite says "disk I/O error" when it cannot make the WAL files: full disk, not corruption."""
    import shutil
    from collections import namedtuple

    db = str(tmp_path / "x.db")
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**9 - 4096, 4096))
    assert open_error(sqlite3.OperationalError("disk I/O error"), db).code is FileCode.DISK_FULL
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**8, 9 * 10**8))
    assert open_error(sqlite3.OperationalError("unable to open database file"), db).code is StoreCode.DB_OPEN
    assert open_error(sqlite3.OperationalError("attempt to write a readonly database"), db).code is FileCode.READ_ONLY
    assert open_error(sqlite3.DatabaseError("file is not a database"), db).code is StoreCode.DB_CORRUPT
    assert open_error(sqlite3.DatabaseError("database disk image is malformed"), db).code is StoreCode.DB_CORRUPT


# ---------------------------------------------------------------------------------------- importing


def test_import_into_a_database_on_a_full_disk_applies_nothing(medium, demo):
    db = medium.path / "clerk.db"
    st = _clerk(db)
    medium.track(st)
    with medium.full():
        [s] = drain(import_into(st, [demo["package"]], backup=False))
        assert s.refused == 1 and s.added == 0
        assert "đầy" in s.reason and "full" in s.reason_en and str(db) in s.reason
        code, _out, err = run_cli(["package", "import", "--db", str(db), demo["package"]])
        assert_clear_failure(code, err, names=str(db))
    for table in ("records", "pkg_imports", "pkg_received", "pkg_senders", "audit"):
        assert st.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert st.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    [s] = drain(import_into(st, [demo["package"]], backup=False))  # space again: it goes in whole
    assert s.refused == 0 and s.added == demo["package_records"]
    st.close()


def test_import_goes_on_when_the_backup_usb_is_read_only(medium, demo, tmp_path):
    st = _clerk(tmp_path / "clerk.db")
    st.set_settings({backup.FOLDER_KEY: str(medium.path)})
    with medium.read_only():
        [s] = drain(import_into(st, [demo["package"]]))
    assert s.refused == 0 and s.added == demo["package_records"]
    # The USB stick cannot take the copy: it goes to the default folder beside the database
    assert s.backup.startswith("made") and str(medium.path) in s.backup
    assert medium.listing() == []
    assert [p.name for p in backup.list_backups(tmp_path / "khaosat-sao-luu")][0].endswith("-import.db")
    st.close()


# ---------------------------------------------------------------------------------------- exporting

OUTPUTS = {
    "csv folder": (["export", "--format", "csv", "--out", "{m}/so_lieu"], "{m}/so_lieu"),
    "csv file": (["export", "--format", "csv", "--out", "{m}/so_lieu.csv"], "{m}/so_lieu"),
    "xlsx": (["export", "--format", "xlsx", "--out", "{m}/so_lieu.xlsx"], "{m}/so_lieu.xlsx"),
    "dta": (["export", "--format", "dta", "--out", "{m}/so_lieu.dta"], "{m}/so_lieu"),
    "sav": (["export", "--format", "sav", "--out", "{m}/so_lieu.sav", "--personal", "mask"], "{m}/so_lieu"),
    "report": (["report", "--out", "{m}/bao_cao.pdf", "--status", "draft", "--status", "complete"],
               "{m}/bao_cao.pdf"),
    "print": (["print", "--all", "--out", "{m}/phieu.pdf"], "{m}/phieu.pdf"),
    "blank": (["print", "--blank", "household_digital", "--out", "{m}/trang.pdf"], "{m}/trang.pdf"),
    "package": (["package", "export", "--out", "{m}/goi.ksp"], "{m}/goi.ksp"),
    "key": (["package", "key", "--out", "{m}/khoa.pub"], "{m}/khoa.pub"),
}


@pytest.mark.parametrize("state", ["full", "read-only"])
@pytest.mark.parametrize("what", list(OUTPUTS))
def test_exports_onto_a_full_or_read_only_folder(medium, demo, tmp_path, what, state):
    db = copy_db(demo["db"], tmp_path / "enum.db")
    before = logical_state(db)
    args, named = OUTPUTS[what]
    m = str(medium.path)
    argv = [a.replace("{m}", m) for a in args]
    at = 2 if argv[0] == "package" else 1
    argv[at:at] = ["--db", db]
    with (medium.full() if state == "full" else medium.read_only()):
        code, _out, err = run_cli(argv)
    assert_clear_failure(code, err, names=named.replace("{m}", m))
    assert ("đầy" in err) if state == "full" else ("chỉ đọc" in err), err
    assert medium.listing() == [], "a partial file was left behind"
    assert logical_state(db) == before  # nothing sealed, nothing marked as sent
    # and it works once there is room again
    code, _out, err = run_cli(argv)
    assert code == 0, err
    assert medium.listing()


def test_export_in_english_names_the_place(medium, demo, tmp_path):
    db = copy_db(demo["db"], tmp_path / "enum.db")
    with medium.full():
        code, _out, err = run_cli(["--lang", "en", "export", "--db", db, "--format", "xlsx",
                                   "--out", str(medium.path / "data.xlsx")])
    assert_clear_failure(code, err, names=str(medium.path / "data.xlsx"))
    assert "is full" in err and "Everything saved before is safe" in err


def test_a_package_that_cannot_be_written_leaves_records_unsent(tmp_path, demo):
    """Exporting onto a name that is a folder used to seal the records and mark them as sent
    although no file was written, so the next 'changes' package skipped them."""
    db = copy_db(demo["db"], tmp_path / "enum.db")
    (tmp_path / "goi.ksp").mkdir()
    code, _out, err = run_cli(["package", "export", "--db", db, "--out", str(tmp_path / "goi.ksp"), "--changed"])
    assert_clear_failure(code, err, names=str(tmp_path / "goi.ksp"))
    st = open_store(db)
    assert st.execute("SELECT count(*) FROM records WHERE sealed = 1").fetchone()[0] == 0
    assert st.execute("SELECT count(*) FROM pkg_sent").fetchone()[0] == 0
    res = export_package(st, tmp_path / "goi2.ksp", mode="changes")
    assert res.records == st.count_records() > 0
    st.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ksp-")] == []


def test_a_package_whose_commit_fails_is_removed(tmp_path, demo, monkeypatch):
    """The file is renamed into place just before the commit; if the commit then fails, the file
    goes too (no package without its bookkeeping)."""
    import models.store.database as store_mod

    db = copy_db(demo["db"], tmp_path / "enum.db")
    st = open_store(db)
    real_exit = store_mod._Writing.__exit__

    def failing_exit(self, exc_type, exc, tb):
        if exc_type is None and not self.savepoint:  # the outermost commit fails
            self.store.db.conn.execute("ROLLBACK")
            raise FileError(FileCode.DISK_FULL, path=self.store.path, detail="injected")
        return real_exit(self, exc_type, exc, tb)

    monkeypatch.setattr(store_mod._Writing, "__exit__", failing_exit)
    with pytest.raises(AppError):
        export_package(st, tmp_path / "goi.ksp")
    monkeypatch.undo()
    assert not (tmp_path / "goi.ksp").exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".ksp", ".part")] == []
    assert st.execute("SELECT count(*) FROM records WHERE sealed = 1").fetchone()[0] == 0
    st.close()


# ---------------------------------------------------------------------------------------- backups


def test_backup_to_a_read_only_usb_folder(medium, demo, tmp_path):
    db = copy_db(demo["db"], tmp_path / "enum.db")
    st = open_store(db)
    before = st.setting(backup.LAST_KEY)
    with medium.read_only(), pytest.raises(AppError) as e:
        backup.backup_now(st, medium.path)
    msg = e.value.message("vi")
    assert e.value.code is StoreCode.BACKUP_FAILED and str(medium.path) in msg and "chỉ đọc" in msg, msg
    assert "read-only" in e.value.message("en")
    assert medium.listing() == [] and st.setting(backup.LAST_KEY) == before
    st.close()


def test_backup_to_a_full_usb_folder(medium, demo, tmp_path):
    db = copy_db(demo["db"], tmp_path / "enum.db")
    st = open_store(db)
    with medium.full(), pytest.raises(AppError) as e:
        backup.backup_now(st, medium.path)
    assert e.value.code is StoreCode.BACKUP_FAILED and str(medium.path) in e.value.message("vi")
    assert medium.listing() == []
    res = backup.backup_now(st, medium.path)  # room again
    assert res.records == st.count_records()
    st.close()


def test_a_copy_interrupted_earlier_is_cleaned_up(tmp_path, demo):
    db = copy_db(demo["db"], tmp_path / "enum.db")
    usb = tmp_path / "usb"
    usb.mkdir()
    stale = usb / f"{backup.PREFIX}enum-20250101-101010-import.db.part"
    stale.write_bytes(b"SQLite format 3\x00 half a copy")
    other = usb / "photo.db.part"  # not ours: left alone
    other.write_bytes(b"x")
    st = open_store(db)
    backup.backup_now(st, usb)
    st.close()
    assert not stale.exists() and other.exists()
