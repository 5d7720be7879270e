"""Time from a keystroke to updated relevance on the household form (the screen shows/hides the
questions that depend on the answer), including the durable save of the answer.

A complete household interview from the demo database is opened in the entry window; digit keys
are sent to choice questions whose answer changes relevance: consent (the whole questionnaire),
Internet at home (two follow-ups) and a member's last Internet use (a dozen member questions).
Prints JSON with the median and 95th percentile per question. Usage: python bench/relevance.py
"""

from __future__ import annotations

import argparse
import json
import shutil
import time

from _common import OUT, demo_db


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    args.repeat += args.repeat % 2  # an even number of presses leaves each answer as it was
    src = demo_db(10_000)
    path = OUT / "relevance.db"
    for suffix in ("", "-wal", "-shm"):
        (OUT / f"relevance.db{suffix}").unlink(missing_ok=True)
    shutil.copy(src, path)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from models.store.database import open_store
    from ui.entry.window import FormEntryWindow

    app = QApplication.instance() or QApplication([])
    st = open_store(path)
    rid = st.execute("SELECT id FROM records WHERE form_id = 'household_digital' AND status = 'complete' AND "
                     "json_array_length(json_extract(answers, '$.mem')) >= 4 LIMIT 1").fetchone()[0]
    win = FormEntryWindow(st, rid)
    # The interview is complete: the first edit asks the enumerator whether to reopen it (a dialog that
    # is not what is measured). Answered "yes" beforehand, as after the first keystroke.
    win._reopen_agreed = True
    win.resize(1366, 768)
    win.show()
    app.processEvents()
    out = {"record_members": len(win.session.repeat_instances("mem")), "questions": {}}
    cases = [("consent", ("1", "0")), ("hh_internet", ("1", "0")), ("mem[1].m_net", ("1", "4"))]
    for path_q, values in cases:
        win.go_to(path_q)
        app.processEvents()
        q = win.widgets[path_q]
        times = []
        for i in range(args.repeat):
            v = values[(i + 1) % 2]  # ends on the first value (the interview as it was)
            key = Qt.Key(Qt.Key.Key_0 + int(v))  # the digit is the choice's code, as on paper
            t = time.perf_counter()
            QTest.keyClick(q.focus_target(), key)
            times.append((time.perf_counter() - t) * 1000)
            assert win.session.value(path_q) == v
            app.processEvents()
        times.sort()
        out["questions"][path_q] = {"median_ms": round(times[len(times) // 2], 1),
                                    "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                                    "max_ms": round(times[-1], 1)}
    win.close()
    st.close()
    print(json.dumps(out, indent=1), flush=True)
    import os

    os._exit(0)  # skip Qt's teardown at interpreter exit (not what is measured)


if __name__ == "__main__":
    main()
