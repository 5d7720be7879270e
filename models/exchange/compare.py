"""What the conflict, duplicate and review views show: questions a person answered, with their labels
and choice labels, and who made each version.

:func:`models.exchange.merge.side_by_side` lists every stored path with raw values; these views hide what an
interviewer never typed (metadata such as start/end/device id, calculations, notes — the engine
recomputes them when a version is built) and give each row the question's type and choice labels so
the screen can show "Có (1)" instead of "1". :func:`version_origin` says who and which installation
made a version (from the audit trail that travels with packages, and the senders a package import
remembered).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from forms.model import MEDIA_TYPES
from models.base.errors import AppError
from models.exchange.merge import side_by_side
from models.records.flat import DELETED_PATH, STATUS_PATH
from models.store.database import Store

#: element types nobody types in: hidden from the comparison views (kept as they are when resolving)
HIDDEN_TYPES = frozenset({"start", "end", "today", "deviceid", "username", "instanceID", "calculate", "note",
                          "simserial", "subscriberid", "phonenumber", "audit", "email"})

_LINE = re.compile(r"\[(\d+)\]")
_REF = re.compile(r"\$\{([A-Za-z_][\w.\-]*)\}")


def _form(store: Store, version: Mapping[str, Any]):
    try:
        return store.form(version["form_id"], version["form_version"])
    except AppError:
        return None


def _fill_refs(label: str, answers: Mapping[str, Any], form=None) -> str:
    """``${name}`` in a label shows the (first version's) answer, as the entry screen fills it."""
    def value(m: re.Match) -> str:
        v = answers.get(form.ref_key(m.group(1)) if form is not None else m.group(1))
        return str(v) if v and not isinstance(v, (list, dict)) else "…"

    return _REF.sub(value, label)


def comparison_rows(store: Store, versions: list[Mapping[str, Any]], *, lang: str = "vi") -> list[dict[str, Any]]:
    """Rows for a field-by-field view of ``versions`` (same form): ``path``, ``label`` (in ``lang``,
    "vi"/"en"), ``values`` (raw, None = absent), ``same``, ``kind`` (the question type, or
    "status"/"deleted" for the record's state), ``choices`` ({code: label} of a choice question),
    ``lines`` (repeat line numbers, e.g. [2] for the second member). Metadata and calculations are
    left out."""
    form = _form(store, versions[0])
    first = versions[0].get("answers") or {}
    out = []
    for r in side_by_side(store, versions, lang=lang):
        p = r["path"]
        row = dict(r)
        row["lines"] = [int(x) for x in _LINE.findall(p)]
        if p == STATUS_PATH:
            row.update(kind="status", choices={}, label=r["label"])
            out.append(row)
            continue
        if p == DELETED_PATH:
            if r["same"] and r["values"][0] in ("0", None):
                continue  # neither version is deleted: nothing to decide
            row.update(kind="deleted", choices={}, label=r["label"])
            out.append(row)
            continue
        name = p.rsplit(".", 1)[-1].split("[")[0]
        e = form.get(name) if form is not None else None
        if e is not None and e.type in HIDDEN_TYPES:
            continue
        kind = e.type if e is not None else "text"
        if e is not None and e.is_repeat:
            kind = "repeat"
        label = (form.label(name, lang) if form is not None and e is not None else "") or name
        label = _fill_refs(label, first, form)
        row["label"] = " ".join(label.split())  # one line (labels may hold line breaks)
        row["kind"] = kind
        row["choices"] = ({c.name: form.text(c.labels, lang) or c.name for c in form.choices.get(e.list_name, ())}
                          if e is not None and e.list_name else {})
        if kind in MEDIA_TYPES:
            # the attached file of each version (None = no file): two versions agree only on the same bytes
            row["files"] = [(v.get("files") or {}).get(val) if val else None
                            for v, val in zip(versions, r["values"], strict=True)]
            row["same"] = r["same"] and len({(f or {}).get("sha256") for f in row["files"]}) <= 1
        out.append(row)
    return out


def media_text(row: Mapping[str, Any], value: str | None, lang: str = "vi") -> str | None:
    """A media answer as the conflict view shows it: the file's name and size (``1712345678901.jpg
    (48 KiB)``); another value as it is."""
    if not value or row.get("kind") not in MEDIA_TYPES:
        return value
    from models.records.attachments import size_text

    values = row.get("values") or []
    for val, f in zip(values, row.get("files") or [], strict=False):
        if val == value and f:
            return f"{value} ({size_text(int(f.get('size', 0)), lang)})"
    return value


def choice_text(row: Mapping[str, Any], value: str | None) -> str | None:
    """A choice question's value as labels with the code in brackets ("Có (1)"); other values as they are."""
    if value is None or not row.get("choices") or value == "":
        return value
    names = value.split() if row.get("kind") == "select_multiple" else [value]
    return "; ".join(f"{row['choices'].get(n, n)} ({n})" for n in names)


def version_origin(store: Store, record_id: str, version: Mapping[str, Any]) -> dict[str, Any]:
    """Who made a version and where: ``name`` (person), ``code``, ``role``, ``this_device`` (made
    here), ``device_id``. From the audit row of that revision (audit travels in packages), the
    senders this installation knows (``pkg_senders``), and the record's enumerator code."""
    user, device = "", version.get("device_id") or ""
    row = store.execute("SELECT user, device_id FROM audit WHERE record_id = ? AND rev = ? ORDER BY id DESC LIMIT 1",
                        [record_id, version.get("rev", "")]).fetchone()
    if row is not None:
        user, device = row[0] or "", row[1] or device
    this = bool(device) and device == store.device_id
    name, code, role = user, "", ""
    if this:
        s = store.settings()
        name, code, role = user or s.get("user_name", ""), s.get("user_code", ""), s.get("role", "")
    elif device:
        sender = store.execute("SELECT name, code, role FROM pkg_senders WHERE device_id = ? "
                               "ORDER BY last_seen DESC LIMIT 1", [device]).fetchone()
        if sender is not None:
            name, code, role = user or sender[0], sender[1], sender[2]
    if not code and not this:
        code = version.get("enumerator", "")
    return {"name": name, "code": code, "role": role, "this_device": this, "device_id": device}


__all__ = ["HIDDEN_TYPES", "choice_text", "comparison_rows", "media_text", "version_origin"]
