"""A register of schema migrations that costs nothing to import.

``MigrationSet`` takes migrations exactly as ``sqlite_utils.migrations.Migrations`` does (the same
decorator, the same ``_sqlite_migrations`` table, the same order) and hands them to it only when
one is pending. Opening a database that is up to date therefore reads one small table with plain
``sqlite3`` and never imports sqlite-utils (about 0.1 s of every start of the application).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from models.base.driver import sqlite3

MIGRATIONS_TABLE = "_sqlite_migrations"


class Migration:
    __slots__ = ("name", "fn", "transactional")

    def __init__(self, name: str, fn: Callable[[Any], None], transactional: bool = True):
        self.name, self.fn, self.transactional = name, fn, transactional

    def __repr__(self) -> str:
        return f"Migration({self.name!r})"


class Applied:
    __slots__ = ("name", "applied_at")

    def __init__(self, name: str, applied_at: str):
        self.name, self.applied_at = name, applied_at

    def __repr__(self) -> str:
        return f"Applied({self.name!r}, {self.applied_at!r})"


def _conn(db) -> sqlite3.Connection:
    """A plain connection from a ``sqlite3.Connection``, a ``Store`` or a sqlite-utils ``Database``."""
    return db if isinstance(db, sqlite3.Connection) else db.conn


class MigrationSet:
    def __init__(self, name: str):
        self.name = name
        self._migrations: list[Migration] = []

    def __call__(self, *, name: str | None = None, transactional: bool = True):
        def inner(fn):
            migration_name = name or fn.__name__
            if any(m.name == migration_name for m in self._migrations):
                raise ValueError(f"Migration '{migration_name}' is already registered in set '{self.name}'")
            self._migrations.append(Migration(migration_name, fn, transactional))
            return fn
        return inner

    def names(self) -> list[str]:
        return [m.name for m in self._migrations]

    def applied(self, db) -> list[Applied]:
        """The migrations of this set recorded in the database, in the order they were applied."""
        conn = _conn(db)
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        [MIGRATIONS_TABLE]).fetchone() is None:
            return []
        return [Applied(r[0], r[1]) for r in conn.execute(
            f"SELECT name, applied_at FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [self.name])]

    def pending(self, db) -> list[Migration]:
        done = {a.name for a in self.applied(db)}
        return [m for m in self._migrations if m.name not in done]

    def apply(self, db) -> None:
        """Apply the pending migrations with sqlite-utils (``db``: its ``Database``, or anything with
        a ``real_db()`` that makes one, such as ``Store.db``)."""
        if not self.pending(db):
            return
        from models.store import import_sqlite_utils

        import_sqlite_utils()
        from sqlite_utils.migrations import Migrations

        real = Migrations(self.name)
        for m in self._migrations:
            real(name=m.name, transactional=m.transactional)(m.fn)
        real.apply(db.real_db() if hasattr(db, "real_db") else db)
