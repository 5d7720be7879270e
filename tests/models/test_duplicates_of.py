"""The record list's duplicate check (models.records.duplicates.duplicates_of): the consolidation screen's keys
(normalised phones, household key, head's ID number) and its "keep both" decisions."""

from __future__ import annotations

import pytest

from models.base.errors import AppError
from models.records.duplicates import duplicates_of, keep_both
from models.records.editor import RecordEditor, create_record, set_deleted
from models.store.database import open_store
from models.store.errors import StoreCode
from models.store.migrations import m041_dedupe_cccd_key

ENT = """| survey |
| | type | name | label |
| | text | unit_name | Tên |
| | text | tax_code | MST |
| | text | phone | Điện thoại |
| | text | village | Thôn |
| settings |
| | form_id | version |
| | dq_ent | 1 |
"""

HH = """| survey |
| | type | name | label |
| | text | head_name | Chủ hộ |
| | text | village | Thôn |
| | begin_repeat | mem | Thành viên |
| | text | m_name | Họ tên |
| | integer | m_byear | Năm sinh |
| | text | m_cccd | Số định danh |
| | end_repeat | | |
| settings |
| | form_id | version |
| | dq_hh | 1 |
"""


@pytest.fixture
def store(tmp_path):
    from forms import load_form

    st = open_store(tmp_path / "d.db")
    st.set_settings({"role": "enumerator", "user_code": "E1", "user_name": "Lê An"})
    st.add_form(load_form(ENT))
    st.add_form(load_form(HH))
    yield st
    st.close()


def ent(st, name, *, phone="", tax="", village="Thôn 1"):
    rid = create_record(st, "dq_ent")
    ed = RecordEditor(st, rid)
    for k, v in (("unit_name", name), ("phone", phone), ("tax_code", tax), ("village", village)):
        if v:
            ed.set(k, v)
    return rid


def hh(st, head, *, byear="1970", village="Thôn 2", cccd=""):
    rid = create_record(st, "dq_hh")
    ed = RecordEditor(st, rid)
    ed.set("head_name", head)
    ed.set("village", village)
    path = ed.add_instance("mem")
    ed.set(f"{path}.m_name", head)
    ed.set(f"{path}.m_byear", byear)
    if cccd:
        ed.set(f"{path}.m_cccd", cccd)
    return rid


def found(st, rid):
    return [(d.id, d.keys) for d in duplicates_of(st, rid)]


def test_a_phone_written_plus_84_matches_the_same_number_written_with_0(store):
    a = ent(store, "Quán Phở Hà", phone="+84 912 345 678")
    b = ent(store, "Tiệm Tóc Hà", phone="0912.345.678")
    ent(store, "Khác", phone="0912345679")
    assert found(store, a) == [(b, ("phone",))]
    assert found(store, b) == [(a, ("phone",))]
    d = duplicates_of(store, a)[0]
    assert (d.label, d.village, d.status) == ("Tiệm Tóc Hà", "Thôn 1", "draft")


def test_a_pair_decided_keep_both_is_not_shown(store):
    a = ent(store, "Công ty Ánh Dương", tax="0101234567")
    b = ent(store, "CTY ANH DUONG", tax="0101234567")
    c = ent(store, "Cơ sở Ánh Dương", tax="0101234567")
    assert sorted(found(store, a)) == sorted([(b, ("tax_code",)), (c, ("tax_code",))])
    keep_both(store, b, a)
    assert found(store, a) == [(c, ("tax_code",))]
    assert found(store, b) == [(c, ("tax_code",))]


def test_household_key_and_head_id_number(store):
    h1 = hh(store, "Nguyễn Văn Đức", byear="1960", village="Thôn Đông")
    h2 = hh(store, "nguyen  van duc", byear="1960", village="thôn đông")
    hh(store, "Nguyễn Văn Đức", byear="1961", village="Thôn Đông")  # another birth year
    assert found(store, h1) == [(h2, ("household",))]
    i1 = hh(store, "Trần Thị Lan", byear="1980", cccd="001180012345")
    i2 = hh(store, "Trần Lan", byear="1981", village="Thôn 9", cccd="001180012345")
    assert found(store, i1) == [(i2, ("cccd",))]


def test_edits_are_seen_and_deleted_records_left_out(store):
    a = ent(store, "A", phone="0912000001")
    b = ent(store, "B", phone="0912000001")
    assert found(store, a) == [(b, ("phone",))]
    RecordEditor(store, b).set("phone", "0912000002")  # re-keyed at the next look-up
    assert found(store, a) == []
    RecordEditor(store, b).set("phone", "0912000001")
    set_deleted(store, b, True)
    assert found(store, a) == []
    set_deleted(store, b, False)
    set_deleted(store, a, True)
    assert found(store, a) == []
    with pytest.raises(AppError) as e:
        duplicates_of(store, "uuid:nope")
    assert e.value.code is StoreCode.RECORD_NOT_FOUND


def test_migration_rekeys_only_records_with_an_id_number(store):
    with_id = hh(store, "Trần Thị Lan", byear="1980", cccd="001180012345")
    other = hh(store, "Trần Lan", byear="1981", cccd="001180012345")
    without = hh(store, "Lê Văn Tám", byear="1975")
    duplicates_of(store, with_id)  # every record keyed now
    # as a database keyed before the cccd key existed: no cccd entries, keys up to date
    store.execute("DELETE FROM dup_index WHERE key_name = 'cccd'")
    store.execute("UPDATE records SET dup_keys = (SELECT json_group_array(j.value) FROM json_each(records.dup_keys) j "
                  "WHERE json_extract(j.value, '$[1]') != 'cccd')")
    assert found(store, with_id) == []
    m041_dedupe_cccd_key(store.db)
    stale = {r[0] for r in store.execute("SELECT id FROM records WHERE dup_rev IS NULL")}
    assert stale == {with_id, other}
    assert found(store, with_id) == [(other, ("cccd",))]
    assert without not in stale
