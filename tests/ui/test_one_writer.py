"""One writer per database (ui.hub, ui.worker): jobs that write run one after the other, a job that has
to wait says so and is not refused, an answer typed meanwhile waits for the writer's transaction and
says so, and what a job changed reaches the record list and the open entry windows."""

from __future__ import annotations

import os
import threading
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton  # noqa: E402

from models.base.changes import RECORDS, Changes  # noqa: E402
from models.exchange.packages import export_package, import_into  # noqa: E402
from models.records.editor import RecordEditor  # noqa: E402
from models.store.database import open_store  # noqa: E402
from models.store.errors import StoreCode  # noqa: E402
from tests.models.pkg_helpers import add_enterprise, add_household, make_db  # noqa: E402
from tests.ui.driver import type_text, wait_jobs  # noqa: E402
from ui.hub import hub_for  # noqa: E402
from ui.worker import WriteJob  # noqa: E402

WAITING = "Đang chờ việc khác ghi xong dữ liệu (nhập gói)…"


@pytest.fixture
def clerk(tmp_path):
    """A clerk's database holding an enumerator's household, and a package with the enumerator's next
    version of it plus a new enterprise."""
    e1 = make_db(tmp_path / "e1.db")
    hh = add_household(e1, "Trần Thị Bình", members=1)
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    export_package(e1, tmp_path / "first.ksp")
    for _ in import_into(clerk, [str(tmp_path / "first.ksp")], backup=False):
        pass
    RecordEditor(e1, hh).set("phone", "0987654321")
    ent = add_enterprise(e1, "Công ty Ánh Dương", tax="0101234567")
    export_package(e1, tmp_path / "next.ksp", mode="changes")
    e1.close()
    yield {"store": clerk, "db": str(tmp_path / "clerk.db"), "hh": hh, "ent": ent,
           "package": str(tmp_path / "next.ksp"), "tmp": tmp_path}
    _close_windows()  # they save through the store as they close
    clerk.close()


def _close_windows():
    from PySide6.QtWidgets import QApplication

    for w in QApplication.topLevelWidgets():
        w.close()


@pytest.fixture
def slow_import(monkeypatch):
    """Package imports that hold the write lock until ``gate`` is set (a big package being applied)."""
    import models.exchange.packages as packages

    real = packages.import_into
    gate = threading.Event()
    inside = threading.Event()

    def held(store, files, **kw):
        with store.write():
            inside.set()
            gate.wait(30)
        return (yield from real(store, files, **kw))

    monkeypatch.setattr(packages, "import_into", held)
    yield gate, inside
    gate.set()


def _main_window(qtbot, store):
    from ui.main_window import MainWindow

    win = MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: bool(win.who.text()))  # the status bar filled (it may write its cache)
    return win


def _start_import(qtbot, page, monkeypatch, files):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (files, "")))
    qtbot.mouseClick(page.pick_button, Qt.MouseButton.LeftButton)


def test_two_writing_jobs_run_one_after_the_other_and_the_second_says_it_waits(
        qtbot, clerk, monkeypatch, slow_import, no_dialogs):
    gate, inside = slow_import
    win = _main_window(qtbot, clerk["store"])
    consolidation = win.page("consolidation")
    settings = win.page("settings")
    usb = clerk["tmp"] / "usb"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(usb)))
    _start_import(qtbot, consolidation, monkeypatch, [clerk["package"]])
    qtbot.waitUntil(inside.is_set, timeout=10000)  # the import is writing
    assert hub_for(clerk["db"]).writer.busy
    # meanwhile the clerk chooses a backup folder and backs up: both wait for the import, in order
    qtbot.mouseClick(settings.folder_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(settings.backup_btn, Qt.MouseButton.LeftButton)
    dialogs = [d for d in settings.findChildren(QProgressDialog) if d.isVisible()]
    assert dialogs and all(d.labelText() == WAITING for d in dialogs)  # said at once, not after 500 ms
    assert not no_dialogs["warning"] and not no_dialogs["critical"]  # not refused
    assert not usb.exists() and clerk["store"].count_records() == 1  # nothing of theirs ran yet
    gate.set()
    wait_jobs(qtbot)
    # the import ran first (the backup holds its records), then the folder, then the backup into it
    assert clerk["store"].count_records() == 2
    [copy] = os.listdir(usb)
    with open_store(usb / copy, create=False) as backup:
        assert backup.count_records() == 2
    assert "Đã sao lưu 2 phiếu" in no_dialogs["info"][-1]
    assert not no_dialogs["warning"] and not no_dialogs["critical"]
    assert "cập nhật 1" in consolidation.summary_label.text() and "thêm 1" in consolidation.summary_label.text()
    assert not [d for d in settings.findChildren(QProgressDialog) if d.isVisible()]


def test_an_answer_typed_while_a_package_is_written_waits_and_says_so(qtbot, clerk, monkeypatch, slow_import,
                                                                     no_dialogs):
    gate, inside = slow_import
    win = _main_window(qtbot, clerk["store"])
    entry = win.page("records").open_record(clerk["hh"])
    qtbot.waitUntil(lambda: entry.isVisible() and "village" in entry.widgets, timeout=5000)
    village = entry.widgets["village"]
    village.focus_target().setFocus()
    village.focus_target().selectAll()
    _start_import(qtbot, win.page("consolidation"), monkeypatch, [clerk["package"]])
    qtbot.waitUntil(inside.is_set, timeout=10000)
    seen: list[str] = []

    def watch() -> None:  # on another thread: the window's status bar while the UI thread waits
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not seen:
            text = entry.statusBar().currentMessage()
            if text:
                seen.append(text)
            time.sleep(0.02)
        gate.set()  # the import's transaction goes on and ends

    watcher = threading.Thread(target=watch)
    watcher.start()
    type_text(village.focus_target(), "Thôn Mới")
    qtbot.keyClick(village.focus_target(), Qt.Key.Key_Tab)  # commits: the save meets the import's lock
    watcher.join()
    assert seen == [WAITING]
    rec = clerk["store"].record(clerk["hh"])
    assert rec["answers"]["village"] == "Thôn Mới"  # saved when the keystroke was handled, not refused
    assert not no_dialogs["warning"] and not no_dialogs["critical"]
    assert entry.statusBar().currentMessage() == ""  # said only while waiting
    wait_jobs(qtbot)


def test_an_import_reaches_the_record_list_and_the_open_entry_window(qtbot, clerk, monkeypatch, no_dialogs):
    win = _main_window(qtbot, clerk["store"])
    records = win.page("records")
    assert records.model.rowCount() == 1
    entry = records.open_record(clerk["hh"])
    qtbot.waitUntil(lambda: entry.isVisible() and "village" in entry.widgets, timeout=5000)
    assert entry.session.value("phone") == ""
    heard: list[Changes] = []
    hub_for(clerk["db"]).changes_applied.connect(heard.append)
    page = win.page("consolidation")
    with qtbot.waitSignal(page.imported, timeout=60000):
        _start_import(qtbot, page, monkeypatch, [clerk["package"]])
    wait_jobs(qtbot)
    [changes] = heard
    assert changes.touches(RECORDS) and changes.added == {clerk["ent"]} and changes.updated == {clerk["hh"]}
    assert records.model.rowCount() == 2 and records.model.position_of(clerk["ent"]) >= 0  # the list followed
    # the open window rebuilt itself from the newer version, on screen
    qtbot.waitUntil(lambda: not entry.stale and "phone" in entry.widgets, timeout=5000)
    assert entry.session.value("phone") == "0987654321"
    assert entry.widgets["phone"].focus_target().text() == "0987654321"
    # and an answer typed now is saved on top of it
    village = entry.widgets["village"]
    village.focus_target().setFocus()
    village.focus_target().selectAll()
    type_text(village.focus_target(), "Thôn Đông")
    qtbot.keyClick(village.focus_target(), Qt.Key.Key_Tab)
    rec = clerk["store"].record(clerk["hh"])
    assert rec["answers"]["village"] == "Thôn Đông" and rec["answers"]["phone"] == "0987654321"
    assert not no_dialogs["warning"]


def test_a_job_cancelled_while_it_waits_never_runs(qtbot, clerk, monkeypatch, slow_import, no_dialogs):
    gate, inside = slow_import
    win = _main_window(qtbot, clerk["store"])
    settings = win.page("settings")
    usb = clerk["tmp"] / "usb"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(usb)))
    _start_import(qtbot, win.page("consolidation"), monkeypatch, [clerk["package"]])
    qtbot.waitUntil(inside.is_set, timeout=10000)
    qtbot.mouseClick(settings.folder_btn, Qt.MouseButton.LeftButton)
    [waiting] = [d for d in settings.findChildren(QProgressDialog) if d.isVisible()]
    assert waiting.labelText() == WAITING
    [cancel] = waiting.findChildren(QPushButton)
    assert cancel.text() == "Hủy"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # the person gives up waiting
    assert not hub_for(clerk["db"]).writer.queue and not waiting.isVisible()  # it ended there and then
    gate.set()
    wait_jobs(qtbot)
    assert clerk["store"].count_records() == 2  # the import went on
    assert clerk["store"].setting("backup_folder") == ""  # the cancelled job never ran
    assert not no_dialogs["warning"] and not no_dialogs["critical"]


def test_a_job_on_a_missing_database_is_refused_and_makes_none(qtbot, tmp_path):
    missing = tmp_path / "xoa-mat.db"
    errors = []
    job = WriteJob(lambda store: store.set_settings({"x": "1"}), db=missing).on_failure(errors.append)
    job.start()
    wait_jobs(qtbot)
    [err] = errors
    assert err.code is StoreCode.DB_OPEN and "xoa-mat.db" in err.message("vi") and "không tìm thấy tệp" in err.message("vi")
    assert not missing.exists()
