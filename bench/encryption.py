"""Encrypted against plain: durable save, list search and package import (target: at most 1.3x).

Two databases with the same synthetic interviews (``models/demo``), one plain and one encrypted
(SQLCipher, ``models/store/cipher.py``), built in this run; then, on each, the same work:

* **save**: one answer changed and made durable (``RecordEditor.set``: a transaction with
  ``synchronous=FULL``), median of N, on the same record on both sides (the first household by rowid:
  the two databases are generated alike, but record ids are random, so "the first by id" would compare
  records of different sizes);
* **search**: the record list's count + first page for a family-name search and a status filter
  (``models.records.queries``), median of N (the two databases alternate at every repetition);
* **import**: one enumerator's package (its records, signed) imported into a copy of each database,
  safety copy included, median of ``--imports`` (5; the side that goes first alternates).

The key is unlocked once before timing (the PIN's scrypt, about 0.2 s, is paid at start, not per
operation). The save and search loop runs ``--rounds`` times on the same two databases (the side that
goes first alternates at every repetition); each round's medians give a ratio, and the output shows the
ratio of all repetitions pooled with the lowest and highest round, so the spread of a run on a busy
machine is visible. Prints JSON with the times and the ratios encrypted / plain.
Usage: python bench/encryption.py [--records 5000] [--repeat 100] [--rounds 3] [--imports 5] [--hmac HMAC_SHA512]
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


def _paired(dbs: dict[str, Path], package: Path, repeat: int, rounds: int, imports: int,
            tmp: Path) -> tuple[dict[str, dict[str, list[float]]], list[dict[str, float]]]:
    """The same operations on each database, alternating between them at every repetition (and which
    one goes first), so that a busy moment of the machine hits both alike. Returns the times and, per
    round, the ratios of its medians."""
    from models.base.progress import run
    from models.exchange.importing import import_into
    from models.records import queries
    from models.records.editor import RecordEditor
    from models.store.database import open_store

    times: dict[str, dict[str, list[float]]] = {k: {"save_ms": [], "search_ms": [], "import_ms": []} for k in dbs}
    per_round: list[dict[str, float]] = []
    stores = {k: open_store(p) for k, p in dbs.items()}
    try:
        editors = {}
        for k, st in stores.items():
            rid = st.execute("SELECT id FROM records WHERE form_id = 'household_digital' AND deleted = 0 "
                             "ORDER BY rowid LIMIT 1").fetchone()[0]
            editors[k] = RecordEditor(st, rid)
        field = next(e.name for e in next(iter(editors.values())).form.questions if e.type == "text" and not e.repeats)
        flts = (queries.RecordFilter(text="nguyen"),
                queries.RecordFilter(status="complete", form_id="household_digital"))
        sides = list(dbs)
        for r in range(rounds):
            mark = {k: len(times[k]["save_ms"]) for k in dbs}
            for i in range(repeat):
                for k in (sides if i % 2 == 0 else sides[::-1]):
                    t = time.perf_counter()
                    editors[k].set(field, f"Giá trị {r}.{i}")
                    times[k]["save_ms"].append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    for flt in flts:
                        queries.count_records(stores[k], flt)
                        queries.page(stores[k], flt, limit=100)
                    times[k]["search_ms"].append((time.perf_counter() - t) * 1000)
            med = {k: {m: statistics.median(times[k][m][mark[k]:]) for m in ("save_ms", "search_ms")} for k in dbs}
            per_round.append({m: med["encrypted"][m] / med["plain"][m] for m in ("save_ms", "search_ms")})
    finally:
        for st in stores.values():
            st.close()
    for n in range(imports):
        for k in (sides if n % 2 == 0 else sides[::-1]):
            db = dbs[k]
            copy = tmp / f"{db.stem}-import{n}.db"
            for suffix in ("", ".keys"):
                if os.path.exists(f"{db}{suffix}"):
                    shutil.copyfile(f"{db}{suffix}", f"{copy}{suffix}")
            st = open_store(copy)
            try:
                t = time.perf_counter()
                run(import_into(st, [str(package)]), None)
                times[k]["import_ms"].append((time.perf_counter() - t) * 1000)
            finally:
                st.close()
    return times, per_round


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--imports", type=int, default=5)
    ap.add_argument("--hmac", choices=("HMAC_SHA256", "HMAC_SHA512"),
                    help="the encrypted database's page HMAC (default: the faster here, as the application "
                         "chooses; HMAC_SHA512 is SQLCipher's default, that of databases encrypted before)")
    ap.add_argument("--package-records", type=int, default=300)
    args = ap.parse_args()
    from models.base import driver
    from models.exchange.writing import export_package
    from models.store import cipher
    from models.store.database import open_store

    if args.hmac:
        driver._new_hmac = args.hmac
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
        times, per_round = _paired({"plain": plain, "encrypted": enc}, package, args.repeat, args.rounds,
                                   args.imports, tmp)
        base, encd = ({k: round(statistics.median(v), 2) for k, v in times[side].items()}
                      for side in ("plain", "encrypted"))
        out = {"records": args.records, "package_records": args.package_records, "hmac": driver.new_hmac(),
               "plain": base, "encrypted": encd,
               "ratio": {k: round(encd[k] / base[k], 2) if base[k] else None for k in base},
               "ratio_rounds": {m: [round(min(r[m] for r in per_round), 2), round(max(r[m] for r in per_round), 2)]
                                for m in ("save_ms", "search_ms")}}
        print(json.dumps(out, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
