"""The consolidation screen with real widgets: import with progress, summary, lists, resolution views."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402

from models.exchange.merge import leaves_of  # noqa: E402
from models.exchange.packages import export_package  # noqa: E402
from models.records.editor import RecordEditor  # noqa: E402
from models.store.database import open_store  # noqa: E402
from tests.models.pkg_helpers import add_enterprise, add_household, make_db  # noqa: E402
from tests.ui.driver import wait_jobs  # noqa: E402


@pytest.fixture
def setup(tmp_path):
    """Packages from two enumerators: one record in conflict, one duplicate pair, complete records."""
    e1 = make_db(tmp_path / "e1.db")
    e2 = make_db(tmp_path / "e2.db", name="Lê Văn Cường", code="E02")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    shared = add_household(e1, "Trần Thị Bình", members=1)
    ent = add_enterprise(e1, "Công ty Ánh Dương", tax="0101234567", complete=True)
    dup = add_enterprise(e2, "CTY ÁNH DƯƠNG", tax="0101234567", complete=True)
    export_package(e1, tmp_path / "a.ksp")
    # the clerk has the first version and corrects it; the enumerator edits it too
    from models.exchange.packages import import_into

    for _ in import_into(clerk, [str(tmp_path / "a.ksp")], backup=False):
        pass
    RecordEditor(clerk, shared).set("phone", "0912000111")
    RecordEditor(e1, shared).set("phone", "0987654321")
    export_package(e1, tmp_path / "a2.ksp", mode="changes")
    export_package(e2, tmp_path / "b.ksp")
    for s in (e1, e2, clerk):
        s.close()
    return {"db": str(tmp_path / "clerk.db"), "files": [str(tmp_path / "a2.ksp"), str(tmp_path / "b.ksp")],
            "shared": shared, "ent": ent, "dup": dup, "tmp": tmp_path}


@pytest.fixture
def page(qtbot, setup):
    from ui.consolidation import ConsolidationPage

    w = ConsolidationPage(setup["db"])
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    return w


def _import(qtbot, page, monkeypatch, files):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (files, "")))
    with qtbot.waitSignal(page.imported, timeout=60000):
        qtbot.mouseClick(page.pick_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.worker is None, timeout=10000)


def test_import_shows_summary_and_lists(qtbot, page, setup, monkeypatch):
    assert page.tabs.tabText(0) == "Xung đột (0)"
    _import(qtbot, page, monkeypatch, setup["files"])
    text = page.summary_label.text()
    assert "cập nhật 0" in text and "xung đột 1" in text and "có thể trùng 1" in text
    assert "a2.ksp" in text and "Nguyễn Văn An" in text and "Lê Văn Cường" in text
    assert page.tabs.tabText(0) == "Xung đột (1)" and page.tabs.tabText(1) == "Có thể trùng (1)"
    assert page.conflicts.rowCount() == 1 and page.conflicts.item(0, 0).text() == "Trần Thị Bình"
    assert page.review.rowCount() == 2  # both complete enterprises await review
    assert page.history.rowCount() == 3
    assert page.tabs.currentIndex() == 0
    page.grab().save(str(setup["tmp"] / "consolidation.png"))


def test_a_refused_package_is_reported_with_its_reason(qtbot, page, setup, monkeypatch):
    bad = setup["tmp"] / "bad.ksp"
    data = bytearray(open(setup["files"][1], "rb").read())
    data[len(data) // 2] ^= 0x01
    bad.write_bytes(bytes(data))
    _import(qtbot, page, monkeypatch, [str(bad)])
    assert "bad.ksp bị từ chối" in page.summary_label.text() and "từ chối 1" in page.summary_label.text()


def test_conflict_dialog_chooses_per_field_and_resolves(qtbot, page, setup, monkeypatch):
    from ui.consolidation_dialogs import ConflictDialog

    _import(qtbot, page, monkeypatch, setup["files"])
    dlg = ConflictDialog(setup["db"], setup["shared"], page)
    qtbot.addWidget(dlg)
    rows = [r["path"] for r in dlg.table.rows]
    assert "phone" in rows and "head_name" in rows
    r = rows.index("phone")
    values = [dlg.table.item(r, 1).text(), dlg.table.item(r, 2).text()]
    assert sorted(values) == ["0912000111", "0987654321"]
    want = "0912000111"
    dlg.table.choose("phone", values.index(want))
    assert dlg.table.item(r, dlg.table.col_value).text() == want
    dlg.table.set_final("village", "Thôn Chốt")  # an edit switches the choice to "Sửa"
    assert dlg.table.combos[rows.index("village")].currentText() == "Sửa"
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert dlg.result() == dlg.DialogCode.Accepted
    s = open_store(setup["db"])
    rec = s.record(setup["shared"])
    assert rec["answers"]["phone"] == want and rec["answers"]["village"] == "Thôn Chốt"
    assert len(leaves_of(s, setup["shared"])) == 1
    assert any(a["action"] == "resolve" for a in s.audit(setup["shared"]))
    s.close()


def test_duplicate_dialog_keep_both_and_page_refresh(qtbot, page, setup, monkeypatch):
    from ui import consolidation_dialogs as cd

    _import(qtbot, page, monkeypatch, setup["files"])
    page.tabs.setCurrentIndex(1)
    page.duplicates.setCurrentCell(0, 0)

    def exec_and_keep(self):
        assert {self.ids[0], self.ids[1]} == {setup["ent"], setup["dup"]}
        qtbot.mouseClick(self.keep_button, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(cd.DuplicateDialog, "exec", exec_and_keep)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert page.tabs.tabText(1) == "Có thể trùng (0)"  # the page followed the decision


def test_duplicate_dialog_merges_into_one(qtbot, setup, page, monkeypatch):
    from ui.consolidation_dialogs import DuplicateDialog

    _import(qtbot, page, monkeypatch, setup["files"])
    dlg = DuplicateDialog(setup["db"], setup["ent"], setup["dup"])
    qtbot.addWidget(dlg)
    dlg.table.choose("unit_name", 1)
    qtbot.mouseClick(dlg.merge_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert dlg.decision == "merged" and dlg.result() == dlg.DialogCode.Accepted
    s = open_store(setup["db"])
    assert s.record(setup["ent"])["answers"]["unit_name"] == "CTY ÁNH DƯƠNG"
    assert s.record(setup["dup"])["deleted"] == 1 and s.record(setup["dup"])["review"]["merged_into"] == setup["ent"]
    s.close()


def test_review_dialog_sends_back_with_question_comments(qtbot, setup, page, monkeypatch):
    from models.records.review import comments_for
    from ui.consolidation_dialogs import ReviewDialog

    _import(qtbot, page, monkeypatch, setup["files"])
    dlg = ReviewDialog(setup["db"], setup["dup"])
    qtbot.addWidget(dlg)
    dlg.set_comment("tax_code", "Mã số thuế trùng với DN khác?")
    qtbot.keyClicks(dlg.comment, "Xem lai")  # keyClicks types ASCII only
    qtbot.mouseClick(dlg.send_back_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    s = open_store(setup["db"])
    assert s.record(setup["dup"])["status"] == "returned"
    assert comments_for(s, setup["dup"]) == {"tax_code": "Mã số thuế trùng với DN khác?", "": "Xem lai"}
    s.close()


def test_review_dialog_send_back_without_comment_shows_a_message(qtbot, setup, page, monkeypatch):
    from ui.consolidation_dialogs import ReviewDialog

    _import(qtbot, page, monkeypatch, setup["files"])
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    dlg = ReviewDialog(setup["db"], setup["dup"])
    qtbot.addWidget(dlg)
    qtbot.mouseClick(dlg.send_back_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert shown and "nhận xét" in shown[0]
    assert dlg.result() != dlg.DialogCode.Accepted and dlg.approve_button.isEnabled()  # still open, usable
    qtbot.mouseClick(dlg.approve_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    s = open_store(setup["db"])
    assert s.record(setup["dup"])["status"] == "approved"
    s.close()


def test_export_and_key_buttons(qtbot, setup, page, monkeypatch):
    from ui import consolidation_dialogs as cd

    out = setup["tmp"] / "out.ksp"
    key = setup["tmp"] / "k.pub"
    monkeypatch.setattr(cd.ExportDialog, "exec", lambda self: 1)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert out.exists() and "out.ksp" in page.summary_label.text()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(key), "")))
    qtbot.mouseClick(page.key_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert key.exists() and "Mã khóa" in page.summary_label.text()


def test_english_catalogue(qtbot, setup):
    """The application's translators (ui.app.install_translators, as at start-up) translate this page."""
    from PySide6.QtWidgets import QApplication

    from ui.app import install_translators
    from ui.consolidation import ConsolidationPage

    app = QApplication.instance()
    install_translators(app, "en")
    try:
        w = ConsolidationPage(setup["db"])
        qtbot.addWidget(w)
        assert w.pick_button.text() == "Choose package files…"
        assert w.tabs.tabText(0) == "Conflicts (0)"
    finally:
        install_translators(app, "vi")
