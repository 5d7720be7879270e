"""The record list's "Xoá dữ liệu cá nhân…" (issue 18), driven by keys: select the record, reach the button,
the confirmation names the questions, the reason is typed, Enter erases on the one writer; the entry window
then says when and by whom the personal data was erased."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QPushButton

from tests.models.test_erase import CCCD, NAME, db, interview
from tests.ui.driver import type_text
from ui.records_page import RecordsPage


def _when_shown(name: str, act) -> list:
    done: list = []

    def poll():
        w = QApplication.activeModalWidget()
        if w is not None and w.objectName() == name and w.isVisible():
            done.append(w)
            act(w)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return done


def test_erase_personal_data_from_the_record_list_with_the_keyboard(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("KHAOSAT_PIN", raising=False)
    store = db(tmp_path / "g.db", name="Lê Thị Hoa")
    rid = interview(store)
    page = RecordsPage(store.path, store=store)
    qtbot.addWidget(page)
    page.show()
    # as found by hand: the search box, the name, Tab on to the list (a one-row list: no Down is needed to
    # select its row), Tab on to the erase button
    page.search.setFocus()
    type_text(page.search, "Xuyến")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    for _ in range(10):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        if page.focusWidget() is page.view:
            break
    assert page.focusWidget() is page.view
    assert page.current_id() == rid and page.erase_btn.isEnabled()
    seen: dict = {}

    def confirm(d):
        items = d.findChild(QListWidget, "erase_fields")
        seen["fields"] = [items.item(i).text() for i in range(items.count())]
        seen["enabled_before"] = d.findChild(QPushButton, "erase_confirm").isEnabled()
        reason = d.findChild(QLineEdit, "erase_reason")
        type_text(reason, "Đơn yêu cầu ngày 05/12")
        qtbot.keyClick(reason, Qt.Key.Key_Return)

    shown = _when_shown("erase_dialog", confirm)
    # Tab leaves the list for its buttons (it does not walk the row's cells) and reaches the erase button
    for _ in range(12):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        if page.focusWidget() is page.erase_btn:
            break
    assert page.focusWidget() is page.erase_btn
    qtbot.keyClick(page.erase_btn, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert seen["enabled_before"] is False  # no reason yet: the button waits
    assert any("Họ tên người trả lời" in f and "resp_name" in f for f in seen["fields"])
    assert any("Số CCCD" in f for f in seen["fields"]) and not any("hh_size" in f for f in seen["fields"])
    qtbot.waitUntil(lambda: "cccd" not in store.record(rid)["answers"], timeout=10000)
    rec = store.record(rid)
    assert NAME not in str(rec["answers"]) and CCCD not in str(rec["data"]) and rec["answers"]["hh_size"] == "4"
    assert any(r["action"] == "erase" and r["user"] == "Lê Thị Hoa" for r in store.audit(rid))
    # the list says why the record has no name any more (not "no name yet")
    page.search.clear()  # the list is read again (after its search debounce)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, page.model.COL_LABEL)) == "(đã xoá dữ liệu cá nhân)",
                    timeout=5000)
    # the record view says it, with when and by whom
    w = page.open_record(rid)
    assert w.erased_banner.isVisibleTo(w)
    assert NAME not in w.heading.text() and NAME not in w.windowTitle()
    text = w.erased_banner.text()
    assert "đã được xoá" in text and "Lê Thị Hoa" in text and "Số CCCD" in text and "Đơn yêu cầu ngày 05/12" in text
    w.close()


def test_escape_changes_nothing(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("KHAOSAT_PIN", raising=False)
    store = db(tmp_path / "g.db")
    rid = interview(store)
    page = RecordsPage(store.path, store=store)
    qtbot.addWidget(page)
    page.show()
    page.select(rid)
    shown = _when_shown("erase_dialog", lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
    page.erase_btn.setFocus()
    qtbot.keyClick(page.erase_btn, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    qtbot.wait(200)
    assert store.record(rid)["answers"]["cccd"] == CCCD
    assert store.execute("SELECT count(*) FROM erasures").fetchone()[0] == 0
