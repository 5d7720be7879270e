"""What services say they changed (models.base.changes), and how a write waits for another
connection's transaction (Store.lock_waiter) instead of failing with a generic message."""

from __future__ import annotations

from models.base.driver import sqlite3
import threading
import time

import pytest

from models.base.changes import ALL, PACKAGES, RECORDS, SENDERS, SETTINGS, Changes, changes_of
from models.base.errors import AppError, FileCode, os_error
from models.store.database import LockWaiter, open_store


def test_changes_name_records_and_areas():
    c = Changes.of(SENDERS, added=["a"], updated=["a", "b"], removed=["c"])
    assert c.added == {"a"} and c.updated == {"b"} and c.removed == {"c"}  # added wins over updated
    assert c.areas == {SENDERS, RECORDS} and c.record_ids == {"a", "b", "c"}
    assert c.touches(RECORDS) and not c.touches(SETTINGS, PACKAGES)
    assert c.touches_record("b") and not c.touches_record("z")
    both = c | Changes.of(SETTINGS, updated=["z"], removed=["a"])
    assert both.areas == {SENDERS, RECORDS, SETTINGS} and both.removed == {"a", "c"} and "a" not in both.added
    assert not Changes() and Changes.of(SETTINGS) and not Changes.of(SETTINGS).touches_record("a")
    everything = Changes.everything()
    assert everything.areas == {ALL} and everything.touches(SETTINGS) and everything.touches_record("a")
    with pytest.raises(ValueError):
        Changes.of("record")  # a misspelt area is a bug, not nothing


def test_changes_of_a_result():
    class Result:
        changes = Changes.of(PACKAGES)

    assert changes_of(Changes.of(SETTINGS)) == Changes.of(SETTINGS)
    assert changes_of(Result()) == Changes.of(PACKAGES)
    assert changes_of([Result(), Changes.of(updated=["r"])]) == Changes.of(PACKAGES, updated=["r"])
    assert changes_of("a fingerprint") == Changes() and changes_of(None) == Changes()


def _hold_lock(path, release: threading.Event, held: threading.Event) -> threading.Thread:
    """Another connection in a write transaction until ``release`` is set."""
    def run() -> None:
        conn = sqlite3.connect(path, timeout=30)
        conn.isolation_level = None
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO settings(key, value) VALUES ('other', '1')")
        held.set()
        release.wait(20)
        conn.execute("COMMIT")
        conn.close()

    t = threading.Thread(target=run)
    t.start()
    held.wait(10)
    return t


class Recorder(LockWaiter):
    def __init__(self, patience: float, release: threading.Event | None = None):
        self.patience = patience
        self.release = release
        self.calls: list[float] = []
        self.outcome: list[bool] = []

    def waiting(self, seconds: float) -> bool:
        self.calls.append(seconds)
        if self.release is not None and seconds > 0.3:
            self.release.set()  # the other transaction ends while this one waits
        return seconds < self.patience

    def done(self, waited: bool) -> None:
        self.outcome.append(waited)


def test_a_write_waits_for_another_transaction_and_says_so(tmp_path):
    st = open_store(tmp_path / "a.db")
    release, held = threading.Event(), threading.Event()
    other = _hold_lock(st.path, release, held)
    waiter = Recorder(patience=10, release=release)
    st.lock_waiter = waiter
    st.set_settings({"mine": "2"})  # waits, is told, and is written once the other commits
    other.join()
    assert len(waiter.calls) >= 3 and waiter.outcome == [True]
    assert st.settings()["mine"] == "2" and st.settings()["other"] == "1"
    st.set_settings({"mine": "3"})  # nobody else writing: no waiting
    assert waiter.outcome == [True, False] and len(waiter.calls) >= 3
    assert st.execute("PRAGMA busy_timeout").fetchone()[0] == 30000  # the normal timeout is back
    st.close()


def test_a_write_that_cannot_wait_longer_says_the_database_is_busy(tmp_path):
    st = open_store(tmp_path / "a.db")
    release, held = threading.Event(), threading.Event()
    other = _hold_lock(st.path, release, held)
    st.lock_waiter = Recorder(patience=0.3)
    start = time.monotonic()
    try:
        with pytest.raises(AppError) as err:
            st.set_settings({"mine": "2"})
    finally:
        release.set()
        other.join()
    assert time.monotonic() - start < 5  # not the 30-second busy timeout
    assert err.value.code is FileCode.DB_BUSY and "a.db" in err.value.message("vi") and "đang bận" in err.value.message("vi")
    assert "busy" in err.value.message("en") and st.setting("mine") == ""
    assert st.lock_waiter.outcome == [True]
    st.close()


def test_a_locked_database_is_called_busy_not_a_generic_failure():
    err = os_error(sqlite3.OperationalError("database is locked"), "/du-lieu/khaosat.db")
    assert err.code is FileCode.DB_BUSY and "/du-lieu/khaosat.db" in err.message("vi")
    assert os_error(sqlite3.OperationalError("disk I/O error"), "x.db").code is FileCode.WRITE_FAILED


def test_the_editor_says_when_it_reloads(tmp_path):
    """RecordEditor.reload() is the one way its state is replaced, and it says so (on_reload): after a
    reload asked for, and after a save that found the record changed elsewhere."""
    from models.records.editor import RecordEditor
    from tests.models.pkg_helpers import add_household, make_db

    st = make_db(tmp_path / "e.db")
    rid = add_household(st, "Trần Thị Bình", members=1)
    ed = RecordEditor(st, rid)
    told: list[str] = []
    ed.on_reload(lambda: told.append(ed.session.value("village")))
    first = ed.session
    ed.set("phone", "0912000111")
    assert told == [] and ed.session is first  # an ordinary save: no reload
    RecordEditor(st, rid).set("village", "Thôn 9")  # changed elsewhere
    assert ed.changed_elsewhere()
    ed.set("phone", "0912000222")  # saved on top of the newer version: the editor reloaded first
    assert told == ["Thôn 9"] and ed.session is not first and not ed.changed_elsewhere()
    assert st.record(rid)["answers"]["village"] == "Thôn 9" and st.record(rid)["answers"]["phone"] == "0912000222"
    RecordEditor(st, rid).set("head_name", "Trần Thị Bình B")
    ed.reload()
    assert len(told) == 2 and ed.session.value("head_name") == "Trần Thị Bình B" and ed.rev == st.record(rid)["rev"]
    st.close()
