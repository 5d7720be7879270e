"""A province for the scale benchmark: the transfer packages of 300 communes, made from demo interviews.

1. A few *template* databases are filled by ``models.demo.generate`` (interviews answered through the form
   engine, question by question, then its bulk path), in communes of the benchmark province.
2. Each commune gets its own clerk database: records copied from the templates with everything that
   makes a record someone's changed as the demo's bulk path does (``demo.new_identity``: names,
   phone, tax code with the same check digit, ID numbers, household number) plus the place and the
   people (province, commune, village, enumerator, device, enumerator's name); revision, content
   hash, audit rows and search text are made by ``demo._Writer`` exactly as the application makes
   them. Records whose open issues involve an identity answer are not used as templates (their
   issues could change with the identity).
3. From each commune database one package per benchmark size is exported with
   ``models.exchange.packages.export_package`` (the first ``n`` records of the commune), then the commune
   database is deleted: only the packages are kept (``<work>/packages/<size>/<commune>.ksp``).

The 300 communes: no province has 300 communes since the reorganisation of July 2025 (the largest,
Thành phố Hồ Chí Minh and Thanh Hóa, have 168 and 166), so the benchmark "province" is the North
Central Coast: Thanh Hóa's 166 communes, Nghệ An's 130 and the first 4 of Hà Tĩnh's, all with their
official codes and names.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import uuid
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PROVINCES = ("38", "40", "42")  # Thanh Hóa, Nghệ An, Hà Tĩnh
COMMUNES = 300
TEMPLATE_RECORDS = 3_334
APPROVED_SHARE = 0.6  # of the finished interviews, the share the commune clerk has approved


def province_communes(n: int = COMMUNES) -> list:
    """The benchmark's first ``n`` communes (admin_units.Unit), in code order within each province."""
    from models.setup import admin_units

    out = []
    for p in PROVINCES:
        out += admin_units.communes(p)
    if len(out) < n:
        raise ValueError(f"only {len(out)} communes in provinces {PROVINCES}")
    return out[:n]


def per_commune(total: int, i: int, n: int = COMMUNES) -> int:
    """How many of ``total`` records commune number ``i`` of ``n`` holds (spread evenly)."""
    return total // n + (1 if i < total % n else 0)


def make_templates(work: Path, count: int = 3, records: int = TEMPLATE_RECORDS, seed: int = 2025) -> list[Path]:
    """``count`` demo databases (about 30% enterprises, 70% households), made once."""
    from models.demo.generate import run

    units = province_communes()
    picks = [units[7], units[170], units[95], units[250]][:count]
    out = []
    (work / "templates").mkdir(parents=True, exist_ok=True)
    for k, unit in enumerate(picks):
        path = work / "templates" / f"t{k}_{unit.code}.db"
        if not path.exists():
            tmp = path.with_suffix(".part")
            for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                p.unlink(missing_ok=True)
            t = time.perf_counter()
            ent = int(records * 0.3)
            run(str(tmp), commune=unit.code, enterprises=ent, households=records - ent, seed=seed + k,
                enumerator="DTV01", today=date(2025, 11, 15))
            os.replace(tmp, path)
            print(f"# template {path.name}: {records} records in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        out.append(path)
    return out


def _pool(template: Path) -> list[dict]:
    from models.base.driver import sqlite3

    from models.demo.generate import _touches_identity

    con = sqlite3.connect(template)
    rows = []
    for fid, status, answers, data, just, issues, last_path, created, modified in con.execute(
            "SELECT form_id, status, answers, data, justifications, issues_json, last_path, created_at, modified_at "
            "FROM records ORDER BY rowid"):
        iss = json.loads(issues or "[]")
        if _touches_identity(iss):
            continue
        rows.append({"form_id": fid, "status": status, "answers": json.loads(answers), "data": json.loads(data),
                     "justifications": json.loads(just or "{}"), "issues": iss, "last_path": last_path or "",
                     "created": _dt(created), "modified": _dt(modified)})
    con.close()
    return rows


def _dt(s: str) -> datetime:
    return datetime.fromisoformat(s)


_POOLS: list[list[dict]] = []


def package_path(work: Path, communes: int, size: int, code: str) -> Path:
    return work / "packages" / f"{communes}c" / str(size) / f"{code}.ksp"


def build_commune(work: Path, templates: list[Path], index: int, sizes: tuple[int, ...], communes: int = COMMUNES,
                  seed: int = 7) -> dict:
    """Make commune number ``index``'s database and its packages (one per size); returns their paths."""
    from models.demo import generate as demo
    from models.exchange.packages import export_package
    from models.store.database import open_store

    unit = province_communes()[index]
    wanted = {n: per_commune(n, index, communes) for n in sizes}
    outs = {n: package_path(work, communes, n, unit.code) for n in sizes}
    if all(p.exists() for p in outs.values()):
        return {n: str(p) for n, p in outs.items()}
    if not _POOLS:
        _POOLS.extend(_pool(t) for t in templates)
    rng = random.Random(seed * 100_003 + index)
    people = demo.People(rng)
    db = work / "communes" / f"{unit.code}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    store = open_store(db)
    try:
        clerk = people.name(rng.choice("12"))
        store.set_settings({"role": "clerk", "user_name": clerk, "user_code": f"CB{unit.code}",
                            "province": unit.province, "commune": unit.code, "language": "vi"})
        store.install_bundled_forms()
        forms = {f: store.form(f) for f in (demo.ENTERPRISE_FORM, demo.HOUSEHOLD_FORM)}
        villages = demo.villages_of(unit.code, rng)
        staff = [(f"DTV{k:02d}", people.name(rng.choice("12")), str(uuid.UUID(int=rng.getrandbits(128))))
                 for k in range(1, rng.randint(4, 9))]
        writer = demo._Writer(store, enumerator=staff[0][0], user_name=staff[0][1], device_id=staff[0][2],
                              commune=unit.code)
        pool = _POOLS[index % len(_POOLS)]
        ids: list[str] = []
        for k in range(max(wanted.values())):
            src = rng.choice(pool)
            form = forms[src["form_id"]]
            village = rng.choice(villages)
            code, name, device = rng.choice(staff)
            writer.enumerator, writer.user, writer.device = code, name, device
            iv = demo.Interviewer(form, rng, people, today=date(2025, 11, 15), province=unit.province,
                                  village=village)
            top, members = demo.new_identity(iv, src["answers"], village, k + 1)
            top.update({"province": unit.province, "commune": unit.code, "enum_name": name, "deviceid": device})
            answers = demo.apply_identity(src["answers"], top, members)
            data = demo.apply_identity(src["data"], top, members)
            made = demo.Made(answers, data, dict(src["justifications"]), list(src["issues"]),
                             demo._label(form, data), src["last_path"])
            status = src["status"]
            if status == "complete" and rng.random() < APPROVED_SHARE:
                status = "approved"
            rid = f"uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}"
            writer.add(form, made, status=status, created=src["created"], modified=src["modified"], rid=rid)
            ids.append(rid)
            if len(writer.rows) >= 2000:
                writer.flush()
        writer.flush()
        for n in sorted(sizes):
            outs[n].parent.mkdir(parents=True, exist_ok=True)
            export_package(store, outs[n], record_ids=ids[:wanted[n]])
    finally:
        store.close()
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    return {n: str(p) for n, p in outs.items()}


def _build_one(args):
    work, templates, index, sizes, communes = args
    return index, build_commune(Path(work), [Path(t) for t in templates], index, sizes, communes)


def build_province(work: Path, sizes: tuple[int, ...], *, communes: int = COMMUNES,
                   jobs: int | None = None) -> dict[int, list[str]]:
    """Every commune's packages for every size (made once, kept in ``work``): {size: [paths]}."""
    import multiprocessing

    t0 = time.perf_counter()
    units = province_communes(communes)
    templates = make_templates(work)
    jobs = jobs or max(1, min(os.cpu_count() or 1, 4))
    tasks = [(str(work), [str(t) for t in templates], i, tuple(sizes), communes) for i in range(communes)]
    missing = [t for t in tasks if not all(package_path(work, communes, n, units[t[2]].code).exists() for n in sizes)]
    if missing:
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(jobs) as pool:
            for done, (i, paths) in enumerate(pool.imap_unordered(_build_one, missing, chunksize=1), 1):
                if done % 25 == 0 or done == len(missing):
                    print(f"# communes: {done}/{len(missing)} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return {n: [str(package_path(work, communes, n, u.code)) for u in units] for n in sizes}
