"""Makes ``before_shared_names.db``, ``before_shared_names.ksp`` and ``before_shared_names_csv.json``:
a database, a package and CSV headers written by the code from before keys could differ from names
(commit ab16077), for
tests/models/test_shared_names_store.py::test_data_made_before_shared_names_reads_the_same.

Run it from a checkout of that commit (``git archive ab16077 | tar -x -C DIR``)::

    cd DIR && PYTHONPATH=. python /path/to/make_before_shared_names.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from forms import load_form
from models.exchange.packages import export_package
from models.records.editor import RecordEditor, create_record
from tests.models.pkg_helpers import add_enterprise, add_household, make_db

GROUPED = """| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | relevant | calculation |
| | begin group | hh | Hộ | Household | | |
| | text | head | Chủ hộ | Head | | |
| | begin group | addr | Địa chỉ | Address | | |
| | text | street | Đường | Street | | |
| | end group | | | | | |
| | end group | | | | | |
| | begin group | land | Đất | Land | | |
| | begin repeat | parcel | Thửa | Parcel | | |
| | decimal | area | Diện tích | Area | | |
| | begin group | use | Sử dụng | Use | | |
| | select_multiple crops | crops | Cây | Crops | ${area} > 0 | |
| | end group | | | | | |
| | end repeat | | | | | |
| | end group | | | | | |
| | calculate | parcels | | | | count(${parcel}) |
| choices |
| | list_name | name | label::Tiếng Việt (vi) | label::English (en) |
| | crops | rice | Lúa | Rice |
| | crops | tea | Chè | Tea |
| settings |
| | form_id | version | default_language | form_title |
| | pre_grouped | 1 | Tiếng Việt (vi) | Nhóm lồng nhau |
"""


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    db = out / "before_shared_names.db"
    for p in (db, out / "before_shared_names.ksp", out / "before_shared_names_csv.json"):
        p.unlink(missing_ok=True)
    store = make_db(db)
    store.add_form(load_form(GROUPED))
    add_enterprise(store, "Công ty Ánh Dương", tax="0101234567", complete=True)
    add_household(store, "Trần Thị Bình", members=2)
    rid = create_record(store, "pre_grouped")
    ed = RecordEditor(store, rid)
    ed.set("head", "Lê Văn Cường")
    ed.set("street", "Đường 3/2")
    for area, crops in (("1200.5", "rice tea"), ("0", "tea")):
        p = ed.add_instance("parcel")
        ed.set(f"{p}.area", area)
        ed.set(f"{p}.crops", crops)
    export_package(store, out / "before_shared_names.ksp")
    # the header of every CSV file an export writes
    import csv
    import json
    import tempfile

    from exports.tabular import run_export

    with tempfile.TemporaryDirectory() as tmp:
        res = run_export(store, out=Path(tmp) / "csv", fmt="csv")
        headers = {}
        for f in res.files:
            with open(f, encoding="utf-8-sig", newline="") as fh:
                headers[Path(f).name] = next(csv.reader(fh))
    (out / "before_shared_names_csv.json").write_text(json.dumps(headers, ensure_ascii=False, indent=1),
                                                      encoding="utf-8")
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    from models.base.driver import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("VACUUM")
    conn.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
