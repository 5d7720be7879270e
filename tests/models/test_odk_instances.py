"""ODK instances into the database as records (models/exchange/odk_instances.py): ODK Collect's
``instances/`` folder or a ZIP of it; idempotent by instance id, repeats, an edit chain, a conflict."""

from __future__ import annotations

import json
import zipfile

import pytest

from forms import load_form
from models.exchange.merge import open_conflicts
from models.exchange.odk_instances import import_collect
from models.records.editor import RecordEditor
from models.store.database import open_store
from models.sync.service import build_instance
from tests.sync_fixtures import fill_record, form_md


def phone_instances(tmp_path, n=2):
    """Instances as a phone saves them, from another installation's records (one folder each)."""
    src = open_store(str(tmp_path / "phone.db"))
    folder = tmp_path / "odk" / "instances"
    ids = []
    for i in range(n):
        rid = fill_record(src, f"Hộ kinh doanh {i}", i)
        ed = RecordEditor(src, rid)
        if i == 0:
            p = ed.add_instance("member")
            ed.set(f"{p}.m_name", "Lê Văn Cường")
            ed.set(f"{p}.m_age", "61")
        xml = build_instance(src, rid, rid)
        d = folder / f"dn_sync_2024-08-0{i + 1}_10-00-00"
        d.mkdir(parents=True)
        (d / f"{d.name}.xml").write_bytes(xml)
        ids.append(rid)
    answers = {rid: src.record(rid)["answers"] for rid in ids}
    src.close()
    return folder, ids, answers


@pytest.fixture
def db(tmp_path):
    st = open_store(str(tmp_path / "tinh.db"))
    st.add_form(load_form(form_md()))
    yield st
    st.close()


@pytest.fixture(autouse=True)
def phone_form(tmp_path):
    st = open_store(str(tmp_path / "phone.db"))
    st.set_settings({"role": "enumerator", "user_name": "A", "user_code": "E9", "commune": "Xã X",
                     "province": "P"})
    st.add_form(load_form(form_md()))
    st.close()


def test_collect_folder_imports_each_instance_once_with_repeats(db, tmp_path):
    folder, ids, answers = phone_instances(tmp_path)
    s = import_collect(db, folder)
    assert s.line() == "added=2 updated=0 unchanged=0 conflicts=0 refused=0"
    for rid in ids:
        rec = db.record(rid)
        assert rec["status"] == "complete"
        assert rec["answers"]["member"] == answers[rid]["member"]
        assert rec["answers"]["unit_name"] == answers[rid]["unit_name"]
    assert len(db.record(ids[0])["answers"]["member"]) == 2
    again = import_collect(db, folder)
    assert again.line() == "added=0 updated=0 unchanged=2 conflicts=0 refused=0"
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 2


def test_collect_zip_and_an_edit_chain_and_a_conflict(db, tmp_path):
    folder, ids, _answers = phone_instances(tmp_path, n=1)
    z = tmp_path / "instances.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in folder.rglob("*.xml"):
            zf.write(f, f"instances/{f.parent.name}/{f.name}")
    assert import_collect(db, z).added == 1
    # the phone corrects the record (a new instance with deprecatedID): a newer revision here
    xml = next(folder.rglob("*.xml")).read_bytes()
    edited = xml.replace(b"<workers>10</workers>", b"<workers>12</workers>").replace(
        f"<instanceID>{ids[0]}</instanceID>".encode(),
        f"<instanceID>uuid:11111111-2222-4333-8444-555555555555</instanceID><deprecatedID>{ids[0]}"
        "</deprecatedID>".encode())
    d = folder / "dn_sync_edit"
    d.mkdir()
    (d / "dn_sync_edit.xml").write_bytes(edited)
    s = import_collect(db, folder)
    assert s.line() == "added=0 updated=1 unchanged=0 conflicts=0 refused=0"
    assert db.record(ids[0])["answers"]["workers"] == "12"
    # the clerk edits the record here, then a second correction arrives from the phone: both kept
    ed = RecordEditor(db, ids[0])
    ed.set("phone", "0900000000")
    edited2 = edited.replace(b"<workers>12</workers>", b"<workers>13</workers>").replace(
        b"<instanceID>uuid:11111111-2222-4333-8444-555555555555</instanceID><deprecatedID>" + ids[0].encode(),
        b"<instanceID>uuid:11111111-2222-4333-8444-666666666666</instanceID><deprecatedID>"
        b"uuid:11111111-2222-4333-8444-555555555555")
    d2 = folder / "dn_sync_edit2"
    d2.mkdir()
    (d2 / "dn_sync_edit2.xml").write_bytes(edited2)
    s = import_collect(db, folder)
    assert s.conflicts == 1 and s.conflict_ids == [ids[0]], s.line()
    assert [c["record_id"] for c in open_conflicts(db)] == [ids[0]]


def test_an_unknown_form_is_refused_with_the_reason_and_changes_nothing(db, tmp_path):
    d = tmp_path / "instances" / "x"
    d.mkdir(parents=True)
    (d / "x.xml").write_bytes(b'<data id="khac" version="1"><a>1</a><meta><instanceID>uuid:1</instanceID>'
                              b'</meta></data>')
    (d.parent / "y").mkdir()
    (d.parent / "y" / "y.xml").write_bytes(b"<not xml")
    s = import_collect(db, d.parent)
    assert s.refused == 2 and s.added == 0
    text = json.dumps(s.as_dict("en"))
    assert "does not have form 'khac'" in text and "cannot be read" in text
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 0


def test_collect_command_line_summary_and_idempotence(tmp_path, capsys):
    from cli import main

    folder, _ids, _answers = phone_instances(tmp_path)
    st = open_store(str(tmp_path / "tinh2.db"))
    st.add_form(load_form(form_md()))
    st.close()
    args = ["collect", "--db", str(tmp_path / "tinh2.db"), str(folder)]
    assert main(args) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "added=2 updated=0 unchanged=0 conflicts=0 refused=0"
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 2
    assert not list(tmp_path.glob("tinh2.db.lock"))  # the run lock leaves nothing beside the database


@pytest.mark.odk
def test_instances_written_by_odks_own_engine_import_as_the_same_answers(db, tmp_path):
    """What ODK Collect/Web Forms would save for our form (ODK's engine serialises the instance)."""
    from tests.odk.harness import odk_available, run_odk

    if not odk_available():
        import os

        if os.environ.get("ODK_HARNESS_REQUIRED") == "1":
            pytest.fail("the ODK harness is required here: run tests/odk/install.sh")
        pytest.skip("ODK's engine is not installed (tests/odk/install.sh)")
    form = db.form("dn_sync")
    cases = [{"answers": {"unit_name": "Cửa hàng Hoa Mai", "workers": "7", "sells_online": "1",
                          "platform": "Tiki", "member": [{"m_name": "Đỗ Thị Lan", "m_age": "29"},
                                                         {"m_name": "Vũ Văn Hùng", "m_age": "33"}],
                          "phone": "0987654321"}},
             {"answers": {"unit_name": "Xưởng gỗ", "workers": "3", "sells_online": "2", "member": []}}]
    results = run_odk(form.xform, cases, serialise=True)
    folder = tmp_path / "instances"
    for i, r in enumerate(results):
        assert r["error"] is None
        d = folder / f"dn_sync_{i}"
        d.mkdir(parents=True)
        (d / f"dn_sync_{i}.xml").write_text(r["instance_xml"], encoding="utf-8")
    s = import_collect(db, folder)
    assert s.line() == "added=2 updated=0 unchanged=0 conflicts=0 refused=0", s.reasons
    recs = {r["answers"]["unit_name"]: r["answers"] for r in
            (db.record(x[0]) for x in db.execute("SELECT id FROM records"))}
    assert recs["Cửa hàng Hoa Mai"]["member"] == cases[0]["answers"]["member"]
    assert recs["Cửa hàng Hoa Mai"]["platform"] == "Tiki" and recs["Xưởng gỗ"]["workers"] == "3"
    assert "platform" not in recs["Xưởng gỗ"]  # not relevant there: the engine left it empty
    assert import_collect(db, folder).unchanged == 2


def test_collect_instance_with_a_photo_keeps_the_file(tmp_path):
    import hashlib

    from models.store.files import file_bytes
    from tests.models.media_helpers import add_media_form, add_shop, png
    from tests.models.pkg_helpers import make_db as make_pkg_db

    phone = make_pkg_db(tmp_path / "phone.db")
    add_media_form(phone)
    photo = png(9, 7)
    rid = add_shop(phone, "Tiệm may Thu", photo)
    xml = build_instance(phone, rid, rid)
    phone.close()
    d = tmp_path / "instances" / "pkg_media_1"
    d.mkdir(parents=True)
    (d / "pkg_media_1.xml").write_bytes(xml)
    (d / "1712345678901.png").write_bytes(photo)
    (d / "not-named-by-the-instance.jpg").write_bytes(b"\xff\xd8other")
    st = make_pkg_db(tmp_path / "tinh.db", role="clerk")
    add_media_form(st)
    try:
        s = import_collect(st, d.parent)
        assert s.line() == "added=1 updated=0 unchanged=0 conflicts=0 refused=0", s.reasons
        files = json.loads(st.execute("SELECT files FROM records WHERE id = ?", [rid]).fetchone()[0])
        assert list(files) == ["1712345678901.png"]  # only what the instance names
        assert files["1712345678901.png"]["sha256"] == hashlib.sha256(photo).hexdigest()
        assert file_bytes(st, files["1712345678901.png"]["sha256"]) == photo
        assert st.execute("SELECT count(*) FROM record_files").fetchone()[0] == 1  # the other file not kept
    finally:
        st.close()
