"""``--self-test``: a headless check that the installed application works (used after a build)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def register(sub) -> None:  # --self-test is a top-level flag; nothing to add
    return None


def _drain(result):
    """Run a service that may be a generator of progress ticks; return its result."""
    import inspect

    if not inspect.isgenerator(result):
        return result
    while True:
        try:
            next(result)
        except StopIteration as stop:
            return stop.value


def run_self_test(lang: str = "vi") -> int:
    from models.records import RecordEditor, create_record
    from models.store import open_store

    steps = []
    with tempfile.TemporaryDirectory(prefix="khaosat-selftest-") as tmp:
        db = Path(tmp) / "selftest.db"
        store = open_store(db)
        try:
            store.set_settings({"role": "enumerator", "user_name": "Tự kiểm tra", "user_code": "ST01"})
            added = store.install_bundled_forms()
            forms = store.forms()
            if not forms:
                print("FAIL: không có biểu mẫu đi kèm / no bundled forms", file=sys.stderr)
                return 1
            steps.append(f"forms: {', '.join(added) or 'none'}")
            for f in forms:
                rid = create_record(store, f["form_id"])
                ed = RecordEditor(store, rid)
                first = next((p for p in ed.session.question_paths(relevant_only=True)
                              if ed.session.element(p).is_input and ed.session.element(p).type == "text"), None)
                if first:
                    ed.set(first, "Kiểm tra tiếng Việt: Nguyễn Thị Ánh")
                    again = RecordEditor(store, rid)
                    if again.session.value(first) != "Kiểm tra tiếng Việt: Nguyễn Thị Ánh":
                        print(f"FAIL: answer not saved in {f['form_id']}", file=sys.stderr)
                        return 1
                steps.append(f"record {f['form_id']}: ok")
            ok = store.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                print(f"FAIL: integrity_check: {ok}", file=sys.stderr)
                return 1
            # a PDF with Vietnamese text: proves reportlab and the embedded fonts are in the build
            from exports.questionnaire import print_blank

            pdf = Path(tmp) / "blank.pdf"
            _drain(print_blank(store, form_id=forms[0]["form_id"], out=str(pdf), lang="vi"))
            data = pdf.read_bytes()
            if not data.startswith(b"%PDF") or b"/Type /Page" not in data or b"DejaVuSans" not in data:
                print("FAIL: the blank questionnaire PDF is missing pages or the embedded font", file=sys.stderr)
                return 1
            steps.append("pdf: ok")
        finally:
            store.close()
    print("self-test: OK (" + "; ".join(steps) + ")")
    return 0
