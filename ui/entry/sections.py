"""How a form is cut into pages: each top-level group is a page (a ``field-list`` group is one page
as well), a top-level repeat is a roster page, and questions outside groups form their own page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from forms.model import META_TYPES, Element, FormDef


@dataclass
class Section:
    key: str  # the group/repeat name, or "_loose<n>" for questions outside groups
    element: Element | None  # the group or repeat (None for loose questions)
    members: list[str] = field(default_factory=list)  # top-level element names shown on the page

    def title(self, form: FormDef, lang: str) -> str:
        if self.element is not None:
            return form.text(self.element.labels, lang) or self.element.name
        return "Câu hỏi chung" if lang == "vi" else "General questions"


def shown(e: Element) -> bool:
    """Elements that appear on screen: questions a person answers, notes, groups and repeats."""
    if e.type in META_TYPES or e.type == "calculate":
        return False
    if e.is_container:
        return True
    return e.is_input or e.type == "note"


def _has_shown(form: FormDef, e: Element) -> bool:
    if not e.is_container:
        return shown(e)
    return any(_has_shown(form, c) for c in form.children(e.name))


def sections(form: FormDef) -> list[Section]:
    out: list[Section] = []
    loose: Section | None = None
    for e in form.children(None):
        if e.is_container:
            loose = None
            if _has_shown(form, e):
                out.append(Section(e.name, e, [e.name]))
        elif shown(e):
            if loose is None:
                loose = Section(f"_loose{len(out)}", None, [])
                out.append(loose)
            loose.members.append(e.name)
    return out


def top_element(form: FormDef, name: str) -> Element:
    e = form[name]
    while e.parent is not None:
        e = form[e.parent]
    return e


def section_index(form: FormDef, secs: list[Section], path: str) -> int:
    """The page a question path is on (-1 if none)."""
    first = re.sub(r"\[\d+\]$", "", path.split(".", 1)[0])
    if first not in form:
        return -1
    top = top_element(form, first).name
    for i, s in enumerate(secs):
        if top in s.members:
            return i
    return -1
