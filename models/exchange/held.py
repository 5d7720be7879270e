"""New records held for a person: a package's record that is new here and whose commune is outside this
unit's area (``models.exchange.validate.area_of``) is not merged but kept in ``held_new_records``
(``models.exchange.merge.merge_versions``) until a person accepts it into the database or refuses it.

What counts as "the area": an enumerator's and a commune clerk's own commune (the ``commune``
setting), the province's every commune of its province (``docs/security.md``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from models.base.changes import RECORDS, Changes
from models.base.errors import Bilingual
from models.exchange.merge import merge_versions
from models.store.database import Store
from models.store.schema import add_audit


@dataclass(frozen=True)
class HeldRecord:
    """A new record waiting for a person's decision."""

    record_id: str
    form_id: str
    commune: str
    label: str
    source: str          # the package file (and sender) that brought it last
    reason: Bilingual    # why it is held
    received_at: str
    versions: int        # how many versions of it wait


def held_records(store: Store) -> list[HeldRecord]:
    """The new records held for a person, oldest first."""
    return [HeldRecord(rid, form, commune, label, source, Bilingual(vi, en), at, int(n))
            for rid, form, commune, label, source, vi, en, at, n in store.execute(
                "SELECT record_id, form_id, commune, label, source, reason_vi, reason_en, received_at, "
                "json_array_length(versions) FROM held_new_records ORDER BY received_at, record_id")]


def held_count(store: Store) -> int:
    return int(store.execute("SELECT count(*) FROM held_new_records").fetchone()[0])


def accept_held(store: Store, ids: Sequence[str], *, user: str | None = None) -> Changes:
    """Merge the held records ``ids`` into the database as if their package had just brought them from
    inside the area (their versions, then the package's audit rows of them); one transaction. An id not
    held (any more) is passed over. A version the merge refuses (``PKG_CONTENT``) refuses them all."""
    user = user if user is not None else store.setting("user_name")
    added: list[str] = []
    updated: list[str] = []
    with store.write():
        for rid in ids:
            row = store.execute("SELECT versions, audit, source FROM held_new_records WHERE record_id = ?",
                                [rid]).fetchone()
            if row is None:
                continue
            store.execute("DELETE FROM held_new_records WHERE record_id = ?", [rid])  # not waiting any more
            out = merge_versions(store, json.loads(row[0]), sealed=True, user=user, where=rid,
                                 note=f"{row[2]} (accepted by {user})" if user else row[2])
            added += out.added
            updated += out.updated + out.conflicts
            audit = json.loads(row[1])
            if audit:
                add_audit(store, audit, unless_present=True)
    return Changes.of(RECORDS, added=added, updated=updated)


def refuse_held(store: Store, ids: Sequence[str]) -> Changes:
    """Drop the held records ``ids``: nothing of them enters the database (a later package bringing one
    again holds it again)."""
    with store.write():
        for chunk in [list(ids)[i:i + 500] for i in range(0, len(ids), 500)]:
            marks = ",".join("?" * len(chunk))
            store.execute(f"DELETE FROM held_new_records WHERE record_id IN ({marks})", chunk)
    return Changes.of(RECORDS)


__all__ = ["HeldRecord", "accept_held", "held_count", "held_records", "refuse_held"]
