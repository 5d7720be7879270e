"""The loader's contract with pyxform: what ``forms/loader.py`` takes from it, pinned.

``_convert`` runs pyxform's public conversion functions one by one (as ``pyxform.xls2xform.convert``
does), and ``_survey_nodes`` is the one place that reads the elements of the survey pyxform builds
(attributes pyxform does not document). Both were checked against pyxform 4.5.0. If a pyxform
upgrade moves any of it, these tests say what moved and where to fix it, instead of forms that
quietly lose their labels, binds or choice filters.
"""

from __future__ import annotations

import inspect

import pytest
import pyxform
from pyxform.xls2json_backends import get_xlsform
from pyxform.xls2xform import convert

from forms import load_form, loader
from tests.helpers import md

from .bundled import FORM_IDS, load

CHECKED_WITH = "4.5.0"

FORM = md("""
| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | hint::Tiếng Việt (vi) | appearance | indicator | relevant | required | required_message::Tiếng Việt (vi) | constraint | constraint_message::English (en) | read_only | default | trigger | parameters | calculation | choice_filter | warning | warning_message::Tiếng Việt (vi) | repeat_count |
| | begin group | g | Nhóm | Group | | field-list | | | | | | | | | | | | | | | |
| | integer | n | Số | Number | Gợi ý | | ITU HH1 | | yes | Cần trả lời | . >= 0 | At least 0 | | 2 | | | | | . < 50 | Nhiều quá | |
| | select_one yn | s | Chọn | Pick | | minimal | | ${n} > 0 | | | | | | | | | | region = 'n' | | | |
| | select_multiple yn | m | Nhiều | Many | | | | | | | | | | | | randomize=true | | | | | |
| | text | stamp | Dấu | Stamp | | | | | | | | | yes | | ${n} | | string-length(${n}) | | | | |
| | date | d | Ngày | Date | | | | | | | | | | today() | | | | | | | |
| | end group | | | | | | | | | | | | | | | | | | | | |
| | begin repeat | r | Lặp | Repeat | | | | | | | | | | | | | | | | | ${n} |
| | text | rt | T | T | | | | | | | | | | | | | | | | | |
| | end repeat | | | | | | | | | | | | | | | | | | | | |
| choices |
| | list_name | name | label::Tiếng Việt (vi) | label::English (en) | region |
| | yn | 1 | Có | Yes | n |
| | yn | 0 | Không | No | s |
| settings |
| | form_id | version | form_title | default_language | instance_name |
| | api | 7 | Biểu | Tiếng Việt (vi) | concat('a', ${n}) |
""")


def _moved(what: str, where: str, got, want) -> str:
    return (f"pyxform {pyxform.__version__}: {what} changed (got {got!r}, expected {want!r}). "
            f"forms/loader.py {where} was checked against pyxform {CHECKED_WITH}: "
            "adapt it to the new pyxform before upgrading.")


@pytest.mark.parametrize("source", ["markdown", *FORM_IDS])
def test_the_step_by_step_conversion_makes_the_xform_convert_makes(source):
    path_or_text = FORM if source == "markdown" else str(load(source).path)
    warnings: list[str] = []
    want = convert(xlsform=path_or_text, warnings=warnings)
    form = load_form(FORM if source == "markdown" else load(source).path)
    if form.xform != want.xform:
        at = next((i for i, (a, b) in enumerate(zip(form.xform, want.xform, strict=False)) if a != b),
                  min(len(form.xform), len(want.xform)))
        pytest.fail(_moved("the XForm of pyxform.xls2xform.convert", "_convert (workbook_to_json, "
                           "create_survey_element_from_dict, Survey.to_xml)",
                           form.xform[max(0, at - 40):at + 40], want.xform[max(0, at - 40):at + 40]))
    assert list(form.warnings) == warnings, _moved(
        "the warnings of convert", "_convert", list(form.warnings), warnings)


def test_the_public_functions_keep_the_parameters_the_loader_passes():
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.survey import Survey
    from pyxform.utils import default_is_dynamic
    from pyxform.xls2json import workbook_to_json

    used = {
        workbook_to_json: {"workbook_dict", "fallback_form_name", "warnings"},
        create_survey_element_from_dict: {"d"},
        Survey.to_xml: {"validate", "pretty_print", "warnings", "enketo"},
        Survey.insert_xpaths: {"text", "context", "use_current"},
        default_is_dynamic: {"element_default", "element_type"},
    }
    for fn, names in used.items():
        params = set(inspect.signature(fn).parameters)
        assert names <= params, _moved(f"the parameters of {fn.__qualname__}", "_convert / _survey_nodes",
                                       sorted(params), sorted(names))


def test_survey_nodes_read_every_field_the_loader_uses():
    conv = loader._convert(get_xlsform(FORM, file_type=".md"), "api.md")
    nodes = {n.name: n for n in loader._survey_nodes(conv.survey)}
    where = "_survey_nodes"
    order = ["g", "n", "s", "m", "stamp", "d", "r", "rt", "meta", "instanceID", "instanceName"]
    assert list(nodes) == order, _moved("Survey.iter_descendants() (document order)", where, list(nodes), order)
    vi_en = {"Tiếng Việt (vi)": "Số", "English (en)": "Number"}
    checks = [
        # (what pyxform keeps it in, node, field of _Node, expected)
        ("SurveyElement.type", "s", "type", "select one"),
        ("SurveyElement.type", "d", "type", "date"),
        ("SurveyElement.type", "r", "type", "repeat"),
        ("SurveyElement.get_xpath()", "rt", "xpath", "/data/r/rt"),
        ("SurveyElement.parent", "n", "parent", "g"),
        ("SurveyElement.parent", "g", "parent", None),
        ("SurveyElement.parent (repeats)", "rt", "repeats", ("r",)),
        ("SurveyElement.label", "n", "label", vi_en),
        ("Question.hint", "n", "hint", {"Tiếng Việt (vi)": "Gợi ý"}),
        ("SurveyElement.extra_data (unknown columns)", "n", "extra",
         {"indicator": "ITU HH1", "warning": ". < 50", "warning_message": {"Tiếng Việt (vi)": "Nhiều quá"}}),
        ("Question.control['appearance']", "s", "control", {"tag": "select1", "appearance": "minimal"}),
        ("Section.control['appearance']", "g", "control", {"appearance": "field-list"}),
        ("Section.control['jr:count']", "r", "control", {"jr:count": "${n}"}),
        ("Question.bind['relevant']", "s", "bind", {"type": "string", "relevant": "${n} > 0"}),
        ("Question.bind (required, constraint and their messages)", "n", "bind", {
            "type": "int", "required": "yes", "jr:requiredMsg": {"Tiếng Việt (vi)": "Cần trả lời"},
            "constraint": ". >= 0", "jr:constraintMsg": {"English (en)": "At least 0"}}),
        ("Question.bind (readonly, calculate)", "stamp", "bind",
         {"type": "string", "readonly": "yes", "calculate": "string-length(${n})"}),
        ("MultipleChoiceQuestion.itemset / list_name", "s", "list_name", "yn"),
        ("MultipleChoiceQuestion.choice_filter", "s", "choice_filter", "region = 'n'"),
        ("Question.parameters", "m", "parameters", {"randomize": "true"}),
        ("Question.trigger", "stamp", "trigger", ("n",)),
        ("Question.default", "n", "default", "2"),
        ("pyxform.utils.default_is_dynamic", "n", "default_is_dynamic", False),
        ("Question.default", "d", "default", "today()"),
        ("pyxform.utils.default_is_dynamic", "d", "default_is_dynamic", True),
    ]
    for what, name, field, want in checks:
        got = getattr(nodes[name], field)
        assert got == want, _moved(f"{what} of '{name}'", where, got, want)

    json_form = conv.json_form
    for key, want in [("id_string", "api"), ("version", "7"), ("title", "Biểu"),
                      ("default_language", "Tiếng Việt (vi)")]:
        got = json_form.get(key)
        assert got == want, _moved(f"the JSON form's {key!r}", "_build", got, want)
    yn = [(c.get("name"), c.get("label"), c.get("region"))
          for c in json_form.get("choices", {}).get("yn", [])]
    want_yn = [("1", {"Tiếng Việt (vi)": "Có", "English (en)": "Yes"}, "n"),
               ("0", {"Tiếng Việt (vi)": "Không", "English (en)": "No"}, "s")]
    assert yn == want_yn, _moved("the JSON form's choices", "_choices", yn, want_yn)
    assert conv.survey.name == "data" and conv.survey.get_xpath() == "/data", \
        _moved("Survey.name / get_xpath()", "_build", (conv.survey.name, conv.survey.get_xpath()), "/data")


def test_the_fields_arrive_in_the_form_definition():
    """The same form end to end: what _survey_nodes read is what the engine gets."""
    form = load_form(FORM)
    assert form.form_id == "api" and form.version == "7" and form.title == "Biểu"
    assert dict(form["n"].labels) == {"Tiếng Việt (vi)": "Số", "English (en)": "Number"}
    assert form["n"].indicator == "ITU HH1" and form["n"].default == "2"
    assert form["n"].binds.required.source == "true()" and form["n"].binds.warning.source == ". < 50"
    assert dict(form["n"].warning_message) == {"Tiếng Việt (vi)": "Nhiều quá"}
    assert "warning" not in form["n"].extra and "warning_message" not in form["n"].extra
    assert form["s"].list_name == "yn" and form["s"].appearance == "minimal"
    assert form["s"].binds.choice_filter.xpath == "instance('yn')/root/item[region = 'n']"
    assert dict(form["m"].parameters) == {"randomize": "true"}
    assert form["stamp"].trigger == ("n",) and form["stamp"].binds.read_only.source == "true()"
    assert form["d"].default is None and form["d"].binds.default.source == "today()"
    assert form["r"].binds.repeat_count.source == "${n}" and form["r"].children == ("rt",)
    assert form["g"].children == ("n", "s", "m", "stamp", "d") and form["rt"].repeats == ("r",)
    assert form.instance_name is not None and form.instance_name.source == "concat('a', ${n})"
    assert form.triggered == {"n": ("stamp",)}


def test_survey_nodes_read_the_list_of_a_select_from_a_file_and_of_select_one_external():
    text = md("""
        | survey |
        | | type | name | label | parameters | choice_filter |
        | | select_one_from_file fruits.csv | f | F | value=code label=title | |
        | | select_one_external city | c | C | | region = 'n' |
        | external_choices |
        | | list_name | name | label | region |
        | | city | hn | Hà Nội | n |
        """)
    conv = loader._convert(get_xlsform(text, file_type=".md"), "ext.md")
    nodes = {n.name: n for n in loader._survey_nodes(conv.survey)}
    for what, name, field, want in [
            ("MultipleChoiceQuestion.itemset (a file)", "f", "list_name", "fruits.csv"),
            ("Question.parameters (value=, label=)", "f", "parameters", {"value": "code", "label": "title"}),
            ("Question.type of select_one_external", "c", "type", "select one external"),
            ("Question.query (select_one_external)", "c", "list_name", "city")]:
        got = getattr(nodes[name], field)
        assert got == want, _moved(f"{what} of '{name}'", "_survey_nodes / _external", got, want)
