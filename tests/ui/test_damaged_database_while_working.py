"""Issue 16 #4: damage met while working (SQLITE_CORRUPT / NOTADB on a save or a read) is said to be
damage, and the newest good backup is offered on the spot; choosing it asks the window holding the
database to restore it (``Hub.restore_requested``), never "an SQLite database error"."""

from __future__ import annotations

from models.base.driver import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models.base.paths import default_backup_dir
from models.records.editor import create_record
from models.store.backup import backup_now
from tests.ui.driver import focused_question, type_text
from ui.entry.window import FormEntryWindow


def _zero_table(path, table: str) -> None:
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    finally:
        conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(bytes(size))


def test_damage_met_while_typing_offers_the_newest_good_backup(qtbot, store, monkeypatch):
    from ui.hub import hub_for

    rid = create_record(store, "household_digital")
    good = backup_now(store, default_backup_dir(store.path), reason="daily").path
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: focused_question(win) is not None)
    other = sqlite3.connect(store.path)  # another writer: the window's connection reads the file again
    other.execute("UPDATE settings SET value = value WHERE key = 'language'")
    other.commit()
    other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    other.close()
    _zero_table(store.path, "records")  # the disk goes bad under the open window
    seen = []

    def exec_(box):
        seen.append((box.objectName(), box.text(), box.informativeText(), [b.text() for b in box.buttons()]))
        box._clicked = next(b for b in box.buttons() if b.text() == "Khôi phục bản tốt gần nhất")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box._clicked)
    asked = []
    hub_for(store.path).restore_requested.connect(asked.append)
    w = win.widgets["enum_name"]
    w.focus_target().setFocus()
    type_text(w.focus_target(), "Trần Văn Nam")  # not the default (the user name)
    qtbot.keyClick(w.focus_target(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    name, text, more, buttons = seen[0]
    assert name == "damaged_database" and "bị hỏng" in text and "SQLite database error" not in text
    assert good in more and "Đóng" in buttons
    assert asked == [good]


def test_a_raw_damage_error_is_shown_as_damage(qtbot, store, monkeypatch):
    """An SQLite error met while reading (not mapped by a service) is still said to be damage."""
    from ui.messages import show_error

    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append((box.objectName(), box.text())) or 0)
    from ui.hub import hub_for

    hub_for(store.path)
    show_error(None, sqlite3.DatabaseError("database disk image is malformed"))
    assert seen and seen[0][0] == "damaged_database" and "bị hỏng" in seen[0][1]
    assert "Lỗi không mong đợi" not in seen[0][1]
