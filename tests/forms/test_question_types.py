"""Every question type and alias pyxform 4.5 knows, read as pyxform reads the rows (issue 12 items 1, 3
and 4), each written as an XLSForm markdown table: what loads, with which meaning and values, and what is
refused with one message naming the feature and its rows."""

from __future__ import annotations

import pytest
from lxml import etree

from forms import ErrorCode, check_form, load_form
from forms.engine import FormSession, evaluate_answers
from tests.helpers import form_md, md

YN = """
| choices |
| | list_name | name | label |
| | yn | yes | Có |
| | yn | no | Không |
| | yn | dk | Không biết |
"""

# every type word of pyxform's QUESTION_TYPE_DICT (pyxform 4.5) -> the engine's type, or the feature refused
TYPE_WORDS = {
    "acknowledge": "acknowledge", "add acknowledge prompt": "acknowledge", "q acknowledge": "acknowledge",
    "trigger": "acknowledge",
    "audit": "audit", "background-audio": "background-audio", "background-geopoint": "background-geopoint",
    "start-geopoint": "start-geopoint",
    "add barcode prompt": "barcode", "barcode": "barcode", "q barcode": "barcode",
    "add calculate prompt": "calculate", "calculate": "calculate", "q calculate": "calculate",
    "add date prompt": "date", "date": "date", "q date": "date",
    "add date time prompt": "datetime", "add dateTime prompt": "datetime", "date time": "datetime",
    "dateTime": "datetime", "datetime": "datetime", "q date time": "datetime", "q dateTime": "datetime",
    "add decimal prompt": "decimal", "decimal": "decimal", "q decimal": "decimal",
    "device id": "deviceid", "deviceid": "deviceid", "get device id": "deviceid", "imei": "deviceid",
    "uri:deviceid": "deviceid",
    "email": "email", "uri:email": "email",
    "end": "end", "end time": "end", "get end time": "end",
    "start": "start", "start time": "start", "get start time": "start",
    "today": "today", "get today": "today",
    "username": "username", "uri:username": "username",
    "phonenumber": "phonenumber", "get phone number": "phonenumber", "uri:phonenumber": "phonenumber",
    "simserial": "simserial", "get sim id": "simserial", "sim id": "simserial", "uri:simserial": "simserial",
    "subscriberid": "subscriberid", "get subscriber id": "subscriberid", "subscriber id": "subscriberid",
    "uri:subscriberid": "subscriberid",
    "add location prompt": "geopoint", "geopoint": "geopoint", "gps": "geopoint", "location": "geopoint",
    "q geopoint": "geopoint", "q location": "geopoint",
    "geoshape": "geoshape", "q geoshape": "geoshape", "geotrace": "geotrace", "q geotrace": "geotrace",
    "hidden": "hidden",
    "add integer prompt": "integer", "int": "integer", "integer": "integer", "q int": "integer",
    "number of days in last month": "integer", "number of days in last six months": "integer",
    "number of days in last year": "integer", "percentage": "integer",
    "add note prompt": "note", "note": "note", "q note": "note",
    "range": "range", "time": "time",
    "add text prompt": "text", "phone number": "text", "q string": "text", "string": "text", "text": "text",
    # media: the answer is the attached file's name (by the upload control's media type)
    "add audio prompt": "audio", "add file prompt": "file", "add image prompt": "image",
    "add video prompt": "video", "audio": "audio", "file": "file", "image": "image", "photo": "image",
    "q audio": "audio", "q image": "image", "q picture": "image", "q video": "video", "video": "video",
    # an instance read from the attachment NAME.csv / NAME.xml: no question of the record
    "csv-external": "instance", "xml-external": "instance",
    # an OpenStreetMap file (.osm, exported by JOSM or OpenMapKit): a media question on a laptop
    "osm": "osm",
}


def test_the_table_covers_every_type_word_pyxform_knows():
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    # the select words take a list name after them (below); "select one external/using" and
    # "select all that apply from" read as a select of a list named external/using/from, as in pyxform
    selects = {"add select multiple prompt using", "add select one prompt using", "q select", "q select1", "rank",
               "select all that apply", "select multiple from", "select multiple using", "select one",
               "select one external", "select one using", "select all that apply from"}
    assert set(QUESTION_TYPE_DICT) - selects == set(TYPE_WORDS)


@pytest.mark.parametrize("word", sorted(TYPE_WORDS))
def test_every_type_word_loads_with_its_meaning(word):
    name = "audit" if word == "audit" else "q"
    calc = "1 + 1" if "calculate" in word else ""
    trigger = "${n}" if word == "background-geopoint" else ""
    text = md(f"""
        | survey |
        | | type | name | label | calculation | trigger |
        | | integer | n | N | | |
        | | {word} | {name} | Q | {calc} | {trigger} |
        """)
    form, problems = check_form(text)
    want = TYPE_WORDS[word]
    if want == "instance":
        assert problems == [], [p.line("en") for p in problems]
        assert name not in form and form.needs == (f"{name}.{word.split('-')[0]}",)
        assert form.missing_attachments == form.needs
    else:
        assert problems == [], [p.line("en") for p in problems]
        assert form[name].type == want


@pytest.mark.parametrize("type_column, want, or_other", [
    ("select one from yn", "select_one", False),
    ("select all that apply from yn", "select_multiple", False),
    ("select one from yn or specify other", "select_one", True),
    ("select all that apply from yn or specify other", "select_multiple", True),
    ("select one yn or other", "select_one", True),
    ("select_one yn or_other", "select_one", True),
    ("select1 yn", "select_one", False),
    ("add select one prompt using yn", "select_one", False),
    ("add select multiple prompt using yn", "select_multiple", False),
    ("select all that apply yn", "select_multiple", False),
    ("rank yn", "rank", False),
])
def test_legacy_select_syntax_as_pyxform_accepts_it(type_column, want, or_other):
    form = form_md(f"| survey |\n| | type | name | label |\n| | {type_column} | q | Q |\n" + YN)
    q = form["q"]
    assert (q.type, q.list_name, q.or_other) == (want, "yn", or_other)
    assert ("q_other" in form) is or_other
    if or_other:
        assert [c.name for c in form.choices["yn"]][-1] == "other"


def test_a_select_without_its_list_says_so():
    form, problems = check_form(md("| survey |\n| | type | name | label |\n| | select one | q | Q |\n"))
    assert [(p.code, p.row) for p in problems] == [(ErrorCode.CHOICE_LIST_NAME, 2)]


# ------------------------------------------------------------------ values, as ODK stores and checks them

VALUES = md("""
    | survey |
    | | type | name | label | parameters | default |
    | | time | t | T | | |
    | | dateTime | dt | DT | | |
    | | range | r | R | start=0 end=10 step=2 | |
    | | range | rd | RD | start=1 end=0 step=0.25 | |
    | | rank yn | rk | RK | | |
    | | geotrace | gt | GT | | |
    | | geoshape | gs | GS | | |
    | | gps | gp | GP | | |
    | | barcode | bc | BC | | |
    | | trigger | tr | TR | | |
    | | hidden | h | | | B7 |
    | | phone number | ph | Phone | | |
    | | image | img | Photo | | |
    | | file | doc | File | | |
""") + YN


def _issues(answers):
    return {i.path: i.message for i in evaluate_answers(load_form(VALUES), answers, lang="en").issues}


@pytest.mark.parametrize("name, good, bad", [
    ("t", ["14:30:00", "14:30:00.000+07:00", "23:59:59.5Z", "00:00:00-03:30"],
     ["14:30", "9:30:00", "24:00:00", "14:60:00", "14:30:00+15:00", "half past two"]),
    ("r", ["0", "4", "10", "7"], ["12", "-2", "2.5", "abc"]),  # between start and end; a whole number
    ("rd", ["0", "0.25", "1", "0.3"], ["1.25", "-0.25", "x"]),  # start > end is a reversed scale
    ("rk", ["yes no dk", "dk yes no"], ["yes no", "yes no dk dk", "yes no maybe"]),  # every choice, once
    ("gt", ["21.02 105.85 0 0;21.03 105.86 0 0", "21.02 105.85; 21.03 105.86",
            "21.02 105.85;21.03 105.86;21.02 105.85"],
     ["21.02 105.85", "21.02 105.85;91 105", "a b;c d"]),
    ("gs", ["21.02 105.85;21.03 105.86;21.04 105.85;21.02 105.85"],
     ["21.02 105.85;21.03 105.86;21.04 105.85", "21.02 105.85;21.03 105.86;21.02 105.85"]),
    ("gp", ["21.0285 105.8542", "21.0285 105.8542 12 5", "-90 180 0 0"], ["91 105", "21 181", "21", "21 105 0 -1"]),
    ("tr", ["OK"], ["yes"]),
    # a media answer is the attached file's name, as ODK stores it
    ("img", ["1712345678901.jpg", "chu ky.png", "ảnh.JPG"], ["C:\\anh\\a.jpg", "/tmp/a.jpg", "../a.jpg", "..", "a\nb"]),
    ("doc", ["hop-dong.pdf"], ["thu-muc/hop-dong.pdf"]),
])
def test_values_are_checked_as_odk_stores_them(name, good, bad):
    for v in good:
        assert name not in _issues({name: v}), (name, v)
    for v in bad:
        assert name in _issues({name: v}), (name, v)


def test_media_questions_load_with_their_appearance_and_their_message():
    form = load_form(md("""
        | survey |
        | | type | name | label | appearance |
        | | image | sig | Chữ ký | signature |
        | | photo | draw | Hình vẽ | draw |
        | | image | ann | Ghi chú ảnh | annotate |
        | | audio | rec | Ghi âm | |
        | | video | vid | Video | |
        """))
    assert [(e.name, e.type, e.appearance) for e in form.elements if e.name in ("sig", "draw", "ann", "rec", "vid")] \
        == [("sig", "image", "signature"), ("draw", "image", "draw"), ("ann", "image", "annotate"),
            ("rec", "audio", ""), ("vid", "video", "")]
    assert form.xform.count('type="binary"') == 5  # as pyxform writes media questions in the XForm
    assert _issues({"img": "a/b.jpg"}) == {"img": "The answer is the name of an attached file (no folder), e.g. "
                                                  "1712345678901.jpg: attach the file again."}


def test_the_messages_say_what_a_valid_value_is():
    got = _issues({"t": "9:30", "r": "11", "rd": "2", "rk": "yes", "gt": "1 2", "gs": "1 2;3 4;1 2", "gp": "95 5"})
    assert got == {
        "t": "Not a valid time: use hours:minutes:seconds, e.g. 14:30:00 or 14:30:00.000+07:00.",
        "r": "Enter a whole number from 0 to 10.",
        "rd": "Enter a number from 0 to 1.",
        "rk": "Put every choice in order, each exactly once.",
        "gt": "Not a valid line: enter at least 2 points 'latitude longitude' separated by semicolons, "
              "e.g. 21.02 105.85; 21.03 105.86.",
        "gs": "Not a valid shape: enter at least 3 different points 'latitude longitude' separated by "
              "semicolons, the last one equal to the first, e.g. 21.02 105.85; 21.03 105.86; 21.04 105.85; "
              "21.02 105.85.",
        "gp": "Not valid coordinates: enter the latitude (−90 to 90) and the longitude (−180 to 180), "
              "e.g. 21.0285 105.8542 (altitude and accuracy may follow).",
    }


def test_hidden_barcode_phone_number_and_a_rank_keep_their_order():
    form = load_form(VALUES)
    assert not form["h"].is_input and form["h"].is_question and form["bc"].is_input
    s = FormSession(form)
    s.start()
    assert s.value("h") == "B7"  # a hidden field keeps its default
    s.set_value("rk", "dk  yes no")
    assert s.value("rk") == "dk yes no"  # not sorted into the list's order, as a select_multiple is
    s.set_value("ph", "09x")  # pyxform's 'phone number': numbers only
    assert [i.kind for i in s.issues_at("ph")] == ["constraint"]
    s.set_value("ph", "0912345678")
    assert s.issues_at("ph") == ()


def test_a_label_shows_a_rank_as_its_choices_in_order():
    form = form_md("""
        | survey |
        | | type | name | label |
        | | rank yn | rk | Order |
        | | note | n | You put ${rk} |
        """ + YN)
    s = FormSession(form)
    s.load({"rk": "dk no yes"})
    assert s.label("n") == "You put Không biết, Không, Có"


def test_range_parameters_are_validated_by_pyxform_with_the_row():
    _form, problems = check_form(md("""
        | survey |
        | | type | name | label | parameters |
        | | integer | a | A | |
        | | range | r | R | start=0 end=10 step=0 |
        """))
    assert [(p.code, p.sheet, p.row) for p in problems] == [(ErrorCode.PYXFORM, "survey", 3)]
    assert "step" in problems[0].message("en")


def test_metadata_types_are_not_asked_and_do_not_count_as_questions():
    form = form_md("""
        | survey |
        | | type | name | label | trigger |
        | | gps | where | Where | |
        | | start-geopoint | sg | | |
        | | background-geopoint | bg | | ${where} |
        | | email | em | | |
        | | phonenumber | pn | | |
        | | username | un | | |
        | | simserial | ss | | |
        | | subscriberid | si | | |
        | | background-audio | ba | | |
        | | audit | | | |
        | | uri:deviceid | dev | | |
        """)
    meta = [e for e in form.elements if e.name not in ("where", "meta", "instanceID")]
    assert [e.type for e in meta] == ["start-geopoint", "background-geopoint", "email", "phonenumber", "username",
                                      "simserial", "subscriberid", "background-audio", "deviceid", "audit"]
    assert not any(e.is_input or e.is_question for e in meta)
    assert form.summary()["questions"] == 1 and form["audit"].parent == "meta"


# ------------------------------------------------------------------ begin loop: pyxform's expansion

LOOP = md("""
    | survey |
    | | type | name | label |
    | | begin loop over toilet | toilets | Toilets |
    | | integer | number | How many %(label)s? |
    | | text | note_txt | About %(label)s |
    | | end loop | | |
    | choices |
    | | list_name | name | label |
    | | toilet | pit | pit latrines |
    | | toilet | flush | flush toilets |
""")


def test_a_loop_is_pyxforms_groups_one_per_choice_with_keys_from_the_loop_down():
    form = load_form(LOOP)
    names = [e.name for e in form.elements if e.name not in ("meta", "instanceID")]
    assert names == ["toilets", "toilets-pit", "toilets-pit-number", "toilets-pit-note_txt", "toilets-flush",
                     "toilets-flush-number", "toilets-flush-note_txt"]
    e = form["toilets-flush-number"]
    assert (e.type, e.xpath, e.tag, e.parent) == ("integer", "/data/toilets/flush/number", "number", "toilets-flush")
    assert form.label("toilets-flush-number") == "How many flush toilets?"  # pyxform fills %(label)s
    assert form["toilets"].type == "group" and form["toilets-pit"].labels == {"default": "pit latrines"}
    s = FormSession(form)
    s.load({"toilets-pit-number": "2", "toilets-flush-number": "1"})
    assert s.to_values() == {"toilets-pit-number": "2", "toilets-flush-number": "1"}
    # the instance is shaped as pyxform's XForm (ODK gets the same XML)
    xform = etree.fromstring(form.xform.encode())
    ns = {"x": "http://www.w3.org/2002/xforms"}
    model_instance = xform.find(".//x:instance/x:data", ns)
    want = [el.tag.split("}")[1] for el in model_instance.iter() if el is not model_instance]
    got = [el.tag for el in etree.fromstring(s.instance_xml()).iter()][1:]
    assert got == want and "number" in got


def test_a_loop_over_a_missing_list_names_the_row():
    _form, problems = check_form(md("""
        | survey |
        | | type | name | label |
        | | begin loop over nolist | l | L |
        | | integer | n | N |
        | | end loop | | |
        """))
    assert [(p.code, p.row) for p in problems] == [(ErrorCode.CHOICES_MISSING, 2)]


# ------------------------------------------------------------------ rows read as pyxform reads them

def test_curly_quotes_in_expressions_are_read_as_pyxform_reads_them():
    form = form_md("""
        | survey |
        | | type | name | label | relevant | constraint |
        | | select_one yn | q | Q | | |
        | | text | why | Why? | ${q} = ’yes' | . != “x” |
        """ + YN)
    assert form["why"].binds.relevant.source == "${q} = 'yes'"
    s = FormSession(form)
    s.load({"q": "yes", "why": "x"})
    assert s.is_relevant("why") and [i.kind for i in s.issues_at("why")] == ["constraint"]


def test_sheet_names_and_headers_in_capitals():
    form = form_md("""
        | SURVEY |
        | | TYPE | NAME | LABEL::EN | RELEVANT |
        | | select_one c1 | q1 | Are you good? | |
        | | text | q2 | Why? | ${q1} = 'n1' |
        | CHOICES |
        | | LIST_NAME | NAME | LABEL::EN |
        | | c1 | n1 | One |
        | | c1 | n2 | Two |
        | SETTINGS |
        | | FORM_TITLE | FORM_ID | INSTANCE_NAME |
        | | Yes or no | YesNo | concat('r-', ${q1}) |
        """)
    assert form.form_id == "YesNo" and form["q1"].list_name == "c1"
    assert form["q2"].binds.relevant is not None and form.instance_name.source == "concat('r-', ${q1})"


def test_nameless_notes_comment_rows_and_extra_columns_and_sheets():
    form = form_md("""
        | survey |
        | | type | name | label | comment | bind:relevant |
        | | note | | Welcome | for the translators | |
        | | | | | only a comment | |
        | | integer | a | A | | |
        | | text | b | B | | ${a} > 1 |
        | | integer | c | C | | |
        | notes |
        | | anything |
        | | at all |
        """)
    assert form["generated_note_name_2"].type == "note" and form["generated_note_name_2"].row == 2
    assert [e.name for e in form.elements][:4] == ["generated_note_name_2", "a", "b", "c"]
    assert form["b"].binds.relevant.source == "${a} > 1"  # the old single-colon header
    assert form["a"].row == 4  # the comment row keeps its place in the row numbers
    assert dict(form["generated_note_name_2"].extra) == {"comment": "for the translators"}  # an extra column


def test_a_row_with_a_label_but_no_type_is_a_problem_as_in_pyxform():
    _form, problems = check_form(md("""
        | survey |
        | | type | name | label |
        | | | | Lost label |
        | | integer | a | A |
        """))
    assert [(p.code, p.row) for p in problems] == [(ErrorCode.TYPE_MISSING, 2)]


def test_disabled_rows_are_left_out_as_pyxform_does():
    form = form_md("""
        | survey |
        | | type | name | label | disabled |
        | | integer | a | A | |
        | | imagine | b | B | yes |
        """)
    assert "b" not in form and "a" in form


# ------------------------------------------------------------------ messages (issue 12 "Misleading messages")

def test_one_message_per_refused_feature_naming_its_rows_and_no_follow_on_errors():
    _form, problems = check_form(md("""
        | survey |
        | | type | name | label | relevant | calculation | appearance |
        | | image | photo | Photo | | | |
        | | text | why | Why no photo? | ${photo} = '' | | |
        | | audio | rec | Recording | ${photo} != '' | | |
        | | select_one_from_file villages.csv | village | Village | | | |
        | | calculate | size | | | pulldata('plots', 'size', 'id', ${village}) | |
        | | osm | building | Building | | | |
        | | select_one yn | fruit | Fruit | | | search('fruits') |
        | | select_one yn | veg | Vegetable | | | search('veg') |
        | | text | sig | Signature | | | |
        """ + YN))
    lines = [p.line("en") for p in problems]
    # search() on rows 8 and 9: one message; nothing about ${photo}; media (osm too) and external data load
    assert len(lines) == 1, lines
    assert lines[0].startswith("survey:8: The search() appearance") and \
        "row 8 'fruit': appearance search('fruits'); row 9 'veg': appearance search('veg')" in lines[0]
    assert not any("village" in line or "pulldata" in line or "photo" in line for line in lines)
    vi = problems[0].line("vi")
    assert vi.startswith("survey:8: Giao diện search()") and "dòng 8 'fruit'" in vi
    assert "không dùng được trên máy tính xách tay" in vi


def test_a_bad_instance_name_names_the_settings_sheet_column_and_row():
    _form, problems = check_form(md("""
        | survey |
        | | type | name | label |
        | | text | a | A |
        | settings |
        | | form_id | instance_name |
        | | f | concat(${a}, '- |
        """))
    (p,) = problems
    assert p.line("en").startswith("settings:2: The expression in column 'instance_name' cannot be read")
    assert "«…cat( /data/a , '-»" in p.message("en") and "calculation" not in p.message("en")


def test_an_instance_name_naming_no_question_loads_empty_with_a_warning_on_the_settings_sheet():
    """pyxform's bug_example_xls__xl_date_ambiguous_v1: instance_name = XLDateAmbiguous-v1 is an XPath
    path to a node the form does not have; ODK reads it as empty, and so does the application, saying so."""
    text = md("""
        | survey |
        | | type | name | label |
        | | text | a | A |
        | settings |
        | | form_id | instance_name |
        | | f | XLDateAmbiguous-v1 |
        """)
    form, problems = check_form(text)
    assert problems == [] and form is not None
    (n,) = form.notices
    assert n.line("en").startswith("settings:2: Column 'instance_name' holds 'XLDateAmbiguous-v1': that is no "
                                   "question's name") and "each record's name will be empty" in n.message("en")
    assert "Write a fixed name in quotes (e.g. 'XLDateAmbiguous-v1')" in n.message("en")
    assert n.line("vi").startswith("settings:2: Cột 'instance_name' ghi 'XLDateAmbiguous-v1'")
    s = FormSession(form)
    s.start()
    s.set_value("a", "Nguyễn")
    assert s.evaluate(form.instance_name) == "" and s.value("instanceName") == ""
    # a path inside a larger expression naming no question is still refused: only a bare path is ODK's empty
    _form, problems = check_form(text.replace("| f | XLDateAmbiguous-v1 |", "| f | concat(${a}, nothing) |"))
    assert len(problems) == 1 and problems[0].sheet == "settings"


def test_engine_messages_follow_the_language_asked_for_even_without_english_labels():
    form = form_md("""
        | survey |
        | | type | name | label | required |
        | | integer | n | Số người | yes |
        | | time | t | Giờ | |
        """)
    en = {i.path: i.message for i in evaluate_answers(form, {"t": "x"}, lang="en").issues}
    assert en == {"n": "This question is required.",
                  "t": "Not a valid time: use hours:minutes:seconds, e.g. 14:30:00 or 14:30:00.000+07:00."}
    vi = {i.path: i.message for i in evaluate_answers(form, {"t": "x"}).issues}
    assert vi["n"] == "Câu hỏi này bắt buộc phải trả lời."


def test_library_warnings_go_to_the_log_not_the_problems(tmp_path, caplog):
    import logging
    import warnings

    path = _workbook_with_a_broken_sheet_entry(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning escaping the loader would fail the test
        with caplog.at_level(logging.INFO, logger="khaosat.forms"):
            form = load_form(path)
    assert form["a"].type == "integer"
    assert any("UserWarning" in r.getMessage() and "invalid specification" in r.getMessage() for r in caplog.records)


def _workbook_with_a_broken_sheet_entry(tmp_path):
    """An .xlsx that makes openpyxl warn (a sheet entry without its relation, as old Excel files have)."""
    import zipfile

    from pyxform.xls2json_backends import md_table_to_workbook

    good = tmp_path / "good.xlsx"
    md_table_to_workbook(md("| survey |\n| | type | name | label |\n| | integer | a | A |\n")).save(good)
    bad = tmp_path / "warns.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", b'<sheet name="old" sheetId="9"/></sheets>')
            zout.writestr(item, data)
    return bad
