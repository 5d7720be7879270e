"""Issue 16: what an independent attack got through an import, each written as the attack, with the
sender's own key (the worst case: a signature proves nothing about what a key holder puts inside)."""

from __future__ import annotations

import pytest

from models.exchange.keys import identity
from models.exchange.merge import VERSION_FIELDS, leaves_of
from models.exchange.packages import export_package, records_from_package
from models.records.editor import RecordEditor
from models.store.revisions import content_hash, make_rev
from tests.models.pkg_helpers import add_enterprise, add_household, import_files, make_db
from tests.reliability.forge import Parts


@pytest.fixture
def two(tmp_path):
    """E01 (an enumerator of 09025) with 3 households, and the clerk of 09025 who has imported them."""
    e1 = make_db(tmp_path / "e1.db")
    ids = [add_household(e1, f"Hộ {i}", members=1) for i in range(3)]
    export_package(e1, tmp_path / "first.ksp")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    [s] = import_files(clerk, [tmp_path / "first.ksp"])
    assert s.added == 3
    yield e1, clerk, ids, tmp_path
    e1.close()
    clerk.close()


def _dump(store) -> list:
    c = store.db.conn
    return [sorted(c.execute("SELECT * FROM records").fetchall()),
            sorted(c.execute("SELECT record_id, rev, held FROM record_conflicts").fetchall())]


def _reseal(v: dict) -> None:
    v["content_hash"] = content_hash(v)
    v["rev"] = make_rev(v["rev_gen"], v["ancestry"][-1] if v["ancestry"] else "", v["content_hash"])


def _forge(path, out, edit, *, signer, package_id="forged-1") -> None:
    """``path`` with its records changed by ``edit(versions)``, signed by ``signer`` (the sender's own key
    if it is the sender's identity)."""
    p = Parts.of(path.read_bytes())
    versions = p.lines("records.jsonl.gz")
    edit(versions)
    p.set_lines("records.jsonl.gz", [{k: x[k] for k in VERSION_FIELDS} if isinstance(x, dict) and
                                     VERSION_FIELDS[0] in x else x for x in versions])
    p.manifest["package_id"] = package_id
    p.refresh_digests()
    out.write_bytes(p.build(signer))


# ---------------------------------------------------------------------- 1. data is checked against answers


def test_data_that_is_not_the_answers_is_refused(two):
    e1, clerk, ids, tmp = two
    export_package(e1, tmp / "all.ksp")

    def fake(versions):
        v = versions[0]
        v["answers"]["head_name"] = "REAL NAME"
        v["data"]["head_name"] = "FAKE IN DATA"
        v["ancestry"], v["rev_gen"] = [*v["ancestry"], v["rev"]], v["rev_gen"] + 1
        _reseal(v)

    _forge(tmp / "all.ksp", tmp / "fake.ksp", fake, signer=identity(e1))
    before = _dump(clerk)
    [s] = import_files(clerk, [tmp / "fake.ksp"])
    assert s.refused and "'data' does not match the answers at 'head_name'" in s.reason_en
    assert "'data' không khớp câu trả lời ở 'head_name'" in s.reason
    assert _dump(clerk) == before


@pytest.mark.parametrize("change", ["extra", "repeat"])
def test_data_holding_a_value_the_answers_lack_is_refused(two, change):
    e1, clerk, ids, tmp = two
    add_household(e1, "Hộ mới", members=2)
    export_package(e1, tmp / "all.ksp")

    def fake(versions):  # a record new here (a version known here already changes nothing: not read)
        v = next(x for x in versions if x["id"] not in ids)
        if change == "extra":
            v["data"]["phone"] = "0999999999"
        else:
            v["data"]["mem"] = [*v["data"]["mem"], {"m_name": "Người thêm"}]
        _reseal(v)  # data is not in the revision: the same revision, another data

    _forge(tmp / "all.ksp", tmp / "fake.ksp", fake, signer=identity(e1), package_id="forged-data")
    [s] = import_files(clerk, [tmp / "fake.ksp"])
    assert s.refused and "'data' does not match the answers" in s.reason_en


# ---------------------------------------------------------------------- 2. generation inflation


def test_an_inflated_generation_does_not_replace_a_correction(two):
    """E01 re-sends its records with generation 999999 and an empty ancestry after the clerk corrected
    them: the correction stays current; the inflated versions are held for a person, with the reason."""
    e1, clerk, ids, tmp = two
    for rid in ids:
        RecordEditor(clerk, rid).set("head_name", "Sửa bởi xã")
    export_package(e1, tmp / "all.ksp")

    def inflate(versions):
        for v in versions:
            v["answers"]["head_name"] = v["data"]["head_name"] = "Bản của E01"
            v["ancestry"], v["rev_gen"] = [], 999999
            _reseal(v)

    _forge(tmp / "all.ksp", tmp / "inflated.ksp", inflate, signer=identity(e1))
    [s] = import_files(clerk, [tmp / "inflated.ksp"])
    assert not s.refused and s.updated == 0 and s.held == 3 and sorted(s.held_ids) == sorted(ids)
    for rid in ids:
        assert clerk.record(rid)["answers"]["head_name"] == "Sửa bởi xã"
        assert {x["answers"]["head_name"] for x in leaves_of(clerk, rid)} == {"Sửa bởi xã", "Bản của E01"}
    assert {r["outcome"] for r in records_from_package(clerk, "forged-1")} == {"held"}
    assert all("generation 999999" in en and "thế hệ 999999" in vi for _rid, vi, en in s.flags)


def test_an_inflated_generation_of_a_new_record_is_refused(two):
    e1, clerk, ids, tmp = two
    add_household(e1, "Hộ mới", members=1)
    export_package(e1, tmp / "all.ksp")

    def inflate(versions):
        v = next(x for x in versions if x["id"] not in ids)
        v["rev_gen"] = 999999
        _reseal(v)

    _forge(tmp / "all.ksp", tmp / "inflated.ksp", inflate, signer=identity(e1))
    before = _dump(clerk)
    [s] = import_files(clerk, [tmp / "inflated.ksp"])
    assert s.refused and "claims generation 999999" in s.reason_en and _dump(clerk) == before


def test_an_honest_update_and_an_edit_made_during_a_conflict_still_merge(two):
    """The rule lets through what the app itself makes: a new generation after the parent, and the
    generation after the other side's for an edit made while a conflict is open (editor.save_session)."""
    e1, clerk, ids, tmp = two
    rid = ids[0]
    RecordEditor(clerk, rid).set("head_name", "Sửa bởi xã")
    export_package(clerk, tmp / "back.ksp")      # the clerk's correction, generation 2
    RecordEditor(e1, rid).set("head_name", "Sửa bởi E01")  # concurrent, generation 2
    [s] = import_files(e1, [tmp / "back.ksp"])
    assert s.conflicts == 1 and not s.held
    RecordEditor(e1, rid).set("phone", "0912345678")  # an edit during the conflict: generation 3
    export_package(e1, tmp / "again.ksp", mode="changes")
    [s] = import_files(clerk, [tmp / "again.ksp"])
    assert not s.refused and not s.held and not s.flags
    assert clerk.record(rid)["answers"].get("phone") == "0912345678"


# ---------------------------------------------------------------------- 3. metadata


@pytest.mark.parametrize("field, value, named", [
    ("commune", "x" * 100_000, "'commune' must be a five-digit commune code"),
    ("commune", "0902", "'commune' must be a five-digit commune code"),
    ("created_at", "2026-01-01\x00T00:00", "'created_at' is not an ISO date-time"),
    ("created_at", "", "'created_at' is not an ISO date-time"),
    ("modified_at", "yesterday", "'modified_at' is not an ISO date-time"),
    ("enumerator", "E01\x00", "'enumerator' holds a control character"),
    ("label", "Tên\x00", "'label' holds a control character"),
    ("village", "Thôn Giả", "'village' is not the answer 'village'"),
])
def test_malformed_metadata_is_refused_with_the_field_named(two, field, value, named):
    e1, clerk, ids, tmp = two
    add_household(e1, "Hộ mới", members=1)
    export_package(e1, tmp / "all.ksp")

    def bad(versions):  # metadata is not in the revision: the same revision id, other metadata
        next(x for x in versions if x["id"] not in ids)[field] = value

    _forge(tmp / "all.ksp", tmp / "bad.ksp", bad, signer=identity(e1))
    before = _dump(clerk)
    [s] = import_files(clerk, [tmp / "bad.ksp"])
    assert s.refused and named in s.reason_en and _dump(clerk) == before
    assert "\x00" not in s.reason and "\x00" not in s.reason_en


@pytest.mark.parametrize("entry, value", [("kind", {"a": 1}), ("kind", "x" * 500), ("created_at", "\x00"),
                                          ("created_at", 5)])
def test_a_malformed_manifest_entry_is_refused_with_the_entry_named(two, entry, value):
    e1, clerk, ids, tmp = two
    export_package(e1, tmp / "all.ksp")
    p = Parts.of((tmp / "all.ksp").read_bytes())
    p.manifest[entry] = value
    p.manifest["package_id"] = "forged-manifest"
    (tmp / "bad.ksp").write_bytes(p.build(identity(e1)))
    [s] = import_files(clerk, [tmp / "bad.ksp"])
    assert s.refused and f"'{entry}'" in s.reason_en


def _other_commune_package(tmp, n=10):
    other = make_db(tmp / "other.db", code="E09", commune="26734")
    made = [add_enterprise(other, f"Công ty {i}") for i in range(n)]
    export_package(other, tmp / "other.ksp")
    other.close()
    return made


def test_records_of_another_commune_from_an_untrusted_key_are_held_for_a_person(two):
    """An untrusted key adds 10 records of commune 26734 to the clerk of 09025: held, never merged."""
    e1, clerk, ids, tmp = two
    _other_commune_package(tmp)
    before = _dump(clerk)
    [s] = import_files(clerk, [tmp / "other.ksp"])
    assert not s.refused and s.added == 0 and s.outside == 10 and len(s.outside_ids) == 10
    assert all("commune 26734 is outside this unit's area" in en for _rid, _vi, en in s.flags)
    assert all("xã 26734 ở ngoài địa bàn của máy này" in vi for _rid, vi, _en in s.flags)
    from models.exchange.importing import summary_line
    assert summary_line([s]).endswith("outside=10")
    assert _dump(clerk) == before  # nothing of them in records, conflicts, exports or reports
    from models.exchange.held import held_records
    held = held_records(clerk)
    assert sorted(h.record_id for h in held) == sorted(s.outside_ids)
    assert all(h.commune == "26734" and h.form_id and "other.ksp" in h.source for h in held)


def test_a_held_record_accepted_by_a_person_is_merged_with_its_audit_trail(two):
    e1, clerk, ids, tmp = two
    made = _other_commune_package(tmp, 3)
    [s] = import_files(clerk, [tmp / "other.ksp"])
    assert s.outside == 3
    from models.exchange.held import accept_held, held_records, refuse_held
    ch = accept_held(clerk, [made[0]], user="Cán bộ xã")
    assert made[0] in ch.added
    rec = clerk.record(made[0])
    assert rec["commune"] == "26734" and rec["label"] == "Công ty 0"
    assert clerk.execute("SELECT count(*) FROM audit WHERE record_id = ?", [made[0]]).fetchone()[0] > 0
    refuse_held(clerk, [made[1]])
    assert sorted(h.record_id for h in held_records(clerk)) == [made[2]]
    assert clerk.execute("SELECT count(*) FROM records WHERE id = ?", [made[1]]).fetchone()[0] == 0
    # the same package again is skipped; the refused record is not back, the accepted one unchanged
    [s2] = import_files(clerk, [tmp / "other.ksp"])
    assert s2.already_imported and [h.record_id for h in held_records(clerk)] == [made[2]]


def test_a_held_record_arriving_again_stays_held_with_its_new_version(two):
    """A later version of a waiting record claiming this commune does not slip it in: it joins the wait."""
    e1, clerk, ids, tmp = two
    other = make_db(tmp / "other.db", code="E09", commune="26734")
    rid = add_enterprise(other, "Công ty A")
    export_package(other, tmp / "a.ksp")
    [s] = import_files(clerk, [tmp / "a.ksp"])
    assert s.outside == 1
    RecordEditor(other, rid).set("unit_name", "Công ty B")
    export_package(other, tmp / "b.ksp", mode="all")

    def inside(versions):
        for v in versions:
            v["commune"] = "09025"

    _forge(tmp / "b.ksp", tmp / "b2.ksp", inside, signer=identity(other))
    other.close()
    before = _dump(clerk)
    [s] = import_files(clerk, [tmp / "b2.ksp"])
    assert not s.refused and s.added == 0 and s.outside_ids == [rid] and _dump(clerk) == before
    from models.exchange.held import held_records
    [h] = held_records(clerk)
    assert h.record_id == rid and h.versions == 2


def test_a_sender_moving_its_records_to_another_commune_is_held(two):
    e1, clerk, ids, tmp = two
    for rid in ids:
        RecordEditor(e1, rid).set("phone", "0911111111")
    export_package(e1, tmp / "all.ksp", mode="changes")

    def move(versions):
        for v in versions:
            v["commune"] = "26734"

    _forge(tmp / "all.ksp", tmp / "moved.ksp", move, signer=identity(e1))
    [s] = import_files(clerk, [tmp / "moved.ksp"])
    assert not s.refused and s.updated == 0 and s.held == 3
    for rid in ids:
        assert clerk.record(rid)["commune"] == "09025" and clerk.record(rid)["answers"].get("phone") is None
    assert all("moves the record from commune 09025 to commune 26734" in en for _r, _v, en in s.flags)


def test_the_province_flags_communes_of_another_province(tmp_path):
    e = make_db(tmp_path / "e.db", code="E09", commune="26734")  # not in province 25
    add_enterprise(e, "Công ty X")
    export_package(e, tmp_path / "x.ksp")
    e.close()
    prov = make_db(tmp_path / "prov.db", role="province", name="Sở", code="P25", forms=False)
    [s] = import_files(prov, [tmp_path / "x.ksp"])
    assert s.outside == 1 and s.added == 0
    own = make_db(tmp_path / "e2.db", code="E02")  # 09025 is in province 25
    add_enterprise(own, "Công ty Y")
    export_package(own, tmp_path / "y.ksp")
    own.close()
    [s] = import_files(prov, [tmp_path / "y.ksp"])
    assert s.outside == 0 and s.added == 1
    prov.close()


# ---------------------------------------------------------------------- 5. a form too deep to read


def test_a_package_carrying_a_form_too_deep_to_read_is_refused_with_the_place(two):
    """A form whose expression nests 100 brackets refused the package as PKG_UNEXPECTED (a
    RecursionError): now as a form that cannot be read, naming sheet, row and column."""
    from tests.models.pkg_helpers import HOUSEHOLD

    e1, clerk, ids, tmp = two
    fresh = make_db(tmp / "fresh.db", role="clerk", code="C02", forms=False)
    export_package(e1, tmp / "all.ksp")
    p = Parts.of((tmp / "all.ksp").read_bytes())
    entry = next(f for f in p.manifest["forms"] if f["form_id"] == "pkg_hh")
    deep = HOUSEHOLD.replace("| | integer | hh_size | Số nhân khẩu | Household size | |",
                             "| | integer | hh_size | Số nhân khẩu | Household size | |\n"
                             "| | calculate | deep | | | |")
    deep = deep.replace("| required |", "| required | calculation |", 1).replace(
        "| | calculate | deep | | | |", "| | calculate | deep | | | | " + "(" * 100 + "1" + ")" * 100 + " |")
    p.set_part(entry["part"], deep.encode("utf-8"))
    p.manifest["package_id"] = "deep-form"
    p.refresh_digests()
    (tmp / "deep.ksp").write_bytes(p.build(identity(e1)))
    [s] = import_files(fresh, [tmp / "deep.ksp"])
    assert s.refused and "pkg_hh" in s.reason_en and "nested more than 32 levels" in s.reason_en
    assert "survey" in s.reason_en and "calculation" in s.reason_en and "Unexpected" not in s.reason_en
    assert "lồng nhau quá 32 cấp" in s.reason
    fresh.close()


# ---------------------------------------------------------------------- 7. smaller ones


@pytest.mark.parametrize("tail", ["junk", "member"])
def test_data_after_a_gzip_part_is_refused(two, tail):
    import gzip

    e1, clerk, ids, tmp = two
    add_household(e1, "Hộ mới", members=1)
    export_package(e1, tmp / "all.ksp")
    p = Parts.of((tmp / "all.ksp").read_bytes())
    blob = dict(p.parts)["records.jsonl.gz"]
    extra = b"\x00garbage after the stream" if tail == "junk" else gzip.compress(b'{"id": "uuid:x"}\n')
    p.set_part("records.jsonl.gz", blob + extra)
    p.manifest["package_id"] = f"tail-{tail}"
    p.refresh_digests()
    (tmp / "tail.ksp").write_bytes(p.build(identity(e1)))
    before = _dump(clerk)
    [s] = import_files(clerk, [tmp / "tail.ksp"])
    assert s.refused and "records.jsonl.gz holds data after its compressed stream" in s.reason_en
    assert "có dữ liệu thừa sau phần nén" in s.reason and _dump(clerk) == before


def test_a_failed_safety_copy_is_reported_in_both_languages(two, monkeypatch):
    """Under --lang en the summary's backup field was Vietnamese when the copy failed."""
    import sys
    import types

    from models.base.errors import Bilingual
    from models.exchange.errors import PackageCode, PackageError
    from models.exchange.packages import import_into
    from models.base.progress import run as run_steps

    e1, clerk, ids, tmp = two
    add_household(e1, "Hộ mới", members=1)
    export_package(e1, tmp / "more.ksp")
    err = PackageError(PackageCode.PKG_CONTENT, path="x", detail=Bilingual("ổ đĩa đầy", "the disk is full"))
    monkeypatch.setitem(sys.modules, "models.store.backup", types.SimpleNamespace(
        auto_backup=lambda store, reason="", packages=(): types.SimpleNamespace(status="failed", error=err)))
    [s] = list(run_steps(import_into(clerk, [str(tmp / "more.ksp")])))
    assert s.added == 1
    assert s.backup.startswith("failed: ") and "ổ đĩa đầy" in s.backup
    assert s.backup_en.startswith("failed: ") and "the disk is full" in s.backup_en and "ổ đĩa" not in s.backup_en


def test_trusting_the_sender_does_not_release_what_was_held_for_its_claims(two):
    """Versions held for an unbelievable generation or a commune move stay held when a person trusts their
    sender (trust applies what was held *because of the sender*), and never become current later."""
    from models.exchange.trust import trust_sender

    e1, clerk, ids, tmp = two
    for rid in ids:
        RecordEditor(clerk, rid).set("head_name", "Sửa bởi xã")
    export_package(e1, tmp / "all.ksp")

    def inflate(versions):
        for v in versions:
            v["answers"]["head_name"] = v["data"]["head_name"] = "Bản của E01"
            v["ancestry"], v["rev_gen"] = [], 999999
            _reseal(v)

    _forge(tmp / "all.ksp", tmp / "inflated.ksp", inflate, signer=identity(e1))
    [s] = import_files(clerk, [tmp / "inflated.ksp"])
    assert s.held == 3 and not s.sender_trusted
    res = trust_sender(clerk, identity(e1).fingerprint)
    assert res.applied == 0
    assert clerk.execute("SELECT count(*) FROM record_conflicts WHERE held = 1").fetchone()[0] == 3
    RecordEditor(e1, ids[0]).set("phone", "0900000000")  # any later merge of the record
    export_package(e1, tmp / "later.ksp", mode="changes")
    import_files(clerk, [tmp / "later.ksp"])
    assert not any(clerk.record(rid)["answers"]["head_name"] == "Bản của E01" for rid in ids)
    assert clerk.execute("SELECT count(*) FROM record_conflicts WHERE held = 1").fetchone()[0] == 3
