"""Loading XLSForms: supported types and columns, and row-precise messages for broken forms."""

import pytest

from forms import ErrorCode, FormError, check_form, load_form
from tests.helpers import form_md, md

ALL_TYPES = """
| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | hint::Tiếng Việt (vi) | hint::English (en) | appearance | indicator | calculation |
| | start | start | | | | | | | |
| | today | today | | | | | | | |
| | deviceid | deviceid | | | | | | | |
| | begin group | g1 | Nhóm 1 | Group 1 | | | field-list | | |
| | text | t | Tên | Name | Gợi ý | Hint | | ITU HH7 | |
| | integer | i | Số | Number | | | | | |
| | decimal | d | Thập phân | Decimal | | | | | |
| | select_one yn | s1 | Chọn một | One | | | minimal | | |
| | select_multiple yn | sm | Chọn nhiều | Many | | | | | |
| | select_one yn or_other | so | Khác | Other | | | | | |
| | date | dt | Ngày | Date | | | | | |
| | datetime | dtt | Thời điểm | Date-time | | | | | |
| | note | n | Ghi chú | Note | | | | | |
| | acknowledge | ack | Xác nhận | Acknowledge | | | | | |
| | geopoint | gp | Tọa độ | Location | | | | | |
| | calculate | c | | | | | | | 1 + 1 |
| | end group | | | | | | | | |
| | begin repeat | r | Lặp | Repeat | | | | | |
| | text | rt | Trong lặp | In repeat | | | | | |
| | end repeat | | | | | | | | |
| choices |
| | list_name | name | label::Tiếng Việt (vi) | label::English (en) |
| | yn | 1 | Có | Yes |
| | yn | 0 | Không | No |
| settings |
| | form_id | version | default_language | form_title |
| | all_types | 2025.1 | Tiếng Việt (vi) | Mọi kiểu |
"""


def test_every_supported_type_loads_with_labels_hints_and_extra_columns():
    form = load_form(md(ALL_TYPES))
    assert form.form_id == "all_types" and form.version == "2025.1" and form.title == "Mọi kiểu"
    assert form.languages == ("Tiếng Việt (vi)", "English (en)")
    assert form.default_language == "Tiếng Việt (vi)"
    types = {e.name: e.type for e in form.elements}
    assert types["t"] == "text" and types["i"] == "integer" and types["d"] == "decimal"
    assert types["s1"] == "select_one" and types["sm"] == "select_multiple"
    assert types["dt"] == "date" and types["dtt"] == "datetime" and types["n"] == "note"
    assert types["ack"] == "acknowledge" and types["gp"] == "geopoint" and types["c"] == "calculate"
    assert types["g1"] == "group" and types["r"] == "repeat" and types["start"] == "start"
    assert form["t"].labels["English (en)"] == "Name" and form.label("t", "vi") == "Tên"
    assert form.text(form["t"].hints, "en") == "Hint"
    assert form["t"].indicator == "ITU HH7"
    assert form["g1"].appearance == "field-list" and form["s1"].appearance == "minimal"
    assert form["so"].or_other and "so_other" in form
    assert [c.name for c in form.choices["yn"]][:2] == ["1", "0"]
    assert form.choice_label("yn", "1", "en") == "Yes"
    assert form["rt"].repeats == ("r",) and form["rt"].xpath == "/data/r/rt"
    assert form["t"].row == 6


def _problems(text):
    form, problems = check_form(md(text))
    assert form is None
    return problems


def test_unsupported_type_names_sheet_and_row_and_lists_supported_types():
    (p,) = _problems("""
        | survey |
        | | type | name | label |
        | | integer | a | A |
        | | photograph | photo | Ảnh |
        """)
    assert p.code is ErrorCode.TYPE_UNSUPPORTED and (p.sheet, p.row) == ("survey", 3)
    assert "photograph" in p.message("vi") and "không được hỗ trợ" in p.message("vi")
    assert "select_one" in p.message("en")
    assert p.line("en").startswith("survey:3: ")


@pytest.mark.parametrize("text, code, row", [
    ("| survey |\n| | type | name | label |\n| | integer | | A |\n", ErrorCode.NAME_MISSING, 2),
    ("| survey |\n| | type | name | label |\n| | integer | 1a | A |\n", ErrorCode.NAME_INVALID, 2),
    ("| survey |\n| | type | name | label |\n| | integer | a | A |\n| | text | a | B |\n", ErrorCode.NAME_DUPLICATE, 3),
    ("| survey |\n| | type | name | label |\n| | begin group | g | G |\n| | integer | a | A |\n",
     ErrorCode.GROUP_UNCLOSED, 2),
    ("| survey |\n| | type | name | label |\n| | integer | a | A |\n| | end group | | |\n", ErrorCode.GROUP_UNMATCHED, 3),
    ("| survey |\n| | type | name | label |\n| | select_one nolist | a | A |\n", ErrorCode.CHOICES_MISSING, 2),
    ("| survey |\n| | type | name | label | relevant |\n| | integer | a | A | ${zz} > 1 |\n",
     ErrorCode.EXPR_UNKNOWN_REF, 2),
    ("| survey |\n| | type | name | label | constraint |\n| | integer | a | A | frobnicate(.) |\n",
     ErrorCode.EXPR_UNKNOWN_FUNCTION, 2),
    ("| survey |\n| | type | name | label | constraint |\n| | integer | a | A | . >= (1 |\n", ErrorCode.EXPR_SYNTAX, 2),
    ("| survey |\n| | type | name | label | calculation |\n| | calculate | c | | |\n", ErrorCode.CALCULATE_EMPTY, 2),
    ("| survey |\n| | type | name | label | warning_message |\n| | integer | a | A | Lạ |\n",
     ErrorCode.WARNING_MESSAGE_ONLY, 2),
    ("| survey |\n| | type | name | label | warning |\n| | integer | a | A | . < |\n", ErrorCode.EXPR_SYNTAX, 2),
])
def test_broken_forms_report_code_and_row(text, code, row):
    problems = _problems(text)
    assert (problems[0].code, problems[0].row) == (code, row), [p.line("en") for p in problems]
    assert problems[0].message("vi") and problems[0].message("en")


def test_all_problems_are_reported_at_once():
    problems = _problems("""
        | survey |
        | | type | name | label | relevant | appearance |
        | | text | p | P | | search('x') |
        | | integer | a | A | ${b} > 1 | |
        | | integer | a | A2 | | |
        """)
    # the refused feature (the search() appearance) first, then the problems in row order, expressions last
    assert [p.code for p in problems] == [ErrorCode.FEATURE_NOT_ON_LAPTOP, ErrorCode.NAME_DUPLICATE,
                                          ErrorCode.EXPR_UNKNOWN_REF]
    assert [p.row for p in problems] == [2, 4, 3]


def test_cycle_in_calculations_is_a_form_error_naming_the_rows():
    problems = _problems("""
        | survey |
        | | type | name | label | calculation | relevant |
        | | calculate | a | | ${b} + 1 | |
        | | calculate | b | | ${c} + 1 | |
        | | calculate | c | | ${a} + 1 | |
        | | integer | d | D | | ${d2} > 1 |
        | | integer | d2 | D2 | | ${d} > 1 |
        """)
    assert problems[0].code is ErrorCode.CYCLE
    msg = problems[0].message("en")
    assert "a (2)" in msg and "b (3)" in msg and "c (4)" in msg


def test_relevance_cycle_is_reported():
    problems = _problems("""
        | survey |
        | | type | name | label | relevant |
        | | integer | d | D | ${d2} > 1 |
        | | integer | d2 | D2 | ${d} > 1 |
        """)
    assert problems[0].code is ErrorCode.CYCLE and problems[0].row == 2


def test_pyxform_errors_are_passed_on_with_their_sheet_and_row():
    problems = _problems("""
        | survey |
        | | type | name | label |
        | | select_one yn | a | A |
        | choices |
        | | list_name | name | label |
        | | yn | 1 | Có |
        | | yn | 1 | Không |
        """)
    assert problems[0].code is ErrorCode.PYXFORM
    assert problems[0].line("en").startswith("choices:3: ") and "unique" in problems[0].message("en")


def test_unreadable_file_and_wrong_type(tmp_path):
    bad = tmp_path / "form.xlsx"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(FormError) as e:
        load_form(bad)
    assert e.value.problems[0].code is ErrorCode.READ_FAILED
    other = tmp_path / "form.docx"
    other.write_bytes(b"x")
    with pytest.raises(FormError) as e:
        load_form(other)
    assert e.value.problems[0].code is ErrorCode.FILE_TYPE
    with pytest.raises(FormError) as e:
        load_form(tmp_path / "missing.xlsx")
    assert e.value.problems[0].code is ErrorCode.READ_FAILED


def test_xlsx_round_trip(tmp_path):
    from pyxform.xls2json_backends import md_table_to_workbook

    wb = md_table_to_workbook(md("""
        | survey |
        | | type | name | label::Tiếng Việt (vi) | label::English (en) | constraint | warning | warning_message::Tiếng Việt (vi) |
        | | integer | n | Số người | People | . >= 1 | . <= 15 | Hộ đông người bất thường |
        | settings |
        | | form_id | version |
        | | x | 3 |
        """))
    path = tmp_path / "x.xlsx"
    wb.save(path)
    form = load_form(path)
    assert form.form_id == "x" and form.version == "3" and form.file_type == ".xlsx"
    assert form.source == path.read_bytes()
    assert form.text(form["n"].warning_message, "vi") == "Hộ đông người bất thường"
    assert form["n"].binds.warning.source == ". <= 15"


def test_expansion_matches_pyxform_xform_binds():
    """Our compiled expressions read the same paths as the binds in pyxform's XForm."""
    from lxml import etree

    form = form_md("""
        | survey |
        | | type | name | label | relevant | constraint | calculation | repeat_count |
        | | integer | n | N | | . > 0 | | |
        | | begin repeat | p | P | | | | ${n} |
        | | integer | age | Age | ${n} > 1 | . < 120 | | |
        | | select_one yn | net | Net | ${age} >= 5 | | | |
        | | end repeat | | | | | | |
        | | calculate | users | | | | count(${net}[. = '1']) | |
        | choices |
        | | list_name | name | label |
        | | yn | 1 | Có |
        """)
    x = etree.fromstring(form.xform.encode())
    ns = {"x": "http://www.w3.org/2002/xforms"}
    binds = {b.get("nodeset"): b for b in x.iterfind(".//x:bind", ns)}

    def norm(s):
        import re

        # top-level questions are bound as variables $v-<name> (forms/compile.py); put the paths back
        s = re.sub(r"\$v-([\w.\-]+)", lambda m: form[m.group(1)].xpath, s)
        return "".join(s.split())

    assert norm(binds["/data/p/net"].get("relevant")) == norm(form["net"].binds.relevant.xpath)
    assert norm(binds["/data/p/age"].get("relevant")) == norm(form["age"].binds.relevant.xpath)
    assert norm(binds["/data/users"].get("calculate")) == norm(form["users"].binds.calculation.xpath)


def test_dependencies_and_order():
    form = form_md("""
        | survey |
        | | type | name | label | calculation | relevant |
        | | integer | a | A | | |
        | | calculate | b | | ${a} * 2 | |
        | | calculate | c | | ${b} + 1 | |
        | | integer | d | D | | ${c} > 3 |
        """)
    assert dict(form.dependents["a"]) == {"b": 0}
    assert dict(form.dependents["b"]) == {"c": 0}
    assert dict(form.dependents["c"]) == {"d": 0}
    assert form.order["a"] < form.order["b"] < form.order["c"] < form.order["d"]


# ---------------------------------------------------------------------- expressions too deep to read


def _calc_form(expr: str) -> str:
    return ("| survey |\n| | type | name | label | calculation |\n| | integer | a | A | |\n"
            f"| | calculate | c | | {expr} |\n")


@pytest.mark.parametrize("expr, detail", [
    ("(" * 100 + "${a}" + ")" * 100, "nested more than 32 levels"),
    ("-" * 1000 + "${a}", "nested more than 32 levels"),
    ("concat(" * 60 + "${a}" + ")" * 60, "nested more than 32 levels"),
    (" + ".join(["${a}"] * 500), "more than 150 operations"),
    (" + ".join(["${a}"] * 1000), "more than 150 operations"),
    (" and ".join(["${a} > 1"] * 400), "more than 150 operations"),
])
def test_an_expression_too_deep_is_a_clear_problem_not_a_crash(expr, detail):
    """Issue 16 #5: 100 nested brackets or a 1,000-term sum raised RecursionError (exit 3, or Python's
    'maximum recursion depth exceeded' as the message): now a syntax problem naming sheet, row and column."""
    problems = _problems(_calc_form(expr))
    assert [(p.code, p.sheet, p.row) for p in problems] == [(ErrorCode.EXPR_SYNTAX, "survey", 3)]
    en, vi = problems[0].message("en"), problems[0].message("vi")
    assert detail in en and "calculation" in en and "recursion" not in en
    assert "calculation" in vi and ("lồng nhau quá 32 cấp" in vi or "quá 150 phép toán" in vi)
    with pytest.raises(FormError):
        load_form(_calc_form(expr))


def test_expressions_within_the_bounds_still_load_and_evaluate():
    from forms.engine import FormSession

    for expr in ("(" * 32 + "${a}" + ")" * 32, " + ".join(["${a}"] * 150)):
        s = FormSession(load_form(_calc_form(expr)))
        s.load({"a": "2"})
        assert s.to_values()["c"] in ("2", "300")
