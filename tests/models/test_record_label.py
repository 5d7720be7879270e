"""The list label from a session and from stored values agree (the demo generator labels its copies
from their values)."""

import pytest

from forms import load_form
from forms.engine import FormSession
from models.records.editor import label_from_values, record_label

FORM = """| survey |
| | type | name | label | relevant |
| | text | enum_name | ĐTV | |
| | select_one yn | consent | Đồng ý | |
| | text | head_name | Chủ hộ | ${consent} = '1' |
| | text | other | Khác | |
| choices |
| | list_name | name | label |
| | yn | 1 | Có |
| | yn | 0 | Không |
| settings |
| | form_id | version |
| | lbl | 1 |
"""


def test_label_from_values_equals_the_session_label():
    form = load_form(FORM)
    s = FormSession(form)
    s.start({"enum_name": "Lê An"})
    assert record_label(form, s) == label_from_values(form, s.to_values()) == ""
    s.set_value("other", "Ghi chú")
    assert record_label(form, s) == label_from_values(form, s.to_values()) == "Ghi chú"
    s.set_value("consent", "1")
    s.set_value("head_name", "Đặng Thị Ánh")
    assert record_label(form, s) == label_from_values(form, s.to_values()) == "Đặng Thị Ánh"
    s.set_value("consent", "0")  # not relevant any more: not the label
    assert record_label(form, s) == label_from_values(form, s.to_values()) == "Ghi chú"


def test_a_form_with_instance_name_needs_a_session():
    form = load_form(FORM.replace("| | form_id | version |\n| | lbl | 1 |",
                                  "| | form_id | version | instance_name |\n| | lbl | 1 | concat('Hộ ', ${head_name}) |"))
    s = FormSession(form)
    s.start({})
    s.set_value("consent", "1")
    s.set_value("head_name", "Ánh")
    assert record_label(form, s) == "Hộ Ánh"
    with pytest.raises(ValueError):
        label_from_values(form, s.to_values())
