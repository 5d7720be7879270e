"""Merging record revisions without loss: newer replaces older, concurrent edits are kept as conflicts.

Each record is a set of *leaf* revisions (CouchDB's model). The current one sits in ``records``; the
others of an open conflict sit in ``record_conflicts`` (whole rows as JSON). Merging an incoming
revision ``v`` into the leaves ``L``:

* ``v`` is a leaf already, or is in the ancestry of a leaf → nothing changes (same or older);
* otherwise every leaf whose revision is in ``v``'s ancestry is superseded, and ``v`` joins ``L``.

One leaf left → the record was added or updated; more → a **conflict**, kept in full. The current
version is always the leaf with the highest (generation, revision id), so every device holds the same
database whatever order packages arrive in, and importing twice changes nothing (the operation is a
join in the ancestry order: commutative, associative and idempotent).

A person resolves a conflict field by field (:func:`resolve`): the result is a new revision whose
ancestry holds every leaf, so it supersedes the conflict here and on every device it reaches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from models.base.changes import Changes
from models.base.errors import AppError
from models.exchange import pkg_errors  # noqa: F401  (registers this area's messages)
from models.exchange.pkg_errors import Why, why
from models.records.editor import search_plan, search_text
from models.records.flat import DELETED_PATH, STATUS_PATH, flatten, unflatten
from models.store.database import STATUSES, Store, utcnow
from models.store.revisions import CONTENT_FIELDS, content_hash, generation, make_rev

#: every column of a record that travels in a package (a "version"); JSON columns as objects
VERSION_FIELDS = ("id", "form_id", "form_version", "status", "deleted", "answers", "justifications", "review",
                  "commune", "village", "enumerator", "device_id", "created_at", "modified_at", "rev",
                  "rev_gen", "ancestry", "content_hash", "data", "issues", "issues_json", "label")
_VERSION_KEYS = frozenset(VERSION_FIELDS)
JSON_OBJECTS = ("answers", "justifications", "review", "data")
JSON_LISTS = ("ancestry", "issues_json")
_REV = re.compile(r"^[1-9][0-9]{0,8}-[0-9a-f]{32}$")
_TEXT = ("id", "form_id", "form_version", "status", "commune", "village", "enumerator", "device_id",
         "created_at", "modified_at", "rev", "content_hash", "label")

_SELECT = "SELECT " + ", ".join(VERSION_FIELDS) + " FROM records"


def _key(v: Mapping[str, Any]) -> tuple[int, str]:
    return (int(v["rev_gen"]), str(v["rev"]))


def row_to_version(row: Mapping[str, Any]) -> dict[str, Any]:
    """A ``records`` row (JSON columns as text or decoded) → a version dict."""
    v = {k: row[k] for k in VERSION_FIELDS}
    for k in JSON_OBJECTS:
        if isinstance(v[k], str):
            v[k] = json.loads(v[k] or "{}")
    for k in JSON_LISTS:
        if isinstance(v[k], str):
            v[k] = json.loads(v[k] or "[]")
    v["deleted"] = int(v["deleted"])
    return v


def check_version(v: Any) -> str:
    """'' if ``v`` is a well-formed, self-consistent version; else what is wrong with it."""
    if not isinstance(v, dict):
        return Why("a record is not an object", "một phiếu không phải đối tượng JSON")
    if not _VERSION_KEYS <= v.keys():
        missing = ", ".join(k for k in VERSION_FIELDS if k not in v)
        rid = str(v.get("id", "?"))[:200]
        return Why(f"record {rid}: missing {missing}", f"phiếu {rid}: thiếu {missing}")
    rid = v["id"]
    if not isinstance(rid, str):
        return Why("a record id is not text", "mã một phiếu không phải chuỗi ký tự")
    if not rid or len(rid) > 200:
        return Why("a record id is empty or too long", "mã một phiếu rỗng hoặc quá dài")
    for k in _TEXT:
        if not isinstance(v[k], str):
            return Why(f"record {rid}: '{k}' is not text", f"phiếu {rid}: '{k}' không phải chuỗi ký tự")
    for k in JSON_OBJECTS:
        if not isinstance(v[k], dict):
            return Why(f"record {rid}: '{k}' is not an object", f"phiếu {rid}: '{k}' không phải đối tượng JSON")
    for k in JSON_LISTS:
        if not isinstance(v[k], list):
            return Why(f"record {rid}: '{k}' is not a list", f"phiếu {rid}: '{k}' không phải danh sách")
    if v["status"] not in STATUSES:
        return Why(f"record {rid}: unknown status '{v['status']}'",
                   f"phiếu {rid}: trạng thái lạ '{v['status']}'")
    if v["deleted"] not in (0, 1) or not isinstance(v["issues"], int) or isinstance(v["issues"], bool) \
            or not 0 <= v["issues"] < 2**31:
        return Why(f"record {rid}: 'deleted' or 'issues' is not a number",
                   f"phiếu {rid}: 'deleted' hoặc 'issues' không phải số hợp lệ")
    rev, anc = v["rev"], v["ancestry"]
    if not isinstance(v["rev_gen"], int) or isinstance(v["rev_gen"], bool) or not _REV.match(rev) \
            or generation(rev) != v["rev_gen"]:
        return Why(f"record {rid}: revision '{rev}' is malformed", f"phiếu {rid}: mã bản sửa '{rev}' sai dạng")
    if any(not isinstance(a, str) or not _REV.match(a) for a in anc) or rev in anc:
        return Why(f"record {rid}: its list of earlier revisions is malformed",
                   f"phiếu {rid}: danh sách các bản sửa trước sai dạng")
    ch = content_hash(v)
    if ch != v["content_hash"]:
        return Why(f"record {rid}: its content does not match its content hash",
                   f"phiếu {rid}: nội dung không khớp mã kiểm tra nội dung")
    if make_rev(v["rev_gen"], anc[-1] if anc else "", ch) != rev:
        return Why(f"record {rid}: revision '{rev}' does not match its content",
                   f"phiếu {rid}: mã bản sửa '{rev}' không khớp nội dung")
    return ""


# ---------------------------------------------------------------------- the leaf sets


@dataclass
class Leaves:
    """A record's leaf revisions during a merge: ``current`` is the row in ``records``."""

    versions: dict[str, dict[str, Any]] = field(default_factory=dict)  # rev -> version (ancestry as set)
    local_rev: str | None = None           # the rev in ``records`` before the merge
    initial: frozenset[str] = frozenset()  # the leaf revs before the merge

    def add(self, v: dict[str, Any]) -> bool:
        """Merge one incoming version; True if the leaf set changed."""
        rev = v["rev"]
        if rev in self.versions:
            return False
        for leaf in self.versions.values():
            if rev in leaf["_anc"]:
                return False
        anc = v["_anc"]
        for r in [r for r in self.versions if r in anc]:
            del self.versions[r]
        self.versions[rev] = v
        return True

    def winner(self) -> dict[str, Any]:
        """The current version: the highest (generation, revision), never a held one while another is left."""
        return max(self.versions.values(), key=lambda v: (not v.get("_held"), *_key(v)))


def _with_anc(v: dict[str, Any]) -> dict[str, Any]:
    v["_anc"] = frozenset(v["ancestry"])
    return v


@dataclass
class MergeOutcome:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # conflicts kept because the sender may not replace them
    received: list[tuple[str, str, str]] = field(default_factory=list)  # (record id, rev, outcome)
    current: list[dict[str, Any]] = field(default_factory=list)  # versions that became current
    keys: dict[str, list] = field(default_factory=dict)  # their business-key entries, by record id


def _chunks(seq: list, n: int = 500) -> Iterable[list]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


@dataclass
class Precomputed:
    """Work on incoming versions done before the transaction (``precompute``), keyed by ``id()`` of each
    version dict (never by anything inside it: a package cannot claim a version was checked).

    ``merge_versions`` uses what is here and computes anything missing itself, so any part may be empty.
    """

    checked: dict[int, str] = field(default_factory=dict)   # check_version(v)
    rows: dict[int, tuple] = field(default_factory=dict)    # _row_params(v, sealed=True)
    keys: dict[int, list] = field(default_factory=dict)     # business-key entries (models.records.duplicates)
    keys_json: dict[int, str] = field(default_factory=dict)  # the same as records.dup_keys holds them
    texts: dict[int, str] = field(default_factory=dict)     # search text, đ folded


def precompute(versions: Iterable[dict[str, Any]], *, skip: Mapping[str, str] | None = None,
               forms: Mapping[tuple[str, str], Any] | None = None,
               configured: Mapping[str, dict[str, list[str]]] | None = None,
               wait: Callable[[], Any] | None = None) -> Precomputed:
    """Check versions and prepare their rows, search text and business keys, needing no database.

    ``skip``: record id → a revision known to be current here (such a version changes nothing and is not
    checked when merged). ``forms``: (form id, version) → form, for search text and default keys;
    ``configured``: form id → its ``dup_keys`` (as :func:`models.records.duplicates.form_keys` reads them).
    ``wait`` is called every few hundred versions (a caller may pause this work there)."""
    from models.records.duplicates import default_keys, dup_keys_json, key_values
    from models.records.editor import fold_d

    pre = Precomputed()
    skip, forms, configured = skip or {}, forms or {}, configured or {}
    plans: dict[tuple[str, str], tuple | None] = {}
    keys: dict[tuple[str, str], dict[str, list[str]]] = {}
    for n, v in enumerate(versions):
        if wait is not None and n % 256 == 0:
            wait()
        if skip.get(v["id"]) == v["rev"]:
            continue
        k = id(v)
        why = pre.checked[k] = check_version(v)
        if why:
            continue
        pre.rows[k] = _row_params(v, True)
        fk = (v["form_id"], v["form_version"])
        if fk not in plans:
            form = forms.get(fk)
            plans[fk] = search_plan(form) if form is not None else None
            if v["form_id"] in configured:
                keys[fk] = configured[v["form_id"]]
            elif form is not None:
                keys[fk] = default_keys(form)
        if plans[fk] is not None:
            pre.texts[k] = fold_d(search_text(plans[fk], v["answers"], v["label"]))
        if fk in keys:
            e = pre.keys[k] = [[fk[0], name, value] for name, value in key_values(keys[fk], v["data"]).items()]
            pre.keys_json[k] = dup_keys_json(e)
    return pre


def merge_versions(store: Store, versions: list[dict[str, Any]], *, sealed: bool = True,
                   user: str = "", note: str = "", where: str = "", pre: Precomputed | None = None,
                   before_writes: Callable[[], Any] | None = None, held: Collection[str] = (),
                   promote: bool = False) -> MergeOutcome:
    """Merge versions into the database (inside the caller's transaction).

    Every version that would change something is checked first (:func:`check_version`); a bad one
    raises ``PKG_CONTENT`` naming ``where`` before anything is written. Versions already known here
    are not checked again (they cannot change anything). ``sealed``: incoming revisions have been
    elsewhere, so a local edit must start a new generation. ``pre``: work done beforehand on these
    versions (:func:`precompute`); ``before_writes`` is called once the merge is decided, before it
    writes anything. Returns which record ids were added, updated, unchanged or are now in conflict.

    ``held``: ids of records here that these versions may not replace (they come from a sender not
    trusted to change them, ``docs/package-format.md``): a new revision of one of them is kept beside the
    current one as a conflict (outcome ``held``) and the current version stays. ``promote``: the versions
    are held leaves already stored here, now applied as an ordinary merge would have (the sender became
    trusted): each supersedes the leaves in its ancestry.
    """
    by_id: dict[str, list[dict[str, Any]]] = {}
    for v in versions:
        by_id.setdefault(v["id"], []).append(v)
    ids = list(by_id)
    leaves: dict[str, Leaves] = {}
    local: dict[str, tuple[int, str | None]] = {}   # record id -> (rowid, dup_keys) of the row here
    conn = store.db.conn
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for rowid, rid, rev, gen, anc, dkeys in conn.execute(
                f"SELECT rowid, id, rev, rev_gen, ancestry, dup_keys FROM records WHERE id IN ({marks})", chunk):
            lv = Leaves(local_rev=rev)
            lv.versions[rev] = {"rev": rev, "rev_gen": gen, "_anc": frozenset(json.loads(anc)), "_local": True}
            leaves[rid] = lv
            local[rid] = (rowid, dkeys)
    has_conflicts = store.execute("SELECT 1 FROM record_conflicts LIMIT 1").fetchone() is not None
    if has_conflicts and leaves:
        known = list(leaves)
        for chunk in _chunks(known):
            marks = ",".join("?" * len(chunk))
            for rid, version, is_held in store.execute(
                    f"SELECT record_id, version, held FROM record_conflicts WHERE record_id IN ({marks})", chunk):
                cv = _with_anc(json.loads(version))
                cv["_stored"] = True
                if is_held:
                    cv["_held"] = True
                leaves[rid].versions[cv["rev"]] = cv
    for lv in leaves.values():
        lv.initial = frozenset(lv.versions)

    pre = pre or Precomputed()
    done = pre.checked

    def _check(v: dict[str, Any], where: str) -> None:
        wrong = done[id(v)] if id(v) in done else check_version(v)
        if wrong:
            raise AppError("PKG_CONTENT", path=where, **why(wrong))

    ready = pre.rows if sealed else {}
    out = MergeOutcome()
    new_rows: list[dict[str, Any]] = []
    replace_rows: list[dict[str, Any]] = []
    demote: list[tuple[str, str]] = []          # (record id, local rev) to move into record_conflicts
    conflict_rows: list[tuple[str, dict[str, Any]]] = []
    conflict_deletes: list[tuple[str, str]] = []
    now = utcnow()
    for rid, incoming in by_id.items():
        lv = leaves.get(rid)
        if lv is None and len(incoming) == 1:
            v = incoming[0]
            _check(v, where)
            new_rows.append(v)
            out.received.append((rid, v["rev"], "added"))
            out.added.append(rid)
            continue
        if lv is None:
            lv = Leaves()
            for v in incoming:
                _check(v, where)
            for v in sorted(incoming, key=_key):
                lv.add(_with_anc(v))
            w = lv.winner()
            new_rows.append(w)
            for v in lv.versions.values():
                if v is not w:
                    conflict_rows.append((rid, v))
                out.received.append((rid, v["rev"], "added"))
            out.added.append(rid)
            if len(lv.versions) > 1:
                out.conflicts.append(rid)
            continue
        if rid in held:
            fresh = Leaves()
            for v in sorted(incoming, key=_key):
                if v["rev"] in lv.versions or any(v["rev"] in x["_anc"] for x in lv.versions.values()):
                    continue  # known here already, or older than what is here: changes nothing
                _check(v, where)
                fresh.add(_with_anc(v))
            if not fresh.versions:
                out.unchanged.append(rid)
                continue
            for v in fresh.versions.values():
                v["_held"] = True
                conflict_rows.append((rid, v))
                out.received.append((rid, v["rev"], "held"))
            out.conflicts.append(rid)
            out.held.append(rid)
            continue
        changed = False
        for v in sorted(incoming, key=_key):
            if promote and lv.versions.get(v["rev"], {}).get("_stored"):
                promoted = lv.versions.pop(v["rev"])
                promoted.pop("_held", None)
                changed |= lv.add(promoted)
                continue
            if v["rev"] in lv.versions:
                continue
            _check(v, where)
            changed |= lv.add(_with_anc(v))
        final = frozenset(lv.versions)
        if not changed or final == lv.initial:
            out.unchanged.append(rid)
            continue
        w = lv.winner()
        if w["rev"] != lv.local_rev:
            replace_rows.append(w)
            if lv.local_rev in final:
                demote.append((rid, lv.local_rev))
        for rev in lv.initial - final:
            if rev != lv.local_rev:
                conflict_deletes.append((rid, rev))
        for rev in final - lv.initial:
            v = lv.versions[rev]
            if v is not w:
                conflict_rows.append((rid, v))
            out.received.append((rid, rev, "conflict" if len(final) > 1 else "updated"))
        if w["rev"] != lv.local_rev and w.get("_stored"):
            conflict_deletes.append((rid, w["rev"]))  # a stored leaf becomes the current version
        if len(final) > 1:
            out.conflicts.append(rid)
        else:
            out.updated.append(rid)

    if before_writes is not None and (new_rows or replace_rows or conflict_rows or demote or conflict_deletes):
        before_writes()
    # demote local current versions first (their rows are about to be replaced)
    for rid, rev in demote:
        row = store.record(rid)
        v = row_to_version(row)
        conflict_rows.append((rid, v))
    if conflict_deletes:
        store.db.conn.executemany("DELETE FROM record_conflicts WHERE record_id = ? AND rev = ?", conflict_deletes)
    # each version that becomes current is written once, with its business keys (models.records.duplicates) and,
    # for a new record, the rowid its search row will share: new records in id order, rowids counting up
    # from the largest one here, as SQLite itself would number them
    from models.records.duplicates import KeyIndexer, dup_keys_json, write_index

    ix = KeyIndexer(store)

    def keys_of(v: dict[str, Any]) -> list:
        e = pre.keys.get(id(v))
        return e if e is not None else ix.entries(v)

    new_rows.sort(key=lambda v: v["id"])
    new_entries = [keys_of(v) for v in new_rows]
    rowids: dict[str, int] = {}
    if new_rows:
        top = conn.execute("SELECT max(rowid) FROM records").fetchone()[0] or 0
        rows = []
        for n, (v, entries) in enumerate(zip(new_rows, new_entries, strict=True), top + 1):
            rowids[v["id"]] = n
            row = ready.get(id(v)) or _row_params(v, sealed)
            text = pre.keys_json.get(id(v)) if id(v) in pre.keys else None
            rows.append((n, *row, v["rev"], text if text is not None else dup_keys_json(entries)))
        conn.executemany(_INSERT_NEW, rows)
        dup_rows = sorted((e[0], e[1], e[2], v["id"]) for v, entries in zip(new_rows, new_entries, strict=True)
                          for e in entries)
        if dup_rows:
            conn.executemany("INSERT OR IGNORE INTO dup_index(form_id, key_name, value, record_id) "
                             "VALUES (?, ?, ?, ?)", dup_rows)
    if replace_rows:
        replace_rows.sort(key=lambda v: v["id"])
        conn.executemany(_UPDATE, [(ready.get(id(v)) or _row_params(v, sealed))[1:] + (v["id"],)
                                   for v in replace_rows])
        write_index(conn, [(v["id"], v["rev"], local[v["id"]][1], keys_of(v)) for v in replace_rows])
        for v in replace_rows:
            rowids[v["id"]] = local[v["id"]][0]
    if conflict_rows:
        store.db.conn.executemany(
            "INSERT OR REPLACE INTO record_conflicts(record_id, rev, rev_gen, version, received_at, held) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(rid, v["rev"], v["rev_gen"], _version_json(v), now, int(bool(v.get("_held")))) for rid, v in conflict_rows])
        device = store.device_id
        in_conflict = set(out.conflicts)
        store.db.conn.executemany(
            "INSERT INTO audit(record_id, at, user, device_id, action, path, old, new, rev) "
            "VALUES (?, ?, ?, ?, 'conflict', '', ?, ?, ?)",
            [(rid, now, user, device, note or None, v["rev"], v["rev"]) for rid, v in conflict_rows
             if rid in in_conflict])
    _index_versions(store, new_rows, replace_rows, rowids, pre.texts)
    out.current = new_rows + replace_rows
    out.keys = {v["id"]: e for v, e in zip(new_rows, new_entries, strict=True)}
    out.keys.update((v["id"], keys_of(v)) for v in replace_rows)
    return out


def _index_versions(store: Store, new_rows: list[dict[str, Any]], replace_rows: list[dict[str, Any]],
                    rowids: Mapping[str, int], texts: Mapping[int, str]) -> None:
    """Full-text search rows for the versions that became current, as ``models.records.editor._index`` writes
    them: one row per record whose rowid is the record's rowid (migration m030_ui_search_rowids; the
    record list joins on it), text as ``models.records.editor._search_text`` with đ folded."""
    from models.records.editor import fold_d

    conn = store.db.conn
    if replace_rows:
        conn.executemany("DELETE FROM records_fts WHERE rowid = ?", [(rowids[v["id"]],) for v in replace_rows])
    plans: dict[tuple[str, str], tuple] = {}
    rows = []
    for v in [*new_rows, *replace_rows]:
        text = texts.get(id(v))
        if text is None:
            key = (v["form_id"], v["form_version"])
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = search_plan(store.form(*key))
            text = fold_d(search_text(plan, v["answers"], v["label"]))
        rows.append((rowids[v["id"]], v["id"], text))
    if rows:
        conn.executemany("INSERT INTO records_fts(rowid, record_id, text) VALUES (?, ?, ?)", rows)


def _version_json(v: Mapping[str, Any]) -> str:
    return json.dumps({k: v[k] for k in VERSION_FIELDS}, ensure_ascii=False)


_COLS = ("id", "form_id", "form_version", "status", "commune", "village", "enumerator", "device_id",
         "created_at", "modified_at", "rev", "rev_gen", "ancestry", "sealed", "content_hash", "answers", "data",
         "justifications", "review", "issues", "issues_json", "label", "deleted")
_INSERT = (f"INSERT INTO records({', '.join(_COLS)}, last_path) VALUES ({', '.join('?' * len(_COLS))}, '')")
#: a new record as an import writes it: its rowid, the columns, and the business keys taken from this revision
_INSERT_NEW = (f"INSERT INTO records(rowid, {', '.join(_COLS)}, last_path, dup_rev, dup_keys) "
               f"VALUES (?, {', '.join('?' * len(_COLS))}, '', ?, ?)")
_UPDATE = f"UPDATE records SET {', '.join(c + ' = ?' for c in _COLS[1:])} WHERE id = ?"

# json.dumps(x, ensure_ascii=False) / json.dumps(x) without building an encoder per call (same text)
_dumps_u = json.JSONEncoder(ensure_ascii=False).encode
_dumps_a = json.JSONEncoder().encode


def _d(x: Any) -> str:
    if not x:  # the usual empty object or list, without an encoder call
        if type(x) is dict:
            return "{}"
        if type(x) is list:
            return "[]"
    return _dumps_u(x)


def _row_params(v: Mapping[str, Any], sealed: bool) -> tuple:
    answers, data = v["answers"], v["data"]
    a = _dumps_u(answers)
    return (v["id"], v["form_id"], v["form_version"], v["status"], v["commune"], v["village"], v["enumerator"],
            v["device_id"], v["created_at"], v["modified_at"], v["rev"], v["rev_gen"],
            _dumps_a(v["ancestry"]) if v["ancestry"] else "[]", int(sealed), v["content_hash"], a,
            a if data == answers else _dumps_u(data), _d(v["justifications"]), _d(v["review"]), v["issues"],
            _d(v["issues_json"]), v["label"], v["deleted"])


# ---------------------------------------------------------------------- reading conflicts


def leaves_of(store: Store, record_id: str) -> list[dict[str, Any]]:
    """Every leaf version of a record, the current one first."""
    rec = store.record(record_id)
    out = [row_to_version(rec)]
    for (version,) in store.execute("SELECT version FROM record_conflicts WHERE record_id = ? "
                                    "ORDER BY rev_gen DESC, rev DESC", [record_id]):
        out.append(json.loads(version))
    return out


def open_conflicts(store: Store) -> list[dict[str, Any]]:
    """Records with an open conflict: id, label, form, how many versions, the devices involved."""
    out = []
    for rid, n in store.execute("SELECT record_id, count(*) FROM record_conflicts GROUP BY record_id "
                                "ORDER BY record_id").fetchall():
        rec = store.execute("SELECT label, form_id, enumerator, commune, modified_at FROM records WHERE id = ?",
                            [rid]).fetchone()
        if rec is None:
            continue
        out.append({"record_id": rid, "label": rec[0], "form_id": rec[1], "enumerator": rec[2],
                    "commune": rec[3], "modified_at": rec[4], "versions": n + 1})
    return out


def side_by_side(store: Store, versions: list[Mapping[str, Any]], *, lang: str = "vi") -> list[dict[str, Any]]:
    """Rows for a field-by-field comparison: path, label, one value per version, same or not."""
    flat = [flatten(v["answers"]) for v in versions]
    for f, v in zip(flat, versions, strict=True):
        f[STATUS_PATH] = v["status"]
        f[DELETED_PATH] = str(int(v["deleted"]))
    order: list[str] = []
    seen: set[str] = set()
    for f in flat:
        for p in f:
            if p not in seen:
                seen.add(p)
                order.append(p)
    try:
        form = store.form(versions[0]["form_id"], versions[0]["form_version"])
    except AppError:
        form = None
    rows = []
    for p in order:
        vals = [f.get(p) for f in flat]
        name = p.rsplit(".", 1)[-1].split("[")[0]
        if p == STATUS_PATH:
            label = "Trạng thái" if lang == "vi" else "Status"
        elif p == DELETED_PATH:
            label = "Đã xóa" if lang == "vi" else "Deleted"
        elif form is not None and name in form:
            label = form.label(name, lang) or name
        else:
            label = name
        if "." in p and "[" in p:
            label = f"{label} — {p.rsplit('.', 1)[0]}"  # which repeat instance (e.g. mem[2])
        rows.append({"path": p, "label": label, "values": vals, "same": len({v for v in vals}) == 1})
    return rows


def merged_ancestry(versions: Iterable[Mapping[str, Any]]) -> list[str]:
    revs: set[str] = set()
    for v in versions:
        revs.update(v["ancestry"])
        revs.add(v["rev"])
    return sorted(revs, key=lambda r: (generation(r), r))


def build_version(store: Store, base: Mapping[str, Any], values: Mapping[str, str | None], *,
                  ancestry: list[str], gen: int, review: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A new version of ``base``'s record whose answers are ``values`` (flattened), recomputed by the engine."""
    from forms.engine import FormSession
    from models.records.editor import _village, issues_compact, record_label

    vals = dict(values)
    status = vals.pop(STATUS_PATH, None) or base["status"]
    deleted = int(str(vals.pop(DELETED_PATH, base["deleted"])) in ("1", "True", "true"))
    if status not in STATUSES:
        raise AppError("BAD_STATUS", old=base["status"], new=status)
    answers = unflatten(vals)
    form = store.form(base["form_id"], base["form_version"])
    session = FormSession(form)
    session.load(answers, base["justifications"])
    answers = session.to_answers()
    issues = session.issues()
    v = dict(base)
    v.update({"status": status, "deleted": deleted, "answers": answers, "data": session.to_values(),
              "justifications": session.to_justifications(),
              "review": dict(review if review is not None else base["review"]),
              "issues": len(issues), "issues_json": issues_compact(issues),
              "label": record_label(form, session), "village": _village(session), "modified_at": utcnow(),
              "ancestry": ancestry, "rev_gen": gen})
    v["content_hash"] = content_hash(v)
    v["rev"] = make_rev(gen, ancestry[-1] if ancestry else "", v["content_hash"])
    return {k: v[k] for k in VERSION_FIELDS}


def resolve(store: Store, record_id: str, values: Mapping[str, str | None], *, user: str | None = None,
            base_rev: str | None = None) -> Changes:
    """Close a record's conflict with a person's per-field choice (or edit). Returns what changed (the
    record, now at a new revision).

    ``values`` maps every path shown by :func:`side_by_side` to the value chosen (None = leave it out);
    paths not given keep the base version's value. The result supersedes every leaf, is audited with
    each field chosen, and travels like any revision.
    """
    leaves = leaves_of(store, record_id)
    if len(leaves) < 2:
        raise AppError("MERGE_NO_CONFLICT", record_id=record_id)
    base = next((v for v in leaves if v["rev"] == base_rev), leaves[0])
    chosen = flatten(base["answers"])
    chosen[STATUS_PATH] = base["status"]
    chosen[DELETED_PATH] = str(base["deleted"])
    chosen.update(values)
    review = _merge_reviews(leaves)
    new = build_version(store, base, chosen, ancestry=merged_ancestry(leaves),
                        gen=max(int(v["rev_gen"]) for v in leaves) + 1, review=review)
    user = user if user is not None else store.setting("user_name")
    with store.write():
        outcome = merge_versions(store, [new], sealed=False, user=user)
        if outcome.conflicts or store.execute("SELECT count(*) FROM record_conflicts WHERE record_id = ?",
                                              [record_id]).fetchone()[0]:
            raise AppError("MERGE_NO_CONFLICT", record_id=record_id)  # pragma: no cover - defensive
        _audit_choice(store, record_id, "resolve", leaves, values, new["rev"], user)
    return Changes.of(updated=[record_id])


def _merge_reviews(leaves: list[Mapping[str, Any]]) -> dict[str, Any]:
    """Keep every reviewer comment of every side (the newest decision wins)."""
    reviews = sorted((dict(v["review"]) for v in leaves if v.get("review")), key=lambda r: str(r.get("at", "")))
    if not reviews:
        return {}
    out = dict(reviews[-1])
    questions: dict[str, str] = {}
    for r in reviews:
        questions.update(r.get("questions") or {})
    if questions:
        out["questions"] = questions
    return out


def _audit_choice(store: Store, record_id: str, action: str, leaves: list[Mapping[str, Any]],
                  values: Mapping[str, Any], rev: str, user: str) -> None:
    now = utcnow()
    revs = json.dumps([v["rev"] for v in leaves])
    store.execute("INSERT INTO audit(record_id, at, user, device_id, action, path, old, new, rev) "
                  "VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)",
                  [record_id, now, user, store.device_id, action, revs,
                   json.dumps(dict(values), ensure_ascii=False, sort_keys=True), rev])


__all__ = ["VERSION_FIELDS", "CONTENT_FIELDS", "check_version", "merge_versions", "leaves_of", "open_conflicts",
           "side_by_side", "resolve", "flatten", "unflatten", "build_version", "merged_ancestry",
           "row_to_version", "MergeOutcome"]
