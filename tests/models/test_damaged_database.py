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
