"""Erasing one respondent's personal data, everywhere this database holds it, and in every copy it reaches
(issue 18; docs/security.md "Erasure", docs/package-format.md "Erasures").

**What is erased.** The questions of the record's form that hold personal data — the form's ``pii``
column, by the same rule as ``export --mask-pii`` (:func:`forms.pii.personal_fields`) — or the ones a
person names among them. Their answers go from the record's every copy here: the current version, every
other version kept (open conflicts and held versions, ``record_conflicts``; the versions kept for
convergence, ``pkg_kept``; a new record waiting outside the area, ``held_new_records``), ``data`` (what
exports, reports and the record view read), the justifications and the list label that hold them, the
search index (FTS5 with its ``secure-delete`` option), the business keys (re-taken from what is left), the
audit trail's old and new values of those questions (and any other audit value holding an erased value),
the sync outbox's stored XML and the sync log's label of the record, and the attached file of a media
question the form marks ``pii`` (its bytes too, when no other record uses them). Questions the form does
not mark are kept: the record keeps its id, form, status, place and every other answer, so indicators
and reports still count it. The transaction runs with ``PRAGMA secure_delete`` (freed space is zeroed);
after it the file is rebuilt (``VACUUM``: no free page keeps a value written before) and the write-ahead
log checkpointed and truncated.

**What is kept.** The register ``erasures`` (migration ``m050_erasures``) and one audit row ``erase``:
who (the acting person), when, which fields, the reason, never the values.

**Revisions.** An erasure does not make a new revision: every version keeps its revision id and ancestry
with its personal answers removed, so the order of imports, held versions and conflicts stay what
:mod:`models.exchange.settle` computes (the erasure is a function applied to every version's content,
the same on every database, whatever the order). Such a version no longer matches its content hash: in a
package it carries ``"erased": [fields]`` and the package carries the erasure (``erasures.jsonl.gz``),
and the receiver accepts the mismatch only for those fields, blank
(:func:`models.exchange.merge.check_version`); the link between its revision and its content hash is
still checked. Every version of the record — older, or made on a laptop that had not received the
erasure — is erased whenever it arrives (sticky): the erased questions of that record stay empty
(``revs`` records the leaves it was made on, for the record only).

**Trust.** An erasure destroys data, so it is applied only when it was made here or brought by a trusted
sender (this installation's own key, a sender a person trusted, a reply trusted on first use); from any
other sender it is kept ``held`` (nothing erased) and applied when that sender is trusted
(:func:`on_trust`). Unlike an update (:mod:`models.exchange.settle`), the record's *owner* is not enough:
who owns a record can change as more packages arrive, and a held version can be made current again then,
but erased values cannot come back — so only trust, which later packages do not withdraw, applies it, and
the result is the same whatever the order of imports and trust events.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.base.changes import RECORDS, Changes
from models.exchange.errors import EraseCode, EraseError
from models.store.database import Store, utcnow
from models.store.schema import AUDIT_FIELDS, AuditRow, add_audit, row_to_version

#: a line of ``erasures.jsonl.gz``, in this order
ERASURE_FIELDS = ("id", "record_id", "fields", "at", "user", "device_id", "reason", "revs")
PART = "erasures.jsonl.gz"
#: the audit action of an erasure (path: the fields, comma-separated; new: the reason; no value)
ACTION = "erase"
_INDEX = re.compile(r"\[\d+\]")
_AT = {n: i for i, n in enumerate(AUDIT_FIELDS)}


@dataclass
class Erasure:
    id: str
    record_id: str
    fields: list[str]
    at: str
    user: str
    device_id: str
    reason: str
    revs: list[str]
    state: str = "applied"
    senders: list[str] = field(default_factory=list)

    def line(self) -> list[Any]:
        return [getattr(self, n) for n in ERASURE_FIELDS]

    def covers(self, v: Mapping[str, Any]) -> bool:
        """Whether version ``v`` of the record is erased by this erasure: always. A revision id does not say
        whether the copy it was made from had been erased (the erasure keeps revision ids), so a version
        made after the erasure by someone who had not received it cannot be told from one made by someone
        who had: the erased questions of the record stay erased in every version, later ones included."""
        return v.get("id", self.record_id) == self.record_id

    def audit_row(self) -> AuditRow:
        return AuditRow(self.record_id, self.at, self.user, self.device_id, ACTION, path=",".join(self.fields),
                        old=None, new=self.reason or None, rev="")


@dataclass
class EraseResult:
    record_id: str
    fields: list[str]
    at: str
    user: str
    reason: str
    erasure_id: str
    changes: Changes

    def as_dict(self) -> dict[str, Any]:
        return {"record_id": self.record_id, "fields": self.fields, "at": self.at, "user": self.user,
                "reason": self.reason, "erasure_id": self.erasure_id}


def _row(r: Sequence[Any]) -> Erasure:
    return Erasure(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5], r[6], json.loads(r[7]), r[8], json.loads(r[9]))


_COLUMNS = "id, record_id, fields, at, user, device_id, reason, revs, state, senders"


def erasures_of(store: Store, record_id: str, *, state: str | None = "applied") -> list[Erasure]:
    """The erasures of a record known here (``state``: applied, held, or None for both), oldest first."""
    sql = f"SELECT {_COLUMNS} FROM erasures WHERE record_id = ?"
    params: list[Any] = [record_id]
    if state is not None:
        sql += " AND state = ?"
        params.append(state)
    return [_row(r) for r in store.execute(sql + " ORDER BY at, id", params)]


def personal_fields(store: Store, record_id: str) -> tuple[str, list[str]]:
    """The record's form id and the keys of its personal questions (``forms.pii.personal_fields``) over
    every form version its current and kept versions use."""
    from forms.pii import personal_fields as of_form

    rec = store.record(record_id)
    versions = {rec["form_version"]}
    for (text,) in store.execute("SELECT version FROM record_conflicts WHERE record_id = ?", [record_id]):
        versions.add(str(json.loads(text).get("form_version", "")))
    out: list[str] = []
    for ver in sorted(v for v in versions if v):
        try:
            form = store.form(rec["form_id"], ver)
        except Exception:  # noqa: BLE001 - a version whose form is not here: the current one decides
            continue
        out.extend(n for n in of_form(form) if n not in out)
    return rec["form_id"], out


# ---------------------------------------------------------------------- scrubbing one version


def _drop(node: Any, names: set[str], values: list[str]) -> Any:
    """``node`` (nested answers) without the keys ``names``, anywhere (repeats included); the values
    removed are appended to ``values``."""
    if isinstance(node, dict):
        out = {}
        for k, x in node.items():
            if k in names:
                _collect(x, values)
            else:
                out[k] = _drop(x, names, values)
        return out
    if isinstance(node, list):
        return [_drop(x, names, values) for x in node]
    return node


def _drop_holding(node: Any, values: Sequence[str]) -> Any:
    """``node`` without the text answers that contain one of ``values``."""
    if isinstance(node, dict):
        return {k: _drop_holding(x, values) for k, x in node.items()
                if not (isinstance(x, str) and any(v in x for v in values))}
    if isinstance(node, list):
        return [_drop_holding(x, values) for x in node]
    return node


def _collect(x: Any, values: list[str]) -> None:
    if isinstance(x, dict):
        for y in x.values():
            _collect(y, values)
    elif isinstance(x, list):
        for y in x:
            _collect(y, values)
    elif x not in (None, ""):
        values.append(str(x))


def path_name(path: str) -> str:
    """The question key an answer path ends in (``members[2].name`` -> ``name``)."""
    return _INDEX.sub("", path or "").rsplit(".", 1)[-1]


def scrub(v: Mapping[str, Any], names: Iterable[str]) -> tuple[dict[str, Any], list[str]]:
    """Version ``v`` (JSON columns as objects) with the answers of ``names`` erased, and the values removed.

    The answers and ``data`` lose those keys; the justifications of those questions go; an attached file
    one of them names leaves ``files``; a label holding an erased value becomes empty."""
    names = set(names)
    out = dict(v)
    values: list[str] = []
    if not names:
        return out, values
    out["answers"] = _drop(v.get("answers") or {}, names, values)
    out["data"] = _drop(v.get("data") or {}, names, [])
    # an answer computed from them (a calculation, the instance name) that holds an erased value goes too
    long = [x for x in values if len(x) >= 4]
    if long:
        out["answers"] = _drop_holding(out["answers"], long)
        out["data"] = _drop_holding(out["data"], long)
    out["justifications"] = {p: j for p, j in (v.get("justifications") or {}).items() if path_name(p) not in names}
    gone = set(values)
    files = v.get("files") or {}
    if any(n in gone for n in files):
        out["files"] = {n: f for n, f in files.items() if n not in gone}
    label = str(v.get("label") or "")
    if label and any(x and x in label for x in values):
        out["label"] = ""
    if values or out != dict(v):
        out["erased"] = sorted(set(v.get("erased") or ()) | names)
    return out, values


def _fields_for(v: Mapping[str, Any], ers: Sequence[Erasure]) -> set[str]:
    return {f for e in ers if e.covers(v) for f in e.fields}


# ---------------------------------------------------------------------- the service


def erase_record(store: Store, record_id: str, *, reason: str, fields: Sequence[str] | None = None,
                 user: str | None = None) -> EraseResult:
    """Erase the personal data of one record (module docstring) for the acting person, with ``reason``.

    ``fields``: question keys among the form's personal ones (all of them when None or empty). Refuses,
    changing nothing, an unknown record (``RECORD_NOT_FOUND``), a missing reason, a question that is not
    personal, a form without personal questions."""
    reason = (reason or "").strip()
    form_id, personal = personal_fields(store, record_id)  # RECORD_NOT_FOUND for an unknown id
    if not reason:
        raise EraseError(EraseCode.ERASE_NO_REASON, record_id=record_id)
    if not personal:
        raise EraseError(EraseCode.ERASE_NO_FIELDS, record_id=record_id, form_id=form_id)
    chosen = list(dict.fromkeys(fields or personal))
    for f in chosen:
        if f not in personal:
            raise EraseError(EraseCode.ERASE_NOT_PERSONAL, record_id=record_id, field=f, form_id=form_id,
                             fields=", ".join(personal))
    user = user if user is not None else store.acting_user()
    leaves = sorted({store.record(record_id)["rev"]} | {r for (r,) in store.execute(
        "SELECT rev FROM record_conflicts WHERE record_id = ? AND held = 0", [record_id])})
    e = Erasure(str(uuid.uuid4()), record_id, chosen, utcnow(), user, store.device_id, reason, leaves)
    store.execute("PRAGMA secure_delete = ON")
    with store.write():
        _insert(store, e)
        add_audit(store, [e.audit_row()])
        # the next edit here starts a new generation: the erased revision (whose content no longer hashes to
        # it) is never re-hashed in place, and the edit has it in its ancestry
        store.execute("UPDATE records SET sealed = 1 WHERE id = ?", [record_id])
        reapply(store, [record_id])
    truncate_wal(store, vacuum=True)
    return EraseResult(record_id, chosen, e.at, user, reason, e.id,
                       Changes.of(RECORDS, updated=[record_id]))


def _insert(store: Store, e: Erasure) -> None:
    store.execute(f"INSERT OR IGNORE INTO erasures({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  [e.id, e.record_id, json.dumps(e.fields), e.at, e.user, e.device_id, e.reason,
                   json.dumps(e.revs), e.state, json.dumps(e.senders)])


def truncate_wal(store: Store, *, vacuum: bool = False) -> None:
    """After an erasure's commit: the write-ahead log's frames (old page images) copied into the file and
    the log emptied, so no old page lingers there (a reader holding an old snapshot may keep some until
    the next checkpoint). ``vacuum`` (an erasure newly applied): the file is first rebuilt (``VACUUM``), so
    that no free page or unused space of a page keeps a value written before the erasure, when
    ``secure_delete`` was off — it rewrites the whole database: seconds on a province's database, once
    per erasure (never for the later packages an erasure is applied to again)."""
    if vacuum:
        # VACUUM keeps the rowids (it copies each table whole, with SQLite's transfer optimisation): the search
        # rows share their record's rowid (m030_ui_search_rowids); check_derived in the tests checks it
        with contextlib.suppress(Exception):  # another connection reading: the pages freed stay zeroed anyway
            store.execute("VACUUM")
    with contextlib.suppress(Exception):  # a busy database: the next checkpoint does it
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def reapply(store: Store, ids: Iterable[str], *, merge_index: bool = True) -> list[str]:
    """Erase again, in every copy here, what the applied erasures of the records ``ids`` erase (inside
    the caller's transaction): the versions a package brought since, the audit rows it added, a restored
    backup. Returns the records whose current version changed. ``merge_index`` (an erasure newly applied):
    the search index is merged so no older segment keeps an erased term."""
    changed: list[str] = []
    conn = store.db.conn
    for rid in sorted(set(ids)):
        ers = erasures_of(store, rid)
        if not ers:
            continue
        conn.execute("PRAGMA secure_delete = ON")
        values: list[str] = []
        files: set[str] = set()
        all_fields = {f for e in ers for f in e.fields}
        found = conn.execute("SELECT rowid FROM records WHERE id = ?", [rid]).fetchone()
        if found is not None:
            cur = row_to_version(store.record(rid))
            new, vals = scrub(cur, _fields_for(cur, ers))
            values += vals
            files |= _gone_files(cur, new)
            if _differs(cur, new):
                conn.execute("UPDATE records SET answers = ?, data = ?, justifications = ?, files = ?, label = ?, "
                             "dup_rev = NULL, dup_keys = NULL WHERE id = ?",
                             [_j(new["answers"]), _j(new["data"]), _j(new["justifications"]), _j(new["files"]),
                              new["label"], rid])
                conn.execute("DELETE FROM dup_index WHERE record_id = ?", [rid])
                _reindex(store, rid, new)
                changed.append(rid)
                _mark(conn, rid, cur["rev"])
        for table in ("record_conflicts", "pkg_kept"):
            for rev, text in conn.execute(f"SELECT rev, version FROM {table} WHERE record_id = ?", [rid]).fetchall():
                v = json.loads(text)
                names = _fields_for(v, ers)
                new, vals = scrub(v, names)
                values += vals
                files |= _gone_files(v, new)
                new = _with_marker(new, names)
                if new != v:
                    conn.execute(f"UPDATE {table} SET version = ? WHERE record_id = ? AND rev = ?",
                                 [_j(new), rid, rev])
                if "erased" in new:
                    _mark(conn, rid, rev)
        held = conn.execute("SELECT versions, label FROM held_new_records WHERE record_id = ?", [rid]).fetchone()
        if held is not None:
            vs = []
            for v in json.loads(held[0]):
                new, vals = scrub(v, _fields_for(v, ers))
                values += vals
                files |= _gone_files(v, new)
                vs.append(new)
                if _differs(v, new):
                    _mark(conn, rid, str(v.get("rev")))
            label = "" if any(x and x in held[1] for x in values) else held[1]
            conn.execute("UPDATE held_new_records SET versions = ?, label = ? WHERE record_id = ?",
                         [_j(vs), label, rid])
        _scrub_audit(store, rid, all_fields, values)
        _scrub_sync(store, rid, values)
        _drop_unused_files(store, files)
    if changed and merge_index:
        # earlier versions of the search rows (every autosave wrote one) may still be in older segments of
        # the index: merged into one, the deleted entries left behind (the freed pages zeroed by
        # secure_delete). It rewrites the whole index: seconds on a province's database, once per erasure
        # (a package the erasure is applied to again wrote its search rows with secure-delete on).
        conn.execute("INSERT INTO records_fts(records_fts) VALUES ('optimize')")
    return changed


def _gone_files(a: Mapping[str, Any], b: Mapping[str, Any]) -> set[str]:
    """The digests of the attached files ``a`` names and ``b`` (``a`` erased) no longer does."""
    after = b.get("files") or {}
    return {str(f.get("sha256")) for n, f in (a.get("files") or {}).items() if n not in after and isinstance(f, dict)}


def _with_marker(v: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """A stored copy carries ``erased`` exactly when its content no longer hashes to its revision (with the
    questions of the erasures covering it): a function of the copy and the erasures known, not of whether
    it arrived erased (a package's marker is not stored by the merge) or was erased here."""
    from models.store.revisions import content_hash

    out = dict(v)
    if content_hash(out) != out.get("content_hash"):
        out["erased"] = sorted(set(out.get("erased") or ()) | set(names))
    else:
        out.pop("erased", None)
    return out


def _mark(conn: Any, rid: str, rev: str) -> None:
    conn.execute("INSERT OR IGNORE INTO erased_copies(record_id, rev) VALUES (?, ?)", [rid, rev])


def _stored(store: Store, rid: str, rev: str) -> tuple[str, dict[str, Any]] | None:
    """Where this database keeps its copy of revision ``rev`` of a record, and the copy (a version)."""
    conn = store.db.conn
    row = conn.execute("SELECT rev FROM records WHERE id = ?", [rid]).fetchone()
    if row is not None and row[0] == rev:
        return "records", row_to_version(store.record(rid))
    for table in ("record_conflicts", "pkg_kept"):
        got = conn.execute(f"SELECT version FROM {table} WHERE record_id = ? AND rev = ?", [rid, rev]).fetchone()
        if got is not None:
            return table, json.loads(got[0])
    held = conn.execute("SELECT versions FROM held_new_records WHERE record_id = ?", [rid]).fetchone()
    if held is not None:
        for v in json.loads(held[0]):
            if str(v.get("rev")) == rev:
                return "held_new_records", v
    return None


def _put(store: Store, where: str, rid: str, v: Mapping[str, Any]) -> None:
    """Write version ``v`` as this database's copy of its revision, where :func:`_stored` found it."""
    conn = store.db.conn
    if where == "records":
        conn.execute("UPDATE records SET answers = ?, data = ?, justifications = ?, files = ?, label = ?, "
                     "dup_rev = NULL, dup_keys = NULL WHERE id = ?",
                     [_j(v["answers"]), _j(v["data"]), _j(v["justifications"]), _j(v.get("files") or {}),
                      v["label"], rid])
        conn.execute("DELETE FROM dup_index WHERE record_id = ?", [rid])
        _reindex(store, rid, v)
    elif where in ("record_conflicts", "pkg_kept"):
        conn.execute(f"UPDATE {where} SET version = ? WHERE record_id = ? AND rev = ?", [_j(dict(v)), rid, v["rev"]])
    else:
        (text,) = conn.execute("SELECT versions FROM held_new_records WHERE record_id = ?", [rid]).fetchone()
        vs = [dict(v) if str(x.get("rev")) == str(v["rev"]) else x for x in json.loads(text)]
        conn.execute("UPDATE held_new_records SET versions = ? WHERE record_id = ?", [_j(vs), rid])


def settle_copies(store: Store, versions: Sequence[Mapping[str, Any]]) -> list[str]:
    """After a package's versions were merged (inside its transaction): which copy of each revision this
    database keeps must not depend on which arrived first. An erased copy stored here is noted
    (``erased_copies``); a full copy of a revision whose stored copy is erased replaces it — checked against
    its content hash first — and the applied erasures of the record then erase it again (:func:`reapply`),
    so with an erasure applied nothing comes back, and with none (held, or only relayed) the full copy
    is kept whatever the order. Returns the records whose stored copies changed."""
    from models.exchange.merge import check_version
    from models.store.revisions import content_hash

    conn = store.db.conn
    noted = {(r[0], r[1]) for r in conn.execute("SELECT record_id, rev FROM erased_copies")}
    out: set[str] = set()
    for v in versions:
        rid, rev = v["id"], str(v["rev"])
        if v.get("erased"):
            if (rid, rev) in noted:
                continue
            got = _stored(store, rid, rev)
            if got is not None and content_hash(got[1]) != got[1]["content_hash"]:
                _mark(conn, rid, rev)
                noted.add((rid, rev))
            continue
        if (rid, rev) not in noted:
            continue
        got = _stored(store, rid, rev)
        if got is None or check_version(dict(v)) is not None:
            continue
        full = {k: x for k, x in v.items() if k != "erased"}
        conn.execute("PRAGMA secure_delete = ON")
        _put(store, got[0], rid, full)
        conn.execute("DELETE FROM erased_copies WHERE record_id = ? AND rev = ?", [rid, rev])
        noted.discard((rid, rev))
        out.add(rid)
    return sorted(out)


def _differs(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return any(a.get(k) != b.get(k) for k in ("answers", "data", "justifications", "files", "label"))


def _j(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False)


def _reindex(store: Store, rid: str, v: Mapping[str, Any]) -> None:
    """The record's search row written again from what is left, the old one removed for good."""
    from models.records.editor import _index, _search_text

    conn = store.db.conn
    # FTS5 writes its pending changes at the commit: the option stays on (deletes from then on remove
    # the old terms from the index instead of marking them; a little slower, only where an erasure was)
    conn.execute("INSERT INTO records_fts(records_fts, rank) VALUES ('secure-delete', 1)")
    try:
        form = store.form(v["form_id"], v["form_version"])
        text = _search_text(form, v["answers"], v["label"])
    except Exception:  # noqa: BLE001 - the form is not here: the label alone
        text = str(v.get("label") or "")
    _index(store, rid, text)


def _scrub_audit(store: Store, rid: str, fields: set[str], values: Sequence[str]) -> None:
    conn = store.db.conn
    vals = [x for x in set(values) if len(x) >= 2]
    rows = conn.execute("SELECT id, path, old, new FROM audit WHERE record_id = ? AND action != ?",
                        [rid, ACTION]).fetchall()
    for aid, path, old, new in rows:
        if path and path_name(path) in fields:
            if old is not None or new is not None:
                conn.execute("UPDATE audit SET old = NULL, new = NULL WHERE id = ?", [aid])
            continue
        if any(x in (old or "") or x in (new or "") for x in vals):
            conn.execute("UPDATE audit SET old = NULL, new = NULL WHERE id = ?", [aid])


def scrub_audit_lines(store: Store, rows: list[list[Any]]) -> list[list[Any]]:
    """A package's audit lines with the values of erased questions removed (those of records with an
    applied erasure here), so an import neither brings them back nor doubles a row already erased."""
    erased: dict[str, set[str]] = {}
    for rid, fields in store.execute("SELECT record_id, fields FROM erasures WHERE state = 'applied'"):
        erased.setdefault(rid, set()).update(json.loads(fields))
    if not erased:
        return rows
    out = []
    for r in rows:
        rid, path = r[_AT["record_id"]], r[_AT["path"]]
        if rid in erased and path and path_name(path) in erased[rid] and r[_AT["action"]] != ACTION:
            r = list(r)
            r[_AT["old"]] = r[_AT["new"]] = None
        out.append(r)
    return out


def _scrub_sync(store: Store, rid: str, values: Sequence[str]) -> None:
    """The sync outbox keeps the exact XML of each copy (to resend it byte for byte): a copy not confirmed
    by the server (pending, failed, or a 409 waiting for a person) is dropped, so the next sync builds the
    erased record afresh; the copies the server confirmed keep their row (what was sent when) without the
    XML. The log's label of the record goes."""
    conn = store.db.conn
    conn.execute("DELETE FROM sync_outbox WHERE record_id = ? AND state IN ('pending', 'failed', 'conflict')", [rid])
    conn.execute("UPDATE sync_outbox SET xml = x'' WHERE record_id = ? AND length(xml) > 0", [rid])
    conn.execute("UPDATE sync_log SET label = '' WHERE record_id = ? AND label != ''", [rid])


def _drop_unused_files(store: Store, digests: Iterable[str]) -> None:
    """The bytes of the attached files an erased media answer named, when no copy of any record names them
    any more (another record's, or a version made after the erasure, keeps them)."""
    conn = store.db.conn
    for sha in sorted(digests):
        used = conn.execute(
            "SELECT 1 FROM records WHERE instr(files, ?) > 0 UNION ALL "
            "SELECT 1 FROM record_conflicts WHERE instr(version, ?) > 0 UNION ALL "
            "SELECT 1 FROM pkg_kept WHERE instr(version, ?) > 0 UNION ALL "
            "SELECT 1 FROM held_new_records WHERE instr(versions, ?) > 0 LIMIT 1", [sha] * 4).fetchone()
        if used is None:
            conn.execute("DELETE FROM record_files WHERE sha256 = ?", [sha])


# ---------------------------------------------------------------------- travelling in packages


def lines_for(store: Store, ids: Iterable[str]) -> list[list[Any]]:
    """The ``erasures.jsonl.gz`` lines of the applied erasures of the records ``ids`` (held ones never go on)."""
    ids = set(ids)
    return [_row(r).line() for r in store.execute(f"SELECT {_COLUMNS} FROM erasures WHERE state = 'applied' "
                                                  "ORDER BY record_id, at, id") if r[1] in ids]


def mark_versions(store: Store, versions: list[dict[str, Any]]) -> None:
    """Versions about to be sent that an erasure changed (their content no longer hashes to their
    revision) carry ``"erased"``: the questions the receiver accepts blank in their place — those of every
    erasure of the record known here, applied or held (a version may have arrived erased from a sender
    whose erasure is held here: the values never reached this database)."""
    from models.store.revisions import content_hash

    erased: dict[str, set[str]] = {}
    for rid, fields in store.execute("SELECT record_id, fields FROM erasures"):
        erased.setdefault(rid, set()).update(json.loads(fields))
    for v in versions:
        claimed = set(v.pop("erased", None) or ())
        if (v["id"] in erased or claimed) and content_hash(v) != v["content_hash"]:
            v["erased"] = sorted(erased.get(v["id"], set()) | claimed)


def line_problem(line: Any) -> str | None:
    """None if ``line`` is a well-formed erasure line; else what is wrong (English, for the detail)."""
    if type(line) is not list or len(line) != len(ERASURE_FIELDS):
        return "an erasure line is malformed"
    eid, rid, fields, at, user, device, reason, revs = line
    if not all(isinstance(x, str) for x in (eid, rid, at, user, device, reason)):
        return "an erasure line is malformed"
    if not eid or len(eid) > 64 or not rid or len(rid) > 200 or len(at) > 40 or len(user) > 200 \
            or len(device) > 200 or len(reason) > 2000:
        return "an erasure line has a field too long or empty"
    if type(fields) is not list or not fields or not all(isinstance(f, str) and 0 < len(f) <= 200 for f in fields):
        return "an erasure line's fields are malformed"
    if type(revs) is not list or not all(isinstance(r, str) and len(r) <= 60 for r in revs):
        return "an erasure line's revisions are malformed"
    return None


def receive(store: Store, lines: Sequence[list[Any]], *, sender: str, allowed: Mapping[str, bool]) -> list[str]:
    """Register a package's erasures (inside the import's transaction): applied when ``allowed[record]``
    (the sender is trusted here), else held; each records who brought it.
    Returns the records with an erasure applied now (to be erased again by :func:`reapply`)."""
    out: list[str] = []
    for line in lines:
        e = Erasure(*line)
        ok = bool(allowed.get(e.record_id))
        known = store.execute("SELECT state, senders FROM erasures WHERE id = ?", [e.id]).fetchone()
        if known is None:
            e.state, e.senders = ("applied" if ok else "held"), [sender]
            _insert(store, e)
            if ok:
                add_audit(store, [e.audit_row()], unless_present=True)
                out.append(e.record_id)
            continue
        senders = sorted(set(json.loads(known[1])) | {sender})
        state = "applied" if known[0] == "applied" or ok else "held"
        store.execute("UPDATE erasures SET state = ?, senders = ? WHERE id = ?", [state, json.dumps(senders), e.id])
        if state == "applied" and known[0] != "applied":
            add_audit(store, [e.audit_row()], unless_present=True)
        if state == "applied":
            out.append(e.record_id)
    return out


def on_trust(store: Store, fingerprint: str) -> list[str]:
    """``fingerprint`` became trusted: the erasures only it brought (held) are applied; returns the records
    erased again (inside the caller's transaction)."""
    ids = []
    for r in store.execute(f"SELECT {_COLUMNS} FROM erasures WHERE state = 'held'").fetchall():
        e = _row(r)
        if fingerprint in e.senders:
            store.execute("UPDATE erasures SET state = 'applied' WHERE id = ?", [e.id])
            add_audit(store, [e.audit_row()], unless_present=True)
            ids.append(e.record_id)
    if ids:
        reapply(store, ids)
    return sorted(set(ids))


def register(store: Store) -> list[Erasure]:
    """Every erasure applied here (for a restore to apply again to the copy it puts back)."""
    return [_row(r) for r in store.execute(f"SELECT {_COLUMNS} FROM erasures WHERE state = 'applied' "
                                           "ORDER BY at, id")]


def restore_register(store: Store, erasures: Sequence[Erasure]) -> list[str]:
    """After a restore: the erasures the database knew before it (``register``) applied to the restored
    copy, which may be older than they are. Returns the records erased again."""
    ids = []
    store.execute("PRAGMA secure_delete = ON")
    with store.write():
        for e in erasures:
            if store.execute("SELECT 1 FROM erasures WHERE id = ?", [e.id]).fetchone() is None:
                _insert(store, e)
                add_audit(store, [e.audit_row()], unless_present=True)
            else:
                store.execute("UPDATE erasures SET state = 'applied' WHERE id = ?", [e.id])
            ids.append(e.record_id)
        reapply(store, ids)
    truncate_wal(store, vacuum=True)
    return sorted(set(ids))


def summary(store: Store, record_id: str) -> list[dict[str, Any]]:
    """What the record view says of a record's erasures: when, by whom, which fields, why."""
    return [{"at": e.at, "user": e.user, "fields": e.fields, "reason": e.reason}
            for e in erasures_of(store, record_id)]


__all__ = ["ACTION", "ERASURE_FIELDS", "PART", "EraseResult", "Erasure", "erase_record", "erasures_of",
           "line_problem", "lines_for", "mark_versions", "on_trust", "personal_fields", "reapply", "receive",
           "register", "restore_register", "scrub", "scrub_audit_lines", "summary", "truncate_wal"]
