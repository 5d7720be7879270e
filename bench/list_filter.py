"""Filter and search time on 500,000 records (target: under 100 ms each).

What is timed is what the record list does when the user changes a filter or types a search:
count the matches and fetch the first block of rows (models.records.queries through the Qt model, which
also resets the view). Prints JSON. Usage: python bench/list_filter.py [--records N]
"""

from __future__ import annotations

import argparse
import json
import time

from _common import big_db, median


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=500_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    path = big_db(args.records)
    from PySide6.QtWidgets import QApplication

    from models.records import queries
    from models.store.database import open_store
    from ui.record_model import RecordTableModel

    app = QApplication.instance() or QApplication([])
    st = open_store(path)
    model = RecordTableModel(st)
    total = model.rowCount()
    name = st.execute("SELECT label FROM records WHERE label != '' LIMIT 1 OFFSET 123456").fetchone()[0]
    phone = st.execute("SELECT json_extract(answers, '$.phone') FROM records WHERE rowid = 250000").fetchone()[0]
    village = st.execute("SELECT village FROM records WHERE rowid = 1000").fetchone()[0]
    from models.setup.admin_units import fold

    cases = {
        "all (sorted by last change)": queries.RecordFilter(),
        "form": queries.RecordFilter(form_id="household_digital"),
        "status": queries.RecordFilter(status="draft"),
        "village": queries.RecordFilter(village=village),
        "enumerator": queries.RecordFilter(enumerator="DTV07"),
        "form+status+village": queries.RecordFilter(form_id="enterprise_digital", status="complete",
                                                    village=village),
        "search full name": queries.RecordFilter(text=name),
        "search name without diacritics": queries.RecordFilter(text=fold(name)),
        "search family name (many hits)": queries.RecordFilter(text="nguyen"),
        "search phone prefix": queries.RecordFilter(text=phone[:6]),
        "search + form filter": queries.RecordFilter(text="tran", form_id="household_digital"),
    }
    out = {"records": total, "target_ms": 100, "cases": {}}
    for label, flt in cases.items():
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            model.set_filter(flt)
            n = model.rowCount()
            if n:
                model.data(model.index(0, 1))  # the first block as the view paints it
            times.append((time.perf_counter() - t) * 1000)
        out["cases"][label] = {"matches": n, "median_ms": round(median(times), 1), "max_ms": round(max(times), 1)}
    # sorting by another column and scrolling to the middle and the end
    for key, col in (("sort by name", 1), ("sort by village", 2)):
        times = []
        model.set_filter(queries.RecordFilter())
        for _ in range(args.repeat):
            t = time.perf_counter()
            model.sort(col)
            model.data(model.index(0, 1))
            times.append((time.perf_counter() - t) * 1000)
        out["cases"][key] = {"matches": model.rowCount(), "median_ms": round(median(times), 1),
                             "max_ms": round(max(times), 1)}
    model.sort(5, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.SortOrder.DescendingOrder)
    times = []
    for r in (total // 2, total - 1, total // 3):
        t = time.perf_counter()
        model.data(model.index(r, 1))
        times.append((time.perf_counter() - t) * 1000)
    out["cases"]["jump to a row (middle, end, third)"] = {"median_ms": round(median(times), 1),
                                                          "max_ms": round(max(times), 1)}
    t = time.perf_counter()
    for r in range(total // 2, total // 2 + 5000):
        model.data(model.index(r, 1))
    out["cases"]["scroll 5,000 rows from the middle"] = {"total_ms": round((time.perf_counter() - t) * 1000, 1)}
    out["worst_filter_ms"] = max(c.get("max_ms", 0) for c in out["cases"].values())
    out["pass"] = all(c.get("median_ms", 0) < 100 for c in out["cases"].values())
    print(json.dumps(out, ensure_ascii=False, indent=1))
    st.close()
    del app


if __name__ == "__main__":
    main()
