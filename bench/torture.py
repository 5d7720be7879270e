"""Crash torture: data entry and package imports killed with SIGKILL at random moments, then checked.

    python bench/torture.py --rounds 300 [--seed N] [--workdir DIR] [--keep]

A parent process prepares a clerk's database (bundled forms) and transfer packages made with the
demo generator (three enumerators' databases of 18 interviews; from each a first package, then a
second one carrying newer revisions of some of its records), made once per ``--workdir``. Each
round it forks a child (from a parent that has already parsed the forms, so a round starts at
once) that works on the database the way the application does:

* **data entry** through :class:`models.records.editor.RecordEditor` on the bundled household form: a
  new record or one of its own drafts, questions answered in order and only while relevant (as
  ``tests/odk/test_differential.random_answers`` does), text typed in pieces (every piece is an
  autosave, as the entry window's debounce makes them), sometimes ``mark_complete``;
* **package imports** with :func:`models.exchange.packages.import_into` (safety copy first, into a backup
  folder), new packages and already imported ones.

Before every operation the child appends an *intent* line to a side-channel log, and a *done* line
(with the value the engine holds) only after the call returned, i.e. after the transaction
committed. The parent kills the child with SIGKILL at a random moment (anywhere, shortly after an
import started, or between two keystrokes), then checks:

1. ``PRAGMA integrity_check`` and ``foreign_key_check`` of the database, FTS5's integrity check,
   and ``integrity_check`` of every finished safety copy in the backup folder;
2. every answer confirmed before the kill is in the database (the record re-opened through
   ``RecordEditor``); the one operation in flight may have happened or not, nothing else;
3. an import is wholly applied or not at all: with a ``pkg_imports`` row every revision of the
   package is known (current, in the ancestry, or a kept conflict version); without one, no
   ``pkg_received`` row names it; and the records in the database are exactly this device's own
   plus those of the applied packages.

When every package has been applied the database starts again from the template (a new
*epoch*), so imports keep being interrupted for as long as the run lasts. The summary is printed
as JSON (``killed_during`` tells where the kills landed; ``interrupted_import_*`` how the imports
that were cut off ended); the exit code is 1 if any check failed. ``tests/reliability/test_torture.py`` runs a
short version (15 rounds) in the test suite. POSIX only (fork, SIGKILL).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
from models.base.driver import sqlite3
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

COMMUNE = "18073"  # Phường Thành Sen, Hà Tĩnh
FORM = "household_digital"
META_TYPES = ("start", "end", "today", "deviceid", "username")

TEXTS = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Đức Thịnh", "Phạm Thị Ánh Tuyết", "0912345678",
         "Thôn Đông Hà", "Hộ kinh doanh Sen Vàng", "ghi chú: đã phỏng vấn lại ngày 12/8",
         "'; DROP TABLE records; --", "Robert\"); DELETE FROM audit; --", "\u202eطرف\u202c Nguyễn",
         "../../etc/passwd", "C:\\Windows\\system32", "tên có\ttab và\nxuống dòng", "🙂 Zalo", "Ω" * 3000]
INTS = ["0", "1", "2", "3", "5", "12", "35", "150", "1000", "-1", "99999"]
BYEARS = ["1948", "1962", "1975", "1988", "1999", "2005", "2012", "2019"]
DECS = ["0", "0.5", "1.25", "100", "850.5", "12000"]
DATES = ["2025-07-01", "2025-08-15", "2025-11-20", "2024-12-31"]


# ---------------------------------------------------------------------------------------- set-up


def _drain(gen):
    from models.base.progress import run

    return run(gen)


def prepare(work: Path, *, sources: int = 3, enterprises: int = 6, households: int = 12, seed: int = 7) -> dict:
    """The template database and the packages (made once per work folder and reused)."""
    from models.setup import admin_units
    from models.demo.generate import run as demo
    from models.base.errors import AppError
    from models.exchange.keys import identity
    from models.exchange.packages import export_package, read_package
    from models.records.editor import RecordEditor
    from models.store.database import open_store

    work.mkdir(parents=True, exist_ok=True)
    params = {"sources": sources, "enterprises": enterprises, "households": households, "seed": seed}
    meta = work / "setup.json"
    if meta.exists():
        old = json.loads(meta.read_text(encoding="utf-8"))
        if old.get("params") == params and all(Path(p["path"]).exists() for p in old["packages"]) \
                and (work / "template.db").exists():
            return old
    unit = admin_units.commune(COMMUNE)
    template = work / "template.db"
    for p in work.glob("template.db*"):
        p.unlink()
    st = open_store(template)
    st.set_settings({"role": "clerk", "user_name": "Cán bộ xã Thử Nghiệm", "user_code": "CB01",
                     "province": unit.province, "commune": COMMUNE, "language": "vi"})
    st.install_bundled_forms()
    identity(st)
    st.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    st.close()
    packages = []
    rng = random.Random(seed)
    for i in range(sources):
        src = work / f"source{i}.db"
        for p in work.glob(f"source{i}.db*"):
            p.unlink()
        demo(str(src), commune=COMMUNE, enterprises=enterprises, households=households, seed=seed + i,
             enumerator=f"E{i + 1:02d}")
        s = open_store(src)
        first = work / f"p{i}a.ksp"
        export_package(s, first)
        ids = [r[0] for r in s.execute("SELECT id FROM records WHERE form_id = ? ORDER BY id", [FORM])]
        for rid in rng.sample(ids, min(3, len(ids))):
            try:
                RecordEditor(s, rid).set("comment", f"sửa sau khi gửi {rid[-4:]}")
            except AppError:
                pass
        second = work / f"p{i}b.ksp"
        export_package(s, second, mode="changes")
        s.close()
        for path in (first, second):
            pkg = read_package(path)
            packages.append({"path": str(path), "package_id": pkg.package_id,
                             "versions": [[v["id"], v["rev"]] for v in pkg.versions()]})
    out = {"params": params, "template": str(template), "packages": packages}
    meta.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def warm_up() -> None:
    """Import and parse everything a child needs once, in the parent (children are forked)."""
    import models.store.backup
    import models.records.duplicates
    import models.exchange.packages
    import models.records.editor  # noqa: F401
    from models.store.database import BUNDLED_DIR, form_from_source

    for p in sorted(BUNDLED_DIR.glob("*.xlsx")):
        form_from_source(p.read_bytes(), ".xlsx", p.name)
    from cryptography.hazmat.primitives.asymmetric import ed25519, x25519  # noqa: F401
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: F401


# ---------------------------------------------------------------------------------------- the child


class Log:
    """The side channel: one JSON line per event, each written with one ``write`` call (a process
    killed with SIGKILL loses nothing the kernel accepted) and fsynced."""

    def __init__(self, path: Path):
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def __call__(self, **event) -> None:
        event["t"] = round(time.time(), 4)
        os.write(self.fd, (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(self.fd)


def _value_for(s, path: str, e, rng: random.Random, counts: set[str]) -> str | None:
    t = e.type
    if e.name in counts:
        return str(rng.randint(0, 4))
    if t in ("select_one", "select_multiple"):
        names = [c.name for c in s.choices(path)]
        if not names:
            return None
        if t == "select_one":
            return names[0] if rng.random() < 0.5 else rng.choice(names)
        return " ".join(rng.sample(names, rng.randint(1, min(3, len(names)))))
    if t == "integer":
        return rng.choice(BYEARS) if "byear" in e.name else rng.choice(INTS)
    if t == "decimal":
        return rng.choice(DECS)
    if t == "text":
        return rng.choice(TEXTS)
    if t == "date":
        return rng.choice(DATES)
    if t == "datetime":
        return rng.choice(DATES) + "T10:30:00.000+07:00"
    if t == "geopoint":
        return rng.choice(["18.34 105.9 0 20", "21.03 105.85 10 5"])
    if t == "acknowledge":
        return "OK"
    return None


def _next_question(s, tried: set[str]) -> str | None:
    for path in s.question_paths():
        if path in tried:
            continue
        e = s.element(path)
        if not e.is_input or e.type in META_TYPES:
            continue
        if not s.is_relevant(path) or s.is_read_only(path) or s.value(path):
            continue
        return path
    return None


def _typing(value: str, rng: random.Random) -> list[str]:
    """What the autosave sees while a text is typed: a few prefixes, then the whole text."""
    if len(value) < 4 or rng.random() < 0.3:
        return [value]
    cuts = sorted(rng.sample(range(1, len(value)), min(2, len(value) - 1)))
    return [value[:c] for c in cuts] + [value]


def child(db: str, log_path: Path, packages: list[dict], seed: int, prefer: str) -> None:
    """Work on the database until killed."""
    from models.exchange.packages import import_into
    from models.records.editor import RecordEditor, create_record
    from models.store.database import new_record_id, open_store

    log = Log(log_path)
    rng = random.Random(seed)
    store = open_store(db)
    form = store.form(FORM)
    counts = {dep for rep in form.repeats if rep.binds.repeat_count is not None
              for dep, _depth in rep.binds.repeat_count.deps}
    first = True
    while True:
        do_import = (prefer == "import" and first) or (prefer != "entry" and rng.random() < 0.15)
        first = False
        if do_import:
            applied = {r[0] for r in store.execute("SELECT package_id FROM pkg_imports")}
            fresh = [p for p in packages if p["package_id"] not in applied]
            pkg = rng.choice(fresh) if fresh and rng.random() < 0.85 else rng.choice(packages)
            log(ev="begin", op="import", package_id=pkg["package_id"])
            [summary] = _drain(import_into(store, [pkg["path"]], backup=True))
            if summary.refused:
                raise RuntimeError(f"package refused: {summary.reason_en}")
            log(ev="done", op="import", package_id=pkg["package_id"], added=summary.added,
                updated=summary.updated, already=summary.already_imported)
            continue
        drafts = [r[0] for r in store.execute(
            "SELECT id FROM records WHERE device_id = ? AND form_id = ? AND status = 'draft' AND deleted = 0",
            [store.device_id, FORM])]
        if drafts and rng.random() < 0.5:
            rid = rng.choice(drafts)
        else:
            rid = new_record_id()
            log(ev="begin", op="create", rid=rid)
            create_record(store, FORM, record_id=rid)
            log(ev="done", op="create", rid=rid)
        ed = RecordEditor(store, rid)
        s = ed.session
        tried: set[str] = set()
        for _ in range(rng.randint(3, 25)):
            path = _next_question(s, tried)
            if path is None:
                log(ev="begin", op="complete", rid=rid)
                issues = ed.mark_complete()
                log(ev="done", op="complete", rid=rid, ok=not issues)
                break
            tried.add(path)
            e = s.element(path)
            value = None if rng.random() < 0.05 else _value_for(s, path, e, rng, counts)
            if value is None:
                continue
            pieces = _typing(value, rng) if e.type == "text" else [value]
            for piece in pieces:
                log(ev="begin", op="set", rid=rid, path=path, value=piece)
                ed.set(path, piece)
                log(ev="done", op="set", rid=rid, path=path, value=s.value(path))


def _fork_child(db: str, log_path: Path, packages: list[dict], seed: int, prefer: str) -> int:
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            child(db, log_path, packages, seed, prefer)
        except BaseException:  # noqa: BLE001 - reported to the parent through the log
            try:
                Log(log_path)(ev="error", detail=traceback.format_exc()[-3000:])
            finally:
                code = 1
        os._exit(code)
    return pid


# ---------------------------------------------------------------------------------------- checks


@dataclass
class Expected:
    """What the database must hold, from the confirmed operations in the log."""

    answers: dict[str, dict[str, str]] = field(default_factory=dict)  # record -> path -> value
    complete: set[str] = field(default_factory=set)
    local: set[str] = field(default_factory=set)
    applied: set[str] = field(default_factory=set)
    offset: int = 0  # bytes of the log already read


def _read_events(log_path: Path, exp: Expected) -> list[dict]:
    data = log_path.read_bytes() if log_path.exists() else b""
    chunk = data[exp.offset:]
    end = chunk.rfind(b"\n") + 1
    exp.offset += end
    return [json.loads(line) for line in chunk[:end].decode("utf-8").splitlines() if line]


def _known_revs(conn: sqlite3.Connection, rid: str) -> set[str]:
    row = conn.execute("SELECT rev, ancestry FROM records WHERE id = ?", [rid]).fetchone()
    if row is None:
        return set()
    known = {row[0], *json.loads(row[1])}
    for rev, version in conn.execute("SELECT rev, version FROM record_conflicts WHERE record_id = ?", [rid]):
        known.add(rev)
        known.update(json.loads(version).get("ancestry", []))
    return known


def check_round(db: str, backups: Path, events: list[dict], exp: Expected, packages: list[dict],
                stats: dict) -> list[str]:
    """Check the database after a kill; fold the round's events into ``exp``. Returns problems."""
    problems: list[str] = []
    pending = None
    began: dict[str, float] = {}
    for ev in events:
        if ev["ev"] == "error":
            problems.append("the child failed: " + ev["detail"])
            continue
        if ev["ev"] == "begin":
            pending = ev
            if ev["op"] == "import":
                began[ev["package_id"]] = ev["t"]
            continue
        pending = None
        op = ev["op"]
        if op == "create":
            exp.local.add(ev["rid"])
            exp.answers.setdefault(ev["rid"], {})
            stats["records_created"] += 1
        elif op == "set":
            exp.answers.setdefault(ev["rid"], {})[ev["path"]] = ev["value"]
            stats["answers_confirmed"] += 1
        elif op == "complete":
            if ev["ok"]:
                exp.complete.add(ev["rid"])
        elif op == "import":
            exp.applied.add(ev["package_id"])
            stats["imports_confirmed"] += 1
            if not ev["already"]:
                stats["import_seconds"].append(ev["t"] - began.get(ev["package_id"], ev["t"]))
    phase = pending["op"] if pending else "between operations"
    stats["killed_during"][phase] = stats["killed_during"].get(phase, 0) + 1

    # 1. integrity (plain sqlite3 first: what any tool would see after the crash)
    conn = sqlite3.connect(db)
    try:
        _check_file(conn, exp, pending, packages, stats, problems)
    except sqlite3.DatabaseError as err:
        problems.append(f"the database cannot be read: {err}")
    finally:
        conn.close()
    _check_backups(backups, stats, problems)
    if problems:
        return problems
    # 2. every confirmed answer is there (re-opened through RecordEditor, as the entry window does)
    _check_answers(db, exp, pending, problems)
    stats["answers_checked"] += sum(len(a) for a in exp.answers.values())
    return problems


def _check_file(conn: sqlite3.Connection, exp: Expected, pending: dict | None, packages: list[dict], stats: dict,
                problems: list[str]) -> None:
    ok = conn.execute("PRAGMA integrity_check").fetchall()
    if ok != [("ok",)]:
        problems.append(f"integrity_check: {ok[:5]}")
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        problems.append(f"foreign_key_check: {fk[:5]}")
    try:
        conn.execute("INSERT INTO records_fts(records_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as err:
        problems.append(f"records_fts integrity-check: {err}")
    # 3. imports: all or nothing
    imported = {r[0] for r in conn.execute("SELECT package_id FROM pkg_imports")}
    lost = exp.applied - imported
    if lost:
        problems.append(f"confirmed imports missing from pkg_imports: {sorted(lost)}")
    if pending and pending["op"] == "import":
        key = "interrupted_import_applied" if pending["package_id"] in imported else "interrupted_import_rolled_back"
        stats[key] += 1
    for p in packages:
        pid = p["package_id"]
        if pid in imported:
            for rid, rev in p["versions"]:
                if rev not in _known_revs(conn, rid):
                    problems.append(f"package {pid} is recorded as imported but {rid} {rev} is missing")
                    break
        else:
            n = conn.execute("SELECT count(*) FROM pkg_received WHERE package_id = ?", [pid]).fetchone()[0]
            if n:
                problems.append(f"package {pid} is not recorded as imported but {n} received rows name it")
    exp.applied = set(imported)
    have = {r[0] for r in conn.execute("SELECT id FROM records")}
    device = conn.execute("SELECT value FROM settings WHERE key = 'device_id'").fetchone()[0]
    mine = {r[0] for r in conn.execute("SELECT id FROM records WHERE device_id = ?", [device])}
    allowed_local = set(exp.local)
    if pending and pending["op"] == "create":
        allowed_local.add(pending["rid"])
    from_pkgs = {rid for p in packages if p["package_id"] in imported for rid, _ in p["versions"]}
    if mine - allowed_local:
        problems.append(f"records of this device nobody created: {sorted(mine - allowed_local)[:3]}")
    if exp.local - mine:
        problems.append(f"created records lost: {sorted(exp.local - mine)[:3]}")
    if have - mine - from_pkgs:
        problems.append(f"records from packages not applied: {sorted(have - mine - from_pkgs)[:3]}")
    if from_pkgs - have:
        problems.append(f"records of applied packages missing: {sorted(from_pkgs - have)[:3]}")


def _check_backups(backups: Path, stats: dict, problems: list[str]) -> None:
    for f in sorted(backups.glob("*.db")):
        stats["backups_checked"] += 1
        try:
            b = sqlite3.connect(f"file:{f}?mode=ro", uri=True)
            try:
                res = b.execute("PRAGMA integrity_check").fetchall()
                b.execute("SELECT count(*) FROM records").fetchone()
            finally:
                b.close()
        except sqlite3.DatabaseError as err:
            res = [(str(err),)]
        if res != [("ok",)]:
            problems.append(f"backup {f.name}: {res[:3]}")
    stats["backup_parts_left"] = len(list(backups.glob("*.part")))


def _check_answers(db: str, exp: Expected, pending: dict | None, problems: list[str]) -> None:
    from models.base.errors import AppError
    from models.records.editor import RecordEditor
    from models.store.database import open_store

    try:
        store = open_store(db, create=False)
    except AppError as err:
        problems.append(f"the database cannot be opened: {err}")
        return
    try:
        if pending and pending["op"] == "create" and store.execute(
                "SELECT 1 FROM records WHERE id = ?", [pending["rid"]]).fetchone():
            exp.local.add(pending["rid"])
            exp.answers.setdefault(pending["rid"], {})
        for rid, answers in exp.answers.items():
            try:
                ed = RecordEditor(store, rid)
            except Exception as err:  # noqa: BLE001
                problems.append(f"record {rid} cannot be opened: {err}")
                continue
            s = ed.session
            in_flight = pending if pending and pending["op"] == "set" and pending["rid"] == rid else None
            for path, value in answers.items():
                got = s.value(path) if s.has(path) else None
                # the keystroke in flight may have been saved (it committed before the kill) or not;
                # saved, it is held as the engine holds it (a multiple choice in the list's order)
                allowed = {value}
                if in_flight and in_flight["path"] == path:
                    allowed |= {in_flight["value"], _as_held(s, path, in_flight["value"])}
                if got not in allowed:
                    problems.append(f"record {rid} {path}: confirmed {value!r}, found {got!r}")
            if in_flight and s.has(in_flight["path"]):
                answers[in_flight["path"]] = s.value(in_flight["path"])  # what counts from now on
            if rid in exp.complete and ed.status != "complete":
                problems.append(f"record {rid} was marked complete but is '{ed.status}'")
            if pending and pending["op"] == "complete" and pending["rid"] == rid and ed.status == "complete":
                exp.complete.add(rid)
    finally:
        store.close()


def _as_held(s, path: str, value: str) -> str | None:
    """``value`` as the engine holds it once set at ``path`` (on a copy of the session)."""
    from forms.engine import FormSession

    probe = FormSession(s.form)
    probe.load(s.to_answers())
    if not probe.has(path):
        return None
    probe.set_value(path, value)
    return probe.value(path)


# ---------------------------------------------------------------------------------------- the run


def run(rounds: int, *, work: Path, seed: int = 1, keep: bool = False, quiet: bool = True) -> dict:
    if not hasattr(os, "fork"):
        raise SystemExit("torture needs fork() and SIGKILL (Linux or macOS)")
    t0 = time.perf_counter()
    setup = prepare(work)
    warm_up()
    packages = setup["packages"]
    rng = random.Random(seed)
    run_dir = work / f"run-{os.getpid()}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    db = str(run_dir / "clerk.db")
    backups = run_dir / "usb"
    stats = {"rounds": 0, "epochs": 0, "killed_during": {}, "answers_confirmed": 0, "answers_checked": 0,
             "records_created": 0, "imports_confirmed": 0, "interrupted_import_applied": 0,
             "interrupted_import_rolled_back": 0, "backups_checked": 0, "backup_parts_left": 0,
             "child_failures": 0, "import_seconds": []}
    problems: list[str] = []
    exp = Expected()
    log_path = run_dir / "log-0.jsonl"

    def new_epoch() -> None:
        nonlocal exp, log_path
        for p in run_dir.glob("clerk.db*"):
            p.unlink()
        shutil.copyfile(setup["template"], db)
        shutil.rmtree(backups, ignore_errors=True)
        from models.store.database import open_store

        st = open_store(db)
        st.set_settings({"backup_folder": str(backups)})
        st.close()
        exp = Expected()
        log_path = run_dir / f"log-{stats['epochs']}.jsonl"
        stats["epochs"] += 1

    new_epoch()
    modes = ["anywhere", "import", "keystroke"]
    for r in range(rounds):
        mode = modes[r % 3] if rounds <= 30 else rng.choice(modes)
        prefer = {"import": "import", "keystroke": "entry"}.get(mode, "mixed")
        before = log_path.stat().st_size if log_path.exists() else 0
        pid = _fork_child(db, log_path, packages, seed * 100_003 + r, prefer)
        deadline = time.monotonic() + 5.0
        if mode == "anywhere":
            time.sleep(rng.uniform(0.02, 1.5))
        else:
            want = '"op": "import"' if mode == "import" else '"op": "set"'
            lines_seen = 0
            target = 1 if mode == "import" else rng.randint(1, 40)
            while time.monotonic() < deadline:
                text = log_path.read_bytes()[before:].decode("utf-8", "replace") if log_path.exists() else ""
                lines_seen = sum(1 for line in text.splitlines() if want in line and '"begin"' in line)
                if lines_seen >= target or '"error"' in text:
                    break
                time.sleep(0.002)
            if mode == "import":
                durations = sorted(stats["import_seconds"]) or [0.3]
                time.sleep(rng.uniform(0, durations[len(durations) // 2] * 1.1))
            else:
                time.sleep(rng.uniform(0, 0.01))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(pid, 0)
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            stats["child_failures"] += 1
        events = _read_events(log_path, exp)
        found = check_round(db, backups, events, exp, packages, stats)
        stats["rounds"] += 1
        if found:
            problems.extend(f"round {r + 1}: {p}" for p in found)
            if not quiet:
                print("\n".join(found), file=sys.stderr)
        if not quiet:
            print(f"\rround {r + 1}/{rounds} problems={len(problems)}", end="", file=sys.stderr)
        if len(exp.applied) == len(packages):
            new_epoch()
    if not quiet:
        print(file=sys.stderr)
    if not keep:
        shutil.rmtree(run_dir, ignore_errors=True)
    secs = stats.pop("import_seconds")
    stats["median_import_seconds"] = round(sorted(secs)[len(secs) // 2], 3) if secs else None
    stats["problems"] = problems
    stats["seconds"] = round(time.perf_counter() - t0, 1)
    stats["packages"] = len(packages)
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", default=str(ROOT / "bench" / "out" / "torture"))
    ap.add_argument("--keep", action="store_true", help="keep the databases and logs of the run")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    summary = run(args.rounds, work=Path(args.workdir), seed=args.seed, keep=args.keep, quiet=args.quiet)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 1 if summary["problems"] or summary["child_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
