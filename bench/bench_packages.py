"""Import speed of transfer packages against a bare sqlite3 baseline measured in the same run.

    python bench/bench_packages.py [--records 100000] [--packages 50] [--repeat 3] [--keep DIR]

1. Builds ``--packages`` enumerator databases (realistic records: enterprise and household forms, answers
   with a member roster, three audit rows each; rows written directly with real revisions, since the
   engine's per-keystroke path is not what is measured) and exports one package from each.
2. Baseline: a fresh database with the same schema (same pragmas: WAL, synchronous=FULL) receives the same
   record rows with one ``executemany`` per package (one transaction per package), rows prepared in memory
   beforehand — the least any import must do.
   The record rows are exactly the import's (every column, including the business keys the import writes
   with each record).
3. First import of the 50 packages into a new database (``models.exchange.packages.import_into``: read, verify
   signature and digests, check every revision, merge, audit, search index, duplicate keys, history).
   Steps 2 and 3 alternate ``--repeat`` times, each in new databases; the ratio reported is the median
   of the rounds (each import against the baseline run just before it), with CPU times for reference.
4. Second import of the same packages into the same database (must write nothing).

Prints JSON with the times and the ratios; targets: first import ≤ 2× the baseline, second ≥ 10× faster
than the first, and the database file unchanged by the second import.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
from models.base.driver import sqlite3
import statistics
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from models.records.duplicates import KeyIndexer, dup_keys_json  # noqa: E402
from models.store.schema import (  # noqa: E402
    AUDIT,
    AUDIT_FIELDS,
    RECORD,
    VERSION_ROW,
    add_audit,
    row_to_version,
    version_row,
)
from models.store.revisions import content_hash, make_rev  # noqa: E402
from models.store.database import open_store, utcnow  # noqa: E402

FIRST = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Ngọc", "Đức", "Thanh"]
LAST = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Mai", "Nam", "Phương", "Tâm", "Yến"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(MIDDLE)} {rng.choice(LAST)}"


def make_rows(store, n: int, rng: random.Random, code: str) -> None:
    """Insert ``n`` complete records with audit rows straight into a database (one transaction)."""
    device = store.device_id
    now = utcnow()
    recs, audits, fts = [], [], []
    for i in range(n):
        rid = f"uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}"
        village = f"Thôn {rng.randint(1, 12)}"
        if i % 3 == 0:
            answers = {"unit_name": f"Công ty TNHH {_name(rng)}", "tax_code": f"{rng.randint(10**9, 10**10 - 1)}",
                       "phone": f"09{rng.randint(10**7, 10**8 - 1)}", "village": village,
                       "workers": str(rng.randint(1, 300)), "sells_online": rng.choice(["0", "1"])}
            form_id, label = "pkg_ent", answers["unit_name"]
        else:
            head = _name(rng)
            size = rng.randint(1, 6)
            mem = [{"m_name": head if j == 0 else _name(rng), "m_byear": str(rng.randint(1940, 2020))}
                   for j in range(size)]
            answers = {"head_name": head, "village": village, "phone": f"03{rng.randint(10**7, 10**8 - 1)}",
                       "hh_size": str(size), "mem": mem}
            form_id, label = "pkg_hh", head
        v = {"id": rid, "form_id": form_id, "form_version": "1", "status": "complete", "deleted": 0,
             "answers": answers, "justifications": {}, "review": {}, "files": {}, "commune": "09025", "village": village,
             "enumerator": code, "device_id": device, "created_at": now, "modified_at": now,
             "ancestry": [], "rev_gen": 1, "data": answers, "issues": 0, "issues_json": [], "label": label}
        v["content_hash"] = content_hash(v)
        v["rev"] = make_rev(1, "", v["content_hash"])
        recs.append(version_row(v, False))
        for action, path, new in (("create", "", f"{form_id} 1"), ("set", "village", village),
                                  ("status", "", "complete")):
            audits.append((rid, now, "bench", device, action, path, None, new, v["rev"]))
        fts.append((rid, label + " " + village))
    with store.write():
        store.db.conn.executemany(RECORD.insert_sql(VERSION_ROW), recs)
        add_audit(store, audits)
        store.db.conn.executemany("INSERT INTO records_fts(record_id, text) VALUES (?, ?)", fts)


def sha(path: str) -> str:
    h = hashlib.sha256()
    for p in (path, path + "-wal"):
        if os.path.exists(p):
            h.update(open(p, "rb").read())
    return h.hexdigest()


def main() -> int:
    from forms import load_form
    from models.exchange.packages import export_package, import_into, summary_line
    from tests.models.pkg_helpers import ENTERPRISE, HOUSEHOLD

    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--packages", type=int, default=50)
    ap.add_argument("--keep", default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="baseline + first import rounds (median reported)")
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="bench-pkg.")
    os.makedirs(work, exist_ok=True)
    rng = random.Random(args.seed)
    per = args.records // args.packages
    forms = [load_form(ENTERPRISE), load_form(HOUSEHOLD)]
    files = []
    t0 = time.perf_counter()
    for k in range(args.packages):
        db = os.path.join(work, f"enum{k:02d}.db")
        store = open_store(db)
        store.set_settings({"role": "enumerator", "user_name": f"Điều tra viên {k}", "user_code": f"E{k:02d}",
                            "commune": "09025", "province": "01"})
        for f in forms:
            store.add_form(f)
        make_rows(store, per, rng, f"E{k:02d}")
        out = os.path.join(work, f"p{k:02d}.ksp")
        export_package(store, out)
        store.close()
        files.append(out)
    t_build = time.perf_counter() - t0
    size = sum(os.path.getsize(f) for f in files)

    # ---- baselines: the same rows, executemany per package (one transaction each) into the same schema
    # the record rows exactly as the import writes them: every column, including the business keys taken
    # from the revision (dup_rev, dup_keys; computed here, before the clock starts)
    batches = []
    keys_store = open_store(os.path.join(work, "enum00.db"))
    ix = KeyIndexer(keys_store)
    for k in range(args.packages):
        src = sqlite3.connect(os.path.join(work, f"enum{k:02d}.db"))
        cur = src.execute(f"SELECT {', '.join(VERSION_ROW)} FROM records")
        cols = [d[0] for d in cur.description]
        recs = []
        for r in cur:
            v = row_to_version(dict(zip(cols, r, strict=True)))
            recs.append((*version_row(v, True), v["rev"], dup_keys_json(ix.entries(v))))
        audit = src.execute(f"SELECT {', '.join(AUDIT_FIELDS)} FROM audit").fetchall()
        fts = src.execute("SELECT record_id, text FROM records_fts").fetchall()
        batches.append((recs, audit, fts))
        src.close()
    keys_store.close()
    sql = RECORD.insert_sql((*VERSION_ROW, "dup_rev", "dup_keys"))
    sql_a = AUDIT.insert_sql(AUDIT_FIELDS)

    def remove(db: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)

    def baseline(name: str, everything: bool) -> tuple[float, float]:
        db = os.path.join(work, name)
        remove(db)
        open_store(db).close()
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        t0, c0 = time.perf_counter(), time.process_time()
        for recs, audit, fts in batches:
            conn.execute("BEGIN")
            conn.executemany(sql, recs)
            if everything:
                conn.executemany(sql_a, audit)
                conn.executemany("INSERT INTO records_fts(record_id, text) VALUES (?, ?)", fts)
            conn.execute("COMMIT")
        t, c = time.perf_counter() - t0, time.process_time() - c0
        conn.close()
        return t, c

    def run(db):
        store = open_store(db, create=False)
        try:
            g = import_into(store, files, backup=False)
            while True:
                try:
                    next(g)
                except StopIteration as stop:
                    return stop.value
        finally:
            store.close()

    from models.exchange.keys import identity

    t_base_records, _ = baseline("baseline_records.db", False)
    # the baseline and the first import, alternately, --repeat times (each in a new database): the
    # machine is shared, so each import is compared with the baseline measured just before it
    target = os.path.join(work, "clerk.db")
    rounds = []
    for r in range(args.repeat):
        t_base, c_base = baseline("baseline_all.db", True)
        remove(target)
        s = open_store(target)  # schema and keys made outside the timing, as on a real installation
        identity(s)
        s.close()
        t0, c0 = time.perf_counter(), time.process_time()
        first = run(target)
        t_first, c_first = time.perf_counter() - t0, time.process_time() - c0
        rounds.append({"baseline_s": round(t_base, 3), "first_import_s": round(t_first, 3),
                       "ratio": round(t_first / t_base, 2), "baseline_cpu_s": round(c_base, 2),
                       "first_import_cpu_s": round(c_first, 2)})
    ratio = statistics.median(x["ratio"] for x in rounds)
    t_first = rounds[-1]["first_import_s"]  # the database the second import runs on
    before = sha(target)
    t0 = time.perf_counter()
    second = run(target)
    t_second = time.perf_counter() - t0
    after = sha(target)
    # the same second import without the "package already imported" short cut: every record compared
    nocut = os.path.join(work, "clerk_nocut.db")
    shutil.copyfile(target, nocut)
    c = sqlite3.connect(nocut)
    c.execute("DELETE FROM pkg_imports")
    c.commit()
    c.close()
    t0 = time.perf_counter()
    third = run(nocut)
    t_third = time.perf_counter() - t0
    check = sqlite3.connect(target)
    n = check.execute("SELECT count(*) FROM records").fetchone()[0]
    check.close()
    result = {
        "records": args.records, "packages": args.packages, "package_bytes": size, "build_s": round(t_build, 2),
        "baseline_records_only_s": round(t_base_records, 3),
        "rounds": rounds, "first_vs_baseline": round(ratio, 2), "first_vs_baseline_is": "median of the rounds",
        "target_first_vs_baseline": "<= 2",
        "baseline_same_rows_s": statistics.median(x["baseline_s"] for x in rounds),
        "first_import_s": statistics.median(x["first_import_s"] for x in rounds),
        "first_vs_records_only_baseline": round(statistics.median(x["first_import_s"] for x in rounds)
                                                / t_base_records, 2),
        "second_import_s": round(t_second, 3),
        "second_import_without_shortcut_s": round(t_third, 3),
        "first_vs_second_without_shortcut": round(t_first / t_third, 1),
        "third_summary": summary_line(third),
        "first_vs_second": round(t_first / t_second, 1), "target_first_vs_second": ">= 10",
        "second_import_wrote_nothing": before == after, "records_in_db": n,
        "first_summary": summary_line(first), "second_summary": summary_line(second),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
