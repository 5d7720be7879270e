"""open_store closes its connection whenever opening fails: on Windows an open handle blocks a
later restore over the file."""

from __future__ import annotations

from models.base.driver import sqlite3

import pytest

from models.base.errors import AppError, FileCode, FileError
from models.store import database as store_mod
from models.store.database import open_store
from models.store.errors import StoreCode
from models.store.migrations import MIGRATIONS


@pytest.fixture
def conns(monkeypatch):
    made = []
    real = sqlite3.connect

    def connect(*a, **k):
        c = real(*a, **k)
        made.append(c)
        return c

    monkeypatch.setattr(store_mod.sqlite3, "connect", connect)
    return made


def closed(conn) -> bool:
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_closed_when_the_schema_check_fails(tmp_path, conns, monkeypatch):
    path = tmp_path / "a.db"
    open_store(path).close()

    def boom(conn):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(MIGRATIONS, "applied", boom)
    with pytest.raises(AppError) as e:
        open_store(path)
    assert e.value.code is StoreCode.DB_CORRUPT
    assert conns and all(closed(c) for c in conns)


def test_closed_when_listing_pending_migrations_fails(tmp_path, conns, monkeypatch):
    path = tmp_path / "a.db"
    open_store(path).close()

    def boom(conn):
        raise sqlite3.OperationalError("no such table: _khaosat_migrations")

    monkeypatch.setattr(MIGRATIONS, "pending", boom)
    with pytest.raises(AppError):
        open_store(path)
    assert conns and all(closed(c) for c in conns)


def test_closed_when_a_migration_or_the_first_setting_fails(tmp_path, conns, monkeypatch):
    def boom(*a, **k):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(MIGRATIONS, "apply", boom)
    with pytest.raises(AppError):
        open_store(tmp_path / "new.db")
    assert conns and all(closed(c) for c in conns)
    monkeypatch.undo()
    conns.clear()
    real = sqlite3.connect
    monkeypatch.setattr(store_mod.sqlite3, "connect", lambda *a, **k: conns.append(real(*a, **k)) or conns[-1])

    def refuse(self, values):
        raise FileError(FileCode.DISK_FULL, path=str(tmp_path), detail="")

    monkeypatch.setattr(store_mod.Store, "set_settings", refuse)
    with pytest.raises(AppError):
        open_store(tmp_path / "new2.db")
    assert conns and all(closed(c) for c in conns)


def test_closed_when_the_database_is_newer(tmp_path, conns):
    path = tmp_path / "a.db"
    open_store(path).close()
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                "SELECT migration_set, 'm999_from_a_newer_build', applied_at FROM _sqlite_migrations LIMIT 1")
    raw.commit()
    raw.close()
    conns.clear()
    with pytest.raises(AppError) as e:
        open_store(path)
    assert e.value.code is StoreCode.DB_NEWER
    assert conns and all(closed(c) for c in conns)
