"""The ODK function set, each evaluated through a real form (calculate columns)."""

import pytest

from tests.helpers import evaluate

FORM = """
| survey |
| | type | name | label | calculation |
| | select_multiple dev | devs | Thiết bị | |
| | select_one yn | yes | Có? | |
| | text | txt | Chữ | |
| | integer | num | Số | |
| | decimal | dec | Thập phân | |
| | date | d | Ngày | |
| | text | code | MST | |
| | calculate | out | | {expr} |
| choices |
| | list_name | name | label::Tiếng Việt (vi) | label::English (en) |
| | dev | tv | Ti vi | TV |
| | dev | radio | Đài | Radio |
| | dev | phone | Điện thoại | Phone |
| | yn | 1 | Có | Yes |
| | yn | 0 | Không | No |
"""

ANSWERS = {"devs": "tv phone", "yes": "1", "txt": "Nguyễn Thị Ánh", "num": "7", "dec": "2.675",
           "d": "2025-08-01", "code": "0100233488"}

CASES = [
    ("selected(${devs}, 'phone')", "true"),
    ("selected(${devs}, 'radio')", "false"),
    ("count-selected(${devs})", "2"),
    ("selected-at(${devs}, 1)", "phone"),
    ("selected-at(${devs}, 5)", ""),
    ("jr:choice-name(${yes}, '${yes}')", "Có"),
    ("jr:choice-name(selected-at(${devs}, 0), '${devs}')", "Ti vi"),
    ("if(${num} > 5, 'lớn', 'nhỏ')", "lớn"),
    ("coalesce(${code}, 'x')", "0100233488"),
    ("coalesce('', ${txt})", "Nguyễn Thị Ánh"),
    ("concat(${txt}, ' - ', ${num})", "Nguyễn Thị Ánh - 7"),
    ("concat(${txt})", "Nguyễn Thị Ánh"),
    ("substr(${code}, 0, 2)", "01"),
    ("substr(${code}, 8)", "88"),
    ("substr(${code}, 9, 10)", "8"),
    ("string-length(${txt})", "14"),
    ("regex(${code}, '^[0-9]{10}$')", "true"),
    ("regex(${txt}, '^[0-9]+$')", "false"),
    ("regex(${code}, '[0-9]{9}')", "false"),  # Collect: the whole value must match
    ("regex(${code}, '[0-9]{10}')", "true"),
    ("number('1,5') * 2", "3"),
    ("12345678.9 * 1", "12345678.9"),  # plain digits, never Java's 1.23456789E7 (issue 12)
    ("0.0005 * 1", "0.0005"),
    ("concat('', 0.0005 * 1, ' ', 12345678.9 * 1)", "0.0005 12345678.9"),
    ("string(${num} * 10000000000)", "70000000000"),  # libxml2 alone would write 7e+10
    ("string-length(${num} div 100000)", "7"),  # 0.00007, not 7e-05
    ("if(${num} > 5 and ${txt}, 'y', 'n')", "y"),
    ("boolean-from-string('TRUE')", "true"),
    ("round(${dec}, 2)", "2.68"),  # Collect rounds the decimal text 2.675, not the double 2.67499…
    ("round(2.5)", "3"),
    ("round(-2.5)", "-2"),  # Collect: halves go towards +infinity
    ("round(1.005, 2)", "1.01"),
    ("round(1234.5678, -2)", "1200"),
    ("int(${dec})", "2"),
    ("int(-3.7)", "-3"),
    ("number(${num}) * 2", "14"),
    ("number('abc')", ""),
    ("format-date(${d}, '%d/%m/%Y')", "01/08/2025"),
    ("format-date(${d}, '%Y')", "2025"),
    ("format-date(${d}, '%e/%n/%y %b %a')", "1/8/25 Aug Fri"),
    ("today()", "2025-11-20"),
    ("today() - ${d}", "111"),
    ("if(${d} <= today(), 'ok', 'future')", "ok"),
    ("if(${d} >= date('2025-07-01'), 'ok', 'old')", "ok"),
    ("if(${d} < date('2025-07-01'), 'old', 'ok')", "ok"),
    ("date(${d}) ", "2025-08-01"),
    ("date(20301)", "2025-08-01"),
    ("decimal-date-time(${d})", "20301"),
    ("not(${num} > 5)", "false"),
    ("boolean-from-string('true')", "true"),
    ("boolean-from-string('0')", "false"),
    ("10 - ((int(substr(${code},0,1))*31 + int(substr(${code},1,2))*29 + int(substr(${code},2,3))*23 "
     "+ int(substr(${code},3,4))*19 + int(substr(${code},4,5))*17 + int(substr(${code},5,6))*13 "
     "+ int(substr(${code},6,7))*7 + int(substr(${code},7,8))*5 + int(substr(${code},8,9))*3) mod 11)", "8"),
    ("pow(2, 10)", "1024"),
    ("abs(-4)", "4"),
    ("max(3, ${num}, 5)", "7"),
    ("min(3, ${num}, 5)", "3"),
    ("join('-', 'a', 'b')", "a-b"),
    ("checklist(1, 2, ${yes} = '1', ${num} > 100)", "true"),
    ("weighted-checklist(5, -1, ${yes} = '1', 3, ${num} > 1, 2)", "true"),
    ("ends-with(${txt}, 'Ánh')", "true"),
    ("string(${num} div 2)", "3.5"),
    ("${num} mod 4", "3"),
    ("contains(${txt}, 'Thị')", "true"),
    ("translate('abc', 'abc', 'xyz')", "xyz"),
    ("normalize-space('  a   b ')", "a b"),
    ("floor(2.7) + ceiling(2.1)", "5"),
]


@pytest.mark.parametrize("expr, expected", CASES)
def test_function(expr, expected):
    r = evaluate(FORM.replace("{expr}", expr.replace("|", "\\|")), ANSWERS, today="2025-11-20")
    assert r.values.get("out", "") == expected


def test_choice_name_follows_the_language():
    r = evaluate(FORM.replace("{expr}", "jr:choice-name(${yes}, '${yes}')"), ANSWERS, lang="en")
    assert r.values["out"] == "Yes"


def test_once_keeps_the_first_value_and_uuid_is_unique():
    from tests.helpers import session

    s = session("""
    | survey |
    | | type | name | label | calculation |
    | | integer | a | A | |
    | | calculate | first_a | | once(${a}) |
    | | calculate | id | | once(uuid()) |
    """)
    s.set_value("a", "1")
    first_id = s.value("id")
    s.set_value("a", "2")
    assert s.value("first_a") == "1" and s.value("id") == first_id and len(first_id) == 36


def test_now_is_a_datetime():
    r = evaluate(FORM.replace("{expr}", "now()"), ANSWERS)
    assert r.values["out"][:4].isdigit() and "T" in r.values["out"]
