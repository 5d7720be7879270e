"""What a service changed, so that every screen can follow: a small :class:`Changes` value.

Every service that writes returns one (or a result that carries one as ``.changes``): the ids of the
records it added, updated and removed, and the *areas* it touched besides them. The screens get it
through one signal (``ui.hub.Hub.changes_applied``) and each decides from it whether to read again:
the record list when records changed, an open entry window when its own record did, the transfer
page when packages were written, the main window's status bar when the settings changed.

``ALL`` says "anything may have changed" (a restored database, a job that stopped half-way): every
screen reads again; an entry window then compares its revision with the database's and rebuilds only
if its record really changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

#: the areas a change can touch (``RECORDS`` is implied by any record id)
RECORDS = "records"        # record rows (answers, status, deletion, conflicts)
SENDERS = "senders"        # package senders known here and which are trusted
PACKAGES = "packages"      # packages written and imported (their history)
SETTINGS = "settings"      # the installation's settings (setup, backup folder, receiver key file…)
FORMS = "forms"            # the questionnaires stored here
SYNC = "sync"              # the sync queue, its log and its conflicts
ALL = "all"                # anything (a database restored, a job stopped half-way)

AREAS = (RECORDS, SENDERS, PACKAGES, SETTINGS, FORMS, SYNC, ALL)


@dataclass(frozen=True)
class Changes:
    """Record ids added / updated / removed, and the areas touched (``RECORDS`` whenever ids are given)."""

    added: frozenset[str] = frozenset()
    updated: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *areas: str, added: Iterable[str] = (), updated: Iterable[str] = (),
           removed: Iterable[str] = ()) -> Changes:
        """``Changes.of(SENDERS, updated=ids)``: the areas named, plus ``RECORDS`` if any id is given.
        A record both added and updated counts as added; one removed counts only as removed."""
        rem = frozenset(removed)
        add = frozenset(added) - rem
        upd = frozenset(updated) - add - rem
        unknown = [a for a in areas if a not in AREAS]
        if unknown:
            raise ValueError(f"unknown change areas: {unknown}")
        kinds = frozenset(areas) | ({RECORDS} if add or upd or rem else frozenset())
        return cls(add, upd, rem, kinds)

    @classmethod
    def everything(cls) -> Changes:
        """Anything may have changed (a restore, a job cancelled or failed after some commits)."""
        return cls(areas=frozenset({ALL}))

    def __or__(self, other: Changes) -> Changes:
        return Changes.of(*(self.areas | other.areas), added=self.added | other.added,
                          updated=self.updated | other.updated, removed=self.removed | other.removed)

    def __bool__(self) -> bool:
        return bool(self.areas)

    @property
    def record_ids(self) -> frozenset[str]:
        return self.added | self.updated | self.removed

    def touches(self, *areas: str) -> bool:
        """Whether any of ``areas`` changed (always true for ``ALL``)."""
        return ALL in self.areas or any(a in self.areas for a in areas)

    def touches_record(self, record_id: str) -> bool:
        """Whether this record may have changed (always true for ``ALL``)."""
        return ALL in self.areas or record_id in self.record_ids


NOTHING = Changes()


def changes_of(result: Any) -> Changes:
    """What a service's result says it changed: a :class:`Changes` itself, the ``changes`` of a result
    object, the union over a list of results (an import's summaries), else nothing."""
    if isinstance(result, Changes):
        return result
    found = getattr(result, "changes", None)
    if isinstance(found, Changes):
        return found
    if isinstance(result, (list, tuple)):
        out = NOTHING
        for item in result:
            out = out | changes_of(item)
        return out
    return NOTHING
