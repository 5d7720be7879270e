"""The engine's disagreements with ODK found on real forms (issue 12), each on a form written as an
XLSForm markdown table: numbers in scientific notation, divisions by zero, a calculated select whose
value is not in its list, a constraint on a ``calculate`` row, the text of a geopoint.
docs/odk-conformance.md §6 says what ODK's engines do and what ours does; the differential test
(tests/odk/test_differential.py, form ``numbers_whole_range``) checks the same against ODK's engine.
"""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.engine import FormSession
from forms.functions import number_to_string
from tests.helpers import evaluate, form_md, kinds, session

TIP = """
| survey |
| | type | name | label | calculation |
| | decimal | amount | Số tiền | |
| | decimal | divisor | Chia cho | |
| | calculate | tip | | ${amount} * 1 div ${divisor} |
| | decimal | tip_d | Tỷ lệ | ${amount} * 1 div ${divisor} |
| | integer | tip_i | Phần nguyên | ${amount} div ${divisor} |
| | calculate | tip_s | | string(${amount} div ${divisor}) |
| | calculate | tip_c | | concat(${amount} div ${divisor}, ' đ') |
| | calculate | tip_r | | round(${amount} div ${divisor}, 9) |
| | calculate | back | | ${tip} * ${divisor} |
| | calculate | positive | | ${tip_d} > 0 |
"""


@pytest.mark.parametrize("amount, divisor, tip, whole", [
    ("0.5", "1000", "0.0005", "0"),  # the form of the issue: Java's 5.0E-4 before
    ("12345678.9", "1", "12345678.9", "12345678"),  # 1.23456789E7 before
    ("25000000000", "1", "25000000000", "25000000000"),  # turnover in đồng: 2.5 * 10^10
    ("123456789012345", "0.5", "246913578024690", "246913578024690"),
    ("1000000000000000000000", "1", "1000000000000000000000", "1000000000000000000000"),  # 10^21
    ("1", "10000000", "0.0000001", "0"),
    ("-3", "40000000", "-0.000000075", "0"),
])
def test_numbers_are_written_in_plain_digits_at_every_magnitude(amount, divisor, tip, whole):
    r = evaluate(TIP, {"amount": amount, "divisor": divisor})
    v = r.values
    assert (v["tip"], v["tip_d"], v["tip_s"]) == (tip, tip, tip)
    assert v["tip_c"] == tip + " đ" and v["tip_i"] == whole
    assert r.issues == []  # the engine no longer flags its own result "Cần nhập một số"
    assert float(v["back"]) == pytest.approx(float(amount), rel=1e-12)  # the text reads back as the number
    assert v["positive"] == ("true" if float(amount) > 0 else "false")
    assert "e" not in v["tip_r"].lower()


def test_a_division_by_zero_stores_nothing_in_a_number_question():
    for amount, text in (("5", "Infinity"), ("-5", "-Infinity")):
        r = evaluate(TIP, {"amount": amount, "divisor": "0"})
        assert r.values["tip"] == text  # a calculate keeps the text, as both ODK engines do
        assert "tip_d" not in r.values and "tip_i" not in r.values  # ODK: empty
        assert r.issues == []
    r = evaluate(TIP, {"amount": "0", "divisor": "0"})  # NaN: nothing anywhere
    assert {"tip", "tip_d", "tip_i", "tip_r", "back"}.isdisjoint(r.values) and r.issues == []
    assert r.values["positive"] == "false"


NUMBER_FROM = """
| survey |
| | type | name | label | calculation |
| | text | t | Chữ | |
| | integer | a | A | |
| | integer | i_text | Số nguyên | ${t} |
| | decimal | d_text | Số thập phân | ${t} |
| | integer | i_bool | Đúng/sai | ${a} > 3 |
| | decimal | d_half | Một nửa | coalesce(${a} div 2, 0) |
| | integer | i_half | Nửa, nguyên | coalesce(${a} div 2, 0) |
| | decimal | d_default | Mặc định | |
"""


@pytest.mark.parametrize("t, a, expected", [
    (" 007 ", "5", {"i_text": "7", "d_text": "7", "i_bool": "1", "d_half": "2.5", "i_half": "2"}),
    ("2.99", "1", {"i_text": "2", "d_text": "2.99", "i_bool": "0", "d_half": "0.5", "i_half": "0"}),
    ("-2.99", "-7", {"i_text": "-2", "d_text": "-2.99", "i_bool": "0", "d_half": "-3.5", "i_half": "-3"}),
    ("abc", "", {"i_bool": "0", "d_half": "0", "i_half": "0"}),  # text that is no number: nothing stored;
    # coalesce() takes NaN for empty, as JavaRosa's isNull does
    ("123456789012345678901234567890", "4",  # every digit of a whole number is kept
     {"i_text": "123456789012345678901234567890", "d_text": "123456789012345680000000000000", "i_bool": "1",
      "d_half": "2", "i_half": "2"}),
])
def test_a_number_question_holds_a_number_or_nothing_whatever_its_calculation_gives(t, a, expected):
    r = evaluate(NUMBER_FROM, {"t": t, "a": a})
    got = {k: v for k, v in r.values.items() if k not in ("t", "a")}
    assert got == expected and r.issues == []


def test_a_dynamic_default_is_written_in_plain_digits():
    f = form_md("""
    | survey |
    | | type | name | label | default |
    | | decimal | small | Nhỏ | 0.5 div 1000 |
    | | decimal | large | Lớn | 25 * 1000000000 * 1000000000 * 1000000000 |
    | | text | label | Nhãn | concat('≈ ', 1 div 3000000) |
    """)
    s = FormSession(f, today="2025-11-20")
    s.start()
    assert (s.value("small"), s.value("large"), s.value("label")) == \
        ("0.0005", "25000000000000000000000000000", "≈ 0.00000033333333333333335")
    assert s.issues() == []


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_text_is_plain_digits_that_read_back_as_the_same_number(x):
    text = number_to_string(x)
    assert re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?", text), text
    assert float(text) == x


STRESS = """
| survey |
| | type | name | label | calculation | read_only | required | trigger |
| | integer | stress | Căng thẳng | | | | |
| | select_one lvl | level | Mức | if(${stress}=1,"2","1") | | yes | |
| | select_multiple lvl | levels | Các mức | if(${stress}=1,"2 4","1 2") | | | |
| | select_one lvl | fixed | Cố định | | yes | | |
| | select_one lvl | chosen | Chọn | | | | |
| | select_one lvl | on_change | Khi đổi | if(${stress}=1,"2","1") | | | ${stress} |
| | calculate | seen | | concat(${level}, '/', count-selected(${levels})) | | | |
| choices |
| | list_name | name | label |
| | lvl | 4 | Bốn |
| | lvl | 3 | Ba |
| | lvl | 2 | Hai |
"""


def test_a_calculated_select_whose_value_is_not_in_its_list_raises_nothing():
    """The form of the issue: list 4/3/2, calculation if(${stress}=1,"2","1"). The value is kept as
    calculated (ODK Collect stores it too) and the record can be completed: no "choice not in the
    list" on a field the enumerator cannot change, and the required one is answered."""
    r = evaluate(STRESS, {"stress": "0"})
    assert r.values["level"] == "1" and r.values["levels"] == "1 2" and r.values["seen"] == "1/2"
    assert r.issues == []
    r = evaluate(STRESS, {"stress": "1"})
    assert (r.values["level"], r.values["levels"], r.issues) == ("2", "2 4", [])


def test_a_select_the_enumerator_can_change_is_still_checked_against_its_list():
    r = evaluate(STRESS, {"stress": "1", "fixed": "7", "chosen": "7"})
    assert kinds(r) == {("chosen", "constraint")}  # read-only 'fixed' raises nothing
    (issue,) = r.issues
    assert issue.message == "Lựa chọn '7' không có trong danh sách."
    s = session(STRESS)
    s.set_value("stress", "0")  # fires the trigger: a value the enumerator may correct
    assert s.value("on_change") == "1" and kinds_of(s) == {("on_change", "constraint")}
    s.set_value("on_change", "3")
    assert s.issues() == []


def kinds_of(s):
    return {(i.path, i.kind) for i in s.issues()}


def test_constraint_and_required_on_a_calculate_row_are_not_checked_as_in_collect():
    """ODK's web engine reports them; ODK Collect does not (a calculate has no question on screen),
    and neither does ours. A calculated question that is shown is still checked."""
    form = """
    | survey |
    | | type | name | label | calculation | constraint | required |
    | | integer | a | A | | | |
    | | calculate | k | | ${a} * 2 | . < 10 | |
    | | calculate | kr | | if(${a} > 100, 'x', '') | | yes |
    | | integer | shown | Hiện | ${a} * 2 | . < 10 | |
    """
    r = evaluate(form, {"a": "7"})
    assert r.values["k"] == "14" and "kr" not in r.values
    assert kinds(r) == {("shown", "constraint")}


def test_geopoint_text_is_kept_as_typed():
    """ODK writes each coordinate as a double ('10.0 5.0'); ours keeps what was typed ('10 5'): the
    same numbers (docs/odk-conformance.md §6)."""
    form = """
    | survey |
    | | type | name | label | calculation |
    | | geopoint | g | Vị trí | |
    | | calculate | gs | | concat('[', ${g}, ']') |
    """
    for typed in ("10 5", "21.0285 105.8542 12.0 5.0"):
        r = evaluate(form, {"g": typed})
        assert r.values["g"] == typed and r.values["gs"] == f"[{typed}]" and r.issues == []
