"""Which questions of a form hold personal data, and how a masked export hides them.

The form's extra column ``pii`` (hash / blank / yes / no) says it, or the older ``personal`` column
(yes / no); without either, a question is personal when its name matches :data:`PERSONAL_NAME`
(names, phone numbers, e-mail, ID card and tax numbers, addresses) or it is a place (geopoint, trace,
shape). ``export --mask-pii`` (:mod:`exports.tabular`) and the erasure of one respondent's personal
data (:mod:`models.exchange.erase`) read the same rule, so what a masked export hides is what an
erasure removes.
"""

from __future__ import annotations

import re

from forms.model import GEO_TYPES

#: question names treated as personal data unless the form's ``personal`` column says otherwise
PERSONAL_NAME = re.compile(
    r"(^|_)(name|names|ten|hoten|ho_ten|phone|phones|tel|mobile|sdt|dienthoai|dien_thoai|email|mail|"
    r"cccd|cmnd|cmt|id_no|idno|id_number|national_id|passport|tax_code|taxcode|mst|address|dia_chi)(_|$)",
    re.IGNORECASE)
_YES = {"yes", "true", "1", "x", "có", "co", "y"}
_NO = {"no", "false", "0", "không", "khong", "n"}

#: the ``pii`` column's words for "replace by a salted hash" and "leave empty"
_HASH = {"hash", "băm", "bam", "ma_bam", "mã băm"}
_BLANK = {"blank", "empty", "trống", "trong", "để trống", "de trong", "xoá", "xoa"}


def pii_mode(element) -> str:
    """How ``--mask-pii`` hides a question: "hash" (a salted hash: the same value gives the same hash
    within one export, so records of one person can still be linked, but not read), "blank", or ""
    (not personal). The form's ``pii`` column says it (hash / blank, yes = hash, no); without it the
    ``personal`` rule of :func:`is_personal` decides, a place (geopoint) being blanked."""
    flag = str(element.extra.get("pii", "") or "").strip().lower()
    if flag in _HASH:
        return "hash"
    if flag in _BLANK:
        return "blank"
    if flag in _NO:
        return ""
    if flag in _YES or is_personal(element):
        return "blank" if element.type in GEO_TYPES else "hash"
    return ""


def is_personal(element) -> bool:
    pii = str(element.extra.get("pii", "") or "").strip().lower()
    if pii in _HASH or pii in _BLANK:
        return True
    flag = pii or str(element.extra.get("personal", "") or "").strip().lower()
    if flag in _YES:
        return True
    if flag in _NO:
        return False
    if element.type in GEO_TYPES:  # a place: a point, a line, an area
        return True
    return element.type in ("text", "integer", "decimal", "calculate") and bool(PERSONAL_NAME.search(element.name))


def personal_fields(form) -> list[str]:
    """The keys (answer names) of the questions of ``form`` that hold personal data, in form order."""
    return [e.name for e in form.elements
            if not e.is_container and e.type not in ("note", "instanceID", "acknowledge") and is_personal(e)]
