"""The reports page with real widgets: it follows the interface language and the role, its document
panel is not clipped, preview PDFs do not outlive their preview, the export dialog's dates are
day/month/year."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from models.store.database import open_store
from tests.exports.fixtures import make_store, write_indicators

SHOTS = os.environ.get("KHAOSAT_SHOTS")


def _shot(widget, name):
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture(scope="module")
def report_db(tmp_path_factory):
    d = tmp_path_factory.mktemp("rep")
    store, _ids = make_store(d / "a.db")
    store.close()
    write_indicators(d)
    return str(d / "a.db")


def _page(qtbot, db):
    from ui.reports import ReportsPage

    w = ReportsPage(db, indicators=str(Path(db).parent / "indicators.toml"))
    qtbot.addWidget(w)
    w.resize(1100, 768)
    w.show()
    return w


def test_reports_follow_the_interface_language_and_the_role(qtbot, report_db, qapp, tmp_path):
    from ui.app import install_translators
    from ui.reports import ExportDialog

    page = _page(qtbot, report_db)
    assert page.lang.currentData() == "vi" and page.kind.currentData() == "commune"
    install_translators(qapp, "en")
    try:
        en = _page(qtbot, report_db)
        assert en.lang.currentData() == "en"
        dlg = ExportDialog(report_db)
        qtbot.addWidget(dlg)
        assert dlg.lang.currentData() == "en"
        _shot(en, "reports_en")
    finally:
        install_translators(qapp, "vi")
    prov = tmp_path / "prov.db"
    Path(prov).write_bytes(Path(report_db).read_bytes())
    with open_store(prov) as st:
        st.set_settings({"role": "province", "commune": ""})
    assert _page(qtbot, str(prov)).kind.currentData() == "province"


def test_the_document_panel_is_not_clipped(qtbot, report_db, qapp):
    from ui.app import install_translators

    install_translators(qapp, "en")
    try:
        page = _page(qtbot, report_db)
        page.resize(1186, 768)  # the main window's page area at 1366x768
        qtbot.waitUntil(lambda: page.preview_button.isVisible())
        box = page.kind.parentWidget()
        for label in ("Kind", "Form", "Language"):
            lab = next(w for w in box.findChildren(type(page.status)) if w.text() == label)
            assert lab.width() >= lab.sizeHint().width(), label
    finally:
        install_translators(qapp, "vi")


def test_preview_pdfs_do_not_outlive_their_preview(qtbot, report_db, qapp):
    from models.base.paths import data_dir

    page = _page(qtbot, report_db)
    folder = Path(page._tmpdir)
    assert data_dir() in folder.parents  # the application's folder, not the shared temp folder
    with qtbot.waitSignal(page.pdf_ready, timeout=60000):
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    first = Path(page._pdf)
    assert first.exists()
    page.kind.setCurrentIndex(page.kind.findData("blank"))
    with qtbot.waitSignal(page.pdf_ready, timeout=60000):
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert Path(page._pdf).exists() and not first.exists()  # the one no longer shown is gone
    qapp.aboutToQuit.emit()  # the application quits
    assert not folder.exists() and page._pdf is None
    other = _page(qtbot, report_db)
    folder2 = Path(other._tmpdir)
    other.deleteLater()  # a page rebuilt after a language change or a restore
    qtbot.waitUntil(lambda: not folder2.exists(), timeout=5000)


def test_export_dialog_dates_are_day_month_year(qtbot, report_db):
    from ui.reports import ExportDialog

    dlg = ExportDialog(report_db)
    qtbot.addWidget(dlg)
    dlg.use_dates.setChecked(True)
    dlg.date_from.setDate(QDate(2025, 8, 15))
    assert dlg.date_from.text() == "15/08/2025"
    assert dlg.values()["date_from"] == "2025-08-15"  # the service still gets ISO dates


