"""One numbering rule for the screen and the paper questionnaire (forms/numbering.py)."""

from __future__ import annotations

from pathlib import Path

from forms import load_form
from forms.engine import FormSession
from forms.numbering import choice_numbers, numbered, numeric_codes
from tests.helpers import form_md

FORMS = Path(__file__).resolve().parents[2] / "forms"


def test_lists_coded_by_numbers_are_numbered_by_their_codes():
    assert choice_numbers(["1", "0"]) == ["1", "0"]
    assert choice_numbers(["2", "1", "0", "8"]) == ["2", "1", "0", "8"]
    assert choice_numbers(["01", "04", "08"]) == ["01", "04", "08"]
    assert numeric_codes(["0", "1", "3", "4", "5"])


def test_other_lists_are_numbered_by_position():
    assert choice_numbers(["crop", "livestock", "aqua"]) == ["1", "2", "3"]
    assert choice_numbers(["A", "B"]) == ["1", "2"]
    assert choice_numbers(["1", "x", "2"]) == ["1", "2", "3"]  # one name that is not a code
    assert choice_numbers(["-1", "1"]) == ["1", "2"]
    assert not numeric_codes([]) and choice_numbers([]) == []


def test_the_bundled_questionnaires():
    hh = load_form(FORMS / "household_digital.xlsx")
    assert numbered(hh.choices["yn"]) == {"1": "1", "0": "0"}
    assert numbered(hh.choices["edu"])["3"] == "3"  # Trung học phổ thông is 3 on paper and on screen
    assert numbered(hh.choices["livelihood"])["hhbiz"] == "5"
    assert numbered(hh.choices["vneid"]) == {"2": "2", "1": "1", "0": "0", "8": "8"}


def test_date_message_follows_how_dates_are_typed():
    f = form_md("""
        | survey |
        | | type | name | label |
        | | date | d | Ngày |
    """)
    screen = FormSession(f, date_style="dmy")
    screen.load({"d": "31/02/2026"})
    assert screen.issues()[0].message == "Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 15/08/2025."
    iso = FormSession(f)  # forms evaluate, answer files: ISO dates, the engine's own message
    iso.load({"d": "31/02/2026"})
    assert "ngày/tháng/năm" not in iso.issues()[0].message and iso.issues()[0].kind == "constraint"
