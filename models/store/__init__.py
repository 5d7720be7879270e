"""The SQLite file: opening it (WAL, foreign keys, migrations), the schema and the shape of the
record and audit rows, revisions, migrations and verified backups.

Owns every ``CREATE``/``ALTER`` and the connection settings; imports only ``models.base``.
"""

import sys as _sys


def import_sqlite_utils():
    """Import sqlite-utils (only where its table API or its migrations are needed: opening a
    database that is up to date does not need it).

    sqlite-utils imports pandas and numpy at import time when they are installed (about 0.35 s)
    only to map their scalar types when inserting rows, which this project never does. Import it
    with both hidden; they import normally afterwards for the code that uses them (exports,
    reports)."""
    if "sqlite_utils" in _sys.modules:
        return _sys.modules["sqlite_utils"]
    hidden = [m for m in ("pandas", "numpy") if m not in _sys.modules]
    for m in hidden:
        _sys.modules[m] = None  # type: ignore[assignment]  # makes "import pandas" fail, once
    try:
        import sqlite_utils
    finally:
        for m in hidden:
            if _sys.modules.get(m) is None:
                del _sys.modules[m]
    return sqlite_utils
