"""Possible duplicates: different records (ids) of the same unit, found by business keys.

Two enumerators may visit the same enterprise or household; their records have different ids, so
revisions cannot tell. Business keys can: per form, a key is a list of answer paths whose normalised
values must all be present and equal. Defaults (when a form has no keys in ``dup_keys``):

* a form with ``tax_code`` → key ``tax_code``; with ``phone`` → key ``phone``;
* a form with ``head_name`` and ``village`` → key ``household`` = head's name (without diacritics or
  case) + the birth year on roster line 1 (``<repeat>[1].m_byear``, if the form has it) + village;
* a form with ``m_cccd`` in a roster → key ``cccd`` = the ID number on roster line 1 (the head's).

The same pairs are shown on the consolidation screen (:func:`possible_duplicates`, found on import
with :func:`pairs_for_records`) and by the record list's "Kiểm tra trùng" (:func:`duplicates_of`).

The clerk decides per pair: *keep both* (remembered; never asked again, and the decision travels in
packages) or *merge* into one (field-level choice; the other record is soft-deleted with a link to
the survivor in its review, both audited).

Storage (migration m040_import_speed): a record's normalised key values are in ``dup_index`` (one
b-tree keyed by form, key, value, record) and on its own row, ``records.dup_keys``, with the revision
they were taken from, ``records.dup_rev``. An import writes both with the record; a record created
or edited here since (``dup_rev`` is not ``rev``) is in the partial index ``records_dup_stale`` and
is re-keyed by :func:`refresh_index` before pairs are looked for.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from forms.text_fold import fold_key
from models.base.changes import RECORDS, Changes
from models.base.errors import AppError
from models.records.errors import RecordCode, RecordError
from models.store.database import Store, utcnow
from models.store.schema import update_record

_NOT_DIGIT = re.compile(r"[^0-9]")


def norm_phone(text: str) -> str:
    d = _NOT_DIGIT.sub("", str(text))
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
    if "m_cccd" in form and len(form["m_cccd"].repeats) == 1:
        keys["cccd"] = [f"{form['m_cccd'].repeats[0]}[1].m_cccd"]
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
        store.execute("DELETE FROM dup_index WHERE form_id = ?", [form_id])
        store.execute("UPDATE records SET dup_rev = NULL, dup_keys = NULL WHERE form_id = ?", [form_id])


_SEG = re.compile(r"^([^\[]+)(?:\[(\d+)\])?$")


@functools.lru_cache(maxsize=512)
def _steps(path: str) -> tuple[tuple[str, int | None], ...] | None:
    """A key field's path as (name, 0-based index or None) steps; None if a segment is malformed."""
    out = []
    for seg in path.split("."):
        m = _SEG.match(seg)
        if not m:
            return None
        out.append((m[1], None if m[2] is None else int(m[2]) - 1))
    return tuple(out)


def _lookup(data: Mapping[str, Any], path: str) -> str:
    steps = _steps(path)
    if steps is None:
        return ""
    node: Any = data
    for name, i in steps:
        if type(node) is not dict and not isinstance(node, Mapping):
            return ""
        node = node.get(name)
        if i is not None:
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
            v = norm_phone(raw) if "phone" in leaf else fold_key(raw)
            if not v:
                break
            parts.append(v)
        else:
            out[name] = "|".join(parts)
    return out


class KeyIndexer:
    """Business-key entries of record versions, for one transaction (form keys read once per form).

    ``entries(v)`` → ``[[form_id, key_name, value], ...]``: the ``dup_index`` rows of version ``v`` (and
    its ``records.dup_keys``); ``v["data"]`` may be a dict or its JSON text.
    """

    def __init__(self, store: Store):
        self.store = store
        self._keys: dict[tuple[str, str], dict[str, list[str]]] = {}

    def entries(self, v: Mapping[str, Any]) -> list[list[str]]:
        fid, ver = v["form_id"], v["form_version"]
        k = self._keys.get((fid, ver))
        if k is None:
            k = self._keys[(fid, ver)] = form_keys(self.store, fid, ver)
        if not k:
            return []
        data = v["data"]
        if isinstance(data, str):
            data = json.loads(data or "{}")
        return [[fid, name, value] for name, value in key_values(k, data).items()]


_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def dup_keys_json(entries: list[list[str]]) -> str:
    """What ``records.dup_keys`` holds for a record's key entries."""
    return _DUMPS(entries)


def write_index(conn, rows: Sequence[tuple[str, str, str | None, list[list[str]]]]) -> None:
    """Replace the key entries of records: ``rows`` = (record id, rev its keys come from, its previous
    ``dup_keys`` text or None, its new entries). Inside the caller's transaction."""
    old: list[tuple[str, str, str, str]] = []  # (form id, key name, value, record id) of dup_index
    new: list[tuple[str, str, str, str]] = []
    marks = []
    for rid, rev, prev, entries in rows:
        if prev:
            old.extend((e[0], e[1], e[2], rid) for e in json.loads(prev))
        new.extend((e[0], e[1], e[2], rid) for e in entries)
        marks.append((rev, dup_keys_json(entries), rid))
    if old:
        conn.executemany("DELETE FROM dup_index WHERE form_id = ? AND key_name = ? AND value = ? AND record_id = ?",
                         old)
    if new:
        new.sort()
        conn.executemany("INSERT OR IGNORE INTO dup_index(form_id, key_name, value, record_id) VALUES (?, ?, ?, ?)",
                         new)
    conn.executemany("UPDATE records SET dup_rev = ?, dup_keys = ? WHERE id = ?", marks)


_STALE = ("SELECT id, form_id, form_version, rev, data, dup_keys FROM records INDEXED BY records_dup_stale "
          "WHERE dup_rev IS NOT rev")


def refresh_index(store: Store) -> int:
    """Bring the key index up to date for records whose revision changed since their keys were taken;
    returns how many were redone.

    Stale records are exactly those in the partial index ``records_dup_stale`` (``dup_rev`` is not
    ``rev``), so this reads nothing else. Imports write each record's keys with the record
    (:func:`models.exchange.merge.merge_versions`).
    """
    conn = store.db.conn
    rows = conn.execute(_STALE).fetchall()
    if not rows:
        return 0
    ix = KeyIndexer(store)
    with store.write():
        write_index(conn, [(rid, rev, prev, ix.entries({"form_id": fid, "form_version": ver, "data": data}))
                           for rid, fid, ver, rev, data, prev in rows])
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

# the pairs of given records: their entries come from their rows (``dup_keys``), each looked up by value
# (CROSS JOIN keeps this order: the given ids drive, never a scan of the records)
_PAIRS_OF = """
SELECT DISTINCT min(t.id, b.record_id), max(t.id, b.record_id), b.form_id, b.key_name, b.value
FROM _dup_ids t CROSS JOIN records r ON r.id = t.id CROSS JOIN json_each(r.dup_keys) j
CROSS JOIN dup_index b ON b.form_id = json_extract(j.value, '$[0]') AND b.key_name = json_extract(j.value, '$[1]')
     AND b.value = json_extract(j.value, '$[2]') AND b.record_id <> t.id
CROSS JOIN records rb ON rb.id = b.record_id
WHERE +r.deleted = 0 AND +rb.deleted = 0
  AND NOT EXISTS (SELECT 1 FROM dup_decisions d WHERE d.record_a = min(t.id, b.record_id)
                  AND d.record_b = max(t.id, b.record_id))
"""


# the same for entries given as a JSON parameter ([[form_id, key_name, value, record id], ...]): records
# whose keys are at hand (just written) are not read back
_PAIRS_OF_ENTRIES = """
SELECT DISTINCT min(a.rid, b.record_id), max(a.rid, b.record_id), b.form_id, b.key_name, b.value
FROM (SELECT json_extract(j.value, '$[0]') AS form_id, json_extract(j.value, '$[1]') AS key_name,
             json_extract(j.value, '$[2]') AS value, json_extract(j.value, '$[3]') AS rid FROM json_each(?) j) a
CROSS JOIN dup_index b ON b.form_id = a.form_id AND b.key_name = a.key_name AND b.value = a.value
     AND b.record_id <> a.rid
CROSS JOIN records rb ON rb.id = b.record_id
WHERE +rb.deleted = 0
  AND NOT EXISTS (SELECT 1 FROM dup_decisions d WHERE d.record_a = min(a.rid, b.record_id)
                  AND d.record_b = max(a.rid, b.record_id))
"""


def _collect(cur) -> list[dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, fid, name, _value in cur:
        p = found.setdefault((a, b), {"record_a": a, "record_b": b, "form_id": fid, "keys": []})
        if name not in p["keys"]:
            p["keys"].append(name)
    return list(found.values())


def _pairs(store: Store, where: str) -> list[dict[str, Any]]:
    return _collect(store.execute(_PAIRS.format(where=where) + " ORDER BY 1, 2, 4"))


def pairs_for_records(store: Store, record_ids: Sequence[str], *,
                      entries: Mapping[str, list[list[str]]] | None = None) -> list[dict[str, Any]]:
    """Undecided possible-duplicate pairs that involve any of ``record_ids``.

    ``entries``: record id → its current key entries, for records known to be current and not deleted
    (e.g. just written by an import); the others' entries are read from their rows."""
    refresh_index(store)  # records created or edited here since they were last indexed
    conn = store.db.conn
    given = entries or {}
    rows: set[tuple] = set()
    # in key order, so the look-ups walk the index from one end to the other
    items = sorted([e[0], e[1], e[2], rid] for rid in record_ids if rid in given for e in given[rid])
    if items:
        rows.update(conn.execute(_PAIRS_OF_ENTRIES, [_DUMPS(items)]))
    rest = [rid for rid in record_ids if rid not in given]
    if rest:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _dup_ids(id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM _dup_ids")
        conn.executemany("INSERT OR IGNORE INTO _dup_ids(id) VALUES (?)", [(i,) for i in rest])
        rows.update(conn.execute(_PAIRS_OF))
    return _collect(sorted(rows, key=lambda r: (r[0], r[1], r[3], r[2], r[4])))


@dataclass(frozen=True)
class Duplicate:
    """Another record that may be the same unit as the one asked about, and the keys they share."""

    id: str
    label: str
    village: str
    status: str
    keys: tuple[str, ...]  # key names: "tax_code", "phone", "household", "cccd" or a configured name


def duplicates_of(store: Store, record_id: str) -> list[Duplicate]:
    """The possible duplicates of one record that nobody has decided on yet (the record list's
    "Kiểm tra trùng"): the same pairs and keys as the consolidation screen, with the records of this
    installation re-keyed first. A deleted record has none."""
    store.record(record_id)  # RECORD_NOT_FOUND for an unknown id
    out = []
    for p in pairs_for_records(store, [record_id]):
        other = p["record_b"] if p["record_a"] == record_id else p["record_a"]
        row = store.rows("SELECT label, village, status FROM records WHERE id = ?", [other])[0]
        out.append(Duplicate(other, row["label"], row["village"], row["status"], tuple(p["keys"])))
    return out


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


def keep_both(store: Store, record_a: str, record_b: str, *, user: str | None = None) -> Changes:
    """The two records are different units: remember it (this pair is not listed again)."""
    if record_a == record_b:
        raise RecordError(RecordCode.DUP_SAME_RECORD, record_id=record_a)
    store.record(record_a), store.record(record_b)
    with store.write():
        _decide(store, record_a, record_b, "keep_both", "", user if user is not None else store.acting_user())
    return Changes.of(RECORDS)  # no record changes; the pair is no longer a possible duplicate


def merge_records(store: Store, survivor: str, other: str, values: Mapping[str, str | None], *,
                  user: str | None = None) -> Changes:
    """Merge ``other`` into ``survivor``: the survivor gets ``values`` (flattened paths, as chosen per field),
    ``other`` is soft-deleted with ``review.merged_into = survivor``. Both audited. Returns what changed."""
    from forms.engine import FormSession
    from models.records.editor import save_session
    from models.records.flat import DELETED_PATH, STATUS_PATH, flatten, unflatten

    if survivor == other:
        raise RecordError(RecordCode.DUP_SAME_RECORD, record_id=survivor)
    a, b = store.record(survivor), store.record(other)
    if a["form_id"] != b["form_id"]:
        raise RecordError(RecordCode.DUP_OTHER_FORM, form_a=a["form_id"], form_b=b["form_id"])
    user = user if user is not None else store.acting_user()
    chosen: dict[str, str | None] = dict(flatten(a["answers"]))  # None: the value is left out
    chosen.update({k: v for k, v in values.items() if k not in (STATUS_PATH, DELETED_PATH)})
    form = store.form(a["form_id"], a["form_version"])
    session = FormSession(form)
    session.load(unflatten(chosen), a["justifications"])
    with store.write():
        save_session(store, survivor, session, action="merge", path="", old=other, new=survivor, user=user)
        review = dict(b["review"] or {})
        review["merged_into"] = survivor
        update_record(store, other, {"deleted": 1, "review": review})
        other_form = store.form(b["form_id"], b["form_version"])
        s2 = FormSession(other_form)
        s2.load(b["answers"], b["justifications"])
        save_session(store, other, s2, action="merged_into", path="", old=None, new=survivor, user=user)
        _decide(store, survivor, other, "merged", survivor, user)
    return Changes.of(updated=[survivor], removed=[other])


def decisions(store: Store) -> list[dict[str, Any]]:
    return store.rows("SELECT * FROM dup_decisions ORDER BY at DESC")
