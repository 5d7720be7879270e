"""The safety copy before an import at province scale (issue 17): one commune's package imported into a
province database of ``--records`` records, safety copy included, and the disk the copies take.

    python bench/backup_bench.py --records 1000000      # the issue's size (builds a 7 GB database once)
    python bench/backup_bench.py --records 100000       # a smaller run, with the scaling it shows

Three imports of the same commune package, each into a fresh copy of the province database (made once
and cached in ``bench/out/``, like the list benchmark's):

* ``none``: no safety copy (``backup=False``): the import alone, the baseline of this run;
* ``full``: the whole database copied first (what every import did before, and still does when a full
  copy is due);
* ``journal``: a full copy was made by an earlier import of another commune's package (not timed), so
  this import keeps its package in the journal and writes a restore point.

It prints the seconds of each, their ratios to ``none``, the bytes each safety copy added in the backup
folder, and the seconds to restore the point (the full copy, then the journaled package imported again).
Not run in CI.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import OUT, big_db  # noqa: E402
from _util import emit  # noqa: E402


def _commune_package(code: str, records: int, seed: int) -> Path:
    """A commune clerk's package of ``records`` demo interviews (made once)."""
    from models.demo.generate import run
    from models.exchange.keys import identity
    from models.exchange.packages import export_package
    from models.store.database import open_store

    pkg = OUT / f"backup_commune_{code}_{records}.ksp"
    if pkg.exists():
        return pkg
    db = OUT / f"backup_commune_{code}_{records}.db"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    run(str(db), commune=code, enterprises=records // 2, households=records - records // 2, seed=seed,
        enumerator="DTV01")
    st = open_store(db, create=False)
    try:
        st.set_settings({"role": "commune", "user_name": f"Cán bộ xã {code}", "user_code": f"X{code}",
                         "commune": code})
        identity(st)
        export_package(st, pkg)
    finally:
        st.close()
    db.unlink()
    return pkg


def _fresh(src: Path, work: Path) -> str:
    """A copy of the cached province database to import into (not timed)."""
    dst = work / "province.db"
    for p in (dst, Path(f"{dst}-wal"), Path(f"{dst}-shm")):
        p.unlink(missing_ok=True)
    shutil.copyfile(src, dst)  # the cached database is closed and checkpointed: a file copy is a copy
    from models.store.database import open_store

    st = open_store(dst)  # migrations (the change mark) applied here, outside the timing
    st.set_settings({"role": "province", "user_name": "Sở KH&CN", "user_code": "P38", "province": "38"})
    from models.exchange.keys import identity

    identity(st)
    st.close()
    return str(dst)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def _import(db: str, pkg: Path, *, backup: bool) -> tuple[float, object]:
    from models.base.progress import run
    from models.exchange.packages import import_into
    from models.store.database import open_store

    st = open_store(db, create=False)
    try:
        t = time.perf_counter()
        [s] = run(import_into(st, [str(pkg)], backup=backup, user="bench"))
        return time.perf_counter() - t, s
    finally:
        st.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--commune-records", type=int, default=3_334, help="records in one commune's package")
    args = ap.parse_args()
    from models.store import backup

    src = big_db(args.records, base=10_000)
    pkg_a = _commune_package("15766", args.commune_records, seed=101)
    pkg_b = _commune_package("16171", args.commune_records, seed=202)
    work = OUT / "backup_bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    usb = work / "usb"
    results = []

    from models.store.database import open_store

    def prepared(first_with_copy: bool) -> str:
        """A fresh province database with its backups on ``usb``, after an earlier import of another
        commune's package (so that each timed import is a second one: statistics made, caches warm)."""
        db = _fresh(src, work)
        shutil.rmtree(usb, ignore_errors=True)
        st = open_store(db, create=False)
        st.set_settings({backup.FOLDER_KEY: str(usb)})
        st.close()
        _import(db, pkg_a, backup=first_with_copy)
        return db

    db = prepared(False)
    t_none, s = _import(db, pkg_b, backup=False)
    assert not s.refused and s.added == args.commune_records, s.reason_en

    db = prepared(False)  # no journal yet: this import copies the whole database, as every import did
    t_full, s = _import(db, pkg_b, backup=True)
    assert not s.refused and s.backup == "made", s.backup
    full_bytes = _folder_bytes(usb)
    assert len(backup.list_backups(usb)) == 1

    db = prepared(True)  # the earlier import made the full copy the journal builds on
    before = _folder_bytes(usb)
    t_journal, s = _import(db, pkg_b, backup=True)
    assert not s.refused and s.backup == "made", s.backup
    journal_bytes = _folder_bytes(usb) - before
    points = [p for p in backup.list_restore_points(usb) if p.suffix == backup.POINT_SUFFIX]
    assert len(backup.list_backups(usb)) == 1 and len(points) == 1, "the second import should journal"

    from models.exchange.journal import restore

    t = time.perf_counter()
    restore(db, points[0])
    t_restore = time.perf_counter() - t
    db_bytes = os.path.getsize(src)
    results.append({
        "records": args.records, "commune_records": args.commune_records, "database_bytes": db_bytes,
        "package_bytes": pkg_b.stat().st_size,
        "import_no_copy_s": round(t_none, 2), "import_full_copy_s": round(t_full, 2),
        "import_journal_s": round(t_journal, 2),
        "full_copy_ratio": round(t_full / t_none, 2), "journal_ratio": round(t_journal / t_none, 2),
        "full_copy_bytes": full_bytes, "journal_bytes": journal_bytes,
        "restore_point_s": round(t_restore, 2),
        "copies_disk_30_imports_before_bytes": 30 * full_bytes,
        "copies_disk_30_imports_now_bytes": full_bytes + 30 * journal_bytes,
    })
    shutil.rmtree(work, ignore_errors=True)
    emit("backup", results)


if __name__ == "__main__":
    main()
