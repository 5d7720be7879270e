"""An ``osm`` question on a laptop (issue 12): ODK Collect fills it with OpenMapKit's OpenStreetMap XML
file; here it takes an ``.osm`` file exported by JOSM or OpenMapKit, attached like any media answer. A
file that is not OpenStreetMap XML (not XML, or another root element) is refused naming it, and changes
nothing."""

from __future__ import annotations

import pytest

from forms import load_form
from models.records.editor import RecordEditor, create_record
from models.records.errors import RecordCode, RecordError
from tests.models.pkg_helpers import make_db

OSM_FORM = """| survey |
| | type | name | label |
| | text | shop | Tên cơ sở |
| | osm building_tags | building | Vẽ ngôi nhà trên bản đồ |
| osm |
| | list_name | name | label |
| | building_tags | name | Tên nhà |
| | building_tags | building:levels | Số tầng |
| settings |
| | form_id | version |
| | pkg_osm | 1 |
"""

OSM_FILE = (b"<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='JOSM'>"
            b"<node id='-1' lat='21.0285' lon='105.8542'/><node id='-2' lat='21.0286' lon='105.8543'/>"
            b"<way id='-3'><nd ref='-1'/><nd ref='-2'/><tag k='building' v='yes'/>"
            b"<tag k='building:levels' v='2'/></way></osm>")


@pytest.fixture
def store(tmp_path):
    s = make_db(tmp_path / "osm.db")
    s.add_form(load_form(OSM_FORM))
    yield s
    s.close()


def test_an_osm_question_takes_an_openstreetmap_file_with_its_tags_as_help(store):
    form = load_form(OSM_FORM)
    assert form["building"].type == "osm"
    assert [(k, dict(v)) for k, v in form["building"].tags] == [("name", {"default": "Tên nhà"}),
                                                                ("building:levels", {"default": "Số tầng"})]
    rid = create_record(store, "pkg_osm")
    ed = RecordEditor(store, rid)
    ed.attach("building", OSM_FILE, original_name="nha-van-hoa.osm")
    name = ed.session.value("building")
    assert name.endswith(".osm") and name[:-4].isdigit()
    assert store.record(rid)["files"][name]["type"] == "text/xml"
    assert store.record(rid)["files"][name]["size"] == len(OSM_FILE)
    assert ed.session.issues() == [] or all(i.path != "building" for i in ed.session.issues())


@pytest.mark.parametrize("data, vi, en", [
    (b"\x89PNG\r\n\x1a\n not xml", "không phải XML", "not XML"),
    (b"<gpx version='1.1'><trk/></gpx>", "phần tử gốc là <gpx>, không phải <osm>",
     "its root element is <gpx>, not <osm>"),
])
def test_a_file_that_is_not_openstreetmap_xml_is_refused_naming_it_and_changes_nothing(store, data, vi, en):
    rid = create_record(store, "pkg_osm")
    ed = RecordEditor(store, rid)
    ed.attach("building", OSM_FILE, original_name="a.osm")
    before = store.record(rid)
    with pytest.raises(RecordError) as err:
        ed.attach("building", data, original_name="ban-do.gpx")
    assert err.value.code is RecordCode.FILE_NOT_OSM
    assert err.value.message("en").startswith(f"The file 'ban-do.gpx' is not an OpenStreetMap file ({en}")
    assert "question 'building'" in err.value.message("en") and "JOSM" in err.value.message("en")
    assert err.value.message("vi").startswith(f"Tệp 'ban-do.gpx' không phải tệp bản đồ OpenStreetMap ({vi}")
    after = store.record(rid)
    assert after["answers"] == before["answers"] and after["files"] == before["files"]
    assert ed.session.value("building") == before["answers"]["building"]
