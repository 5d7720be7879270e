import shutil

import pytest
from PySide6.QtCore import Qt

from models.demo import generate as demo
from models.store.database import open_store
from ui.record_model import RecordTableModel
from ui.records_page import RecordsPage


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("list") / "demo.db"
    demo.run(str(path), commune="09025", enterprises=30, households=40, seed=7, enumerator="DTV07", skeletons=6)
    return path


@pytest.fixture
def demo_store(demo_template, tmp_path):
    path = tmp_path / "d.db"
    shutil.copy(demo_template, path)
    st = open_store(path)
    yield st
    st.close()


def test_model_passes_qt_model_tester(qtmodeltester, demo_store):
    model = RecordTableModel(demo_store)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 70
    model.sort(RecordTableModel.COL_LABEL, Qt.SortOrder.AscendingOrder)
    labels = [model.row(r).label for r in range(model.rowCount())]
    assert labels == sorted(labels)
    qtmodeltester.check(model, force_py=True)


def test_model_loads_lazily_in_blocks(demo_store, monkeypatch):
    from ui import record_model

    monkeypatch.setattr(record_model, "BLOCK", 16)
    model = RecordTableModel(demo_store)
    calls = []
    real = record_model.queries.page
    monkeypatch.setattr(record_model.queries, "page", lambda *a, **k: calls.append(k) or real(*a, **k))
    model.data(model.index(0, 1))
    model.data(model.index(20, 1))
    assert len(calls) == 2 and calls[1]["after"] is not None  # the second block by keyset
    model.data(model.index(69, 1))
    assert calls[2]["after"] is None and calls[2]["offset"] == 64  # a jump: by offset
    assert len(model._blocks) == 3


def test_search_filters_and_actions(qtbot, demo_store, no_dialogs, monkeypatch):
    page = RecordsPage(demo_store.path, store=demo_store)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 70
    page.form_box.setCurrentIndex(page.form_box.findData("household_digital"))
    assert page.model.rowCount() == 40
    page.status_box.setCurrentIndex(page.status_box.findData("complete"))
    n_complete = page.model.rowCount()
    assert 0 < n_complete < 40
    page.status_box.setCurrentIndex(0)
    # search by a head's name without diacritics, through the debounce
    rec = demo_store.record(page.model.record_id(0))
    from models.setup.admin_units import fold

    word = fold(rec["label"]).split()[-1]
    qtbot.keyClicks(page.search, word)
    qtbot.waitUntil(lambda: page.model.flt.text == word, timeout=2000)
    assert 1 <= page.model.rowCount() < 40
    import json

    for r in range(page.model.rowCount()):  # a name anywhere in the record's text answers
        answers = demo_store.record(page.model.record_id(r))["answers"]
        assert word in fold(json.dumps(answers, ensure_ascii=False))
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.flt.text == "", timeout=2000)
    # delete (soft) and restore from the bin
    page.view.selectRow(0)
    rid = page.current_id()
    qtbot.mouseClick(page.del_btn, Qt.MouseButton.LeftButton)
    assert demo_store.record(rid)["deleted"] == 1
    assert page.model.rowCount() == 39
    page.bin_box.setChecked(True)
    assert page.model.rowCount() == 1
    page.view.selectRow(0)
    qtbot.mouseClick(page.del_btn, Qt.MouseButton.LeftButton)
    assert demo_store.record(rid)["deleted"] == 0
    page.bin_box.setChecked(False)
    assert page.model.rowCount() == 40


def test_new_record_opens_entry_and_list_follows(qtbot, demo_store, no_dialogs, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    page = RecordsPage(demo_store.path, store=demo_store)
    qtbot.addWidget(page)
    forms = demo_store.forms()
    titles = [f"{f['title']} ({f['version']})" for f in forms]
    pick = next(t for t, f in zip(titles, forms, strict=True) if f["form_id"] == "enterprise_digital")
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (pick, True)))
    qtbot.mouseClick(page.new_btn, Qt.MouseButton.LeftButton)
    assert demo_store.count_records() == 71
    (rid, win), = page.entry_windows.items()
    qtbot.addWidget(win)
    assert demo_store.record(rid)["form_id"] == "enterprise_digital"
    assert page.current_id() == rid
    from tests.ui.driver import answer, focused_question

    qtbot.waitUntil(lambda: focused_question(win) is not None)
    win.go_to("consent")
    answer(qtbot, win, focused_question(win), "1")
    win.go_to("unit_type")
    answer(qtbot, win, focused_question(win), "2")
    win.go_to("unit_name")
    answer(qtbot, win, focused_question(win), "Hợp tác xã Chè Tân Cương")
    assert page.model.row(page.model.position_of(rid)).label == "Hợp tác xã Chè Tân Cương"
    # mark complete from the list: refused with a clear message, offered to open the issues
    page.select(rid)
    no_dialogs["answers"].append(__import__("PySide6.QtWidgets", fromlist=["QMessageBox"]).QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.complete_btn, Qt.MouseButton.LeftButton)
    assert "vấn đề" in no_dialogs["question"][-1]
    assert demo_store.record(rid)["status"] == "draft"


def test_duplicate_check_uses_the_consolidation_keys_and_decisions(qtbot, demo_store, no_dialogs, monkeypatch):
    """A phone written +84… on one record and 0… on another is a possible duplicate on the list, as on
    the consolidation screen; once the pair is decided "keep both" the list no longer shows it."""
    from models.records.duplicates import keep_both
    from models.records.editor import RecordEditor, create_record

    page = RecordsPage(demo_store.path, store=demo_store)
    qtbot.addWidget(page)
    src = demo_store.execute("SELECT id, label, json_extract(answers, '$.phone') FROM records WHERE form_id = "
                             "'household_digital' AND json_extract(answers, '$.phone') LIKE '0%'").fetchone()
    rid = create_record(demo_store, "household_digital")
    ed = RecordEditor(demo_store, rid)
    ed.set("consent", "1")
    ed.set("phone", "+84 " + src[2][1:4] + " " + src[2][4:])
    page.refresh()
    page.select(rid)
    shown = []
    from ui import records_page

    def fake_exec(dialog):
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        return 0

    monkeypatch.setattr(records_page.DuplicatesDialog, "exec", fake_exec)
    qtbot.mouseClick(page.dup_btn, Qt.MouseButton.LeftButton)
    assert len(shown[-1]) == 1
    assert shown[-1][0].startswith(src[1] + " — ") and shown[-1][0].endswith("cùng số điện thoại")
    keep_both(demo_store, rid, src[0])
    qtbot.mouseClick(page.dup_btn, Qt.MouseButton.LeftButton)
    assert shown[-1] == []
