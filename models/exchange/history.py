"""What was imported: the import history and the records a package brought.
"""

from __future__ import annotations

import json
from typing import Any

from models.store.database import Store


def import_history(store: Store) -> list[dict[str, Any]]:
    """Every package imported here: who sent it (commune), when, and what it did."""
    cur = store.execute("SELECT package_id, file_name, sender, sender_name, commune, kind, created_at, imported_at, "
                        "summary FROM pkg_imports ORDER BY imported_at DESC")
    cols = [d[0] for d in cur.description]
    out = []
    for r in cur:
        d = dict(zip(cols, r, strict=True))
        d["summary"] = json.loads(d["summary"] or "{}")
        out.append(d)
    return out


def records_from_package(store: Store, package_id: str) -> list[dict[str, Any]]:
    """Which records (and revisions) a package brought, and what each did."""
    return [{"record_id": r[0], "rev": r[1], "outcome": r[2]} for r in store.execute(
        "SELECT record_id, rev, outcome FROM pkg_received WHERE package_id = ? ORDER BY record_id", [package_id])]


def consolidation_lists(store: Store) -> dict[str, Any]:
    """Everything the consolidation screen lists: open conflicts, possible duplicates, records awaiting
    review, returned records per enumerator and the import history."""
    from models.exchange.merge import open_conflicts
    from models.records.duplicates import possible_duplicates
    from models.records.review import awaiting_review, returned_records

    returned: dict[str, int] = {}
    for r in returned_records(store):
        returned[r["enumerator"]] = returned.get(r["enumerator"], 0) + 1
    return {"conflicts": open_conflicts(store), "duplicates": possible_duplicates(store),
            "awaiting_review": awaiting_review(store), "history": import_history(store),
            "returned_by_enumerator": returned}
