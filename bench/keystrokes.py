"""Keys an enumerator presses for a whole interview, heads-down (issue 13): from the record list (Ctrl+N)
through every question to "Check and complete" and back to the list (Esc), on the bundled household
form (3 members, a refused year of birth typed again, two warnings justified) and enterprise form.

The interviews are the ones of tests/ui/test_heads_down.py (tests/ui/heads_down.py): keys go to
whatever has the keyboard focus. Navigation keys are the keys that are not part of an answer (Enter,
Tab, Esc, shortcuts, arrows in a dialog); the target is at most 1.1 per answered question. Prints
JSON per form: answered questions, answer keys, navigation keys, navigation keys per answer, and
which navigation keys other than "next" were pressed. Usage: python bench/keystrokes.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class _Wait:
    """The one pytest-qt call the interview helpers use."""

    @staticmethod
    def waitUntil(cond, timeout: int = 10000) -> None:  # noqa: N802 (pytest-qt's name)
        from PySide6.QtWidgets import QApplication

        end = time.monotonic() + timeout / 1000
        while not cond():
            if time.monotonic() > end:
                raise TimeoutError("the window did not get there")
            QApplication.processEvents()
            time.sleep(0.005)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from models.store.database import open_store
    from tests.ui.heads_down import (
        ENTERPRISE,
        HOUSEHOLD,
        HOUSEHOLD_JUSTIFY,
        Keyboard,
        MouseWatch,
        complete_and_close,
        interview,
        new_record,
    )
    from ui.main_window import MainWindow

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "keys.db")
        store.set_settings({"role": "enumerator", "user_name": "Lê Thị Hoa", "user_code": "DTV01",
                            "province": "25", "commune": "09025", "language": "vi"})
        store.install_bundled_forms()
        main_win = MainWindow(store)
        main_win.resize(1366, 768)
        main_win.show()
        watch = MouseWatch()
        app.installEventFilter(watch)
        q = _Wait()
        q.waitUntil(lambda: main_win.page("records").isVisible())
        main_win.activateWindow()
        main_win.page("records").view.setFocus()
        q.waitUntil(lambda: QApplication.focusWidget() is not None)
        for key, title, answers, justify in (("household", "hộ gia đình", HOUSEHOLD, HOUSEHOLD_JUSTIFY),
                                             ("enterprise", "doanh nghiệp", ENTERPRISE, {})):
            kb = Keyboard()
            started = time.perf_counter()
            rid, win = new_record(q, kb, main_win, title)
            interview(q, kb, win, answers, dict(justify))
            complete_and_close(q, kb, main_win, win)
            t = kb.tally
            out[key] = {"status": store.record(rid)["status"], "answered_questions": len(t.answered),
                        "answer_keys": t.answer, "navigation_keys": t.nav,
                        "navigation_per_answer": round(t.per_answer(), 3), "target": 1.1,
                        "other_navigation": [k for k in t.nav_keys if k != "next"],
                        "seconds": round(time.perf_counter() - started, 1)}
        out["mouse_events"] = watch.count
        main_win.close()
        store.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
