"""``demo``: the generated records' labels come from a real session when a form names its instances,
and from the stored values (the same rule as the entry screen) otherwise."""

from forms import load_form
from forms.engine import FormSession
from models.records.editor import label_from_values, record_label

FORM = """| survey |
| | type | name | label |
| | text | ho_ten | Họ tên |
| | text | thon | Thôn |
| settings |
| | form_id | version | instance_name |
| | nm | 1 | concat(${ho_ten}, ' - ', ${thon}) |
"""

PLAIN = """| survey |
| | type | name | label |
| | text | head_name | Chủ hộ |
| settings |
| | form_id | version |
| | pl | 1 |
"""


def test_label_uses_instance_name_or_the_first_name_like_answer():
    form = load_form(FORM)
    s = FormSession(form)
    s.load({"ho_ten": "Trần Văn Bình", "thon": "Thôn 3"}, {})
    assert record_label(form, s) == "Trần Văn Bình - Thôn 3"
    assert label_from_values(load_form(PLAIN), {"head_name": "Lê Thị Hoa"}) == "Lê Thị Hoa"

