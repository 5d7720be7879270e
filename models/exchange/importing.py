"""Importing packages: one transaction per package after a safety copy; a helper thread reads and
prepares the next package while the current one is applied (``models.exchange.merge``).
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from models.base.changes import FORMS, NOTHING, PACKAGES, RECORDS, SENDERS, Changes
from models.base.driver import sqlite3
from models.base.errors import AppError, Bilingual, Cancelled
from models.base.progress import Progress
from models.exchange import erase
from models.exchange.codec import DECISION_FIELDS
from models.exchange.errors import PackageCode, PackageError
from models.exchange.keys import (
    Identity,
    identity,
    known_sender,
    mark_trusted,
    remember_sender,
)
from models.exchange.merge import (
    Precomputed,
    check_version,
    merge_versions,
    precompute,
)
from models.exchange.reading import Package, read_package
from models.exchange.settle import candidates, settle
from models.exchange.trust import _held, _trusted
from models.exchange.validate import area_of
from models.store.database import Store, utcnow
from models.store.schema import AUDIT, AUDIT_FIELDS, add_audit, row_to_version

if TYPE_CHECKING:
    from concurrent.futures import Future

_log = logging.getLogger("khaosat")

#: in an audit line: the record it is about, and the fields that may not be empty (None)
_RID = AUDIT_FIELDS.index("record_id")
_audit_required = itemgetter(*(i for i, n in enumerate(AUDIT_FIELDS) if not AUDIT[n].null))


@dataclass
class ImportSummary:
    """What one package did to the database (or why it was refused)."""

    file: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0                   # records with two versions or more, none held (a person decides)
    duplicates: int = 0
    refused: int = 0
    reason: str = ""
    reason_en: str = ""
    package_id: str = ""
    sender: str = ""
    sender_fingerprint: str = ""
    sender_known: bool = False
    sender_trusted: bool = False         # trusted here (or this installation's own key): may update any record
    held: int = 0                        # records with an update held (its sender may not make it): not in conflicts
    trusted_first_use: bool = False      # the sender became trusted: first reply to what this database sent
    key_changed: bool = False            # refused: the device is known here with another key
    known_fingerprint: str = ""          # ... that key
    commune: str = ""
    role: str = ""
    kind: str = ""
    already_imported: bool = False
    backup: str = ""                     # outcome of the safety copy made before importing
    backup_en: str = ""                  # ... the same in English (they differ when the copy failed)
    conflict_ids: list[str] = field(default_factory=list)
    held_ids: list[str] = field(default_factory=list)
    outside: int = 0                     # new records from outside this unit's area: held for a person, not added
    outside_ids: list[str] = field(default_factory=list)
    #: [record id, why in Vietnamese, why in English] for each record held or flagged for what it claims
    #: (models.exchange.merge.MergeOutcome.flags)
    flags: list[list[str]] = field(default_factory=list)
    duplicate_pairs: list[tuple[str, str]] = field(default_factory=list)
    #: form versions the package brought: installed here, and held for a person because the sender is not
    #: trusted and no record of the package uses them ("form_id version"; models.exchange.forms_down)
    forms_added: list[str] = field(default_factory=list)
    forms_held: list[str] = field(default_factory=list)
    #: erasures of personal data the package brought (models.exchange.erase): the records erased here, and
    #: those whose erasure waits because the sender is not trusted (applied when it is)
    erased: list[str] = field(default_factory=list)
    erasures_held: list[str] = field(default_factory=list)
    #: what the package changed here (records added/updated, senders, history, forms); not in as_dict
    changes: Changes = field(default=NOTHING, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("changes")
        d["duplicate_pairs"] = [list(p) for p in self.duplicate_pairs]
        return d


KEYS = ("added", "updated", "unchanged", "conflicts", "duplicates", "refused")


def summary_line(summaries: Sequence[ImportSummary]) -> str:
    """``added=… updated=… unchanged=… conflicts=… duplicates=… refused=…`` (and ``held=…``, counted apart
    from the conflicts, when updates were kept for review because their sender may not make them)."""
    totals = {k: sum(getattr(s, k) for s in summaries) for k in KEYS}
    held = sum(s.held for s in summaries)
    outside = sum(s.outside for s in summaries)
    return " ".join(f"{k}={totals[k]}" for k in KEYS) + (f" held={held}" if held else "") + \
        (f" outside={outside}" if outside else "")


def _auto_backup(store: Store, files: Sequence[str | os.PathLike] = ()) -> tuple[str, str, Any]:
    """The safety copy before an import (``models.store.backup.auto_backup``); its outcome as short text,
    in Vietnamese and in English.

    A copy that could not be made does not stop the import (which is one transaction and loses
    nothing); the outcome is reported in each summary's ``backup``. ``files``: the packages about to be
    imported (journaled instead of copying the whole database when a full copy is not due); the third
    value is the status itself, for ``journal_imported`` after the import.
    """
    try:
        from models.store.backup import auto_backup
    except ModuleNotFoundError as err:
        if err.name != "models.store.backup":
            raise
        return "unavailable", "unavailable", None
    res = auto_backup(store, reason="import", packages=[str(f) for f in files])
    status = str(getattr(res, "status", res) or "")
    failure = getattr(res, "error", None)
    if failure is None:
        return status, status, res
    if isinstance(failure, AppError):
        return f"{status}: {failure.message('vi')}", f"{status}: {failure.message('en')}", res
    return f"{status}: {failure}", f"{status}: {failure}", res


def import_into(store: Store, files: Sequence[str | os.PathLike], *, cancel: threading.Event | None = None,
                user: str | None = None, backup: bool = True, wait_lock: float = 600.0, lang: str = "vi"
                ) -> Generator[Progress, None, list[ImportSummary]]:
    """Import packages into an open database, each in its own transaction (after one safety copy
    unless ``backup`` is False).

    A generator for ``ui.worker.WriteJob``: yields :class:`Progress`, returns a list of
    :class:`ImportSummary` (one per file, refused ones included with their reason); each summary's
    ``changes`` says what its package changed.

    One import, sync or restore at a time per database, across processes (:mod:`models.store.runlock`):
    while another holds the database this one waits up to ``wait_lock`` seconds (a progress line says
    for what), then ``DB_WRITER_BUSY`` names the other; nothing is imported twice.
    """
    from models.store import runlock

    lock = yield from runlock.hold(store.path, "import", wait=wait_lock, cancel=cancel, lang=lang)
    try:
        return (yield from _import_unlocked(store, files, cancel=cancel, user=user, backup=backup))
    finally:
        if lock is not None:
            lock.release()


def _import_unlocked(store: Store, files: Sequence[str | os.PathLike], *, cancel: threading.Event | None,
                     user: str | None, backup: bool) -> Generator[Progress, None, list[ImportSummary]]:
    from concurrent.futures import ThreadPoolExecutor

    summaries: list[ImportSummary] = []
    ident = identity(store)
    backed_up = not backup
    backup_status = ("", "") if backup else ("skipped", "skipped")
    backup_made: Any = None
    applied: list[tuple[str, str | None]] = []  # the packages applied, in order (for the backup journal)
    total = len(files)
    # Reading a package (verify, decrypt, decompress, parse, check every revision, prepare its rows) needs
    # nothing from the transaction: a helper thread reads the next file while this one is applied. It
    # pauses while the transaction writes its rows (``gate``): each row bound takes the interpreter lock
    # back, and a busy helper would make every one of them wait; during the commit, which holds no
    # Python lock, both really run at once.
    done = {(r[0], r[1]) for r in store.execute("SELECT package_id, file_sha256 FROM pkg_imports")}
    configured: dict[str, dict[str, list[str]]] = {}
    for fid, name, fields in store.execute("SELECT form_id, name, fields FROM dup_keys ORDER BY form_id, name"):
        configured.setdefault(fid, {})[name] = json.loads(fields)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pkg-read")
    ahead: list[Future[_Prepared | AppError]] = []
    gate = threading.Event()
    gate.set()
    # Parsed packages are hundreds of thousands of small dicts and lists without cycles: the cyclic
    # collector would keep walking them (a tenth of the import's time). Paused while importing only.
    gc_was_on = gc.isenabled()
    gc.disable()

    def read_next(i: int) -> None:
        if not ahead and i + 1 < total:
            ahead.append(pool.submit(_prepare, files[i + 1], ident, done, store.path, configured, gate))

    try:
        if files:
            ahead.append(pool.submit(_prepare, files[0], ident, done, store.path, configured, gate))
        for i, f in enumerate(files):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            name = os.path.basename(str(f))
            yield Progress(i, total, name)
            prep = ahead.pop().result()
            read_next(i)
            s = ImportSummary(file=str(f))
            try:
                if isinstance(prep, AppError):
                    raise prep
                pkg = prep.pkg
                s.package_id, s.kind = pkg.package_id, str(pkg.manifest.get("kind", ""))
                s.sender, s.sender_fingerprint = pkg.sender.info.get("name", ""), pkg.sender.fingerprint
                s.commune, s.role = pkg.sender.info.get("commune", ""), pkg.sender.info.get("role", "")
                known = known_sender(store, pkg.sender.fingerprint)
                s.sender_known = known is not None
                s.sender_trusted = pkg.sender.fingerprint == ident.fingerprint or bool(known and known["trusted"])
                row = store.execute("SELECT file_sha256 FROM pkg_imports WHERE package_id = ?",
                                    [pkg.package_id]).fetchone()
                if row is not None and row[0] == pkg.file_sha256:
                    s.already_imported = True
                    s.unchanged = int(pkg.manifest.get("counts", {}).get("records", 0))
                    summaries.append(s)
                    continue
                if not backed_up:
                    *texts, backup_made = _auto_backup(store, files)
                    backup_status = (texts[0], texts[1])
                    backed_up = True
                s.backup, s.backup_en = backup_status
                try:
                    yield from _apply(store, prep, s, ident, user=user, cancel=cancel, step=(i, total), gate=gate)
                    applied.append((str(f), user))
                except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError) as err:
                    # content our checks let through but the database refuses (rolled back): still a refusal
                    _log.warning("package %s refused by the database: %r", name, err)
                    raise PackageError(PackageCode.PKG_CONTENT, path=name, detail=Bilingual(
                        "cơ sở dữ liệu không nhận một giá trị trong gói (số quá lớn hoặc dữ liệu trùng lặp sai)",
                        "the database refused a value in the package (a number too large or wrong duplicate "
                        "data)")) from None
            except Cancelled:
                raise
            except Exception as err:  # noqa: BLE001 - one bad file must not stop the others
                if not isinstance(err, AppError):
                    _log.exception("unexpected error importing package %s", name)
                    err = PackageError(PackageCode.PKG_UNEXPECTED, path=name)
                if err.code is PackageCode.PKG_KEY_CHANGED:
                    s.key_changed, s.known_fingerprint = True, str(err.context.get("known", ""))
                # nothing of a refused package is applied: no counts from a transaction rolled back
                s.added = s.updated = s.unchanged = s.conflicts = s.duplicates = s.held = 0
                s.conflict_ids, s.duplicate_pairs, s.held_ids = [], [], []
                s.outside, s.outside_ids, s.flags = 0, [], []
                s.forms_added, s.forms_held = [], []
                s.changes = NOTHING
                s.refused, s.reason, s.reason_en = 1, err.message("vi"), err.message("en")
            finally:
                gate.set()
            summaries.append(s)
            if gc_was_on:
                # what the package left behind in reference cycles: with the collector paused it would
                # pile up package after package (5 MB each, 1.5 GB over a province's 300 communes)
                gc.collect()
    finally:
        gate.set()
        pool.shutdown(wait=True, cancel_futures=True)
        if gc_was_on:
            gc.enable()
        if backup_made is not None:
            # what was applied joins the backup journal (also when cancelled: those are committed)
            try:
                from models.store.backup import journal_imported

                journal_imported(store, backup_made, applied)
            except Exception:  # noqa: BLE001 - the next import then copies the database whole
                _log.exception("backup journal not updated")
    if any(s.added for s in summaries):
        # The record list's planner statistics (made when the records doubled since the last ones):
        # here, on the import's worker thread, rather than on the screen's first list query after it
        # (a full ANALYZE takes 15-30 s at a million records).
        from models.records.queries import ensure_statistics

        ensure_statistics(store)
    yield Progress(total, total, "")
    return summaries


@dataclass
class _Prepared:
    """A package read and checked outside the import's transaction (``_prepare``)."""

    pkg: Package
    content: tuple | None = None           # (versions, audit, decisions), if parsed
    invalid: AppError | None = None        # what is wrong with its content (raised when it is applied)
    pre: Precomputed | None = None         # checks and rows prepared for merge_versions


def _prepare(path: str | os.PathLike, ident: Identity, done: set[tuple[str, str]], db_path: str,
             configured: dict[str, dict[str, list[str]]], gate: threading.Event | None = None
             ) -> _Prepared | AppError:
    """Everything about one package that does not depend on the import's transaction, or the error that
    refuses the file (it cannot be read or verified).

    Reads and verifies the file; unless it was imported already, parses its parts, checks their shape,
    checks every revision that is not already the current one here (as last committed: a hint only, since
    ``merge_versions`` decides in the transaction and does whatever was not done here) and prepares the
    rows, search text and business keys of the others with the forms the package carries."""
    try:
        return _prepare_one(path, ident, done, db_path, configured, gate)
    except Exception:  # noqa: BLE001 - reported as this file's refusal; the other files still import
        _log.exception("unexpected error reading package %s", path)
        return PackageError(PackageCode.PKG_UNEXPECTED, path=os.path.basename(str(path)))


def _prepare_one(path: str | os.PathLike, ident: Identity, done: set[tuple[str, str]], db_path: str,
                 configured: dict[str, dict[str, list[str]]], gate: threading.Event | None
                 ) -> _Prepared | AppError:
    try:
        pkg = read_package(path, ident=ident)
    except AppError as err:
        return err
    p = _Prepared(pkg=pkg)
    if (pkg.package_id, pkg.file_sha256) in done:
        return p
    wait = gate.wait if gate is not None else None
    try:
        p.content = _content(pkg, os.path.basename(pkg.path), wait=wait)
    except AppError as err:
        p.invalid = err
        return p
    versions = p.content[0]
    p.pre = precompute(versions, skip=_current_revs(db_path, sorted({v["id"] for v in versions})),
                       forms=_carried_forms(pkg), configured=configured, wait=wait)
    return p


def _carried_forms(pkg: Package) -> dict[tuple[str, str], Any]:
    """The forms a package carries that parse as what the manifest says. Only a hint for ``precompute``:
    a form that cannot be used here is left out, and the import itself reports what is wrong with it."""
    from models.store.database import form_from_source

    out = {}
    for f in pkg.manifest.get("forms", []):
        try:
            key = (str(f["form_id"]), str(f["version"]))
            src = pkg.parts.get(str(f["part"]))
            if src is None:
                continue
            form = form_from_source(src, str(f["file_type"]), str(f.get("file_name") or f["part"]),
                                    _form_attachments(pkg, f, ""))
        except Exception:  # noqa: BLE001, S112 - a hint decides nothing: _package_forms checks the forms
            continue
        if (form.form_id, form.version) == key:
            out[key] = form
    return out


def _current_revs(db_path: str, ids: list[str]) -> dict[str, str]:
    """The current revision of each of ``ids`` that is here, read on a connection of its own ({} if the
    database cannot be read that way)."""
    out: dict[str, str] = {}
    if not ids or not os.path.exists(db_path):
        return out
    try:
        from models.store.cipher import connect_file

        conn = connect_file(db_path, timeout=30)
        try:
            conn.execute("PRAGMA query_only = 1")
            for k in range(0, len(ids), 500):
                chunk = ids[k:k + 500]
                out.update(conn.execute(f"SELECT id, rev FROM records WHERE id IN ({','.join('?' * len(chunk))})",
                                        chunk).fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
    return out


def _content(pkg: Package, shown: str, *, wait: Callable[[], Any] | None = None
             ) -> tuple[list[dict[str, Any]], list[list[Any]], list[list[Any]]]:
    """A package's versions, audit rows and duplicate decisions, parsed and checked for shape
    (``wait``: called between the steps, to let the caller pause this)."""
    if wait is not None:
        wait()
    versions = pkg.versions()
    if wait is not None:
        wait()
    for v in versions:  # the shape needed to merge; the full check happens in merge_versions
        if not isinstance(v, dict) or not isinstance(v.get("id"), str) or not isinstance(v.get("rev"), str) \
                or not isinstance(v.get("rev_gen"), int) or not isinstance(v.get("ancestry"), list) \
                or not isinstance(v.get("form_id"), str) or not isinstance(v.get("form_version"), str):
            wrong = check_version(v) or Bilingual("một phiếu thiếu mã hoặc bản sửa",
                                                  "a record lacks its id or revision")
            raise PackageError(PackageCode.PKG_CONTENT, path=shown, detail=wrong)
    audit = pkg.audit()
    decisions = pkg.decisions()
    n_audit, text_or_null = len(AUDIT_FIELDS), {str, type(None)}
    for row in audit:  # JSON gives plain lists and str, so the types are compared exactly
        # old and new may be empty (None); every other column is text
        if type(row) is not list or len(row) != n_audit or not text_or_null.issuperset(map(type, row)) \
                or None in _audit_required(row):
            raise PackageError(PackageCode.PKG_CONTENT, path=shown,
                               detail=Bilingual("một dòng nhật ký sửa phiếu sai dạng",
                                                "an audit row is malformed"))
    for row in decisions:
        if not isinstance(row, list) or len(row) != len(DECISION_FIELDS) or not all(isinstance(x, str) for x in row):
            raise PackageError(PackageCode.PKG_CONTENT, path=shown,
                               detail=Bilingual("một quyết định về phiếu trùng sai dạng",
                                                "a duplicate decision is malformed"))
    ids = {v["id"] for v in versions}
    if any(r[_RID] not in ids for r in audit):
        raise PackageError(PackageCode.PKG_CONTENT, path=shown,
                           detail=Bilingual("một dòng nhật ký nói về phiếu không có trong gói",
                                            "an audit row names a record the package does not "
                                            "carry"))
    return versions, audit, decisions


def _apply(store: Store, prep: _Prepared, s: ImportSummary, ident: Identity, *, user: str | None,
           cancel: threading.Event | None, step: tuple[int, int],
           gate: threading.Event | None = None) -> Iterator[Progress]:
    from models.records.duplicates import pairs_for_records

    pkg = prep.pkg
    shown = os.path.basename(pkg.path)
    if prep.invalid is not None:
        raise prep.invalid
    versions, audit, decisions = prep.content if prep.content is not None else _content(pkg, shown)
    ids = {v["id"] for v in versions}
    erasure_lines = _erasure_lines(pkg, shown)
    forms = _package_forms(store, pkg, shown)
    carried = {(f["form_id"], f["version"]) for f in pkg.manifest.get("forms", [])}
    user = user if user is not None else store.acting_user()
    yield Progress(step[0], step[1], f"{shown}: {len(ids)}")
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    if erasure_lines or _applied_erasures(store):  # values this import writes and erases are zeroed when freed
        store.execute("PRAGMA secure_delete = ON")
    with store.write():
        trusted = _trusted(store, pkg, ident, shown)  # may refuse the package: nothing written yet
        held, replies = (set(), set()) if trusted else _held(store, pkg.sender.fingerprint, ids)
        # the versions the records use are installed (the records need them); a version sent down for
        # new interviews is installed from a trusted sender and held for a person otherwise
        used = {(v["form_id"], v["form_version"]) for v in versions}
        sure = trusted or bool(replies)
        from models.exchange import forms_down

        added_forms, held_forms = [], []
        for form in forms:
            key = (form.form_id, form.version)
            if key in used or sure:
                if store.add_form(form):
                    added_forms.append(form)
            elif not forms_down.is_refused(store, *key, pkg.sender.fingerprint) and forms_down.hold(
                    store, form, sender=pkg.sender.fingerprint, sender_name=pkg.sender.info.get("name", ""),
                    package_id=pkg.package_id):
                held_forms.append(form)
        s.forms_added = [f"{f.form_id} {f.version}" for f in added_forms]
        s.forms_held = [f"{f.form_id} {f.version}" for f in held_forms]
        known_forms = {(r[0], r[1]) for r in store.execute("SELECT form_id, version FROM forms")}
        for v in versions:
            key = (v["form_id"], v["form_version"])
            if key not in known_forms:
                raise PackageError(PackageCode.PKG_FORM, path=shown, form_id=key[0], version=key[1],
                                   detail=Bilingual("không có trong gói và chưa có ở máy này",
                                                    "is neither in the package nor here")
                                   if key not in carried else Bilingual("không dùng được", "cannot be used"))
        remember_sender(store, pkg.sender)
        _add_media(store, pkg, versions, shown)
        if replies:
            mark_trusted(store, pkg.sender)  # trust on first use: the first reply to what this database sent
            s.trusted_first_use = True
        area = area_of(store.setting("role"), store.setting("commune"), store.setting("province"))
        # the leaves of each record settle may recompute, as they are before this package (its current
        # version and stored conflicting ones): merging may supersede them (a sender taken for the record's
        # owner), and settle must still know them, or which version wins would depend on the import order
        before = {rid: [row_to_version(store.record(rid)), *(json.loads(t) for (t,) in store.execute(
                      "SELECT version FROM record_conflicts WHERE record_id = ?", [rid]))]
                  for rid in candidates(store, ids, sender=pkg.sender.fingerprint)}
        outcome = merge_versions(store, versions, sealed=True, user=user, where=shown,
                                 note=f"{shown} ({pkg.sender.info.get('name', '')})", pre=prep.pre,
                                 before_writes=gate.clear if gate is not None else None, held=held, area=area)
        fp = pkg.sender.fingerprint
        brought = dict.fromkeys(((v["id"], str(v["rev"])) for v in versions), "unchanged")
        brought.update(((rid, rev), what) for rid, rev, what in outcome.received)
        store.db.conn.executemany(
            "INSERT OR IGNORE INTO pkg_received(record_id, rev, package_id, outcome) VALUES (?, ?, ?, ?)",
            sorted((rid, rev, pkg.package_id, what) for (rid, rev), what in brought.items()))
        # records several senders brought, or with held or conflicting versions: their state is computed
        # from everything received and who is trusted, whatever the order (models.exchange.settle)
        store.execute("INSERT OR IGNORE INTO pkg_imports(package_id, file_sha256, file_name, sender, sender_name, "
                      "commune, kind, created_at, imported_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')",
                      [pkg.package_id, pkg.file_sha256, shown, fp, pkg.sender.info.get("name", ""),
                       pkg.sender.info.get("commune", ""), s.kind, str(pkg.manifest.get("created_at", "")),
                       utcnow()])
        added = set(outcome.added)
        to_settle = candidates(store, ids - added - set(outcome.outside), sender=fp)  # held outside: not here
        if to_settle and gate is not None:
            gate.clear()
        settled = settle(store, to_settle, own=ident.fingerprint, incoming=versions, sender=fp, area=area,
                         before=before, where=shown, user=user, note=f"{shown} ({pkg.sender.info.get('name', '')})")
        changed = added | set(outcome.updated) | set(outcome.conflicts) | set(settled.changed)
        # erasures of personal data: registered (applied, or held from a sender not trusted to change the
        # record), then every copy of the records with an applied erasure is erased again, whatever
        # this package brought (models.exchange.erase)
        applied_before = _applied_erasures(store)
        # which copy of a revision is kept does not depend on the order an erased and a full copy came in
        refilled = erase.settle_copies(store, versions) if erasure_lines or _any_erased_copy(store, versions) \
            else []
        changed |= set(refilled)
        erased = _erasures(store, erasure_lines, sender=fp, own=ident.fingerprint, ids=ids) \
            if erasure_lines or applied_before else []
        newly_erased = bool(erased) and _applied_erasures(store) > applied_before
        erasing = sorted({line[1] for line in erasure_lines})
        held_now = {r[0] for r in store.execute("SELECT DISTINCT record_id FROM erasures WHERE state = 'held'")}
        s.erasures_held = [rid for rid in erasing if rid in held_now]
        s.erased = [rid for rid in erasing if rid not in held_now]
        if erased:
            audit = erase.scrub_audit_lines(store, audit)
        if len(added) == len(ids):  # every record is new here: all its audit rows are too
            _add_audit(store, [], set(), fresh=audit)
        else:
            _add_audit(store, [r for r in audit if r[_RID] in changed], added)
        if erased:
            changed |= set(erase.reapply(store, erased, merge_index=newly_erased))
        _add_decisions(store, decisions)
        if outcome.outside:  # new records from outside the area wait for a person with their audit rows
            _keep_held_audit(store, audit, set(outcome.outside))
        # the summary says where each record stands now: held (an update of this package kept for a
        # person, its sender not trusted to make it) apart from conflicts (two versions a person decides)
        look = sorted(set(outcome.conflicts) | set(outcome.held) | set(to_settle))
        conflict_ids, held_ids = _standing(store, look, pkg.package_id, settled.newly_held)
        updated = (set(outcome.updated) | set(settled.current_changed)) - added - set(conflict_ids) - set(held_ids)
        touched = sorted(added | updated | set(conflict_ids) | set(held_ids) | set(settled.changed))
        live = {v["id"]: outcome.keys[v["id"]] for v in outcome.current
                if not v["deleted"] and v["id"] not in settled.current_changed}
        pairs = pairs_for_records(store, touched, entries=live) if touched else []
        s.added, s.updated = len(outcome.added), len(updated)
        s.conflicts, s.held = len(conflict_ids), len(held_ids)
        s.unchanged = len(ids - added - updated - set(conflict_ids) - set(held_ids) - set(outcome.outside))
        s.duplicates, s.conflict_ids, s.held_ids = len(pairs), conflict_ids, held_ids
        s.sender_trusted = trusted or bool(replies)
        s.duplicate_pairs = [(p["record_a"], p["record_b"]) for p in pairs]
        s.outside, s.outside_ids = len(outcome.outside), list(outcome.outside)
        s.flags = [[rid, why.vi, why.en] for rid, why in sorted(outcome.flags.items())]
        s.changes = Changes.of(PACKAGES, SENDERS, *([FORMS] if added_forms or held_forms else []),
                               *([RECORDS] if outcome.outside else []), added=outcome.added,
                               updated=sorted(set(touched) - added))
        store.execute("UPDATE pkg_imports SET summary = ? WHERE package_id = ?",
                      [json.dumps({k: getattr(s, k) for k in (*KEYS, "held")}), pkg.package_id])
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if gate is not None:
            gate.set()  # the commit holds no Python lock: the next package is read meanwhile
    if erased:  # old page images of the erased copies leave the write-ahead log (and the file, for a new one)
        erase.truncate_wal(store, vacuum=newly_erased)


def _erasure_lines(pkg: Package, shown: str) -> list[list[Any]]:
    """The package's erasures, checked for shape (a malformed line refuses the package).

    A version that claims erased questions (``"erased"``: its content no longer hashes to its revision) needs
    no erasure line in the same package: a sender that holds an erasure from a sender it does not trust
    still has the erased version it received (the values never reached it) and sends it on, without the
    held erasure (``models.exchange.erase``)."""
    lines = pkg.erasures()
    for line in lines:
        problem = erase.line_problem(line)
        if problem:
            raise PackageError(PackageCode.PKG_CONTENT, path=shown, detail=Bilingual(
                "một dòng xoá dữ liệu cá nhân sai dạng", problem))
    return lines


def _any_erased_copy(store: Store, versions: list[dict[str, Any]]) -> bool:
    """Whether the package carries an erased version, or a version of a record with an erased copy here."""
    if any(v.get("erased") for v in versions):
        return True
    if store.execute("SELECT 1 FROM erased_copies LIMIT 1").fetchone() is None:
        return False
    ids = sorted({v["id"] for v in versions})
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        if store.execute(f"SELECT 1 FROM erased_copies WHERE record_id IN ({','.join('?' * len(chunk))}) LIMIT 1",
                         chunk).fetchone() is not None:
            return True
    return False


def _applied_erasures(store: Store) -> int:
    return store.execute("SELECT count(*) FROM erasures WHERE state = 'applied'").fetchone()[0]


def _erasures(store: Store, lines: list[list[Any]], *, sender: str, own: str, ids: set[str]) -> list[str]:
    """Register the package's erasures (applied when the sender is trusted here — this installation's own
    key, a trusted sender, a reply trusted on first use —, held otherwise: an erasure destroys data, and
    unlike a held version it cannot be undone when the record's owner turns out to be another sender, so
    only trust, which is not withdrawn by later packages, applies it; :func:`models.exchange.erase.on_trust`)
    and return the records whose copies must be erased again: those of the lines applied and those of the
    package's records that have an applied erasure here."""
    from models.exchange.settle import trusted_senders

    ok = sender in trusted_senders(store, own)
    out = set(erase.receive(store, lines, sender=sender, allowed={line[1]: ok for line in lines}))
    if ids:
        marks = ",".join("?" * len(ids))
        out.update(r[0] for r in store.execute(
            f"SELECT DISTINCT record_id FROM erasures WHERE state = 'applied' AND record_id IN ({marks})",
            sorted(ids)))
    return sorted(out)


def _standing(store: Store, ids: list[str], package_id: str, newly_held: list[str]) -> tuple[list[str], list[str]]:
    """Of ``ids`` (the records a package touched): those in conflict (two leaves or more not held) and
    those with a held version that the package brought or whose arrival made held (``newly_held``: a
    version that came before, now held behind what this package brought)."""
    conflicts: set[str] = set()
    held: set[str] = set(newly_held)
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        marks = ",".join("?" * len(chunk))
        conflicts.update(r[0] for r in store.execute(
            f"SELECT record_id FROM record_conflicts WHERE held = 0 AND record_id IN ({marks})", chunk))
        held.update(r[0] for r in store.execute(
            f"SELECT c.record_id FROM record_conflicts c JOIN pkg_received r ON r.record_id = c.record_id "
            f"AND r.rev = c.rev AND r.package_id = ? WHERE c.held = 1 AND c.record_id IN ({marks})",
            [package_id, *chunk]))
    return sorted(conflicts), sorted(held)


def _add_media(store: Store, pkg: Package, versions: list[dict[str, Any]], shown: str) -> None:
    """Keep the files the package carries (read in pieces, each checked against its SHA-256 as it is
    written) and make sure every file a version names is here: in the package's transaction."""
    from models.exchange.codec import MEDIA_PREFIX
    from models.store.files import has_file, is_digest, put_stream

    for m in pkg.media_files():
        sha, size = m.get("sha256"), m.get("size")
        part = MEDIA_PREFIX + str(sha)
        if not is_digest(sha) or not isinstance(size, int) or isinstance(size, bool) or size < 0 \
                or part not in pkg.media:
            raise PackageError(PackageCode.PKG_DIGEST, path=shown, name=part[:200],
                               detail=Bilingual("thiếu phần này", "missing"))
        if not has_file(store, str(sha)) and not put_stream(store, pkg.media_chunks(part), str(sha), size,
                                                       str(m.get("type", "")), at=utcnow()):
            raise PackageError(PackageCode.PKG_DIGEST, path=shown, name=part,
                               detail=Bilingual("nội dung khác với mã kiểm tra", "its bytes differ from the digest"))
    for v in versions:
        files = v.get("files")
        for name, f in (files.items() if isinstance(files, dict) else ()):
            # a malformed entry is refused by merge.check_version, with the others of its kind
            if isinstance(f, dict) and is_digest(f.get("sha256")) and not has_file(store, f["sha256"]):
                raise PackageError(PackageCode.PKG_CONTENT, path=shown, detail=Bilingual(
                    f"phiếu {v['id']}: tệp đính kèm '{name}' không có trong gói và chưa có ở máy này",
                    f"record {v['id']}: the attached file '{name}' is neither in the package nor here"))


def _package_forms(store: Store, pkg: Package, shown: str) -> list[Any]:
    """The forms a package carries that this database does not have yet (parsed, not stored)."""
    from forms.errors import FormError
    from models.store.database import form_from_source

    out = []
    for f in pkg.manifest.get("forms", []):
        try:
            fid, ver, part, ftype = str(f["form_id"]), str(f["version"]), str(f["part"]), str(f["file_type"])
        except (KeyError, TypeError):
            raise PackageError(PackageCode.PKG_CONTENT, path=shown,
                               detail=Bilingual("một mục biểu mẫu trong manifest.json sai dạng",
                                                "a form entry of the manifest is malformed")) from None
        src = pkg.parts.get(part)
        if src is None:
            raise PackageError(PackageCode.PKG_CONTENT, path=shown,
                               detail=Bilingual(f"thiếu tệp biểu mẫu {part}",
                                                f"the form file {part} is missing"))
        sha = hashlib.sha256(src).hexdigest()
        attachments = _form_attachments(pkg, f, shown)
        row = store.execute("SELECT sha256 FROM forms WHERE form_id = ? AND version = ?", [fid, ver]).fetchone()
        if row is not None:
            if row[0] != sha:
                raise PackageError(PackageCode.PKG_FORM, path=shown, form_id=fid, version=ver,
                                   detail=Bilingual("khác với biểu mẫu cùng phiên bản đã có ở máy này",
                                                    "differs from the same version already here"))
            if not attachments or set(attachments) <= set(store.form_file_digests(fid, ver)):
                continue  # the form and every file it brings are here
        try:  # parsed once per process (the reader thread has usually parsed it already)
            form = form_from_source(src, ftype, str(f.get("file_name") or part), attachments)
        except FormError as err:
            raise PackageError(PackageCode.PKG_FORM, path=shown, form_id=fid, version=ver, detail=Bilingual(
                "không đọc được: " + "; ".join(err.lines("vi"))[:300],
                "cannot be read: " + "; ".join(err.lines("en"))[:300])) from None
        if (form.form_id, form.version) != (fid, ver):
            raise PackageError(PackageCode.PKG_FORM, path=shown, form_id=fid, version=ver,
                               detail=Bilingual(f"thực ra là '{form.form_id}' '{form.version}'",
                                                f"is really '{form.form_id}' '{form.version}'"))
        out.append(form)
    return out


def _form_attachments(pkg: Package, entry: dict[str, Any], shown: str) -> dict[str, bytes]:
    """The attachments a manifest's form entry lists (``attachments``: file name, SHA-256, part), each
    checked against its digest; a package written before attachments travelled lists none."""
    listed = entry.get("attachments") or []
    out: dict[str, bytes] = {}
    if not isinstance(listed, list):
        listed = [None]
    for a in listed:
        try:
            name, sha, part = str(a["file_name"]), str(a["sha256"]), str(a["part"])
        except (KeyError, TypeError):
            raise PackageError(PackageCode.PKG_CONTENT, path=shown, detail=Bilingual(
                "một tệp đính kèm biểu mẫu trong manifest.json sai dạng",
                "a form attachment entry of the manifest is malformed")) from None
        blob = pkg.parts.get(part)
        if blob is None or hashlib.sha256(blob).hexdigest() != sha or not name or name != name.strip("/\\"):
            raise PackageError(PackageCode.PKG_DIGEST, path=shown, name=part,
                               detail=Bilingual(f"tệp đính kèm biểu mẫu {name}", f"form attachment {name}"))
        out[name] = blob
    return out


def _add_audit(store: Store, rows: list[list[Any]], new_ids: set[str], *, fresh: list[list[Any]] | None = None
               ) -> None:
    """Add the package's audit rows that are not here yet (rows of new records need no check).

    Only records the package changed are given: for a record whose revisions were all known here,
    its trail up to those revisions came with them already. ``fresh``: rows known to be of new records.
    """
    fresh = (fresh or []) + [r for r in rows if r[_RID] in new_ids] if rows else (fresh or [])
    other = [r for r in rows if r[_RID] not in new_ids]
    if fresh:
        add_audit(store, fresh)
    if other:
        add_audit(store, other, unless_present=True)


def _keep_held_audit(store: Store, audit: list[list[Any]], ids: set[str]) -> None:
    """The package's audit rows of new records held for a person: kept with them (written to ``audit``
    only when a person accepts the record, ``models.exchange.held``)."""
    rows: dict[str, list[list[Any]]] = {}
    for r in audit:
        if r[_RID] in ids:
            rows.setdefault(r[_RID], []).append(list(r))
    for rid, mine in rows.items():
        (old,) = store.execute("SELECT audit FROM held_new_records WHERE record_id = ?", [rid]).fetchone()
        kept = json.loads(old)
        seen = {json.dumps(r, ensure_ascii=False) for r in kept}
        kept += [r for r in mine if json.dumps(r, ensure_ascii=False) not in seen]
        store.execute("UPDATE held_new_records SET audit = ? WHERE record_id = ?",
                      [json.dumps(kept, ensure_ascii=False), rid])


def _add_decisions(store: Store, rows: list[list[Any]]) -> None:
    if rows:
        store.db.conn.executemany(
            f"INSERT OR IGNORE INTO dup_decisions({', '.join(DECISION_FIELDS)}) VALUES ({', '.join('?' * 7)})",
            [tuple(r) for r in rows if r[0] < r[1]])
