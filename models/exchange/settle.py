"""A record's state as a function of what was received and who is trusted, never of the order (issue 17).

:func:`models.exchange.merge.merge_versions` merges one package at a time; for a record that only one
sender ever brought that is already order-free (the merge is a join). When several senders brought
versions of a record, or some of its versions are held, which of them may change it depends on who is
trusted and on who *owns* the record, and :func:`settle` computes the record's leaves again from every
version known here:

* **Who owns a record.** This installation, if the record was made here; else the sender whose
  device made the record (a key is pinned to its device: ``PKG_KEY_CHANGED``) — the device the oldest
  version known of the record names, whichever package brought it first; else, when a single sender
  brought it (a clerk relaying an enumerator's records to the province), that sender; else the
  sender(s) of its oldest received version (the lowest generation, and of two versions of that
  generation the highest revision, as the current version is chosen). A function of the set of
  packages, not of their order: a forged update of a record and an old revision replayed under another
  key are held, or change nothing, whichever comes first.
* **Admissible versions.** Made here (no package brought them), or brought by a trusted sender (this
  installation's own key included), or by an owner. A held version that is admissible but not believable
  (its generation does not follow from its ancestry, or it leaves this unit's area:
  :func:`models.exchange.merge._doubt`) stays held.
* **Leaves.** The admissible versions that no other admissible version has in its ancestry; the current
  version is the highest (generation, revision) of them, the others are ordinary conflicts. Every other
  version that none of these leaves knows (not one of them nor in their ancestry) is *held*, the newest
  of them kept as held leaves (``record_conflicts.held = 1``).
* **Nothing is lost.** Every version known for such a record that is not a leaf now is kept in
  ``pkg_kept``: trusting a sender, or a package bringing an older version, may make it a leaf again.

So the current version, the conflicts and the held versions of every record depend only on the set of
packages received and the set of senders trusted (``tests/models/test_converge.py`` checks it over
random histories).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from models.exchange.errors import PackageCode, PackageError
from models.exchange.merge import MergeOutcome, Version, _doubt, _Plan, _version_json, _write, check_version
from models.store.database import Store
from models.store.revisions import generation
from models.store.schema import row_to_version

#: the sender of a version made here (no package brought it)
LOCAL = ""


@dataclass
class Settled:
    """What :func:`settle` found and changed, per record id."""

    current_changed: list[str] = field(default_factory=list)   # records whose current version changed
    changed: list[str] = field(default_factory=list)           # records whose leaves or held state changed
    held: dict[str, set[str]] = field(default_factory=dict)    # record id -> revisions held now
    newly_held: list[str] = field(default_factory=list)        # records with a revision held that was not
    conflicts: list[str] = field(default_factory=list)         # records with two leaves or more not held


def _chunks(seq: list, n: int = 500) -> Iterable[list]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def sources(store: Store, ids: Iterable[str]) -> dict[str, dict[str, set[str]]]:
    """record id -> revision -> the fingerprints of the senders whose packages brought it."""
    out: dict[str, dict[str, set[str]]] = {}
    for chunk in _chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        for rid, rev, sender in store.execute(
                f"SELECT r.record_id, r.rev, i.sender FROM pkg_received r JOIN pkg_imports i "
                f"ON i.package_id = r.package_id WHERE r.record_id IN ({marks})", chunk):
            out.setdefault(rid, {}).setdefault(rev, set()).add(sender)
    return out


def candidates(store: Store, ids: Iterable[str], *, sender: str = "") -> list[str]:
    """Of ``ids`` (records here), those whose state :func:`settle` must compute: brought by more than one
    sender (``sender``: the one whose package is being imported), or with conflict or kept versions."""
    ids = sorted(set(ids))
    out: set[str] = set()
    for rid, revs in sources(store, ids).items():
        senders = set().union(*revs.values()) | ({sender} if sender else set())
        if len(senders) > 1:
            out.add(rid)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        out.update(r[0] for r in store.execute(
            f"SELECT record_id FROM record_conflicts WHERE record_id IN ({marks}) UNION "
            f"SELECT record_id FROM pkg_kept WHERE record_id IN ({marks})", chunk + chunk))
    return sorted(out)


def _add(bodies: dict[str, Version], rid: str, f: Mapping[str, Any], **kw: Any) -> None:
    """``f`` among a record's known versions (the first one given of a revision is kept)."""
    rev = str(f["rev"])
    if rev not in bodies:
        bodies[rev] = Version(rid, rev, int(f["rev_gen"]), dict(f), frozenset(f["ancestry"]), **kw)


def _owners(bodies: Mapping[str, Version], revs: Mapping[str, set[str]], devices: Mapping[str, str],
            here: str) -> set[str]:
    """Who may change a record without being trusted (module docstring): this installation if the record
    was made here; else the sender whose device made the record; else its only sender; else the senders
    of its oldest received version."""
    if not revs:
        return {LOCAL}
    pool = [v for v in bodies.values() if v.rev in revs] or list(bodies.values())
    first = min(v.gen for v in pool)  # the oldest version known; of one generation, the highest revision
    creator = str(max((v for v in pool if v.gen == first), key=lambda v: v.rev).full.get("device_id") or "")
    if creator == here:
        return {LOCAL}
    senders: set[str] = set().union(*revs.values())
    owner = {fp for fp in senders if creator and devices.get(fp) == creator}
    if owner:
        return owner
    if len(senders) == 1:
        return senders
    first = min(map(generation, revs))
    return set(revs[max(r for r in revs if generation(r) == first)])


def trusted_senders(store: Store, own: str) -> set[str]:
    return {r[0] for r in store.execute("SELECT fingerprint FROM pkg_senders WHERE trusted = 1")} | {own}


def settle(store: Store, ids: Iterable[str], *, own: str, incoming: Iterable[Mapping[str, Any]] = (),
           sender: str = "", area: Callable[[str], bool] | None = None, where: str = "",
           user: str = "", note: str = "", before: Mapping[str, Iterable[Mapping[str, Any]]] | None = None
           ) -> Settled:
    """Compute the state of the records ``ids`` (here) from every version known of them and write it,
    inside the caller's transaction (module docstring). ``incoming``: versions of the package being
    imported (signed by ``sender``), whatever the merge did with them; each is checked
    (:func:`models.exchange.merge.check_version`), a malformed one refuses the package naming ``where``.
    ``own``: this installation's fingerprint (trusted). ``before``: record id -> its leaves before the
    package was merged (merging may have superseded them; they are still among the versions known)."""
    ids = sorted(set(ids))
    res = Settled()
    if not ids:
        return res
    wanted = set(ids)
    arriving: dict[str, list[Mapping[str, Any]]] = {}
    for given in incoming:
        if given["id"] in wanted:
            arriving.setdefault(given["id"], []).append(given)
    srcs = sources(store, ids)
    trusted = trusted_senders(store, own)
    devices = {fp: dev for fp, dev in store.execute("SELECT fingerprint, device_id FROM pkg_senders")}
    device = store.device_id
    plan, out = _Plan(), MergeOutcome()
    here: dict[str, tuple[int, str | None]] = {}
    kept_rows: list[tuple[str, str, int, str]] = []
    unkept: list[tuple[str, str]] = []
    held_rows: list[tuple[str, str]] = []
    for rid in ids:
        rec = store.execute("SELECT rowid, dup_keys FROM records WHERE id = ?", [rid]).fetchone()
        if rec is None:
            continue
        here[rid] = (rec[0], rec[1])
        current = row_to_version(store.record(rid))
        bodies: dict[str, Version] = {}
        stored: dict[str, bool] = {}
        _add(bodies, rid, current, local=True)
        for version, is_held in store.execute("SELECT version, held FROM record_conflicts WHERE record_id = ?",
                                              [rid]):
            f = json.loads(version)
            stored[f["rev"]] = bool(is_held)
            _add(bodies, rid, f, stored=True, held=bool(is_held))
        for f in (before or {}).get(rid, ()):
            _add(bodies, rid, f)
        kept_before = set()
        for rev, version in store.execute("SELECT rev, version FROM pkg_kept WHERE record_id = ?", [rid]):
            kept_before.add(rev)
            _add(bodies, rid, json.loads(version))
        for f in arriving.get(rid, ()):
            if str(f.get("rev")) in bodies:
                continue
            problem = check_version(dict(f))
            if problem:
                raise PackageError(PackageCode.PKG_CONTENT, path=where, detail=problem)
            _add(bodies, rid, f)
        revs = {rev: set(s) for rev, s in srcs.get(rid, {}).items()}
        if sender:
            for f in arriving.get(rid, ()):
                revs.setdefault(str(f["rev"]), set()).add(sender)
        owner = _owners(bodies, revs, devices, device)
        allowed = trusted | owner
        # made here (no package brought it), or brought by a trusted sender or an owner
        admitted = [v for v in bodies.values() if not revs.get(v.rev) or revs[v.rev] & allowed]
        if not admitted:  # nobody here may decide (a record claiming this device, from an untrusted key)
            admitted = list(bodies.values())
        known_gens: set[int] = set()
        for v in admitted:
            if not (v.stored and v.held):
                known_gens.add(v.gen)
                known_gens.update(map(generation, v.earlier))
        doubtful = {v.rev for v in admitted
                    if v.stored and v.held and _doubt(v, set(known_gens), current["commune"], area) is not None}
        good = [v for v in admitted if v.rev not in doubtful] or admitted
        leaves = [v for v in good if not any(v.rev in w.earlier for w in good)]
        winner = max(leaves, key=lambda v: (v.gen, v.rev))
        knows = {r for v in leaves for r in (v.rev, *v.earlier)}
        rest = [v for v in bodies.values() if v.rev not in knows]
        held = [v for v in rest if not any(v.rev in w.earlier for w in rest)]
        final = {v.rev: False for v in leaves} | {v.rev: True for v in held}
        # what changes: the current row, the conflict leaves (and their held flag), the kept versions
        if winner.rev != current["rev"]:
            winner.local = False
            plan.replace.append(winner)
            res.current_changed.append(rid)
        want = {rev: h for rev, h in final.items() if rev != winner.rev}
        plan.drop.extend((rid, rev) for rev in stored if rev not in want)
        plan.keep.extend((rid, bodies[rev]) for rev, h in want.items() if stored.get(rev) is not h)
        for rev, is_held in final.items():
            bodies[rev].held = is_held
        for rev, body in bodies.items():
            if rev not in final and rev not in kept_before:
                kept_rows.append((rid, rev, body.gen, _version_json(body.full)))
        unkept.extend((rid, rev) for rev in kept_before if rev in final)
        if res.current_changed[-1:] == [rid] or any(stored.get(rev) is not h for rev, h in want.items()) \
                or any(rev not in want for rev in stored):
            res.changed.append(rid)
        if held:
            res.held[rid] = {v.rev for v in held}
            if res.held[rid] - {rev for rev, h in stored.items() if h}:
                res.newly_held.append(rid)
            held_rows.extend((rid, v.rev) for v in held)
        if len(leaves) > 1:
            res.conflicts.append(rid)
    if plan.writes():
        _write(store, plan, out, here, sealed=True, user=user, note=note)
    conn = store.db.conn
    if kept_rows:
        conn.executemany("INSERT OR IGNORE INTO pkg_kept(record_id, rev, rev_gen, version) VALUES (?, ?, ?, ?)",
                         kept_rows)
    if unkept:
        conn.executemany("DELETE FROM pkg_kept WHERE record_id = ? AND rev = ?", unkept)
    # what each package brought now stands as: held, or no longer held
    conn.executemany("UPDATE pkg_received SET outcome = 'held' WHERE record_id = ? AND rev = ?", held_rows)
    for rid in ids:
        now_held = res.held.get(rid, set())
        in_conflict = rid in res.conflicts
        for (rev,) in store.execute("SELECT rev FROM pkg_received WHERE record_id = ? AND outcome = 'held'",
                                    [rid]).fetchall():
            if rev not in now_held:
                conn.execute("UPDATE pkg_received SET outcome = ? WHERE record_id = ? AND rev = ? "
                             "AND outcome = 'held'", ["conflict" if in_conflict else "updated", rid, rev])
    return res

