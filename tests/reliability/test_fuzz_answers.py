"""``forms evaluate`` with malformed answers files: a clear message and exit code every time, never a
traceback. Bounded here (``FUZZ_EXAMPLES``, default 60); ``bench/fuzz.sh`` runs longer."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.helpers import run_cli

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
ROOT = Path(__file__).resolve().parents[2]

FORM = """| survey |
| | type | name | label | relevant | constraint | calculation |
| | text | ten | Tên | | | |
| | integer | tuoi | Tuổi | | . >= 0 and . < 130 | |
| | select_multiple yn | chon | Chọn | ${tuoi} > 10 | | |
| | begin repeat | tv | Thành viên | | | |
| | text | tv_ten | Tên thành viên | | | |
| | integer | tv_nam | Năm sinh | | | |
| | begin repeat | dt | Điện thoại | | | |
| | text | so | Số | | | |
| | end repeat | | | | | |
| | end repeat | | | | | |
| | calculate | n | | | | count(${tv}) |
| choices |
| | list_name | name | label |
| | yn | 1 | Có |
| | yn | 0 | Không |
"""

NAMES = ["ten", "tuoi", "chon", "tv", "tv_ten", "tv_nam", "dt", "so", "n", "select", "drop table", "", "..",
         "../../etc/passwd", "\u202eten", "a" * 300, "__proto__", "constructor", "0", "ten.x", "tv[1]"]
HOSTILE = ["'; DROP TABLE records; --", "\u202e\u200f\u061c", "\x00", "\ud800", "𝕏" * 10, "1e999", "-0", "NaN",
           " 7 ", "2025-02-30", "Ω" * 20_000, "<x>&amp;</x>", "${tuoi}", "concat('a')"]


@pytest.fixture(scope="module")
def form_file(tmp_path_factory):
    from pyxform.xls2json_backends import md_table_to_workbook

    path = tmp_path_factory.mktemp("fuzz") / "form.xlsx"
    md_table_to_workbook(FORM).save(path)
    return str(path)


def _json_values():
    scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
                        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                        st.sampled_from(HOSTILE))
    return st.recursive(scalars, lambda kids: st.one_of(
        st.lists(kids, max_size=4), st.dictionaries(st.sampled_from(NAMES), kids, max_size=5)), max_leaves=25)


def _check(code: int, out: str, err: str) -> None:
    assert code in (0, 1), (code, err[-500:])  # 1: the answers file has problems (README "Command line")
    assert "Traceback" not in err and "không mong đợi" not in err, err[-500:]
    if code == 0:
        result = json.loads(out)
        assert set(result) == {"values", "hidden", "issues"}
    else:
        assert "không hợp lệ" in err and "Cần một đối tượng JSON" in err, err


def _evaluate(tmp_path, form_file, data: bytes, *extra: str):
    path = tmp_path / "answers.json"
    path.write_bytes(data)
    return run_cli(["forms", "evaluate", form_file, "--answers", str(path), *extra])


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
@given(value=_json_values())
def test_any_json_value(tmp_path, form_file, value):
    data = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    _check(*_evaluate(tmp_path, form_file, data))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_random_bytes(tmp_path, form_file, data):
    _check(*_evaluate(tmp_path, form_file, data))


VALID = {"ten": "Nguyễn Văn An", "tuoi": "40", "chon": "1 0",
         "tv": [{"tv_ten": "Lê Thị B", "tv_nam": "1990", "dt": [{"so": "0912345678"}]}, {"tv_ten": "C"}]}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 200), insert=st.binary(max_size=8), drop=st.integers(0, 5))
def test_mutated_answers_file(tmp_path, form_file, cut, insert, drop):
    good = json.dumps(VALID, ensure_ascii=False).encode("utf-8")
    cut %= len(good)
    _check(*_evaluate(tmp_path, form_file, good[:cut] + insert + good[cut + drop:]))


@pytest.mark.parametrize("name, data", [
    ("deeply nested", b'{"ten": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    ("byte-order mark (Notepad)", "\ufeff".encode() + json.dumps(VALID).encode()),
    ("UTF-16", json.dumps(VALID, ensure_ascii=False).encode("utf-16")),
    ("lone surrogate", b'{"ten": "\\ud800"}'),
    ("NaN and Infinity", b'{"tuoi": NaN, "tv": [{"tv_nam": Infinity}]}'),
    ("huge number", b'{"tuoi": 1e999999, "tv": [{"tv_nam": 123456789012345678901234567890}]}'),
    ("repeat as object", b'{"tv": {"tv_ten": "x"}, "dt": [1, 2]}'),
    ("repeat of scalars", b'{"tv": [1, "x", null, [], {"dt": "x"}]}'),
    ("duplicate keys", b'{"ten": "a", "ten": "b"}'),
    ("top level list", b"[1, 2, 3]"),
    ("empty file", b""),
    ("5 MB text", b'{"ten": "' + b"x" * 5_000_000 + b'"}'),
])
def test_known_nasty_answers(tmp_path, form_file, name, data):
    _check(*_evaluate(tmp_path, form_file, data))


def test_missing_and_unreadable_answers_files(tmp_path, form_file):
    code, _out, err = run_cli(["forms", "evaluate", form_file, "--answers", str(tmp_path / "none.json")])
    _check(code, "", err)
    (tmp_path / "dir.json").mkdir()
    code, _out, err = run_cli(["forms", "evaluate", form_file, "--answers", str(tmp_path / "dir.json")])
    _check(code, "", err)


def test_a_bom_answers_file_is_read(tmp_path, form_file):
    code, out, err = _evaluate(tmp_path, form_file, "\ufeff".encode() + json.dumps(VALID).encode())
    assert code == 0, err
    assert json.loads(out)["values"]["ten"] == "Nguyễn Văn An"


def test_the_bundled_household_form_with_hostile_answers(tmp_path):
    form = str(ROOT / "forms" / "household_digital.xlsx")
    answers = {"head_name": "'; DROP TABLE records; --\u202e", "hh_size": "3", "consent": "1",
               "mem": [{"m_name": "Ω" * 10_000, "m_byear": "abc"}, {"m_byear": "1e5"}, "x"], "phone": ["0912"]}
    code, out, err = _evaluate(tmp_path, form, json.dumps(answers, ensure_ascii=False).encode())
    _check(code, out, err)
    values = json.loads(out)["values"]
    assert values["head_name"] == answers["head_name"]
