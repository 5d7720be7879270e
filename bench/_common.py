"""Shared helpers for the benchmarks: demo databases made once and reused (bench/out/)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def demo_db(n: int, *, seed: int = 11) -> Path:
    """A database of ``n`` demo interviews (half enterprises, half households), made once."""
    from models.demo.generate import run

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"demo_{n}.db"
    if not path.exists():
        t = time.perf_counter()
        tmp = path.with_suffix(".part.db")
        for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
            p.unlink(missing_ok=True)
        run(str(tmp), commune="09025", enterprises=n // 2, households=n - n // 2, seed=seed, enumerator="DTV01")
        tmp.rename(path)
        print(f"# made {path.name} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def big_db(n: int = 500_000, base: int = 10_000) -> Path:
    """``n`` records for the list benchmarks: ``base`` demo interviews, then copies of them with
    fresh ids, names, villages, enumerators, statuses and times (answers copied), indexed for
    search exactly as the application indexes records, in transactions of 20,000. The base
    interviews' duplicate keys are taken; the copies have none (see below). Made once."""
    import json
    import random
    from models.base.driver import sqlite3
    import uuid

    from forms.text_fold import fold_d
    from models.demo.generate import People, villages_of
    from models.records.editor import _search_text
    from models.store.database import open_store

    path = OUT / f"list_{n}.db"
    if path.exists():
        return path
    t = time.perf_counter()
    src = demo_db(base)
    tmp = path.with_suffix(".part.db")
    tmp.unlink(missing_ok=True)
    s = sqlite3.connect(src)
    d = sqlite3.connect(tmp)
    s.backup(d)
    s.close()
    d.close()
    st = open_store(tmp)
    rng = random.Random(5)
    people = People(rng)
    villages = [v for _ in range(3) for v in villages_of("09025", rng)]
    forms = {f: st.form(f) for f in ("enterprise_digital", "household_digital")}
    cols = [r[1] for r in st.execute("PRAGMA table_info(records)")]
    rows = st.execute(f"SELECT {', '.join(cols)} FROM records").fetchall()
    i_id, i_label, i_vil, i_enum, i_status = (cols.index(c) for c in ("id", "label", "village", "enumerator",
                                                                       "status"))
    i_mod, i_ans, i_form = cols.index("modified_at"), cols.index("answers"), cols.index("form_id")
    i_rev, i_duprev, i_dupkeys = cols.index("rev"), cols.index("dup_rev"), cols.index("dup_keys")
    made = len(rows)
    batch, fts = [], []
    while made < n:
        r = list(rng.choice(rows))
        r[i_id] = f"uuid:{uuid.uuid4()}"
        r[i_label] = people.name(rng.choice("12"))
        r[i_vil] = rng.choice(villages)
        r[i_enum] = f"DTV{rng.randint(1, 40):02d}"
        r[i_status] = rng.choice(["draft", "complete", "complete", "complete", "returned", "approved"])
        r[i_mod] = f"2025-{rng.randint(7, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:" \
                   f"{rng.randint(0, 59):02d}:00.000Z"
        a = json.loads(r[i_ans])
        key = "unit_name" if "unit_name" in a else "head_name"
        a[key] = r[i_label]
        a["phone"] = people.phone()
        r[i_ans] = json.dumps(a, ensure_ascii=False)
        # duplicate keys taken, none: a copy's data (tax code, ID numbers) is its base record's, so its keys
        # would pair it with that record's hundred other copies. Left stale, the first import would key
        # all of them (an hour at 1,000,000 records) — a cost no real database carries, since the
        # application keys each record as it writes it.
        r[i_duprev], r[i_dupkeys] = r[i_rev], "[]"
        batch.append(r)
        fts.append((r[i_id], r[i_id], fold_d(_search_text(forms[r[i_form]], a, r[i_label]))))
        made += 1
        if len(batch) >= 20_000 or made >= n:
            with st.write():
                st.db.conn.executemany(f"INSERT INTO records({', '.join(cols)}) VALUES "
                                       f"({', '.join('?' * len(cols))})", batch)
                st.db.conn.executemany("INSERT INTO records_fts(rowid, record_id, text) VALUES "
                                       "((SELECT rowid FROM records WHERE id = ?), ?, ?)", fts)
            batch, fts = [], []
            if made % 100_000 < 20_000:
                print(f"# {path.name}: {made:,} records ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
    from models.records.duplicates import refresh_index

    refresh_index(st)  # the base demo interviews' duplicate keys, as the application takes them
    st.execute("ANALYZE")
    st.close()
    tmp.rename(path)
    print(f"# made {path.name} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]
