"""A province of 300 communes and up to 1,000,000 records: consolidation, search, the province
report and peak memory, and how each grows from 10,000 to 100,000 to 1,000,000 records.

    python bench/scale.py [--sizes 10000,100000,1000000] [--work DIR] [--keep] [--jobs 2] [--repeat 5]

Data (``bench/_province.py``): 300 communes' transfer packages made from demo interviews (realistic
answers, both forms, ~30% enterprises and ~70% households with their members; 15–20% drafts; about
60% of the finished interviews approved), one package per commune per size, so every size is the
same 300 communes with 33, 333 or 3,333 records each. Made once and kept in ``--work`` (default
``/tmp/ks-scale``); the province databases are deleted at the end unless ``--keep``.

Every step runs in a fresh Python process whose peak resident memory (``ru_maxrss``) is reported
next to that of a bare process that imported the same libraries (``baseline_rss_mb``):

- consolidation: ``models.exchange.packages.import_into`` of the 300 packages into a new province
  database, against a bare ``executemany`` of the same record, audit and search rows into the same
  schema, one transaction per package, in the same run (``bench/bench_packages.py``'s baseline);
- search: what the record list runs on a filter or a search (``models.records.queries.count_capped`` and the
  first ``page``): median of ``--repeat`` runs after a first (cold) one; target < 100 ms. Before the
  cases, the one-time cost of the planner's statistics (``queries.ensure_statistics``: the first list
  query after a consolidation makes them) is timed on its own;
- province report: ``models.indicators.compute.compute_indicators`` over every commune and
  ``exports.report.render_report`` at province level (ranking, province total, every indicator by
  commune); median of ``--repeat`` runs at 10,000 and 100,000 records, one run at 1,000,000;
- memory: peak RSS of each step; target < 500 MB.

Prints one JSON document (``{"bench": "scale", "machine": …, "sizes": {…}, "growth": {…}}``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SIZES = (10_000, 100_000, 1_000_000)
MEMORY_TARGET_MB = 500
SEARCH_TARGET_MS = 100


def peak_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def io_mb() -> dict:
    """Bytes this process read through system calls (SQLite pages from the OS cache or disk) and wrote
    to storage, in MB (Linux /proc/self/io; empty elsewhere)."""
    try:
        f = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    except (OSError, ValueError):
        return {}
    return {"read_syscalls_mb": round(int(f["rchar"]) / 2**20), "written_mb": round(int(f["write_bytes"]) / 2**20)}


def drain(gen):
    from models.base.progress import run

    return run(gen)


# ---------------------------------------------------------------------------------------- steps (children)


def step_baseline_rss(args) -> dict:
    """A process that imported what the steps import, and opened the database."""
    import pandas  # noqa: F401
    import reportlab.platypus  # noqa: F401

    import exports.report  # noqa: F401
    import models.indicators.compute
    import models.exchange.packages  # noqa: F401
    from models.store.database import open_store

    st = open_store(args.db) if args.db and os.path.exists(args.db) else None
    if st is not None:
        st.execute("SELECT count(*) FROM records").fetchone()
        st.close()
    return {"peak_rss_mb": peak_mb()}


def step_consolidate(args) -> dict:
    from models.exchange.keys import identity
    from models.exchange.packages import import_into
    from models.store.database import open_store

    files = json.loads(Path(args.files).read_text())
    for suffix in ("", "-wal", "-shm"):
        Path(args.db + suffix).unlink(missing_ok=True)
    st = open_store(args.db)
    st.set_settings({"role": "province", "user_name": "Sở Khoa học và Công nghệ", "province": "38",
                     "language": "vi"})
    identity(st)
    t = time.perf_counter()
    summaries = drain(import_into(st, files))
    seconds = time.perf_counter() - t
    st.close()
    refused = [s.reason_en for s in summaries if s.refused]
    st = open_store(args.db)
    n = st.execute("SELECT count(*) FROM records").fetchone()[0]
    st.close()
    size = sum(os.path.getsize(args.db + s) for s in ("", "-wal") if os.path.exists(args.db + s))
    return {"seconds": round(seconds, 2), "records": n, "packages": len(files), "refused": refused[:3],
            "added": sum(s.added for s in summaries), "duplicates_flagged": sum(s.duplicates for s in summaries),
            "db_mb": round(size / 2**20, 1), "peak_rss_mb": peak_mb(), "io": io_mb()}


def step_baseline_import(args) -> dict:
    """The same record, audit and search rows written with executemany, one transaction per
    commune, into a new database with the same schema and pragmas (the least an import must do)."""
    from models.base.driver import sqlite3

    from models.store.database import open_store
    from models.store.schema import AUDIT, AUDIT_FIELDS, RECORD, VERSION_ROW

    out = args.db + ".baseline"
    for suffix in ("", "-wal", "-shm"):
        Path(out + suffix).unlink(missing_ok=True)
    open_store(out).close()
    src = sqlite3.connect(args.db)
    dst = sqlite3.connect(out, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.execute("PRAGMA synchronous=FULL")
    cols = ", ".join(VERSION_ROW)
    sql_r = RECORD.insert_sql(VERSION_ROW)
    sql_a = AUDIT.insert_sql(AUDIT_FIELDS)
    sql_f = "INSERT INTO records_fts(rowid, record_id, text) VALUES (?, ?, ?)"
    communes = [r[0] for r in src.execute("SELECT DISTINCT commune FROM records ORDER BY commune")]
    spent = 0.0
    n = 0
    for c in communes:
        recs = src.execute(f"SELECT {cols} FROM records WHERE commune = ?", [c]).fetchall()
        audit = src.execute(f"SELECT {', '.join('a.' + f for f in AUDIT_FIELDS)} "
                            "FROM audit a JOIN records r ON r.id = a.record_id WHERE r.commune = ?", [c]).fetchall()
        fts = src.execute("SELECT f.rowid, f.record_id, f.text FROM records_fts f JOIN records r ON r.rowid = f.rowid "
                          "WHERE r.commune = ?", [c]).fetchall()
        t = time.perf_counter()
        dst.execute("BEGIN")
        dst.executemany(sql_r, recs)
        dst.executemany(sql_a, audit)
        dst.executemany(sql_f, fts)
        dst.execute("COMMIT")
        spent += time.perf_counter() - t
        n += len(recs)
        del recs, audit, fts
    src.close()
    dst.close()
    for suffix in ("", "-wal", "-shm"):
        Path(out + suffix).unlink(missing_ok=True)
    return {"seconds": round(spent, 2), "records": n, "peak_rss_mb": peak_mb(), "io": io_mb()}


def search_cases(st) -> dict:
    from models.records import queries
    from models.setup.admin_units import fold

    def one(sql, params=()):
        r = st.execute(sql, list(params)).fetchone()
        return r[0] if r else ""

    n = one("SELECT count(*) FROM records")
    name = one("SELECT label FROM records WHERE label != '' AND rowid >= ? ORDER BY rowid LIMIT 1", [n // 2])
    phone = one("SELECT json_extract(answers, '$.phone') FROM records WHERE rowid >= ? AND "
                "json_extract(answers, '$.phone') != '' ORDER BY rowid LIMIT 1", [n // 3])
    village = one("SELECT village FROM records WHERE rowid >= ? AND village != '' ORDER BY rowid LIMIT 1", [n // 4])
    enum = one("SELECT enumerator FROM records WHERE rowid >= ? ORDER BY rowid LIMIT 1", [n // 5])
    F = queries.RecordFilter
    return {
        "all records, newest first": F(),
        "form": F(form_id="household_digital"),
        "status": F(status="draft"),
        "village": F(village=village),
        "enumerator": F(enumerator=enum),
        "form + status + village": F(form_id="enterprise_digital", status="approved", village=village),
        "search a full name": F(text=name),
        "search a name without diacritics": F(text=fold(name)),
        "search a family name (many hits)": F(text="nguyen"),
        "search a phone prefix": F(text=(phone or "09")[:6]),
        "search + form filter": F(text="tran", form_id="household_digital"),
    }


def step_search(args) -> dict:
    from models.records import queries
    from models.store.database import open_store

    st = open_store(args.db)
    t = time.perf_counter()
    analysed = queries.ensure_statistics(st)  # what the first list query after a consolidation does
    stats_s = time.perf_counter() - t
    cases = search_cases(st)
    out = {}
    for label, flt in cases.items():
        times = []
        for _ in range(args.repeat + 1):
            t = time.perf_counter()
            n, _exact = queries.count_capped(st, flt, queries.MANY_HITS)
            rows = queries.page(st, flt, limit=200)
            times.append((time.perf_counter() - t) * 1000)
        out[label] = {"matches": n, "rows": len(rows), "cold_ms": round(times[0], 1),
                      "median_ms": round(statistics.median(times[1:]), 1), "max_ms": round(max(times[1:]), 1)}
    st.close()
    worst = max(c["median_ms"] for c in out.values())
    return {"cases": out, "worst_median_ms": worst, "statistics_made": analysed, "statistics_s": round(stats_s, 2),
            "peak_rss_mb": peak_mb()}


def step_report(args) -> dict:
    from exports.report import render_report
    from models.indicators.compute import compute_indicators
    from models.store.database import open_store

    st = open_store(args.db)
    work = Path(tempfile.mkdtemp(prefix="ks-scale-report."))
    comp, rend, pages = [], [], 0
    try:
        for i in range(args.repeat):
            t = time.perf_counter()
            rep = compute_indicators(st)
            comp.append(time.perf_counter() - t)
            t = time.perf_counter()
            pages = render_report(rep, str(work / f"province{i}.pdf"), level="province")
            rend.append(time.perf_counter() - t)
            counted = sum(rep.total.records.values())
            communes = len(rep.communes)
            index = rep.total.index
            del rep
    finally:
        st.close()
        shutil.rmtree(work, ignore_errors=True)
    c, r = statistics.median(comp), statistics.median(rend)
    return {"runs": args.repeat, "compute_s": round(c, 2), "render_s": round(r, 2), "total_s": round(c + r, 2),
            "compute_all_s": [round(x, 2) for x in comp], "render_all_s": [round(x, 2) for x in rend],
            "pages": pages, "communes": communes, "counted_records": counted,
            "province_index": round(index, 2) if index is not None else None, "peak_rss_mb": peak_mb()}


STEPS = {"baseline_rss": step_baseline_rss, "consolidate": step_consolidate, "baseline_import": step_baseline_import,
         "search": step_search, "report": step_report}


def child(step: str, **kw) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--step", step]
    for k, v in kw.items():
        cmd += [f"--{k.replace('_', '-')}", str(v)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if p.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{p.stderr[-4000:]}")
    out = json.loads(p.stdout.strip().splitlines()[-1])
    out["wall_s"] = round(time.perf_counter() - t, 1)
    print(f"# {step} {kw.get('db', '')}: {json.dumps(out, ensure_ascii=False)[:300]}", file=sys.stderr)
    return out


# ---------------------------------------------------------------------------------------- orchestration


def growth(sizes: list[int], values: list[float]) -> dict:
    """Ratios to the smallest size and the exponent k of t ∝ n^k between the smallest and the largest."""
    base = values[0] or 1e-9
    out = {"ratio_to_smallest": [round(v / base, 2) for v in values]}
    if len(sizes) > 1 and values[0] > 0 and values[-1] > 0:
        out["exponent"] = round(math.log(values[-1] / values[0]) / math.log(sizes[-1] / sizes[0]), 2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--work", default=os.environ.get("KS_SCALE_WORK", "/tmp/ks-scale"))
    ap.add_argument("--keep", action="store_true", help="keep the province databases")
    ap.add_argument("--reuse", action="store_true", help="reuse province databases kept by an earlier --keep run "
                                                         "(consolidation is then not measured again)")
    ap.add_argument("--communes", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--report-repeat", type=int, default=3)
    ap.add_argument("--step", choices=sorted(STEPS))
    ap.add_argument("--db", default="")
    ap.add_argument("--files", default="")
    args = ap.parse_args()
    if args.step:
        print(json.dumps(STEPS[args.step](args), ensure_ascii=False))
        return 0

    from _province import build_province
    from _util import machine

    sizes = sorted(int(x) for x in args.sizes.split(","))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    packages = build_province(work, tuple(sizes), communes=args.communes, jobs=args.jobs)
    made_s = time.perf_counter() - t
    result: dict = {"bench": "scale", "machine": machine(), "communes": args.communes, "data_seconds": round(made_s, 1),
                    "targets": {"memory_mb": MEMORY_TARGET_MB, "search_ms": SEARCH_TARGET_MS},
                    "sizes": {}}
    for n in sizes:
        db = str(work / f"province_{n}.db")
        files = work / f"files_{n}.json"
        files.write_text(json.dumps(packages[n]))
        r: dict = {"package_mb": round(sum(os.path.getsize(f) for f in packages[n]) / 2**20, 1)}
        if args.reuse and os.path.exists(db):
            r["consolidation"] = None
        else:
            r["consolidation"] = child("consolidate", db=db, files=files)
            r["consolidation_baseline"] = child("baseline_import", db=db)
            r["consolidation"]["ratio_to_baseline"] = round(
                r["consolidation"]["seconds"] / max(r["consolidation_baseline"]["seconds"], 1e-9), 2)
        r["baseline_rss"] = child("baseline_rss", db=db)
        r["search"] = child("search", db=db, repeat=args.repeat)
        r["report"] = child("report", db=db, repeat=args.report_repeat if n < 1_000_000 else 1)
        steps = {k: r[k]["peak_rss_mb"] for k in ("consolidation", "search", "report") if r.get(k)}
        r["memory"] = {"peak_rss_mb": steps, "worst_mb": max(steps.values()),
                       "baseline_rss_mb": r["baseline_rss"]["peak_rss_mb"],
                       "met": max(steps.values()) < MEMORY_TARGET_MB}
        result["sizes"][str(n)] = r
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(db + suffix).unlink(missing_ok=True)
    ok = [n for n in sizes if result["sizes"][str(n)].get("consolidation")]
    g: dict = {}
    if len(ok) > 1:
        g["consolidation_s"] = growth(ok, [result["sizes"][str(n)]["consolidation"]["seconds"] for n in ok])
    g["report_total_s"] = growth(sizes, [result["sizes"][str(n)]["report"]["total_s"] for n in sizes])
    g["report_compute_s"] = growth(sizes, [result["sizes"][str(n)]["report"]["compute_s"] for n in sizes])
    g["search_worst_median_ms"] = growth(sizes, [result["sizes"][str(n)]["search"]["worst_median_ms"] for n in sizes])
    g["peak_rss_mb"] = growth(sizes, [result["sizes"][str(n)]["memory"]["worst_mb"] for n in sizes])
    result["growth"] = g
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
