"""The enumerator's transfer screen: what there is to send, what was sent and received, this
installation's key — one call per screen action, each taking an open store.

Sending and receiving use the package services themselves (``models.exchange.packages.export_to_file``,
``import_into``, ``write_key_file``); this module only reads what the screen shows and keeps
the receiver's key file the enumerator chose, so "changes since the last package" means changes
since the last package *to that receiver* (packages remember what was sent per receiver key).
"""

from __future__ import annotations

import json
from typing import Any

from models.base.changes import Changes
from models.base.errors import AppError
from models.store.database import STATUSES, Store

#: setting: the receiver's public key file last used on this installation ('' = none)
KEY_FILE_SETTING = "transfer_key_file"


def receiver_of(key_file: str) -> str:
    """The fingerprint packages encrypted for ``key_file`` are recorded under ('' without a file)."""
    if not key_file:
        return ""
    from models.exchange.keys import read_public_key

    return read_public_key(key_file).fingerprint


def changed_records(store, receiver: str = "") -> list[str]:
    """Ids of the records whose current revision (or open conflict) was not yet sent to ``receiver``
    (the selection of ``export_package(mode="changes")``)."""
    leaves: dict[str, list[str]] = {rid: [rev] for rid, rev in store.execute("SELECT id, rev FROM records")}
    for rid, rev in store.execute("SELECT record_id, rev FROM record_conflicts WHERE held = 0"):  # held: not sent
        if rid in leaves:
            leaves[rid].append(rev)
    sent = {rid: json.loads(revs) for rid, revs in
            store.execute("SELECT record_id, revs FROM pkg_sent WHERE receiver = ?", [receiver])}
    return sorted(rid for rid, revs in leaves.items() if sent.get(rid) != sorted(revs))


def overview(store: Store, *, key_file: str | None = None) -> dict[str, Any]:
    """Everything the transfer screen shows.

    ``key_file``: the receiver key chosen on screen (None = the one remembered). Returns counts per
    status, how many records changed since the last package to that receiver, the returned records
    with the clerk's comments, the packages sent and received, and this installation's key.
    """
    from models.exchange.keys import identity, who
    from models.exchange.packages import import_history
    from models.records.review import comments_for, returned_records

    key_file = store.setting(KEY_FILE_SETTING) if key_file is None else key_file
    key_problem = None
    receiver = ""
    if key_file:
        try:
            receiver = receiver_of(key_file)
        except AppError as err:
            key_problem = err
    counts = {s: 0 for s in STATUSES}
    for status, n in store.execute("SELECT status, count(*) FROM records WHERE deleted = 0 GROUP BY status"):
        counts[status] = n
    returned = []
    for r in returned_records(store):
        c = comments_for(store, r["id"])
        returned.append({"id": r["id"], "label": r["label"], "form_id": r["form_id"],
                         "comment": c.get("", ""), "questions": len([p for p in c if p])})
    cur = store.execute("SELECT package_id, receiver, kind, file_name, created_at, records FROM pkg_exports "
                        "ORDER BY created_at DESC LIMIT 50")
    cols = [d[0] for d in cur.description]
    sent = [dict(zip(cols, r, strict=True)) for r in cur]
    names = {fp: name for fp, name in store.execute("SELECT fingerprint, name FROM pkg_senders")}
    for s in sent:
        s["receiver_name"] = names.get(s["receiver"], "")
    ident = identity(store)
    return {"counts": counts, "total": sum(counts.values()),
            "changed": len(changed_records(store, receiver)), "receiver": receiver,
            "key_file": key_file, "key_problem": key_problem, "returned": returned,
            "sent": sent, "received": import_history(store)[:50],
            "fingerprint": ident.fingerprint, "who": who(store)}


def remember_key_file(store: Store, key_file: str) -> Changes:
    """Check a receiver's public key file (refused with the reason if it is not one) and remember it
    for the next packages ('' clears it: packages are then not encrypted)."""
    if key_file:
        receiver_of(key_file)
    return store.set_settings({KEY_FILE_SETTING: key_file})


def suggested_name(store: Store) -> str:
    """A package file name that says who sent it and when: ``DTV01-20251122-1530.ksp``."""
    from datetime import datetime

    code = store.setting("user_code") or store.setting("user_name") or "goi"
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in code)
    return f"{safe}-{datetime.now().strftime('%Y%m%d-%H%M')}.ksp"


__all__ = ["KEY_FILE_SETTING", "changed_records", "overview", "receiver_of", "remember_key_file", "suggested_name"]
