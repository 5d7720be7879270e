"""Opening a database costs what the first window needs, no more (issue 4): an up-to-date database
is opened with plain sqlite3; sqlite-utils and the form engine are imported only when needed; the
store's own transactions behave as sqlite-utils' did."""

from __future__ import annotations

from models.base.driver import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models.base.errors import AppError
from models.store import migrations
from models.store.database import open_store

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    p = subprocess.run([sys.executable, "-c", code], cwd=str(ROOT), capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_an_up_to_date_database_opens_without_sqlite_utils_or_the_form_engine(tmp_path):
    path = tmp_path / "s.db"
    st = open_store(path)
    st.set_settings({"role": "enumerator"})
    st.install_bundled_forms()
    st.close()
    out = _run(
        "import sys\n"
        "from models.store.database import open_store\n"
        f"s = open_store({str(path)!r})\n"
        "n = s.execute('SELECT count(*) FROM forms').fetchone()[0]\n"
        "s.set_settings({'user_name': 'x'})\n"
        "heavy = sorted(m for m in ('sqlite_utils', 'forms', 'pyxform', 'lxml', 'pandas') if m in sys.modules)\n"
        "f = s.form('household_digital')\n"  # the first form: the engine now
        "print(n, heavy, 'forms' in sys.modules, 'sqlite_utils' in sys.modules)\n")
    n, rest = out.split(" ", 1)
    assert int(n) >= 2 and rest.strip() == "[] True False"


def test_a_new_database_is_migrated_with_sqlite_utils_and_the_same_table(tmp_path):
    path = tmp_path / "new.db"
    out = _run("import sys\nfrom models.store.database import open_store\n"
               f"open_store({str(path)!r}).close()\nprint('sqlite_utils' in sys.modules)\n")
    assert out.strip() == "True"  # migrations were pending: applied by sqlite-utils
    c = sqlite3.connect(path)
    names = [r[0] for r in c.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'khaosat' "
                                     "ORDER BY rowid")]
    c.close()
    assert names == migrations.known_names()
    st = open_store(path)
    assert [a.name for a in migrations.MIGRATIONS.applied(st)] == names and migrations.MIGRATIONS.pending(st) == []
    st.close()


def test_nested_writes_roll_back_only_their_own_part(tmp_path):
    st = open_store(tmp_path / "t.db")
    try:
        with st.write():
            st.set_settings({"a": "1"})  # a nested write: a savepoint
            with pytest.raises(ValueError), st.write():
                st.execute("INSERT INTO settings(key, value) VALUES ('b', '2')")
                raise ValueError("inner")
            st.execute("INSERT INTO settings(key, value) VALUES ('c', '3')")
        st._settings = None
        assert st.setting("a") == "1" and st.setting("b") == "" and st.setting("c") == "3"
        with pytest.raises(ValueError), st.write():
            st.execute("INSERT INTO settings(key, value) VALUES ('d', '4')")
            raise ValueError("outer")
        assert st.execute("SELECT count(*) FROM settings WHERE key = 'd'").fetchone()[0] == 0
        assert not st.conn.in_transaction
        with pytest.raises(AppError), st.write():  # a failing statement: a clear message, nothing kept
            st.execute("INSERT INTO settings(key, value) VALUES ('e', '5')")
            st.execute("INSERT INTO settings(key, value) VALUES ('e', '6')")
        assert st.execute("SELECT count(*) FROM settings WHERE key = 'e'").fetchone()[0] == 0
    finally:
        st.close()


def test_store_db_still_offers_the_sqlite_utils_api(tmp_path):
    st = open_store(tmp_path / "u.db")
    try:
        assert "records" in st.db.table_names()  # passed to a real sqlite-utils Database
        assert st.db["settings"].count >= 1
        with st.write():
            st.db.executescript("CREATE TABLE t_test (x); INSERT INTO t_test VALUES (1);")
        assert st.execute("SELECT x FROM t_test").fetchone()[0] == 1
        assert st.db.execute("SELECT count(*) FROM t_test").fetchone()[0] == 1
    finally:
        st.close()
