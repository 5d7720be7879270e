"""Hostile packages, forms and exports (issue 16): each attack that once got through, run again.

    python bench/attack.py [--workdir DIR] [--keep]

An enumerator (E01, commune 09025) sends its households to the clerk of 09025; then packages are
forged from E01's real one and signed **with E01's own key** (the worst case: a signature proves who
made a package, not that what it carries is true) and imported into a copy of the clerk's database:

* ``data_not_answers``: a record whose ``data`` (what exports read) says "FAKE IN DATA" while its
  hashed ``answers`` say "REAL NAME" — refused;
* ``generation_inflation``: E01 re-sends 5 records with generation 999999 and an empty ancestry after
  the clerk corrected them — the correction stays current, the inflated versions are held;
* ``commune_*``: a 100,000-character commune, ``created_at`` holding NUL or empty, ``kind`` an object
  — refused with the field named; 10 records of commune 26734 from another key — held for a person,
  not added (``outside``); E01 moving its own records to commune 26734 — held;
* ``gzip_tail``: data after the records part's gzip stream — refused;
* ``deep_form``: a form with 100 nested brackets — refused naming the form, not "unexpected";
* ``csv_formulas``: the texts that got through the CSV writer's defusing — each now starts no cell
  with a formula sign after any separator a spreadsheet may split on.

The result is printed as JSON: for each case what was expected, what happened, and ``ok``; the exit
code is 1 if any case is not ok. ``tests/reliability/test_security.py`` runs it.
* ``db_*``: a database with a page zeroed or cut out — refused at start (DB_CORRUPT); one too big to
  be checked at start, damaged — ``export`` says the database is damaged (exit 2), not "unexpected", and
  names the newest good backup with the command restoring it; ``db_damaged_while_saving``: the records
  page goes bad under an open entry session — the save says DB_DAMAGED (the entry window then offers
  the newest good backup), not a raw SQLite error;
* ``wal_deleted``: a session killed after saving 34 records, its ``-wal`` then deleted — said at open
  (DB_WAL_MISSING, with how many pages are missing), the command line naming the newest good backup.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _reseal(v: dict) -> None:
    from models.store.revisions import content_hash, make_rev

    v["content_hash"] = content_hash(v)
    v["rev"] = make_rev(v["rev_gen"], v["ancestry"][-1] if v["ancestry"] else "", v["content_hash"])


def _forge(src: Path, out: Path, signer, *, edit=None, manifest=None, part=None) -> Path:
    from models.exchange.merge import VERSION_FIELDS
    from tests.reliability.forge import Parts

    p = Parts.of(src.read_bytes())
    if edit is not None:
        versions = p.lines("records.jsonl.gz")
        edit(versions)
        p.set_lines("records.jsonl.gz", [{k: v[k] for k in VERSION_FIELDS} for v in versions])
    if part is not None:
        part(p)
    if manifest is not None:
        manifest(p.manifest)
    p.manifest["package_id"] = out.stem
    p.refresh_digests()
    out.write_bytes(p.build(signer))
    return out


def run(work: Path) -> dict[str, Any]:
    from models.base.progress import run as drain
    from models.exchange.keys import identity
    from models.exchange.packages import export_package, import_into
    from models.records.editor import RecordEditor
    from models.store.database import open_store
    from tests.models.pkg_helpers import HOUSEHOLD, add_enterprise, add_household, make_db

    e1 = make_db(work / "e1.db")
    ids = [add_household(e1, f"Hộ {i}", members=1) for i in range(5)]
    export_package(e1, work / "first.ksp")
    clerk = make_db(work / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    drain(import_into(clerk, [str(work / "first.ksp")], backup=False))
    for rid in ids:
        RecordEditor(clerk, rid).set("head_name", "Sửa bởi xã")
    clerk.close()
    new_id = add_household(e1, "Hộ mới", members=1)
    export_package(e1, work / "all.ksp")
    key = identity(e1)
    cases: dict[str, Any] = {}

    def attempt(name: str, pkg: Path, expect: str, judge) -> None:
        db = work / f"{name}.db"
        shutil.copy(work / "clerk.db", db)
        st = open_store(db)
        try:
            [s] = drain(import_into(st, [str(pkg)], backup=False))
            ok = bool(judge(s, st))
            cases[name] = {"expected": expect, "refused": bool(s.refused), "reason": s.reason_en,
                           "added": s.added, "updated": s.updated, "held": s.held, "outside": s.outside,
                           "ok": ok}
        finally:
            st.close()

    def fake_data(vs):
        v = next(x for x in vs if x["id"] == new_id)
        v["answers"]["head_name"], v["data"]["head_name"] = "REAL NAME", "FAKE IN DATA"
        _reseal(v)

    attempt("data_not_answers", _forge(work / "all.ksp", work / "f-data.ksp", key, edit=fake_data),
            "refused: data does not match the answers",
            lambda s, st: s.refused and "'data' does not match" in s.reason_en)

    def inflate(vs):
        for v in vs:
            if v["id"] in ids:
                v["answers"]["head_name"] = v["data"]["head_name"] = "Bản của E01"
                v["ancestry"], v["rev_gen"] = [], 999999
                _reseal(v)

    attempt("generation_inflation", _forge(work / "all.ksp", work / "f-gen.ksp", key, edit=inflate),
            "the correction stays current; 5 inflated versions held",
            lambda s, st: not s.refused and s.held == 5 and all(
                st.record(r)["answers"]["head_name"] == "Sửa bởi xã" for r in ids))

    def field(name, value):
        def edit(vs):
            next(x for x in vs if x["id"] == new_id)[name] = value
        return edit

    for case, name, value in (("commune_too_long", "commune", "x" * 100_000),
                              ("created_at_nul", "created_at", "2026-01-01\x00"),
                              ("created_at_empty", "created_at", "")):
        attempt(case, _forge(work / "all.ksp", work / f"f-{case}.ksp", key, edit=field(name, value)),
                f"refused naming '{name}'", lambda s, st, n=name: s.refused and f"'{n}'" in s.reason_en)
    attempt("kind_object", _forge(work / "all.ksp", work / "f-kind.ksp", key,
                                  manifest=lambda m: m.__setitem__("kind", {"a": 1})),
            "refused naming 'kind'", lambda s, st: s.refused and "'kind'" in s.reason_en)

    other = make_db(work / "other.db", code="E09", commune="26734")
    for i in range(10):
        add_enterprise(other, f"Công ty {i}")
    export_package(other, work / "other.ksp")
    other.close()
    attempt("commune_other_key", work / "other.ksp",
            "10 records of commune 26734 held for a person, none added (outside)",
            lambda s, st: not s.refused and s.outside == 10 and s.added == 0)

    def move(vs):
        for v in vs:
            v["commune"] = "26734"

    for rid in ids:
        RecordEditor(e1, rid).set("phone", "0911111111")
    export_package(e1, work / "changes.ksp", mode="changes")
    attempt("commune_moved", _forge(work / "changes.ksp", work / "f-move.ksp", key, edit=move),
            "E01's moves of its records held", lambda s, st: not s.refused and s.held == 5 and s.updated == 0)

    def tail(p):
        p.set_part("records.jsonl.gz", dict(p.parts)["records.jsonl.gz"] + b"junk")

    attempt("gzip_tail", _forge(work / "all.ksp", work / "f-tail.ksp", key, part=tail),
            "refused: data after the gzip stream", lambda s, st: s.refused and "after its compressed" in s.reason_en)

    def deep(p):
        entry = next(f for f in p.manifest["forms"] if f["form_id"] == "pkg_hh")
        text = HOUSEHOLD.replace("| required |", "| required | calculation |", 1).replace(
            "| | integer | hh_size | Số nhân khẩu | Household size | |",
            "| | integer | hh_size | Số nhân khẩu | Household size | | |\n| | calculate | deep | | | | "
            + "(" * 100 + "1" + ")" * 100 + " |")
        p.set_part(entry["part"], text.encode("utf-8"))

    fresh = make_db(work / "fresh.db", role="clerk", code="C02", forms=False)
    fresh.close()
    shutil.copy(work / "fresh.db", work / "clerk.db")  # a clerk who has not the form yet
    attempt("deep_form", _forge(work / "all.ksp", work / "f-deep.ksp", key, part=deep),
            "refused: the form cannot be read (nested more than 32 levels), not unexpected",
            lambda s, st: s.refused and "nested more than 32 levels" in s.reason_en)
    e1.close()

    from exports.tabular import defuse

    texts = [" =1+1", "\n=1+1", "\uff1d1+1", ";=1+1", '"=1+1', "a;=1+1", "a\t=1+1", "x\r\n =1+1"]
    signs = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
    left = []
    for t in texts:
        d = defuse(t)
        pieces = [d] + [x for sep in (";", "\t", "|", "\n", "\r") for x in d.split(sep)[1:]]
        if any(x.lstrip(" \"\u3000\u00a0\n")[:1] in signs for x in pieces):
            left.append(t)
    cases["csv_formulas"] = {"expected": "no cell starts with a formula sign", "texts": texts, "left": left,
                             "ok": not left}
    cases.update(_damaged(work))
    return {"cases": cases, "ok": all(c["ok"] for c in cases.values())}


def _damaged(work: Path) -> dict[str, Any]:
    """A database with a page zeroed or cut out, at start and (too big to check at start) while working."""
    import contextlib
    import io
    from models.base.driver import sqlite3

    from cli import main as cli_main
    from models.base.errors import AppError
    from models.store import database
    from tests.models.pkg_helpers import add_household, make_db

    st = make_db(work / "dmg.db")
    for i in range(60):
        add_household(st, f"Hộ số {i} " + "x" * 300, members=2)
    st.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    from models.base.paths import default_backup_dir
    from models.store.backup import backup_now

    made = Path(backup_now(st, default_backup_dir(work / "dmg.db"), reason="daily").path)
    st.close()
    backup = str(made.with_name(made.name.replace("-dmg-", "-db_damaged_at_work-")))  # a copy named for it
    shutil.copy(made, backup)
    good = (work / "dmg.db").read_bytes()
    conn = sqlite3.connect(work / "dmg.db")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'records'").fetchone()[0]
    conn.close()
    zeroed = good[:(root - 1) * size] + bytes(size) + good[root * size:]
    out: dict[str, Any] = {}
    for name, data in (("db_zeroed_page", zeroed), ("db_page_cut", good[:size * 3] + good[size * 4:])):
        path = work / f"{name}.db"
        path.write_bytes(data)
        try:
            database.open_store(path).close()
            got = "opened"
        except AppError as err:
            got = err.code.name
        out[name] = {"expected": "DB_CORRUPT at start (the screens offer the newest good backup)", "got": got,
                     "ok": got == "DB_CORRUPT"}
    path = work / "db_damaged_at_work.db"
    path.write_bytes(zeroed)
    limit, database.QUICK_CHECK_MAX = database.QUICK_CHECK_MAX, 0  # as a file too big to check at start
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli_main(["--lang", "en", "export", "--db", str(path), "--out", str(work / "x"), "--format", "csv"])
    finally:
        database.QUICK_CHECK_MAX = limit
    said = err.getvalue()
    out["db_damaged_at_work"] = {"expected": "export exits 2 saying the database is damaged, naming the newest "
                                             "good backup and the command restoring it", "exit": code,
                                 "message": said.strip(),
                                 "ok": code == 2 and "is damaged" in said and backup in said
                                 and "backup restore --db" in said}
    out["db_damaged_while_saving"] = _damaged_while_saving(work)
    out["wal_deleted"] = _wal_deleted(work)
    return out


def _damaged_while_saving(work: Path) -> dict[str, Any]:
    """An entry session open on a database whose records page goes bad under it: the save says DB_DAMAGED
    (the entry window then offers the newest good backup), never a raw SQLite error."""
    from models.base.driver import sqlite3

    from models.base.errors import AppError
    from models.records.editor import RecordEditor
    from tests.models.pkg_helpers import add_household, make_db

    st = make_db(work / "saving.db")
    rid = add_household(st, "Hộ đang nhập", members=1)
    ed = RecordEditor(st, rid)
    other = sqlite3.connect(work / "saving.db")  # another writer: the session's connection reads the file again
    other.execute("UPDATE settings SET value = value WHERE key = 'language'")
    other.commit()
    other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = other.execute("PRAGMA page_size").fetchone()[0]
    root = other.execute("SELECT rootpage FROM sqlite_master WHERE name = 'records'").fetchone()[0]
    other.close()
    with open(work / "saving.db", "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(bytes(size))
    try:
        ed.set("phone", "0912345678")
        got = "saved"
    except AppError as err:
        got = err.code.name
    except Exception as err:  # noqa: BLE001 - what the attack looks for
        got = f"raw {type(err).__name__}: {err}"
    finally:
        st.close()
    return {"expected": "the save says DB_DAMAGED", "got": got, "ok": got == "DB_DAMAGED"}


def _wal_deleted(work: Path) -> dict[str, Any]:
    """Answers saved by a session killed before it closed, then its -wal deleted: said at open."""
    import contextlib
    import io
    import os

    from cli import main as cli_main
    from models.base.errors import AppError
    from models.base.paths import default_backup_dir
    from models.store import database
    from models.store.backup import backup_now
    from tests.models.pkg_helpers import make_db
    from tests.models.test_damaged_database import _killed_after_answers

    path = work / "wal.db"
    st = make_db(path)
    backup = backup_now(st, default_backup_dir(path), reason="daily").path
    st.close()
    ids = _killed_after_answers(path, 34)
    os.unlink(f"{path}-wal")
    frames = database.lost_wal(str(path))
    try:
        database.open_store(path).close()
        got = "opened"
    except AppError as err:
        got = err.code.name
    err_text = io.StringIO()
    with contextlib.redirect_stderr(err_text), contextlib.redirect_stdout(io.StringIO()):
        code = cli_main(["--lang", "en", "export", "--db", str(path), "--out", str(work / "y"), "--format", "csv"])
    said = err_text.getvalue()
    return {"expected": "DB_WAL_MISSING at open, the command line naming the newest good backup",
            "records_saved_then_lost": len(ids), "frames_missing": frames, "got": got, "exit": code,
            "message": said.strip(),
            "ok": got == "DB_WAL_MISSING" and frames > 0 and code == 2 and backup in said}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args(argv)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="khaosat-attack-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        res = run(work)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
