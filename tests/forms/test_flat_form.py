"""A form with the settings' ``flat`` (pyxform's example_xls__flat_xlsform_test): its groups have no node in
the record, their questions sit directly in the root, as in the XForm's instance. The engine used to
build a node per group (all named like the root), so answers inside a second group were lost and paths
did not match (FormSession.start raised IndexError)."""

from __future__ import annotations

from lxml import etree

from forms.engine import FormSession
from tests.helpers import form_md

FLAT = """
| survey |
| | type | name | label | relevant | required |
| | select_one yn | go | Go on? | | |
| | begin group | outer | Outer | ${go} = 'yes' | |
| | text | a | A | | |
| | begin group | inner | Inner | | |
| | integer | b | B | | yes |
| | end group | | | | |
| | begin group | second | Second | | |
| | text | c | C | ${b} > 1 | |
| | end group | | | | |
| | end group | | | | |
| | integer | last | Last | | |
| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| settings |
| | form_id | flat |
| | flat_test | TRUE |
"""


def test_a_flat_forms_groups_have_no_node_and_their_answers_are_kept():
    form = form_md(FLAT)
    assert [e.name for e in form.elements if e.flat] == ["outer", "inner", "second"]
    assert form["c"].xpath == "/data/c" and form["c"].parent == "second"
    s = FormSession(form)
    s.start()
    s.set_value("go", "yes")
    for path, value in (("a", "An"), ("b", "2"), ("c", "x"), ("last", "7")):
        s.set_value(path, value)
    assert s.to_values() == {"go": "yes", "a": "An", "b": "2", "c": "x", "last": "7"}
    # the record's XML has the XForm's instance shape: no group nodes
    got = etree.fromstring(s.instance_xml("uuid:1"))
    assert [c.tag for c in got] == ["go", "a", "b", "c", "last", "meta"]
    want = etree.fromstring(form.xform.encode()).find(".//{http://www.w3.org/2002/xforms}instance")[0]
    assert [c.tag.split("}")[-1] for c in want] == [c.tag for c in got]
    # loaded again (a saved record): every answer found, the relevance of the group's questions kept
    s2 = FormSession(form)
    s2.load(s.to_answers())
    assert s2.to_values() == s.to_values() and s2.issues() == []
    s2.set_value("go", "no")
    assert not s2.is_relevant("b") and not s2.is_relevant("c") and s2.is_relevant("last")
