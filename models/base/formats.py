"""Numbers, dates and times as people here read them: ``1.234,5`` in Vietnamese and ``1,234.5`` in
English, ``dd/mm/yyyy`` (the survey's convention in both languages) and stored UTC times in the
computer's local time. No Qt: the screens, the command line and the PDFs share these."""

from __future__ import annotations

import re
from datetime import datetime

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_CANONICAL_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def number_text(value: str | None, lang: str = "vi", *, group: bool = True) -> str:
    """Canonical ``"1234.5"`` → ``"1.234,5"`` (vi) or ``"1,234.5"`` (en); other text unchanged. Whole
    numbers of four digits (years such as 2015) are not grouped."""
    v = (value or "").strip()
    if not _CANONICAL_NUMBER.match(v):
        return value or ""
    neg = v.startswith("-")
    whole, _, frac = v.lstrip("-").partition(".")
    sep, dec = (".", ",") if lang == "vi" else (",", ".")
    if group and (len(whole) >= 5 or (frac and len(whole) >= 4)):
        whole = f"{int(whole):,}".replace(",", sep)
    return ("-" if neg else "") + whole + (dec + frac if frac else "")


def date_text(value: str | None) -> str:
    """``"2025-08-01"`` (or the date part of an ISO time) → ``"01/08/2025"``; other text unchanged,
    '' for nothing."""
    m = _ISO_DATE.match(value or "")
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else (value or "")


def local_time_text(value, missing: str = "") -> str:
    """A stored UTC time (ISO, ``…Z`` or with an offset) → local ``dd/mm/yyyy HH:MM``; text that is not
    a time as it is, ``missing`` for nothing."""
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return str(value) if value else missing
