"""Read the bundled XLSForms as plain rows for the tests (no form engine needed)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from forms import build_forms

FORMS_DIR = build_forms.FORMS_DIR
FORM_IDS = build_forms.FORM_IDS
VI = "Tiếng Việt (vi)"
EN = "English (en)"
LANGS = (VI, EN)

#: Types that hold no answer of their own.
STRUCTURE_TYPES = {"begin group", "end group", "begin repeat", "end repeat"}
META_TYPES = {"start", "end", "today", "deviceid"}
#: Types our engine supports (see the project conventions).
SUPPORTED_TYPES = (
    {
        "text",
        "integer",
        "decimal",
        "select_one",
        "select_multiple",
        "date",
        "datetime",
        "note",
        "calculate",
        "acknowledge",
        "geopoint",
    }
    | STRUCTURE_TYPES
    | META_TYPES
)
SUPPORTED_COLUMNS = {
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "choice_filter",
    "default",
    "read_only",
    "appearance",
    "trigger",
    "repeat_count",
    "warning",
    "warning_message",
    "indicator",
}


@dataclass
class Row:
    type: str
    name: str
    cells: dict[str, str]
    repeat: str | None  # name of the enclosing repeat, or None
    line: int  # row number in the sheet (1 = header)

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    @property
    def base_type(self) -> str:
        return self.type.split()[0] if self.type.startswith("select_") else self.type

    @property
    def list_name(self) -> str | None:
        parts = self.type.split()
        return parts[1] if self.type.startswith("select_") and len(parts) > 1 else None

    @property
    def asked(self) -> bool:
        """A question the enumerator answers (not structure, metadata, calculate or note)."""
        return self.base_type not in STRUCTURE_TYPES | META_TYPES | {"calculate", "note"}


@dataclass
class Form:
    form_id: str
    rows: list[Row]
    choices: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    survey_header: list[str] = field(default_factory=list)
    choices_header: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return FORMS_DIR / f"{self.form_id}.xlsx"

    def row(self, name: str) -> Row:
        return next(r for r in self.rows if r.name == name and r.base_type not in {"end group", "end repeat"})

    @property
    def names(self) -> set[str]:
        return {r.name for r in self.rows if r.name and r.base_type not in {"end group", "end repeat"}}


@functools.cache
def load(form_id: str) -> Form:
    sheets = build_forms.read_workbook_sheets(FORMS_DIR / f"{form_id}.xlsx")
    head, *body = sheets["survey"]
    rows, repeat = [], None
    for i, values in enumerate(body, start=2):
        cells = {h: (values[j] if j < len(values) else "") for j, h in enumerate(head)}
        r = Row(cells.get("type", "").strip(), cells.get("name", "").strip(), cells, repeat, i)
        if r.type == "begin repeat":
            repeat = r.name
        elif r.type == "end repeat":
            repeat = None
            r.repeat = None
        rows.append(r)
    chead, *cbody = sheets["choices"]
    choices: dict[str, list[dict[str, str]]] = {}
    for values in cbody:
        cells = {h: (values[j] if j < len(values) else "") for j, h in enumerate(chead)}
        choices.setdefault(cells["list_name"], []).append(cells)
    shead, svals = sheets["settings"][0], sheets["settings"][1]
    settings = dict(zip(shead, svals))
    return Form(form_id, rows, choices, settings, head, chead)


REF = re.compile(r"\$\{([A-Za-z_][\w.-]*)\}")


def refs(expr: str) -> set[str]:
    return set(REF.findall(expr or ""))


@functools.cache
def engine_form(form_id: str):
    """The bundled form loaded by our engine (loaded once per test session)."""
    from forms import load_form

    return load_form(FORMS_DIR / f"{form_id}.xlsx")
