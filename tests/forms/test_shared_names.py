"""The same name in different groups or repeats (valid XLSForm, as in pyxform and ODK): keys, the
rules pyxform keeps (same name in one group, repeat names, ambiguous ${name}), the engine, and the
submission XML against the XForm pyxform makes."""

from __future__ import annotations

import pytest
from lxml import etree

from forms import load_form
from forms.engine import FormSession
from forms.errors import ErrorCode, FormError
from models.sync.openrosa import check_instance
from tests.forms.shared_names import ANSWERS, KEYS, SHARED
from tests.helpers import evaluate, form_md, kinds, md


def problems(text: str) -> list[tuple[ErrorCode, int | None, dict]]:
    with pytest.raises(FormError) as exc:
        form_md(text)
    return [(p.code, p.row, p.context) for p in exc.value.problems]


def test_keys_are_plain_names_when_unique_and_paths_when_shared():
    f = form_md(SHARED)
    keys = [e.name for e in f.elements if e.type not in ("instanceID",) and e.name != "meta"]
    assert keys == KEYS
    # the XML names stay the names, each element at its place in the tree
    assert f["head-name"].xpath == "/data/head/name" and f["head-name"].tag == "name"
    assert f["member-age"].xpath == "/data/member/age" and f["member-age"].repeats == ("member",)
    assert f["farm-crop-size-area"].xpath == "/data/farm/crop/size/area"
    assert f["farm-crop-size-area"].parent == "farm-crop-size" and f["farm-crop-size"].parent == "crop"
    # rows are found by their place, not by their name
    assert (f["head-name"].row, f["spouse-name"].row, f["member-name"].row, f["plot-name"].row) == (4, 8, 12, 18)
    assert (f["plot-size-area"].row, f["farm-crop-size-area"].row) == (20, 27)


def test_a_form_with_unique_names_keeps_its_keys():
    text = """
    | survey |
    | | type | name | label |
    | | begin group | g | G |
    | | text | name | Name |
    | | end group | | |
    | | begin repeat | r | R |
    | | integer | age | Age |
    | | end repeat | | |
    """
    assert [e.name for e in form_md(text).elements][:5] == ["g", "name", "r", "age", "meta"]


def test_upper_and_lower_case_count_as_one_name_for_keys():
    # SQLite columns, Stata and SPSS variables ignore case: Name and name must not both be keys
    f = form_md("""
    | survey |
    | | type | name | label |
    | | begin group | a | A |
    | | text | Name | N1 |
    | | end group | | |
    | | text | name | N2 |
    """)
    assert [e.name for e in f.elements][:3] == ["a", "a-Name", "name"]


def test_a_reference_finds_its_question_when_its_key_is_a_path():
    """``${Name}`` is unique as pyxform reads names (case counts), but its key is a path because
    ``name`` differs only in case: labels, relevance and the paper questionnaire follow the key."""
    from exports.questionnaire import describe_condition

    f = form_md("""
    | survey |
    | | type | name | label | relevant |
    | | begin group | a | A | |
    | | text | Name | Tên | |
    | | end group | | | |
    | | text | name | Hello ${Name} | ${Name} != '' |
    """)
    assert f.ref("Name") is f["a-Name"] and f.ref_key("Name") == "a-Name" and f.ref("nobody") is None
    s = FormSession(f, today="2025-11-20")
    s.load({"a-Name": "Lan", "name": "x"})
    assert s.label("name") == "Hello Lan" and s.is_relevant("name")
    s.set_value("a-Name", "")
    assert not s.is_relevant("name")
    text = describe_condition(f, "${Name} != ''", {"a-Name": "A1"}, "en")
    assert "A1" in text and "Name" not in text


def test_the_same_name_twice_in_one_group_is_refused_naming_both_rows():
    got = problems("""
    | survey |
    | | type | name | label |
    | | text | name | A |
    | | begin group | g | G |
    | | text | name | B |
    | | integer | name | C |
    | | text | Age | D |
    | | text | age | E |
    | | end group | | |
    """)
    assert got == [(ErrorCode.NAME_DUPLICATE, 5, {"name": "name", "other_row": 4}),
                   (ErrorCode.NAME_DUPLICATE, 7, {"name": "age", "other_row": 6})]


def test_a_path_key_that_is_another_name_is_refused_naming_both_rows():
    got = problems("""
    | survey |
    | | type | name | label |
    | | begin group | head | H |
    | | text | name | N |
    | | end group | | |
    | | text | name | N2 |
    | | text | head-name | X |
    """)
    assert got == [(ErrorCode.KEY_CLASH, 3, {"name": "name", "key": "head-name", "other_row": 6})]


def test_two_repeats_of_one_name_are_refused_as_pyxform_does():
    got = problems("""
    | survey |
    | | type | name | label |
    | | begin group | a | A |
    | | begin repeat | r | R1 |
    | | text | x | X |
    | | end repeat | | |
    | | end group | | |
    | | begin repeat | r | R2 |
    | | text | x | X |
    | | end repeat | | |
    """)
    assert got == [(ErrorCode.REPEAT_NAME_DUPLICATE, 7, {"name": "r", "other_row": 3})]


def text_ambiguous() -> str:
    return """
    | survey |
    | | type | name | label | relevant |
    | | begin group | a | A | |
    | | integer | age | X | |
    | | end group | | | |
    | | begin repeat | r | R | |
    | | integer | age | Y | |
    | | text | note_it | Z | ${age} > 1 |
    | | end repeat | | | |
    """


def test_a_reference_to_a_shared_name_is_refused_naming_its_rows():
    got = problems(text_ambiguous())
    assert got == [(ErrorCode.EXPR_AMBIGUOUS_REF, 7, {"column": "relevant", "ref": "age", "rows": "3, 6"})]
    with pytest.raises(FormError) as exc:
        form_md(text_ambiguous())
    for lang in ("vi", "en"):  # the message names both rows in both languages
        assert "3, 6" in str(exc.value.problems[0].message(lang))


def test_pyxform_makes_the_same_xform_and_refuses_the_same_forms():
    """What we accept pyxform converts; what pyxform refuses (same name in a group, duplicate
    repeat, ambiguous ${name}) we refuse before it."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    convert(xlsform=md(SHARED), file_type=".md")
    for bad in ("| survey |\n| | type | name | label |\n| | begin group | g | G |\n| | text | q | Q |\n"
                "| | text | q | Q |\n| | end group | | |\n",
                "| survey |\n| | type | name | label |\n| | begin repeat | r | R |\n| | text | q | Q |\n"
                "| | end repeat | | |\n| | begin repeat | r | R |\n| | text | q | Q |\n| | end repeat | | |\n",
                "| survey |\n| | type | name | label | relevant |\n| | begin group | g | G | |\n"
                "| | text | q | Q | |\n| | end group | | | |\n| | text | q | Q | |\n| | text | z | Z | ${q} = 'a' |\n"):
        with pytest.raises(PyXFormError):
            convert(xlsform=bad, file_type=".md")
        with pytest.raises(FormError):
            load_form(bad)


def test_the_engine_keeps_shared_names_apart():
    r = evaluate(SHARED, ANSWERS)
    assert r.values["head-name"] == "An" and r.values["spouse-name"] == "Bình"
    assert [m["member-name"] for m in r.values["member"]] == ["Cường", "Dung"]
    assert [m["member-age"] for m in r.values["member"]] == ["21", "11"]  # ${m_age} + 1, per instance
    assert [m.get("job") for m in r.values["member"]] == ["thợ", None]  # relevant per instance
    assert r.values["plot"] == [{"plot-name": "Ruộng", "plot-size-area": "1500"}]
    assert r.values["crop"] == [{"kind": "lúa", "farm-crop-size-area": "900"}, {}]  # not relevant: left out
    assert r.values["total"] == "20"
    assert "member[2].job" in r.hidden and "crop[2].farm-crop-size-area" in r.hidden
    assert r.issues == []
    # the spouse group's relevance hides both of its questions, not the head's of the same names
    r = evaluate(SHARED, {**ANSWERS, "n": "1"})
    assert {"spouse-name", "spouse-age"} <= set(r.hidden) and "head-name" not in r.hidden
    assert "spouse-name" not in r.values and r.values["head-name"] == "An"
    # constraints and required apply to the right question
    r = evaluate(SHARED, {**ANSWERS, "head-age": "130", "spouse-age": "115", "spouse-name": ""})
    assert kinds(r) == {("head-age", "constraint"), ("spouse-age", "constraint"), ("spouse-name", "required")}


def test_entry_by_path_changes_only_its_question():
    s = FormSession(form_md(SHARED), today="2025-11-20")
    s.load({})
    s.set_value("n", "3")
    s.set_value("head-name", "An")
    p, _ = s.add_repeat("member")
    assert p == "member[1]"
    s.set_value("member[1].member-name", "Cường")
    s.set_value("member[1].m_age", "30")
    assert s.value("member[1].member-age") == "31" and s.value("head-name") == "An"
    c, _ = s.add_repeat("crop")
    s.set_value(f"{c}.farm-crop-size-area", "12")
    assert s.is_relevant(f"{c}.farm-crop-size-area") is False
    s.set_value(f"{c}.kind", "chè")
    assert s.is_relevant(f"{c}.farm-crop-size-area") is True
    assert s.to_values()["crop"] == [{"kind": "chè", "farm-crop-size-area": "12"}]
    # an instance added to a repeat inside a group is in the group's element, as in the XForm
    xml = s.instance_xml("uuid:5b1a0b1e-0000-4000-8000-000000000003")
    assert check_instance(xml, s.form.xform) == []
    assert etree.fromstring(xml).findtext("farm/crop/size/area") == "12"


def test_a_count_over_a_repeat_in_a_group_follows_added_instances():
    s = FormSession(form_md("""
    | survey |
    | | type | name | label | calculation |
    | | begin group | land | Land | |
    | | begin repeat | parcel | Parcel | |
    | | decimal | area | Area | |
    | | end repeat | | | |
    | | end group | | | |
    | | calculate | parcels | | count(${parcel}) |
    """), today="2025-11-20")
    s.load({})
    s.add_repeat("parcel")
    s.add_repeat("parcel")
    assert s.value("parcels") == "2" and s.repeat_instances("parcel") == ["parcel[1]", "parcel[2]"]
    s.remove_repeat("parcel[1]")
    assert s.value("parcels") == "1"


def test_submission_xml_is_the_nested_instance_of_pyxforms_xform():
    f = form_md(SHARED)
    s = FormSession(f, today="2025-11-20")
    s.load(ANSWERS)
    xml = s.instance_xml("uuid:5b1a0b1e-0000-4000-8000-000000000001")
    assert check_instance(xml, f.xform) == []
    root = etree.fromstring(xml)
    assert root.findtext("head/name") == "An" and root.findtext("spouse/name") == "Bình"
    assert [m.findtext("name") for m in root.findall("member")] == ["Cường", "Dung"]
    assert [m.findtext("age") for m in root.findall("member")] == ["21", "11"]
    assert root.findtext("plot/size/area") == "1500"
    assert [c.findtext("size/area") for c in root.findall("farm/crop")] == ["900", ""]
    # no element is named by a key
    assert not [e.tag for e in root.iter() if "-" in str(e.tag)]


@pytest.mark.parametrize("file", ["enterprise_digital.xlsx", "household_digital.xlsx"])
def test_the_bundled_forms_keep_their_names_as_keys(file):
    from tests.forms.bundled import FORMS_DIR

    form = load_form(FORMS_DIR / file)
    assert [e.name for e in form.elements] == [e.tag for e in form.elements]
