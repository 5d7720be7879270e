"""Issue 14 items 1–9 against the fast test-double server (tests/openrosa_server.py speaks Central's
words for each case); tests/central runs the same paths against the real ODK Central."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest

from cli import main
from models.base.errors import AppError
from models.records.editor import RecordEditor
from models.store.database import open_store
from models.store.errors import StoreCode
from models.sync import credentials
from models.sync.errors import SyncCode
from models.sync.service import conflicts, load_settings, resolve_conflict
from tests.models.test_sync import PW, outbox, sync
from tests.openrosa_server import OpenRosaTestServer
from tests.sync_fixtures import MemoryKeyring, fill_record, make_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch):
    kr = MemoryKeyring()
    prev = keyring.get_keyring()
    keyring.set_keyring(kr)
    monkeypatch.delenv(credentials.ENV_PASSWORD, raising=False)
    yield kr
    keyring.set_keyring(prev)


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "xa.db")
    make_db(path, records=3)
    return path


@pytest.fixture
def srv():
    with OpenRosaTestServer() as s:
        s.publish("dn_sync", "2024.1")
        yield s


def edit(db, rid, value="99"):
    with open_store(db) as st:
        ed = RecordEditor(st, rid)
        ed.set("workers", value)
        assert ed.mark_complete() == []


# ---------------------------------------------------------------- 1. deleted in Central


def test_correction_of_a_submission_deleted_on_the_server_waits_for_a_person(db, srv):
    assert sync(db, srv).sent == 3
    first = outbox(db)[0]
    srv.delete(first["instance_id"])
    edit(db, first["record_id"])
    s = sync(db, srv)
    assert s.line() == "sent=0 already=2 failed=1 skipped=0" and s.conflicts == 1
    assert s.xform_files == []  # not read as an unknown form version
    en = " ".join(s.messages("en"))
    assert "deleted on the server" in en and "upload this version" not in en
    n = len(srv.posts())
    s = sync(db, srv)  # not re-posted on every run
    assert len(srv.posts()) == n and s.line() == "sent=0 already=2 failed=1 skipped=0"
    with open_store(db) as st:
        (c,) = conflicts(st)
        assert c["deleted_on_server"] and c["actions"] == ["separate", "keep_server"]
        assert "đã bị xóa trên máy chủ" in c["message"]  # what the sync page shows, in the person's language
        assert "deleted on the server" in conflicts(st, lang="en")[0]["message"]
        with pytest.raises(AppError):
            resolve_conflict(st, c["id"], "replace")
        resolve_conflict(st, c["id"], "separate")
    s = sync(db, srv)
    assert s.line() == "sent=1 already=2 failed=0 skipped=0"
    assert len(srv.submissions) == 3


def test_identical_resend_of_a_deleted_submission_is_the_same_decision(db, srv):
    srv.drops = ["after"] * 3  # Central stores the first copy, the answer never arrives
    assert sync(db, srv).failed == 3
    srv.delete(outbox(db)[0]["instance_id"])  # then the province deletes it
    s = sync(db, srv)
    assert s.conflicts == 1 and s.sent == 2
    with open_store(db) as st:
        assert [c["deleted_on_server"] for c in conflicts(st)] == [True]


# ---------------------------------------------------------------- 2. one writer per database


HOLD = """
import sys, time
sys.path.insert(0, {root!r})
from models.store import runlock
gen = runlock.acquire({db!r}, {what!r})
try:
    next(gen)
except StopIteration as stop:
    lock = stop.value
print("held", flush=True)
time.sleep({seconds})
lock.release()
"""


def hold_in_other_process(db: str, what: str, seconds: float) -> subprocess.Popen:
    p = subprocess.Popen([sys.executable, "-c", HOLD.format(root=str(ROOT), db=db, what=what, seconds=seconds)],
                         stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stdout.readline().strip() == "held"
    return p


def stop(p: subprocess.Popen) -> None:
    p.kill()
    p.wait(10)
    p.stdout.close()


def test_a_second_sync_waits_for_the_first_and_says_for_what(db, srv):
    other = hold_in_other_process(db, "import", 1.5)
    try:
        t = time.monotonic()
        s = sync(db, srv)
        waited = time.monotonic() - t
    finally:
        other.wait(10)
        other.stdout.close()
    assert waited >= 1.0 and s.sent == 3
    waits = [t.message for t in s.ticks if "Đang chờ việc khác" in t.message]
    assert waits and "nhập gói số liệu" in waits[0] and str(other.pid) in waits[0]


def test_a_sync_told_clearly_when_the_other_does_not_finish(db, srv):
    other = hold_in_other_process(db, "sync", 30)
    try:
        with pytest.raises(AppError) as e:
            sync(db, srv, wait_lock=0.5)
    finally:
        stop(other)
    assert e.value.code is StoreCode.DB_WRITER_BUSY
    assert "gửi phiếu lên máy chủ" in e.value.message("vi") and str(other.pid) in e.value.message("en")
    assert outbox(db) == [] and srv.posts() == []  # nothing done
    assert sync(db, srv).sent == 3  # the lock went with the process that held it


def test_restore_refused_while_a_sync_holds_the_database(db, tmp_path):
    from models.store.backup import backup_now, restore

    with open_store(db) as st:
        backup = backup_now(st, tmp_path / "bk").path
    other = hold_in_other_process(db, "sync", 30)
    try:
        with pytest.raises(AppError) as e:
            restore(db, backup)
    finally:
        stop(other)
    assert e.value.code is StoreCode.DB_WRITER_BUSY
    assert not list(tmp_path.glob("xa.db.before-restore.*"))  # nothing changed
    assert restore(db, backup)


def test_import_waits_for_a_running_sync(db, tmp_path):
    from models.base.progress import run
    from models.exchange.importing import import_into

    other = hold_in_other_process(db, "sync", 30)
    try:
        with open_store(db) as st, pytest.raises(AppError) as e:
            run(import_into(st, [], wait_lock=0.3))
    finally:
        stop(other)
    assert e.value.code is StoreCode.DB_WRITER_BUSY and "sending records" in e.value.message("en")


def test_two_sync_commands_at_once_count_nothing_twice(db, srv):
    cmd = [sys.executable, str(ROOT / "main.py"), "sync", "--db", db, "--server", srv.url, "--user", "canbo",
           "--json"]
    env = dict(os.environ, **{credentials.ENV_PASSWORD: PW})
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    outs = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    assert sorted((o["sent"], o["already"], o["failed"]) for o in outs) == [(0, 3, 0), (3, 0, 0)]
    assert len(outbox(db)) == 3 and len(srv.submissions) == 3


# ---------------------------------------------------------------- 3, 5. what the command line says


def test_the_command_line_says_which_record_failed_and_why(db, srv, monkeypatch, capsys):
    monkeypatch.setenv(credentials.ENV_PASSWORD, PW)
    srv.errors = [500] * 9  # the first record: the server keeps failing
    args = ["sync", "--db", db, "--server", srv.url, "--user", "canbo", "--json", "--lang", "en"]
    assert main(args) == 1
    d = json.loads(capsys.readouterr().out)
    assert d["failed"] >= 1
    label = records_labels(db)[0]
    assert any(n.startswith(f"Record '{label}'") and "HTTP 500" in n for n in d["notes"]), d["notes"]


def records_labels(db):
    with open_store(db) as st:
        return [r[0] for r in st.execute("SELECT label FROM records ORDER BY created_at")]


def test_after_a_network_drop_records_already_on_the_server_are_not_failed(db, srv):
    assert sync(db, srv).sent == 3
    with open_store(db) as st:
        rid = fill_record(st, "Công ty Mới", 7)
        assert RecordEditor(st, rid).mark_complete() == []
    rows = outbox(db)
    edit(db, rows[0]["record_id"])  # the first record in order changed: its POST meets the drop
    srv.drops = ["before"] * 3
    s = sync(db, srv)
    assert s.line() == "sent=0 already=2 failed=2 skipped=0", s.line()


# ---------------------------------------------------------------- 4. closed form


def test_a_closed_form_counts_records_on_the_server_as_already_and_says_why(db, srv):
    assert sync(db, srv).sent == 3
    srv.closed.add("dn_sync")
    with open_store(db) as st:
        rid = fill_record(st, "Công ty Mới", 7)
        assert RecordEditor(st, rid).mark_complete() == []
    s = sync(db, srv)
    assert s.line() == "sent=0 already=3 failed=0 skipped=1"
    assert "closed" in s.messages("en")[0] and "Form Access" in s.messages("en")[0]


# ---------------------------------------------------------------- 6. https only


def test_password_over_plain_http_says_https_not_check_the_password(db, srv):
    srv.https_only = True
    with pytest.raises(AppError) as e:
        sync(db, srv)
    assert e.value.code is SyncCode.SYNC_HTTPS_ONLY
    assert "https://" in e.value.message("en") and "password" not in e.value.message("en").split(".")[0].lower()


# ---------------------------------------------------------------- 7. --json on a refused run


def test_json_on_a_refused_run_prints_the_refusal(db, srv, monkeypatch, capsys):
    monkeypatch.setenv(credentials.ENV_PASSWORD, "sai")
    assert main(["sync", "--db", db, "--server", srv.url, "--user", "canbo", "--json"]) == 2
    out, err = capsys.readouterr()
    d = json.loads(out)
    assert d["code"] == "SYNC_AUTH" and d["sent"] == 0 and "từ chối đăng nhập" in d["error"]
    assert "từ chối đăng nhập" in err


# ---------------------------------------------------------------- 8. --save without a key store


def test_save_without_a_key_store_still_sends_and_later_asks_for_the_link(db, srv, capsys):
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    code = main(["sync", "--db", db, "--server", srv.app_user_link, "--save", "--json", "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["sent"] == 3
    assert "could not be stored" in err
    with open_store(db) as st:
        assert load_settings(st).auth == "token"
    with open_store(db) as st:
        st.execute("UPDATE records SET status = 'complete'")  # nothing new needed for the message
    assert main(["sync", "--db", db, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "Paste the app-user link" in err and "No user name" not in err


# ---------------------------------------------------------------- 9. deviceID


def test_each_submission_names_this_installation_as_device_id(db, srv):
    assert sync(db, srv).sent == 3
    with open_store(db) as st:
        dev = st.device_id
    assert dev and srv.device_ids() == [f"khaosat:{dev}"] * 3


def test_kobo_path_keeps_its_form_and_device_id(db):
    with OpenRosaTestServer(kobo=True) as srv:
        srv.publish("dn_sync", "2024.1")
        from models.sync.service import SyncSettings

        s = sync(db, srv, settings=SyncSettings(server=srv.base + "/canbo", user="canbo"))
        assert s.sent == 3 and all(d.startswith("khaosat:") for d in srv.device_ids())



