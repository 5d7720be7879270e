import pytest

from models.records import queries as q
from models.records.editor import RecordEditor, create_record, set_deleted
from models.store.database import open_store

FORM = """| survey |
| | type | name | label | required |
| | text | unit_name | Tên | yes |
| | text | tax_code | MST | |
| | text | phone | Điện thoại | |
| | text | village | Thôn | |
| settings |
| | form_id | version |
| | qf | 1 |
"""
FORM2 = FORM.replace("| qf | 1 |", "| qg | 1 |")


@pytest.fixture
def store(tmp_path):
    from forms import load_form

    st = open_store(tmp_path / "q.db")
    st.set_settings({"role": "enumerator", "user_code": "E1"})
    st.add_form(load_form(FORM))
    st.add_form(load_form(FORM2))
    names = ["Đặng Văn Đức", "Nguyễn Thị Ánh", "Trần Minh", "Lê Hoa", "Phạm Hùng", "Đỗ Lan"]
    ids = []
    for i, n in enumerate(names * 5):
        rid = create_record(st, "qf" if i % 3 else "qg")
        ed = RecordEditor(st, rid)
        ed.set("unit_name", f"{n} {i}")
        ed.set("village", f"Thôn {i % 4}")
        ed.set("phone", f"09123456{i:02d}")
        ed.set("tax_code", f"01002334{i:02d}")
        ids.append(rid)
    yield st, ids
    st.close()


def test_count_filter_and_fts(store):
    st, ids = store
    assert q.count_records(st, q.RecordFilter()) == 30
    assert q.count_records(st, q.RecordFilter(form_id="qg")) == 10
    assert q.count_records(st, q.RecordFilter(village="Thôn 1")) == 8
    assert q.count_records(st, q.RecordFilter(text="dang duc")) == 5  # đ folded, diacritics ignored
    assert q.count_records(st, q.RecordFilter(text="Đặng")) == 5
    assert q.count_records(st, q.RecordFilter(text="0912345607")) == 1
    assert q.count_records(st, q.RecordFilter(text="0100233412")) == 1
    assert q.count_records(st, q.RecordFilter(text="anh", form_id="qf")) == 5
    assert q.count_records(st, q.RecordFilter(text="anh", form_id="qg")) == 0
    assert q.count_records(st, q.RecordFilter(status="complete")) == 0
    assert q.count_records(st, q.RecordFilter(text='"; DROP TABLE records; --')) == 0


def test_keyset_pages_equal_offset_pages(store):
    st, ids = store
    for sort in q.SORT_COLUMNS:
        for desc in (True, False):
            full = q.page(st, q.RecordFilter(), sort=sort, descending=desc, limit=100)
            assert len(full) == 30
            a = q.page(st, q.RecordFilter(), sort=sort, descending=desc, offset=0, limit=7)
            b = q.page(st, q.RecordFilter(), sort=sort, descending=desc, offset=7, limit=7, after=a[-1])
            c = q.page(st, q.RecordFilter(), sort=sort, descending=desc, offset=7, limit=7)
            assert [r.id for r in b] == [r.id for r in c] == [r.id for r in full[7:14]]
            vals = [r.sort_value(sort) for r in full]
            assert vals == sorted(vals, reverse=desc)


def test_position_deleted_and_distinct(store):
    st, ids = store
    flt = q.RecordFilter()
    rows = q.page(st, flt, limit=100)
    assert q.position_of(st, flt, rows[12].id) == 12
    set_deleted(st, ids[0], True)
    assert q.count_records(st, flt) == 29
    assert q.count_records(st, q.RecordFilter(deleted=True)) == 1
    assert q.position_of(st, flt, ids[0]) == -1
    assert q.distinct_values(st, "village") == ["Thôn 0", "Thôn 1", "Thôn 2", "Thôn 3"]
    assert q.distinct_values(st, "enumerator") == ["E1"]


def test_many_hits_plan_and_capped_count(store, monkeypatch):
    st, ids = store
    monkeypatch.setattr(q, "MANY_HITS", 3)  # take the "many matches" plan on a small database
    flt = q.RecordFilter(text="thôn")  # every record has a village
    assert q.count_records(st, flt) == 30
    full = q.page(st, flt, limit=100)
    assert len(full) == 30
    a = q.page(st, flt, limit=10)
    assert [r.id for r in q.page(st, flt, offset=10, limit=10, after=a[-1])] == [r.id for r in full[10:20]]
    assert q.count_capped(st, q.RecordFilter(text="thôn", form_id="qf"), cap=5) == (5, False)
    assert q.count_capped(st, q.RecordFilter(text="thôn", form_id="qf"), cap=50) == (20, True)
    set_deleted(st, ids[0], True)
    assert q.count_records(st, flt) == 29  # hits minus the recycle bin
    assert q.count_records(st, q.RecordFilter(text="thôn", deleted=True)) == 1


def test_search_rows_follow_record_rowids(store):
    from models.store.migrations import rebuild_search_rowids

    st, ids = store
    rows = st.execute("SELECT r.rowid, f.rowid FROM records r JOIN records_fts f ON f.record_id = r.id").fetchall()
    assert len(rows) == 30 and all(a == b for a, b in rows)
    ed = RecordEditor(st, ids[3])
    ed.set("unit_name", "Tên mới hoàn toàn")
    assert st.execute("SELECT count(*) FROM records_fts WHERE record_id = ?", [ids[3]]).fetchone()[0] == 1
    assert q.count_records(st, q.RecordFilter(text="hoan toan")) == 1
    # a database indexed the old way (free rowids) is re-aligned by the migration's rebuild
    with st.write():
        st.execute("DELETE FROM records_fts")
        for rid in ids:
            st.execute("INSERT INTO records_fts(record_id, text) VALUES (?, ?)", [rid, f"old {rid[-4:]}"])
        rebuild_search_rowids(st.db)
    rows = st.execute("SELECT r.rowid, f.rowid, f.text FROM records r JOIN records_fts f ON f.record_id = r.id").fetchall()
    assert len(rows) == 30 and all(a == b for a, b, _t in rows) and all(t.startswith("old") for _a, _b, t in rows)


def test_search_alignment_survives_a_package_import(tmp_path):
    """Records that arrive in a package are found by the list's search like local ones."""
    from models.demo import generate as demo
    from models.exchange.packages import export_package, import_into

    demo.run(str(tmp_path / "a.db"), commune="09025", enterprises=3, households=3, seed=1, skeletons=2)
    src = open_store(tmp_path / "a.db")
    export_package(src, tmp_path / "a.pkg")
    label = src.execute("SELECT label FROM records WHERE label != '' LIMIT 1").fetchone()[0]
    src.close()
    st = open_store(tmp_path / "c.db")
    for _tick in import_into(st, [tmp_path / "a.pkg"], backup=False):
        pass
    try:
        rows = st.execute("SELECT r.rowid, f.rowid FROM records r JOIN records_fts f ON f.record_id = r.id").fetchall()
        assert len(rows) == 6 and all(a == b for a, b in rows)
        assert q.count_records(st, q.RecordFilter(text=label)) >= 1
        assert [r.label for r in q.page(st, q.RecordFilter(text=label))][0] == label
    finally:
        st.close()


def _bulk(st, n, *, village_of=lambda i: f"Thôn {i % 400}", start=0):
    """n plain records written in one statement (the list's behaviour at volume is what is tested)."""
    rows = [(f"uuid:bulk-{start + i}", "qf" if i % 3 else "qg", "1", ["draft", "complete"][i % 2], village_of(i),
             "E1", "d", f"2025-01-01T00:00:{i % 60:02d}Z", f"2025-02-01T{i % 24:02d}:00:00Z", "1-x", 1, "x",
             "{}", "{}", f"Hộ {i}") for i in range(n)]
    with st.write():
        st.db.conn.executemany(
            "INSERT INTO records(id, form_id, form_version, status, village, enumerator, device_id, created_at, "
            "modified_at, rev, rev_gen, content_hash, answers, data, label) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _stat_rows(st):
    return st.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'records' AND idx = 'records_list_modified'"
                      ).fetchall()


def test_statistics_are_made_when_missing_and_when_the_records_double(store, monkeypatch):
    st, ids = store
    monkeypatch.setattr(q, "STATS_MIN_RECORDS", 1000)
    assert q.count_records(st, q.RecordFilter()) == 30
    assert st.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None  # too few
    _bulk(st, 1200)
    assert q.count_records(st, q.RecordFilter(form_id="qg")) == 10 + 400
    assert int(_stat_rows(st)[0][0].split()[0]) == 1230  # ANALYZE ran on the first list query
    _bulk(st, 500, start=5000)
    assert q.ensure_statistics(st) is False  # 1,730 records: less than twice as many, kept
    _bulk(st, 1000, start=9000)
    assert q.ensure_statistics(st) is True  # 2,730 records: more than twice as many
    assert int(_stat_rows(st)[0][0].split()[0]) == 2730
    assert q.ensure_statistics(st) is False  # nothing changed since


def test_with_statistics_a_combined_filter_uses_the_selective_index(store, monkeypatch):
    st, ids = store
    monkeypatch.setattr(q, "STATS_MIN_RECORDS", 1000)
    _bulk(st, 6000)  # 400 villages of 15 records, two forms, two statuses
    flt = q.RecordFilter(form_id="qf", status="complete", village="Thôn 7")
    q.ensure_statistics(st)
    where, params = q._where(flt, st)
    plan = " ".join(r[3] for r in st.execute(f"EXPLAIN QUERY PLAN SELECT count(*) FROM records WHERE {where}",
                                                params))
    assert "village" in plan, plan
    expected = sum(1 for i in range(6000) if i % 3 and i % 2 and i % 400 == 7)
    assert q.count_records(st, flt) == expected
    # a search with few matches looks them up instead of walking the list
    where, params = q._where(q.RecordFilter(text="0912345607"), st)
    plan = " ".join(r[3] for r in st.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM records WHERE {where} ORDER BY modified_at DESC, id DESC LIMIT 200",
        params))
    assert "PRIMARY KEY" in plan or "rowid=" in plan, plan


def test_statistics_never_wait_for_another_writer(store, monkeypatch, tmp_path):
    from models.base.driver import sqlite3
    import time

    st, ids = store
    monkeypatch.setattr(q, "STATS_MIN_RECORDS", 1000)
    _bulk(st, 1500)
    other = sqlite3.connect(st.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # an import holds the write lock
    try:
        t = time.perf_counter()
        assert q.count_records(st, q.RecordFilter(form_id="qf")) == 20 + 1000
        assert time.perf_counter() - t < 5  # not the 30 s busy timeout
        assert st.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None
        assert st.execute("PRAGMA busy_timeout").fetchone()[0] == 30000  # restored
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert q.ensure_statistics(st) is False  # not tried again at once ...
    monkeypatch.setattr(q, "STATS_RETRY_SECONDS", 0.0)
    assert q.ensure_statistics(st) is True  # ... but after a while, the writer gone


def test_counting_every_record_and_the_recycle_bin(store):
    st, ids = store
    _bulk(st, 70)
    set_deleted(st, ids[3], True)
    set_deleted(st, ids[4], True)
    assert q.count_records(st, q.RecordFilter()) == 98
    assert q.count_records(st, q.RecordFilter(deleted=True)) == 2
    assert q.count_capped(st, q.RecordFilter(), 5000) == (98, True)
