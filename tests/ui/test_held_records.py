"""Issue 16 #3 on screen: new records of another commune are held, the import summary says so with each
reason, and “Phiếu ngoài địa bàn…” accepts or refuses them (keys and clicks, as a clerk would)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402

from models.exchange.packages import export_package  # noqa: E402
from models.store.database import open_store  # noqa: E402
from tests.models.pkg_helpers import add_enterprise, make_db  # noqa: E402
from tests.ui.driver import wait_jobs  # noqa: E402


@pytest.fixture
def world(tmp_path):
    other = make_db(tmp_path / "other.db", code="E09", commune="26734")
    ids = [add_enterprise(other, f"Công ty {i}") for i in range(3)]
    export_package(other, tmp_path / "other.ksp")
    other.close()
    make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False).close()
    return {"db": str(tmp_path / "clerk.db"), "ids": ids, "tmp": tmp_path}


@pytest.fixture
def page(qtbot, world):
    from ui.consolidation import ConsolidationPage

    w = ConsolidationPage(world["db"])
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    return w


def _records(db) -> list[str]:
    st = open_store(db)
    try:
        return sorted(r[0] for r in st.execute("SELECT id FROM records"))
    finally:
        st.close()


def test_records_from_outside_the_area_are_held_and_decided_on_screen(qtbot, page, world, monkeypatch):
    assert not page.held_button.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(world["tmp"] / "other.ksp")], "")))
    with qtbot.waitSignal(page.imported, timeout=60000):
        qtbot.mouseClick(page.pick_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.worker is None, timeout=10000)
    text = page.summary_label.text()
    assert "3 phiếu mới thuộc xã ngoài địa bàn của máy này đang được giữ" in text
    assert sum(f"phiếu {rid}: xã 26734 ở ngoài địa bàn" in text for rid in world["ids"]) == 3
    assert _records(world["db"]) == []  # nothing merged
    qtbot.waitUntil(page.held_button.isVisible, timeout=5000)
    assert "(3)" in page.held_button.text()

    qtbot.mouseClick(page.held_button, Qt.MouseButton.LeftButton)
    dlg = page.held_dialog
    qtbot.waitUntil(dlg.isVisible, timeout=5000)
    assert dlg.table.rowCount() == 3 and not dlg.accept_button.isEnabled()
    dlg.table.setFocus()
    QTest.keyClick(dlg.table, Qt.Key.Key_Home)  # the first row
    first = dlg.selected_ids()
    assert len(first) == 1 and dlg.accept_button.isEnabled()
    QTest.keyClick(dlg.accept_button, Qt.Key.Key_Space)
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 2, timeout=10000)
    assert "Đã nhận 1 phiếu" in dlg.status.text()
    assert _records(world["db"]) == first

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dlg.table.setFocus()
    QTest.keyClick(dlg.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # both left
    assert len(dlg.selected_ids()) == 2
    QTest.keyClick(dlg.refuse_button, Qt.Key.Key_Space)
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 0, timeout=10000)
    assert _records(world["db"]) == first
    QTest.keyClick(dlg, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not page.held_button.isVisible(), timeout=5000)


def test_the_transfer_page_shows_and_decides_held_records_too(qtbot, world, tmp_path, monkeypatch):
    """An enumerator's transfer page: the same summary line and “Phiếu ngoài địa bàn…”."""
    from ui.transfer_page import TransferPage

    make_db(tmp_path / "e1.db").close()  # E01 of 09025
    page = TransferPage(str(tmp_path / "e1.db"))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    assert not page.held_button.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(world["tmp"] / "other.ksp")], "")))
    with qtbot.waitSignal(page.imported, timeout=60000):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert "3 phiếu mới thuộc xã ngoài địa bàn" in page.result_label.text()
    assert _records(str(tmp_path / "e1.db")) == []
    qtbot.waitUntil(page.held_button.isVisible, timeout=5000)
    QTest.keyClick(page.held_button, Qt.Key.Key_Space)
    dlg = page.held_dialog
    qtbot.waitUntil(dlg.isVisible, timeout=5000)
    dlg.table.setFocus()
    QTest.keyClick(dlg.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(dlg.accept_button, Qt.Key.Key_Space)
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 0, timeout=10000)
    assert _records(str(tmp_path / "e1.db")) == sorted(world["ids"])
