"""Every interface string has its English translation in our one catalogue (ui/i18n/khaosat_en), and
Qt's own strings are Vietnamese in the Vietnamese interface (ui/i18n/qtbase_vi, since Qt ships no
Vietnamese catalogue)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QPlainTextEdit

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "ui" / "i18n"
CATALOGUE = I18N / "khaosat_en.ts"
SHOTS = os.environ.get("KHAOSAT_SHOTS")


def _lupdate() -> str | None:
    exe = Path(sys.executable).parent / "pyside6-lupdate"
    return str(exe) if exe.exists() else shutil.which("pyside6-lupdate")


def _messages(ts: Path) -> dict[tuple[str, str], etree._Element]:
    out = {}
    for ctx in etree.parse(str(ts)).getroot().iter("context"):
        name = ctx.findtext("name")
        for m in ctx.iter("message"):
            out[(name, m.findtext("source"))] = m
    return out


def _done(m) -> bool:
    tr = m.find("translation")
    if tr.get("type") in ("unfinished", "obsolete", "vanished"):
        return False
    if m.get("numerus") == "yes":
        forms = [n.text or "" for n in tr.iter("numerusform")]
        return len(forms) == 2 and all(f.strip() for f in forms)
    return bool((tr.text or "").strip())


def _screen_files() -> list[Path]:
    return sorted(p for p in (ROOT / "ui").rglob("*.py") if "i18n" not in p.relative_to(ROOT).parts)


@pytest.mark.skipif(_lupdate() is None, reason="pyside6-lupdate not installed")
def test_lupdate_finds_nothing_new(tmp_path):
    """lupdate reads ui/ again, as update_catalogue.py does: a string added without its translation
    (or a catalogue not brought up to date) fails here."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run([_lupdate(), "-no-obsolete", *map(str, _screen_files()), "-ts", str(fresh)], cwd=str(ROOT),
                   check=True, capture_output=True)
    have = _messages(CATALOGUE)
    found = _messages(fresh)
    assert len(found) > 400
    missing = [key for key in found if key not in have or not _done(have[key])]
    assert not missing, missing


def test_one_catalogue_of_ours():
    """Our strings have one catalogue per language (English; Vietnamese is the source), beside Qt's own
    Vietnamese one; the regeneration script writes that catalogue."""
    assert sorted(p.name for p in I18N.glob("*.ts")) == ["khaosat_en.ts", "qtbase_vi.ts"]
    assert sorted(p.name for p in I18N.glob("*.qm")) == ["khaosat_en.qm", "qtbase_vi.qm"]
    spec = importlib.util.spec_from_file_location("update_catalogue", I18N / "update_catalogue.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (mod.TS, mod.QM) == (CATALOGUE, I18N / "khaosat_en.qm")


def test_compiled_catalogues_match_their_sources():
    """Each .qm was made from the .ts beside it (pyside6-lrelease after every change), plurals included."""
    from PySide6.QtCore import QTranslator

    for ts in (CATALOGUE, I18N / "qtbase_vi.ts"):
        t = QTranslator()
        assert t.load(str(ts.with_suffix(".qm"))), ts
        for (ctx, src), m in _messages(ts).items():
            if not _done(m):
                continue
            if m.get("numerus") == "yes":
                one, many = (n.text for n in m.find("translation").iter("numerusform"))
                assert t.translate(ctx, src, None, 1) == one, (ts.name, ctx, src)
                assert t.translate(ctx, src, None, 3) == many, (ts.name, ctx, src)
            else:
                assert t.translate(ctx, src) == m.findtext("translation"), (ts.name, ctx, src)


def test_page_titles_and_plurals_in_english(qapp):
    from ui.app import install_translators

    install_translators(qapp, "en")
    try:
        assert QCoreApplication.translate("pages", "Gửi dữ liệu") == "Transfer"
        assert QCoreApplication.translate("messages", "Lỗi") == "Error"
        assert QCoreApplication.translate("FormEntryWindow", "%n vấn đề", "", 1) == "1 issue"
        assert QCoreApplication.translate("FormEntryWindow", "%n vấn đề", "", 2) == "2 issues"
        assert QCoreApplication.translate("RecordsPage", "%n phiếu", "", 1) == "1 record"
        # counts of records in the result lines agree with their noun
        made = "Đã tạo gói {0} với %n phiếu."
        assert QCoreApplication.translate("TransferPage", made, "", 1) == "Made the package {0} with 1 record."
        assert QCoreApplication.translate("TransferPage", made, "", 3) == "Made the package {0} with 3 records."
        assert QCoreApplication.translate("ExportDialog", "Đã xuất %n phiếu vào:", "", 1) == "Exported 1 record to:"
        sent = QCoreApplication.translate("SyncPage", "Đã gửi %n phiếu; máy chủ đã có %2; lỗi %3; chưa gửi %4.", "", 1)
        assert sent.startswith("Sent 1 record; ")
        restored = QCoreApplication.translate("recovery", "Đã khôi phục %n phiếu từ bản sao lưu. Tệp hỏng được giữ "
                                              "ở:\n{0}", None, 2)
        assert restored.startswith("Restored 2 records from the backup.")
    finally:
        install_translators(qapp, "vi")


def test_qt_standard_strings_are_vietnamese(qtbot, qapp):
    from ui.app import install_translators

    install_translators(qapp, "vi")
    assert QLocale().language() == QLocale.Language.Vietnamese
    box = QMessageBox(QMessageBox.Icon.Question, "Xóa phiếu?", "Chuyển phiếu vào thùng rác?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDetailedText("chi tiết")
    qtbot.addWidget(box)
    box.show()
    texts = {b.text() for b in box.buttons()}
    assert {"&Có", "&Không", "Xem chi tiết…"} <= texts, texts
    if SHOTS:
        box.grab().save(os.path.join(SHOTS, "qt_vi_question.png"))
    bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                          | QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Save
                          | QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Apply
                          | QDialogButtonBox.StandardButton.Discard)
    qtbot.addWidget(bb)
    assert {b.text() for b in bb.buttons()} == {"Đồng ý", "Hủy", "Đóng", "Lưu", "Mở", "Áp dụng", "Bỏ thay đổi"}
    line = QLineEdit()
    qtbot.addWidget(line)
    menu = [a.text().split("\t")[0] for a in line.createStandardContextMenu().actions() if a.text()]
    assert menu == ["&Hoàn tác", "&Làm lại", "&Cắt", "&Sao chép", "&Dán", "Xóa", "Chọn tất cả"]
    text = QPlainTextEdit()
    qtbot.addWidget(text)
    assert "&Sao chép" in [a.text().split("\t")[0] for a in text.createStandardContextMenu().actions()]
    # and English stays Qt's own
    install_translators(qapp, "en")
    try:
        box2 = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                           QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        qtbot.addWidget(box2)
        assert {b.text() for b in box2.buttons()} == {"&Yes", "&No"}
    finally:
        install_translators(qapp, "vi")


def test_qt_catalogue_is_built_from_its_source():
    spec = importlib.util.spec_from_file_location("make_qtbase_vi", I18N / "make_qtbase_vi.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    have = _messages(I18N / "qtbase_vi.ts")
    for ctx, msgs in mod.VI.items():
        for src, vi in msgs.items():
            assert have[(ctx, src)].findtext("translation") == vi
