"""Review and send-back through return packages; possible duplicates by business keys."""

from __future__ import annotations

import pytest

from models.base.errors import AppError
from models.exchange.keys import write_public_key
from models.exchange.packages import export_package
from models.exchange.returns import export_return_package
from models.records.duplicates import (
    form_keys,
    keep_both,
    key_values,
    merge_records,
    norm_phone,
    pairs_for_records,
    possible_duplicates,
    set_form_keys,
)
from models.records.editor import RecordEditor
from models.records.errors import RecordCode
from models.records.review import (
    approve,
    awaiting_review,
    comments_for,
    returned_records,
    send_back,
)
from tests.models.pkg_helpers import add_enterprise, add_household, import_files, make_db


@pytest.fixture
def dbs(tmp_path):
    e1 = make_db(tmp_path / "e1.db")
    e2 = make_db(tmp_path / "e2.db", name="Lê Văn Cường", code="E02")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    yield e1, e2, clerk
    for s in (e1, e2, clerk):
        s.close()


# ---------------------------------------------------------------------- review and send-back


def test_send_back_travels_to_the_enumerator_and_the_correction_comes_back(dbs, tmp_path):
    e1, _e2, clerk = dbs
    rid = add_household(e1, "Trần Thị Bình", byear="1970", members=1, complete=True)
    ok = add_enterprise(e1, "Công ty Ánh Dương", tax="0101234567", complete=True)
    export_package(e1, tmp_path / "p1.ksp")
    import_files(clerk, [tmp_path / "p1.ksp"])
    assert {r["id"] for r in awaiting_review(clerk)} == {rid, ok}
    approve(clerk, ok, comment="Tốt")
    send_back(clerk, rid, comment="Kiểm tra năm sinh chủ hộ", questions={"mem[1].m_byear": "Năm sinh 1907?",
                                                                           "village": ""})
    assert clerk.record(ok)["status"] == "approved" and clerk.record(rid)["status"] == "returned"
    assert awaiting_review(clerk) == []
    assert [a["action"] for a in clerk.audit(rid)][-2:] == ["review", "status"]
    assert [r["id"] for r in returned_records(clerk, "E01")] == [rid]
    res = export_return_package(clerk, str(tmp_path / "back.ksp"), enumerator="E01")
    assert res.records == 1 and res.kind == "return"
    assert res.encrypted_for  # the enumerator's key came with its package: the return is encrypted for it
    [s] = import_files(e1, [tmp_path / "back.ksp"])
    assert s.updated == 1 and s.conflicts == 0 and s.kind == "return"
    assert e1.record(rid)["status"] == "returned"
    assert comments_for(e1, rid) == {"mem[1].m_byear": "Năm sinh 1907?", "": "Kiểm tra năm sinh chủ hộ"}
    # the enumerator corrects it: a new revision of the same record
    ed = RecordEditor(e1, rid)
    ed.set("mem[1].m_byear", "1971")
    assert ed.mark_complete() == []
    after = e1.record(rid)
    assert after["rev_gen"] > clerk.record(rid)["rev_gen"] and clerk.record(rid)["rev"] in after["ancestry"]
    export_package(e1, tmp_path / "p2.ksp", mode="changes")
    [s] = import_files(clerk, [tmp_path / "p2.ksp"])
    assert (s.updated, s.conflicts, s.added) == (1, 0, 0)
    rec = clerk.record(rid)
    assert rec["status"] == "complete" and rec["answers"]["mem"][0]["m_byear"] == "1971"
    assert [r["id"] for r in awaiting_review(clerk)] == [rid]
    approve(clerk, rid)
    assert comments_for(clerk, rid) == {} and clerk.record(rid)["review"]["history"][0]["decision"] == "returned"


def test_review_needs_a_complete_record_and_a_comment_to_send_back(dbs):
    e1, _e2, _clerk = dbs
    draft = add_enterprise(e1, "Cơ sở may Thu Hà")
    with pytest.raises(AppError) as e:
        approve(e1, draft)
    assert e.value.code is RecordCode.REVIEW_NOT_READY
    done = add_enterprise(e1, "Cơ sở may Thu Hà 2", complete=True)
    with pytest.raises(AppError) as e:
        send_back(e1, done, comment="  ", questions={"tax_code": ""})
    assert e.value.code is RecordCode.REVIEW_NO_COMMENT and e1.record(done)["status"] == "complete"


def test_province_sees_which_commune_sent_what(dbs, tmp_path):
    from models.exchange.packages import import_history, records_from_package

    e1, e2, _clerk = dbs
    e2.set_settings({"commune": "09064"})  # another commune of province 25 (the province's area)
    a = add_enterprise(e1, "DN xã A", tax="0101111111")
    b = add_enterprise(e2, "DN xã B", tax="0102222222")
    export_package(e1, tmp_path / "a.ksp")
    export_package(e2, tmp_path / "b.ksp")
    prov = make_db(tmp_path / "prov.db", role="province", forms=False)
    import_files(prov, [tmp_path / "a.ksp", tmp_path / "b.ksp"])
    hist = {h["commune"]: h for h in import_history(prov)}
    assert set(hist) == {"09025", "09064"} and hist["09064"]["summary"]["added"] == 1
    assert [r["record_id"] for r in records_from_package(prov, hist["09025"]["package_id"])] == [a]
    assert [r["record_id"] for r in records_from_package(prov, hist["09064"]["package_id"])] == [b]
    prov.close()


# ---------------------------------------------------------------------- duplicates


def test_normalisation():
    keys = {"n": ["name"]}
    assert key_values(keys, {"name": "  Nguyễn Văn Đức "}) == key_values(keys, {"name": "nguyen van duc"}) == {
        "n": "nguyenvanduc"}
    assert norm_phone("+84 912 345 678") == norm_phone("0912.345.678") == "0912345678"


def test_default_keys_follow_the_form(dbs):
    e1, _e2, _clerk = dbs
    assert form_keys(e1, "pkg_ent") == {"tax_code": ["tax_code"], "phone": ["phone"]}
    assert form_keys(e1, "pkg_hh") == {"phone": ["phone"], "household": ["head_name", "mem[1].m_byear", "village"]}


def test_duplicates_found_on_import_by_tax_code_and_household_key(dbs, tmp_path):
    e1, e2, clerk = dbs
    a = add_enterprise(e1, "Công ty Ánh Dương", tax="0101234567")
    b = add_enterprise(e2, "CTY ANH DUONG", tax="0101234567")
    h1 = add_household(e1, "Nguyễn Văn Đức", byear="1960", village="Thôn Đông", members=1)
    h2 = add_household(e2, "nguyen van duc", byear="1960", village="thôn đông", members=2)
    add_household(e2, "Nguyễn Văn Đức", byear="1961", village="Thôn Đông", members=1)  # other birth year
    export_package(e1, tmp_path / "a.ksp")
    export_package(e2, tmp_path / "b.ksp")
    first, second = import_files(clerk, [tmp_path / "a.ksp", tmp_path / "b.ksp"])
    assert first.duplicates == 0 and second.duplicates == 2
    pairs = {(p["record_a"], p["record_b"]): p["keys"] for p in possible_duplicates(clerk)}
    assert pairs == {tuple(sorted((a, b))): ["tax_code"], tuple(sorted((h1, h2))): ["household"]}


def test_keep_both_is_remembered_and_travels(dbs, tmp_path):
    e1, e2, clerk = dbs
    a = add_enterprise(e1, "Quán Phở Hà", phone="0912345678")
    b = add_enterprise(e2, "Tiệm Tóc Hà", phone="+84912345678")
    export_package(e1, tmp_path / "a.ksp")
    export_package(e2, tmp_path / "b.ksp")
    import_files(clerk, [tmp_path / "a.ksp", tmp_path / "b.ksp"])
    assert len(possible_duplicates(clerk)) == 1
    keep_both(clerk, a, b)
    assert possible_duplicates(clerk) == [] and pairs_for_records(clerk, [a, b]) == []
    prov = make_db(tmp_path / "prov.db", role="province", forms=False)
    export_package(clerk, tmp_path / "c.ksp")
    [s] = import_files(prov, [tmp_path / "c.ksp"])
    assert s.duplicates == 0 and possible_duplicates(prov) == []  # the clerk's decision came along
    prov.close()


def test_merge_into_one_soft_deletes_the_other_with_a_link(dbs, tmp_path):
    e1, e2, clerk = dbs
    a = add_enterprise(e1, "Công ty Ánh Dương", tax="0101234567", phone="0912000000")
    b = add_enterprise(e2, "Công ty TNHH Ánh Dương", tax="0101234567", phone="0987000000")
    export_package(e1, tmp_path / "a.ksp")
    export_package(e2, tmp_path / "b.ksp")
    import_files(clerk, [tmp_path / "a.ksp", tmp_path / "b.ksp"])
    merge_records(clerk, a, b, {"unit_name": "Công ty TNHH Ánh Dương", "phone": "0987000000"}, user="Cán bộ xã")
    ra, rb = clerk.record(a), clerk.record(b)
    assert ra["answers"]["unit_name"] == "Công ty TNHH Ánh Dương" and ra["answers"]["phone"] == "0987000000"
    assert ra["answers"]["tax_code"] == "0101234567" and not ra["deleted"]
    assert rb["deleted"] == 1 and rb["review"]["merged_into"] == a
    assert any(x["action"] == "merge" for x in clerk.audit(a))
    assert any(x["action"] == "merged_into" for x in clerk.audit(b))
    assert possible_duplicates(clerk) == []
    assert clerk.count_records(form_id="pkg_ent") == 1
    # the merge travels back to the enumerator who made the other record
    export_package(clerk, tmp_path / "c.ksp", mode="changes")
    import_files(e2, [tmp_path / "c.ksp"])
    assert e2.record(b)["deleted"] == 1 and e2.record(b)["review"]["merged_into"] == a


def test_configured_keys_replace_the_defaults(dbs, tmp_path):
    e1, _e2, clerk = dbs
    a = add_enterprise(e1, "Công ty A", village="Thôn 3", tax="0101")
    b = add_enterprise(e1, "Công ty A", village="Thôn 3", tax="0202")
    assert pairs_for_records(e1, [a]) == []
    set_form_keys(e1, "pkg_ent", {"name_village": ["unit_name", "village"]})
    assert [p["keys"] for p in pairs_for_records(e1, [a])] == [["name_village"]]
    with pytest.raises(AppError):
        keep_both(e1, a, a)
    del b, clerk, tmp_path


def test_key_file_from_cli_encrypts(dbs, tmp_path):
    e1, _e2, clerk = dbs
    add_enterprise(e1, "DN mã hóa", tax="0109999999")
    key = write_public_key(clerk, tmp_path / "k.pub")
    res = export_package(e1, tmp_path / "x.ksp", to=key)
    assert res.encrypted_for == key.fingerprint
