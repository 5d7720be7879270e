"""Engine speed: re-evaluation after one answer change, and the cost of one durable save.

Figures (median of several runs, same process, same machine):
- ms per answer change on a ~60-question form (target < 2 ms) and on a generated 1,000-question
  form with chains of dependencies (target < 20 ms);
- one durable save (answer → engine → record row, revision, audit row, one commit) against a bare
  sqlite3 single-row commit with the same pragmas (WAL, synchronous=FULL) (target ≤ 2x);
- ODK's own engine (@getodk/xforms-engine under Node) on its 20-question benchmark form, when Node
  and tests/odk/node_modules are there, against ours on the same form and workload;
- real-world XLSForms (issue 12): loading the largest form of the pyxform corpus
  (../shared/corpus/pyxform-examples, by number of elements) and one answer change on it, each against
  the same measure on the bundled enterprise form in the same run (when the corpus is there).

Run: python bench/engine.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import shutil
from models.base.driver import sqlite3
import subprocess
import tempfile
from pathlib import Path

from _util import ROOT, emit, median_time

YN = "| choices |\n| | list_name | name | label |\n| | yn | 1 | Có |\n| | yn | 0 | Không |\n"


def form_60() -> str:
    """~60 questions shaped like the enterprise questionnaire: chains of relevance, calculations,
    constraints and a small repeat."""
    rows = ["| survey |", "| | type | name | label | relevant | constraint | calculation | required | repeat_count |"]
    rows.append("| | integer | emp | Lao động | | . >= 1 and . <= 50000 | | yes | |")
    rows.append("| | decimal | revenue | Doanh thu | | . >= 0 | | yes | |")
    rows.append("| | select_one yn | online | Bán online | | | | yes | |")
    for i in range(1, 46):
        rel = "${online} = '1'" if i % 3 == 0 else ("${emp} > 10" if i % 3 == 1 else "")
        rows.append(f"| | integer | q{i} | Câu {i} | {rel} | . >= 0 and . <= ${{emp}} | | yes | |")
    for i in range(1, 6):
        rows.append(f"| | calculate | c{i} | | | | ${{revenue}} * ${{q{i * 3}}} div 100 + {i} | | |")
    rows.append("| | integer | n | Số chi nhánh | | . >= 0 and . <= 5 | | yes | |")
    rows.append("| | begin repeat | br | Chi nhánh | | | | | ${n} |")
    rows.append("| | integer | br_emp | Lao động | | . <= ${emp} | | yes | |")
    rows.append("| | select_one yn | br_online | Online | ${br_emp} > 0 | | | yes | |")
    rows.append("| | end repeat | | | | | | | |")
    rows.append("| | calculate | tot | | | | sum(${br_emp}) | | |")
    return "\n".join(rows) + "\n" + YN


def form_chain(n: int = 1000) -> str:
    """n questions: q_i is relevant when q_{i-1} is answered, and c_i = c_{i-1} + q_i (a 1,000-link chain)."""
    rows = ["| survey |", "| | type | name | label | relevant | calculation | constraint |"]
    rows.append("| | integer | q0 | Q0 | | | . >= 0 |")
    rows.append("| | calculate | c0 | | | ${q0} | |")
    for i in range(1, n // 2):
        rows.append(f"| | integer | q{i} | Q{i} | ${{c{i - 1}}} >= 0 | | . >= 0 |")
        rows.append(f"| | calculate | c{i} | | | ${{c{i - 1}}} + coalesce(${{q{i}}}, 0) | |")
    return "\n".join(rows) + "\n"


def form_20() -> str:  # kept for ad-hoc profiling
    rows = ["| survey |", "| | type | name | label | relevant | constraint | calculation | required |"]
    rows.append("| | integer | a | A | | . >= 0 | | yes |")
    for i in range(1, 15):
        rel = "${a} > 5" if i % 2 else ""
        rows.append(f"| | integer | q{i} | Q{i} | {rel} | . >= 0 and . <= 1000 | | |")
    for i in range(1, 6):
        rows.append(f"| | calculate | c{i} | | | | ${{a}} * {i} + coalesce(${{q{i}}}, 0) | |")
    return "\n".join(rows) + "\n"


def change_ms(text: str, path: str, values: tuple[str, str], answers: dict, number: int) -> float:
    from forms import load_form
    from forms.engine import FormSession

    s = FormSession(load_form(text), today="2025-11-20")
    s.load(answers)
    state = {"i": 0}

    def one():
        state["i"] ^= 1
        s.set_value(path, values[state["i"]])

    return median_time(one, repeat=5, number=number) * 1000


CORPUS = ROOT.parent / "shared" / "corpus" / "pyxform-examples"
#: the largest corpus form (75 elements: 54 questions, 5 repeats) and the change measured on it: the
#: slope, which two calculations and a constraint in the trees repeat read
CORPUS_FORM = "bug_example_xls__UCL_Biomass_Plot_Form.xlsx"
CORPUS_ANSWERS = {"leader_name": "1", "slope": "10", "any_trees": "yes",
                  "trees": [{"tag": str(i), "tree_distance": "3.5", "stem_count": "1",
                             "stems": [{"cbh": "40"}]} for i in range(1, 6)]}


def load_ms(data: bytes, number: int) -> float:
    """Median time of load_form on an XLSForm's bytes (pyxform's conversion, our checks, compiling)."""
    from forms import load_form

    return median_time(lambda: load_form(data, file_type="xlsx"), repeat=5, number=number) * 1000


def corpus_figures(quick: bool) -> list[dict]:
    """The largest corpus form against the bundled enterprise form: load, and one answer change."""
    path, ent = CORPUS / CORPUS_FORM, ROOT / "forms" / "enterprise_digital.xlsx"
    scen = ROOT / "tests" / "forms" / "scenarios" / "enterprise_interview.json"
    if not path.is_file() or not ent.is_file() or not scen.is_file():
        return [{"name": "load, largest corpus form", "baseline": f"the corpus is not here: {CORPUS}"}]
    from forms import load_form

    largest = max((p for p in CORPUS.iterdir() if p.suffix.lower() in (".xls", ".xlsx", ".md")),
                  key=lambda p: _elements(p))
    assert largest.name == CORPUS_FORM, f"the largest corpus form is now {largest.name}: update CORPUS_FORM"
    form = load_form(path.read_bytes(), file_type="xlsx")
    n_load = 2 if quick else 5
    base_load = load_ms(ent.read_bytes(), n_load)
    ours_load = load_ms(path.read_bytes(), n_load)
    n = 200 if quick else 2000
    base_change = change_ms(ent.read_bytes(), "emp_total", ("18", "60"), json.loads(scen.read_text(encoding="utf-8")),
                            n)
    ours_change = change_ms(path.read_bytes(), "slope", ("10", "35"), CORPUS_ANSWERS, n)
    what = f"{len(form.elements)} elements, {sum(1 for e in form.elements if e.is_input)} questions"
    return [
        {"name": f"load, largest corpus form ({CORPUS_FORM}: {what})", "ms": round(ours_load, 2),
         "baseline": "load, bundled enterprise form (92 elements)", "baseline_ms": round(base_load, 2),
         "ratio": round(ours_load / base_load, 2), "target_text": "measured (issue 12: next to the bundled forms)"},
        {"name": "answer change, largest corpus form (slope: 2 calculations, a constraint in 5 trees)",
         "ms": round(ours_change, 4), "baseline": "answer change, bundled enterprise form",
         "baseline_ms": round(base_change, 4), "ratio": round(ours_change / base_change, 2),
         "target_text": "measured (issue 12: next to the bundled forms)"},
    ]


def _elements(p: Path) -> int:
    from forms import check_form

    form, _problems = check_form(p)
    return len(form.elements) if form is not None else 0


def save_ratio(quick: bool) -> dict:
    from forms import load_form
    from models.records.editor import RecordEditor, create_record
    from models.store.database import open_store

    tmp = Path(tempfile.mkdtemp(prefix="bench-save-"))
    try:
        store = open_store(tmp / "s.db")
        store.set_settings({"role": "enumerator", "user_name": "Bench"})
        store.add_form(load_form(form_60()))
        rid = create_record(store, "data")
        ed = RecordEditor(store, rid)
        for p, v in [("emp", "20"), ("revenue", "1000"), ("online", "1"), ("n", "2")]:
            ed.set(p, v)
        st = {"i": 0}

        def ours():
            st["i"] += 1
            ed.set("q1", str(st["i"] % 20))

        bare = sqlite3.connect(tmp / "bare.db", isolation_level=None)
        bare.execute("PRAGMA journal_mode=WAL")
        bare.execute("PRAGMA synchronous=FULL")
        bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")

        def baseline():
            bare.execute("BEGIN")
            bare.execute("INSERT INTO t(v) VALUES (?)", ["x" * 40])
            bare.execute("COMMIT")

        # interleaved, so disk and machine noise hits both sides alike; medians of single commits
        import statistics
        import time

        number = 40 if quick else 300
        bare_t, ours_t = [], []
        for _ in range(number):
            t0 = time.perf_counter()
            baseline()
            t1 = time.perf_counter()
            ours()
            t2 = time.perf_counter()
            bare_t.append(t1 - t0)
            ours_t.append(t2 - t1)
        t_bare, t_ours = statistics.median(bare_t), statistics.median(ours_t)
        store.close()
        bare.close()
        return {"name": "durable save (engine + record + audit, one commit)", "ms": round(t_ours * 1000, 3),
                "baseline": "bare sqlite3 single-row commit, WAL + synchronous=FULL",
                "baseline_ms": round(t_bare * 1000, 3), "ratio": round(t_ours / t_bare, 2), "target": "≤ 2x"}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def odk_same_workload() -> dict | None:
    """ODK's engine and ours on the same form (bench/odk_bench_form.md), the same answers, the same
    sequence of changes to hh_size (1..12) and the same read-back of every value, relevance and
    validity after each change, in the same run. None when Node or tests/odk/node_modules is missing."""
    script = ROOT / "bench" / "odk_change.mjs"
    if not shutil.which("node") or not (ROOT / "tests/odk/node_modules").exists():
        return None
    p = subprocess.run(["node", str(script), "2000", "5", str(ROOT / "bench" / "odk_bench_form.xml")],
                       capture_output=True, text=True, timeout=900)
    if p.returncode != 0:
        return None
    odk = float(json.loads(p.stdout)["ms_per_change"])

    from forms import load_form
    from forms.engine import FormSession

    form = load_form((ROOT / "bench" / "odk_bench_form.md").read_text(encoding="utf-8"))

    def prepare():
        s = FormSession(form)
        s.load({})
        for path, v in [("hh_size", "4"), ("n_adults", "2"), ("income", "6000000"), ("has_internet", "yes"),
                        ("n_online", "2"), ("platforms", "shopee tiki"), ("n_phones", "5")]:
            s.set_value(path, v)
        return s, s.question_paths()

    def read_back(s, paths):
        total = 0
        for p_ in paths:
            total += len(s.effective_value(p_)) + (1 if s.is_relevant(p_) else 0) + len(s.issues_at(p_))
        return total

    import statistics
    import time

    runs = []
    for _ in range(6):
        s, paths = prepare()
        t0 = time.perf_counter()
        for i in range(2000):
            s.set_value("hh_size", str(1 + i % 12))
            read_back(s, paths)
        runs.append((time.perf_counter() - t0) / 2000 * 1000)
    ours = statistics.median(runs[1:])  # the first run warms up, as the Node script does
    return {"name": "answer change + read-back, ODK's 20-question benchmark form", "ms": round(ours, 4),
            "baseline": "ODK @getodk/xforms-engine 0.22.0 (Node) on the same XForm and workload",
            "baseline_ms": round(odk, 4), "ratio": round(ours / odk, 2), "target": "as fast as ODK (ratio ≤ 1)"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    n = 200 if args.quick else 2000
    results = []
    a60 = {"emp": "20", "revenue": "1000", "online": "1", "n": "3",
           "br": [{"br_emp": "3"}, {"br_emp": "4"}, {"br_emp": "0"}]}
    ms60 = change_ms(form_60(), "emp", ("20", "5"), a60, n)
    results.append({"name": "answer change, generated 60-question form", "ms": round(ms60, 4), "target_ms": 2})
    ent = ROOT / "forms" / "enterprise_digital.xlsx"
    scen = ROOT / "tests" / "forms" / "scenarios" / "enterprise_interview.json"
    if ent.exists() and scen.exists():
        answers = json.loads(scen.read_text(encoding="utf-8"))
        ms_ent = change_ms(ent.read_bytes(), "emp_total", ("18", "60"), answers, n)
        results.append({"name": "answer change, bundled enterprise form (66 questions, 10 calculations)",
                        "ms": round(ms_ent, 4), "target_ms": 2})
    hh = ROOT / "forms" / "household_digital.xlsx"
    scen = ROOT / "tests" / "forms" / "scenarios" / "household_of_five.json"
    if hh.exists() and scen.exists():
        answers = json.loads(scen.read_text(encoding="utf-8"))
        ms_hh = change_ms(hh.read_bytes(), "mem[3].m_byear", ("2010", "1950"), answers, n)
        results.append({"name": "answer change in the roster, bundled household form (household of five)",
                        "ms": round(ms_hh, 4), "target_ms": 2})
    ms1k = change_ms(form_chain(1000), "q0", ("1", "2"), {}, max(20, n // 20))
    results.append({"name": "answer change at the head of a 1,000-question dependency chain",
                    "ms": round(ms1k, 3), "target_ms": 20})
    odk = odk_same_workload()
    if odk is not None:
        results.append(odk)
    else:
        results.append({"name": "answer change, ODK's benchmark form",
                        "baseline": "ODK engine not available here (needs node and tests/odk/node_modules)"})
    results.append(save_ratio(args.quick))
    results += corpus_figures(args.quick)
    emit("engine", results)


if __name__ == "__main__":
    main()
