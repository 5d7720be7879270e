"""Run every benchmark under bench/ and write docs/performance.md.

    python bench/run_all.py            # the full run (an hour or more: 1,000,000 records in bench/scale.py)
    python bench/run_all.py --quick    # a smoke run with small sizes (a few minutes)
    python bench/run_all.py --only engine,sync --runs 3 --out /tmp/perf.md
    python bench/run_all.py --use scale=scale.json   # scale.py's output from a separate (hour-long) run

Each script prints JSON; this runs it ``--runs`` times (full: 3, quick: 1), turns its output into
figures (a value, the baseline it is compared with *in the same run*, their ratio, the target from
the issues) and takes the median of every figure over the runs (the ratio is the median of the
per-run ratios, so each ratio compares numbers measured side by side). Scripts that already take
medians inside (engine, list filter, relevance, start-up, the search and report steps of the scale
run) report those medians. ``bench/scale.py`` runs once (its largest size alone takes most of an hour).

The report says which machine, which commit, when, the machine's load average before and after
(the machine may be shared), each target from the issues next to what was measured with met / not
met, every figure, and the scale tables. The raw JSON of every run goes to
``bench/out/performance.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))


@dataclass
class Figure:
    """One measured number, its same-run baseline (if any) and its target (if any)."""

    bench: str
    name: str
    value: float | None
    unit: str
    baseline: str = ""  # what the value is compared with
    baseline_value: float | None = None
    ratio: float | None = None  # value / baseline_value, from the same run
    target: str = ""  # the target as the issue states it
    check: str = ""  # how "met" is decided: "value<2", "ratio<=2", "speedup>=3", ...
    met: bool | None = None
    runs: list[float] = field(default_factory=list)  # the value in each run
    note: str = ""


def _met(check: str, f: Figure) -> bool | None:
    if not check:
        return None
    import operator

    ops = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt, "==": operator.eq}
    for sym in ("<=", ">=", "<", ">", "=="):
        if sym in check:
            what, limit = check.split(sym)
            x = {"value": f.value, "ratio": f.ratio,
                 "speedup": (1 / f.ratio) if f.ratio else None}[what.strip()]
            if x is None:
                return None
            if limit.strip() in ("true", "false"):
                return bool(x) == (limit.strip() == "true")
            return ops[sym](x, float(limit))
    raise ValueError(check)


def fig(bench, name, value, unit, *, baseline="", baseline_value=None, ratio=None, target="", check="", note=""):
    if ratio is None and value is not None and baseline_value:
        ratio = value / baseline_value
    return Figure(bench, name, value, unit, baseline, baseline_value, ratio, target, check, note=note)


# ---------------------------------------------------------------------------------------- normalisers


def n_engine(d: dict) -> list[Figure]:
    out = []
    for r in d["results"]:
        name = r["name"]
        if "ratio" in r and "target_text" in r:  # measured next to a baseline, no number to meet
            out.append(fig("engine", name, r["ms"], "ms", baseline=r["baseline"], baseline_value=r["baseline_ms"],
                           ratio=r["ratio"], target=r["target_text"]))
        elif "ratio" in r:  # durable save, ODK comparison
            odk = "ODK" in r.get("baseline", "")
            out.append(fig("engine", name, r["ms"], "ms", baseline=r["baseline"], baseline_value=r["baseline_ms"],
                           ratio=r["ratio"], target="as fast as ODK's engine" if odk else "save ≤ 2x a bare commit",
                           check="ratio<=1" if odk else "ratio<=2"))
        elif "ms" in r:
            limit = r.get("target_ms")
            big = limit == 20
            out.append(fig("engine", name, r["ms"], "ms",
                           target=(f"< {limit} ms" + (" (1,000-question chain)" if big else " (60-question form)"))
                           if limit else "", check=f"value<{limit}" if limit else ""))
        else:
            out.append(fig("engine", name, None, "ms", note=r.get("baseline", "not measured")))
    return out


def n_packages(d: dict) -> list[Figure]:
    b = "packages"
    rec = f"{d['records']:,} records in {d['packages']} packages"
    full = d["records"] >= 100_000
    return [
        fig(b, f"first import, {rec}", d["first_import_s"], "s",
            baseline="bare executemany of the same record, audit and search rows, one transaction per package",
            baseline_value=d["baseline_same_rows_s"], target="≤ 2x a bare executemany (100,000 records)",
            check="ratio<=2" if full else ""),
        fig(b, "first import against the records-only executemany", d["first_import_s"], "s",
            baseline="bare executemany of the record rows only", baseline_value=d["baseline_records_only_s"]),
        fig(b, "second import of the same packages", d["second_import_s"], "s",
            baseline="the first import", baseline_value=d["first_import_s"],
            target="≥ 10x faster than the first", check="speedup>=10" if full else ""),
        fig(b, "second import without the 'already imported' short cut", d["second_import_without_shortcut_s"], "s",
            baseline="the first import", baseline_value=d["first_import_s"]),
        fig(b, "second import wrote nothing", 1.0 if d["second_import_wrote_nothing"] else 0.0, "yes=1",
            target="writes nothing", check="value==1"),
    ]


def n_backup(d: dict) -> list[Figure]:
    b = "backup"
    r = d["results"][0]
    n = f"{r['records']:,} records, a commune package of {r['commune_records']:,}"
    full = r["records"] >= 1_000_000
    return [
        fig(b, f"import with the safety copy (journal), {n}", r["import_journal_s"], "s",
            baseline="the same import without a safety copy", baseline_value=r["import_no_copy_s"],
            target="the copy does not grow with the database", check="ratio<=2" if full else ""),
        fig(b, f"import with a full copy of the database (before issue 17), {n}", r["import_full_copy_s"], "s",
            baseline="the same import without a safety copy", baseline_value=r["import_no_copy_s"]),
        fig(b, "disk taken by the safety copy of one import (journal)", r["journal_bytes"] / 1e6, "MB",
            baseline="a full copy of the database", baseline_value=r["full_copy_bytes"] / 1e6),
        fig(b, "restore the point (the full copy, then the journaled package again)", r["restore_point_s"], "s"),
    ]


def n_exports(d: dict) -> list[Figure]:
    b = "exports"
    n = f"{d['records']:,} records"
    full = d["records"] >= 100_000
    out = [fig(b, f"CSV export, {n}", d["csv"]["ours_s"], "s", baseline="pandas DataFrame.to_csv of the same tables",
               baseline_value=d["csv"]["pandas_to_csv_s"], target="≤ 1.5x to_csv (100,000 records)",
               check="ratio<=1.5" if full else "")]
    x = d["xlsx"]
    if "pandas_openpyxl_s" in x:
        out.append(fig(b, f"XLSX export, {n}", x["ours_s"], "s",
                       baseline="pandas DataFrame.to_excel (openpyxl) of the same tables",
                       baseline_value=x["pandas_openpyxl_s"], target="≥ 3x faster than to_excel (100,000 records)",
                       check="speedup>=3" if full else ""))
    else:
        out.append(fig(b, f"XLSX export, {n}", x["ours_s"], "s", note="openpyxl baseline skipped"))
    c = d["commune_report"]
    ok = "value<3" if c["records"] >= 5000 else ""
    out.append(fig(b, f"commune report (indicators + PDF), {c['records']:,} records, cold process",
                   c["cold_process_s"], "s", target="< 3 s on 5,000 records", check=ok))
    out.append(fig(b, f"commune report, {c['records']:,} records, warm", c["warm_s"], "s",
                   target="< 3 s on 5,000 records", check=ok))
    p = d["filled_questionnaires"]
    out.append(fig(b, f"{p['records']:,} filled questionnaires in one PDF ({p['pages']} pages)", p["seconds"], "s",
                   target="< 60 s for 1,000",
                   check="value<60" if p["records"] >= 1000 else ""))
    return out


def n_list(d: dict) -> list[Figure]:
    out = []
    n = d["records"]
    for label, c in d["cases"].items():
        if "median_ms" in c:
            out.append(fig("list_filter", f"list: {label} ({n:,} records)", c["median_ms"], "ms",
                           target="< 100 ms on 500,000 records" if n >= 500_000 else "< 100 ms (on 500,000)",
                           check="value<100" if n >= 500_000 else "",
                           note=f"{c.get('matches', '')} matches; max {c.get('max_ms')} ms"))
        elif "total_ms" in c:
            out.append(fig("list_filter", f"list: {label}", c["total_ms"], "ms"))
    return out


def n_relevance(d: dict) -> list[Figure]:
    return [fig("relevance", f"keystroke → relevance updated, {q} (household of {d['record_members']})",
                v["median_ms"], "ms", target="measured (issue 4 sets no number)", note=f"p95 {v['p95_ms']} ms")
            for q, v in d["questions"].items()]


def n_keystrokes(d: dict) -> list[Figure]:
    out = [fig("keystrokes", f"navigation keys per answered question, {k} interview from the list and back",
               v["navigation_per_answer"], "keys", target="≤ 1.1 (issue 13)", check="value<=1.1",
               note=f"{v['answered_questions']} answers, {v['navigation_keys']} navigation keys, "
                    f"{v['answer_keys']} answer keys")
           for k, v in d.items() if isinstance(v, dict)]
    out.append(fig("keystrokes", "mouse events in both interviews", d["mouse_events"], "events", target="none",
                   check="value<=0"))
    return out


def n_startup(d: dict) -> list[Figure]:
    return [fig("startup", f"cold start to a usable main window, {d['records']:,} records", d["app_main_window_s"],
                "s", baseline="a bare PySide6 window (fresh process each)", baseline_value=d["bare_window_s"],
                ratio=d["ratio"], target="≤ 2x a bare PySide6 window", check="ratio<=2")]


def n_sync(d: dict) -> list[Figure]:
    return [fig("sync", r["name"], r["s"], "s", baseline=r["baseline"], baseline_value=r["baseline_s"],
                ratio=r["ratio"], note=f"{r['per_record_ms']} ms per record" if "per_record_ms" in r else "")
            for r in d["results"]]


def n_scale(d: dict) -> list[Figure]:
    out = []
    for n, r in d["sizes"].items():
        n = int(n)
        label = f"{n:,} records, {d['communes']} communes"
        big = n >= 1_000_000
        c = r.get("consolidation")
        if c:
            out.append(fig("scale", f"consolidation: import {c['packages']} commune packages, {label}", c["seconds"],
                           "s", baseline="bare executemany of the same rows, one transaction per commune",
                           baseline_value=r["consolidation_baseline"]["seconds"],
                           note=f"{c['records'] / max(c['seconds'], 1e-9):,.0f} records/s; database {c['db_mb']:,} MB"))
        s = r["search"]
        out.append(fig("scale", f"search/filter, worst median of {len(s['cases'])} cases, {label}",
                       s["worst_median_ms"], "ms", target="< 100 ms", check="value<100"))
        rp = r["report"]
        out.append(fig("scale", f"province report (indicators + PDF, {rp['pages']} pages), {label}", rp["total_s"], "s",
                       note=f"indicators {rp['compute_s']} s, PDF {rp['render_s']} s; median of {rp['runs']}"))
        m = r["memory"]
        out.append(fig("scale", f"peak memory (worst step), {label}", m["worst_mb"], "MB",
                       baseline="a process that imported the same libraries and opened the database",
                       baseline_value=m["baseline_rss_mb"], target="< 500 MB at 1,000,000 records" if big else
                       "< 500 MB", check="value<500"))
    return out


@dataclass
class Bench:
    name: str
    script: str
    full: list[str]
    quick: list[str]
    normalise: Callable[[dict], list[Figure]]
    repeat: bool = True  # run --runs times (False: once; the script takes its own medians or is very long)
    timeout: int = 6 * 3600
    about: str = ""


BENCHES = [
    Bench("engine", "engine.py", [], ["--quick"], n_engine, repeat=False,
          about="engine change times (medians), durable save vs bare commit (interleaved), ODK's engine"),
    Bench("packages", "bench_packages.py", ["--records", "100000", "--packages", "50"],
          ["--records", "5000", "--packages", "10"], n_packages, about="package import (issue 5)"),
    Bench("exports", "bench_exports.py", ["--records", "100000", "--report-records", "5000", "--print-records", "1000"],
          ["--records", "5000", "--report-records", "2000", "--print-records", "50"], n_exports,
          about="CSV/XLSX exports, commune report, filled questionnaires (issue 6)"),
    Bench("list_filter", "list_filter.py", ["--records", "500000"], ["--records", "20000", "--repeat", "3"], n_list,
          repeat=False, about="record list filter and search (issue 4; medians inside)"),
    Bench("relevance", "relevance.py", [], ["--repeat", "5"], n_relevance, repeat=False,
          about="keystroke to relevance in the entry window (issue 4; medians inside)"),
    Bench("keystrokes", "keystrokes.py", [], [], n_keystrokes, repeat=False,
          about="keys of a whole heads-down interview per bundled form (issue 13; counts, not times)"),
    Bench("startup", "startup.py", [], ["--runs", "3"], n_startup, repeat=False,
          about="cold start vs a bare PySide6 window (issue 4; medians of alternating runs inside)"),
    Bench("sync", "sync_bench.py", ["300"], ["20"], n_sync, about="OpenRosa sync against the local test server (issue 7)"),
    Bench("backup", "backup_bench.py", ["--records", "1000000"], ["--records", "20000", "--commune-records", "500"],
          n_backup, repeat=False, about="the safety copy before one commune's import into a province database "
                                        "(issue 17)"),
    Bench("scale", "scale.py", [], ["--communes", "30", "--sizes", "1000,10000", "--repeat", "3",
                                    "--report-repeat", "1"], n_scale, repeat=False,
          about="a province of 300 communes up to 1,000,000 records (issue 8)"),
]

#: scripts under bench/ that are not performance benchmarks, with the reason they are not run here
NOT_BENCHMARKS = {
    "run_all.py": "this script",
    "make_odk_bench_form.py": "writes bench/odk_bench_form.*, the form engine.py compares with ODK on",
    "torture.py": "crash torture (reliability), not a performance benchmark",
    "attack.py": "hostile packages, forms and exports (security), not a performance benchmark",
}


def run_script(b: Bench, quick: bool) -> tuple[dict | None, str, float]:
    args = b.quick if quick else b.full
    cmd = [sys.executable, str(BENCH / b.script), *args]
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=str(ROOT), env=env, timeout=b.timeout,
                           check=False)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {b.timeout} s", time.perf_counter() - t
    spent = time.perf_counter() - t
    if p.returncode != 0:
        return None, (p.stderr or p.stdout)[-3000:], spent
    text = p.stdout.strip()
    try:
        return json.loads(text[text.index("{"):]), "", spent
    except ValueError:
        return None, "no JSON in the output: " + text[-500:], spent


def median_figures(runs: list[list[Figure]]) -> list[Figure]:
    """The median of each figure (matched by name) over the runs."""
    out = []
    for f in runs[0]:
        same = [g for r in runs for g in r if g.name == f.name]
        vals = [g.value for g in same if g.value is not None]
        m = Figure(**{**asdict(f), "runs": vals})
        m.value = statistics.median(vals) if vals else None
        bases = [g.baseline_value for g in same if g.baseline_value is not None]
        m.baseline_value = statistics.median(bases) if bases else None
        ratios = [g.ratio for g in same if g.ratio is not None]
        m.ratio = statistics.median(ratios) if ratios else None
        m.met = _met(m.check, m)
        out.append(m)
    return out


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=str(ROOT), check=False).stdout.strip()
    except OSError:
        return ""


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# ---------------------------------------------------------------------------------------- report


def _num(x: float | None, unit: str = "") -> str:
    if x is None:
        return "—"
    if unit == "yes=1":
        return "yes" if x >= 1 else "no"
    ax = abs(x)
    s = f"{x:,.0f}" if ax >= 100 else f"{x:,.1f}" if ax >= 10 else f"{x:,.2f}" if ax >= 0.1 else f"{x:,.3f}"
    return f"{s} {unit}".strip() if unit and unit != "yes=1" else s


def _ratio(f: Figure) -> str:
    if f.ratio is None:
        return "—"
    if f.check.startswith("speedup"):
        return f"{f.ratio:.2f}x ({1 / f.ratio:.1f}x faster)"
    return f"{f.ratio:.2f}x"


def _met_text(m: bool | None) -> str:
    return {True: "**met**", False: "**not met**", None: "—"}[m]


def render(doc: dict) -> str:
    m = doc["machine"]
    mode = ("quick (smoke run, small sizes: targets are judged only where the size matches)" if doc["quick"]
            else "full")
    L = ["# Performance report", "",
         (f"Written by `python bench/run_all.py{' --quick' if doc['quick'] else ''}` on {doc['date']} "
          f"(run took {doc['seconds'] / 60:.0f} min). Do not edit by hand: run it again."), "",
         "| | |", "| --- | --- |",
         f"| Commit | `{doc['commit']}`{' (with uncommitted changes)' if doc['dirty'] else ''} |",
         f"| Machine | {m.get('cpu', '?')}, {m.get('cpus', '?')} CPUs, {m.get('memory_gb', '?')} GB RAM |",
         f"| System | {m.get('platform', '?')}, Python {m.get('python', '?')}, SQLite {doc.get('sqlite', '?')} |",
         (f"| Load average (1, 5, 15 min) | before {doc['load_before']}, after {doc['load_after']} "
          "(the machine is shared: figures are medians, ratios compare numbers measured side by side) |"),
         f"| Mode | {mode}; runs per script: {doc['runs']} (median), except those marked once |"]
    for m2 in doc.get("merged", []):
        L.append(f"| Run again | {', '.join(m2['benches'])} on {m2['date']} at commit `{m2['commit']}` "
                 "(`--merge-into`) |")
    L.append("")
    figs = [Figure(**f) for f in doc["figures"]]
    targets = [f for f in figs if f.target]
    met = sum(1 for f in targets if f.met is True)
    judged = sum(1 for f in targets if f.met is not None)
    L += ["## Targets", "",
          (f"{met} of {judged} judged targets met. A ratio compares the figure with its baseline measured in the "
           "same run (for \"x faster\" targets the speed-up is shown)."), "",
          "| Target (from the issues) | Measured | Baseline (same run) | Ratio | Result |",
          "| --- | --- | --- | --- | --- |"]
    for f in targets:
        base = f"{f.baseline}: {_num(f.baseline_value, f.unit)}" if f.baseline else "—"
        L.append(f"| {f.target} — {f.name} | {_num(f.value, f.unit)} | {base} | {_ratio(f)} | {_met_text(f.met)} |")
    L.append("")
    if doc.get("scale"):
        L += scale_section(doc["scale"])
    L += ["## Every figure", "",
          "| Bench | Figure | Median | Runs | Baseline (same run) | Ratio | Note |",
          "| --- | --- | --- | --- | --- | --- | --- |"]
    for f in figs:
        runs = ", ".join(_num(x) for x in f.runs) if len(f.runs) > 1 else "once" if f.runs else "—"
        base = f"{f.baseline}: {_num(f.baseline_value, f.unit)}" if f.baseline else "—"
        L.append(f"| {f.bench} | {f.name} | {_num(f.value, f.unit)} | {runs} | {base} | {_ratio(f)} | {f.note} |")
    L.append("")
    L += ["## Scripts", "", "| Script | What | Arguments | Runs | Time | Outcome |", "| --- | --- | --- | --- | --- | --- |"]
    for s in doc["scripts"]:
        outcome = "ok" if not s["error"] else "failed: " + s["error"].strip().splitlines()[-1][:160].replace("|", "/")
        spent = f"{s['seconds']:.0f} s" + (f" ({s['ran']})" if doc.get("merged") and s.get("ran") else "")
        if s.get("reused"):
            outcome, spent = f"ok ({s['reused']}, given with `--use`)", "—"
        L.append(f"| `bench/{s['script']}` | {s['about']} | `{' '.join(s['args']) or '(defaults)'}` | {s['runs']} | "
                 f"{spent} | {outcome} |")
    for name, why in doc["not_run"].items():
        L.append(f"| `bench/{name}` | {why} | | not run | | |")
    L += ["", "Raw results: `bench/out/performance.json` (not committed).", ""]
    return "\n".join(L)


def scale_section(d: dict) -> list[str]:
    sizes = sorted(d["sizes"], key=int)
    L = ["## Scale: a province of {} communes".format(d["communes"]), "",
         "`bench/scale.py`: the transfer packages of {} communes (demo interviews: both forms, about 30% "
         "enterprises and 70% households with their members, drafts and approved records), the same communes at "
         "every size; every step in a fresh process. Search: median of the cases' medians is not used — the "
         "*worst* case's median is shown. Memory: peak resident set size (`ru_maxrss`) of the step's process."
         .format(d["communes"]), ""]
    head = "| | " + " | ".join(f"{int(n):,} records" for n in sizes) + " | growth (exponent k, time ∝ n^k) |"
    L += [head, "| --- " * (len(sizes) + 2) + "|"]
    g = d.get("growth", {})

    def row(label, get, key=None, unit=""):
        vals = []
        for n in sizes:
            try:
                vals.append(_num(get(d["sizes"][n]), unit))
            except (KeyError, TypeError):
                vals.append("—")
        gr = g.get(key, {}) if key else {}
        growth = f"k = {gr['exponent']}" if "exponent" in gr else ""
        L.append(f"| {label} | " + " | ".join(vals) + f" | {growth} |")

    row("package files (MB)", lambda r: r["package_mb"])
    row("consolidation: import (s)", lambda r: r["consolidation"]["seconds"], "consolidation_s")
    row("consolidation: baseline executemany (s)", lambda r: r["consolidation_baseline"]["seconds"])
    row("consolidation: ratio to baseline", lambda r: r["consolidation"]["ratio_to_baseline"])
    row("consolidation: records per second", lambda r: r["consolidation"]["records"] / r["consolidation"]["seconds"])
    row("province database (MB)", lambda r: r["consolidation"]["db_mb"])
    row("search/filter: worst case median (ms)", lambda r: r["search"]["worst_median_ms"], "search_worst_median_ms")
    row("search: statistics made once before (s)", lambda r: r["search"]["statistics_s"])
    row("province report: indicators (s)", lambda r: r["report"]["compute_s"], "report_compute_s")
    row("province report: PDF (s)", lambda r: r["report"]["render_s"])
    row("province report: total (s)", lambda r: r["report"]["total_s"], "report_total_s")
    row("province report: pages", lambda r: r["report"]["pages"])
    row("peak RSS: consolidation (MB)", lambda r: r["consolidation"]["peak_rss_mb"])
    row("peak RSS: search (MB)", lambda r: r["search"]["peak_rss_mb"])
    row("peak RSS: report (MB)", lambda r: r["report"]["peak_rss_mb"])
    row("peak RSS: libraries only, baseline (MB)", lambda r: r["memory"]["baseline_rss_mb"])
    row("memory target < 500 MB", lambda r: None if r["memory"]["met"] is None else (1.0 if r["memory"]["met"] else 0.0),
        unit="yes=1")
    L.append("")
    big = sizes[-1]
    cases = d["sizes"][big]["search"]["cases"]
    L += [f"Search and filter cases at {int(big):,} records (count + first 200 rows, as the record list runs them):", "",
          "| Case | Matches | Cold (ms) | Median (ms) | Max (ms) |", "| --- | --- | --- | --- | --- |"]
    for label, c in cases.items():
        L.append(f"| {label} | {c['matches']:,} | {c['cold_ms']} | {c['median_ms']} | {c['max_ms']} |")
    L.append("")
    return L


# ---------------------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description="Run every bench/ script and write docs/performance.md")
    ap.add_argument("--quick", action="store_true", help="a smoke run with small sizes")
    ap.add_argument("--runs", type=int, default=None, help="runs per script (default: 3 full, 1 quick)")
    ap.add_argument("--only", default="", help="comma-separated bench names: " + ", ".join(b.name for b in BENCHES))
    ap.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    ap.add_argument("--json", default=str(BENCH / "out" / "performance.json"))
    ap.add_argument("--from-json", default="", help="only write the report from an earlier run's JSON")
    ap.add_argument("--merge-into", default="", metavar="JSON",
                    help="run only the --only benches and replace their results in this earlier run's JSON "
                         "(e.g. one bench again after fixing it); the report lists when each script ran")
    ap.add_argument("--use", action="append", default=[], metavar="NAME=FILE",
                    help="take bench NAME's output from FILE (the JSON its script printed in a separate run, e.g. "
                         "the hour-long scale.py run) instead of running it; the report says so")
    args = ap.parse_args()
    if args.from_json:
        doc = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        Path(args.out).write_text(render(doc), encoding="utf-8")
        return 0
    runs = args.runs or (1 if args.quick else 3)
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    used: dict[str, Path] = {}
    for u in args.use:
        name, _, file = u.partition("=")
        if not file or not Path(file).is_file():
            ap.error(f"--use {u}: expected NAME=FILE with an existing FILE")
        used[name.strip()] = Path(file)
    unknown = (only | set(used)) - {b.name for b in BENCHES}
    if unknown:
        ap.error(f"unknown bench: {', '.join(sorted(unknown))}")
    from models.base.driver import sqlite3

    from _util import machine

    t0 = time.perf_counter()
    doc: dict[str, Any] = {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
                           "commit": git("rev-parse", "--short=12", "HEAD"),
                           "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
                           "machine": machine(), "sqlite": sqlite3.sqlite_version, "quick": args.quick, "runs": runs,
                           "load_before": loadavg(), "figures": [], "scripts": [], "raw": {}, "scale": None}
    registered = {b.script for b in BENCHES}
    doc["not_run"] = {}
    for p in sorted(BENCH.glob("*.py")):
        if p.name.startswith("_") or p.name in registered:
            continue
        doc["not_run"][p.name] = NOT_BENCHMARKS.get(p.name, "no normaliser registered in bench/run_all.py")
    for b in BENCHES:
        if only and b.name not in only:
            continue
        n = runs if b.repeat else 1
        results, errors, spent = [], "", 0.0
        if b.name in used:
            f = used[b.name]
            text = f.read_text(encoding="utf-8")
            results.append(json.loads(text[text.index("{"):]))
            when = dt.datetime.fromtimestamp(f.stat().st_mtime).astimezone().strftime("%Y-%m-%d %H:%M %Z")
            doc["raw"][b.name] = results
            doc["scripts"].append({"script": b.script, "about": b.about, "args": b.full, "runs": 1, "seconds": 0.0,
                                   "error": "", "reused": f"output of a separate run, finished {when}"})
            figs = median_figures([b.normalise(r) for r in results])
            doc["figures"] += [asdict(x) for x in figs]
            if b.name == "scale":
                doc["scale"] = results[0]
            continue
        for i in range(n):
            print(f"[run_all] {b.script} {' '.join(b.quick if args.quick else b.full)} ({i + 1}/{n})", file=sys.stderr,
                  flush=True)
            data, err, t = run_script(b, args.quick)
            spent += t
            if data is None:
                errors = err
                print(f"[run_all]   failed: {err[-400:]}", file=sys.stderr, flush=True)
                break
            results.append(data)
        doc["raw"][b.name] = results
        doc["scripts"].append({"script": b.script, "about": b.about, "args": b.quick if args.quick else b.full,
                               "runs": len(results), "seconds": spent, "error": errors})
        if results:
            figs = median_figures([b.normalise(r) for r in results])
            doc["figures"] += [asdict(f) for f in figs]
            if b.name == "scale":
                doc["scale"] = results[0]
    doc["load_after"] = loadavg()
    doc["seconds"] = time.perf_counter() - t0
    for s in doc["scripts"]:
        s.setdefault("ran", doc["date"])
    if args.merge_into:
        old = json.loads(Path(args.merge_into).read_text(encoding="utf-8"))
        names = {b.name for b in BENCHES if b.script in {s["script"] for s in doc["scripts"]}}
        for s in old["scripts"]:
            s.setdefault("ran", old["date"])
        old["figures"] = [f for f in old["figures"] if f["bench"] not in names] + doc["figures"]
        old["scripts"] = [s for s in old["scripts"] if s["script"] not in {x["script"] for x in doc["scripts"]}] \
            + doc["scripts"]
        old["raw"].update(doc["raw"])
        old["seconds"] += doc["seconds"]
        old["merged"] = old.get("merged", []) + [{"date": doc["date"], "commit": doc["commit"], "benches": sorted(names)}]
        doc = old
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    Path(args.out).write_text(render(doc), encoding="utf-8")
    print(f"[run_all] wrote {args.out} ({doc['seconds'] / 60:.1f} min)", file=sys.stderr)
    return 1 if any(s["error"] for s in doc["scripts"]) else 0


if __name__ == "__main__":
    sys.exit(main())
