"""Records from ODK: XForm instance documents (ODK Collect's saved instances, Central's submissions) into
the database as records, through the same merge as transfer packages (:mod:`models.exchange.merge`).

An instance becomes a record whose id is its *logical* instance id (the first ``instanceID`` of its
edit chain): the id Central shows for the submission, and the id our own sync sends a record's first
copy under, so a laptop record that went to Central and comes back is the same record, counted once.
Each version of the chain becomes a revision whose generation and ancestry follow the chain, made
from the instance's answers alone (the engine recomputes the rest), so:

* importing the same instance again changes nothing (same revision: ``unchanged``);
* an edit made in Central (a newer version) supersedes the version it edited: a new revision;
* a record edited here since it arrived, and edited in Central too, keeps both as a conflict for a
  person (the record's conflict screen), as two packages would;
* a version that is a copy our sync sent (its instance id is in ``sync_outbox``) stands for the
  revision it was made from: it is not imported again.

Media files named by the instance (photo, signature, …) are kept with the revision when they came
with it. An instance of a form version this database does not have is refused with the reason
(``ODK_INSTANCE``), the others go on.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.base.changes import NOTHING, RECORDS, Changes
from models.base.errors import AppError, Bilingual
from models.exchange.errors import PackageCode, PackageError
from models.store.database import Store, utcnow
from models.store.revisions import content_hash, generation, make_rev

#: the largest instance document read (a Collect instance is a few kB; a photo goes as a separate file)
MAX_XML = 20 * 1024 * 1024
#: the largest media file read from a Collect folder or ZIP
MAX_MEDIA = 200 * 1024 * 1024


@dataclass
class OdkVersion:
    """One version of a submission: its instance document and the files it came with."""

    xml: bytes
    files: dict[str, bytes] = field(default_factory=dict)
    source: str = ""  # what a message names: a file, a submission


@dataclass
class Parsed:
    form_id: str
    version: str
    instance_id: str
    deprecated_id: str
    answers: dict[str, Any]


@dataclass
class OdkImportSummary:
    """What an import or pull did, counted per record (a submission with its edit chain is one)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    refused: int = 0
    #: (source, reason) of each instance refused
    reasons: list[tuple[str, Bilingual]] = field(default_factory=list)
    conflict_ids: list[str] = field(default_factory=list)
    changes: Changes = field(default=NOTHING, compare=False, repr=False)

    def line(self) -> str:
        return (f"added={self.added} updated={self.updated} unchanged={self.unchanged} "
                f"conflicts={self.conflicts} refused={self.refused}")

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "conflicts": self.conflicts, "refused": self.refused, "conflict_ids": self.conflict_ids,
                "reasons": [{"source": s, "reason": r.text(lang)} for s, r in self.reasons]}


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def parse_instance(store: Store, xml: bytes, source: str) -> tuple[Parsed, Any]:
    """The instance's form, ids and answers (nested as the records table keeps them), and its form.
    Raises ODK_INSTANCE naming ``source`` when it cannot be used."""
    from lxml import etree

    def bad(vi: str, en: str) -> PackageError:
        return PackageError(PackageCode.ODK_INSTANCE, path=source, detail=Bilingual(vi, en))

    if len(xml) > MAX_XML:
        raise bad("tệp phiếu quá lớn", "the instance file is too large")
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as err:
        raise bad(f"không đọc được XML ({err.msg})", f"the XML cannot be read ({err.msg})") from None
    form_id, version = root.get("id") or "", root.get("version") or ""
    if not form_id:
        raise bad("phiếu không ghi mã biểu mẫu (thuộc tính id)", "the instance names no form (its id attribute)")
    try:
        form = store.form(form_id, version or None)
    except AppError:
        raise bad(f"cơ sở dữ liệu này không có biểu mẫu '{form_id}' phiên bản '{version}': hãy thêm biểu mẫu "
                  "đó trước", f"this database does not have form '{form_id}' version '{version}': add that "
                  "form first") from None
    meta = next((c for c in root if _local(c.tag) == "meta"), None)
    iid = dep = ""
    if meta is not None:
        for c in meta:
            if _local(c.tag) == "instanceID":
                iid = (c.text or "").strip()
            elif _local(c.tag) == "deprecatedID":
                dep = (c.text or "").strip()
    if not iid or len(iid) > 200:
        raise bad("phiếu không có mã instanceID", "the instance has no instanceID")

    def walk(node: Any, out: dict[str, Any]) -> dict[str, Any]:
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = _local(child.tag)
            if node is root and name == "meta":
                continue
            el = form.get(name)
            if el is None:
                continue  # an element the form does not know (a newer form's question): not kept
            if el.is_repeat:
                out.setdefault(name, []).append(walk(child, {}))
            elif el.is_container:
                walk(child, out)
            elif child.text is not None and child.text != "":
                out[name] = child.text
        return out

    return Parsed(form_id, form.version, iid, dep, walk(root, {})), form


def _version_fields(store: Store, form: Any, rid: str, answers: Mapping[str, Any], files: Mapping[str, Any],
                    parent: str, gen: int, ancestry: list[str], base: Mapping[str, Any] | None) -> dict[str, Any]:
    """A revision of record ``rid`` holding ``answers`` (recomputed by the engine), as a package carries it."""
    from forms.engine import FormSession
    from models.records.attachments import kept_files
    from models.records.editor import _village, issues_compact, record_label
    from models.store.schema import VERSION_FIELDS

    session = FormSession(form)
    session.load(dict(answers), {})
    answers = session.to_answers()
    issues = session.issues()
    now = utcnow()
    commune = session.effective_value("commune") if session.has("commune") else ""
    v: dict[str, Any] = {
        "id": rid, "form_id": form.form_id, "form_version": form.version, "status": "complete", "deleted": 0,
        "answers": answers, "justifications": session.to_justifications(), "review": {},
        "files": kept_files(form, answers, files),
        "commune": str(commune or (base or {}).get("commune", "") or ""), "village": _village(session),
        "enumerator": str((base or {}).get("enumerator", "") or ""),
        "device_id": str((base or {}).get("device_id", "") or ""),
        "created_at": str((base or {}).get("created_at", "") or now), "modified_at": now,
        "ancestry": ancestry, "rev_gen": gen, "data": session.to_values(), "issues": len(issues),
        "issues_json": issues_compact(issues), "label": record_label(form, session)}
    v["content_hash"] = content_hash(v)
    v["rev"] = make_rev(gen, parent, v["content_hash"])
    return {k: v[k] for k in VERSION_FIELDS}


def import_chains(store: Store, chains: Sequence[Sequence[OdkVersion]], *, user: str = "", note: str = "odk"
                  ) -> OdkImportSummary:
    """Import submissions, each an edit chain oldest first (one version for a Collect instance). Each
    chain is merged in its own transaction; a refused one is counted with its reason, the others go on."""
    from models.exchange.merge import merge_versions
    from models.records.attachments import media_type_of, referenced
    from models.store.files import file_entry, put_file

    s = OdkImportSummary()
    changed = False
    for chain in chains:
        if not chain:
            continue
        shown = chain[-1].source or "?"
        try:
            parsed = [parse_instance(store, v.xml, v.source or shown) for v in chain]
            logical = parsed[0][0].instance_id
            ours = _our_copies(store, [p.instance_id for p, _f in parsed])
            row = store.execute("SELECT commune, enumerator, device_id, created_at FROM records WHERE id = ?",
                                [logical]).fetchone()
            base = dict(zip(("commune", "enumerator", "device_id", "created_at"), row, strict=True)) if row else None
            versions: list[dict[str, Any]] = []
            ancestry: list[str] = []
            parent = ""
            media: list[tuple[bytes, str]] = []
            sent_here: dict[str, Any] | None = None
            for (p, form), v in zip(parsed, chain, strict=True):
                if p.instance_id in ours:  # a copy our sync sent: the revision it was made from
                    parent = ours[p.instance_id]
                    ancestry = [*_ancestry_of(store, logical, parent), parent]
                    continue
                if row is not None and not versions:
                    # the record is here already (a laptop's, by package, that also went to Central): a
                    # version whose answers are the current revision's, as a submission carries them,
                    # stands for that revision
                    if sent_here is None:
                        sent_here = _current_as_sent(store, logical, v.source or shown)
                    if sent_here.get("answers") == p.answers and sent_here.get("form") == (p.form_id, p.version):
                        parent = sent_here["rev"]
                        ancestry = [*sent_here["ancestry"], parent]
                        continue
                named = referenced(form, p.answers)  # only the files its answers name are kept
                files = {n: file_entry(d, media_type_of(n)) for n, d in v.files.items() if n in named}
                media.extend((d, media_type_of(n)) for n, d in v.files.items() if n in named)
                gen = generation(parent) + 1 if parent else 1
                fields = _version_fields(store, form, logical, p.answers, files, parent, gen, list(ancestry), base)
                versions.append(fields)
                ancestry = [*ancestry, fields["rev"]]
                parent = fields["rev"]
            if not versions:
                s.unchanged += 1
                continue
            with store.write():
                for data, mt in media:
                    put_file(store, data, mt, at=utcnow())
                out = merge_versions(store, versions, sealed=True, user=user, note=note, where=shown)
        except AppError as err:
            s.refused += 1
            s.reasons.append((shown, Bilingual(err.message("vi"), err.message("en"))))
            continue
        if out.conflicts:
            s.conflicts += 1
            s.conflict_ids.append(logical)
        elif out.added:
            s.added += 1
        elif out.updated:
            s.updated += 1
        else:
            s.unchanged += 1
        changed = changed or bool(out.added or out.updated or out.conflicts)
    s.changes = Changes.of(RECORDS) if changed else NOTHING
    return s


def _current_as_sent(store: Store, rid: str, source: str) -> dict[str, Any]:
    """The record's current revision as a submission of it carries its answers (the engine's instance
    document read back), with its form, revision and ancestry."""
    import json

    from forms.engine import FormSession

    row = store.execute("SELECT form_id, form_version, answers, justifications, rev, ancestry FROM records "
                        "WHERE id = ?", [rid]).fetchone()
    if row is None:
        return {}
    form = store.form(row[0], row[1])
    session = FormSession(form)
    session.load(json.loads(row[2] or "{}"), json.loads(row[3] or "{}"))
    parsed, _form = parse_instance(store, session.instance_xml(rid), source)
    return {"answers": parsed.answers, "form": (parsed.form_id, parsed.version), "rev": row[4],
            "ancestry": json.loads(row[5] or "[]")}


def _our_copies(store: Store, instance_ids: Iterable[str]) -> dict[str, str]:
    """Instance id -> the revision of the record our sync sent under that id."""
    ids = list(instance_ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {iid: rev for iid, rev in store.execute(
        f"SELECT instance_id, rev FROM sync_outbox WHERE instance_id IN ({marks}) AND state IN ('sent', 'pending')",
        ids)}


def _ancestry_of(store: Store, rid: str, rev: str) -> list[str]:
    import json

    row = store.execute("SELECT rev, ancestry FROM records WHERE id = ?", [rid]).fetchone()
    if row is None:
        return []
    anc = json.loads(row[1] or "[]")
    if row[0] == rev:
        return anc
    return anc[:anc.index(rev)] if rev in anc else []


# ---------------------------------------------------------------------- ODK Collect's instances folder


def collect_instances(path: str | os.PathLike) -> list[OdkVersion]:
    """The saved instances of ODK Collect's ``instances/`` folder (one sub-folder per instance: its XML
    and media files), or of a ZIP of it, read into memory."""
    p = Path(path)
    out: list[OdkVersion] = []
    if p.is_file() and zipfile.is_zipfile(p):
        with zipfile.ZipFile(p) as zf:
            by_dir: dict[str, dict[str, zipfile.ZipInfo]] = {}
            for info in zf.infolist():
                if info.is_dir() or "__MACOSX" in info.filename:
                    continue
                parent, _, name = info.filename.replace("\\", "/").rpartition("/")
                by_dir.setdefault(parent, {})[name] = info
            for folder, files in sorted(by_dir.items()):
                xmls = [n for n in files if n.lower().endswith(".xml")]
                for x in xmls:
                    if files[x].file_size > MAX_XML:
                        continue
                    media = {n: zf.read(i) for n, i in files.items()
                             if n not in xmls and i.file_size <= MAX_MEDIA}
                    out.append(OdkVersion(zf.read(files[x]), media, f"{p.name}:{folder}/{x}".replace(":/", ":")))
        return out
    if not p.is_dir():
        raise PackageError(PackageCode.ODK_INSTANCE, path=str(p), detail=Bilingual(
            "không phải thư mục instances của ODK Collect hay tệp ZIP của nó",
            "neither ODK Collect's instances folder nor a ZIP of it"))
    for xml in sorted(p.rglob("*.xml")):
        if xml.stat().st_size > MAX_XML:
            continue
        media = {f.name: f.read_bytes() for f in xml.parent.iterdir()
                 if f.is_file() and f.suffix.lower() != ".xml" and f.stat().st_size <= MAX_MEDIA}
        out.append(OdkVersion(xml.read_bytes(), media, str(xml.relative_to(p.parent))))
    return out


def import_collect(store: Store, path: str | os.PathLike, *, user: str = "") -> OdkImportSummary:
    """Import ODK Collect's saved instances (folder or ZIP) as records: idempotent by instance id. An
    instance that corrects another (``deprecatedID``) follows it in the same chain."""
    found = collect_instances(path)
    parsed_ids: dict[int, tuple[str, str]] = {}
    from lxml import etree

    for i, v in enumerate(found):
        try:
            root = etree.fromstring(v.xml, etree.XMLParser(resolve_entities=False, no_network=True))
            meta = next((c for c in root if _local(c.tag) == "meta"), None)
            get = {(_local(c.tag)): (c.text or "").strip() for c in (meta if meta is not None else [])}
            parsed_ids[i] = (get.get("instanceID", ""), get.get("deprecatedID", ""))
        except etree.XMLSyntaxError:
            parsed_ids[i] = ("", "")
    by_id = {iid: i for i, (iid, _d) in parsed_ids.items() if iid}
    follows = {i: by_id.get(dep) for i, (_iid, dep) in parsed_ids.items() if dep}
    heads = [i for i in range(len(found)) if follows.get(i) is None]
    nxt = {prev: i for i, prev in follows.items() if prev is not None}
    chains = []
    for h in heads:
        chain: list[OdkVersion] = []
        seen: set[int] = set()
        cur: int | None = h
        while cur is not None and cur not in seen:
            seen.add(cur)
            chain.append(found[cur])
            cur = nxt.get(cur)
        chains.append(chain)
    return import_chains(store, chains, user=user, note="collect")


def collect_job(store: Store, path: str | os.PathLike, *, cancel: Any = None, lang: str = "vi",
                wait_lock: float = 600.0, user: str = ""):
    """:func:`import_collect` as a job on the database's writer (``ui.worker.WriteJob``): takes the run
    lock like a package import (waiting with progress lines), yields :class:`Progress`, returns the
    :class:`OdkImportSummary`."""
    from models.base.progress import Progress
    from models.store import runlock

    lock = yield from runlock.hold(store.path, "import", wait=wait_lock, cancel=cancel, lang=lang)
    try:
        yield Progress(0, 1, os.path.basename(os.fspath(path)))
        summary = import_collect(store, path, user=user or store.settings().get("user_name", ""))
        yield Progress(1, 1, "")
        return summary
    finally:
        if lock is not None:
            lock.release()
