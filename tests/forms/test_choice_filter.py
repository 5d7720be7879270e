"""Choice filters outside repeats: pyxform writes ${q} as an absolute path inside the predicate on
the secondary instance; ODK reads it from the main instance (a bug found while building the UI)."""

from forms import load_form
from forms.engine import FormSession

FORM = """| survey |
| | type | name | label | choice_filter |
| | begin group | g | G | |
| | select_one prov | prov | Tỉnh | |
| | select_one com | com | Xã | prov=${prov} |
| | end group | | | |
| choices |
| | list_name | name | label | prov |
| | prov | 25 | Phú Thọ | |
| | prov | 42 | Hà Tĩnh | |
| | com | 09025 | Yên Lạc | 25 |
| | com | 08707 | Vĩnh Yên | 25 |
| | com | 18073 | Thành Sen | 42 |
"""


def test_filter_reads_the_main_instance_and_revalidates():
    form = load_form(FORM)
    s = FormSession(form)
    s.start({})
    assert s.choices("com") == []
    s.set_value("prov", "25")
    assert [c.name for c in s.choices("com")] == ["09025", "08707"]
    s.set_value("com", "09025")
    assert s.issues_at("com") == ()
    changes = s.set_value("prov", "42")
    assert "com" in changes.issues
    assert [i.kind for i in s.issues_at("com")] == ["constraint"]
    assert [c.name for c in s.choices("com")] == ["18073"]
    s.set_value("prov", "25")
    assert s.issues_at("com") == ()


def test_instance_function_returns_the_instance_element():
    form = load_form(FORM)
    s = FormSession(form)
    s.start({})
    from forms.functions import STATE, compile_xpath

    STATE.env = s
    s.current_node = s.root
    assert compile_xpath("count(instance('com')/root/item)")(s.root) == 3.0
