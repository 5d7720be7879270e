"""forms/indicators.toml: the report indicators (§8) and the C-DAI (§9) as data."""

from __future__ import annotations

import math
import re
import tomllib

import pytest

from forms.build_forms import FORMS_DIR

from .bundled import FORM_IDS, load, refs
from .odk_xpath import evaluate

DATA = tomllib.loads((FORMS_DIR / "indicators.toml").read_text(encoding="utf-8"))
INDICATORS = DATA["indicator"]
BY_CODE = {i["code"]: i for i in INDICATORS}

#: Every code of questionnaires.md §8 (E28 is ours, added for the §9.2 "management software" item).
SECTION_8 = [f"E{n:02d}" for n in range(1, 28)] + ["E08s"] + [f"H{n:02d}" for n in range(1, 29)]

KINDS = {"share", "ratio", "sum", "mean", "difference"}
MEASURES = {"percent", "percentage points", "number", "households", "million VND", "thousand VND"}
REQUIRED_KEYS = {
    "code",
    "form",
    "unit",
    "kind",
    "measure",
    "label_vi",
    "label_en",
    "group",
    "group_vi",
    "group_en",
    "standard",
    "min_denominator",
}

# The expression language the report evaluator accepts.
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{[A-Za-z_][\w]*\})
      | (?P<str>'[^']*')
      | (?P<num>\d+(?:\.\d+)?)
      | (?P<func>(?:selected|count-selected|coalesce|not|true)\()
      | (?P<op><=|>=|!=|=|<|>|\+|-|\*|\bdiv\b|\band\b|\bor\b)
      | (?P<punct>[(),])
    )""",
    re.VERBOSE,
)


def tokens_ok(expr: str) -> bool:
    pos = 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            return expr[pos:].strip() == ""
        pos = m.end()
    return True


def matches_code(code: str, entry_code: str) -> bool:
    return entry_code == code or re.fullmatch(re.escape(code) + r"([a-z]|\.[\w]+)", entry_code) is not None


def repeat_fields(form_id: str) -> set[str]:
    return {r.name for r in load(form_id).rows if r.repeat and r.name and r.type != "end repeat"}


def test_loads_and_has_every_section_8_code():
    assert DATA["schema_version"] == 1
    codes = [i["code"] for i in INDICATORS]
    assert len(codes) == len(set(codes)), "duplicate codes"
    for code in SECTION_8:
        assert any(matches_code(code, c) for c in codes), f"{code} missing"


@pytest.mark.parametrize("entry", INDICATORS, ids=lambda i: i["code"])
def test_entry_is_well_formed(entry):
    assert REQUIRED_KEYS <= entry.keys()
    assert entry["form"] in FORM_IDS
    assert entry["kind"] in KINDS and entry["measure"] in MEASURES
    assert entry["unit"] in {"record", "member"}
    if entry["unit"] == "member":
        assert entry["form"] == "household_digital"
    assert entry["min_denominator"] == 10
    assert entry["label_vi"].strip() and entry["label_en"].strip()
    assert entry["code"][0] == ("E" if entry["form"] == "enterprise_digital" else "H")
    if "target" in entry:
        assert 0 < entry["target"] <= 100 and entry["target_source"].strip() and entry["target_year"] >= 2020
    if entry["kind"] == "difference":
        assert "numerator" not in entry and len(entry["terms"]) == 2
        for term in entry["terms"]:
            assert BY_CODE[term]["kind"] == "share" and BY_CODE[term]["form"] == entry["form"]
        return
    for key in ("numerator", "denominator"):
        assert tokens_ok(entry[key]), f"{key} uses more than the allowed expression language: {entry[key]}"


@pytest.mark.parametrize(
    "entry", [i for i in INDICATORS if i["kind"] != "difference"], ids=lambda i: i["code"]
)
def test_references_exist_in_the_form(entry):
    form = load(entry["form"])
    in_repeat = repeat_fields(entry["form"])
    for key in ("numerator", "denominator"):
        for name in refs(entry[key]):
            assert name in form.names, f"{entry['code']}.{key}: ${{{name}}} not in {entry['form']}"
            if entry["unit"] == "record":
                assert name not in in_repeat, (
                    f"{entry['code']}: record-level indicator uses roster field {name}"
                )
        # codes compared with or selected from a select field must be choices of its list
        for name, code in re.findall(r"selected\(\$\{(\w+)\},\s*'([^']*)'\)", entry[key]) + re.findall(
            r"\$\{(\w+)\}\s*!?=\s*'([^']*)'", entry[key]
        ):
            row = form.row(name)
            if row.list_name:
                assert code in {c["name"] for c in form.choices[row.list_name]}, (entry["code"], name, code)


@pytest.mark.parametrize(
    "entry", [i for i in INDICATORS if i["kind"] != "difference"], ids=lambda i: i["code"]
)
def test_expressions_evaluate_on_an_empty_record(entry):
    """Valid XPath, and an empty (non-consenting) record falls outside every denominator."""
    names = refs(entry["numerator"]) | refs(entry["denominator"])
    values = {n: "" for n in names}
    den = evaluate(entry["denominator"], values)
    num = evaluate(entry["numerator"], values)
    if entry["kind"] in {"share", "sum", "mean"}:
        assert den is False
    else:  # ratio: an empty record adds nothing
        assert den == 0 and num == 0
    assert not (isinstance(num, float) and math.isnan(num) and entry["kind"] == "ratio")


def test_form_indicator_column_codes_exist():
    for form_id in FORM_IDS:
        for r in load(form_id).rows:
            for token in re.split(r";\s*", r.get("indicator")):
                if re.fullmatch(r"[EH]\d{2}\w*", token):
                    assert any(matches_code(token, c) or c == token for c in BY_CODE), (
                        form_id,
                        r.name,
                        token,
                    )


def test_every_indicator_is_served_by_a_question():
    """Each §8 code appears in the `indicator` column of a question it is computed from."""
    tokens = set()
    for form_id in FORM_IDS:
        for r in load(form_id).rows:
            tokens |= set(re.split(r";\s*", r.get("indicator")))
    for code in SECTION_8 + ["E28"]:
        assert any(t == code or matches_code(code, t) for t in tokens), code


def test_pillars():
    pillars = DATA["pillar"]
    assert [p["code"] for p in pillars] == ["P1", "P2", "P3", "P4"]
    assert math.isclose(sum(p["weight"] for p in pillars), 1.0)
    used = []
    for p in pillars:
        assert p["label_vi"] and p["label_en"]
        assert set(p["upper"]) == set(p["indicators"]) == set(p["lower"])
        for code in p["indicators"]:
            assert code in BY_CODE, code
            assert BY_CODE[code]["measure"] == "percent", code
            assert p["lower"][code] < p["upper"][code] <= 100
        used += p["indicators"]
    assert len(used) == len(set(used)), "an indicator is in two pillars or twice in one"
    assert DATA["pillar"][1]["upper"]["E10"] == 20
    for p in pillars[:3]:
        assert all(c.startswith("E") for c in p["indicators"])
    assert all(c.startswith("H") for c in pillars[3]["indicators"])
