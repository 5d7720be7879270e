"""``demo``: the generated records' labels come from a real session when a form names its instances
(CR 20: the former stub raised NotImplementedError)."""

from forms import load_form
from models.demo import _label

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
    assert _label(load_form(FORM), {"ho_ten": "Trần Văn Bình", "thon": "Thôn 3"}) == "Trần Văn Bình - Thôn 3"
    assert _label(load_form(PLAIN), {"head_name": "Lê Thị Hoa"}) == "Lê Thị Hoa"
