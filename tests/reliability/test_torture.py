"""Crash torture (bench/torture.py): a short run in the suite, and proof that its checks catch what
they are meant to catch (a lost answer, a half-applied import, a damaged file)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.exchange.packages import export_package, import_into, read_package
from models.records.editor import RecordEditor, create_record
from tests.models.pkg_helpers import add_enterprise, add_household, make_db
from tests.reliability.helpers import drain

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork and SIGKILL (POSIX)")


def _torture():
    if "bench_torture" in sys.modules:
        return sys.modules["bench_torture"]
    spec = importlib.util.spec_from_file_location("bench_torture", ROOT / "bench" / "torture.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_torture"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_fifteen_kills_lose_nothing(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "torture.py"), "--rounds", "15", "--seed", "5",
                           "--workdir", str(tmp_path), "--quiet"], capture_output=True, text=True, cwd=ROOT,
                          timeout=600, check=False)
    summary = json.loads(proc.stdout)
    assert proc.returncode == 0, summary["problems"][:5] or proc.stderr[-2000:]
    assert summary["problems"] == [] and summary["child_failures"] == 0
    assert summary["rounds"] == 15
    kills = summary["killed_during"]
    assert kills.get("set", 0) >= 1 and kills.get("import", 0) >= 1, kills
    assert summary["interrupted_import_applied"] + summary["interrupted_import_rolled_back"] == kills["import"]
    assert summary["answers_confirmed"] > 50 and summary["answers_checked"] >= summary["answers_confirmed"]
    assert summary["imports_confirmed"] >= 1 and summary["backups_checked"] >= 1


# ---------------------------------------------------------------------------------------- the checks can fail


@pytest.fixture
def world(tmp_path):
    """A clerk's database, one package (not yet imported) and the torture's bookkeeping."""
    t = _torture()
    src = make_db(tmp_path / "e.db", name="Trần Văn Nam", code="E07")
    add_enterprise(src, "Công ty Hoa Sen", tax="0101234567")
    add_household(src, "Đỗ Thị Lan", members=1)
    export_package(src, tmp_path / "p.ksp")
    src.close()
    pkg = read_package(tmp_path / "p.ksp")
    packages = [{"path": str(tmp_path / "p.ksp"), "package_id": pkg.package_id,
                 "versions": [[v["id"], v["rev"]] for v in pkg.versions()]}]
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ", code="C01")
    usb = tmp_path / "usb"
    usb.mkdir()
    return t, clerk, packages, usb


def _stats():
    return {"killed_during": {}, "records_created": 0, "answers_confirmed": 0, "imports_confirmed": 0,
            "import_seconds": [], "interrupted_import_applied": 0, "interrupted_import_rolled_back": 0,
            "backups_checked": 0, "backup_parts_left": 0, "answers_checked": 0}


def test_the_check_passes_on_what_really_happened(world):
    t, clerk, packages, usb = world
    rid = create_record(clerk, "pkg_ent")
    ed = RecordEditor(clerk, rid)
    ed.set("unit_name", "Cửa hàng Minh Châu")
    ed.set("workers", "7")
    drain(import_into(clerk, [packages[0]["path"]], backup=False))
    events = [{"ev": "begin", "op": "create", "rid": rid, "t": 1}, {"ev": "done", "op": "create", "rid": rid, "t": 1},
              {"ev": "begin", "op": "set", "rid": rid, "path": "unit_name", "value": "Cửa hàng Minh Châu", "t": 2},
              {"ev": "done", "op": "set", "rid": rid, "path": "unit_name", "value": "Cửa hàng Minh Châu", "t": 2},
              {"ev": "begin", "op": "import", "package_id": packages[0]["package_id"], "t": 3},
              {"ev": "done", "op": "import", "package_id": packages[0]["package_id"], "already": False, "t": 3.1},
              # the kill came while this keystroke was being saved; it happened to commit
              {"ev": "begin", "op": "set", "rid": rid, "path": "workers", "value": "7", "t": 4}]
    exp = t.Expected()
    assert t.check_round(clerk.path, usb, events, exp, packages, _stats()) == []
    assert exp.answers[rid] == {"unit_name": "Cửa hàng Minh Châu", "workers": "7"}


def test_a_lost_answer_is_caught(world):
    t, clerk, packages, usb = world
    rid = create_record(clerk, "pkg_ent")
    RecordEditor(clerk, rid).set("unit_name", "Cửa hàng Minh")
    events = [{"ev": "done", "op": "create", "rid": rid, "t": 1},
              {"ev": "done", "op": "set", "rid": rid, "path": "unit_name", "value": "Cửa hàng Minh Châu", "t": 2}]
    problems = t.check_round(clerk.path, usb, events, t.Expected(), packages, _stats())
    assert any("unit_name" in p and "Cửa hàng Minh Châu" in p for p in problems), problems


def test_a_half_applied_import_is_caught(world):
    t, clerk, packages, usb = world
    drain(import_into(clerk, [packages[0]["path"]], backup=False))
    with clerk.write():  # as if the bookkeeping had been committed apart from the records
        clerk.execute("DELETE FROM pkg_imports")
        clerk.execute("DELETE FROM pkg_received")
    problems = t.check_round(clerk.path, usb, [], t.Expected(), packages, _stats())
    assert any("packages not applied" in p for p in problems), problems


def test_an_import_recorded_without_its_records_is_caught(world):
    t, clerk, packages, usb = world
    drain(import_into(clerk, [packages[0]["path"]], backup=False))
    victim = packages[0]["versions"][0][0]
    clerk.execute("PRAGMA foreign_keys = OFF")  # tamper as a crash in the middle would
    with clerk.write():
        clerk.execute("DELETE FROM records WHERE id = ?", [victim])
    problems = t.check_round(clerk.path, usb, [], t.Expected(), packages, _stats())
    assert any("missing" in p for p in problems), problems


def test_a_damaged_database_or_backup_is_caught(world, tmp_path):
    t, clerk, packages, usb = world
    for i in range(30):
        add_household(clerk, f"Hộ số {i}", members=2)
    clerk.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = clerk.path
    clerk.close()
    bad = usb / "khaosat-backup-clerk-1.db"
    data = bytearray(Path(path).read_bytes())
    bad.write_bytes(bytes(data[: len(data) // 2]) + b"\x00" * (len(data) - len(data) // 2))
    for off in range(4096 * 3, len(data) - 4096, 4096 * 5):  # scribble over some pages
        data[off + 100:off + 300] = os.urandom(200)
    Path(path).write_bytes(bytes(data))
    problems = t.check_round(path, usb, [], t.Expected(), packages, _stats())
    assert any("integrity_check" in p or "malformed" in p for p in problems), problems
    assert any(bad.name in p for p in problems), problems


def test_an_interrupted_multiple_choice_is_held_in_the_lists_order(world):
    """A 1000-round run once flagged a committed keystroke: 'c a' is stored as 'a c' (choice order)."""
    from forms import load_form

    t, clerk, packages, usb = world
    clerk.add_form(load_form("| survey |\n| | type | name | label |\n| | select_multiple abc | m | M |\n"
                             "| choices |\n| | list_name | name | label |\n| | abc | a | A |\n| | abc | b | B |\n"
                             "| | abc | c | C |\n| settings |\n| | form_id | version |\n| | sm_test | 1 |\n"))
    rid = create_record(clerk, "sm_test")
    ed = RecordEditor(clerk, rid)
    ed.set("m", "c a")
    assert ed.session.value("m") == "a c"
    begin = {"ev": "begin", "op": "set", "rid": rid, "path": "m", "value": "c a", "t": 2}

    def expected():  # an earlier round: the answer was still empty
        exp = t.Expected()
        exp.local.add(rid)
        exp.answers[rid] = {"m": ""}
        return exp

    assert t.check_round(clerk.path, usb, [begin], expected(), packages, _stats()) == []
    ed.set("m", "b")  # neither the confirmed value nor the one in flight
    problems = t.check_round(clerk.path, usb, [begin], expected(), packages, _stats())
    assert any("'b'" in p for p in problems), problems
