"""Vietnam's administrative units in force from 1 July 2025 (34 provinces, 3,321 communes).

A thin wrapper over the ``vietnam-provinces`` package's data file: provinces, the communes of a
province, search by name with or without diacritics, names by code. Codes are strings as the
bundled forms use them: provinces with 2 digits (``"25"``), communes with 5 (``"09025"``).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache

from forms.text_fold import fold

_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str  # Vietnamese, as published ("Xã Yên Lạc", "Tỉnh Phú Thọ" / "Thành phố Hà Nội")
    kind: str  # "tỉnh" | "thành phố trung ương" | "xã" | "phường" | "đặc khu"
    province: str  # the province code ("" for a province)
    base: str  # the proper name without the type ("Yên Lạc")

    @property
    def name_en(self) -> str:
        """ASCII English: "Yen Lac Commune", "Phu Tho Province", "Ha Noi City"."""
        if not self.province:
            return f"{fold(self.base).title()} {'City' if self.kind == 'thành phố trung ương' else 'Province'}"
        return f"{fold(self.base).title()} {_TYPE_EN.get(self.kind, '')}".strip()

    def label(self, lang: str = "vi") -> str:
        return self.name_en if lang == "en" else self.name


_TYPE_EN = {"xã": "Commune", "phường": "Ward", "đặc khu": "Special Zone"}
_PREFIX_VI = {"xã": "Xã ", "phường": "Phường ", "đặc khu": "Đặc khu "}


def _data_file() -> str:
    """The package's data file, found without importing the package (its code tables are enums
    that take 40 ms to build; we only need the JSON)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("vietnam_provinces")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnam-provinces package is not installed")
    return os.path.join(list(spec.submodule_search_locations)[0], "data", "nested-divisions.json")


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, Unit], dict[str, Unit], dict[str, tuple[str, ...]]]:
    with open(_data_file(), encoding="utf-8") as fh:
        raw = json.load(fh)
    provinces: dict[str, Unit] = {}
    communes: dict[str, Unit] = {}
    by_province: dict[str, tuple[str, ...]] = {}
    for p in sorted(raw, key=lambda x: x["code"]):
        pcode = f"{p['code']:02d}"
        if p["division_type"] == "thành phố trung ương":
            vi = p["name"]
            base = vi.removeprefix("Thành phố ")
        else:
            vi = f"Tỉnh {p['name']}"
            base = p["name"]
        provinces[pcode] = Unit(pcode, vi, p["division_type"], "", base)
        codes = []
        for w in p.get("wards", []):
            ccode = f"{w['code']:05d}"
            kind = w["division_type"]
            communes[ccode] = Unit(ccode, w["name"], kind, pcode, w["name"].removeprefix(_PREFIX_VI.get(kind, "")))
            codes.append(ccode)
        by_province[pcode] = tuple(codes)
    return provinces, communes, by_province


def data_version() -> str:
    import vietnam_provinces as vp

    return f"vietnam-provinces {vp.__version__}; data {getattr(vp, '__data_version__', '?')}"


def provinces() -> list[Unit]:
    """The 34 provinces and centrally-run cities, by code."""
    return list(_data()[0].values())


def province(code: str) -> Unit | None:
    return _data()[0].get(_norm(code, 2))


def commune(code: str) -> Unit | None:
    return _data()[1].get(_norm(code, 5))


def communes(province_code: str | None = None) -> list[Unit]:
    """The communes of a province (alphabetically by their folded name), or all of them."""
    p, c, byp = _data()
    if province_code is None:
        return list(c.values())
    return _sorted_communes(_norm(province_code, 2))


@lru_cache(maxsize=64)
def _sorted_communes(pcode: str) -> list[Unit]:
    _p, c, byp = _data()
    return sorted((c[x] for x in byp.get(pcode, ())), key=lambda u: (fold(u.base), u.code))


def name(code: str, lang: str = "vi") -> str:
    """The name of a province (2 digits) or commune (5 digits) code; '' if unknown."""
    code = (code or "").strip()
    u = province(code) if len(code) <= 2 else commune(code)
    return u.label(lang) if u else ""


def search(text: str, province_code: str | None = None, *, kind: str = "commune", limit: int = 50) -> list[Unit]:
    """Units whose name contains every word of ``text``, with or without diacritics.

    ``kind`` is ``"commune"`` or ``"province"``; a code typed in full also matches. Exact-prefix
    matches come first.
    """
    pool = provinces() if kind == "province" else communes(province_code)
    words = fold(text).split()
    if not words:
        return pool[:limit]
    out = []
    for u in pool:
        hay = (fold(u.name) + " " + fold(u.name_en) + " " + u.code).split()
        if all(any(h.startswith(w) for h in hay) for w in words):
            base = fold(u.name).split(" ", 1)[-1] if kind == "commune" else fold(u.name)
            out.append((0 if base.startswith(words[0]) or u.code == text.strip() else 1, u))
    out.sort(key=lambda x: x[0])
    return [u for _, u in out[:limit]]


def _norm(code: str, width: int) -> str:
    code = str(code or "").strip()
    return code.zfill(width) if code.isdigit() else code
