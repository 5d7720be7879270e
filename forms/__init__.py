"""Form engine: XLSForm (read with pyxform) -> immutable form definition -> expression evaluation.

This package never imports Qt, the database or anything above it (see docs/architecture.md).
The names below are imported on first use, so that a light module of this package
(``forms.text_fold``) can be used without loading the engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {"load_form": "forms.loader", "check_form": "forms.loader", "FormDef": "forms.model",
         "Element": "forms.model", "FormError": "forms.errors", "Problem": "forms.errors",
         "ErrorCode": "forms.errors"}

__all__ = ["load_form", "check_form", "FormDef", "Element", "FormError", "Problem", "ErrorCode",
           "__version__"]

if TYPE_CHECKING:
    from forms.errors import ErrorCode, FormError, Problem
    from forms.loader import check_form, load_form
    from forms.model import Element, FormDef


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'forms' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
