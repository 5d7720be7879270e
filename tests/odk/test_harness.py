"""Tests of the ODK differential-testing harness itself (run_odk / odk_eval.mjs).

Needs node and ``tests/odk/install.sh``; without them the tests are skipped,
unless ODK_HARNESS_REQUIRED=1 is set, when they fail instead.
"""

from __future__ import annotations

import os

import pytest

from tests.odk import harness
from tests.odk.harness import OdkUnavailable, odk_available, run_odk, xlsform_md_to_xform

_required = os.environ.get("ODK_HARNESS_REQUIRED") == "1"

pytestmark = [
    pytest.mark.odk,
    pytest.mark.skipif(
        not odk_available() and not _required,
        reason="node or tests/odk/node_modules missing (run tests/odk/install.sh)",
    ),
]


def one(md: str, answers: dict, today: str | None = None) -> dict:
    (result,) = many(md, [answers], today)
    return result


def many(md: str, answers_list: list[dict], today: str | None = None) -> list[dict]:
    """All cases of one form in one node run (node start-up dominates the cost)."""
    results = run_odk(xlsform_md_to_xform(md), [{"answers": a} for a in answers_list], today=today)
    for r in results:
        assert r["error"] is None, r["error"]
    return results


RELEVANCE = """
| survey |
| | type | name | label | relevant |
| | integer | age | Age | |
| | text | job | Job | ${age} >= 15 |
| | begin group | g | G | ${age} >= 18 |
| | text | vote | Voted? | |
| | end group | | | |
"""


def test_relevance_hides_question_and_group_children():
    adult, child, teen = many(
        RELEVANCE,
        [{"age": 30, "job": "farmer", "vote": "yes"}, {"age": "10", "job": "x", "vote": "x"}, {"age": 16, "job": "student"}],
    )
    assert adult["values"] == {"age": "30", "job": "farmer", "vote": "yes"}
    assert adult["hidden"] == []

    # answers to questions not relevant when reached are not applied
    assert child["values"] == {"age": "10"}
    assert child["hidden"] == ["job", "vote"]

    assert teen["values"] == {"age": "16", "job": "student"}
    assert teen["hidden"] == ["vote"]


REPEAT_COUNT = """
| survey |
| | type | name | label | repeat_count | calculation |
| | integer | n | How many? | | |
| | begin repeat | member | Member | ${n} | |
| | text | name | Name | | |
| | integer | age | Age | | |
| | end repeat | | | | |
| | calculate | total_age | | | sum(${age}) |
"""


def test_repeat_count_creates_instances_from_count():
    r, r3, r2 = many(
        REPEAT_COUNT,
        [
            {"n": 2, "member": [{"name": "An", "age": 40}, {"name": "Binh", "age": "12"}]},
            {"n": 3, "member": [{"name": "An"}, {"name": "B"}, {"name": "C"}, {"name": "D"}]},
            {"n": 2, "member": [{"name": "An", "age": 3}]},
        ],
    )
    assert r["values"] == {
        "n": "2",
        "member": [{"name": "An", "age": "40"}, {"name": "Binh", "age": "12"}],
        "total_age": "52",
    }
    # answers beyond the count are ignored; missing ones leave instances empty
    assert [m["name"] for m in r3["values"]["member"]] == ["An", "B", "C"]
    assert r2["values"]["member"] == [{"name": "An", "age": "3"}, {"name": "", "age": ""}]


OPEN_REPEAT = """
| survey |
| | type | name | label | relevant |
| | begin repeat | plot | Plot | |
| | decimal | area | Area | |
| | text | crop | Crop | ${area} > 1 |
| | begin repeat | tree | Tree | |
| | text | kind | Kind | |
| | end repeat | | | |
| | end repeat | | | |
"""


def test_open_repeat_gets_exactly_the_given_instances_with_paths():
    r, empty = many(
        OPEN_REPEAT,
        [
            {
                "plot": [
                    {"area": 0.5, "crop": "rice", "tree": [{"kind": "a"}, {"kind": "b"}, {"kind": "c"}]},
                    {"area": "2.5", "crop": "corn"},
                ]
            },
            {"plot": []},
        ],
    )
    p1, p2 = r["values"]["plot"]
    assert p1 == {"area": "0.5", "tree": [{"kind": "a"}, {"kind": "b"}, {"kind": "c"}]}
    # absent nested repeat key: left as the engine made it; a repeat instance
    # added at run time gets no instance of its nested repeat
    assert p2 == {"area": "2.5", "crop": "corn", "tree": []}
    assert r["hidden"] == ["plot[1].crop"]

    assert empty["values"] == {"plot": []}


def test_nested_repeat_issue_paths():
    md = """
| survey |
| | type | name | label | required |
| | begin repeat | a | A | |
| | begin repeat | b | B | |
| | text | q | Q | yes |
| | end repeat | | | |
| | end repeat | | | |
"""
    r = one(md, {"a": [{"b": [{"q": "x"}]}, {"b": [{"q": "y"}, {"q": "z"}, {}]}]})
    assert r["issues"] == [{"path": "a[2].b[3].q", "kind": "required"}]


COUNT_CALC = """
| survey |
| | type | name | label | calculation |
| | begin repeat | hh | Person | |
| | text | nm | Name | |
| | end repeat | | | |
| | calculate | n_people | | count(${hh}) |
| | calculate | n_named | | count(${nm}[. != '']) |
"""


def test_calculate_count_over_repeat_nodes():
    r, none = many(COUNT_CALC, [{"hh": [{"nm": "a"}, {"nm": ""}, {"nm": "c"}]}, {"hh": []}])
    assert r["values"]["n_people"] == "3"
    assert r["values"]["n_named"] == "2"
    assert none["values"]["n_people"] == "0"


CONSTRAINT = """
| survey |
| | type | name | label | constraint | required |
| | integer | a | A | . >= 0 and . <= 120 | |
| | text | phone | Phone | regex(., '^0[0-9]{9}$') | |
| | date | d | Date | . <= today() | |
"""


def test_constraint_violation():
    cases = [
        {"answers": {"a": 150, "phone": "0912345678", "d": "2025-07-01"}},
        {"answers": {"a": 20, "phone": "12345", "d": "2025-07-20"}},
        {"answers": {"a": 20, "phone": "0912345678", "d": "2025-07-15"}},
    ]
    r = run_odk(xlsform_md_to_xform(CONSTRAINT), cases, today="2025-07-15")
    assert [c["issues"] for c in r] == [
        [{"path": "a", "kind": "constraint"}],
        [{"path": "phone", "kind": "constraint"}, {"path": "d", "kind": "constraint"}],
        [],
    ]


def test_required_violation():
    md = """
| survey |
| | type | name | label | required | relevant |
| | text | a | A | yes | |
| | integer | b | B | true() | ${a} = 'x' |
| | select_one yn | c | C | yes | |
| choices |
| | list_name | name | label |
| | yn | y | Yes |
| | yn | n | No |
"""
    blank, b_missing, full = many(md, [{}, {"a": "x", "c": "n"}, {"a": "x", "b": 0, "c": "n"}])
    assert blank["issues"] == [{"path": "a", "kind": "required"}, {"path": "c", "kind": "required"}]
    assert blank["hidden"] == ["b"]
    assert b_missing["issues"] == [{"path": "b", "kind": "required"}]
    assert full["issues"] == []


SELECTS = """
| survey |
| | type | name | label | calculation |
| | select_multiple fruit | likes | Likes | |
| | calculate | n | | count-selected(${likes}) |
| | calculate | has_mango | | selected(${likes}, 'mango') |
| choices |
| | list_name | name | label |
| | fruit | apple | Apple |
| | fruit | mango | Mango |
| | fruit | kiwi | Kiwi |
"""


def test_select_multiple_string_or_list():
    r, as_list, unknown = many(SELECTS, [{"likes": "kiwi mango"}, {"likes": ["apple"]}, {"likes": "apple durian"}])
    # the engine stores selections in choice order
    assert r["values"] == {"likes": "mango kiwi", "n": "2", "has_mango": "true"}
    assert as_list["values"] == {"likes": "apple", "n": "1", "has_mango": "false"}
    # a name that is not a choice is dropped by the engine
    assert unknown["values"]["likes"] == "apple"


CHOICE_FILTER = """
| survey |
| | type | name | label | choice_filter |
| | select_one province | prov | Province | |
| | select_one district | dist | District | prov = ${prov} |
| choices |
| | list_name | name | label | prov |
| | province | hn | Ha Noi | |
| | province | hcm | Ho Chi Minh | |
| | district | bd | Ba Dinh | hn |
| | district | hk | Hoan Kiem | hn |
| | district | q1 | Quan 1 | hcm |
"""


def test_choice_filter():
    xform = xlsform_md_to_xform(CHOICE_FILTER)
    r = run_odk(
        xform,
        [
            {"answers": {"prov": "hn", "dist": "hk"}},
            {"answers": {"prov": "hcm", "dist": "hk"}},  # hk not offered for hcm
            {"answers": {"prov": "hcm", "dist": "q1"}},
        ],
    )
    assert [c["values"] for c in r] == [
        {"prov": "hn", "dist": "hk"},
        {"prov": "hcm", "dist": ""},
        {"prov": "hcm", "dist": "q1"},
    ]


def test_today_is_fixed():
    md = """
| survey |
| | type | name | label | calculation |
| | calculate | t | | today() |
| | calculate | y | | format-date(today(), '%Y-%m-%d') |
"""
    r = one(md, {}, today="2024-02-29")
    assert r["values"]["y"] == "2024-02-29"
    assert r["values"]["t"].startswith("2024-02-29")


def test_bad_cases_report_errors_without_failing_the_batch():
    xform = xlsform_md_to_xform(RELEVANCE)
    r = run_odk(xform, [{"answers": {"nope": 1}}, {"answers": {"age": 20}}])
    assert "nope" in r[0]["error"]
    assert r[1]["error"] is None and r[1]["values"]["age"] == "20"


def test_unloadable_form_reports_error_per_case():
    r = run_odk("<not-an-xform/>", [{"answers": {}}, {"answers": {}}])
    assert len(r) == 2 and all(c["error"] for c in r)


def test_missing_node_modules_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(harness, "ENGINE_PACKAGE", tmp_path / "nothing" / "package.json")
    assert harness.odk_available() is False
    with pytest.raises(OdkUnavailable, match="install.sh"):
        run_odk("<x/>", [])


def test_a_batch_of_200_cases_in_one_run():
    xform = xlsform_md_to_xform(REPEAT_COUNT)
    cases = [
        {"answers": {"n": i % 5, "member": [{"name": f"p{j}", "age": j + i} for j in range(i % 5)]}}
        for i in range(200)
    ]
    r = run_odk(xform, cases)
    assert len(r) == 200 and all(c["error"] is None for c in r)
    assert r[7]["values"]["total_age"] == str(sum(j + 7 for j in range(2)))


def test_run_odk_many_shares_one_process_and_keeps_today_per_document():
    md = """
| survey |
| | type | name | label | calculation |
| | calculate | t | | format-date(today(), '%Y-%m-%d') |
"""
    xform = xlsform_md_to_xform(md)
    out = harness.run_odk_many([(xform, [{"answers": {}}], "2024-01-31"), (xform, [{"answers": {}}] * 2, "2025-12-01")])
    assert [[c["values"]["t"] for c in doc] for doc in out] == [["2024-01-31"], ["2025-12-01", "2025-12-01"]]
