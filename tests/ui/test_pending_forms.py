"""Issue 17: a form version that came down from a sender not trusted here waits on the Settings page's
forms tab; a person installs it or refuses it (real clicks)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from forms import load_form
from tests.models.pkg_helpers import import_files, make_db
from tests.models.test_forms_down import ENTERPRISE_2
from tests.ui.driver import wait_jobs
from ui.settings_page import SettingsPage


def _held(tmp_path, store, name="Sở KH&CN", code="P01"):
    prov = make_db(tmp_path / f"{code}.db", role="province", name=name, code=code, commune="")
    prov.add_form(load_form(ENTERPRISE_2))
    from models.exchange.packages import export_package

    export_package(prov, tmp_path / f"{code}.ksp", forms_only=True)
    prov.close()
    [s] = import_files(store, [tmp_path / f"{code}.ksp"])
    assert s.forms_held == ["pkg_ent 2"]


def _click_row(qtbot, table, row):
    rect = table.visualItemRect(table.item(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_held_form_is_installed_with_a_click(qtbot, tmp_path, no_dialogs):
    store = make_db(tmp_path / "clerk.db", role="commune", name="Phạm Thị Dung", code="X01")
    _held(tmp_path, store)
    page = SettingsPage(store.path, store=store)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(1)
    assert page.pending_table.rowCount() == 1 and not page.pending_table.isHidden()
    assert [page.pending_table.item(0, c).text() for c in (1, 2, 3)] == ["pkg_ent", "2", "Sở KH&CN"]
    qtbot.mouseClick(page.install_form_btn, Qt.MouseButton.LeftButton)  # nothing chosen yet
    assert "chọn một biểu mẫu" in no_dialogs["info"][-1]
    assert store.latest_version("pkg_ent") == "1"
    _click_row(qtbot, page.pending_table, 0)
    qtbot.mouseClick(page.install_form_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: page.pending_table.rowCount() == 0)
    assert "phiên bản 2" in no_dialogs["info"][-1]
    assert store.latest_version("pkg_ent") == "2" and page.pending_table.isHidden()
    versions = {page.forms_table.item(r, 1).text(): page.forms_table.item(r, 2).text()
                for r in range(page.forms_table.rowCount())}
    assert "2" in versions["pkg_ent"].split(", ")
    store.close()


def test_a_held_form_is_refused_with_a_click(qtbot, tmp_path, no_dialogs):
    store = make_db(tmp_path / "clerk.db", role="commune", name="Phạm Thị Dung", code="X01")
    _held(tmp_path, store)
    page = SettingsPage(store.path, store=store)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(1)
    _click_row(qtbot, page.pending_table, 0)
    qtbot.mouseClick(page.refuse_form_btn, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: page.pending_table.rowCount() == 0)
    assert store.latest_version("pkg_ent") == "1"
    from models.exchange.forms_down import pending

    assert pending(store) == []
    store.close()
