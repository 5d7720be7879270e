"""Numbers and dates the way the reader writes them: ``1.234,5`` and dd/MM/yyyy in Vietnamese,
``1,234.5`` in English; either decimal mark is accepted on input. The engine keeps canonical
strings (``1234.5``, ``2025-08-01``); these helpers only convert at the screen's edge."""

from __future__ import annotations

import re
from datetime import date

from models.base.formats import date_text, local_time_text, number_text

_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+$")


def format_number(value: str, lang: str = "vi", *, group: bool = True) -> str:
    """Canonical ``"1234.5"`` → ``"1.234,5"`` (vi) or ``"1,234.5"`` (en); other text unchanged."""
    return number_text(value, lang, group=group)


def parse_number(text: str, lang: str = "vi", *, integer: bool = False) -> str:
    """What the enumerator typed → canonical. Returns the text unchanged (stripped) if it is not a
    number, so the engine reports it and nothing typed is lost."""
    t = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not t:
        return ""
    if "." in t and "," in t:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        grp = "." if dec == "," else ","
        t2 = t.replace(grp, "").replace(dec, ".")
    elif "," in t:
        if (lang == "en" or integer) and _THOUSANDS_COMMA.match(t):
            t2 = t.replace(",", "")
        else:
            t2 = t.replace(",", ".")
    elif "." in t:
        if (lang == "vi" or integer) and _THOUSANDS_DOT.match(t):
            t2 = t.replace(".", "")
        else:
            t2 = t
    else:
        t2 = t
    if re.match(r"^-?(\d+(\.\d*)?|\.\d+)$", t2):
        if t2.endswith("."):
            t2 = t2[:-1]
        return t2
    return t


def format_date(value: str) -> str:
    """``"2025-08-01"`` → ``"01/08/2025"`` (both languages: the survey's convention)."""
    return date_text(value)


def parse_date(text: str) -> str:
    """``"1/8/2025"``, ``"01/08/2025"``, ``"01-08-2025"`` or ISO → ``"2025-08-01"``; unchanged if not a date."""
    t = (text or "").strip()
    if not t or t.replace("/", "").replace("_", "").strip() == "":
        return ""
    m = re.match(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$", t)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            return t
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", t)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return t
    return t


def format_datetime_utc(value: str, lang: str = "vi") -> str:
    """An ISO time stored in UTC (``modified_at``) → local ``dd/MM/yyyy HH:mm``."""
    return local_time_text(value)


def status_text(status: str) -> str:
    """A record's status as every screen shows it (``models.store.database.STATUSES``); unknown ones as they are."""
    from PySide6.QtCore import QCoreApplication

    if status == "draft":
        return QCoreApplication.translate("status", "Nháp")
    if status == "complete":
        return QCoreApplication.translate("status", "Hoàn thành")
    if status == "returned":
        return QCoreApplication.translate("status", "Bị trả lại")
    if status == "approved":
        return QCoreApplication.translate("status", "Đã duyệt")
    return status
