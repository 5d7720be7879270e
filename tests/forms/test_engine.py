"""The engine: relevance, calculations, constraints, required, warnings, repeats, choice filters."""

import pytest

from forms.engine import FormSession
from tests.helpers import evaluate, form_md, kinds, session

YN = """
| choices |
| | list_name | name | label::Tiếng Việt (vi) | label::English (en) |
| | yn | 1 | Có | Yes |
| | yn | 0 | Không | No |
"""


def test_relevance_hides_and_required_applies_only_when_relevant():
    form = """
    | survey |
    | | type | name | label | relevant | required |
    | | select_one yn | sells | Bán online? | | yes |
    | | integer | pct | % | ${sells} = '1' | yes |
    """ + YN
    r = evaluate(form, {"sells": "0", "pct": "40"})
    assert r.hidden == ["pct"] and r.issues == [] and r.values == {"sells": "0"}
    r = evaluate(form, {"sells": "1"})
    assert r.hidden == [] and kinds(r) == {("pct", "required")}
    r = evaluate(form, {})
    assert kinds(r) == {("sells", "required")}


def test_constraint_messages_in_both_languages_and_default_message():
    form = """
    | survey |
    | | type | name | label | constraint | constraint_message::Tiếng Việt (vi) | constraint_message::English (en) |
    | | integer | a | A | . <= 100 | Tối đa 100 | At most 100 |
    | | integer | b | B | . > 0 | | |
    """
    r = evaluate(form, {"a": "101", "b": "0"})
    msgs = {i.path: i.message for i in r.issues}
    assert msgs["a"] == "Tối đa 100" and msgs["b"] == "Giá trị không hợp lệ."
    r = evaluate(form, {"a": "101", "b": "0"}, lang="en")
    msgs = {i.path: i.message for i in r.issues}
    assert msgs["a"] == "At most 100" and msgs["b"] == "The value is not valid."


def test_required_message_and_expression_required():
    form = """
    | survey |
    | | type | name | label | required | required_message::Tiếng Việt (vi) |
    | | integer | n | N | | |
    | | text | who | Ai | ${n} > 2 | Cần tên khi hộ trên 2 người |
    """
    assert evaluate(form, {"n": "2"}).issues == []
    (i,) = evaluate(form, {"n": "3"}).issues
    assert (i.path, i.kind, i.message) == ("who", "required", "Cần tên khi hộ trên 2 người")


def test_constraint_is_not_checked_on_an_empty_answer():
    form = """
    | survey |
    | | type | name | label | constraint |
    | | integer | a | A | . > 5 |
    """
    assert evaluate(form, {}).issues == []


def test_soft_warning_fires_and_justification_closes_it():
    form = """
    | survey |
    | | type | name | label | constraint | warning | warning_message::Tiếng Việt (vi) | warning_message::English (en) |
    | | integer | hh_size | Số người | . >= 1 and . <= 30 | . <= 15 | Hộ trên 15 người: hãy xác nhận | More than 15: confirm |
    """
    r = evaluate(form, {"hh_size": "18"})
    (i,) = r.issues
    assert (i.path, i.kind, i.message) == ("hh_size", "warning", "Hộ trên 15 người: hãy xác nhận")
    assert evaluate(form, {"hh_size": "12"}).issues == []
    assert kinds(evaluate(form, {"hh_size": "31"})) == {("hh_size", "constraint")}  # hard check wins
    s = session(form, {"hh_size": "18"})
    s.justify("hh_size", "Hộ có 3 thế hệ, đã hỏi lại")
    assert s.issues() == []
    assert s.issues(include_justified=True)[0].justification == "Hộ có 3 thế hệ, đã hỏi lại"
    s.set_value("hh_size", "19")  # a new value needs a new confirmation
    assert [i.kind for i in s.issues()] == ["warning"]


def test_calculations_cascade_and_update_incrementally():
    form = """
    | survey |
    | | type | name | label | calculation | relevant |
    | | decimal | revenue | Doanh thu | | |
    | | integer | pct | % | | |
    | | calculate | online | | ${revenue} * ${pct} div 100 | |
    | | calculate | big | | if(${online} > 1000, 'lon', 'nho') | |
    | | note | n_big | Lớn | | ${big} = 'lon' |
    """
    s = session(form, {"revenue": "5000", "pct": "10"})
    assert s.value("online") == "500" and s.value("big") == "nho" and not s.is_relevant("n_big")
    ch = s.set_value("pct", "40")
    assert s.value("online") == "2000" and s.value("big") == "lon" and s.is_relevant("n_big")
    assert {"online", "big"} <= ch.values and "n_big" in ch.relevance


def test_empty_values_behave_as_in_odk():
    form = """
    | survey |
    | | type | name | label | calculation |
    | | integer | a | A | |
    | | calculate | gt | | if(${a} > 3, 'yes', 'no') |
    | | calculate | eq0 | | if(${a} = 0, 'yes', 'no') |
    | | calculate | ne0 | | if(${a} != 0, 'yes', 'no') |
    | | calculate | empty | | if(${a} = '', 'yes', 'no') |
    | | calculate | plus | | ${a} + 1 |
    """
    v = evaluate(form, {}).values
    assert (v["gt"], v["eq0"], v["ne0"], v["empty"]) == ("no", "no", "yes", "yes")
    assert "plus" not in v  # NaN is an empty answer, never an exception


def test_non_relevant_answers_are_kept_but_read_as_blank():
    form = """
    | survey |
    | | type | name | label | relevant | calculation |
    | | select_one yn | has | Có? | | |
    | | integer | n | N | ${has} = '1' | |
    | | calculate | dbl | | | ${n} * 2 |
    """ + YN
    s = session(form, {"has": "1", "n": "4"})
    assert s.value("dbl") == "8"
    s.set_value("has", "0")
    assert s.value("n") == "4" and s.effective_value("n") == "" and s.to_values() == {"has": "0"}
    assert s.to_answers()["n"] == "4"  # nothing typed is lost
    s.set_value("has", "1")
    assert s.effective_value("n") == "4" and s.value("dbl") == "8"


def test_group_relevance_hides_children():
    form = """
    | survey |
    | | type | name | label | relevant | required |
    | | select_one yn | consent | Đồng ý? | | yes |
    | | begin group | main | Chính | ${consent} = '1' | |
    | | text | name | Tên | | yes |
    | | begin group | inner | Trong | | |
    | | integer | x | X | | yes |
    | | end group | | | | |
    | | end group | | | | |
    """ + YN
    r = evaluate(form, {"consent": "0"})
    assert r.hidden == ["name", "x"] and r.issues == []
    r = evaluate(form, {"consent": "1"})
    assert kinds(r) == {("name", "required"), ("x", "required")}


def test_repeat_count_relative_references_and_counts():
    form = """
    | survey |
    | | type | name | label | relevant | constraint | calculation | repeat_count | required |
    | | integer | n | Số người | | . >= 1 | | | yes |
    | | begin repeat | p | Người | | | | ${n} | |
    | | integer | age | Tuổi | | . <= 120 | | | yes |
    | | select_one yn | net | Internet? | ${age} >= 5 | | | | yes |
    | | end repeat | | | | | | | |
    | | calculate | users | | | | count(${net}[. = '1']) | | |
    | | calculate | total_age | | | | sum(${age}) | | |
    """ + YN
    r = evaluate(form, {"n": "3", "p": [{"age": "30", "net": "1"}, {"age": "2"}, {"age": "40", "net": "0"}]})
    assert r.values["users"] == "1" and r.values["total_age"] == "72"
    assert r.hidden == ["p[2].net"] and r.issues == []
    s = session(form, {"n": "3", "p": [{"age": "30", "net": "1"}, {"age": "2"}, {"age": "40", "net": "0"}]})
    ch = s.set_value("p[2].age", "20")
    assert s.is_relevant("p[2].net") and "p[2].net" in ch.relevance and "p[1].net" not in ch.relevance
    assert [i.path for i in s.issues()] == ["p[2].net"]
    ch = s.set_value("n", "2")  # the count shrinks: the third member goes to the stash
    assert ch.structure and s.repeat_instances("p") == ["p[1]", "p[2]"] and s.value("total_age") == "50"
    s.set_value("n", "3")  # and comes back with its answers
    assert s.value("p[3].age") == "40" and s.value("total_age") == "90"


def test_open_repeat_add_and_remove_keep_order_and_recount():
    form = """
    | survey |
    | | type | name | label | calculation | constraint |
    | | begin repeat | m | Thành viên | | |
    | | text | m_name | Tên | | |
    | | integer | line | Dòng | position(..) | |
    | | select_one rel | m_rel | Quan hệ | | if(position(..) = 1, . = '1', . != '1') |
    | | end repeat | | | | |
    | | calculate | nm | | count(${m_name}) | |
    | choices |
    | | list_name | name | label |
    | | rel | 1 | Chủ hộ |
    | | rel | 2 | Vợ/chồng |
    | | rel | 3 | Con |
    """
    s = session(form, {"m": [{"m_name": "An", "m_rel": "1"}, {"m_name": "Bình", "m_rel": "2"}]})
    assert s.value("m[2].line") == "2" and s.value("nm") == "2" and s.issues() == []
    path, _ = s.add_repeat("m")
    assert path == "m[3]" and s.value("m[3].line") == "3" and s.value("nm") == "3"  # count() counts nodes
    s.set_value("m[3].m_name", "Chi")
    s.set_value("m[3].m_rel", "3")
    s.remove_repeat("m[1]")
    assert s.value("m[1].m_name") == "Bình" and s.value("m[1].line") == "1" and s.value("nm") == "2"
    # the head must be on line 1: the former spouse is now on line 1 with relation 2
    assert [(i.path, i.kind) for i in s.issues()] == [("m[1].m_rel", "constraint")]


def test_nested_repeats_and_indexed_repeat():
    form = """
    | survey |
    | | type | name | label | calculation | repeat_count |
    | | begin repeat | hh | Hộ | | |
    | | integer | k | Số con | | |
    | | begin repeat | kid | Con | | ${k} |
    | | integer | kage | Tuổi | | |
    | | end repeat | | | | |
    | | calculate | oldest | | max(${kage}) | |
    | | end repeat | | | | |
    | | calculate | first_kid_of_second | | indexed-repeat(${kage}, ${hh}, 2, ${kid}, 1) | |
    """
    r = evaluate(form, {"hh": [{"k": "2", "kid": [{"kage": "3"}, {"kage": "9"}]},
                               {"k": "1", "kid": [{"kage": "12"}]}]})
    assert r.values["hh"][0]["oldest"] == "9" and r.values["hh"][1]["oldest"] == "12"
    assert r.values["first_kid_of_second"] == "12"
    s = session(form, {"hh": [{"k": "2", "kid": [{"kage": "3"}, {"kage": "9"}]}, {"k": "1", "kid": [{"kage": "12"}]}]})
    s.set_value("hh[1].kid[1].kage", "11")
    assert s.value("hh[1].oldest") == "11" and s.value("hh[2].oldest") == "12"


def test_cascading_choice_filters():
    form = """
    | survey |
    | | type | name | label | choice_filter |
    | | select_one prov | province | Tỉnh | |
    | | select_one commune | commune | Xã | province = ${province} |
    | | select_one village | village | Thôn | commune = ${commune} |
    | choices |
    | | list_name | name | label | province | commune |
    | | prov | 25 | Phú Thọ | | |
    | | prov | 42 | Hà Tĩnh | | |
    | | commune | 08707 | Phường Vĩnh Yên | 25 | |
    | | commune | 08716 | Phường Vĩnh Phúc | 25 | |
    | | commune | 18073 | Phường Thành Sen | 42 | |
    | | village | v1 | Thôn 1 | | 08707 |
    | | village | v2 | Thôn 2 | | 18073 |
    """
    s = session(form, {"province": "25"})
    assert [c.name for c in s.choices("commune")] == ["08707", "08716"]
    s.set_value("commune", "08707")
    assert [c.name for c in s.choices("village")] == ["v1"]
    s.set_value("village", "v1")
    assert s.issues() == []
    s.set_value("province", "42")  # the chosen commune no longer belongs to the province
    assert [c.name for c in s.choices("commune")] == ["18073"]
    assert {(i.path, i.kind) for i in s.issues()} == {("commune", "constraint")}


def test_defaults_static_and_dynamic_and_prefill():
    form = """
    | survey |
    | | type | name | label | default | calculation |
    | | text | province | Tỉnh | 01 | |
    | | integer | ref_year | Năm | 2024 | |
    | | integer | next | Sau | ${ref_year} + 1 | |
    | | date | d | Ngày | today() | |
    """
    f = form_md(form)
    s = FormSession(f, today="2025-11-20")
    s.start({"province": "42"})
    assert s.value("province") == "42" and s.value("ref_year") == "2024"
    assert s.value("next") == "2025" and s.value("d") == "2025-11-20"


def test_read_only_and_trigger():
    form = """
    | survey |
    | | type | name | label | read_only | calculation | trigger |
    | | integer | a | A | | | |
    | | integer | b | B | yes | | |
    | | text | stamp | Khi a đổi | | concat('a=', ${a}) | ${a} |
    """
    s = session(form)
    assert s.is_read_only("b") and not s.is_read_only("a")
    s.set_value("a", "5")
    assert s.value("stamp") == "a=5"
    s.set_value("stamp", "sửa tay")
    assert s.value("stamp") == "sửa tay"  # a trigger fires only when a changes
    s.set_value("a", "6")
    assert s.value("stamp") == "a=6"


@pytest.mark.parametrize("qtype, good, bad", [
    ("integer", "42", "4.5"),
    ("decimal", "-4.5", "4,5"),
    ("date", "2025-08-01", "2025-13-01"),
    ("datetime", "2025-08-01T10:30:00.000+07:00", "tomorrow"),
    ("geopoint", "21.03 105.85 10 5", "91 200"),
    ("acknowledge", "OK", "yes"),
])
def test_type_checks(qtype, good, bad):
    form = f"""
    | survey |
    | | type | name | label |
    | | {qtype} | q | Q |
    """
    assert evaluate(form, {"q": good}).issues == []
    assert kinds(evaluate(form, {"q": bad})) == {("q", "constraint")}


def test_select_validity_and_select_multiple_as_list():
    form = """
    | survey |
    | | type | name | label | constraint |
    | | select_one yn | a | A | |
    | | select_multiple dev | m | M | not(selected(., 'none') and count-selected(.) > 1) |
    | choices |
    | | list_name | name | label |
    | | yn | 1 | Có |
    | | yn | 0 | Không |
    | | dev | tv | TV |
    | | dev | radio | Radio |
    | | dev | none | Không có |
    """
    r = evaluate(form, {"a": "7", "m": ["tv", "radio"]})
    assert kinds(r) == {("a", "constraint")} and r.values["m"] == "tv radio"
    assert kinds(evaluate(form, {"m": "tv none"})) == {("m", "constraint")}
    assert kinds(evaluate(form, {"m": "tv xyz"})) == {("m", "constraint")}


def test_incremental_updates_match_full_evaluation_randomly():
    """Property: any sequence of edits gives the same state as loading the final answers."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    text = """
    | survey |
    | | type | name | label | relevant | constraint | calculation | repeat_count | required | warning |
    | | integer | n | N | | . >= 0 and . <= 4 | | | yes | . <= 3 |
    | | select_one yn | has | Has | | | | | yes | |
    | | begin group | g | G | ${has} = '1' | | | | | |
    | | integer | x | X | | . < 50 | | | yes | |
    | | calculate | x2 | | | | ${x} * 2 | | | |
    | | end group | | | | | | | | |
    | | begin repeat | p | P | | | | ${n} | | |
    | | integer | age | Age | | . <= 120 | | | yes | |
    | | select_one yn | net | Net | ${age} >= 5 and ${has} = '1' | | | | yes | |
    | | calculate | agex | | | | ${age} + ${x2} | | | |
    | | end repeat | | | | | | | | |
    | | calculate | users | | | | count(${net}[. = '1']) | | | |
    | | calculate | s | | | | sum(${agex}) | | | |
    """ + YN
    f = form_md(text)
    paths = ["n", "has", "x"] + [f"p[{i}].{q}" for i in range(1, 5) for q in ("age", "net")]
    values = {"n": ["", "0", "1", "2", "3", "4", "9"], "has": ["", "0", "1"], "x": ["", "3", "60"],
              "age": ["", "2", "30", "200"], "net": ["", "0", "1"]}

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(paths), st.integers(0, 6)), max_size=25))
    def run(edits):
        s = FormSession(f, today="2025-11-20")
        s.load({})
        for path, k in edits:
            if not s.has(path):
                continue
            opts = values[path.rsplit(".", 1)[-1]]
            s.set_value(path, opts[k % len(opts)])
        fresh = FormSession(f, today="2025-11-20")
        fresh.load(s.to_answers())
        assert s.to_values() == fresh.to_values()
        assert s.hidden() == fresh.hidden()
        assert [(i.path, i.kind) for i in s.issues()] == [(i.path, i.kind) for i in fresh.issues()]

    run()


def test_choice_filter_inside_a_repeat_reads_its_own_instance_with_current():
    form = """
    | survey |
    | | type | name | label | choice_filter |
    | | begin repeat | shop | Cửa hàng | |
    | | select_one prov | p | Tỉnh | |
    | | select_one commune | c | Xã | province = ${p} |
    | | end repeat | | | |
    | choices |
    | | list_name | name | label | province |
    | | prov | 25 | Phú Thọ | |
    | | prov | 42 | Hà Tĩnh | |
    | | commune | 08707 | Vĩnh Yên | 25 |
    | | commune | 18073 | Thành Sen | 42 |
    """
    f = form_md(form)
    assert "current()" in f["c"].binds.choice_filter.xpath  # pyxform's relative reference
    s = session(form, {"shop": [{"p": "25"}, {"p": "42"}]})
    assert [c.name for c in s.choices("shop[1].c")] == ["08707"]
    assert [c.name for c in s.choices("shop[2].c")] == ["18073"]
    s.set_value("shop[2].c", "08707")
    assert [(i.path, i.kind) for i in s.issues()] == [("shop[2].c", "constraint")]
    s.set_value("shop[2].p", "25")  # now the answer belongs to the filtered list
    assert s.issues() == []
