"""A form's attachments (its external data files) are stored with the form version (table ``form_files``)
and travel with the form in transfer packages (issue 12, "What to deliver" 3)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from forms import load_form
from models.base.errors import AppError
from models.exchange.keys import write_public_key
from models.exchange.packages import export_package
from models.records.editor import RecordEditor, create_record
from models.store.errors import StoreCode
from tests.models.pkg_helpers import import_files, make_db

FORM = """| survey |
| | type | name | label | calculation |
| | select_one_from_file villages.csv | village | Village | |
| | calculate | head | | pulldata('villages', 'head', 'name', ${village}) |
| settings |
| | form_id | version |
| | pkg_ext | 1 |
"""
VILLAGES = "name,label,head\nt1,Thôn 1,Nguyễn Văn An\nt2,Thôn 2,Lê Thị Bình\n".encode()


def test_a_form_version_keeps_its_attachments_and_loads_with_them(tmp_path):
    store = make_db(tmp_path / "a.db", forms=False)
    try:
        assert store.add_form(load_form(FORM, attachments={"villages.csv": VILLAGES}))
        assert store.form_file_digests("pkg_ext", "1") == {"villages.csv": hashlib.sha256(VILLAGES).hexdigest()}
        form = store.form("pkg_ext", "1")
        assert form.missing_attachments == () and [c.name for c in form.choices[form["village"].list_name]] \
            == ["t1", "t2"]
        assert not store.add_form(load_form(FORM, attachments={"villages.csv": VILLAGES}))  # nothing new
        with pytest.raises(AppError) as err:  # another file under the same name: a new version is needed
            store.add_form(load_form(FORM, attachments={"villages.csv": b"name,label\nx,X\n"}))
        assert err.value.code is StoreCode.FORM_FILE_CLASH
        assert "villages.csv" in err.value.message("en") and "villages.csv" in err.value.message("vi")
    finally:
        store.close()


def test_a_form_added_without_its_attachment_gets_it_later(tmp_path):
    store = make_db(tmp_path / "a.db", forms=False)
    try:
        store.add_form(load_form(FORM))
        assert store.form("pkg_ext", "1").missing_attachments == ("villages.csv",)
        assert store.add_form(load_form(FORM, attachments={"villages.csv": VILLAGES}))
        assert store.form("pkg_ext", "1").missing_attachments == ()
    finally:
        store.close()


def test_attachments_travel_with_the_form_in_a_package(tmp_path):
    sender = make_db(tmp_path / "e1.db", forms=False)
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    try:
        sender.add_form(load_form(FORM, attachments={"villages.csv": VILLAGES}))
        rid = create_record(sender, "pkg_ext")
        RecordEditor(sender, rid).set("village", "t2")
        assert sender.record(rid)["answers"]["head"] == "Lê Thị Bình"
        export_package(sender, tmp_path / "p.ksp")
        with zipfile.ZipFile(io.BytesIO((tmp_path / "p.ksp").read_bytes())) as z:
            manifest = json.loads(z.read("manifest.json"))
            (entry,) = manifest["forms"]
            assert entry["attachments"] == [{"file_name": "villages.csv", "part": "forms/1/1.csv",
                                             "sha256": hashlib.sha256(VILLAGES).hexdigest()}]
            assert z.read("forms/1/1.csv") == VILLAGES
            (listed,) = [p for p in manifest["parts"] if p["name"] == "forms/1/1.csv"]
            assert listed["sha256"] == hashlib.sha256(VILLAGES).hexdigest() and listed["size"] == len(VILLAGES)
        [s] = import_files(clerk, [tmp_path / "p.ksp"])
        assert (s.added, s.refused) == (1, 0)
        assert clerk.form_files("pkg_ext", "1") == {"villages.csv": VILLAGES}
        assert clerk.record(rid)["answers"]["head"] == "Lê Thị Bình"
        assert clerk.form("pkg_ext", "1").missing_attachments == ()
    finally:
        sender.close()
        clerk.close()


def test_attachments_travel_in_an_encrypted_package_and_reach_a_form_already_there(tmp_path):
    sender = make_db(tmp_path / "e1.db", forms=False)
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    try:
        sender.add_form(load_form(FORM, attachments={"villages.csv": VILLAGES}))
        clerk.add_form(load_form(FORM))  # the clerk has the form but not its file
        create_record(sender, "pkg_ext")
        export_package(sender, tmp_path / "p.ksp", to=write_public_key(clerk, tmp_path / "clerk.pub"))
        [s] = import_files(clerk, [tmp_path / "p.ksp"])
        assert (s.added, s.refused) == (1, 0)
        assert clerk.form_files("pkg_ext", "1") == {"villages.csv": VILLAGES}
    finally:
        sender.close()
        clerk.close()
