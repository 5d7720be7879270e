"""Network sync: send complete or approved records to the province's ODK Central or KoboToolbox.

The queue lives in the database (``sync_outbox``), so a sync that is interrupted (network lost,
application closed) resumes where it stopped:

* every copy of a record that goes out is stored first, with its exact XML, as ``pending``; a
  pending copy is always sent again byte for byte, so a server that did receive it answers 201
  (Central compares the XML) and nothing is duplicated;
* only a 201/202 from an OpenRosa server marks a copy ``sent`` (and seals the record's revision);
* a 409 (same instance id, different XML; or a correction of a copy that changed on the server)
  becomes a ``conflict`` that waits for a person (:func:`resolve_conflict`);
* a record changed after it was sent goes out as a new instance id whose ``meta/deprecatedID``
  names the copy the server accepted; a revision whose answers did not change (e.g. only the status
  went from complete to approved) is not sent again;
* network errors are retried with exponential backoff; when the server stays unreachable the run
  stops and what was not sent stays queued.

Every outcome is written to ``sync_log`` with its code (the name of a :class:`SyncCode`, whose texts are
in models.sync.errors) and its context (bilingual details kept in both languages), which the sync log
screen shows. Secrets come from :mod:`models.sync.credentials` and never reach the database or a log.
"""

from __future__ import annotations

import json
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from models.base.changes import SETTINGS, SYNC, Changes
from models.base.errors import AppError, Bilingual, Cancelled, context_from_plain, os_error, plain_context
from models.base.progress import Progress, cancellable_sleep
from models.records.errors import RecordCode, RecordError
from models.store.database import Store, _version_key, utcnow
from models.store.errors import StoreCode, StoreError
from models.sync import credentials
from models.sync.errors import SyncCode, SyncError
from models.sync.openrosa import (
    Endpoint,
    FilePart,
    FormListEntry,
    NetworkError,
    OpenRosaClient,
    Response,
    check_instance,
    content_key,
    parse_server,
    redact,
    with_meta,
)

DEFAULT_STATUSES = ("complete", "approved")
SETTING_KEYS = ("sync_server", "sync_kind", "sync_project", "sync_user", "sync_auth", "sync_ca_bundle",
                "sync_statuses", "sync_xform_dir")

#: outcomes counted in a summary
OUTCOMES = ("sent", "already", "failed", "skipped")


# ---------------------------------------------------------------------- settings


@dataclass
class SyncSettings:
    """What the settings screen edits (the secret is not part of it: see :mod:`models.sync.credentials`)."""

    server: str = ""  # as typed: https://host, https://host/v1/projects/3, an app-user link, a Kobo URL
    project: str = ""
    user: str = ""
    kind: str = ""  # "" = decide from the address; "central" or "openrosa" to force
    ca_bundle: str = ""
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    xform_dir: str = ""
    token: str = field(default="", repr=False)  # an app-user token (from the link or the key store)
    auth: str = ""  # as saved: "token" (an app-user link) or "password"; "" when typed for this run

    def endpoint(self) -> Endpoint:
        ep = parse_server(self.server, project=self.project, user=self.user, kind=self.kind)
        if not ep.uses_token and self.token and ep.kind == "central" and not ep.user:
            ep = Endpoint(base=ep.base, kind=ep.kind, project=ep.project, token=self.token)
        return ep


def load_settings(store: Store) -> SyncSettings:
    s = store.settings()
    statuses = tuple(x for x in s.get("sync_statuses", ",".join(DEFAULT_STATUSES)).split(",") if x)
    out = SyncSettings(server=s.get("sync_server", ""), project=s.get("sync_project", ""),
                       user=s.get("sync_user", ""), kind=s.get("sync_kind", ""),
                       ca_bundle=s.get("sync_ca_bundle", ""), statuses=statuses or DEFAULT_STATUSES,
                       xform_dir=s.get("sync_xform_dir", ""), auth=s.get("sync_auth", ""))
    if s.get("sync_auth") == "token" and out.server:
        try:
            ep = parse_server(out.server, project=out.project, kind=out.kind)
        except AppError:
            return out
        out.token = credentials.stored_secret(ep.key, credentials.TOKEN_USER)
    return out


def save_settings(store: Store, settings: SyncSettings, *, password: str | None = None) -> Changes:
    """Check and keep the settings. An app-user token (pasted link or QR text) and a password go to
    the key store; the database keeps only the server address without secrets. Returns what changed
    (the settings); ``SYNC_KEYRING_SAVED`` says the settings were kept but not the secret."""
    from models.store.database import STATUSES

    ep = settings.endpoint()
    bad = [x for x in settings.statuses if x not in STATUSES]
    if bad:
        raise SyncError(SyncCode.SYNC_BAD_URL, url=",".join(bad),
                        detail=Bilingual("trạng thái không hợp lệ", "unknown status"))
    if ep.kind == "central" and not ep.uses_token and not ep.user:
        # the address shown after an app-user link was saved: keep signing in with that token
        token = credentials.stored_secret(ep.key, credentials.TOKEN_USER)
        if not token:
            raise SyncError(SyncCode.SYNC_NO_USER, server=ep.display)
        ep = Endpoint(base=ep.base, kind=ep.kind, project=ep.project, token=token)
    # The address, project and user are kept first: a computer without a usable key store still
    # keeps them (the password is then typed for each sending; SYNC_KEYRING_SAVED says so). The
    # project lives only in sync_project, so the address shown stays as typed without it and
    # changing the project later is not refused as "a different project in the address".
    store.set_settings({
        "sync_server": ep.base,
        "sync_kind": ep.kind,
        "sync_project": ep.project,
        "sync_user": "" if ep.uses_token else ep.user,
        "sync_auth": "token" if ep.uses_token else "password",
        "sync_ca_bundle": settings.ca_bundle,
        "sync_statuses": ",".join(settings.statuses or DEFAULT_STATUSES),
        "sync_xform_dir": settings.xform_dir,
    })
    try:
        if ep.uses_token:
            credentials.save_secret(ep.key, credentials.TOKEN_USER, ep.token)
        elif password is not None:
            credentials.save_secret(ep.key, ep.user, password)
    except SyncError as err:
        if err.code is not SyncCode.SYNC_KEYRING:
            raise
        import logging

        logging.getLogger("khaosat.sync").warning("key store unusable: %s", err.context.get("detail", ""))
        raise SyncError(SyncCode.SYNC_KEYRING_SAVED, server=ep.display,
                        what="token" if ep.uses_token else "password") from None
    return Changes.of(SETTINGS)


# ---------------------------------------------------------------------- results


@dataclass
class RetryPolicy:
    """Network errors and 5xx answers: ``attempts`` tries, waiting base·factor^n (at most max_delay)."""

    attempts: int = 4
    base_delay: float = 1.0
    factor: float = 2.0
    max_delay: float = 30.0

    def delays(self) -> Iterator[float]:
        d = self.base_delay
        for _ in range(self.attempts - 1):
            yield min(d, self.max_delay)
            d *= self.factor


@dataclass
class SyncSummary:
    destination: str = ""
    run: str = ""
    sent: int = 0
    already: int = 0
    failed: int = 0
    skipped: int = 0
    conflicts: int = 0
    xform_files: list[str] = field(default_factory=list)
    #: (code, context) of the messages a person should read (form missing, network lost, …)
    notes: list[tuple[SyncCode, dict[str, Any]]] = field(default_factory=list)
    #: the sync queue and its log (records sent are sealed, their content does not change); not in as_dict
    changes: Changes = field(default=Changes.of(SYNC), compare=False, repr=False)

    def line(self) -> str:
        return f"sent={self.sent} already={self.already} failed={self.failed} skipped={self.skipped}"

    def messages(self, lang: str = "vi") -> list[str]:
        return [code.render(ctx, lang) for code, ctx in self.notes]

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        d = asdict(self)
        d.pop("changes")
        d["notes"] = self.messages(lang)
        return d


class _NetworkDown(Exception):
    def __init__(self, detail: Bilingual):
        super().__init__(detail)
        self.detail = detail


# ---------------------------------------------------------------------- the run


def run_sync(store: Store, settings: SyncSettings | None = None, *, password: str | None = None,
             retry: RetryPolicy | None = None, cancel: threading.Event | None = None, lang: str = "vi",
             timeout: float = 30.0, sleep: Callable[[float], None] | None = None, wait_lock: float = 600.0):
    """Send what is due to the configured server. A generator: yields :class:`Progress`, returns a
    :class:`SyncSummary`. Raises :class:`AppError` when the whole run is refused (credentials,
    TLS, captive portal, server unreachable at the start).

    One run at a time per database, across processes (:mod:`models.store.runlock`): while another
    sync, import or restore holds the database this one waits (a progress line says for what) up to
    ``wait_lock`` seconds, then ``DB_WRITER_BUSY`` names the other."""
    client: OpenRosaClient | None = None
    lock = None
    try:
        from models.store import runlock

        lock = yield from runlock.hold(store.path, "sync", wait=wait_lock, cancel=cancel, lang=lang)
        s = settings or load_settings(store)
        ep = s.endpoint()
        secret = ""
        if not ep.uses_token:
            if ep.kind == "central" and not ep.user:
                if s.auth == "token":  # an app-user link was saved but its token is not in the key store
                    raise SyncError(SyncCode.SYNC_TOKEN_MISSING, server=ep.display)
                raise SyncError(SyncCode.SYNC_NO_USER, server=ep.display)
            secret = password if password is not None else credentials.password_for(ep.key, ep.user)
            if not secret:
                raise SyncError(SyncCode.SYNC_NO_PASSWORD, user=ep.user, server=ep.display)
        client = OpenRosaClient(ep, password=secret, ca_bundle=s.ca_bundle, timeout=timeout, lang=lang,
                                device_id=device_id(store))
        run = _Run(store, client, s, retry or RetryPolicy(), cancel, sleep or cancellable_sleep(cancel), lang)
        return (yield from run.go())
    finally:
        if client is not None:
            client.close()
        if lock is not None:
            lock.release()


def device_id(store: Store) -> str:
    """What Central shows in its DeviceID column for our submissions: ``khaosat:`` and this
    installation's id (ODK Collect sends ``collect:…``)."""
    dev = store.device_id if store.path else ""
    return f"khaosat:{dev}" if dev else ""




@dataclass
class _Row:
    id: int
    record_id: str
    rev: str
    instance_id: str
    deprecated_id: str
    form_id: str
    form_version: str
    xml: bytes
    content_key: str
    state: str
    http_status: int | None
    confirmed_by: int | None


_ROW_COLS = ("id, record_id, rev, instance_id, deprecated_id, form_id, form_version, xml, content_key, state, "
             "http_status, confirmed_by")


class _Run:
    def __init__(self, store: Store, client: OpenRosaClient, settings: SyncSettings, retry: RetryPolicy,
                 cancel: threading.Event | None, sleep: Callable[[float], None], lang: str):
        self.store = store
        self.lang = lang
        self.client = client
        self.ep = client.endpoint
        self.dest = self.ep.key
        self.settings = settings
        self.retry = retry
        self.cancel = cancel
        self.sleep = sleep
        self.summary = SyncSummary(destination=self.ep.display, run=uuid.uuid4().hex[:12])

    # ---- logging
    def log(self, outcome: str, code: SyncCode, *, record: dict | None = None, instance_id: str = "",
            http_status: int | None = None, **context: Any) -> None:
        if record is not None and outcome in ("failed", "conflict"):
            # what a person reads after the run (command line, --json notes): which record and why
            self.summary.notes.append((SyncCode.SYNC_RECORD_NOTE, {
                "label": record.get("label") or record.get("id", ""),
                "message": Bilingual(code.render(context, "vi"), code.render(context, "en"))}))
        with self.store.write():
            self.store.execute(
                "INSERT INTO sync_log(at, run, destination, record_id, label, instance_id, outcome, http_status, "
                "code, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [utcnow(), self.summary.run, self.dest, (record or {}).get("id", ""), (record or {}).get("label", ""),
                 instance_id, outcome, http_status, code.name,
                 json.dumps(plain_context(context), ensure_ascii=False)])

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

    # ---- the whole run
    def go(self):
        yield Progress(0, 0, SyncCode.SYNC_CHECKING.render({"server": self.ep.display}, self.lang))
        try:
            self._network(self.client.preflight)
            forms = {f.form_id: f for f in self._network(self.client.form_list)}
        except SyncError as err:
            self.log("run", err.code, **err.context)
            raise
        except _NetworkDown as unreachable:
            self.log("run", SyncCode.SYNC_NETWORK, server=self.ep.display, detail=unreachable.detail)
            raise SyncError(SyncCode.SYNC_NETWORK, server=self.ep.display, detail=unreachable.detail) from None
        self._check_cancel()

        records = self._due_records()
        groups: dict[tuple[str, str], list[dict]] = {}
        for r in records:
            groups.setdefault((r["form_id"], r["form_version"]), []).append(r)
        sendable: list[dict] = []
        for (fid, ver), recs in groups.items():
            if forms.get(fid) is None or _version_key(forms[fid].version) < _version_key(ver):
                # records whose copy is already on the server are counted so, whatever the form list says
                # (Central leaves out a closed form, or one this user may not send to)
                for r in [r for r in recs if self._on_server(r)]:
                    recs.remove(r)
                    self.summary.already += 1
                if not recs:
                    continue
            problem = self._form_problem(fid, ver, forms.get(fid), len(recs))
            if problem:
                self.summary.skipped += len(recs)
            else:
                sendable.extend(recs)
        total = len(sendable)
        down: _NetworkDown | None = None
        for i, rec in enumerate(sendable):
            self._check_cancel()
            if down is not None:
                outcome = self._offline(rec)
                setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)
                continue
            yield Progress(i, total, rec.get("label") or rec["id"])
            self._check_cancel()
            try:
                outcome = self._record(rec)
            except _Skip as skip:
                outcome = skip.outcome
            except _NetworkDown as err:
                down = err
                self.summary.failed += 1
                continue
            setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)
        if down is not None:
            left = self.summary.failed - self.summary.conflicts
            self.summary.notes.append((SyncCode.SYNC_NETWORK, {"server": self.ep.display,
                                                               "detail": down.detail}))
            self.log("run", SyncCode.SYNC_NETWORK, server=self.ep.display, detail=down.detail, count=left)
        yield Progress(total, total, SyncCode.SYNC_SUMMARY.render(asdict(self.summary), self.lang))
        self.log("run", SyncCode.SYNC_SUMMARY, **{k: getattr(self.summary, k) for k in OUTCOMES},
                 conflicts=self.summary.conflicts)
        return self.summary

    def _network(self, fn: Callable[[], Any]) -> Any:
        delays = self.retry.delays()
        while True:
            try:
                return fn()
            except NetworkError as err:
                d = next(delays, None)
                if d is None:
                    raise _NetworkDown(err.detail) from None
                self.sleep(d)

    # ---- which records
    def _attachments(self, row: _Row) -> list[tuple[str, bytes | FilePart, str]]:
        """The files the stored submission names, as ODK Collect sends them: one multipart part per file,
        named as the file (the name in the submission XML), with its bytes (read from the database in
        pieces while they are sent, never whole: :class:`FilePart`) and media type. They come from
        the revision the copy was made from (a copy is only resent while it is the record's revision)."""
        from models.records.attachments import referenced
        from models.store.files import iter_file

        cur = self.store.execute("SELECT files, form_id, form_version, answers FROM records WHERE id = ? AND rev = ?",
                                 [row.record_id, row.rev]).fetchone()
        if cur is None or cur[0] in (None, "", "{}"):
            return []
        files = json.loads(cur[0])
        names = referenced(self.store.form(cur[1], cur[2]), json.loads(cur[3] or "{}"))
        from xml.sax.saxutils import escape

        out: list[tuple[str, bytes | FilePart, str]] = []
        for name in sorted(names):
            if escape(name).encode() not in row.xml:  # not in the submission (a question not relevant)
                continue
            f = files.get(name)
            size = self.store.execute("SELECT length(data) FROM record_files WHERE sha256 = ?",
                                      [f["sha256"]]).fetchone() if f else None
            if size is not None:
                out.append((name, FilePart(int(size[0]), partial(iter_file, self.store, f["sha256"])),
                            str(f.get("type") or "application/octet-stream")))
        return out

    def _due_records(self) -> list[dict]:
        statuses = tuple(self.settings.statuses or DEFAULT_STATUSES)
        marks = ",".join("?" * len(statuses))
        cur = self.store.execute(
            f"SELECT id, rev, form_id, form_version, label, status FROM records WHERE deleted = 0 AND status IN "
            f"({marks}) ORDER BY created_at, id", list(statuses))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def _form_problem(self, fid: str, ver: str, entry: FormListEntry | None, count: int) -> bool:
        if entry is not None and entry.version == ver:
            return False
        if entry is not None and _version_key(entry.version) > _version_key(ver):
            return False  # the server has a newer version; Central still accepts published older ones
        path = self._write_xform(fid, ver)
        ctx: dict[str, Any]  # a message's context, as SyncSummary.notes keeps it
        if entry is None:
            ctx = {"form_id": fid, "xform_file": path, "count": count}
            code = SyncCode.SYNC_FORM_UNLISTED if self.ep.kind == "central" else SyncCode.SYNC_FORM_MISSING
        else:
            ctx = {"form_id": fid, "server_version": entry.version, "version": ver, "xform_file": path,
                   "count": count}
            code = SyncCode.SYNC_FORM_OLDER
        self.summary.notes.append((code, ctx))
        self.log("skipped", code, **ctx)
        return True

    def _write_xform(self, fid: str, ver: str) -> str:
        form = self.store.form(fid, ver)
        folder = Path(self.settings.xform_dir or os.path.dirname(os.path.abspath(self.store.path)))
        name = re.sub(r"[^\w.\-]+", "_", f"{fid}-{ver}") + ".xml"
        path = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(form.xform, encoding="utf-8")
        except OSError as err:
            raise os_error(err, str(path)) from None
        if str(path) not in self.summary.xform_files:
            self.summary.xform_files.append(str(path))
        self._write_form_files(fid, ver, folder / (path.stem + "-media"))
        return str(path)

    def _write_form_files(self, fid: str, ver: str, folder: Path) -> None:
        """The form version's attachments (its external data files), which Central asks for when the
        XForm is published: written into ``<form_id>-<version>-media/`` beside the XForm, listed with it."""
        files = self.store.form_files(fid, ver)
        if not files:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in files.items():
                (folder / Path(name).name).write_bytes(data)
        except OSError as err:
            raise os_error(err, str(folder)) from None
        for name in files:
            shown = str(folder / Path(name).name)
            if shown not in self.summary.xform_files:
                self.summary.xform_files.append(shown)

    # ---- one record
    def _rows(self, record_id: str) -> list[_Row]:
        cur = self.store.execute(f"SELECT {_ROW_COLS} FROM sync_outbox WHERE destination = ? AND record_id = ? "
                                 "ORDER BY id", [self.dest, record_id])
        return [_Row(*r) for r in cur]

    def _on_server(self, rec: dict) -> bool:
        """The record's current revision is on the server (sent, or the server's copy kept)."""
        rows = self._rows(rec["id"])
        return bool(rows) and rows[-1].state in ("sent", "ignored") and rows[-1].rev == rec["rev"]

    def _offline(self, rec: dict) -> str:
        """The outcome of a record the run did not reach because the server went away."""
        rows = self._rows(rec["id"])
        last = rows[-1] if rows else None
        if last is not None and last.state in ("sent", "ignored") and last.rev == rec["rev"]:
            return "already"
        if last is not None and last.state == "conflict":
            self.summary.conflicts += 1
        return "failed"

    def _record(self, rec: dict) -> str:
        rows = self._rows(rec["id"])
        last = rows[-1] if rows else None
        if last is not None and last.state == "pending":
            outcome = self._post(last, rec)
            if outcome not in ("sent", "already") or last.rev == rec["rev"]:
                return outcome
            last = self._rows(rec["id"])[-1]
            follow = self._changed(last, rec)
            return "sent" if follow in ("sent", "already") else follow
        if last is None:
            row = self._queue(rec, rec["id"], "")
            return self._post(row, rec)
        if last.state == "conflict":
            # waiting for a person: not on the server, counted the same way in every run
            self.summary.conflicts += 1
            self.log("failed", SyncCode.SYNC_CONFLICT_WAITING, record=rec, instance_id=last.instance_id)
            return "failed"
        if last.state == "failed":
            if last.rev == rec["rev"]:
                return self._post(last, rec)
            self._set_state(last.id, "superseded")
            row = self._queue(rec, last.instance_id, last.deprecated_id)
            return self._post(row, rec)
        return self._changed(last, rec)

    def _changed(self, last: _Row, rec: dict) -> str:
        """``last`` is on the server (sent, or ignored in favour of the server's copy)."""
        if last.rev == rec["rev"]:
            return "already"
        xml = build_instance(self.store, rec["id"], last.instance_id, last.deprecated_id)
        if content_key(xml) == last.content_key:
            self._insert(rec, last.instance_id, last.deprecated_id, xml, last.state,
                         confirmed_by=last.confirmed_by or last.id, code=SyncCode.SYNC_UNCHANGED.name)
            return "already"
        row = self._queue(rec, new_instance_id(), last.instance_id)
        return self._post(row, rec)

    def _queue(self, rec: dict, instance_id: str, deprecated_id: str) -> _Row:
        try:
            xml = build_instance(self.store, rec["id"], instance_id, deprecated_id)
        except InstanceMismatch as err:
            self.log("failed", SyncCode.SYNC_INSTANCE_MISMATCH, record=rec, form_id=rec["form_id"],
                     detail=err.detail)
            raise _Skip("failed") from None
        return self._insert(rec, instance_id, deprecated_id, xml, "pending")

    def _insert(self, rec: dict, instance_id: str, deprecated_id: str, xml: bytes, state: str, *,
                confirmed_by: int | None = None, code: str = "") -> _Row:
        now = utcnow()
        ckey = content_key(xml)
        with self.store.write():
            cur = self.store.execute(
                "INSERT INTO sync_outbox(destination, record_id, rev, instance_id, deprecated_id, form_id, "
                "form_version, xml, content_key, state, code, confirmed_by, created_at, updated_at, sent_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [self.dest, rec["id"], rec["rev"], instance_id, deprecated_id, rec["form_id"], rec["form_version"], xml,
                 ckey, state, code, confirmed_by, now, now, now if state == "sent" else None])
            if state == "sent":
                self.store.execute("UPDATE records SET sealed = 1 WHERE id = ? AND rev = ?", [rec["id"], rec["rev"]])
        assert cur.lastrowid is not None  # the row the INSERT above made
        return _Row(cur.lastrowid, rec["id"], rec["rev"], instance_id, deprecated_id, rec["form_id"],
                    rec["form_version"], xml, ckey, state, None, confirmed_by)

    def _set_state(self, row_id: int, state: str, **cols: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in cols)
        with self.store.write():
            self.store.execute(f"UPDATE sync_outbox SET state = ?, updated_at = ?{', ' + sets if sets else ''} "
                               "WHERE id = ?", [state, utcnow(), *cols.values(), row_id])

    def _post(self, row: _Row, rec: dict) -> str:
        """Send one stored copy (with retries); record what the server said. Returns the outcome."""
        delays = self.retry.delays()
        while True:
            self._check_cancel()
            with self.store.write():
                self.store.execute("UPDATE sync_outbox SET attempts = attempts + 1, updated_at = ? WHERE id = ?",
                                   [utcnow(), row.id])
            try:
                r = self.client.submit(row.xml, files=self._attachments(row))
            except NetworkError as err:
                d = next(delays, None)
                if d is None:
                    self._set_state(row.id, "pending", code=SyncCode.SYNC_NETWORK_RECORD.name,
                                    detail=str(err.detail))
                    self.log("failed", SyncCode.SYNC_NETWORK_RECORD, record=rec, instance_id=row.instance_id,
                             detail=err.detail)
                    raise _NetworkDown(err.detail) from None
                self.sleep(d)
                continue
            if r.status >= 500:
                d = next(delays, None)
                if d is None:
                    detail = r.message()
                    self._set_state(row.id, "pending", http_status=r.status, response=_response_text(r),
                                    code=SyncCode.SYNC_SERVER_ERROR.name, detail=detail)
                    self.log("failed", SyncCode.SYNC_SERVER_ERROR, record=rec, instance_id=row.instance_id,
                             http_status=r.status, server=self.ep.display, status=r.status, detail=detail)
                    return "failed"
                self.sleep(d)
                continue
            return self._answer(row, rec, r)

    def _answer(self, row: _Row, rec: dict, r: Response) -> str:
        status = r.status
        text = _response_text(r)
        detail = r.message()
        if status in (201, 202) and (r.is_openrosa or b"OpenRosaResponse" in r.body[:500]):
            dup = status == 202 and "duplicate" in detail.lower()
            code = SyncCode.SYNC_ALREADY if dup else (
                SyncCode.SYNC_SENT_CORRECTION if row.deprecated_id else SyncCode.SYNC_SENT)
            now = utcnow()
            with self.store.write():
                self.store.execute(
                    "UPDATE sync_outbox SET state = 'sent', http_status = ?, response = ?, code = ?, detail = ?, "
                    "sent_at = ?, updated_at = ? WHERE id = ?", [status, text, code.name, detail, now, now, row.id])
                self.store.execute("UPDATE records SET sealed = 1 WHERE id = ? AND rev = ?", [row.record_id, row.rev])
            self.log("already" if dup else "sent", code, record=rec, instance_id=row.instance_id,
                     http_status=status, status=status, deprecated=row.deprecated_id)
            return "already" if dup else "sent"
        if _deleted_on_server(status, detail, row):
            # Central: the submission this copy corrects (or this very copy) was deleted there. Not a form
            # version problem: a person decides whether to send it again as a new record
            self._set_state(row.id, "conflict", http_status=status, response=text,
                            code=SyncCode.SYNC_DELETED_ON_SERVER.name, detail=detail)
            self.summary.conflicts += 1
            self.log("conflict", SyncCode.SYNC_DELETED_ON_SERVER, record=rec, instance_id=row.instance_id,
                     http_status=status, status=status, detail=detail)
            return "failed"
        if status == 409:
            self._set_state(row.id, "conflict", http_status=status, response=text,
                            code=SyncCode.SYNC_CONFLICT.name,
                            detail=detail)
            self.summary.conflicts += 1
            self.log("conflict", SyncCode.SYNC_CONFLICT, record=rec, instance_id=row.instance_id,
                     http_status=status,
                     detail=detail)
            return "failed"
        if status in (401, 403) or 300 <= status < 400 or status in (200, 201, 202, 204):
            # the whole run is refused (credentials, permissions, a portal answering for the server):
            # the copy stays pending and is sent again, identical, next time
            self._set_state(row.id, "pending", http_status=status, response=text)
            try:
                self.client.raise_for_server(r)
            except SyncError as err:
                self.log("failed", err.code, record=rec, instance_id=row.instance_id, http_status=status,
                         **err.context)
                raise
            self.log("failed", SyncCode.SYNC_CAPTIVE, record=rec, instance_id=row.instance_id,
                     http_status=status,
                     status=status)
            raise SyncError(SyncCode.SYNC_CAPTIVE, status=status)
        if status == 404 or (status == 400 and "version" in detail.lower()):
            path = self._write_xform(row.form_id, row.form_version)
            code, ctx = SyncCode.SYNC_VERSION_UNKNOWN, {"form_id": row.form_id, "version": row.form_version,
                                                        "status": status, "detail": detail, "xform_file": path}
        elif status == 413:
            code, ctx = SyncCode.SYNC_TOO_LARGE, {"status": status}
        else:
            code, ctx = SyncCode.SYNC_REJECTED, {"status": status, "detail": detail}
        self._set_state(row.id, "failed", http_status=status, response=text, code=code.name, detail=detail)
        self.log("failed", code, record=rec, instance_id=row.instance_id, http_status=status, **ctx)
        return "failed"


def _deleted_on_server(status: int, detail: str, row: _Row) -> bool:
    """Central's answers for a submission deleted there: 404.5 "can't find that submission to update"
    (a correction of it) and 409.18 "This submission has been deleted" (the same copy again)."""
    low = detail.lower()
    if status == 404 and row.deprecated_id:
        return "submission to update" in low or "can't find that submission" in low
    return status == 409 and "has been deleted" in low


class _Skip(Exception):
    def __init__(self, outcome: str):
        super().__init__(outcome)
        self.outcome = outcome


class InstanceMismatch(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def _response_text(r: Response) -> str:
    return redact(r.body[:4000].decode("utf-8", "replace"))


def new_instance_id() -> str:
    return f"uuid:{uuid.uuid4()}"


def build_instance(store: Store, record_id: str, instance_id: str, deprecated_id: str = "") -> bytes:
    """The record as XForm instance XML (from the engine), with the given ids, checked against the
    XForm pyxform made for its form version."""
    from forms.engine import FormSession

    rec = store.record(record_id)
    form = store.form(rec["form_id"], rec["form_version"])
    session = FormSession(form)
    session.load(rec["answers"], rec["justifications"])
    xml = with_meta(session.instance_xml(instance_id), instance_id=instance_id, deprecated_id=deprecated_id)
    problems = check_instance(xml, form.xform)
    if problems:
        raise InstanceMismatch("; ".join(problems[:3]))
    return xml


# ---------------------------------------------------------------------- conflicts and the log


CONFLICT_ACTIONS = ("replace", "separate", "keep_server")


def conflicts(store: Store, destination: str | None = None, *, lang: str = "vi") -> list[dict[str, Any]]:
    """Copies the server refused with 409 (or deleted there), waiting for a person's decision; each with
    ``message``, what the sync log says about it in ``lang``."""
    sql = ("SELECT o.id, o.destination, o.record_id, o.instance_id, o.deprecated_id, o.detail, o.updated_at, "
           "r.label, r.form_id, o.code, o.http_status FROM sync_outbox o LEFT JOIN records r ON r.id = o.record_id "
           "WHERE o.state = 'conflict'")
    params: list[Any] = []
    if destination:
        sql += " AND o.destination = ?"
        params.append(destination)
    cur = store.execute(sql + " ORDER BY o.id", params)
    cols = [d[0] for d in cur.description]
    out = []
    for r in cur:
        d = dict(zip(cols, r, strict=True))
        # replacing needs the conflicting copy to be the server's current one: only for a first send,
        # and never a copy deleted on the server (nothing there to replace)
        deleted = d["code"] == SyncCode.SYNC_DELETED_ON_SERVER.name
        d["deleted_on_server"] = deleted
        d["actions"] = [a for a in CONFLICT_ACTIONS if a != "replace" or not (d["deprecated_id"] or deleted)]
        code = SyncCode.SYNC_DELETED_ON_SERVER if deleted else SyncCode.SYNC_CONFLICT
        d["message"] = code.render({"status": d["http_status"] or (404 if deleted else 409),
                                    "detail": d["detail"] or ""}, lang)
        out.append(d)
    return out


def resolve_conflict(store: Store, outbox_id: int, action: str) -> Changes:
    """A person's decision about a 409:

    * ``replace``: send the local record as a correction of the server's copy (new instance id,
      ``deprecatedID`` = the conflicting id);
    * ``separate``: send it as a separate submission (new instance id, no ``deprecatedID``);
    * ``keep_server``: keep the server's copy; this revision is not sent.
    """
    row = store.execute(f"SELECT {_ROW_COLS}, destination FROM sync_outbox WHERE id = ?", [outbox_id]).fetchone()
    if row is None or row[9] != "conflict":
        raise StoreError(StoreCode.RECORD_NOT_FOUND, record_id=f"sync #{outbox_id}")
    r = _Row(*row[:12])
    dest = row[12]
    deleted = store.execute("SELECT code FROM sync_outbox WHERE id = ?", [outbox_id]).fetchone()[0] == \
        SyncCode.SYNC_DELETED_ON_SERVER.name
    if action not in CONFLICT_ACTIONS or (action == "replace" and (r.deprecated_id or deleted)):
        raise RecordError(RecordCode.BAD_STATUS, old="conflict", new=action)
    rec = store.record(r.record_id)
    now = utcnow()
    if action == "keep_server":
        with store.write():
            store.execute("UPDATE sync_outbox SET state = 'ignored', code = ?, updated_at = ? "
                          "WHERE id = ?", [SyncCode.SYNC_IGNORED.name, now, r.id])
        _log_decision(store, dest, rec, r.instance_id, SyncCode.SYNC_IGNORED)
        return Changes.of(SYNC)
    new_id = new_instance_id()
    deprecated = r.instance_id if action == "replace" else ""
    xml = build_instance(store, rec["id"], new_id, deprecated)
    with store.write():
        store.execute("UPDATE sync_outbox SET state = 'resolved', code = ?, updated_at = ? WHERE id = ?",
                      [f"decided:{action}", now, r.id])
        store.execute(
            "INSERT INTO sync_outbox(destination, record_id, rev, instance_id, deprecated_id, form_id, form_version, "
            "xml, content_key, state, code, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
            [dest, rec["id"], rec["rev"], new_id, deprecated, rec["form_id"], rec["form_version"], xml,
             content_key(xml), f"decided:{action}", now, now])
    return Changes.of(SYNC)


def _log_decision(store: Store, dest: str, rec: dict, instance_id: str, code: SyncCode) -> None:
    with store.write():
        store.execute(
            "INSERT INTO sync_log(at, run, destination, record_id, label, instance_id, outcome, code, context) "
            "VALUES (?, '', ?, ?, ?, ?, 'skipped', ?, '{}')",
            [utcnow(), dest, rec["id"], rec.get("label", ""), instance_id, code.name])


def log_entries(store: Store, *, lang: str = "vi", limit: int = 500, destination: str | None = None
                ) -> list[dict[str, Any]]:
    """The sync log, newest first, each with its message in ``lang``."""
    sql = ("SELECT id, at, run, destination, record_id, label, instance_id, outcome, http_status, code, context "
           "FROM sync_log")
    params: list[Any] = []
    if destination:
        sql += " WHERE destination = ?"
        params.append(destination)
    cur = store.execute(sql + " ORDER BY id DESC LIMIT ?", params + [limit])
    cols = [d[0] for d in cur.description]
    out = []
    for r in cur:
        d = dict(zip(cols, r, strict=True))
        ctx = context_from_plain(json.loads(d.pop("context") or "{}"))
        code = SyncCode.__members__.get(d["code"])
        if code is None:  # a code this version does not know (a newer one wrote the log): its detail
            detail = ctx.get("detail")
            d["message"] = detail.text(lang) if isinstance(detail, Bilingual) else str(detail or d["code"])
        else:
            d["message"] = code.render(ctx, lang)
        out.append(d)
    return out


def queue_state(store: Store, destination: str | None = None) -> dict[str, int]:
    """How many copies are in each state (pending, sent, conflict, failed, …)."""
    sql = "SELECT state, count(*) FROM sync_outbox"
    params: list[Any] = []
    if destination:
        sql += " WHERE destination = ?"
        params.append(destination)
    return {s: n for s, n in store.execute(sql + " GROUP BY state", params)}


def check_connection(store: Store, settings: SyncSettings | None = None, *, password: str | None = None,
                     lang: str = "vi", timeout: float = 15.0) -> dict[str, Any]:
    """Preflight and form list only (the settings screen's "check" button)."""
    s = settings or load_settings(store)
    local = {f["form_id"]: f["version"] for f in store.forms()}
    ep = s.endpoint()
    secret = ""
    if not ep.uses_token:
        secret = password if password is not None else credentials.password_for(ep.key, ep.user)
        if not secret:
            raise SyncError(SyncCode.SYNC_NO_PASSWORD, user=ep.user, server=ep.display)
    client = OpenRosaClient(ep, password=secret, ca_bundle=s.ca_bundle, timeout=timeout, lang=lang)
    try:
        try:
            pre = client.preflight()
            forms = client.form_list()
        except NetworkError as err:
            raise SyncError(SyncCode.SYNC_NETWORK, server=ep.display, detail=err.detail) from None
    finally:
        client.close()
    on_server = {f.form_id: f.version for f in forms}
    return {
        "server": ep.display,
        "message": SyncCode.SYNC_CHECK_OK.render({"server": ep.display,
                                                  "version": pre.headers.get("x-openrosa-version", ""),
                                                  "forms": len(forms)}, lang),
        "forms": [{"form_id": fid, "local_version": ver, "server_version": on_server.get(fid, "")}
                  for fid, ver in sorted(local.items())],
    }


def overview(store: Store) -> dict[str, Any]:
    """For the sync screen: the saved settings, whether a secret is in the key store, the queue."""
    s = load_settings(store)
    dest, has_secret, uses_token = "", False, False
    if s.server:
        try:
            ep = s.endpoint()
        except AppError:
            ep = None
        if ep is not None:
            dest, uses_token = ep.key, ep.uses_token
            has_secret = ep.uses_token or credentials.has_secret(ep.key, ep.user)
    return {"settings": s, "destination": dest, "has_secret": has_secret, "uses_token": uses_token,
            "queue": queue_state(store, dest) if dest else {}, "conflicts": len(conflicts(store, dest or None))}
