"""The reports screen: preview a PDF, save it, export statistics files through the dialog."""

from __future__ import annotations

import pandas as pd
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from tests.exports.fixtures import make_store, write_indicators
from ui.reports import ExportDialog, ReportsPage


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("ui")
    store, ids = make_store(d / "a.db")
    store.close()
    write_indicators(d)
    return str(d / "a.db")


@pytest.fixture
def page(qtbot, db):
    from pathlib import Path

    w = ReportsPage(db, indicators=str(Path(db).parent / "indicators.toml"))
    qtbot.addWidget(w)
    w.resize(1100, 800)
    w.show()
    return w


def _choose(combo, key):
    combo.setCurrentIndex(combo.findData(key))


def test_preview_then_save_a_commune_report(qtbot, page, tmp_path, monkeypatch):
    assert not page.save_button.isEnabled() and not page.form.isEnabled()
    with qtbot.waitSignal(page.pdf_ready, timeout=60000):
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    shown = page.findChildren(QLabel, "preview_page")
    n = len(PdfReader(page._pdf).pages)
    assert len(shown) == n >= 2 and shown[0].pixmap().width() > 500
    assert shown[0].size() == shown[0].pixmap().size()  # whole pages, not squeezed
    assert page.page_count.text() == f"{n} trang" and page.save_button.isEnabled()
    target = tmp_path / "bao_cao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "bao_cao.pdf"
    assert "Xã Thượng Đình" in PdfReader(str(saved)).pages[0].extract_text()
    assert str(saved) in page.status.text()


def test_blank_form_in_english(qtbot, page):
    _choose(page.kind, "blank")
    assert page.form.isEnabled() and page.form.currentData() == "hh_test"
    _choose(page.lang, "en")
    with qtbot.waitSignal(page.pdf_ready, timeout=60000):
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert "Internet at home?" in PdfReader(page._pdf).pages[0].extract_text()
    page.grab().save(str(page._tmpdir) + "/screen.png")


def test_failure_is_shown_not_raised(qtbot, tmp_path, monkeypatch):
    from models.store.database import open_store

    path = tmp_path / "empty.db"
    open_store(path).close()
    w = ReportsPage(str(path))
    qtbot.addWidget(w)
    _choose(w.kind, "filled")  # nothing to print
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    qtbot.mouseClick(w.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.preview_button.isEnabled(), timeout=30000)
    assert shown and "Không có phiếu nào để in" in shown[0]
    assert "Không có phiếu nào để in" in w.status.text() and not w.save_button.isEnabled()


def test_export_dialog_writes_a_workbook_with_filters(qtbot, db, tmp_path, monkeypatch):
    dlg = ExportDialog(db)
    qtbot.addWidget(dlg)
    dlg.show()
    _choose(dlg.fmt, "xlsx")
    dlg.statuses["draft"].setChecked(False)
    qtbot.keyClicks(dlg.commune, "10001")
    _choose(dlg.personal, "drop")
    target = tmp_path / "so_lieu.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dlg.browse, Qt.MouseButton.LeftButton)
    assert dlg.out.text() == str(target)
    with qtbot.waitSignal(dlg.exported, timeout=60000):
        qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    df = pd.read_excel(target, sheet_name="hh_test", dtype=str)
    assert len(df) == 4 and set(df["_commune"]) == {"10001"} and "draft" not in set(df["_status"])
    assert "head_name" not in df.columns
    assert "Đã xuất 4 phiếu" in dlg.message.text()


def test_export_dialog_masks_personal_data_with_its_checkbox(qtbot, db, tmp_path):
    dlg = ExportDialog(db)
    qtbot.addWidget(dlg)
    dlg.show()
    _choose(dlg.fmt, "csv")
    dlg.mask_pii.setFocus()
    qtbot.keyClick(dlg.mask_pii, Qt.Key.Key_Space)  # ticked from the keyboard
    assert dlg.mask_pii.isChecked() and not dlg.personal.isEnabled()
    dlg.out.setFocus()
    qtbot.keyClicks(dlg.out, str(tmp_path / "csv"))
    with qtbot.waitSignal(dlg.exported, timeout=60000):
        qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    plain = pd.read_csv(_export_plain(db, tmp_path), dtype=str)
    masked = pd.read_csv(tmp_path / "csv" / "hh_test.csv", dtype=str)
    names = set(plain["head_name"].dropna())
    assert names and not names & set(masked["head_name"].dropna())
    assert masked["head_name"].dropna().str.fullmatch(r"[0-9a-f]{16}").all()


def _export_plain(db, tmp_path):
    from models.store.database import open_store
    from exports.tabular import run_export

    st = open_store(db)
    try:
        run_export(st, out=str(tmp_path / "plain"), fmt="csv")
    finally:
        st.close()
    return tmp_path / "plain" / "hh_test.csv"


def test_export_dialog_refuses_without_a_destination(qtbot, db):
    dlg = ExportDialog(db)
    qtbot.addWidget(dlg)
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert "Hãy chọn nơi lưu" in dlg.message.text() and dlg.worker is None
    _choose(dlg.fmt, "sav")
    assert not dlg.headers.isEnabled() and not dlg.choices.isEnabled()


def test_english_catalogue(qtbot, db):
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication, QTranslator

    qm = Path(__file__).resolve().parents[2] / "ui" / "i18n" / "khaosat_en.qm"
    tr = QTranslator()
    assert tr.load(str(qm))
    QCoreApplication.installTranslator(tr)
    try:
        w = ReportsPage(db)
        qtbot.addWidget(w)
        assert w.preview_button.text() == "Preview" and w.kind.itemText(0) == "Commune report"
        assert w.tr("%n trang", "", 3) == "3 pages"
        d = ExportDialog(db)
        qtbot.addWidget(d)
        assert d.export_button.text() == "Export" and d.personal.itemText(1) == "Mask"
    finally:
        QCoreApplication.removeTranslator(tr)
