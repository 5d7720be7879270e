"""Vietnam's administrative units in force from 1 July 2025 (34 provinces, 3,321 communes).

A thin wrapper over the ``vietnam-provinces`` package's data file: provinces, the communes of a
province, search by name with or without diacritics, names by code. Codes are strings as the
bundled forms use them: provinces with 2 digits (``"25"``), communes with 5 (``"09025"``).

Names from before the 2025 reorganisation: the 29 provinces merged into others on 1 July 2025
(63 → 34) are in ``FORMER_PROVINCES`` (source: Resolution 202/2025/QH15 of the National Assembly,
12 June 2025, on the arrangement of provincial-level administrative units, Article 1); a search for
one finds the province it became and ``former_notes`` says so ("Vĩnh Phúc → nay thuộc tỉnh Phú Thọ").
Communes: the package holds only the communes in force since 1 July 2025, no table of the ~10,000
earlier communes and districts they were made from, so a former commune's name is found only where
the new commune kept it.
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


#: former province (its name without "Tỉnh"/"Thành phố", as before 1 July 2025) -> the province it is part
#: of since then (the name of the new unit, without its type word). Resolution 202/2025/QH15, Article 1.
#: The 11 provinces that were not merged (Hà Nội, Huế, Lai Châu, Điện Biên, Sơn La, Lạng Sơn, Quảng Ninh,
#: Thanh Hóa, Nghệ An, Hà Tĩnh, Cao Bằng) and the 23 that kept their name are not listed.
FORMER_PROVINCES: dict[str, str] = {
    "Hà Giang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ", "Hòa Bình": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Thái Bình": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Ninh Thuận": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng", "Bình Thuận": "Lâm Đồng",
    "Phú Yên": "Đắk Lắk",
    "Bình Dương": "Hồ Chí Minh", "Bà Rịa - Vũng Tàu": "Hồ Chí Minh",
    "Bình Phước": "Đồng Nai",
    "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ",
    "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp",
    "Bạc Liêu": "Cà Mau",
    "Kiên Giang": "An Giang",
}


@lru_cache(maxsize=1)
def _former_by_code() -> dict[str, tuple[str, ...]]:
    by_base = {fold(u.base): u.code for u in provinces()}
    out: dict[str, list[str]] = {}
    for old, new in FORMER_PROVINCES.items():
        out.setdefault(by_base[fold(new)], []).append(old)
    return {k: tuple(v) for k, v in out.items()}


def former_names(code: str) -> tuple[str, ...]:
    """The provinces merged into province ``code`` in 2025 (Vietnamese names), or ()."""
    return _former_by_code().get(_norm(code, 2), ())


def former_note(old: str, unit: Unit, lang: str = "vi") -> str:
    """"Vĩnh Phúc → nay thuộc tỉnh Phú Thọ" / "Vinh Phuc → now part of Phu Tho Province"."""
    if lang == "en":
        return f"{fold(old).title()} → now part of {unit.name_en}"
    return f"{old} → nay thuộc {unit.name[:1].lower()}{unit.name[1:]}"


def former_notes(text: str, lang: str = "vi") -> list[str]:
    """What a search for ``text`` should be told about names from before 2025: one note per former
    province whose name starts with the typed words ("vinh phuc", "Vĩnh Phúc", "hoa binh")."""
    words = fold(text).split()
    if not words:
        return []
    out = []
    for code, olds in _former_by_code().items():
        for old in olds:
            hay = fold(old).replace("-", " ").split()
            if all(any(h.startswith(w) for h in hay) for w in words):
                out.append(former_note(old, _data()[0][code], lang))
    return out


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
    matches come first. A province is found by the names of the provinces merged into it in 2025
    too (``FORMER_PROVINCES``; ``former_notes`` says what became of them).
    """
    pool = provinces() if kind == "province" else communes(province_code)
    words = fold(text).split()
    if not words:
        return pool[:limit]
    out = []
    for u in pool:
        hay = (fold(u.name) + " " + fold(u.name_en) + " " + u.code).split()
        if all(any(h.startswith(w) for h in hay) for w in words):
            base = fold(u.name).split(" ", 1)[-1] if kind == "commune" else fold(u.base)
            out.append((0 if base.startswith(words[0]) or u.code == text.strip() else 1, u))
        elif kind == "province":  # found only by a former name: after every unit found by its own
            for old in former_names(u.code):
                hay = ("tinh " + fold(old).replace("-", " ")).split()
                if all(any(h.startswith(w) for h in hay) for w in words):
                    out.append((2, u))
                    break
    out.sort(key=lambda x: x[0])
    return [u for _, u in out[:limit]]


def _norm(code: str, width: int) -> str:
    code = str(code or "").strip()
    return code.zfill(width) if code.isdigit() else code
