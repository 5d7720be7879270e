"""Review: the clerk approves a record or sends it back with comments; the enumerator sees them.

A record's ``review`` (a content field, so it travels in packages and is part of the revision) is::

    {"decision": "approved" | "returned", "comment": "...", "questions": {path: comment},
     "by": name, "at": time, "history": [earlier decisions]}

Sending back sets the status to ``returned``; :func:`models.exchange.returns.export_return_package` writes the return
package for one enumerator's device (encrypted for it when its key is known from its packages).
On the enumerator's laptop :func:`comments_for` gives the comments next to the questions; the
corrected record goes back in the next package as a new revision of the same record.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from models.base.changes import Changes
from models.records.errors import RecordCode, RecordError
from models.store.database import Store, utcnow
from models.store.schema import update_record


def review_of(store: Store, record_id: str) -> dict[str, Any]:
    return dict(store.record(record_id)["review"] or {})


def comments_for(store: Store, record_id: str) -> dict[str, str]:
    """{question path: comment} of the last send-back (the record-level comment under ``""``).

    Empty once the record has been approved. For the data-entry screen: show each comment next to
    its question (paths as in the engine: ``name``, ``mem[2].m_byear``).
    """
    r = review_of(store, record_id)
    if r.get("decision") != "returned":
        return {}
    out = {str(k): str(v) for k, v in (r.get("questions") or {}).items() if v}
    if r.get("comment"):
        out[""] = str(r["comment"])
    return out


def awaiting_review(store: Store) -> list[dict[str, Any]]:
    """Complete records not yet approved or sent back (the clerk's to-do list)."""
    cur = store.execute("SELECT id, label, form_id, enumerator, commune, village, modified_at, issues FROM records "
                        "WHERE status = 'complete' AND deleted = 0 ORDER BY modified_at")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def returned_records(store: Store, enumerator: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT id, label, form_id, enumerator, device_id, commune, review FROM records "
           "WHERE status = 'returned' AND deleted = 0")
    params: list[Any] = []
    if enumerator is not None:
        sql += " AND enumerator = ?"
        params.append(enumerator)
    cur = store.execute(sql + " ORDER BY enumerator, id", params)
    cols = [d[0] for d in cur.description]
    out = []
    for r in cur:
        d = dict(zip(cols, r, strict=True))
        d["review"] = json.loads(d["review"] or "{}")
        out.append(d)
    return out


def _decide(store: Store, record_id: str, status: str, decision: str, comment: str,
            questions: Mapping[str, str], user: str | None) -> Changes:
    from models.records.editor import loaded_session, save_session

    rec = store.record(record_id)
    if rec["status"] not in ("complete", "approved") or rec["deleted"]:
        raise RecordError(RecordCode.REVIEW_NOT_READY, record_id=record_id, status=rec["status"])
    user = user if user is not None else store.acting_user()
    old = dict(rec["review"] or {})
    history = list(old.pop("history", []) or [])
    if old.get("decision"):
        history.append(old)
    review: dict[str, Any] = {"decision": decision, "comment": comment.strip(),
                              "questions": {k: v.strip() for k, v in questions.items() if v and v.strip()},
                              "by": user, "at": utcnow()}
    if history:
        review["history"] = history
    if old.get("merged_into"):
        review["merged_into"] = old["merged_into"]
    session = loaded_session(store, rec)
    with store.write():
        update_record(store, record_id, {"review": review})
        save_session(store, record_id, session, action="review", path="", old=rec["status"],
                     new=json.dumps(review, ensure_ascii=False), user=user,
                     status=status if status != rec["status"] else None)
    return Changes.of(updated=[record_id])


def approve(store: Store, record_id: str, *, comment: str = "", user: str | None = None) -> Changes:
    """Approve a complete record (a new revision, audited). Returns what changed."""
    return _decide(store, record_id, "approved", "approved", comment, {}, user)


def send_back(store: Store, record_id: str, *, comment: str = "", questions: Mapping[str, str] | None = None,
              user: str | None = None) -> Changes:
    """Send a complete (or approved) record back with a comment and/or per-question comments."""
    questions = dict(questions or {})
    if not comment.strip() and not any(v.strip() for v in questions.values() if v):
        raise RecordError(RecordCode.REVIEW_NO_COMMENT, record_id=record_id)
    return _decide(store, record_id, "returned", "returned", comment, questions, user)
