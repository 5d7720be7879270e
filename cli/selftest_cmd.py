"""``--self-test``: a headless check that the installed application works (used after a build).

In a temporary folder it checks, one step after another: the bundled forms load; the database round
trip (a Vietnamese answer written, read back, integrity check); a CSV export of that record; a PDF of
the blank questionnaire that holds Vietnamese text in an embedded font; the translation catalogues
(the English interface catalogues load and translate, every message has both languages). It prints
one line per step in the language asked for, and ``OK`` or the failing step with what to do; exit 0
or 1. Nothing is written outside the temporary folder; no traceback reaches the user (an unexpected
error is handled like any command's: logged, exit 3).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

SAMPLE = "Kiểm tra tiếng Việt: Nguyễn Thị Ánh"

#: step -> (Vietnamese, English) as printed
STEPS = {
    "forms": ("biểu mẫu đi kèm", "bundled forms"),
    "database": ("cơ sở dữ liệu", "database"),
    "export": ("xuất CSV", "CSV export"),
    "pdf": ("PDF tiếng Việt", "Vietnamese PDF"),
    "translations": ("bản dịch", "translations"),
}


class _Failed(Exception):
    def __init__(self, step: str, vi: str, en: str):
        super().__init__(en)
        self.step, self.vi, self.en = step, vi, en


def _i18n_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "ui" / "i18n"


def run_self_test(lang: str = "vi") -> int:
    from cli.messages import CliCode, CliError
    from models.base.errors import AppError

    vi = lang == "vi"
    done: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="khaosat-selftest-") as tmp:
            _run(Path(tmp), done, vi)
    except _Failed as f:
        from models.base.errors import Bilingual

        err = CliError(CliCode.SELF_TEST_FAILED, step=STEPS[f.step][0 if vi else 1],
                       detail=Bilingual(f.vi, f.en))
        print(err.message(lang), file=sys.stderr)
        return 1
    except AppError as err:  # e.g. a bundled form that clashes, a read-only temp folder
        step = STEPS[_current(done)][0 if vi else 1]
        print(CliError(CliCode.SELF_TEST_FAILED, step=step, detail=err.message(lang)).message(lang),
              file=sys.stderr)
        return 1
    print(("Tự kiểm tra: ĐẠT (" if vi else "Self-test: OK (") + "; ".join(done) + ")")
    return 0


def _current(done: list[str]) -> str:
    return list(STEPS)[min(len(done), len(STEPS) - 1)]


def _run(tmp: Path, done: list[str], vi: bool) -> None:
    from cli.common import drain
    from models.records.editor import RecordEditor, create_record
    from models.store.database import open_store

    def ok(step: str, extra: str = "") -> None:
        done.append(STEPS[step][0 if vi else 1] + (f": {extra}" if extra else ": " + ("đạt" if vi else "ok")))

    store = open_store(tmp / "selftest.db", create=True)  # a scratch database of its own
    try:
        # 1. the bundled forms load (pyxform, the engine, the forms folder of the build)
        store.set_settings({"role": "enumerator", "user_name": "Tự kiểm tra", "user_code": "ST01",
                            "province": "42", "commune": "18073"})
        store.install_bundled_forms()
        forms = store.forms()
        if not forms:
            raise _Failed("forms", "không có biểu mẫu đi kèm nào", "there is no bundled form")
        for f in forms:
            store.form(f["form_id"])
        ok("forms", ", ".join(f["form_id"] for f in forms))
        # 2. the database round trip: a Vietnamese answer saved and read back, integrity
        first_form = forms[0]["form_id"]
        for f in forms:
            rid = create_record(store, f["form_id"])
            ed = RecordEditor(store, rid)
            path = next((p for p in ed.session.question_paths(relevant_only=True)
                         if ed.session.element(p).is_input and ed.session.element(p).type == "text"), None)
            if path is None:
                continue
            ed.set(path, SAMPLE)
            if RecordEditor(store, rid).session.value(path) != SAMPLE:
                raise _Failed("database", f"câu trả lời của biểu mẫu '{f['form_id']}' không được lưu",
                              f"the answer in form '{f['form_id']}' was not saved")
            first_form = f["form_id"]
        if not store.integrity_ok():
            raise _Failed("database", "cơ sở dữ liệu không qua được kiểm tra toàn vẹn",
                          "the database fails its integrity check")
        ok("database")
        # 3. an export of that record
        from exports.tabular import export_data, make_filter

        res = drain(export_data(store, out=str(tmp / "export"), fmt="csv", filter=make_filter(form_ids=[first_form]),
                                lang="vi"))
        text = "".join(Path(p).read_text(encoding="utf-8-sig") for p in res.files)
        if res.records < 1 or SAMPLE not in text:
            raise _Failed("export", "tệp CSV xuất ra thiếu phiếu vừa nhập",
                          "the exported CSV lacks the record just made")
        ok("export", f"{res.records} " + ("phiếu" if vi else "record" if res.records == 1 else "records"))
        # 4. a PDF with Vietnamese text (reportlab and the embedded fonts are in the build)
        from exports.questionnaire import print_blank

        pdf = tmp / "blank.pdf"
        title = store.form(first_form).title
        out = drain(print_blank(store, form_id=first_form, out=str(pdf), lang="vi"))
        data = pdf.read_bytes()
        if not data.startswith(b"%PDF") or getattr(out, "pages", 0) < 1 or b"/FontFile2" not in data:
            raise _Failed("pdf", "phiếu trắng PDF thiếu trang hoặc thiếu phông chữ nhúng",
                          "the blank questionnaire PDF lacks pages or the embedded font")
        if not _pdf_has_text(pdf, title):
            raise _Failed("pdf", f"PDF không chứa đúng chữ tiếng Việt '{title}'",
                          f"the PDF does not hold the Vietnamese text '{title}'")
        ok("pdf", f"{out.pages} " + ("trang" if vi else "pages"))
    finally:
        store.close()
    # 5. translations: the English catalogue loads and translates; every message has both languages
    ok("translations", _check_translations(vi))


def _pdf_has_text(pdf: Path, text: str) -> bool:
    """Whether the PDF's first page reads back ``text`` (diacritics included)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - pypdfium2 is a dependency of the application
        return True
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0]
        tp = page.get_textpage()
        read = tp.get_text_range()
        tp.close()
        page.close()
    finally:
        doc.close()
    import unicodedata

    norm = lambda s: " ".join(unicodedata.normalize("NFC", s).split())  # noqa: E731
    return norm(text) in norm(read)


#: a string of each screen area with its English (khaosat_en.qm must carry them all)
_ENGLISH_SAMPLES = (
    ("SettingsPage", "Sao lưu", "Backup"),
    ("pages", "Gửi dữ liệu", "Transfer"),
    ("TransferPage", "Xuất gói gửi cán bộ xã…", "Export a package for the clerk…"),
    ("ConsolidationPage", "Xuất gói…", "Export package…"),
    ("ReportsPage", "Xem trước", "Preview"),
    ("SyncPage", "Gửi ngay", "Send now"),
)


def _check_translations(vi: bool) -> str:
    from cli.messages import code_enums

    empty = [code.name for codes in code_enums() for code in codes
             if not code.template.vi.strip() or not code.template.en.strip()]
    if empty:
        raise _Failed("translations", f"thông báo thiếu bản tiếng Việt hoặc tiếng Anh: {', '.join(empty[:5])}",
                      f"messages without a Vietnamese or English text: {', '.join(empty[:5])}")
    folder = _i18n_dir()
    files = [folder / "khaosat_en.qm", folder / "qtbase_vi.qm"]  # ours in English; Qt's own in Vietnamese
    absent = [qm.name for qm in files if not qm.is_file()]
    if absent:
        raise _Failed("translations", f"thiếu tệp bản dịch trong '{folder}': {', '.join(absent)}",
                      f"translation files missing in '{folder}': {', '.join(absent)}")
    from PySide6.QtCore import QTranslator

    for qm in files:
        t = QTranslator()
        if not t.load(str(qm)) or t.isEmpty():
            raise _Failed("translations", f"không đọc được tệp bản dịch '{qm}'",
                          f"the translation file '{qm}' cannot be read")
    t = QTranslator()
    t.load(str(files[0]))
    wrong = [src for ctx, src, en in _ENGLISH_SAMPLES if t.translate(ctx, src) != en]
    if wrong:
        raise _Failed("translations", f"bản dịch tiếng Anh của giao diện không đúng ở: {', '.join(wrong)}",
                      f"the interface's English translation is wrong for: {', '.join(wrong)}")
    return f"{len(files)} " + ("tệp" if vi else "files")
