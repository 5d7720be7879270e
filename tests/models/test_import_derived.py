"""What the fast import writes besides the records must be exactly what the slow paths would write:
folding, search text, business keys, search rows aligned with rowids, work prepared before the
transaction, and the migration that moved the duplicate-key state onto the record row."""

from __future__ import annotations

import json
from models.base.driver import sqlite3
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import load_form
from models.exchange import importing, packages
from models.exchange.merge import Precomputed, search_plan, search_text
from models.exchange.packages import export_package
from models.records.duplicates import key_values, pairs_for_records, possible_duplicates
from models.records.editor import RecordEditor, _search_text
from models.store.database import open_store
from models.store.migrations import MIGRATIONS
from tests.models.pkg_helpers import (
    HOUSEHOLD,
    add_enterprise,
    add_household,
    check_derived,
    import_files,
    make_db,
)

# ---------------------------------------------------------------------- search text


NESTED = """| survey |
| | type | name | label |
| | text | name | Tên |
| | begin group | g | Nhóm |
| | text | g_note | Ghi chú |
| | integer | g_n | Số |
| | end group | | |
| | begin repeat | rep | Lặp |
| | text | r_name | Tên |
| | begin repeat | inner | Lặp trong |
| | text | i_text | Chữ |
| | end repeat | | |
| | end repeat | | |
| | text | village | Thôn |
"""

_val = st.one_of(st.just(""), st.text(alphabet="aăbcđ Ư1", max_size=6))
_inner = st.fixed_dictionaries({}, optional={"i_text": _val})
_rep = st.fixed_dictionaries({}, optional={"r_name": _val, "inner": st.lists(_inner, max_size=2)})
_answers = st.fixed_dictionaries({}, optional={"name": _val, "g_note": _val, "g_n": _val, "village": _val,
                                               "rep": st.one_of(st.lists(_rep, max_size=3), st.just([None]))})


@settings(max_examples=200, deadline=None)
@given(answers=_answers, label=_val)
def test_search_plan_gives_the_text_records_index(answers, label):
    for form in (load_form(NESTED), load_form(HOUSEHOLD)):
        assert search_text(search_plan(form), answers, label) == _search_text(form, answers, label)


# ---------------------------------------------------------------------- the import's derived rows


@pytest.fixture
def packages_of_two(tmp_path):
    e1 = make_db(tmp_path / "e1.db")
    e2 = make_db(tmp_path / "e2.db", name="Lê Văn Cường", code="E02")
    a = add_enterprise(e1, "Công ty Ánh Dương", tax="0101234567", phone="0912345678")
    add_enterprise(e2, "CTY ANH DUONG", tax="0101234567")
    add_household(e1, "Nguyễn Văn Đức", byear="1960", village="Thôn Đông", members=2)
    add_household(e2, "nguyen van duc", byear="1960", village="thôn đông", members=1)
    add_household(e2, "Trần Thị Bình", members=3, phone="+84 987 654 321")
    export_package(e1, tmp_path / "a.ksp")
    export_package(e2, tmp_path / "b.ksp")
    RecordEditor(e1, a).set("unit_name", "Công ty TNHH Ánh Dương")
    export_package(e1, tmp_path / "a2.ksp", mode="changes")
    yield [tmp_path / "a.ksp", tmp_path / "b.ksp", tmp_path / "a2.ksp"]
    e1.close()
    e2.close()


def derived(store) -> dict:
    """Every row the import derives, in a comparable form."""
    c = store.db.conn
    return {
        "records": sorted(c.execute("SELECT rowid, * FROM records").fetchall()),
        "fts": sorted(c.execute("SELECT rowid, record_id, text FROM records_fts").fetchall()),
        "dup_index": sorted(c.execute("SELECT * FROM dup_index").fetchall()),
        "audit": sorted(c.execute("SELECT record_id, at, user, device_id, action, path, old, new, rev FROM audit")),
        "received": sorted(c.execute("SELECT record_id, rev, outcome FROM pkg_received").fetchall()),
        "conflicts": sorted(c.execute("SELECT record_id, rev, version FROM record_conflicts").fetchall()),
    }


def test_work_prepared_before_the_transaction_changes_nothing(packages_of_two, tmp_path, monkeypatch):
    fast = make_db(tmp_path / "fast.db", role="clerk", forms=False)
    s1 = import_files(fast, packages_of_two)
    monkeypatch.setattr(importing, "precompute", lambda *a, **k: Precomputed())
    slow = make_db(tmp_path / "slow.db", role="clerk", forms=False)
    s2 = import_files(slow, packages_of_two)
    assert [(s.added, s.updated, s.unchanged, s.duplicates, s.duplicate_pairs) for s in s1] == \
        [(s.added, s.updated, s.unchanged, s.duplicates, s.duplicate_pairs) for s in s2]
    assert [s.duplicates for s in s1] == [0, 2, 1]  # the updated enterprise still shares its tax code
    assert derived(fast) == derived(slow)
    check_derived(fast)
    fast.close()
    slow.close()


def test_pairs_from_keys_at_hand_equal_pairs_read_back(packages_of_two, tmp_path):
    clerk = make_db(tmp_path / "c.db", role="clerk", forms=False)
    import_files(clerk, packages_of_two)
    ids = [r[0] for r in clerk.execute("SELECT id FROM records")]
    keys = {rid: json.loads(k) for rid, k in clerk.execute("SELECT id, dup_keys FROM records")}
    assert pairs_for_records(clerk, ids, entries=keys) == pairs_for_records(clerk, ids)
    assert len(pairs_for_records(clerk, ids)) == 2 == len(possible_duplicates(clerk))
    clerk.close()


def test_local_edits_are_reindexed_and_search_rows_stay_aligned(packages_of_two, tmp_path):
    clerk = make_db(tmp_path / "c.db", role="clerk", forms=False)
    import_files(clerk, packages_of_two[:2])
    rid = clerk.execute("SELECT id FROM records WHERE label = 'CTY ANH DUONG'").fetchone()[0]
    assert clerk.execute("SELECT count(*) FROM records INDEXED BY records_dup_stale "
                         "WHERE dup_rev IS NOT rev").fetchone()[0] == 0
    RecordEditor(clerk, rid).set("tax_code", "0309999999")  # no longer the same enterprise
    assert [r[0] for r in clerk.execute("SELECT id FROM records INDEXED BY records_dup_stale "
                                        "WHERE dup_rev IS NOT rev")] == [rid]
    import_files(clerk, packages_of_two[2:])  # the import re-indexes the edited record before looking for pairs
    assert [p["keys"] for p in possible_duplicates(clerk)] == [["household"]]
    check_derived(clerk)
    clerk.close()


# ---------------------------------------------------------------------- migration


def test_migration_keeps_the_duplicate_index_and_what_packages_brought(tmp_path):
    """A database made before m040_import_speed, with indexed keys (one of them stale) and received
    revisions, opens with the same pairs, the same history and the stale record still to be redone."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    path = tmp_path / "old.db"
    names = [m.name for m in MIGRATIONS._migrations]
    old = Migrations("khaosat")
    old._migrations = MIGRATIONS._migrations[:names.index("m040_import_speed")]
    db = Database(sqlite3.connect(path))
    old.apply(db)
    form = load_form(HOUSEHOLD)
    c = db.conn
    c.execute("INSERT INTO forms(form_id, version, title, sha256, file_name, file_type, source, added_at) "
              "VALUES ('pkg_hh', '1', '', 'x', 'f.md', 'md', ?, '')", [form.source])
    for i, rev in enumerate(["1-" + "a" * 32, "1-" + "b" * 32, "1-" + "c" * 32]):
        c.execute("INSERT INTO records(id, form_id, form_version, device_id, created_at, modified_at, rev, "
                  "rev_gen, content_hash, data) VALUES (?, 'pkg_hh', '1', 'd', '', '', ?, 1, 'h', ?)",
                  [f"uuid:{i}", rev, json.dumps({"phone": "0912345678", "head_name": f"A{i}"})])
        c.execute("INSERT INTO dup_state(record_id, rev) VALUES (?, ?)",
                  [f"uuid:{i}", rev if i < 2 else "1-" + "d" * 32])  # uuid:2 was edited since
        c.execute("INSERT INTO dup_index(record_id, form_id, key_name, value) VALUES (?, 'pkg_hh', 'phone', "
                  "'0912345678')", [f"uuid:{i}"])
        c.execute("INSERT INTO pkg_received(record_id, rev, package_id, outcome) VALUES (?, ?, 'p1', 'added')",
                  [f"uuid:{i}", rev])
    c.commit()
    c.close()
    store = open_store(path)
    rows = store.execute("SELECT id, dup_rev, dup_keys FROM records ORDER BY id").fetchall()
    assert rows[0][1] == "1-" + "a" * 32 and json.loads(rows[0][2]) == [["pkg_hh", "phone", "0912345678"]]
    assert rows[2][1] == "1-" + "d" * 32  # still stale: redone on next use
    assert [r[0] for r in store.execute("SELECT id FROM records INDEXED BY records_dup_stale "
                                        "WHERE dup_rev IS NOT rev")] == ["uuid:2"]
    assert packages.records_from_package(store, "p1") == [
        {"record_id": f"uuid:{i}", "rev": r, "outcome": "added"}
        for i, r in enumerate(["1-" + "a" * 32, "1-" + "b" * 32, "1-" + "c" * 32])]
    assert store.execute("SELECT count(*) FROM sqlite_master WHERE name IN ('dup_state', 'records_id_rev')"
                         ).fetchone()[0] == 0
    pairs = possible_duplicates(store)  # refreshes uuid:2 (its data gives the same phone)
    assert sorted((p["record_a"], p["record_b"]) for p in pairs) == [
        ("uuid:0", "uuid:1"), ("uuid:0", "uuid:2"), ("uuid:1", "uuid:2")]
    assert store.execute("SELECT dup_rev FROM records WHERE id = 'uuid:2'").fetchone()[0] == "1-" + "c" * 32
    store.close()


def test_key_values_of_the_household_form():
    form = load_form(HOUSEHOLD)
    from models.records.duplicates import default_keys
    keys = default_keys(form)
    data = {"head_name": "Nguyễn Văn Đức", "village": "Thôn Đông", "phone": "+84 912 345 678",
            "mem": [{"m_name": "x", "m_byear": "1960"}]}
    assert key_values(keys, data) == {"phone": "0912345678", "household": "nguyenvanduc|1960|thondong"}
    assert key_values(keys, {"head_name": "A", "village": "B", "mem": "not a list"}) == {}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
