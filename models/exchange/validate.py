"""What a receiver checks in what arrives, beyond signatures and revision ids (issue 16).

A package signed by a known key still says only what its sender claims. The revision id covers a
record's content (``CONTENT_FIELDS``: answers, status, review…); everything else that travels with it
is checked here against that content or against plain rules, so that no field a screen, an export or
the merge reads is taken on trust:

* ``data`` (what exports and the record list read) must be the answers kept: every value in it must be
  the same value at the same place in ``answers`` (:func:`data_problem`);
* who/where/when metadata must have its form: ``commune`` empty or five digits, ``created_at`` and
  ``modified_at`` ISO date-times, short codes without control characters, ``village`` the answer
  ``village`` (or empty) (:func:`metadata_problem`);
  the manifest's ``kind``, ``created_at`` and sender fields likewise (:func:`manifest_problem`);
* a revision's generation must follow from its ancestry (:func:`generation_explained`): one more than
  its parent's, unless a revision this receiver knows explains the step (an edit made while a
  conflict was open takes the generation after the other side's).

Versions whose metadata is malformed refuse the package (the field named); versions that are
well-formed but not believable (an unexplained generation, a record outside this unit's area or
moved to another commune) are *held* for a person by the merge, like an untrusted sender's update.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any

from models.base.errors import Bilingual

#: a commune code (the General Statistics Office's five digits); empty on an installation without one
COMMUNE = re.compile(r"(?:[0-9]{5})?")
#: what an ISO date-time written by this app (or by ODK) looks like, before ``fromisoformat`` reads it
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?"
                  r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?")
#: control characters no metadata text may hold (tab and line breaks are allowed in a label only)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_LINE = re.compile("[\x00-\x1f\x7f]")
#: the longest a code may be (who entered a record, on which device)
_MAX = {"enumerator": 200, "device_id": 200}


def is_iso_time(text: Any) -> bool:
    """``text`` is an ISO date or date-time (``2026-12-06T15:31:38.123Z``)."""
    if not isinstance(text, str) or len(text) > 40 or not _ISO.fullmatch(text):
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def metadata_problem(v: Mapping[str, Any]) -> Bilingual | None:
    """None if a version's who/where/when fields have their form; else what is wrong, the field named.
    (Their types were checked already: ``merge.check_version``.)"""
    rid = v["id"]
    commune = v["commune"]
    if not COMMUNE.fullmatch(commune):
        return Bilingual(f"phiếu {rid}: 'commune' phải là mã xã 5 chữ số (gặp {_shown(commune)})",
                         f"record {rid}: 'commune' must be a five-digit commune code (found {_shown(commune)})")
    for k in ("created_at", "modified_at"):
        if not is_iso_time(v[k]):
            return Bilingual(f"phiếu {rid}: '{k}' không phải ngày giờ ISO (gặp {_shown(v[k])})",
                             f"record {rid}: '{k}' is not an ISO date-time (found {_shown(v[k])})")
    for k, most in _MAX.items():
        text = v[k]
        if len(text) > most or _CONTROL_LINE.search(text):
            what_vi = f"dài quá {most} ký tự" if len(text) > most else "chứa ký tự điều khiển"
            what_en = f"is longer than {most} characters" if len(text) > most else "holds a control character"
            return Bilingual(f"phiếu {rid}: '{k}' {what_vi}", f"record {rid}: '{k}' {what_en}")
    # derived from the answers (as long as they are): the village is the answer 'village' or empty
    if _CONTROL.search(v["label"]):
        return Bilingual(f"phiếu {rid}: 'label' chứa ký tự điều khiển", f"record {rid}: 'label' holds a control "
                         "character")
    village, data = v["village"], v["data"]
    if village and village != str(data.get("village", "")):
        return Bilingual(f"phiếu {rid}: 'village' không phải câu trả lời 'village' (gặp {_shown(village)})",
                         f"record {rid}: 'village' is not the answer 'village' (found {_shown(village)})")
    return None


def data_problem(v: Mapping[str, Any]) -> Bilingual | None:
    """None if a version's ``data`` holds only answers it has (the relevant ones, as the engine keeps
    them: ``forms.engine.FormSession.answers_and_values``); else the first path where it does not."""
    where = _not_within(v["data"], v["answers"], "")
    if where is None:
        return None
    rid = v["id"]
    return Bilingual(f"phiếu {rid}: 'data' không khớp câu trả lời ở '{where}' (dữ liệu xuất sẽ sai)",
                     f"record {rid}: 'data' does not match the answers at '{where}' (exports would be wrong)")


def _not_within(data: Any, answers: Any, path: str) -> str | None:
    """The first path where ``data`` is not part of ``answers`` (same values, same repeat instances).
    Equal subtrees are compared whole (in C): most records keep every answer, or nearly."""
    if data == answers:
        return None
    todo = [(data, answers, path)]
    while todo:
        d, a, p = todo.pop()
        if isinstance(d, dict):
            if not isinstance(a, dict):
                return p or "/"
            for k, x in d.items():
                y = a.get(k, _MISSING)
                if y is _MISSING:
                    return f"{p}/{k}" if p else str(k)
                if x != y or type(x) is not type(y):
                    todo.append((x, y, f"{p}/{k}" if p else str(k)))
        elif isinstance(d, list):
            if not isinstance(a, list) or len(a) != len(d):
                return p
            todo.extend((x, y, f"{p}[{i + 1}]") for i, (x, y) in enumerate(zip(d, a, strict=True)) if x != y)
        elif d != a or type(d) is not type(a):
            return p
    return None


_MISSING = object()


def generation_explained(gen: int, ancestry: list[str], known: Collection[int]) -> bool:
    """Whether generation ``gen`` follows from ``ancestry`` (oldest first): each step up, through the
    ancestry to the revision itself, is by one, or lands one above a generation in ``known`` (the
    generations of the revisions of the record this receiver knows: an edit made while a conflict was
    open takes the generation after the other side's, ``models.records.editor.save_session``)."""
    from models.store.revisions import generation

    prev = 0
    for g in [*map(generation, ancestry), gen]:
        if g > prev + 1 and (g - 1) not in known:
            return False
        prev = max(prev, g)
    return True


def manifest_problem(manifest: Mapping[str, Any]) -> Bilingual | None:
    """None if the manifest's descriptive entries have their form (``kind``, ``created_at``, the sender's
    texts); else which one is wrong."""
    kind = manifest.get("kind", "")
    if not isinstance(kind, str) or len(kind) > 40 or _CONTROL_LINE.search(kind):
        return Bilingual("mục 'kind' của manifest.json không phải một từ ngắn",
                         "the manifest's 'kind' is not a short word")
    created = manifest.get("created_at")
    if not is_iso_time(created):
        return Bilingual(f"mục 'created_at' của manifest.json không phải ngày giờ ISO (gặp {_shown(created)})",
                         f"the manifest's 'created_at' is not an ISO date-time (found {_shown(created)})")
    sender = manifest.get("sender")
    if not isinstance(sender, dict):
        return Bilingual("mục 'sender' của manifest.json sai dạng", "the manifest's 'sender' is malformed")
    for k in ("device_id", "name", "code", "role", "province", "commune"):
        x = sender.get(k, "")
        if not isinstance(x, str) or len(x) > 200 or _CONTROL_LINE.search(x):
            return Bilingual(f"mục 'sender.{k}' của manifest.json không phải chuỗi ngắn",
                             f"the manifest's 'sender.{k}' is not a short text")
    if not COMMUNE.fullmatch(sender.get("commune", "")):
        return Bilingual("mục 'sender.commune' của manifest.json phải là mã xã 5 chữ số",
                         "the manifest's 'sender.commune' must be a five-digit commune code")
    return None


def _shown(value: Any) -> str:
    """A value as a message may quote it: short, control characters made visible."""
    text = value if isinstance(value, str) else repr(value)
    text = _CONTROL_LINE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return "'" + text[:40] + ("…" if len(text) > 40 else "") + "'"


def area_of(role: str, commune: str, province: str) -> Callable[[str], bool] | None:
    """Whether a record's commune is inside the area of an installation (its own commune for an
    enumerator or a clerk, its province for the province), or None if the installation has no area set."""
    if role == "province":
        if not province:
            return None
        from models.setup import admin_units

        unit = admin_units.province(province)
        code = unit.code if unit is not None else province

        def in_province(c: str) -> bool:
            u = admin_units.commune(c) if c else None
            return u is not None and u.province == code

        return in_province
    if not commune:
        return None
    return commune.__eq__
