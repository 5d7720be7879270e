"""Folding Vietnamese text for matching, search and ASCII labels: the one implementation.

Every layer folds text the same way by calling these functions (``forms`` is the lowest layer, and
this module imports nothing of the form engine, so the record list can use it without loading it):

* :func:`fold_d` — đ/Đ → d/D only. SQLite's FTS5 ``remove_diacritics`` folds the marks but keeps đ
  (a letter, not a mark): search rows and search terms pass through this so "dang" finds "Đặng".
* :func:`fold_ascii` — Vietnamese → ASCII keeping case and spacing: marks dropped, đ → d,
  typographic quotes and dashes made ASCII (``"Cư M’gar"`` → ``"Cu M'gar"``). English labels.
* :func:`fold` — :func:`fold_ascii` in lower case: matching names typed with or without diacritics
  (``"Đắk Lắk"`` → ``"dak lak"``).
* :func:`fold_key` — lower case, no diacritics, letters and digits only (``"Nguyễn Văn  Đức"`` →
  ``"nguyenvanduc"``): business keys of possible duplicates, where spacing and punctuation must not
  make two spellings of the same name differ.
"""

from __future__ import annotations

import re
import unicodedata

_PUNCT = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


def fold_d(text: str) -> str:
    """đ/Đ → d/D, nothing else (for FTS5, which folds the marks itself)."""
    return text.replace("đ", "d").replace("Đ", "D")


def fold_ascii(text: str) -> str:
    """Vietnamese → ASCII, case kept: ``"Phường Thành Sen"`` → ``"Phuong Thanh Sen"``."""
    text = fold_d(text).translate(_PUNCT)
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Lower-case ASCII for matching: ``"Yên Lạc"`` → ``"yen lac"``, ``"Đắk"`` → ``"dak"``."""
    return fold_ascii(text).lower()


def fold_key_reference(text: str) -> str:
    """:func:`fold_key` written plainly (the definition; :func:`fold_key` is its fast form)."""
    t = unicodedata.normalize("NFD", fold_d(str(text)))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return re.sub(r"[^0-9a-z]", "", t)


class _KeyTable(dict):
    """Code point → its folded text (None drops it), filled on first sight: folding works character by
    character (NFD decomposes each character alone, every combining mark is dropped, and ``lower`` of a
    character that can survive the filter does not depend on its neighbours), so ``str.translate`` with
    this table gives exactly :func:`fold_key_reference`'s result (tests check every code point)."""

    def __missing__(self, code: int) -> str | None:
        out = fold_key_reference(chr(code)) or None
        self[code] = out
        return out


_KEY = _KeyTable()


def fold_key(text: str) -> str:
    """Lower case, no diacritics (đ → d), letters and digits only: 'Nguyễn Văn  Đức' → 'nguyenvanduc'."""
    return str(text).translate(_KEY)
