"""Small realistic databases for the package tests: two markdown forms, records made by the engine."""

from __future__ import annotations

import sys
from pathlib import Path

from forms import load_form
from models.exchange.keys import identity
from models.records.editor import RecordEditor, create_record
from models.store.database import Store, open_store

ENTERPRISE = """| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | required | constraint |
| | text | unit_name | Tên đơn vị | Unit name | yes | |
| | text | tax_code | Mã số thuế | Tax code | | |
| | text | phone | Số điện thoại | Phone | | |
| | text | village | Thôn | Village | | |
| | integer | workers | Số lao động | Workers | | . >= 0 |
| | select_one yn | sells_online | Bán hàng qua mạng? | Sells online? | | |
| choices |
| | list_name | name | label::Tiếng Việt (vi) | label::English (en) |
| | yn | 1 | Có | Yes |
| | yn | 0 | Không | No |
| settings |
| | form_id | version | default_language | form_title |
| | pkg_ent | 1 | Tiếng Việt (vi) | Doanh nghiệp |
"""

HOUSEHOLD = """| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | required |
| | text | head_name | Họ tên chủ hộ | Household head | yes |
| | text | village | Thôn | Village | |
| | text | phone | Số di động | Mobile | |
| | integer | hh_size | Số nhân khẩu | Household size | |
| | begin repeat | mem | Thành viên | Member | |
| | text | m_name | Họ tên | Name | |
| | integer | m_byear | Năm sinh | Year of birth | |
| | end repeat | | | | |
| settings |
| | form_id | version | default_language | form_title |
| | pkg_hh | 1 | Tiếng Việt (vi) | Hộ gia đình |
"""


def make_db(path: str | Path, *, role: str = "enumerator", name: str = "Nguyễn Văn An", code: str = "E01",
            commune: str = "09025", forms: bool = True) -> Store:
    store = open_store(path)
    if (leaks := sys.modules.get("tests.connection_leaks")) is not None:
        leaks.for_this_test(store)  # closed after the test (many tests leave theirs open)
    store.set_settings({"role": role, "user_name": name, "user_code": code, "province": "25", "commune": commune})
    identity(store)  # the installation's keys, as set-up makes them
    if forms:
        store.add_form(load_form(ENTERPRISE))
        store.add_form(load_form(HOUSEHOLD))
    return store


def add_enterprise(store: Store, name: str, *, tax: str = "", phone: str = "", village: str = "Thôn 1",
                   complete: bool = False) -> str:
    rid = create_record(store, "pkg_ent")
    ed = RecordEditor(store, rid)
    ed.set("unit_name", name)
    if tax:
        ed.set("tax_code", tax)
    if phone:
        ed.set("phone", phone)
    ed.set("village", village)
    ed.set("workers", "5")
    if complete:
        assert ed.mark_complete() == []
    return rid


def add_household(store: Store, head: str, *, byear: str = "1970", village: str = "Thôn 2", phone: str = "",
                  members: int = 2, complete: bool = False) -> str:
    rid = create_record(store, "pkg_hh")
    ed = RecordEditor(store, rid)
    ed.set("head_name", head)
    ed.set("village", village)
    if phone:
        ed.set("phone", phone)
    ed.set("hh_size", str(members))
    for i in range(members):
        path = ed.add_instance("mem")
        ed.set(f"{path}.m_name", head if i == 0 else f"Con {i}")
        ed.set(f"{path}.m_byear", byear if i == 0 else str(2000 + i))
    if complete:
        assert ed.mark_complete() == []
    return rid


def state(store: Store) -> dict:
    """What must be identical on every device: each record's current revision, content and open conflicts."""
    out = {}
    for row in store.execute("SELECT id, rev, status, deleted, answers, justifications, review, form_id, "
                             "form_version FROM records ORDER BY id"):
        out[row[0]] = row[1:]
    conflicts = sorted(store.execute("SELECT record_id, rev FROM record_conflicts").fetchall())
    return {"records": out, "conflicts": conflicts}


def check_derived(store: Store) -> None:
    """Search rows share their record's rowid and hold its text; each record's key entries are those its
    current data gives, and dup_index holds exactly them."""
    import json

    from models.records.duplicates import KeyIndexer, refresh_index
    from models.records.editor import _search_text, fold_d

    c = store.db.conn
    assert c.execute("SELECT count(*) FROM records r LEFT JOIN records_fts f ON f.rowid = r.rowid "
                     "WHERE f.record_id IS NOT r.id").fetchone()[0] == 0
    assert c.execute("SELECT count(*) FROM records_fts").fetchone()[0] == store.count_records() + \
        c.execute("SELECT count(*) FROM records WHERE deleted = 1").fetchone()[0]
    refresh_index(store)
    ix = KeyIndexer(store)
    expected = set()
    for rid, fid, ver, rev, dup_rev, dup_keys, data, answers, label, rowid in c.execute(
            "SELECT id, form_id, form_version, rev, dup_rev, dup_keys, data, answers, label, rowid FROM records"):
        assert dup_rev == rev
        entries = ix.entries({"form_id": fid, "form_version": ver, "data": data})
        assert json.loads(dup_keys) == entries
        expected.update((e[0], e[1], e[2], rid) for e in entries)
        text = c.execute("SELECT text FROM records_fts WHERE rowid = ?", [rowid]).fetchone()[0]
        assert text == fold_d(_search_text(store.form(fid, ver), json.loads(answers), label))
    assert set(c.execute("SELECT form_id, key_name, value, record_id FROM dup_index")) == expected


def import_files(store: Store, files, **kw) -> list:
    """Import package files into ``store`` (no safety copy) and return the summaries."""
    from models.base.progress import run
    from models.exchange.packages import import_into

    return run(import_into(store, [str(f) for f in files], backup=False, **kw))
