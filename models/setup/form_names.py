"""How a form is named on screen, in both interface languages.

A form's title comes from its settings sheet (``form_title``), which is usually Vietnamese only. In
the English interface a form is named by, in order: a translated title on the settings sheet
(a column ``form_title::English (en)``), the English title of a bundled questionnaire, or its
form id (a short technical name a reader of English can still tell apart). No form engine import:
lists name forms from the ``forms`` table's title.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: English titles of the questionnaires shipped with the application (forms/*.xlsx)
BUNDLED_TITLES_EN = {
    "enterprise_digital": "Digital adoption and e-commerce survey of enterprises, cooperatives and household "
                          "businesses (commune level)",
    "household_digital": "Digital technology use survey of households and residents (commune level)",
}

#: short names of the bundled questionnaires for lists and tables: (Vietnamese, English)
SHORT_TITLES = {"enterprise_digital": ("Doanh nghiệp, HTX, hộ KD", "Enterprise"),
                "household_digital": ("Hộ gia đình", "Household")}


def _lang_of(column_language: str) -> str:
    """``'English (en)'`` -> ``'en'`` (as forms.model.lang_code; kept here to stay import-free)."""
    m = re.search(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$", column_language)
    return m.group(1).lower() if m else column_language.strip().lower()


def title_for(form_id: str, title: str, lang: str = "vi", settings: Mapping[str, str] | None = None) -> str:
    """The form's title in the interface language ``lang`` ("vi" or "en")."""
    if lang != "en":
        return title or form_id
    for key, value in (settings or {}).items():
        if key.startswith("form_title::") and value and _lang_of(key.split("::", 1)[1]) == "en":
            return str(value)
    return BUNDLED_TITLES_EN.get(form_id) or form_id


def short_title(form_id: str, title: str, lang: str = "vi") -> str:
    """A short name for lists: the bundled questionnaires' short names, else the title (vi) or id (en)."""
    short = SHORT_TITLES.get(form_id)
    if short:
        return short[1] if lang == "en" else short[0]
    return title_for(form_id, title, lang)


__all__ = ["BUNDLED_TITLES_EN", "SHORT_TITLES", "short_title", "title_for"]
