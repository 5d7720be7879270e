"""Possible duplicates: different records (ids) of the same unit, found by business keys.

Two enumerators may visit the same enterprise or household; their records have different ids, so
revisions cannot tell. Business keys can: per form, a key is a list of answer paths whose normalised
values must all be present and equal. Defaults (when a form has no keys in ``dup_keys``):

* a form with ``tax_code`` → key ``tax_code``; with ``phone`` → key ``phone``;
* a form with ``head_name`` and ``village`` → key ``household`` = head's name (without diacritics or
  case) + the birth year on roster line 1 (``<repeat>[1].m_byear``, if the form has it) + village.

The clerk decides per pair: *keep both* (remembered; never asked again, and the decision travels in
packages) or *merge* into one (field-level choice; the other record is soft-deleted with a link to
the survivor in its review, both audited).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from models import pkg_errors  # noqa: F401  (registers this area's messages)
from models.errors import AppError
from models.store import Store, utcnow


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), letters and digits only: 'Nguyễn Văn  Đức' → 'nguyenvanduc'."""
    t = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return re.sub(r"[^0-9a-z]", "", t)


def norm_phone(text: str) -> str:
    d = re.sub(r"[^0-9]", "", str(text))
    if d.startswith("84") and len(d) in (11, 12):
        d = "0" + d[2:]
    return d


def default_keys(form) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    if "tax_code" in form and not form["tax_code"].repeats:
        keys["tax_code"] = ["tax_code"]
    if "phone" in form and not form["phone"].repeats:
        keys["phone"] = ["phone"]
    if "head_name" in form and "village" in form:
        fields = ["head_name"]
        if "m_byear" in form and len(form["m_byear"].repeats) == 1:
            fields.append(f"{form['m_byear'].repeats[0]}[1].m_byear")
        fields.append("village")
        keys["household"] = fields
    return keys


def form_keys(store: Store, form_id: str, version: str | None = None) -> dict[str, list[str]]:
    """The business keys of a form: the ``dup_keys`` rows if any, else the defaults."""
    rows = store.execute("SELECT name, fields FROM dup_keys WHERE form_id = ? ORDER BY name", [form_id]).fetchall()
    if rows:
        return {name: json.loads(fields) for name, fields in rows}
    try:
        form = store.form(form_id, version)
    except AppError:
        return {}
    return default_keys(form)


def set_form_keys(store: Store, form_id: str, keys: Mapping[str, Sequence[str]]) -> None:
    """Configure a form's business keys (replaces the defaults); the index is rebuilt for that form."""
    with store.write():
        store.execute("DELETE FROM dup_keys WHERE form_id = ?", [form_id])
        for name, fields in keys.items():
            store.execute("INSERT INTO dup_keys(form_id, name, fields) VALUES (?, ?, ?)",
                          [form_id, name, json.dumps(list(fields))])
        store.execute("DELETE FROM dup_state WHERE record_id IN (SELECT id FROM records WHERE form_id = ?)",
                      [form_id])


def _lookup(data: Mapping[str, Any], path: str) -> str:
    node: Any = data
    for seg in path.split("."):
        m = re.match(r"^([^\[]+)(?:\[(\d+)\])?$", seg)
        if not m or not isinstance(node, Mapping):
            return ""
        node = node.get(m[1])
        if m[2] is not None:
            i = int(m[2]) - 1
            if not isinstance(node, list) or i >= len(node) or i < 0:
                return ""
            node = node[i]
    return "" if node is None or isinstance(node, (Mapping, list)) else str(node)


def key_values(keys: Mapping[str, Sequence[str]], data: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for name, fields in keys.items():
        parts = []
        for f in fields:
            raw = _lookup(data, f)
            leaf = f.rsplit(".", 1)[-1]
            v = norm_phone(raw) if "phone" in leaf else fold(raw)
            if not v:
                break
            parts.append(v)
        else:
            out[name] = "|".join(parts)
    return out


def refresh_index(store: Store, record_ids: Sequence[str] | None = None,
                  versions: Sequence[Mapping[str, Any]] | None = None) -> int:
    """Bring the key index up to date for records whose revision changed; returns how many were redone.

    ``versions`` (current versions already in memory, e.g. during an import) saves reading them back.
    """
    conn = store.db.conn
    if versions is not None:
        rows = [(v["id"], v["form_id"], v["form_version"], v["rev"], v["data"]) for v in versions]
    elif record_ids is not None:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _dup_ids(id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM _dup_ids")
        conn.executemany("INSERT OR IGNORE INTO _dup_ids(id) VALUES (?)", [(i,) for i in record_ids])
        rows = conn.execute(
            "SELECT r.id, r.form_id, r.form_version, r.rev, r.data FROM _dup_ids i JOIN records r ON r.id = i.id "
            "LEFT JOIN dup_state s ON s.record_id = r.id WHERE s.rev IS NULL OR s.rev <> r.rev").fetchall()
    else:
        stale = [r[0] for r in conn.execute(
            "SELECT r.id FROM records r INDEXED BY records_id_rev LEFT JOIN dup_state s ON s.record_id = r.id "
            "WHERE s.rev IS NULL OR s.rev <> r.rev")]
        return refresh_index(store, stale) if stale else 0
    if not rows:
        return 0
    keys_cache: dict[tuple[str, str], dict[str, list[str]]] = {}
    index, state, stale = [], [], []
    for rid, fid, ver, rev, data in rows:
        k = keys_cache.get((fid, ver))
        if k is None:
            k = keys_cache[(fid, ver)] = form_keys(store, fid, ver)
        stale.append((rid,))
        state.append((rid, rev))
        if k:
            values = key_values(k, json.loads(data or "{}") if isinstance(data, str) else data)
            for name, value in values.items():
                index.append((rid, fid, name, value))
    with store.write():
        conn.executemany("DELETE FROM dup_index WHERE record_id = ?", stale)
        conn.executemany("INSERT OR REPLACE INTO dup_state(record_id, rev) VALUES (?, ?)", state)
        conn.executemany("INSERT OR REPLACE INTO dup_index(record_id, form_id, key_name, value) VALUES (?, ?, ?, ?)",
                         index)
    return len(rows)


_PAIRS = """
SELECT DISTINCT min(a.record_id, b.record_id), max(a.record_id, b.record_id), a.form_id, a.key_name, a.value
FROM dup_index a JOIN dup_index b ON b.form_id = a.form_id AND b.key_name = a.key_name AND b.value = a.value
     AND b.record_id <> a.record_id
JOIN records ra ON ra.id = a.record_id AND ra.deleted = 0
JOIN records rb ON rb.id = b.record_id AND rb.deleted = 0
WHERE {where}
  AND NOT EXISTS (SELECT 1 FROM dup_decisions d WHERE d.record_a = min(a.record_id, b.record_id)
                  AND d.record_b = max(a.record_id, b.record_id))
"""


def _pairs(store: Store, where: str) -> list[dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, fid, name, value in store.execute(_PAIRS.format(where=where) + " ORDER BY 1, 2, 4"):
        p = found.setdefault((a, b), {"record_a": a, "record_b": b, "form_id": fid, "keys": []})
        if name not in p["keys"]:
            p["keys"].append(name)
    return list(found.values())


def pairs_for_records(store: Store, record_ids: Sequence[str],
                      versions: Sequence[Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Undecided possible-duplicate pairs that involve any of ``record_ids`` (``versions``: their current
    versions, if at hand)."""
    refresh_index(store, record_ids, versions)
    refresh_index(store)  # records edited here since they were last indexed
    conn = store.db.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _dup_ids(id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM _dup_ids")
    conn.executemany("INSERT OR IGNORE INTO _dup_ids(id) VALUES (?)", [(i,) for i in record_ids])
    return _pairs(store, "a.record_id IN (SELECT id FROM _dup_ids)")


def possible_duplicates(store: Store) -> list[dict[str, Any]]:
    """Every undecided pair of records that share a business key, with their labels."""
    refresh_index(store)
    out = _pairs(store, "a.record_id < b.record_id")
    for p in out:
        for side in ("a", "b"):
            row = store.execute("SELECT label, enumerator, commune, status FROM records WHERE id = ?",
                                [p[f"record_{side}"]]).fetchone()
            p[f"label_{side}"], p[f"enumerator_{side}"], p[f"commune_{side}"], p[f"status_{side}"] = row
    return out


def _decide(store: Store, a: str, b: str, decision: str, survivor: str, user: str) -> None:
    a, b = min(a, b), max(a, b)
    store.execute("INSERT INTO dup_decisions(record_a, record_b, decision, survivor, at, user, device_id) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(record_a, record_b) DO UPDATE SET "
                  "decision = excluded.decision, survivor = excluded.survivor, at = excluded.at, "
                  "user = excluded.user, device_id = excluded.device_id",
                  [a, b, decision, survivor, utcnow(), user, store.device_id])


def keep_both(store: Store, record_a: str, record_b: str, *, user: str | None = None) -> None:
    """The two records are different units: remember it (this pair is not listed again)."""
    if record_a == record_b:
        raise AppError("DUP_SAME_RECORD", record_id=record_a)
    store.record(record_a), store.record(record_b)
    with store.write():
        _decide(store, record_a, record_b, "keep_both", "", user if user is not None else store.setting("user_name"))


def merge_records(store: Store, survivor: str, other: str, values: Mapping[str, str | None], *,
                  user: str | None = None) -> str:
    """Merge ``other`` into ``survivor``: the survivor gets ``values`` (flattened paths, as chosen per field),
    ``other`` is soft-deleted with ``review.merged_into = survivor``. Both audited. Returns the survivor's rev."""
    from forms.engine import FormSession
    from models.merge import DELETED_PATH, STATUS_PATH, flatten, unflatten
    from models.records import save_session

    if survivor == other:
        raise AppError("DUP_SAME_RECORD", record_id=survivor)
    a, b = store.record(survivor), store.record(other)
    if a["form_id"] != b["form_id"]:
        raise AppError("DUP_OTHER_FORM", form_a=a["form_id"], form_b=b["form_id"])
    user = user if user is not None else store.setting("user_name")
    chosen = flatten(a["answers"])
    chosen.update({k: v for k, v in values.items() if k not in (STATUS_PATH, DELETED_PATH)})
    form = store.form(a["form_id"], a["form_version"])
    session = FormSession(form)
    session.load(unflatten(chosen), a["justifications"])
    with store.write():
        rev = save_session(store, survivor, session, action="merge", path="", old=other, new=survivor, user=user)
        review = dict(b["review"] or {})
        review["merged_into"] = survivor
        store.execute("UPDATE records SET deleted = 1, review = ? WHERE id = ?",
                      [json.dumps(review, ensure_ascii=False), other])
        other_form = store.form(b["form_id"], b["form_version"])
        s2 = FormSession(other_form)
        s2.load(b["answers"], b["justifications"])
        save_session(store, other, s2, action="merged_into", path="", old=None, new=survivor, user=user)
        _decide(store, survivor, other, "merged", survivor, user)
    return rev


def decisions(store: Store) -> list[dict[str, Any]]:
    cur = store.execute("SELECT * FROM dup_decisions ORDER BY at DESC")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]
