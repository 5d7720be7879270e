"""Issue 16 #4: a database with a page cut or zeroed used to open quietly; ``export`` then exited 3
"Unexpected error" (or 0 with records from a file failing integrity_check) and ``package export`` said
"an SQLite database error. Saved data is safe". Now: refused at start (DB_CORRUPT, the screens offer the
newest good backup), and damage met while working is said to be damage (DB_DAMAGED), never "unexpected"."""

from __future__ import annotations

from models.base.driver import sqlite3

import pytest

from models.base.errors import AppError, FileCode
from models.store import database
from models.store.database import open_store
from models.store.errors import StoreCode
from tests.models.pkg_helpers import add_household, make_db
from tests.reliability.helpers import run_cli


@pytest.fixture
def db(tmp_path):
    st = make_db(tmp_path / "live.db")
    for i in range(60):
        add_household(st, f"Hộ số {i} " + "x" * 300, members=2)
    st.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    st.close()
    return tmp_path / "live.db"


def _page_of(path, table: str) -> tuple[int, int]:
    """(page size, the page number of the root of ``table``'s tree)."""
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        return size, root
    finally:
        conn.close()


def _zero_records_page(path) -> None:
    size, root = _page_of(path, "records")
    data = bytearray(path.read_bytes())
    data[(root - 1) * size:root * size] = bytes(size)
    path.write_bytes(bytes(data))


def test_a_zeroed_page_is_refused_at_start(db):
    _zero_records_page(db)
    with pytest.raises(AppError) as e:
        open_store(db)
    assert e.value.code is StoreCode.DB_CORRUPT and "quick check" in e.value.message("en")
    assert "kiểm tra nhanh" in e.value.message("vi")


def test_a_page_cut_out_is_refused_at_start(db):
    size, _root = _page_of(db, "records")
    data = db.read_bytes()
    db.write_bytes(data[:size * 3] + data[size * 4:])  # one page cut out of the middle
    with pytest.raises(AppError) as e:
        open_store(db)
    assert e.value.code is StoreCode.DB_CORRUPT
    db.write_bytes(data[:len(data) - size // 2])  # cut in the middle of a page
    with pytest.raises(AppError) as e:
        open_store(db)
    assert e.value.code is StoreCode.DB_CORRUPT and "cut short" in e.value.message("en")


def test_damage_met_while_working_is_said_to_be_damage(db, tmp_path, monkeypatch):
    """A file too big to check at start (here: the limit set to 0) with a damaged page: the commands say
    the database is damaged and what to do, with exit code 2, not "Unexpected error"."""
    monkeypatch.setattr(database, "QUICK_CHECK_MAX", 0)
    _zero_records_page(db)
    for args in (["export", "--db", str(db), "--out", str(tmp_path / "out"), "--format", "csv"],
                 ["package", "export", "--db", str(db), "--out", str(tmp_path / "p.ksp")]):
        code, _out, err = run_cli(["--lang", "en", *args])
        assert code == 2, (args, err)
        assert "is damaged" in err and "restore the newest good backup" in err and "Unexpected" not in err, err
        assert "SQLite database error" not in err


def test_the_damage_error_is_told_from_other_sqlite_errors():
    from models.base.errors import is_damage, os_error

    corrupt = sqlite3.DatabaseError("database disk image is malformed")
    assert is_damage(corrupt) and os_error(corrupt, "x.db").code is FileCode.DB_DAMAGED
    assert not is_damage(sqlite3.OperationalError("database is locked"))
    assert os_error(sqlite3.OperationalError("database or disk is full"), "x.db").code is FileCode.DISK_FULL


def test_the_command_line_names_the_newest_good_backup_and_restores_it(db, tmp_path, monkeypatch):
    """Damage met while working (and at start): the message is followed by the newest good backup of the
    database and the command that restores it; ``backup restore`` then brings the records back."""
    from models.base.paths import default_backup_dir
    from models.store.backup import backup_now

    st = open_store(db)
    old = backup_now(st, default_backup_dir(db), reason="manual").path
    add_household(st, "Hộ sau bản cũ", members=1)
    good = backup_now(st, default_backup_dir(db), reason="daily").path
    st.close()
    (default_backup_dir(db) / "khaosat-backup-live-29990101-000000-daily.db").write_bytes(b"not a backup")
    monkeypatch.setattr(database, "QUICK_CHECK_MAX", 0)
    _zero_records_page(db)
    code, _out, err = run_cli(["--lang", "en", "export", "--db", str(db), "--out", str(tmp_path / "o"),
                               "--format", "csv"])
    assert code == 2 and "is damaged" in err and good in err and old not in err, err
    assert f"backup restore --db {db} --from \"{good}\"" in err and "61 records" in err
    monkeypatch.setattr(database, "QUICK_CHECK_MAX", 64 << 20)
    code, _out, err = run_cli(["package", "export", "--db", str(db), "--out", str(tmp_path / "p.ksp")])
    assert code == 2 and good in err and "Bản sao lưu tốt gần nhất" in err  # refused at start, same advice
    code, out, err = run_cli(["--lang", "en", "backup", "restore", "--db", str(db)])
    assert code == 0 and good in out and "61 records" in out, err
    st = open_store(db)
    try:
        assert st.execute("SELECT count(*) FROM records").fetchone()[0] == 61
    finally:
        st.close()


def test_no_good_backup_is_said_with_where_it_was_looked_for(db, tmp_path, monkeypatch):
    monkeypatch.setattr(database, "QUICK_CHECK_MAX", 0)
    _zero_records_page(db)
    code, _out, err = run_cli(["--lang", "en", "export", "--db", str(db), "--out", str(tmp_path / "o"),
                               "--format", "csv"])
    assert code == 2 and "No good backup of this file was found" in err and "khaosat-sao-luu" in err, err
    code, _out, err = run_cli(["--lang", "en", "backup", "restore", "--db", str(db)])
    assert code == 2 and "No good backup of" in err and "Traceback" not in err


def _killed_after_answers(path, n: int) -> list[str]:
    """A child process saves ``n`` answers into the database at ``path`` and is killed (SIGKILL) before
    closing it: its write-ahead log and index stay behind. Returns the record ids it made."""
    import os
    import signal
    import subprocess
    import sys

    code = f"""
import os, signal, sys
sys.path.insert(0, {os.getcwd()!r})
from models.store.database import open_store
from tests.models.pkg_helpers import add_household
st = open_store({str(path)!r})
ids = [add_household(st, 'Hộ giết %d' % i, members=1) for i in range({n})]
print(' '.join(ids), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == -signal.SIGKILL, p.stderr
    assert os.path.exists(f"{path}-wal") and os.path.exists(f"{path}-shm")
    return p.stdout.split()


def test_a_deleted_write_ahead_log_is_said_at_open_with_what_to_do(db, tmp_path):
    """Issue 16 #4: a deleted WAL silently lost confirmed answers. Now the open says so (DB_WAL_MISSING,
    from the index SQLite leaves beside it), the command line names the newest good backup; going on
    with the data left is a choice (forget_lost_wal). A WAL that is there is replayed as always."""
    import os

    from models.base.paths import default_backup_dir
    from models.store.backup import backup_now
    from models.store.database import forget_lost_wal, lost_wal

    st = open_store(db)
    good = backup_now(st, default_backup_dir(db), reason="daily").path
    st.close()
    ids = _killed_after_answers(db, 3)
    assert lost_wal(str(db)) == 0  # the log is there: nothing is missing, the open replays it
    st = open_store(db)
    assert all(st.execute("SELECT 1 FROM records WHERE id = ?", [i]).fetchone() for i in ids)
    st.close()
    _killed_after_answers(db, 2)
    os.unlink(f"{db}-wal")
    assert lost_wal(str(db)) > 0
    with pytest.raises(AppError) as e:
        open_store(db)
    assert e.value.code is StoreCode.DB_WAL_MISSING and f"{db}-wal" in e.value.message("en")
    assert "was deleted or moved" in e.value.message("en") and "đã bị xóa" in e.value.message("vi")
    code, _out, err = run_cli(["--lang", "en", "export", "--db", str(db), "--out", str(tmp_path / "o"),
                               "--format", "csv"])
    assert code == 2 and "write-ahead log" in err and good in err and "backup restore" in err, err
    forget_lost_wal(db)
    st = open_store(db)  # going on with what the file holds
    try:
        assert all(st.execute("SELECT 1 FROM records WHERE id = ?", [i]).fetchone() for i in ids)
    finally:
        st.close()
    assert lost_wal(str(db)) == 0
