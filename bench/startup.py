"""Cold start to a usable main window on a 10,000-record database, against a bare PySide6 window
measured in the same run (target: at most 2x). Prints JSON.

    python bench/startup.py [--records N] [--runs R]

* **The application** is started exactly as a user starts it: ``python main.py --db DB`` (the
  ``main.py`` entry point, the command-line fast path, opening and checking the database, the
  bundled forms, translators, the main window, the daily backup check). With
  ``KHAOSAT_STARTUP_PROBE=1`` it prints ``READY <rows>`` once the record list has been *painted
  with its first rows* and the event loop is idle (a zero timer started after that paint, so
  anything the window scheduled for "right after showing" has run too) — see
  ``ui.app.report_when_usable``.
* **The baseline** is a bare ``QMainWindow`` with a label, timed the same way: ``READY`` after
  its first paint and an idle event loop.

Each measurement is a fresh Python process (cold imports), timed from just before the process
is started until it prints ``READY``. Runs alternate; medians are compared. Both are run once
before measuring, so the OS file cache and Python's bytecode cache (``__pycache__``, which an
installed application has) are warm, as on a laptop that has run them before.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from _common import ROOT, demo_db, median

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
w = QMainWindow(); label = QLabel("Khảo sát số"); w.setCentralWidget(label); w.resize(1366, 768)

class FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, lambda: print("READY", flush=True))
        return False

probe = FirstPaint()
label.installEventFilter(probe)
w.show()
sys.exit(app.exec())
"""


def once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds until READY, and the CPU seconds the child used (it is idle after READY)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=str(ROOT))
    line = p.stdout.readline()
    dt = time.perf_counter() - t
    p.kill()
    _pid, _status, usage = os.wait4(p.pid, 0)
    p.returncode = -9
    if not line.startswith("READY"):
        raise SystemExit(f"the child did not start: {line!r}")
    return dt, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    db = str(demo_db(args.records))
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               KHAOSAT_STARTUP_PROBE="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed application has its bytecode compiled
    bare_cmd = [sys.executable, "-c", BARE]
    app_cmd = [sys.executable, str(ROOT / "main.py"), "--db", db]
    once(bare_cmd, env)  # warm the OS file cache and the bytecode cache for both
    once(app_cmd, env)
    bare, app = [], []
    for _ in range(args.runs):
        bare.append(once(bare_cmd, env))
        app.append(once(app_cmd, env))
    b, a = median([x[0] for x in bare]), median([x[0] for x in app])
    bc, ac = median([x[1] for x in bare]), median([x[1] for x in app])
    print(json.dumps({"records": args.records, "runs": args.runs, "bare_window_s": round(b, 3),
                      "app_main_window_s": round(a, 3), "ratio": round(a / b, 2), "target_ratio": 2.0,
                      "pass": a / b <= 2.0,
                      "median_of_pair_ratios": round(median([x[0] / y[0] for x, y in zip(app, bare)]), 2),
                      "cpu_bare_s": round(bc, 3), "cpu_app_s": round(ac, 3), "cpu_ratio": round(ac / bc, 2),
                      "bare_all": [round(x[0], 3) for x in bare], "app_all": [round(x[0], 3) for x in app]},
                     indent=1))


if __name__ == "__main__":
    main()
