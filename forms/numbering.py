"""The number a choice carries on screen and on paper: one rule for both.

An enumerator keys a paper questionnaire by the numbers ticked on it, so the data-entry screen and
the printed questionnaire must number every choice the same way:

* a list whose choice names are all whole-number codes (``1``/``0``, ``0`` … ``5``, ``1 2 3 8``,
  ``01`` …) is numbered **by its codes**: "1. Có / 0. Không", and typing ``0`` picks "Không";
* any other list (names such as ``crop``, ``fibre``, ``A`` … ``V``) is numbered **by position**:
  1, 2, 3 … in the order of the choices sheet.

:func:`choice_numbers` gives the numbers; the screen (``ui/entry/questions.py``) shows and types
them, the blank questionnaire (``exports/questionnaire.py``) prints them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CODE = re.compile(r"^[0-9]{1,4}$")


def numeric_codes(names: Sequence[str]) -> bool:
    """True if every name is a distinct whole-number code (then the codes are the numbers)."""
    names = [str(n) for n in names]
    return bool(names) and all(_CODE.match(n) for n in names) and len(set(names)) == len(names)


def choice_numbers(choices: Sequence) -> list[str]:
    """The number of each choice, in order: its code when the list is coded by numbers, else its
    position (1-based). ``choices`` are :class:`forms.model.Choice` objects or plain names."""
    names = [getattr(c, "name", c) for c in choices]
    if numeric_codes(names):
        return [str(n) for n in names]
    return [str(i) for i in range(1, len(names) + 1)]


def numbered(choices: Sequence) -> dict[str, str]:
    """{choice name: its number} (see :func:`choice_numbers`)."""
    return {getattr(c, "name", c): n for c, n in zip(choices, choice_numbers(choices), strict=True)}


__all__ = ["choice_numbers", "numbered", "numeric_codes"]
