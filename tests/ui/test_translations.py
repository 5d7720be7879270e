"""Every interface string has its English translation in our one catalogue (ui/i18n/khaosat_en), and
Qt's own strings are Vietnamese in the Vietnamese interface (ui/i18n/qtbase_vi, since Qt ships no
Vietnamese catalogue)."""

from __future__ import annotations

import ast
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


def _calls(path: Path):
    """``(context, source, counted, code)`` of every ``….tr(…)`` and ``….translate(…)`` call in ``path``:
    ``self.tr`` takes the enclosing class as its context (as lupdate and PySide do); context and
    source are None where they are not written out as literals (lupdate cannot see those)."""

    def text(node):
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    found = []

    class Visitor(ast.NodeVisitor):
        def __init__(self):
            self.classes: list[str] = []

        def visit_ClassDef(self, node):
            self.classes.append(node.name)
            self.generic_visit(node)
            self.classes.pop()

        def visit_Call(self, node):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name == "tr" and node.args:
                found.append((self.classes[-1] if self.classes else None, text(node.args[0]), len(node.args) > 2,
                              ast.unparse(node)))
            elif name == "translate" and len(node.args) >= 2:
                found.append((text(node.args[0]), text(node.args[1]), len(node.args) > 3, ast.unparse(node)))
            self.generic_visit(node)

    Visitor().visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_every_tr_string_in_ui_has_an_english_translation():
    """Read from the code itself (not through lupdate): every ``self.tr("…")`` and
    ``QCoreApplication.translate("context", "…")`` string in ui/ has a finished English translation
    in khaosat_en.ts, with English plural forms where the call passes a count. A string passed as a
    variable (which lupdate cannot see) is refused, the page titles aside."""
    have = _messages(CATALOGUE)
    missing, unseen, calls = [], [], 0
    for path in _screen_files():
        rel = path.relative_to(ROOT).as_posix()
        for ctx, src, counted, code in _calls(path):
            calls += 1
            if ctx is None or src is None:
                unseen.append((rel, code))
                continue
            m = have.get((ctx, src))
            if m is None or not _done(m) or counted != (m.get("numerus") == "yes"):
                missing.append((rel, ctx, src))
    assert calls > 400  # the walk does find the screens' strings
    assert not missing, missing
    # the page titles go through a variable: ui.pages lists them, the "pages" context has them
    assert unseen == [("ui/main_window.py", "QCoreApplication.translate('pages', title)")], unseen
    from ui.pages import PAGES

    assert all(_done(have[("pages", p.title)]) for p in PAGES if ("pages", p.title) in have)
    assert not [p.title for p in PAGES if ("pages", p.title) not in have]


@pytest.mark.skipif(_lupdate() is None, reason="pyside6-lupdate not installed")
def test_lupdate_finds_nothing_new(tmp_path):
    """lupdate reads ui/ again, as update_catalogue.py does: a string added without its translation
    (or a catalogue not brought up to date) fails here, and so does a string in the code that lupdate
    cannot see (its translation would be dropped at the next update)."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run([_lupdate(), "-no-obsolete", *map(str, _screen_files()), "-ts", str(fresh)], cwd=str(ROOT),
                   check=True, capture_output=True)
    have = _messages(CATALOGUE)
    found = _messages(fresh)
    assert len(found) > 400
    missing = [key for key in found if key not in have or not _done(have[key])]
    assert not missing, missing
    in_code = {(ctx, src) for path in _screen_files() for ctx, src, _n, _code in _calls(path) if ctx and src}
    assert not in_code - set(found), in_code - set(found)


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


def test_entry_heading_of_a_record_without_a_name_in_english(qtbot, qapp, store):
    """The heading's placeholder was translated inside an f-string, which lupdate skipped."""
    from models.records.editor import create_record
    from ui.app import install_translators
    from ui.entry.window import FormEntryWindow

    install_translators(qapp, "en")
    try:
        win = FormEntryWindow(store, create_record(store, "household_digital"), ui_lang="en", form_lang="en")
        qtbot.addWidget(win)
        assert win.heading.text() == "(no name yet) — Draft"
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
