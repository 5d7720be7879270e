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
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.base.changes import Changes
from models.base.errors import AppError, Bilingual
from models.exchange.errors import MergeCode, MergeError, PackageCode, PackageError
from models.exchange.validate import data_problem, generation_explained, metadata_problem
from models.records.editor import search_plan, search_text
from models.records.errors import RecordCode, RecordError
from models.records.flat import DELETED_PATH, STATUS_PATH, flatten, unflatten
from models.store.database import STATUSES, Store, utcnow
from models.store.files import is_digest
from models.store.revisions import CONTENT_FIELDS, content_hash, generation, make_rev
from models.store.schema import (
    JSON_LISTS,
    JSON_OBJECTS,
    RECORD,
    TEXT,
    VERSION_FIELDS,
    VERSION_ROW,
    AuditRow,
    add_audit,
    row_to_version,
    version_row,
)

_VERSION_KEYS = frozenset(VERSION_FIELDS)
_REV = re.compile(r"^[1-9][0-9]{0,8}-[0-9a-f]{32}$")
_TEXT = tuple(k for k in VERSION_FIELDS if RECORD[k].kind == TEXT)


def check_version(v: Any) -> Bilingual | None:
    """None if ``v`` is a well-formed, self-consistent version; else what is wrong with it."""
    if not isinstance(v, dict):
        return Bilingual("một phiếu không phải đối tượng JSON", "a record is not an object")
    if "files" not in v:  # a package written before attachments existed
        v["files"] = {}
    if not v.keys() >= _VERSION_KEYS:
        missing = ", ".join(k for k in VERSION_FIELDS if k not in v)
        rid = str(v.get("id", "?"))[:200]
        return Bilingual(f"phiếu {rid}: thiếu {missing}", f"record {rid}: missing {missing}")
    rid = v["id"]
    if not isinstance(rid, str):
        return Bilingual("mã một phiếu không phải chuỗi ký tự", "a record id is not text")
    if not rid or len(rid) > 200:
        return Bilingual("mã một phiếu rỗng hoặc quá dài", "a record id is empty or too long")
    for k in _TEXT:
        if not isinstance(v[k], str):
            return Bilingual(f"phiếu {rid}: '{k}' không phải chuỗi ký tự", f"record {rid}: '{k}' is not text")
    for k in JSON_OBJECTS:
        if not isinstance(v[k], dict):
            return Bilingual(f"phiếu {rid}: '{k}' không phải đối tượng JSON",
                             f"record {rid}: '{k}' is not an object")
    for k in JSON_LISTS:
        if not isinstance(v[k], list):
            return Bilingual(f"phiếu {rid}: '{k}' không phải danh sách", f"record {rid}: '{k}' is not a list")
    bad_file = _bad_files(v["files"])
    if bad_file is not None:
        return Bilingual(f"phiếu {rid}: tệp đính kèm '{bad_file}' sai dạng",
                         f"record {rid}: the attached file '{bad_file}' is malformed")
    if v["status"] not in STATUSES:
        return Bilingual(f"phiếu {rid}: trạng thái lạ '{v['status']}'",
                         f"record {rid}: unknown status '{v['status']}'")
    if v["deleted"] not in (0, 1) or not isinstance(v["issues"], int) or isinstance(v["issues"], bool) \
            or not 0 <= v["issues"] < 2**31:
        return Bilingual(f"phiếu {rid}: 'deleted' hoặc 'issues' không phải số hợp lệ",
                         f"record {rid}: 'deleted' or 'issues' is not a number")
    rev, anc = v["rev"], v["ancestry"]
    if not isinstance(v["rev_gen"], int) or isinstance(v["rev_gen"], bool) or not _REV.match(rev) \
            or generation(rev) != v["rev_gen"]:
        return Bilingual(f"phiếu {rid}: mã bản sửa '{rev}' sai dạng",
                         f"record {rid}: revision '{rev}' is malformed")
    if any(not isinstance(a, str) or not _REV.match(a) for a in anc) or rev in anc:
        return Bilingual(f"phiếu {rid}: danh sách các bản sửa trước sai dạng",
                         f"record {rid}: its list of earlier revisions is malformed")
    ch = content_hash(v)
    if ch != v["content_hash"]:
        if not _erased_blank(v):
            return Bilingual(f"phiếu {rid}: nội dung không khớp mã kiểm tra nội dung",
                             f"record {rid}: its content does not match its content hash")
        # its personal answers were erased (models.exchange.erase): the revision is checked against the
        # content hash it was made with, the erased questions must be blank
        ch = v["content_hash"]
        if not isinstance(ch, str):
            return Bilingual(f"phiếu {rid}: mã kiểm tra nội dung sai dạng", f"record {rid}: malformed content hash")
    if make_rev(v["rev_gen"], anc[-1] if anc else "", ch) != rev:
        return Bilingual(f"phiếu {rid}: mã bản sửa '{rev}' không khớp nội dung",
                         f"record {rid}: revision '{rev}' does not match its content")
    # what travels beside the content: metadata of its form, data taken from the answers (issue 16)
    return metadata_problem(v) or data_problem(v)


def _erased_blank(v: dict) -> bool:
    """Whether ``v`` claims an erasure (``"erased"``: question keys) and holds no answer to those questions."""
    names = v.get("erased")
    if type(names) is not list or not names or not all(isinstance(n, str) and n for n in names):
        return False
    wanted = set(names)

    def clean(node: Any) -> bool:
        if isinstance(node, dict):
            return not (wanted & node.keys()) and all(clean(x) for x in node.values())
        if isinstance(node, list):
            return all(clean(x) for x in node)
        return True

    return clean(v["answers"]) and clean(v["data"])


def _bad_files(files: dict) -> str | None:
    """The first malformed entry of a version's ``files`` (name -> {sha256, size, type}), or None."""
    for name, entry in files.items():
        if not name or len(name) > 255 or any(c in name for c in "/\\:") or name in (".", "..") \
                or not isinstance(entry, dict) or not is_digest(entry.get("sha256")) \
                or not isinstance(entry.get("size"), int) or isinstance(entry.get("size"), bool) \
                or not 0 <= entry["size"] < 2**40 or not isinstance(entry.get("type", ""), str):
            return str(name)[:200]
    return None


# ---------------------------------------------------------------------- versions and leaf sets


@dataclass(eq=False, slots=True)
class Version:
    """One revision of one record in a merge.

    ``fields`` is the version as it travels (:data:`VERSION_FIELDS`, JSON columns as objects); of the
    row current here before the merge only the revision and its ancestry are read (``fields`` is None).
    Where the version stands is said by the attributes, never by anything inside ``fields``.
    """

    record_id: str
    rev: str
    gen: int                                # the revision's generation: versions are ordered by (gen, rev)
    fields: dict[str, Any] | None = None
    ancestry: frozenset[str] | None = None  # every earlier revision; None until the version is checked
    local: bool = False                     # the current row in ``records`` before the merge
    stored: bool = False                    # a leaf kept in ``record_conflicts`` before the merge
    held: bool = False                      # never current: its sender may not change the record
    # work on an incoming version, done by precompute() before the transaction or by the merge if needed
    problem: Bilingual | str | None = None  # check_version(fields): '' well-formed, None not checked yet
    row: tuple | None = None                # its values of VERSION_ROW, sealed (schema.version_row)
    keys: list | None = None                # its business-key entries (models.records.duplicates)
    keys_json: str | None = None            # the same as ``records.dup_keys`` holds them
    text: str | None = None                 # its search text, đ folded

    @classmethod
    def incoming(cls, fields: dict[str, Any]) -> Version:
        """A version given to the merge (not checked yet: a malformed generation orders as 0 until
        the check refuses it)."""
        gen = fields["rev_gen"]
        if type(gen) is not int:
            try:
                gen = int(gen)
            except (TypeError, ValueError):
                gen = 0
        return cls(fields["id"], str(fields["rev"]), gen, fields)

    @property
    def full(self) -> dict[str, Any]:
        """``fields``: every version has them but the current row before the merge, which is never checked,
        written or indexed (a leaf only by its revision and ancestry)."""
        assert self.fields is not None, f"{self.record_id} {self.rev}: the current row's fields are not read"
        return self.fields

    @property
    def earlier(self) -> frozenset[str]:
        """``ancestry`` of a version in a leaf set: checked, or read from here, so never None there."""
        assert self.ancestry is not None, f"{self.record_id} {self.rev}: not checked"
        return self.ancestry


def _order(v: Version) -> tuple[int, str]:
    return (v.gen, v.rev)


@dataclass
class Leaves:
    """A record's leaf revisions during a merge (rev → leaf); ``local_rev`` is the row in ``records``."""

    versions: dict[str, Version] = field(default_factory=dict)
    local_rev: str | None = None           # the rev in ``records`` before the merge
    initial: frozenset[str] = frozenset()  # the leaf revs before the merge
    commune: str | None = None             # the commune of the row in ``records``

    def knows(self, rev: str) -> bool:
        """``rev`` is a leaf, or older than one: merging it changes nothing."""
        return rev in self.versions or any(rev in leaf.earlier for leaf in self.versions.values())

    def add(self, v: Version) -> bool:
        """Merge one checked version (it supersedes the leaves in its ancestry); True if leaves changed."""
        if self.knows(v.rev):
            return False
        for r in [r for r in self.versions if r in v.earlier]:
            del self.versions[r]
        self.versions[v.rev] = v
        return True

    def winner(self) -> Version:
        """The current version: the highest (generation, revision), never a held one while another is left."""
        return max(self.versions.values(), key=lambda v: (not v.held, v.gen, v.rev))


@dataclass
class MergeOutcome:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # conflicts kept because the sender may not replace them
    #: why a version was held although its sender may change the record (its generation does not follow
    #: from its ancestry, it moves the record to another commune, or the record is outside this unit's
    #: area), and why a new record was flagged (outside the area): record id -> reason
    flags: dict[str, Bilingual] = field(default_factory=dict)
    #: new records from outside this unit's area: not merged, held for a person in ``held_new_records``
    #: (``models.exchange.held``); also a record waiting there that arrives again
    outside: list[str] = field(default_factory=list)
    #: (record id, rev) of stored held leaves ``promote`` left held: their generation is not believable
    still_held: list[tuple[str, str]] = field(default_factory=list)
    received: list[tuple[str, str, str]] = field(default_factory=list)  # (record id, rev, outcome)
    current: list[dict[str, Any]] = field(default_factory=list)  # versions that became current
    keys: dict[str, list] = field(default_factory=dict)  # their business-key entries, by record id


def _chunks(seq: list, n: int = 500) -> Iterable[list]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


@dataclass
class Precomputed:
    """Incoming versions with the work done on them before the transaction (:func:`precompute`), in the
    order they were given.

    ``merge_versions`` takes a prepared :class:`Version` only for the very dict it was made from (never
    by anything inside it: a package cannot claim a version was checked) and does anything missing
    itself, so this may be empty.
    """

    versions: list[Version] = field(default_factory=list)

    def of(self, versions: Sequence[dict[str, Any]]) -> list[Version]:
        """``versions`` as :class:`Version`s, the prepared one where there is one."""
        mine = self.versions
        if len(mine) != len(versions):
            return [Version.incoming(v) for v in versions]
        return [p if p.fields is v else Version.incoming(v) for p, v in zip(mine, versions, strict=True)]


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
    for n, fields in enumerate(versions):
        if wait is not None and n % 256 == 0:
            wait()
        v = Version.incoming(fields)
        pre.versions.append(v)
        if skip.get(v.record_id) == v.rev:
            continue
        v.problem = check_version(fields) or ""
        if v.problem:
            continue
        v.row = version_row(fields, True)
        fk = (fields["form_id"], fields["form_version"])
        if fk not in plans:
            form = forms.get(fk)
            plans[fk] = search_plan(form) if form is not None else None
            if fields["form_id"] in configured:
                keys[fk] = configured[fields["form_id"]]
            elif form is not None:
                keys[fk] = default_keys(form)
        plan = plans[fk]
        if plan is not None:
            v.text = fold_d(search_text(plan, fields["answers"], fields["label"]))
        if fk in keys:
            v.keys = [[fk[0], name, value] for name, value in key_values(keys[fk], fields["data"]).items()]
            v.keys_json = dup_keys_json(v.keys)
    return pre


# ---------------------------------------------------------------------- merging


@dataclass
class _Plan:
    """What a merge decided, before it writes anything."""

    new: list[Version] = field(default_factory=list)       # new records: the version that becomes current
    replace: list[Version] = field(default_factory=list)   # records whose current version changes
    demote: list[str] = field(default_factory=list)        # records whose current row becomes a conflict leaf
    keep: list[tuple[str, Version]] = field(default_factory=list)  # (record id, leaf) for record_conflicts
    drop: list[tuple[str, str]] = field(default_factory=list)      # (record id, rev) out of record_conflicts
    #: new records held for a person (outside the area): (record id, their versions, why)
    hold_new: list[tuple[str, list[Version], Bilingual]] = field(default_factory=list)

    def writes(self) -> bool:
        return bool(self.new or self.replace or self.keep or self.demote or self.drop or self.hold_new)


def merge_versions(store: Store, versions: list[dict[str, Any]], *, sealed: bool = True,
                   user: str = "", note: str = "", where: str = "", pre: Precomputed | None = None,
                   before_writes: Callable[[], Any] | None = None, held: Collection[str] = (),
                   promote: bool = False, area: Callable[[str], bool] | None = None) -> MergeOutcome:
    """Merge versions into the database (inside the caller's transaction); returns which record ids were
    added, updated, unchanged or are now in conflict (and which revision each received).

    What it guarantees, for each record (the leaves are its current row and its ``record_conflicts``):

    * **Older or same changes nothing.** A version that is a leaf already, or is in the ancestry of a
      leaf, changes nothing: importing a package twice, or a version older than what is here, leaves
      the database as it was (``unchanged``).
    * **Newer replaces older.** Otherwise the version becomes a leaf and every leaf in its ancestry is
      superseded (its row replaced, or its ``record_conflicts`` entry deleted). Versions of one record
      given together are applied in (generation, revision) order.
    * **Edits on both sides are all kept.** When neither of two leaves is in the other's ancestry both
      stay, in full: the record is in ``conflicts``, and each version this merge puts into
      ``record_conflicts`` (a former current row included) is audited as a ``conflict``.
    * **What is current.** The current version is the leaf with the highest (generation, revision),
      whichever arrived first, so databases holding the same leaves show the same version; a held leaf
      is never current while another leaf is left.
    * **Held.** ``held``: ids of records here that these versions may not replace (they come from a
      sender not trusted to change them, ``docs/package-format.md``). A version of one of them that
      would change something is kept as a held leaf beside the others (outcome ``held``, counted in
      ``conflicts`` too); the current version stays. ``promote``: the versions are held leaves stored
      here, now merged as an ordinary merge would have (the sender became trusted).
    * **Checked before anything is written.** Every version that is not a leaf here already (for a
      held record: nor older than one) is checked (:func:`check_version`); a bad one raises
      ``PKG_CONTENT`` naming ``where`` before any write. A leaf here is not checked again: it cannot
      change anything.

    * **Believable.** A version whose generation does not follow from its ancestry (and no revision
      known here explains the step: ``models.exchange.validate.generation_explained``) is held as above,
      whoever sent it; so is, when ``area`` is given (commune code -> inside this unit's area), a
      version that moves a record here to another commune or whose commune is outside the area. A new
      record outside the area is **not** added: its versions wait in ``held_new_records`` for a person
      (``models.exchange.held``: accept into the database or refuse), listed in ``outside``; so do the
      versions of a record already waiting there. A new record none of whose versions has a believable
      generation refuses the merge (``PKG_CONTENT``). Each reason is in ``flags``.

    ``sealed``: incoming revisions have been elsewhere, so a local edit must start a new generation.
    ``user``/``note``: who merged and why, for the audit rows. ``pre``: work done beforehand on these
    very versions (:func:`precompute`). ``before_writes`` is called once the merge is decided, before it
    writes anything (only if it writes anything).
    """
    incoming = pre.of(versions) if pre is not None else [Version.incoming(v) for v in versions]
    by_id: dict[str, list[Version]] = {}
    for v in incoming:
        by_id.setdefault(v.record_id, []).append(v)
    leaves, here = _leaves_here(store, list(by_id))
    waiting = _waiting(store, [rid for rid in by_id if rid not in leaves])
    plan, out = _Plan(), MergeOutcome()
    for rid, arriving in by_id.items():
        lv = leaves.get(rid)
        if lv is None and rid in waiting:
            _hold_new(rid, [_checked(v, where) for v in arriving], waiting[rid], plan, out)
        elif lv is None:
            _merge_new_record(rid, arriving, where, plan, out, area)
        elif rid in held:
            _merge_held(rid, arriving, lv, where, plan, out)
        else:
            _merge_known(rid, arriving, lv, where, promote, plan, out, area, lv.commune)
    if before_writes is not None and plan.writes():
        before_writes()
    _write(store, plan, out, here, sealed=sealed, user=user, note=note)
    return out


def _leaves_here(store: Store, ids: list[str]) -> tuple[dict[str, Leaves], dict[str, tuple[int, str | None]]]:
    """The leaves of the records of ``ids`` that are here (their current row's revision and ancestry,
    their stored conflict versions), and each one's (rowid, dup_keys)."""
    leaves: dict[str, Leaves] = {}
    here: dict[str, tuple[int, str | None]] = {}
    conn = store.db.conn
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for rowid, rid, rev, gen, anc, dkeys, commune in conn.execute(
                f"SELECT rowid, id, rev, rev_gen, ancestry, dup_keys, commune FROM records WHERE id IN ({marks})",
                chunk):
            current = Version(rid, rev, gen, ancestry=frozenset(json.loads(anc)), local=True)
            leaves[rid] = Leaves({rev: current}, local_rev=rev, commune=commune)
            here[rid] = (rowid, dkeys)
    if leaves and conn.execute("SELECT 1 FROM record_conflicts LIMIT 1").fetchone() is not None:
        for chunk in _chunks(list(leaves)):
            marks = ",".join("?" * len(chunk))
            for rid, version, is_held in conn.execute(
                    f"SELECT record_id, version, held FROM record_conflicts WHERE record_id IN ({marks})", chunk):
                f = json.loads(version)
                leaf = Version(rid, f["rev"], int(f["rev_gen"]), f, frozenset(f["ancestry"]), stored=True,
                               held=bool(is_held))
                leaves[rid].versions[leaf.rev] = leaf
    for lv in leaves.values():
        lv.initial = frozenset(lv.versions)
    return leaves, here


def _waiting(store: Store, ids: list[str]) -> dict[str, Bilingual]:
    """The records of ``ids`` held for a person as new records from outside the area, with why."""
    found: dict[str, Bilingual] = {}
    conn = store.db.conn
    if not ids or conn.execute("SELECT 1 FROM held_new_records LIMIT 1").fetchone() is None:
        return found
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for rid, vi, en in conn.execute(
                f"SELECT record_id, reason_vi, reason_en FROM held_new_records WHERE record_id IN ({marks})", chunk):
            found[rid] = Bilingual(vi, en)
    return found


def _hold_new(rid: str, arriving: list[Version], why: Bilingual, plan: _Plan, out: MergeOutcome) -> None:
    """A new record that must wait for a person: nothing of it is merged."""
    plan.hold_new.append((rid, arriving, why))
    out.outside.append(rid)
    out.flags[rid] = why
    out.received.extend((rid, v.rev, "held") for v in arriving)


def _outside(rid: str, v: Version, area: Callable[[str], bool] | None) -> Bilingual | None:
    """Why a new record (whose current version would be ``v``) is held: its commune is outside the area."""
    commune = v.full["commune"]
    if area is None or area(commune):
        return None
    return Bilingual(f"phiếu {rid}: xã {commune or '(trống)'} ở ngoài địa bàn của máy này",
                     f"record {rid}: commune {commune or '(empty)'} is outside this unit's area")


def _checked(v: Version, where: str) -> Version:
    """``v``, checked (once), with its ancestry; a malformed version refuses the whole merge."""
    if v.problem is None:
        v.problem = check_version(v.fields) or ""
    if v.problem:
        raise PackageError(PackageCode.PKG_CONTENT, path=where, detail=v.problem)
    v.ancestry = frozenset(v.full["ancestry"])
    return v


def _known_generations(lv: Leaves) -> set[int]:
    """The generations of the revisions of a record known here (its leaves that are not held, and their
    ancestry): what may explain a step in an incoming version's generations."""
    known: set[int] = set()
    for leaf in lv.versions.values():
        if not leaf.held:
            known.add(leaf.gen)
            known.update(map(generation, leaf.ancestry or ()))
    return known


def _believed(v: Version, known: set[int]) -> Bilingual | None:
    """None if ``v``'s generation follows from its ancestry and ``known`` (which then learns its
    generations); else why it is not believed."""
    if not generation_explained(v.gen, v.full["ancestry"], known):
        rid = v.record_id
        return Bilingual(f"phiếu {rid}: bản sửa '{v.rev}' nhận thế hệ {v.gen} mà các bản sửa trước của nó không "
                         "giải thích được", f"record {rid}: revision '{v.rev}' claims generation {v.gen}, which its "
                         "earlier revisions do not explain")
    known.add(v.gen)
    known.update(map(generation, v.ancestry or ()))
    return None


def _merge_new_record(rid: str, arriving: list[Version], where: str, plan: _Plan, out: MergeOutcome,
                      area: Callable[[str], bool] | None = None) -> None:
    """A record not here: added; several versions of it are merged among themselves first. Versions whose
    generation is not believable are kept as held leaves; if none is, the merge is refused."""
    known: set[int] = set()
    doubtful: list[Version] = []
    if len(arriving) == 1:
        v = _checked(arriving[0], where)
        why = _believed(v, known)
        if why is not None:
            raise PackageError(PackageCode.PKG_CONTENT, path=where, detail=why)
        away = _outside(rid, v, area)
        if away is not None:
            _hold_new(rid, [v], away, plan, out)
            return
        plan.new.append(v)
        out.received.append((rid, v.rev, "added"))
        out.added.append(rid)
        return
    lv = Leaves()
    for v in arriving:
        _checked(v, where)
    why = None
    for v in sorted(arriving, key=_order):
        why = _believed(v, known)
        if why is None:
            lv.add(v)
        else:
            doubtful.append(v)
            out.flags[rid] = why
    if not lv.versions:
        raise PackageError(PackageCode.PKG_CONTENT, path=where, detail=why)
    w = lv.winner()
    away = _outside(rid, w, area)
    if away is not None:
        out.flags.pop(rid, None)
        _hold_new(rid, sorted(arriving, key=_order), away, plan, out)
        return
    for v in doubtful:
        if not lv.knows(v.rev):
            v.held = True
            plan.keep.append((rid, v))
            out.received.append((rid, v.rev, "held"))
    if doubtful and rid not in out.held:
        out.held.append(rid)
        out.conflicts.append(rid)
    plan.new.append(w)
    for v in lv.versions.values():
        if v is not w:
            plan.keep.append((rid, v))
        out.received.append((rid, v.rev, "added"))
    out.added.append(rid)
    if len(lv.versions) > 1 and rid not in out.conflicts:
        out.conflicts.append(rid)


def _merge_held(rid: str, arriving: list[Version], lv: Leaves, where: str, plan: _Plan,
                out: MergeOutcome) -> None:
    """A record these versions may not replace: what is new of them is kept as held leaves."""
    fresh = Leaves()
    for v in sorted(arriving, key=_order):
        if lv.knows(v.rev):
            continue  # known here already, or older than what is here: changes nothing
        fresh.add(_checked(v, where))
    if not fresh.versions:
        out.unchanged.append(rid)
        return
    for v in fresh.versions.values():
        v.held = True
        plan.keep.append((rid, v))
        out.received.append((rid, v.rev, "held"))
    out.conflicts.append(rid)
    out.held.append(rid)


def _doubt(v: Version, known: set[int], commune: str | None, area: Callable[[str], bool] | None
           ) -> Bilingual | None:
    """Why a version of a record here (whose current commune is ``commune``) must be held for a person
    although its sender may change the record, or None."""
    why = _believed(v, known)
    if why is not None or area is None:
        return why
    rid, new = v.record_id, v.full["commune"]
    if commune is not None and new != commune:
        return Bilingual(f"phiếu {rid}: bản sửa '{v.rev}' chuyển phiếu từ xã {commune or '(trống)'} sang xã "
                         f"{new or '(trống)'}", f"record {rid}: revision '{v.rev}' moves the record from commune "
                         f"{commune or '(empty)'} to commune {new or '(empty)'}")
    if not area(new):
        return Bilingual(f"phiếu {rid}: xã {new or '(trống)'} ở ngoài địa bàn của máy này",
                         f"record {rid}: commune {new or '(empty)'} is outside this unit's area")
    return None


def _merge_known(rid: str, arriving: list[Version], lv: Leaves, where: str, promote: bool, plan: _Plan,
                 out: MergeOutcome, area: Callable[[str], bool] | None = None, commune: str | None = None) -> None:
    """A record here: the versions join its leaves; the winner becomes (or stays) current. A version that
    is not believable (:func:`_doubt`) joins them as a held leaf, superseding nothing."""
    changed = False
    known = _known_generations(lv)
    doubtful: list[Version] = []
    for v in sorted(arriving, key=_order):
        leaf = lv.versions.get(v.rev)
        if promote and leaf is not None and leaf.stored:
            if _doubt(leaf, known, commune, area) is not None:
                out.still_held.append((rid, leaf.rev))
                continue  # held for what it claims, not for its sender: stays held
            del lv.versions[v.rev]  # the stored held leaf, merged now as if it had just arrived
            leaf.held = False
            changed |= lv.add(leaf)
            continue
        if leaf is not None:
            continue
        cv = _checked(v, where)
        if lv.knows(cv.rev):
            continue
        why = _doubt(cv, known, commune, area)
        if why is not None:
            doubtful.append(cv)
            out.flags[rid] = why
            continue
        changed |= lv.add(cv)
    for v in doubtful:
        if not lv.knows(v.rev):
            v.held = True
            lv.versions[v.rev] = v  # beside the others: it supersedes nothing
            changed = True
    final = frozenset(lv.versions)
    if not changed or final == lv.initial:
        out.unchanged.append(rid)
        return
    w = lv.winner()
    if not w.local:
        plan.replace.append(w)
        if lv.local_rev in final:
            plan.demote.append(rid)
    for rev in lv.initial - final:
        if rev != lv.local_rev:
            plan.drop.append((rid, rev))
    for rev in final - lv.initial:
        v = lv.versions[rev]
        if v is not w:
            plan.keep.append((rid, v))
        out.received.append((rid, rev, "held" if v.held else "conflict" if len(final) > 1 else "updated"))
    if w.stored:
        plan.drop.append((rid, w.rev))  # a stored leaf becomes the current version
    if len(final) > 1:
        out.conflicts.append(rid)
    else:
        out.updated.append(rid)
    if any(lv.versions[rev].held for rev in final - lv.initial):
        out.held.append(rid)


#: a new record as a merge writes it: its rowid, the version, and the business keys taken from this revision
_INSERT_NEW = RECORD.insert_sql(("rowid", *VERSION_ROW, "dup_rev", "dup_keys"))
#: a record's current version replaced ("id" comes first in VERSION_ROW: the values after it, then the id)
_UPDATE = RECORD.update_sql(VERSION_ROW[1:])
_KEEP = ("INSERT OR REPLACE INTO record_conflicts(record_id, rev, rev_gen, version, received_at, held) "
         "VALUES (?, ?, ?, ?, ?, ?)")


def _write(store: Store, plan: _Plan, out: MergeOutcome, here: Mapping[str, tuple[int, str | None]], *,
           sealed: bool, user: str, note: str) -> None:
    """Write what the merge decided: demoted rows and dropped leaves first, then each version that becomes
    current once, with its business keys (models.records.duplicates) and, for a new record, the rowid its
    search row will share (new records in id order, rowids counting up from the largest one here, as
    SQLite itself would number them), then the conflict leaves with their audit rows, then search rows."""
    from models.records.duplicates import KeyIndexer, dup_keys_json, write_index

    conn = store.db.conn
    now = utcnow()
    for rid in plan.demote:  # the current row is about to be replaced: it stays as a conflict leaf
        f = row_to_version(store.record(rid))
        plan.keep.append((rid, Version(rid, f["rev"], f["rev_gen"], f, local=True)))
    if plan.drop:
        conn.executemany("DELETE FROM record_conflicts WHERE record_id = ? AND rev = ?", plan.drop)
    ix = KeyIndexer(store)

    def keys_of(v: Version) -> list:
        return v.keys if v.keys is not None else ix.entries(v.full)

    def row_of(v: Version) -> tuple:
        return v.row if sealed and v.row is not None else version_row(v.full, sealed)

    plan.new.sort(key=lambda v: v.record_id)
    new_entries = [keys_of(v) for v in plan.new]
    rowids: dict[str, int] = {}
    if plan.new:
        top = conn.execute("SELECT max(rowid) FROM records").fetchone()[0] or 0
        rows = []
        for n, (v, entries) in enumerate(zip(plan.new, new_entries, strict=True), top + 1):
            rowids[v.record_id] = n
            text = v.keys_json if v.keys is not None else None
            rows.append((n, *row_of(v), v.rev, text if text is not None else dup_keys_json(entries)))
        conn.executemany(_INSERT_NEW, rows)
        dup_rows = sorted((e[0], e[1], e[2], v.record_id)
                          for v, entries in zip(plan.new, new_entries, strict=True) for e in entries)
        if dup_rows:
            conn.executemany("INSERT OR IGNORE INTO dup_index(form_id, key_name, value, record_id) "
                             "VALUES (?, ?, ?, ?)", dup_rows)
    if plan.replace:
        plan.replace.sort(key=lambda v: v.record_id)
        conn.executemany(_UPDATE, [(*row_of(v)[1:], v.record_id) for v in plan.replace])
        write_index(conn, [(v.record_id, v.rev, here[v.record_id][1], keys_of(v)) for v in plan.replace])
        for v in plan.replace:
            rowids[v.record_id] = here[v.record_id][0]
    if plan.keep:
        conn.executemany(_KEEP, [(rid, v.rev, v.gen, _version_json(v.full), now, int(v.held))
                                 for rid, v in plan.keep])
        device = store.device_id
        in_conflict = set(out.conflicts)
        add_audit(conn, [AuditRow(rid, now, user, device, "conflict", old=note or None, new=v.rev, rev=v.rev)
                         for rid, v in plan.keep if rid in in_conflict])
    if plan.hold_new:
        _write_held_new(conn, plan.hold_new, note, now)
    _index_versions(store, plan.new, plan.replace, rowids)
    out.current = [v.full for v in plan.new + plan.replace]
    out.keys = {v.record_id: e for v, e in zip(plan.new, new_entries, strict=True)}
    out.keys.update((v.record_id, keys_of(v)) for v in plan.replace)


def _write_held_new(conn: Any, held: list[tuple[str, list[Version], Bilingual]], source: str, now: str) -> None:
    """Keep new records held for a person in ``held_new_records`` (versions already waiting there kept,
    the new ones added by revision)."""
    for rid, arriving, why in held:
        row = conn.execute("SELECT versions FROM held_new_records WHERE record_id = ?", [rid]).fetchone()
        kept = json.loads(row[0]) if row is not None else []
        revs = {str(v["rev"]) for v in kept}
        kept += [{k: v.full[k] for k in VERSION_FIELDS} for v in arriving if v.rev not in revs]
        top = max(kept, key=lambda f: (int(f["rev_gen"]), str(f["rev"])))
        conn.execute(
            "INSERT INTO held_new_records(record_id, form_id, commune, label, versions, source, reason_vi, "
            "reason_en, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(record_id) DO UPDATE SET "
            "form_id = excluded.form_id, commune = excluded.commune, label = excluded.label, "
            "versions = excluded.versions, source = excluded.source, received_at = excluded.received_at",
            [rid, str(top["form_id"]), str(top["commune"]), str(top["label"]),
             json.dumps(kept, ensure_ascii=False), source, why.vi, why.en, now])


def _index_versions(store: Store, new: list[Version], replaced: list[Version],
                    rowids: Mapping[str, int]) -> None:
    """Full-text search rows for the versions that became current, as ``models.records.editor._index`` writes
    them: one row per record whose rowid is the record's rowid (migration m030_ui_search_rowids; the
    record list joins on it), text as ``models.records.editor._search_text`` with đ folded."""
    from models.records.editor import fold_d

    conn = store.db.conn
    if replaced:
        conn.executemany("DELETE FROM records_fts WHERE rowid = ?",
                         [(rowids[v.record_id],) for v in replaced])
    plans: dict[tuple[str, str], tuple] = {}
    rows = []
    for v in [*new, *replaced]:
        text = v.text
        if text is None:
            f = v.full
            key = (f["form_id"], f["form_version"])
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = search_plan(store.form(*key))
            text = fold_d(search_text(plan, f["answers"], f["label"]))
        rows.append((rowids[v.record_id], v.record_id, text))
    if rows:
        conn.executemany("INSERT INTO records_fts(rowid, record_id, text) VALUES (?, ?, ?)", rows)


def _version_json(v: Mapping[str, Any]) -> str:
    return json.dumps({k: v[k] for k in VERSION_FIELDS}, ensure_ascii=False)


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
    """Records with an open conflict: id, label, form, how many versions (and how many of them are held)."""
    out = []
    for rid, n, held in store.execute("SELECT record_id, count(*), sum(held) FROM record_conflicts "
                                      "GROUP BY record_id ORDER BY record_id").fetchall():
        rec = store.execute("SELECT label, form_id, enumerator, commune, modified_at FROM records WHERE id = ?",
                            [rid]).fetchone()
        if rec is None:
            continue
        out.append({"record_id": rid, "label": rec[0], "form_id": rec[1], "enumerator": rec[2],
                    "commune": rec[3], "modified_at": rec[4], "versions": n + 1, "held": int(held or 0)})
    return out


def held_revisions(store: Store, record_id: str) -> set[str]:
    """The revisions of a record that are held (kept beside it, never current, until a person decides)."""
    return {r[0] for r in store.execute("SELECT rev FROM record_conflicts WHERE record_id = ? AND held = 1",
                                        [record_id])}


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
                  ancestry: list[str], gen: int, review: Mapping[str, Any] | None = None,
                  files_from: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """A new version of ``base``'s record whose answers are ``values`` (flattened), recomputed by the engine.
    Its attached files are those its media answers name, from ``base`` or else from ``files_from`` (the
    other versions a person chose answers from)."""
    from forms.engine import FormSession
    from models.records.attachments import kept_files
    from models.records.editor import _village, issues_compact, record_label

    vals = dict(values)
    status = vals.pop(STATUS_PATH, None) or base["status"]
    deleted = int(str(vals.pop(DELETED_PATH, base["deleted"])) in ("1", "True", "true"))
    if status not in STATUSES:
        raise RecordError(RecordCode.BAD_STATUS, old=base["status"], new=status)
    answers = unflatten(vals)
    from models.records.editor import erased_fields

    form = store.form(base["form_id"], base["form_version"])
    session = FormSession(form)
    session.waived = erased_fields(store, str(base["id"]))  # erased questions stay empty, not "required"
    session.load(answers, base["justifications"])
    answers = session.to_answers()
    issues = session.issues()
    v = dict(base)
    v.update({"status": status, "deleted": deleted, "answers": answers, "data": session.to_values(),
              "justifications": session.to_justifications(),
              "review": dict(review if review is not None else base["review"]),
              "issues": len(issues), "issues_json": issues_compact(issues),
              "label": record_label(form, session), "village": _village(session), "modified_at": utcnow(),
              "ancestry": ancestry, "rev_gen": gen,
              "files": kept_files(form, answers, base.get("files") or {},
                                  *(f.get("files") or {} for f in files_from))})
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
        raise MergeError(MergeCode.MERGE_NO_CONFLICT, record_id=record_id)
    base = next((v for v in leaves if v["rev"] == base_rev), None if base_rev else leaves[0])
    if base is None:
        raise MergeError(MergeCode.MERGE_NO_VERSION, record_id=record_id, rev=base_rev,
                         versions=", ".join(v["rev"] for v in leaves))
    chosen: dict[str, str | None] = dict(flatten(base["answers"]))  # None: the value is left out
    chosen[STATUS_PATH] = base["status"]
    chosen[DELETED_PATH] = str(base["deleted"])
    chosen.update(values)
    review = _merge_reviews(leaves)
    new = build_version(store, base, chosen, ancestry=merged_ancestry(leaves),
                        gen=max(int(v["rev_gen"]) for v in leaves) + 1, review=review, files_from=leaves)
    user = user if user is not None else store.acting_user()
    with store.write():
        outcome = merge_versions(store, [new], sealed=False, user=user)
        if outcome.conflicts or store.execute("SELECT count(*) FROM record_conflicts WHERE record_id = ?",
                                              [record_id]).fetchone()[0]:
            raise MergeError(MergeCode.MERGE_NO_CONFLICT, record_id=record_id)  # pragma: no cover - defensive
        _audit_choice(store, record_id, "resolve", leaves, values, new["rev"], user)
    return Changes.of(updated=[record_id])


def _merge_reviews(leaves: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
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


def _audit_choice(store: Store, record_id: str, action: str, leaves: Sequence[Mapping[str, Any]],
                  values: Mapping[str, Any], rev: str, user: str) -> None:
    now = utcnow()
    revs = json.dumps([v["rev"] for v in leaves])
    add_audit(store, [AuditRow(record_id, now, user, store.device_id, action, old=revs,
                               new=json.dumps(dict(values), ensure_ascii=False, sort_keys=True), rev=rev)])


__all__ = ["VERSION_FIELDS", "CONTENT_FIELDS", "check_version", "merge_versions", "leaves_of", "open_conflicts",
           "held_revisions",
           "side_by_side", "resolve", "flatten", "unflatten", "build_version", "merged_ancestry",
           "row_to_version", "MergeOutcome", "Version", "Precomputed", "precompute"]
