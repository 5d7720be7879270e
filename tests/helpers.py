"""Test helpers: XLSForms written as markdown tables inside the test (as pyxform's tests do)."""

from __future__ import annotations

import textwrap

from forms import load_form
from forms.engine import FormSession, evaluate_answers


def md(text: str) -> str:
    return textwrap.dedent(text).strip() + "\n"


def form_md(text: str):
    """A FormDef from a markdown XLSForm."""
    return load_form(md(text))


def session(text: str, answers=None, today="2025-11-20"):
    f = form_md(text)
    s = FormSession(f, today=today)
    s.load(answers or {})
    return s


def evaluate(text: str, answers, today="2025-11-20", lang=None):
    return evaluate_answers(form_md(text), answers, today=today, lang=lang)


def kinds(result):
    """{(path, kind)} of a result's issues."""
    return {(i.path, i.kind) for i in result.issues}
