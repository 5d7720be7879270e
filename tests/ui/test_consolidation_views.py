"""The consolidation views as a clerk reads them: labels instead of codes, local times, who made each
version, columns that fit a 1366x768 screen, the interface language, and resolving with the proposed
choices adds nothing that neither side had."""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFileDialog

from models.exchange.merge import leaves_of
from models.exchange.packages import export_package, import_into
from models.records.editor import RecordEditor
from models.records.flat import flatten
from models.store.database import open_store
from tests.models.pkg_helpers import add_enterprise, add_household, make_db
from tests.ui.driver import wait_jobs

LOCAL = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")
SHOTS = os.environ.get("KHAOSAT_SHOTS")


def _shot(widget, name):
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture
def conflict(tmp_path):
    """A household the clerk corrected (a second member) while the enumerator changed the phone."""
    e1 = make_db(tmp_path / "e1.db")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Phạm Thu Hà", code="C01", forms=False)
    hh = add_household(e1, "Trần Thị Bình", members=1, complete=True)
    ent = add_enterprise(e1, "Công ty Ánh Dương", complete=True)
    export_package(e1, tmp_path / "a.ksp")
    for _ in import_into(clerk, [str(tmp_path / "a.ksp")], backup=False):
        pass
    ed = RecordEditor(clerk, hh)
    ed.set("hh_size", "2")
    p = ed.add_instance("mem")
    ed.set(f"{p}.m_name", "Con Út")
    RecordEditor(e1, hh).set("phone", "0987654321")
    export_package(e1, tmp_path / "a2.ksp", mode="changes")
    e1.close()
    clerk.close()
    return {"db": str(tmp_path / "clerk.db"), "file": str(tmp_path / "a2.ksp"), "hh": hh, "ent": ent,
            "tmp": tmp_path}


def _imported(conflict):
    st = open_store(conflict["db"])
    for _ in import_into(st, [conflict["file"]], backup=False):
        pass
    st.close()


def _all_columns_visible(table) -> bool:
    width = sum(table.columnWidth(c) for c in range(table.columnCount()))
    return width <= table.viewport().width() + 2


def test_conflict_view_says_who_made_what_in_words(qtbot, conflict):
    from ui.consolidation_dialogs import ConflictDialog

    _imported(conflict)
    dlg = ConflictDialog(conflict["db"], conflict["hh"])
    qtbot.addWidget(dlg)
    dlg.show()
    heads = [lab.text() for lab in dlg.version_labels]
    assert all(LOCAL.search(h) for h in heads) and not any("T" in h.split("·")[0][-12:] for h in heads)
    assert any("Phạm Thu Hà (C01), cán bộ xã, trên máy này" in h for h in heads)
    assert any("Nguyễn Văn An (E01), điều tra viên, máy khác" in h for h in heads)
    assert all(("Hoàn thành" in h or "Nháp" in h) for h in heads) and not any("complete" in h for h in heads)
    assert not any(re.search(r"\d-[0-9a-f]{32}", h) for h in heads)  # no revision hash in the heading
    labels = [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())]
    assert "Số di động" in labels and "Dòng 2 · Họ tên" in labels and "Trạng thái" in labels
    status = labels.index("Trạng thái")
    assert {dlg.table.item(status, 1).text(), dlg.table.item(status, 2).text()} <= {"Hoàn thành", "Nháp"}
    assert dlg.width() <= 1366 and _all_columns_visible(dlg.table)
    _shot(dlg, "conflict_vi")


def test_resolving_with_the_proposed_choices_adds_no_empty_answer_or_member(qtbot, conflict):
    from ui.consolidation_dialogs import ConflictDialog

    _imported(conflict)
    st = open_store(conflict["db"])
    proposed = leaves_of(st, conflict["hh"])[0]
    st.close()
    dlg = ConflictDialog(conflict["db"], conflict["hh"])
    qtbot.addWidget(dlg)
    absent = [r["path"] for r in dlg.table.rows if r["values"][0] is None]
    assert absent  # the other version has answers this one does not
    assert all(dlg.table.values()[p] is None for p in absent)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    st = open_store(conflict["db"])
    rec = st.record(conflict["hh"])
    st.close()
    assert flatten(rec["answers"]) == flatten(proposed["answers"])
    assert len(rec["answers"].get("mem", [])) == len(proposed["answers"].get("mem", []))


def test_choice_answers_show_labels_with_their_codes(qtbot, tmp_path):
    from ui.consolidation_dialogs import ReviewDialog

    st = make_db(tmp_path / "c.db", role="clerk")
    rid = add_enterprise(st, "Công ty Ánh Dương")
    ed = RecordEditor(st, rid)
    ed.set("sells_online", "1")
    ed.set("workers", "12500")
    assert ed.mark_complete() == []
    st.close()
    dlg = ReviewDialog(str(tmp_path / "c.db"), rid)
    qtbot.addWidget(dlg)
    dlg.show()
    answers = {dlg.table.item(r, 0).text(): dlg.table.item(r, 1).text() for r in range(dlg.table.rowCount())}
    assert answers["Bán hàng qua mạng?"] == "Có (1)" and answers["Số lao động"] == "12.500"
    assert "trạng thái: Hoàn thành" in dlg.head.text() and LOCAL.search(dlg.head.text())
    assert dlg.table.columnWidth(2) >= 250 and _all_columns_visible(dlg.table)
    _shot(dlg, "review_vi")


def test_the_views_speak_english_in_the_english_interface(qtbot, conflict, qapp):
    from ui.app import install_translators
    from ui.consolidation_dialogs import ConflictDialog, ReviewDialog

    _imported(conflict)
    install_translators(qapp, "en")
    try:
        dlg = ConflictDialog(conflict["db"], conflict["hh"])
        qtbot.addWidget(dlg)
        labels = [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())]
        assert "Mobile" in labels and "Line 2 · Name" in labels and "Status" in labels
        heads = " ".join(lab.text() for lab in dlg.version_labels)
        assert "commune clerk, on this computer" in heads and ("Complete" in heads or "Draft" in heads)
        _shot(dlg, "conflict_en")
        rev = ReviewDialog(conflict["db"], conflict["ent"])
        qtbot.addWidget(rev)
        assert "status: Complete" in rev.head.text()
    finally:
        install_translators(qapp, "vi")
    assert QLocale().language() == QLocale.Language.Vietnamese


def test_lists_show_names_and_local_times_and_a_fresh_page_says_what_to_do(qtbot, conflict, monkeypatch):
    from ui.consolidation import ConsolidationPage

    page = ConsolidationPage(conflict["db"])
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    # the clerk imported a.ksp in the fixture: lists are not empty, so no first-steps text
    assert not page.empty_hint.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([conflict["file"]], "")))
    with qtbot.waitSignal(page.imported, timeout=30000):
        qtbot.mouseClick(page.pick_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.worker is None, timeout=10000)
    assert "Xã Yên Lạc" in page.summary_label.text() and "xã 09025" not in page.summary_label.text()
    assert page.conflicts.item(0, 1).text() == "Hộ gia đình" and page.conflicts.item(0, 3).text() == "Xã Yên Lạc"
    assert LOCAL.fullmatch(page.history.item(0, 0).text()) and page.history.item(0, 1).text() == "Xã Yên Lạc"
    assert LOCAL.fullmatch(page.review.item(0, 4).text())
    fresh = make_db(conflict["tmp"] / "fresh.db", role="clerk", forms=False)
    fresh.close()
    empty = ConsolidationPage(str(conflict["tmp"] / "fresh.db"))
    qtbot.addWidget(empty)
    empty.resize(1366, 700)
    empty.show()
    assert empty.empty_hint.isVisible() and "Chọn tệp gói…" in empty.empty_hint.text()
    _shot(empty, "consolidation_empty_vi")


def test_duplicate_view_fits_and_proposes_the_kept_record(qtbot, tmp_path):
    from ui.consolidation_dialogs import DuplicateDialog

    st = make_db(tmp_path / "c.db", role="clerk")
    a = add_enterprise(st, "Công ty Ánh Dương", tax="0101234567", complete=True)
    b = add_enterprise(st, "CTY ÁNH DƯƠNG", tax="0101234567", phone="0912345678")
    st.close()
    dlg = DuplicateDialog(str(tmp_path / "c.db"), a, b)
    qtbot.addWidget(dlg)
    dlg.resize(1300, 720)
    dlg.table.fit(1270)
    dlg.show()
    assert dlg.minimumSizeHint().width() <= 1366 and _all_columns_visible(dlg.table)
    radios = [btn.text() for btn in dlg.survivor_group.buttons()]
    assert "Hoàn thành" in radios[0] and "Nháp" in radios[1] and "trên máy này" in radios[0]
    assert dlg.table.values()["phone"] is None  # record A (kept) has no phone: none is proposed
    dlg.survivor_group.button(1).click()  # keep B: B's answers are proposed
    assert dlg.table.values()["phone"] == "0912345678" and dlg.table.values()["unit_name"] == "CTY ÁNH DƯƠNG"

