"""External data (issue 12, "What to deliver" 3): choice lists and lookups from a form's attachments —
``select_one_from_file``/``select_multiple_from_file`` (CSV, XML, GeoJSON), ``select_one_external``
(``itemsets.csv`` or the ``external_choices`` sheet), ``pulldata()`` and ``instance('name')/root/item[...]``.
Forms are XLSForm markdown tables; the attachments are small files written by each test."""

from __future__ import annotations

import json

import pytest

from forms import ErrorCode, check_form, load_form
from forms.engine import FormSession, evaluate_answers
from tests.helpers import md

FRUITS = ("name,label,color,code,title\n"
          "apple,Apple,red,A1,Táo\n"
          "banana,Banana,yellow,B1,Chuối\n"
          "cherry,Cherry,red,C1,Anh đào\n").encode()
VEGS = (b"<root><item><name>kale</name><label>Kale</label><season>winter</season></item>"
        b"<item><name>leek</name><label>Leek</label><season>spring</season></item></root>")
SHOPS = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [105.85, 21.03]},
     "properties": {"id": "s1", "title": "Shop one", "kind": "market"}},
    {"type": "Feature", "id": "s2", "geometry": {"type": "Point", "coordinates": [106.7, 10.78]},
     "properties": {"title": "Shop two", "kind": "kiosk"}}]}).encode()

FORM = md("""
    | survey |
    | | type | name | label | choice_filter | parameters | calculation |
    | | select_one_from_file fruits.csv | fruit | Fruit | color = 'red' | | |
    | | select_multiple_from_file vegs.xml | veg | Vegetables | | | |
    | | select_one_from_file shops.geojson | shop | Shop | kind != 'kiosk' | | |
    | | select_one_from_file fruits.csv | code | Code | | value=code label=title | |
    | | calculate | color | | | | pulldata('fruits', 'color', 'name', ${fruit}) |
    | | calculate | season | | | | instance('vegs')/root/item[name=${veg}]/season |
    | | calculate | where | | | | instance('shops')/root/item[id=${shop}]/geometry |
    """)
FILES = {"fruits.csv": FRUITS, "vegs.xml": VEGS, "shops.geojson": SHOPS}


def names(session, path):
    return [c.name for c in session.choices(path)]


def test_choices_come_from_csv_xml_and_geojson_with_their_filters_and_parameters():
    form = load_form(FORM, attachments=FILES)
    assert form.needs == ("fruits.csv", "vegs.xml", "shops.geojson") and form.missing_attachments == ()
    s = FormSession(form)
    assert names(s, "fruit") == ["apple", "cherry"]  # choice_filter over the file's own column
    assert names(s, "veg") == ["kale", "leek"]
    assert names(s, "shop") == ["s1"]  # GeoJSON: value `id` (property or feature id), label `title`
    assert names(s, "code") == ["A1", "B1", "C1"]  # parameters value=code label=title
    assert form.choice_label(form["code"].list_name, "B1") == "Chuối"
    assert form.choice_label(form["fruit"].list_name, "cherry") == "Cherry"
    assert form.choice_label(form["shop"].list_name, "s1") == "Shop one"


def test_pulldata_and_instance_lookups_follow_the_answers():
    form = load_form(FORM, attachments=FILES)
    s = FormSession(form)
    s.set_value("fruit", "cherry")
    s.set_value("veg", "leek")
    s.set_value("shop", "s1")
    assert s.value("color") == "red" and s.value("season") == "spring"
    assert s.value("where") == "21.03 105.85 0 0"  # ODK's geopoint text: latitude first
    s.set_value("fruit", "apple")
    assert s.value("color") == "red"
    s.set_value("fruit", "")
    assert s.value("color") == ""  # no row for an empty key: empty, as ODK


def test_an_answer_outside_the_filtered_file_list_is_an_issue():
    form = load_form(FORM, attachments=FILES)
    result = evaluate_answers(form, {"fruit": "banana", "code": "B1"}, lang="en")
    assert [(i.path, i.message) for i in result.issues] == [("fruit", "The choice 'banana' is not in the list.")]


def test_a_form_whose_attachments_are_absent_loads_with_empty_lists_and_lists_them():
    form, problems = check_form(FORM)
    assert problems == [] and form is not None
    assert form.missing_attachments == ("fruits.csv", "vegs.xml", "shops.geojson")
    s = FormSession(form)
    assert names(s, "fruit") == [] and names(s, "veg") == []
    s.set_value("fruit", "cherry")
    assert s.value("color") == ""


def test_attachments_are_taken_from_the_form_s_folder(tmp_path):
    (tmp_path / "form.md").write_text(FORM, encoding="utf-8")
    (tmp_path / "fruits.csv").write_bytes(FRUITS)
    form = load_form(tmp_path / "form.md")
    assert form.missing_attachments == ("vegs.xml", "shops.geojson")
    assert dict(form.attachments) == {"fruits.csv": FRUITS}
    assert names(FormSession(form), "fruit") == ["apple", "cherry"]


def test_pulldata_alone_needs_its_csv_and_a_semicolon_csv_with_a_bom_is_read():
    text = md("""
        | survey |
        | | type | name | label | calculation |
        | | text | hh | Household | |
        | | calculate | head | | pulldata('households', 'head', 'hh_id', ${hh}) |
        """)
    data = "\ufeffhh_id;head\nH1;Nguyễn Văn A\nH2;Trần Thị B\n".encode()
    form = load_form(text, attachments={"households.csv": data})
    assert form.needs == ("households.csv",)
    s = FormSession(form)
    s.set_value("hh", "H2")
    assert s.value("head") == "Trần Thị B"


def test_select_one_external_reads_the_external_choices_sheet():
    rows = """
        | survey |
        | | type | name | label | choice_filter |
        | | select_one prov | prov | Province | |
        | | select_one_external commune | commune | Commune | prov=${prov} |
        | choices |
        | | list_name | name | label |
        | | prov | hn | Hà Nội |
        | | prov | hcm | TP HCM |
        """
    form = load_form(md(rows + """
        | external_choices |
        | | list_name | name | label | prov |
        | | commune | c1 | Phúc Xá | hn |
        | | commune | c2 | Bến Nghé | hcm |
        | | commune | c3 | Hàng Bài | hn |
        """))
    assert form.needs == ()  # pyxform writes itemsets.csv from the sheet: nothing to bring
    s = FormSession(form)
    s.set_value("prov", "hcm")
    assert names(s, "commune") == ["c2"]
    s.set_value("prov", "hn")
    assert names(s, "commune") == ["c1", "c3"]
    assert form.choice_label("commune", "c3") == "Hàng Bài"
    # without the sheet pyxform refuses the form, and so do we, with its message
    _form, problems = check_form(md(rows))
    assert len(problems) == 1 and "external_choices sheet" in problems[0].line("en")


def test_csv_external_and_xml_external_declare_instances():
    text = md("""
        | survey |
        | | type | name | label | calculation |
        | | csv-external | prices | | |
        | | xml-external | units | | |
        | | text | item | Item | |
        | | calculate | price | | instance('prices')/root/item[name=${item}]/price |
        | | calculate | n_units | | count(instance('units')/root/item) |
        """)
    form = load_form(text, attachments={"prices.csv": b"name,price\nrice,15000\n",
                                        "units.xml": b"<root><item><name>kg</name></item><item><name>l</name>"
                                                     b"</item></root>"})
    assert "prices" not in form and form.needs == ("prices.csv", "units.xml")
    s = FormSession(form)
    s.load({})
    s.set_value("item", "rice")
    assert s.value("price") == "15000" and s.value("n_units") == "2"


@pytest.mark.parametrize("file, data, detail", [
    ("fruits.csv", b"\xff\xfename\n", "not UTF-8 text"),
    ("vegs.xml", b"<root><item>", "not a valid XML file"),
    ("shops.geojson", b'{"type": "Feature"}', "a GeoJSON file must hold a FeatureCollection"),
])
def test_an_unreadable_attachment_is_one_message_naming_the_file(file, data, detail):
    _form, problems = check_form(FORM, attachments={**FILES, file: data})
    assert len(problems) == 1 and problems[0].code is ErrorCode.ATTACHMENT_UNREADABLE
    line = problems[0].line("en")
    assert f"attachment '{file}' cannot be read: {detail}" in line, line
    assert f"tệp đính kèm '{file}'" in problems[0].line("vi")
