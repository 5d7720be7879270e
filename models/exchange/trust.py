"""Which senders are trusted: an untrusted sender's updates of others' records are held until a
person trusts the sender (by fingerprint or public key file).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from models.base.changes import FORMS, SENDERS, Changes
from models.exchange.errors import PackageCode, PackageError
from models.exchange.keys import (
    Identity,
    PublicKey,
    identity,
    key_of_sender,
    known_sender,
    mark_trusted,
)
from models.exchange.reading import Package, read_package
from models.exchange.settle import settle
from models.exchange.validate import area_of
from models.store.database import Store, utcnow
from models.store.schema import AuditRow, add_audit

if TYPE_CHECKING:
    from models.exchange.importing import ImportSummary


def _trusted(store: Store, pkg: Package, ident: Identity, shown: str) -> bool:
    """Whether the package's sender may update any record here (this installation's own key, or a sender
    a person has trusted). Refuses a package from a device known here with another key: the key of a
    device does not change unless it is reinstalled, which a person confirms by trusting the new key."""
    fp = pkg.sender.fingerprint
    if fp == ident.fingerprint:
        return True
    row = known_sender(store, fp)
    if row is not None and row["trusted"]:
        return True
    device = pkg.sender.info.get("device_id", "")
    if device:
        if device == store.device_id:
            other = (ident.fingerprint, store.setting("user_name"))
        else:
            other = store.execute("SELECT fingerprint, name FROM pkg_senders WHERE device_id = ? AND fingerprint != ? "
                                  "ORDER BY trusted DESC, last_seen DESC", [device, fp]).fetchone()
        if other is not None:
            raise PackageError(PackageCode.PKG_KEY_CHANGED, path=shown, fingerprint=fp, known=other[0],
                               device_id=device, name=pkg.sender.info.get("name", "") or other[1] or "?")
    return False


def _held(store: Store, fp: str, ids: set[str]) -> tuple[set[str], set[str]]:
    """Which of ``ids`` a package signed with the untrusted key ``fp`` may not replace (``held``), and which
    it may replace only because it answers what this database sent (``replies``).

    Such a key may update the records it brought here itself. While this database trusts no sender at
    all (an enumerator's, before the clerk's first return package), it may also update records made here
    that were sent out in a package: that is the clerk's reply, and its key becomes trusted (trust on first
    use). Every other record that is here (made here, or brought by another sender) is held."""
    here: dict[str, str] = {}
    id_list = sorted(ids)
    for k in range(0, len(id_list), 500):
        chunk = id_list[k:k + 500]
        here.update(store.execute(f"SELECT id, device_id FROM records WHERE id IN ({','.join('?' * len(chunk))})",
                                  chunk).fetchall())
    if not here:
        return set(), set()
    own = {r[0] for r in store.execute(
        "SELECT r.record_id FROM pkg_imports i JOIN pkg_received r ON r.package_id = i.package_id "
        "WHERE i.sender = ? AND r.outcome = 'added'", [fp])}
    held = set(here) - own
    replies: set[str] = set()
    if held and store.execute("SELECT 1 FROM pkg_senders WHERE trusted = 1 LIMIT 1").fetchone() is None:
        device = store.device_id
        sent = {r[0] for r in store.execute("SELECT DISTINCT record_id FROM pkg_sent")}
        replies = {rid for rid in held if here[rid] == device and rid in sent}
    return held - replies, replies


@dataclass(frozen=True)
class TrustResult:
    """What trusting a sender did: its fingerprint and name, and the held updates it applied."""

    fingerprint: str
    name: str
    applied: int            # held updates now applied
    still_conflicts: int    # held versions that remain conflicts (they really clash with a change here)
    #: the form versions it had sent that were held for a person, installed now ("form_id version")
    forms_installed: list[str] = field(default_factory=list)
    #: the sender trusted, the records its held updates changed (not in as_dict)
    changes: Changes = field(default=Changes.of(SENDERS), compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("changes")
        return d


def trust_sender(store: Store, fp: str, *, key: PublicKey | None = None, user: str | None = None) -> TrustResult:
    """Trust a sender (its fingerprint, read to the clerk on the phone): from now on its packages may update
    any record, and the updates of it that were held as conflicts are applied now as an ordinary import
    would have. ``key``: the sender's keys when they are not known here yet (a public key file, or a
    package refused because its device is known with another key)."""
    with store.write():
        if key is None:
            row = known_sender(store, fp)
            if row is None:
                raise PackageError(PackageCode.PKG_UNKNOWN_SENDER, fingerprint=fp)
            key = key_of_sender(row)
        mark_trusted(store, key)
        from models.exchange.forms_down import install_from_sender

        forms_installed = install_from_sender(store, key.fingerprint)
        # the records this sender brought that have held, conflicting or kept versions: the only ones
        # whose state its trust can change (models.exchange.settle)
        ids = [r[0] for r in store.execute(
            "SELECT DISTINCT r.record_id FROM pkg_imports i JOIN pkg_received r ON r.package_id = i.package_id "
            "WHERE i.sender = ? AND (r.record_id IN (SELECT record_id FROM record_conflicts) "
            "OR r.record_id IN (SELECT record_id FROM pkg_kept)) ORDER BY r.record_id", [key.fingerprint])]
        was_held = {r[0] for r in store.execute(
            "SELECT DISTINCT c.record_id FROM record_conflicts c JOIN pkg_received r ON r.record_id = c.record_id "
            "AND r.rev = c.rev JOIN pkg_imports i ON i.package_id = r.package_id WHERE c.held = 1 AND i.sender = ?",
            [key.fingerprint])}
        user = user if user is not None else store.acting_user()
        settled = settle(store, ids, own=identity(store).fingerprint, user=user, note=f"trusted {key.fingerprint}",
                         area=area_of(store.setting("role"), store.setting("commune"), store.setting("province")))
        # the erasures of personal data only this sender brought (held) are applied now, and the copies of
        # the records whose state changed erased again (models.exchange.erase)
        from models.exchange import erase

        erased = erase.on_trust(store, key.fingerprint)
        erase.reapply(store, [rid for rid in settled.changed if rid not in erased])
        still_held = {r[0] for r in store.execute(
            "SELECT DISTINCT c.record_id FROM record_conflicts c JOIN pkg_received r ON r.record_id = c.record_id "
            "AND r.rev = c.rev JOIN pkg_imports i ON i.package_id = r.package_id WHERE c.held = 1 AND i.sender = ?",
            [key.fingerprint])}
        released = was_held - still_held
        in_conflict = set(settled.conflicts)
        applied = sorted(released - in_conflict)
        still = len(released & in_conflict)
        updated = sorted(set(settled.changed) | released | set(erased))
        revs = [(rid, store.execute("SELECT rev FROM records WHERE id = ?", [rid]).fetchone()[0])
                for rid in settled.current_changed]
        add_audit(store, [AuditRow(rid, utcnow(), user, store.device_id, "trust", new=key.fingerprint, rev=rev)
                          for rid, rev in revs])
    if erased:  # the erasures applied now: the file rebuilt and the write-ahead log emptied
        erase.truncate_wal(store, vacuum=True)
    return TrustResult(key.fingerprint, key.info.get("name", ""), len(applied), still, forms_installed,
                       Changes.of(SENDERS, *([FORMS] if forms_installed else []), updated=updated))


def trust_candidates(summaries: Sequence[ImportSummary]) -> list[dict[str, Any]]:
    """The senders of an import a person may want to trust: imported from a key not trusted here (its
    updates of others' records were held), or refused because the device is known with another key.
    One entry per key: fingerprint, name, file (a package it signed), key_changed, held."""
    out: dict[str, dict[str, Any]] = {}
    for s in summaries:
        if not s.sender_fingerprint or (s.refused and not s.key_changed) or (not s.refused and s.sender_trusted):
            continue
        c = out.setdefault(s.sender_fingerprint, {"fingerprint": s.sender_fingerprint, "name": s.sender,
                                                  "file": s.file, "key_changed": False, "held": 0})
        c["key_changed"] |= s.key_changed
        c["held"] += s.held
        if s.key_changed:
            c["file"] = s.file
    return list(out.values())


def trust_named_sender(store: Store, *, fingerprint: str | None = None, key_file: str | None = None,
                       package: str | None = None) -> TrustResult:
    """:func:`trust_sender`, the sender named by its fingerprint (known here), its public key file, or a
    package it signed (verified; e.g. one refused because the device's key changed)."""
    from models.exchange.keys import read_public_key

    key = None
    if key_file is not None:
        key = read_public_key(key_file)
    elif package is not None:
        key = read_package(package, ident=None).sender
    fp = key.fingerprint if key is not None else str(fingerprint or "")
    return trust_sender(store, fp, key=key)
