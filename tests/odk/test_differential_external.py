"""Differential conformance of external data (issue 12 part C): our engine against ODK's own
(@getodk/xforms-engine, its form attachments given through ``fetchFormAttachment``) on random answers,
as in test_differential_types.py. The form reads a CSV, an XML and a GeoJSON attachment through
``select_one_from_file``/``select_multiple_from_file`` (with a choice filter over the file's columns and
the ``parameters`` column's ``value=``/``label=``), ``pulldata()`` and ``instance('name')/root/item[...]``.
Both engines must agree on relevance, required and constraint violations and every value; and a form
whose attachments are absent loads in both (ODK reads a missing file as blank)."""

from __future__ import annotations

import os
import random

import pytest

from forms import load_form
from tests.forms.test_external_data import FILES
from tests.odk.harness import odk_available, run_odk
from tests.odk.test_differential import TODAY
from tests.odk.test_differential_types import check, random_answers

_required = os.environ.get("ODK_HARNESS_REQUIRED") == "1"

pytestmark = [
    pytest.mark.odk,
    pytest.mark.skipif(not odk_available() and not _required,
                       reason="node or tests/odk/node_modules missing (run tests/odk/install.sh)"),
]

FORM = """
| survey |
| | type | name | label | choice_filter | parameters | relevant | constraint | calculation |
| | select_one_from_file fruits.csv | fruit | Fruit | color = 'red' or ${all} = 'yes' | | | | |
| | select_multiple_from_file vegs.xml | veg | Vegetables | | | | | |
| | select_one_from_file shops.geojson | shop | Shop | | | | | |
| | select_one_from_file fruits.csv | code | Code | | value=code label=title | | . != 'C1' | |
| | select_one yn | all | All fruits? | | | | | |
| | calculate | color | | | | | | pulldata('fruits', 'color', 'name', ${fruit}) |
| | calculate | season | | | | | | instance('vegs')/root/item[name=selected-at(${veg}, 0)]/season |
| | calculate | shop_title | | | | | | instance('shops')/root/item[id=${shop}]/title |
| | calculate | n_red | | | | | | count(instance('fruits')/root/item[color='red']) |
| | integer | kg | Kilograms of red fruit | | | ${color} = 'red' | . < 100 | |
| | text | why | Why not red? | | | ${fruit} != '' and ${color} != 'red' | | |
| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| settings |
| | form_id | version |
| | external | 1 |
"""


def _form(attachments):
    return load_form(FORM.strip() + "\n", attachments=attachments)


def test_external_data_agree_with_odk():
    form = _form(FILES)
    assert form.missing_attachments == ()
    answer_sets = [random_answers(form, random.Random(seed)) for seed in range(40)]
    assert any(a.get("fruit") for a in answer_sets) and any(a.get("kg") for a in answer_sets)
    theirs = run_odk(form.xform, [{"answers": a} for a in answer_sets], today=TODAY, attachments=FILES)
    check(form, answer_sets, theirs)
    # the lookups were really exercised: values read from the files on both sides
    assert any(t["values"].get("color") == "red" for t in theirs)
    assert any(t["values"].get("season") for t in theirs) and any(t["values"].get("shop_title") for t in theirs)
    assert all(t["values"].get("n_red") == "2" for t in theirs)


def test_a_form_whose_attachments_are_absent_agrees_with_odk():
    form = _form({})
    assert form.missing_attachments == ("fruits.csv", "vegs.xml", "shops.geojson")
    answer_sets = [random_answers(form, random.Random(seed)) for seed in range(10)]
    theirs = run_odk(form.xform, [{"answers": a} for a in answer_sets], today=TODAY)
    check(form, answer_sets, theirs)
