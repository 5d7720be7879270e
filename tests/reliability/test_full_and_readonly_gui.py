"""The same failures seen from the screens: a message box (or the dialog's message line) says what
happened and where; the data entered before is intact; nothing partial is left on the USB stick."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from models.exchange.keys import identity
from models.records.editor import RecordEditor, create_record
from models.store import backup
from models.store.database import open_store
from tests.reliability.helpers import copy_db, logical_state, make_demo
from tests.ui.driver import type_text, wait_jobs


@pytest.fixture(autouse=True)
def _jobs_end_with_the_test(qtbot):
    """A job a test started ends before the test's widgets and media go (tests/ui/conftest.py)."""
    yield
    from ui.worker import _ALIVE

    qtbot.waitUntil(lambda: not _ALIVE, timeout=60000)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo_gui")
    db = make_demo(d / "enum.db")
    other = make_demo(d / "other.db", seed=9, enumerator="E02")
    from models.exchange.packages import export_package

    st = open_store(other)
    export_package(st, d / "other.ksp")
    st.close()
    return {"db": db, "package": str(d / "other.ksp")}


@pytest.fixture
def shown(monkeypatch):
    """The text of every message box the screens open (ui.messages.show_error builds a QMessageBox)."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: seen.append(self.text()) or 0)
    return seen


def test_entry_window_when_the_disk_fills(qtbot, medium, shown):
    from ui.entry.window import FormEntryWindow

    db = medium.path / "enum.db"
    st = open_store(db)
    st.set_settings({"role": "enumerator", "user_name": "Lê Thị Hoa", "user_code": "DTV01", "province": "42",
                     "commune": "18073"})
    st.install_bundled_forms()
    rid = create_record(st, "household_digital")
    RecordEditor(st, rid).set("consent", "1")
    medium.track(st)
    win = FormEntryWindow(st, rid)
    qtbot.addWidget(win)
    win.show()
    win.go_to("head_name")
    head = win.widgets["head_name"]
    head.edit.setFocus()
    type_text(head.edit, "Nguyễn Văn Bình")
    qtbot.keyClick(head.edit, Qt.Key.Key_Return)
    assert st.record(rid)["answers"]["head_name"] == "Nguyễn Văn Bình"
    win.go_to("comment")
    note = win.widgets["comment"]
    long_note = "Hộ có cửa hàng tạp hóa, bán qua Zalo và Facebook; " * 400  # pasted from notes
    with medium.full():
        note.edit.setFocus()
        note.edit.setText(long_note)  # a paste
        qtbot.keyClick(note.edit, Qt.Key.Key_Return)
        assert shown, "no message was shown"
        assert "đầy" in shown[-1] and str(db) in shown[-1]
        # the screen is rebuilt from what is stored: no text that was never saved
        qtbot.waitUntil(lambda: win.widgets.get("comment") is not None and win.widgets["comment"] is not note)
        win.go_to("comment")
        note = win.widgets["comment"]
        assert note.edit.text() == ""
        win.go_to("head_name")
        assert win.widgets["head_name"].edit.text() == "Nguyễn Văn Bình"
        win.go_to("comment")
        assert "comment" not in st.record(rid)["answers"] or not st.record(rid)["answers"]["comment"]
    # room again: pasting once more saves it
    note.edit.setFocus()
    note.edit.setText(long_note)
    qtbot.keyClick(note.edit, Qt.Key.Key_Return)
    assert st.record(rid)["answers"]["comment"] == long_note.strip() or \
        st.record(rid)["answers"]["comment"] == long_note
    win.close()
    st.close()
    again = open_store(db)
    win2 = FormEntryWindow(again, rid)
    qtbot.addWidget(win2)
    win2.go_to("head_name")
    win2.go_to("comment")
    assert win2.widgets["head_name"].edit.text() == "Nguyễn Văn Bình"
    assert win2.widgets["comment"].edit.text().startswith("Hộ có cửa hàng")
    win2.close()
    again.close()


def test_saving_a_pdf_onto_a_read_only_usb(qtbot, medium, demo, tmp_path, shown, monkeypatch):
    from ui.reports import ReportsPage

    db = copy_db(demo["db"], tmp_path / "enum.db")
    page = ReportsPage(db)
    qtbot.addWidget(page)
    page.kind.setCurrentIndex(page.kind.findData("blank"))
    with qtbot.waitSignal(page.pdf_ready, timeout=60000):
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    target = medium.path / "phieu_trang.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    for state in ("ro", "full"):
        with (medium.read_only() if state == "ro" else medium.full()):
            qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert shown and str(target) in shown[-1]
        assert ("chỉ đọc" if state == "ro" else "đầy") in shown[-1]
        assert medium.listing() == []
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert medium.listing() == ["phieu_trang.pdf"] and str(target) in page.status.text()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sav"])
def test_export_dialog_onto_a_full_usb(qtbot, medium, demo, tmp_path, fmt):
    from ui.reports import ExportDialog

    db = copy_db(demo["db"], tmp_path / "enum.db")
    dlg = ExportDialog(db)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.fmt.setCurrentIndex(dlg.fmt.findData(fmt))
    out = medium.path / ("so_lieu.xlsx" if fmt == "xlsx" else "so_lieu")
    dlg.out.setText(str(out))
    with medium.full():
        qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.export_button.isEnabled(), timeout=60000)
    text = dlg.message.text()
    assert "đầy" in text and str(medium.path) in text, text
    assert medium.listing() == []


def test_backup_button_with_a_read_only_usb(qtbot, medium, demo, tmp_path, shown):
    from ui.settings_page import SettingsPage

    db = copy_db(demo["db"], tmp_path / "enum.db")
    st = open_store(db)
    st.set_settings({backup.FOLDER_KEY: str(medium.path)})
    page = SettingsPage(st.path, store=st)
    qtbot.addWidget(page)
    with medium.read_only():
        qtbot.mouseClick(page.backup_btn, Qt.MouseButton.LeftButton)
        wait_jobs(qtbot)
    assert shown and "chỉ đọc" in shown[-1] and str(medium.path) in shown[-1]
    assert medium.listing() == [] and not st.setting(backup.LAST_KEY)
    st.close()


def test_consolidation_export_and_key_onto_a_read_only_usb(qtbot, medium, demo, tmp_path, shown, monkeypatch):
    from ui import consolidation_dialogs as cd
    from ui.consolidation import ConsolidationPage

    db = copy_db(demo["db"], tmp_path / "enum.db")
    before = logical_state(db)
    page = ConsolidationPage(db)
    qtbot.addWidget(page)
    monkeypatch.setattr(cd.ExportDialog, "exec", lambda self: 1)
    for name, button in (("goi.ksp", page.export_button), ("khoa.pub", page.key_button)):
        target = str(medium.path / name)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, t=target, **k: (t, "")))
        with medium.read_only():
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            wait_jobs(qtbot)
        assert shown and target in shown[-1] and "chỉ đọc" in shown[-1], shown
    assert medium.listing() == []
    assert logical_state(db) == before  # the records were not sealed or marked as sent


def test_consolidation_import_into_a_full_database(qtbot, medium, demo, shown, monkeypatch):
    from ui.consolidation import ConsolidationPage

    db = medium.path / "clerk.db"
    st = open_store(db)
    st.set_settings({"role": "clerk", "user_name": "Cán bộ xã", "user_code": "C01"})
    identity(st)
    st.close()
    page = ConsolidationPage(str(db))
    qtbot.addWidget(page)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([demo["package"]], "")))
    with medium.full():
        qtbot.mouseClick(page.pick_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.worker is None, timeout=60000)
    said = page.summary_label.text() + "\n".join(shown)
    assert "đầy" in said and str(db) in said, said
    st = open_store(db)
    assert st.count_records() == 0 and st.execute("SELECT count(*) FROM pkg_imports").fetchone()[0] == 0
    st.close()
