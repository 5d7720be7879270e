"""Exports and the paper questionnaire with the XLSForm types of issue 12 part A: metadata and hidden fields
are not printed as questions; every kind of place (point, line, area) is personal data."""

from __future__ import annotations

from exports.questionnaire import question_numbers
from exports.tabular import is_personal
from tests.helpers import form_md

FORM = """
| survey |
| | type | name | label | trigger |
| | start | started | | |
| | email | mail | | |
| | phonenumber | phone_meta | | |
| | start-geopoint | where_started | | |
| | hidden | batch | | |
| | audit | | | |
| | integer | n | 1. People | |
| | gps | where | 2. Where | |
| | geotrace | path | 3. Path | |
| | geoshape | plot | 4. Plot | |
| | background-geopoint | bg | | ${where} |
| | time | t | 5. Time | |
"""


def test_metadata_and_hidden_fields_are_not_questions_on_paper():
    form = form_md(FORM)
    numbers = {k: v for k, v in question_numbers(form).items() if not form[k].is_container}
    assert numbers == {"n": "1", "where": "2", "path": "3", "plot": "4", "t": "5"}


def test_every_place_is_personal_data():
    form = form_md(FORM)
    assert {e.name for e in form.elements if is_personal(e)} == {"where", "path", "plot", "where_started", "bg"}
