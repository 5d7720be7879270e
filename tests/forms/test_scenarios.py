"""Scenario tests through our form engine (forms.engine.evaluate_answers).

tests/forms/scenarios/ holds, per form, a realistic interview answered end to end
(``enterprise_interview.json``, ``household_of_five.json``) and a list of minimal
mutations (``*_mutations.json``), each of which must raise exactly the listed issues
(path and kind; for constraints and warnings also the form's Vietnamese message) and may
state paths that must be hidden or visible and calculated values.

Mutation keys: ``set`` {path: value} with paths as the engine names them
(``mem[2].m_sex`` is the second roster line; ``null`` removes the answer; a top-level
key may replace a whole repeat), ``extend`` {repeat: {"copy": line, "count": n}},
``expect`` [[path, kind], …], ``exact`` (default true: no other issue allowed),
``hidden``, ``visible``, ``values``.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .bundled import FORMS_DIR, VI, engine_form, load

engine = pytest.importorskip("forms.engine", reason="the form engine (branch main) is not merged")

SCENARIOS = Path(__file__).parent / "scenarios"
ROOT = FORMS_DIR.parent
TODAY = "2025-11-20"


def form_def(form_id: str):
    return engine_form(form_id)


def answers(name: str) -> dict:
    return json.loads((SCENARIOS / name).read_text(encoding="utf-8"))


def evaluate(form_id: str, data: dict):
    result = engine.evaluate_answers(form_def(form_id), data, today=TODAY)
    return result, list(result.issues)


def test_commune_is_filtered_by_province():
    """The commune list follows the province (choice_filter province=${province})."""
    form = form_def("household_digital")
    ok = engine.evaluate_answers(form, {"province": "42", "commune": "18073"}, today=TODAY)
    assert not [i for i in ok.issues if i.path == "commune"]
    wrong = engine.evaluate_answers(form, {"province": "01", "commune": "18073"}, today=TODAY)
    assert [(i.path, i.kind) for i in wrong.issues if i.path == "commune"] == [("commune", "constraint")]


# --------------------------------------------------------------------------- helpers
_SEG = re.compile(r"^(\w+)(?:\[(\d+)\])?$")


def _walk(data: dict, path: str):
    """Container and key of ``path`` (``mem[2].m_sex`` → data["mem"][1], "m_sex")."""
    *parents, last = path.split(".")
    node = data
    for seg in parents:
        name, idx = _SEG.match(seg).groups()
        node = node[name][int(idx) - 1] if idx else node[name]
    return node, last


def mutate(base: dict, m: dict) -> dict:
    data = copy.deepcopy(base)
    for repeat, spec in m.get("extend", {}).items():
        src = data[repeat][spec["copy"] - 1]
        data[repeat].extend(copy.deepcopy(src) for _ in range(spec["count"]))
    for path, value in m.get("set", {}).items():
        node, key = _walk(data, path)
        if value is None:
            node.pop(key, None)
        else:
            node[key] = value
    return data


def lookup(values: dict, path: str):
    try:
        node, key = _walk(values, path)
    except (KeyError, IndexError, TypeError):
        return None
    return node.get(key)


def message_of(form_id: str, path: str, kind: str) -> str | None:
    row = load(form_id).row(path.split(".")[-1])
    col = {"constraint": "constraint_message", "warning": "warning_message"}.get(kind)
    return row.get(f"{col}::{VI}") if col else None


def check_expectations(form_id: str, m: dict, result, issues) -> None:
    got = {(i.path, i.kind) for i in issues}
    want = {tuple(e) for e in m["expect"]}
    if m.get("exact", True):
        assert got == want, f"{m['id']}: issues {sorted(got)} != expected {sorted(want)}"
    else:
        assert want <= got, f"{m['id']}: missing {sorted(want - got)} among {sorted(got)}"
    for i in issues:
        if (i.path, i.kind) in want:
            msg = message_of(form_id, i.path, i.kind)
            if msg:
                assert i.message == msg, (m["id"], i.path)
    hidden = set(result.hidden)
    for path in m.get("hidden", []):
        assert path in hidden, f"{m['id']}: {path} should be hidden"
    for path in m.get("visible", []):
        assert path not in hidden, f"{m['id']}: {path} should be shown"
    for path, value in m.get("values", {}).items():
        assert lookup(result.values, path) == value, (m["id"], path, lookup(result.values, path))


# --------------------------------------------------------------------------- full interviews
def test_enterprise_interview_has_no_issue():
    result, issues = evaluate("enterprise_digital", answers("enterprise_interview.json"))
    assert [i.as_dict() for i in issues] == []
    v = result.values
    assert v["size_class"] == "small" and v["sector_grp"] == "ai"
    assert v["mst_calc"] == "7" and v["dplat_mgmt"] == "1" and v["iyear"] == "2025"
    assert v["vsic_ver"] == "2025" and v["adm_codes_ver"].startswith("vietnam-provinces ")
    assert set(result.hidden) == {"end_note", "einv_pos", "web_moit", "cb_channels", "barriers"}


def test_household_of_five_has_no_issue():
    data = answers("household_of_five.json")
    assert len(data["mem"]) == data["hh_size"] == 5
    result, issues = evaluate("household_digital", data)
    assert [i.as_dict() for i in issues] == []
    v = result.values
    assert v["agri"] == "1" and v["n_sell"] == "2" and v["head_byear"] == "1978"
    assert [m["m_age"] for m in v["mem"]] == ["47", "44", "19", "13", "75"]
    hidden = set(result.hidden)
    # the head's ID is asked on line 1 only; a 13-year-old is not asked adult items;
    # a member who never used the Internet is asked why, not how often
    assert "mem[1].m_cccd" not in hidden and {"mem[2].m_cccd", "mem[5].m_cccd"} <= hidden
    assert {"mem[4].m_acct", "mem[4].m_sell", "mem[4].m_vneid", "mem[4].m_skills"} <= hidden
    assert {"mem[5].m_freq", "mem[5].m_act", "mem[5].m_buy", "mem[5].m_skills"} <= hidden
    assert "mem[5].m_why_not" not in hidden and "mem[1].m_why_not" in hidden
    assert {"hhbiz_reg", "no_net"} <= hidden


def test_cli_evaluate_prints_values_hidden_issues():
    proc = subprocess.run(
        [
            sys.executable,
            "main.py",
            "forms",
            "evaluate",
            "forms/household_digital.xlsx",
            "--answers",
            str(SCENARIOS / "household_of_five.json"),
            "--today",
            TODAY,
        ],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"values", "hidden", "issues"}
    assert out["values"]["n_sell"] == "2"
    assert out["issues"] == []


# --------------------------------------------------------------------------- mutations
def _mutations():
    for path in sorted(SCENARIOS.glob("*_mutations.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        for m in spec["mutations"]:
            yield pytest.param(spec["form"], spec["base"], m, id=f"{spec['form']}:{m['id']}")


@pytest.mark.parametrize("form_id, base, m", list(_mutations()))
def test_mutation(form_id, base, m):
    result, issues = evaluate(form_id, mutate(answers(base), m))
    check_expectations(form_id, m, result, issues)


@pytest.mark.parametrize("form_id", ["enterprise_digital", "household_digital"])
def test_every_constraint_and_warning_is_fired_by_a_mutation(form_id):
    spec = json.loads((SCENARIOS / f"{form_id.split('_')[0]}_mutations.json").read_text(encoding="utf-8"))
    fired = {(p.split(".")[-1], k) for m in spec["mutations"] for p, k in m["expect"]}
    for r in load(form_id).rows:
        for kind, col in (("constraint", "constraint"), ("warning", "warning")):
            if r.get(col):
                assert (r.name, kind) in fired, f"no mutation fires the {kind} of {r.name}"
