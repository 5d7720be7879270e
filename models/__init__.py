"""The SQLite store and every service that changes it (no Qt here; see docs/architecture.md)."""

import sys as _sys


def _import_sqlite_utils_without_pandas() -> None:
    """sqlite-utils imports pandas and numpy at import time when they are installed (about 0.35 s,
    on every start of the application and of every command) only to map their scalar types when
    inserting rows, which this project never does. Import it with both hidden; they import normally
    afterwards for the code that uses them (exports, reports)."""
    if "sqlite_utils" in _sys.modules:
        return
    hidden = [m for m in ("pandas", "numpy") if m not in _sys.modules]
    for m in hidden:
        _sys.modules[m] = None  # type: ignore[assignment]  # makes "import pandas" fail, once
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for m in hidden:
            if _sys.modules.get(m) is None:
                del _sys.modules[m]


_import_sqlite_utils_without_pandas()
