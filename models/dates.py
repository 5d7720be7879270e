"""Dates and times as people here read them: ``dd/mm/yyyy`` (the survey's convention in both
languages) and stored UTC times in the computer's local time. No Qt: the screens, the command line
and the PDFs share these."""

from __future__ import annotations

import re
from datetime import datetime

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


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
