"""Encrypted against plain: durable save, list search and package import (target: at most 1.3x).

Two databases with the same synthetic interviews (``models/demo``), one plain and one encrypted
(SQLCipher, ``models/store/cipher.py``), built in this run; then, on each, the same work:

* **save**: one answer changed and made durable (``RecordEditor.set``: a transaction with
  ``synchronous=FULL``), median of N;
* **search**: the record list's count + first page for a family-name search and a status filter
  (``models.records.queries``), median of N, after a first run that warms the page cache;
* **import**: one enumerator's package (its records, signed) imported into a copy of each database,
  safety copy included, median of a few.

The key is unlocked once before timing (the PIN's scrypt, about 0.2 s, is paid at start, not per
operation). Prints JSON with the times and the ratios encrypted / plain.
Usage: python bench/encryption.py [--records 5000] [--repeat 30] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PIN = "bench-pin-2026"


def _make(path: Path, records: int, pin: str | None, seed: int) -> None:
    from models.base.progress import run
    from models.demo.generate import generate
    from models.store import cipher

    if pin:
        os.environ["KHAOSAT_PIN"] = pin
    else:
        os.environ.pop("KHAOSAT_PIN", None)
    try:
        run(generate(str(path), commune="09025", enterprises=records // 5, households=records - records // 5,
                     seed=seed), None)
    finally:
        os.environ.pop("KHAOSAT_PIN", None)
    del cipher


def _median_ms(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def _work(db: Path, package: Path, repeat: int, tmp: Path) -> dict[str, float]:
    from models.base.progress import run
    from models.exchange.importing import import_into
    from models.records import queries
    from models.records.editor import RecordEditor
    from models.store.database import open_store

    st = open_store(db)
    try:
        rid = st.execute("SELECT id FROM records WHERE form_id = 'household_digital' AND deleted = 0 "
                         "LIMIT 1").fetchone()[0]
        ed = RecordEditor(st, rid)
        values = iter(f"0912{i:06d}" for i in range(10 ** 6))
        field = "resp_phone" if "resp_phone" in ed.form else next(e.name for e in ed.form.questions
                                                                  if e.type == "text" and not e.repeats)
        save = _median_ms(lambda: ed.set(field, next(values)), repeat)
        flt_search = queries.RecordFilter(text="nguyen")
        flt_status = queries.RecordFilter(status="complete", form_id="household_digital")

        def search():
            for flt in (flt_search, flt_status):
                queries.count_records(st, flt)
                queries.page(st, flt, limit=100)

        search()
        found = _median_ms(search, repeat)
    finally:
        st.close()
    imports = []
    for k in range(3):
        copy = tmp / f"{db.stem}-import{k}.db"
        for suffix in ("", ".keys"):
            if os.path.exists(f"{db}{suffix}"):
                shutil.copyfile(f"{db}{suffix}", f"{copy}{suffix}")
        st = open_store(copy)
        try:
            t = time.perf_counter()
            run(import_into(st, [str(package)]), None)
            imports.append((time.perf_counter() - t) * 1000)
        finally:
            st.close()
    return {"save_ms": save, "search_ms": found, "import_ms": round(statistics.median(imports), 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--package-records", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from models.exchange.writing import export_package
    from models.store import cipher
    from models.store.database import open_store

    tmp = Path(tempfile.mkdtemp(prefix="bench-enc-"))
    try:
        plain, enc, sender = tmp / "plain.db", tmp / "encrypted.db", tmp / "sender.db"
        _make(plain, args.records, None, 11)
        _make(enc, args.records, PIN, 11)
        _make(sender, args.package_records, None, 12)
        cipher.unlock(enc, PIN)
        st = open_store(sender)
        try:
            package = tmp / "E01.ksp"
            export_package(st, package)
        finally:
            st.close()
        runs: dict[str, list[dict[str, float]]] = {"plain": [], "encrypted": []}
        for _ in range(args.rounds):  # interleaved, so a busy moment of the machine hits both alike
            runs["plain"].append(_work(plain, package, args.repeat, tmp))
            runs["encrypted"].append(_work(enc, package, args.repeat, tmp))
        base, encd = ({k: round(statistics.median(r[k] for r in runs[side]), 2) for k in runs[side][0]}
                      for side in ("plain", "encrypted"))
        out = {"records": args.records, "package_records": args.package_records, "plain": base, "encrypted": encd,
               "ratio": {k: round(encd[k] / base[k], 2) if base[k] else None for k in base}}
        print(json.dumps(out, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
