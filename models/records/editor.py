"""Records: create, edit with autosave and audit, change status, delete and restore.

Every change an enumerator makes goes through :class:`RecordEditor`: the engine updates the
record, then the new answers, the derived columns, the revision and an audit row are written in
one transaction before the call returns. A killed process loses at most the field being typed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from forms.engine import Changes, FormSession, Issue
from forms.model import MEDIA_TYPES, FormDef
from forms.text_fold import fold_d
from models.records.errors import RecordCode, RecordError
from models.store.database import Store, new_record_id, utcnow
from models.store.errors import StoreCode, StoreError
from models.store.files import put_file
from models.store.revisions import content_hash, make_rev
from models.store.schema import AuditRow, add_audit, insert_record, update_record

#: question names the application fills from the installation's setup when a record is created
PREFILL_NAMES = {"province": "province", "commune": "commune", "enum_name": "user_name",
                 "enum_code": "user_code"}

#: names whose text is indexed for full-text search besides the record label
SEARCH_TYPES = ("text",)


def _meta_prefill(store: Store, form: FormDef) -> dict[str, str]:
    s = store.settings()
    now = datetime.now().astimezone()
    out: dict[str, str] = {}
    for e in form.elements:
        if e.repeats:
            continue
        if e.type == "start":
            out[e.name] = now.isoformat(timespec="milliseconds")
        elif e.type == "today":
            out[e.name] = now.date().isoformat()
        elif e.type == "deviceid":
            out[e.name] = s.get("device_id", "")
        elif e.type == "username":
            out[e.name] = s.get("user_name", "")
        elif e.type in ("email", "phonenumber"):  # the setup's, where it has them; else left empty
            out[e.name] = s.get(e.type, "")
    for qname, key in PREFILL_NAMES.items():
        if qname in form and s.get(key):
            out[qname] = s[key]
    return out


def record_label(form: FormDef, session: FormSession) -> str:
    """The name shown in lists: the form's ``instance_name`` setting, else the first name-like answer."""
    if form.instance_name is not None:
        v = session.evaluate(form.instance_name)
        if v:
            return v
    return _name_answer(form, lambda key: session.effective_value(key) if session.has(key) else "")


def label_from_values(form: FormDef, values: Mapping[str, Any]) -> str:
    """:func:`record_label` of a form without ``instance_name`` from a record's relevant values (its
    ``data``), without a session. A form with ``instance_name`` needs :func:`record_label`."""
    if form.instance_name is not None:
        raise ValueError(f"form {form.form_id} has an instance_name: use record_label with a session")
    return _name_answer(form, lambda key: str(values.get(key, "") or ""))


def _name_answer(form: FormDef, value) -> str:
    for key in ("unit_name", "head_name", "respondent_name", "name", "ten"):
        if key in form and not form[key].repeats:
            v = value(key)
            if v:
                return v
    for e in form.elements:
        if e.type == "text" and not e.repeats:
            v = value(e.name)
            if v and e.name not in ("enum_name", "village"):
                return v
    return ""


_PLANS: dict[int, tuple[FormDef, tuple]] = {}


def _search_text(form: FormDef, answers: Mapping[str, Any], label: str) -> str:
    got = _PLANS.get(id(form))
    if got is None or got[0] is not form:
        if len(_PLANS) > 64:
            _PLANS.clear()
        got = _PLANS[id(form)] = (form, search_plan(form))
    return search_text(got[1], answers, label)


def search_plan(form) -> tuple:
    """What :func:`_search_text` walks, worked out once per form: a tuple of
    ``(name, sub-plan)`` (a repeat: walk each instance with the sub-plan) and ``(name, None)`` (a
    searchable question); groups are transparent, so their members are inlined in order."""
    def build(container: str | None) -> list:
        out: list = []
        for e in form.children(container):
            if e.is_repeat:
                out.append((e.name, tuple(build(e.name))))
            elif e.type == "group":
                out.extend(build(e.name))
            elif e.type in SEARCH_TYPES:
                out.append((e.name, None))
        return out

    return tuple(build(None))


def search_text(plan: tuple, answers: Mapping[str, Any], label: str) -> str:
    """The text a record is found by (its label, then every text answer, roster members' included),
    walked along the form's :func:`search_plan`."""
    parts = [label]

    def walk(plan: tuple, values: Mapping[str, Any]) -> None:
        for name, sub in plan:
            if sub is None:
                x = values.get(name)
                if x:
                    parts.append(str(x))
            else:
                items = values.get(name)
                if type(items) is not list:  # damaged data (a repeat that is not a list): nothing to search
                    continue
                for item in items:
                    if type(item) is dict or isinstance(item, Mapping):
                        walk(sub, item)

    walk(plan, answers)
    return " ".join(p for p in parts if p)


def _village(session: FormSession) -> str:
    return session.effective_value("village") if session.has("village") else ""


#: roles whose corrections keep a complete record complete (see :func:`keeps_complete`)
REVIEWER_ROLES = ("clerk", "province")
#: edits that change a record's content (and reopen a complete record for an enumerator)
EDIT_ACTIONS = ("set", "add", "remove", "justify")


#: how many times :meth:`RecordEditor.set` saves an answer whose record another session keeps changing
#: (other answers) before it gives up with RECORD_CHANGED
SAVE_ATTEMPTS = 8


def keeps_complete(store: Store) -> bool:
    """Whether an edit on this installation leaves a *complete* record complete.

    An enumerator who changes a finished interview reopens it: it goes back to draft and must be
    checked and completed again. A commune clerk or the province correcting a complete record
    (a typo seen during review) keeps it complete, so a correction never drops the record out of
    the figures and the review list — as long as the corrected record has no open issue; a
    correction that leaves an issue open sends it back to draft like any other edit.
    """
    return store.acting_role() in REVIEWER_ROLES


def status_after_edit(store: Store, current: str, open_issues: int) -> str:
    """The status a record gets when its content is edited (``current`` = its status before)."""
    if current != "complete":
        return current
    return "complete" if keeps_complete(store) and not open_issues else "draft"


def erased_fields(store: Store, record_id: str) -> frozenset[str]:
    """The questions of a record whose answers an applied erasure of personal data removed."""
    return frozenset(f for (text,) in store.execute(
        "SELECT fields FROM erasures WHERE record_id = ? AND state = 'applied'", [record_id])
        for f in json.loads(text))


def loaded_session(store: Store, rec: Mapping[str, Any], form: FormDef | None = None, **kw: Any) -> FormSession:
    """A session holding record ``rec`` (a row of :meth:`Store.record`), its erased questions waived (their
    empty answers are not "required": they cannot be given again)."""
    session = FormSession(form or store.form(rec["form_id"], rec["form_version"]), **kw)
    session.waived = erased_fields(store, rec["id"])
    session.load(rec["answers"], rec["justifications"])
    return session


class RecordEditor:
    """One record open for data entry. Each change is durable when the method returns.

    ``date_style``: how the screen asks for dates ("dmy": day/month/year, the data-entry screen;
    "iso": year-month-day, the command line), used in the message for a date that is not valid.

    :meth:`reload` starts again from what the database holds (a new ``session`` and ``form``); it is
    the only way the editor's state is replaced, and every function given to :meth:`on_reload` is
    called after it, so a screen knows it shows a version the editor no longer holds.
    """

    def __init__(self, store: Store, record_id: str, *, lang: str | None = None, user: str | None = None,
                 today=None, date_style: str = "iso"):
        self.store = store
        self.record_id = record_id
        self.date_style = date_style
        self.user = user if user is not None else store.acting_user()
        self.lang = lang
        self.today = today
        self._reloaded: list[Callable[[], None]] = []
        self._load()

    def _load(self) -> None:
        """Read the record: its form version, a session with its answers, status and revision."""
        rec = self.store.record(self.record_id)
        self.form = self.store.form(rec["form_id"], rec["form_version"])
        self.session = loaded_session(self.store, rec, self.form, lang=self.lang, today=self.today,
                                      date_style=self.date_style)
        self.status = rec["status"]
        self.deleted = bool(rec["deleted"])
        self.last_path = rec["last_path"]
        self.review = rec["review"]
        #: the revision this editor's session holds; a save refuses to overwrite any other
        self.rev = rec["rev"]
        #: the questions whose answers an erasure of personal data removed (``models.exchange.erase``):
        #: they stay empty; an erasure keeps the revision, so it is also how a change elsewhere is seen
        self.erased = self.session.waived

    def _erased_fields(self) -> frozenset[str]:
        return erased_fields(self.store, self.record_id)

    @property
    def read_only(self) -> bool:
        """Approved or deleted records are shown, not edited (the clerk sends back first)."""
        return self.status == "approved" or self.deleted

    @property
    def edit_reopens(self) -> bool:
        """True if the next edit turns this complete record back into a draft (an enumerator's
        edit; a clerk's correction keeps it complete: :func:`keeps_complete`). Screens say so first."""
        return self.status == "complete" and not self.deleted and not keeps_complete(self.store)

    def changed_elsewhere(self) -> bool:
        """True if the database holds another revision than this editor's (an import, a review)."""
        row = self.store.execute("SELECT rev FROM records WHERE id = ?", [self.record_id]).fetchone()
        return row is None or row[0] != self.rev or self._erased_fields() != self.erased

    def on_reload(self, fn: Callable[[], None]) -> None:
        """Call ``fn()`` after every :meth:`reload` (the editor then holds a new session)."""
        self._reloaded.append(fn)

    def reload(self) -> None:
        """Start again from what the database holds (after a refused or failed save, or when the record
        changed elsewhere): a new session, the stored status and revision; then tell ``on_reload``."""
        self._load()
        for fn in list(self._reloaded):
            fn()

    # ---- editing
    # Each change is made in the session, then saved; if the save is refused or fails, the editor
    # goes back to what the database holds (so a screen never shows an unsaved value as saved) and
    # the error is raised for the screen to show.
    def set(self, path: str, value: Any) -> Changes:
        """Set one answer and save it. If the record changed elsewhere since it was loaded (a package
        import, the clerk's review), the editor reloads it and applies this answer on top — unless
        this very answer changed elsewhere too, which is refused (RECORD_FIELD_CHANGED) for a person
        to look at. Either way the editor has reloaded (``on_reload`` was told: screens rebuild)."""
        self._check_editable()
        if value not in (None, "") and re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1] in self._erased_fields():
            raise RecordError(RecordCode.FIELD_ERASED, record_id=self.record_id, path=path)
        old = self.session.value(path)
        changes = self.session.set_value(path, value)
        cleaned = changes.cleaned  # said again after a retry: the value given is the same
        if not (changes.values or changes.issues):
            return changes
        for attempt in range(SAVE_ATTEMPTS):
            try:
                self._save("set", path, old, self.session.value(path))
                return changes
            except RecordError as err:
                self.reload()
                # another session saved meanwhile: again on top of its version, while this answer is
                # untouched there (under contention the next try may meet yet another save)
                if err.code is not RecordCode.RECORD_CHANGED or attempt == SAVE_ATTEMPTS - 1:
                    raise
                if not self.session.has(path) or self.session.value(path) != old:
                    raise RecordError(RecordCode.RECORD_FIELD_CHANGED, record_id=self.record_id,
                                      path=path) from None
                changes = self.session.set_value(path, value)
                changes.structure = True
                changes.cleaned |= cleaned
            except Exception:
                self.reload()
                raise
        return changes  # pragma: no cover - the loop returns or raises

    def attach(self, path: str, data: bytes, *, original_name: str = "", media_type: str | None = None,
               file_name: str | None = None) -> Changes:
        """Attach a file to a media question: its name (ODK's: milliseconds and the original's extension,
        or ``file_name``) becomes the answer, and the answer, the record's ``files`` entry and the bytes are
        written in one transaction (durable when this returns). A file over
        :data:`models.records.attachments.MAX_FILE_BYTES` is refused (FILE_TOO_LARGE). Removing an
        attachment is ``set(path, "")``."""
        from models.records import attachments
        from models.records.attachments import media_type_of, new_file_name

        self._check_editable()
        e = self.form.get(path.rsplit(".", 1)[-1].split("[")[0])
        shown = original_name or file_name or ""
        if e is None or e.type not in MEDIA_TYPES:
            raise RecordError(RecordCode.FILE_NOT_MEDIA, path=path, file=shown)
        if len(data) > attachments.MAX_FILE_BYTES:
            raise attachments.too_large(path, shown, len(data))
        if e.type == "osm":
            why = attachments.osm_problem(data)
            if why is not None:
                from models.base.errors import Bilingual

                raise RecordError(RecordCode.FILE_NOT_OSM, path=path, file=shown, detail=Bilingual(*why))
        name = file_name or new_file_name(original_name, e.type)
        mtype = media_type or media_type_of(original_name or name, e.type)
        old = self.session.value(path)
        changes = self.session.set_value(path, name)
        try:
            self._save("set", path, old, name, new_files={name: (data, mtype)})
        except RecordError as err:
            self.reload()
            if err.code is not RecordCode.RECORD_CHANGED:
                raise
            if not self.session.has(path) or self.session.value(path) != old:
                raise RecordError(RecordCode.RECORD_FIELD_CHANGED, record_id=self.record_id,
                                  path=path) from None
            changes = self.session.set_value(path, name)
            changes.structure = True
            self._guarded_save("set", path, old, name, new_files={name: (data, mtype)})
        except Exception:
            self.reload()
            raise
        return changes

    def files(self) -> dict[str, dict[str, Any]]:
        """The record's attached files as stored: name -> {sha256, size, type}."""
        row = self.store.execute("SELECT files FROM records WHERE id = ?", [self.record_id]).fetchone()
        return json.loads(row[0] or "{}") if row else {}

    def justify(self, path: str, text: str) -> Changes:
        self._check_editable()
        old = self.session.justification(path)
        changes = self.session.justify(path, text)
        self._guarded_save("justify", path, old, text)
        return changes

    def add_instance(self, repeat: str, parent_path: str = "") -> str:
        self._check_editable()
        path, _changes = self.session.add_repeat(repeat, parent_path)
        self._guarded_save("add", path, None, None)
        return path

    def remove_instance(self, path: str) -> None:
        self._check_editable()
        old = json.dumps(self.session._answers_of(self.session.node(path)), ensure_ascii=False)
        self.session.remove_repeat(path)
        self._guarded_save("remove", path, old, None)

    def _check_editable(self) -> None:
        if self.read_only:
            raise RecordError(RecordCode.RECORD_READ_ONLY, record_id=self.record_id)

    def _guarded_save(self, *args, **kw) -> None:
        try:
            self._save(*args, **kw)
        except Exception:
            self.reload()
            raise

    def visit(self, path: str) -> None:
        """Remember where the enumerator is (reopening a draft lands here); no new revision."""
        if path == self.last_path:
            return
        self.last_path = path
        with self.store.write():
            update_record(self.store, self.record_id, {"last_path": path})

    def issues(self) -> list[Issue]:
        return self.session.issues()

    def mark_complete(self) -> list[Issue]:
        """Validate everything; if nothing is open, the record becomes 'complete'. Returns open issues."""
        self._check_editable()
        self.session.evaluate_all()
        open_issues = self.session.issues()
        if open_issues:
            self._save("validate", "", None, None)
            return open_issues
        end = next((e.name for e in self.form.elements if e.type == "end" and not e.repeats), None)
        if end:
            self.session.set_value(end, datetime.now().astimezone().isoformat(timespec="milliseconds"))
        self._guarded_save("status", "", self.status, "complete", status="complete")
        return []

    # ---- persistence
    def _save(self, action: str, path: str, old: Any, new: Any, *, status: str | None = None,
              new_files: Mapping[str, tuple[bytes, str]] | None = None) -> None:
        if self._erased_fields() != self.erased:  # erased meanwhile: this session still holds the values
            raise RecordError(RecordCode.RECORD_CHANGED, record_id=self.record_id)
        self.rev = save_session(self.store, self.record_id, self.session, action=action, path=path, old=old,
                                new=new, user=self.user, status=status,
                                last_path=path if action == "set" else None, expected_rev=self.rev,
                                new_files=new_files)
        if status:
            self.status = status
        elif self.status == "complete" and action in EDIT_ACTIONS:
            self.status = status_after_edit(self.store, self.status, len(self.session.issues()))


def save_session(store: Store, record_id: str, session: FormSession, *, action: str, path: str = "",
                 old: Any = None, new: Any = None, user: str = "", status: str | None = None,
                 last_path: str | None = None, expected_rev: str | None = None,
                 new_files: Mapping[str, tuple[bytes, str]] | None = None) -> str:
    """Write a session's state as the record's current revision, with one audit row. Returns the rev.

    ``new_files``: files attached by this change (name -> (bytes, media type)), kept in the same
    transaction. The record's ``files`` column keeps the names its media answers hold (a name no
    answer holds any more is dropped).

    ``expected_rev``: the revision the session was loaded from. If the record has changed since (a
    package import, the clerk's review, another window), nothing is written and RECORD_CHANGED is
    raised: a session never overwrites a revision it has not seen.
    """
    form = session.form
    answers, data = session.answers_and_values()
    just = session.to_justifications()
    issues = session.issues()
    label = record_label(form, session)
    now = utcnow()
    with store.write():
        row = store.execute("SELECT rev, rev_gen, ancestry, sealed, status, deleted, review, form_id, "
                            "form_version, modified_at, label, village, issues, files FROM records WHERE id = ?",
                            [record_id]).fetchone()
        if row is None:
            raise StoreError(StoreCode.RECORD_NOT_FOUND, record_id=record_id)
        (rev, gen, ancestry_json, sealed, cur_status, deleted, review, form_id, form_version, old_modified,
         old_label, old_village, old_issues, files_json) = row
        if expected_rev is not None and rev != expected_rev:
            raise RecordError(RecordCode.RECORD_CHANGED, record_id=record_id)
        if cur_status == "approved" and action in EDIT_ACTIONS:
            raise RecordError(RecordCode.RECORD_READ_ONLY, record_id=record_id)
        new_status = status or cur_status
        if status is None and action in EDIT_ACTIONS:
            # an enumerator's edit reopens a complete record; a clerk's correction keeps it complete
            new_status = status_after_edit(store, cur_status, len(issues))
        ancestry = json.loads(ancestry_json)
        if sealed:
            ancestry.append(rev)
            gen += 1
        old_files = json.loads(files_json or "{}")
        files = old_files
        if new_files or old_files:
            from models.records.attachments import kept_files

            added = {n: put_file(store, data, mtype, at=now) for n, (data, mtype) in (new_files or {}).items()}
            files = kept_files(form, answers, added, old_files)
        content = content_hash({"form_id": form_id, "form_version": form_version, "status": new_status,
                                "deleted": deleted, "answers": answers, "justifications": just,
                                "review": review, "files": files})
        parent = ancestry[-1] if ancestry else ""
        new_rev = make_rev(gen, parent, content)
        # With a conflict open, every device shows the leaf with the highest (generation, revision):
        # an edit here must stay that leaf, or this device would show it while the others show the
        # other side once it travels. It takes the generation after the highest leaf's (as a
        # resolution does); generations only order revisions, nothing else reads them.
        # (Held versions never become current, so they do not count.)
        top = store.execute("SELECT rev_gen, rev FROM record_conflicts WHERE record_id = ? AND held = 0 "
                            "ORDER BY rev_gen DESC, rev DESC LIMIT 1", [record_id]).fetchone()
        if top is not None and tuple(top) > (gen, new_rev):
            gen = top[0] + 1
            new_rev = make_rev(gen, parent, content)
        cols = {"answers": answers, "data": data, "justifications": just,
                "issues_json": issues_compact(issues), "rev": new_rev, "rev_gen": gen, "ancestry": ancestry,
                "sealed": 0, "content_hash": content}
        if files != old_files:
            cols["files"] = files
        # Columns the record list indexes are written only when they change, and the list's "last
        # change" keeps minute precision while typing: a keystroke's save then rewrites the row and
        # one index, not a dozen (the list's indexes all include modified_at).
        village = _village(session)
        if (len(issues), label, village, new_status) != (old_issues, old_label, old_village, cur_status):
            cols.update({"issues": len(issues), "label": label, "village": village, "status": new_status})
        if action not in ("set", "justify") or (old_modified or "")[:16] != now[:16]:
            cols["modified_at"] = now
        if last_path is not None:
            cols["last_path"] = last_path
        update_record(store, record_id, cols)
        who = (user or "", store.device_id)
        trail = [AuditRow(record_id, now, *who, action, path, _txt(old), _txt(new), new_rev)]
        if new_status != cur_status and action != "status":
            trail.append(AuditRow(record_id, now, *who, "status", old=cur_status, new=new_status,
                                  rev=new_rev))
        add_audit(store, trail)
        e = form.get(path.rsplit(".", 1)[-1].split("[")[0]) if path else None
        if action != "set" or e is None or e.type in SEARCH_TYPES or path in ("village",):
            _index(store, record_id, _search_text(form, answers, label))
    return new_rev


def issues_compact(issues) -> list[list[str]]:
    """Open issues as stored: [path, kind] pairs (messages depend on the reader's language)."""
    return [[i.path, i.kind] for i in issues]


def _txt(v: Any) -> str | None:
    if v is None or v == "":
        return None
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def _index(store: Store, record_id: str, text: str) -> None:
    """(Re)write a record's search row. Its rowid is the record's rowid (migration
    m030_ui_search_rowids), so the list can match searches by integer and delete without a scan."""
    row = store.execute("SELECT rowid FROM records WHERE id = ?", [record_id]).fetchone()
    if row is None:
        return
    store.execute("DELETE FROM records_fts WHERE rowid = ?", [row[0]])
    store.execute("INSERT INTO records_fts(rowid, record_id, text) VALUES (?, ?, ?)",
                  [row[0], record_id, fold_d(text or "")])


def create_record(store: Store, form_id: str, *, version: str | None = None, prefill: Mapping[str, Any] | None = None,
                  record_id: str | None = None, user: str | None = None, today=None) -> str:
    """A new draft of a form's latest (or given) version, prefilled from the installation's setup."""
    form = store.form(form_id, version)
    session = FormSession(form, today=today)
    fill = _meta_prefill(store, form)
    fill.update(prefill or {})
    session.start(fill)
    rid = record_id or new_record_id()
    s = store.settings()
    now = utcnow()
    answers = session.to_answers()
    just: dict[str, str] = {}
    content = content_hash({"form_id": form.form_id, "form_version": form.version, "status": "draft",
                            "deleted": 0, "answers": answers, "justifications": just, "review": {}})
    rev = make_rev(1, "", content)
    issues = session.issues()
    label = record_label(form, session)
    commune = session.effective_value("commune") if session.has("commune") else s.get("commune", "")
    with store.write():
        insert_record(store, {
            "id": rid, "form_id": form.form_id, "form_version": form.version, "status": "draft", "deleted": 0,
            "answers": answers, "justifications": just, "review": {}, "commune": commune or "",
            "village": _village(session), "enumerator": s.get("user_code", ""), "device_id": store.device_id,
            "created_at": now, "modified_at": now, "rev": rev, "rev_gen": 1, "ancestry": [],
            "content_hash": content, "data": session.to_values(), "issues": len(issues),
            "issues_json": issues_compact(issues), "label": label, "sealed": 0, "last_path": ""})
        who = (user if user is not None else store.acting_user(), store.device_id)
        add_audit(store, [AuditRow(rid, now, *who, "create", new=f"{form.form_id} {form.version}", rev=rev)])
        _index(store, rid, _search_text(form, answers, label))
    return rid


_TRANSITIONS = {
    ("draft", "complete"), ("complete", "draft"), ("returned", "complete"), ("returned", "draft"),
    ("complete", "approved"), ("complete", "returned"), ("approved", "returned"),
}


def set_status(store: Store, record_id: str, status: str, *, user: str | None = None) -> None:
    """Change a record's status (review workflow) as a new revision with an audit row."""
    rec = store.record(record_id)
    if (rec["status"], status) not in _TRANSITIONS:
        raise RecordError(RecordCode.BAD_STATUS, old=rec["status"], new=status)
    session = loaded_session(store, rec)
    if status == "complete" and session.issues():
        raise RecordError(RecordCode.NOT_COMPLETE, count=len(session.issues()))
    save_session(store, record_id, session, action="status", old=rec["status"], new=status,
                 user=user if user is not None else store.acting_user(), status=status)


def set_deleted(store: Store, record_id: str, deleted: bool, *, user: str | None = None) -> None:
    """Soft delete (or restore) a record; nothing is removed from the database."""
    rec = store.record(record_id)
    if bool(rec["deleted"]) == deleted:
        return
    session = loaded_session(store, rec)
    with store.write():
        update_record(store, record_id, {"deleted": int(deleted)})
        save_session(store, record_id, session, action="delete" if deleted else "restore",
                     user=user if user is not None else store.acting_user())
