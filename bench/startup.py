"""Cold start to a usable main window on a 10,000-record database, against a bare PySide6 window
measured in the same run (target: at most 2x).

Each measurement is a fresh Python process (cold imports), timed from just before the process is
started until it prints that its window is shown, the event loop has painted it and (for the
application) the record list's first rows have been read. Runs alternate; medians are compared.
Prints JSON. Usage: python bench/startup.py [--records N] [--runs R]
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
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QLabel("Khảo sát số")); w.resize(1366, 768); w.show()
app.processEvents()
print("READY", flush=True)
"""

APP = r"""
import sys
sys.path.insert(0, sys.argv[2])
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from models.store import open_store
from ui.app import start
store = open_store(sys.argv[1])
try:
    store.install_bundled_forms()
except Exception as err:
    print("bundled forms:", err, file=sys.stderr)
win = start(store, app, None)
win.show()
app.processEvents()
page = win.page("records")
assert page.model.rowCount() > 0 and page.model.data(page.model.index(0, 1))
print("READY", page.model.rowCount(), flush=True)
"""


def once(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    t = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)
    line = p.stdout.readline()
    dt = time.perf_counter() - t
    p.kill()
    p.wait()
    if not line.startswith("READY"):
        raise SystemExit(f"the child did not start: {line!r}")
    return dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    db = str(demo_db(args.records))
    once(BARE)  # warm the OS file cache for both, as a laptop that has run them before would
    once(APP, db, str(ROOT))
    bare, app = [], []
    for _ in range(args.runs):
        bare.append(once(BARE))
        app.append(once(APP, db, str(ROOT)))
    b, a = median(bare), median(app)
    print(json.dumps({"records": args.records, "runs": args.runs, "bare_window_s": round(b, 3),
                      "app_main_window_s": round(a, 3), "ratio": round(a / b, 2), "target_ratio": 2.0,
                      "pass": a / b <= 2.0, "bare_all": [round(x, 3) for x in bare],
                      "app_all": [round(x, 3) for x in app]}, indent=1))


if __name__ == "__main__":
    main()
