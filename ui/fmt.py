"""Numbers and dates the way the reader writes them: ``1.234,5`` and dd/MM/yyyy in Vietnamese,
``1,234.5`` in English; either decimal mark is accepted on input. The engine keeps canonical
strings (``1234.5``, ``2025-08-01``); these helpers only convert at the screen's edge."""

from __future__ import annotations

import re
from datetime import date, datetime

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
        t2 = t.replace(",", "") if (lang == "en" or integer) and _THOUSANDS_COMMA.match(t) else t.replace(",", ".")
    elif "." in t:
        t2 = t.replace(".", "") if (lang == "vi" or integer) and _THOUSANDS_DOT.match(t) else t
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


_TIME_TYPED = re.compile(r"^(\d{1,2})\s*[:hH.]\s*(\d{2})(?:\s*[:.]\s*(\d{2}))?$")
_TIME_ISO = re.compile(r"^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _offset(moment: datetime | None = None) -> str:
    """The computer's UTC offset (at ``moment``, else now) as ODK writes it: ``+07:00``."""
    z = (moment or datetime.now()).astimezone().strftime("%z")
    return f"{z[:3]}:{z[3:]}" if z else "Z"


def _hm(text: str) -> tuple[int, int, int] | None:
    m = _TIME_TYPED.match(text.strip())
    if not m:
        return None
    h, mi, sec = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    return (h, mi, sec) if h <= 23 and mi <= 59 and sec <= 59 else None


def parse_time(text: str) -> str:
    """``"14:30"``, ``"9:05"``, ``"14h30"`` or ``"14:30:15"`` → the time as ODK stores it,
    ``"14:30:00.000+07:00"`` (the computer's UTC offset); unchanged if it is not a time of day."""
    t = (text or "").strip()
    if not t:
        return ""
    if _TIME_ISO.match(t):
        return t
    hms = _hm(t)
    if hms is None:
        return t
    return f"{hms[0]:02d}:{hms[1]:02d}:{hms[2]:02d}.000{_offset()}"


def format_time(value: str) -> str:
    """``"14:30:00.000+07:00"`` → ``"14:30"`` (seconds shown when there are some); other text unchanged."""
    m = _TIME_ISO.match((value or "").strip())
    if not m:
        return value
    return f"{m.group(1)}:{m.group(2)}" + (f":{m.group(3)}" if m.group(3) != "00" else "")


def parse_datetime(text: str) -> str:
    """``"15/08/2025 14:30"`` → ``"2025-08-15T14:30:00.000+07:00"`` (ISO with the computer's UTC offset
    on that day, as ODK stores a dateTime); an ISO date-time stays as it is; other text unchanged."""
    t = (text or "").strip()
    if not t:
        return ""
    if re.match(r"^\d{4}-\d{2}-\d{2}T", t):
        return t
    m = re.match(r"^(\S+)\s+(\S+(?:\s*[:hH.]\s*\S+)*)$", t)
    if not m:
        return t
    day = parse_date(m.group(1))
    hms = _hm(m.group(2))
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", day) or hms is None:
        return t
    moment = datetime.fromisoformat(day).replace(hour=hms[0], minute=hms[1], second=hms[2])
    return f"{day}T{hms[0]:02d}:{hms[1]:02d}:{hms[2]:02d}.000{_offset(moment)}"


def format_datetime(value: str) -> str:
    """``"2025-08-15T14:30:00.000+07:00"`` → ``"15/08/2025 14:30"``; other text unchanged."""
    m = re.match(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?", (value or "").strip())
    if not m:
        return value
    sec = m.group(4)
    return f"{format_date(m.group(1))} {m.group(2)}:{m.group(3)}" + (f":{sec}" if sec and sec != "00" else "")


def _coordinate(token: str) -> float | None:
    try:
        x = float(token.replace(",", "."))
    except ValueError:
        return None
    return x if x == x and abs(x) != float("inf") else None


def _plain(x: float) -> str:
    """A coordinate as typed: no exponent, no trailing zeros (``105.85``, ``0``)."""
    text = f"{x:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def parse_geopoint(text: str) -> str:
    """``"21.0285 105.8542"``, ``"21.0285, 105.8542"`` (as copied from a map) or ``"21,0285 105,8542"``,
    with altitude and accuracy after them if known → ``"21.0285 105.8542 0 0"`` as ODK stores a point
    (latitude longitude altitude accuracy; 0 0 for a point typed by hand, as ODK Collect stores a point
    placed by hand). Unchanged if it is not a point on the globe."""
    t = (text or "").strip()
    if not t:
        return ""
    tokens = [x for x in re.split(r"[\s;]+", t.replace(", ", " ").replace(",\t", " ")) if x]
    if len(tokens) == 1 and t.count(",") == 1:
        tokens = t.split(",")  # "21.0285,105.8542"
    nums = [_coordinate(x) for x in tokens]
    if not 2 <= len(nums) <= 4 or any(x is None for x in nums):
        return t
    lat, lon = nums[0], nums[1]
    assert lat is not None and lon is not None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (len(nums) == 4 and (nums[3] or 0) < 0):
        return t
    rest = [x if x is not None else 0.0 for x in nums[2:]] + [0.0] * (4 - len(nums))
    return " ".join(_plain(x) for x in [lat, lon, *rest])


def format_geopoint(value: str) -> str:
    """``"21.0285 105.8542 0 0"`` → ``"21.0285 105.8542"`` (altitude and accuracy shown when known)."""
    parts = (value or "").split()
    if len(parts) == 4 and parts[2] in ("0", "0.0") and parts[3] in ("0", "0.0"):
        return " ".join(parts[:2])
    return value


def parse_geopoints(text: str, *, shape: bool = False) -> str:
    """Points separated by ``;`` (or one a line) → ``"lat lon 0 0;lat lon 0 0"`` as ODK stores a
    geotrace or geoshape. A shape of 3 or more different points is closed (its first point repeated at
    the end) when it is not already, as ODK Collect does. Unchanged if a point is not valid."""
    t = (text or "").strip()
    if not t:
        return ""
    parts = [p.strip() for p in re.split(r"[;\n]", t) if p.strip()]
    points = [parse_geopoint(p) for p in parts]
    if not all(_is_point(p) for p in points):
        return t
    if shape and len(points) >= 3 and len({tuple(p.split()[:2]) for p in points}) >= 3 \
            and points[0].split()[:2] != points[-1].split()[:2]:
        points.append(points[0])
    return ";".join(points)


def _is_point(value: str) -> bool:
    nums = [_coordinate(x) for x in value.split()]
    return len(nums) == 4 and all(x is not None for x in nums)


def format_geopoints(value: str) -> str:
    """``"lat lon 0 0;lat lon 0 0"`` → ``"lat lon; lat lon"``."""
    if not value or ";" not in value and len(value.split()) != 4:
        return value
    return "; ".join(format_geopoint(p.strip()) for p in value.split(";") if p.strip())


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
