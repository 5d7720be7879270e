"""Form engine: XLSForm (read with pyxform) -> immutable form definition -> expression evaluation.

This package never imports Qt, the database or anything above it (see docs/architecture.md).
"""

__version__ = "0.1.0"

from forms.errors import ErrorCode, FormError, Problem  # noqa: E402
from forms.loader import check_form, load_form  # noqa: E402
from forms.model import Element, FormDef  # noqa: E402

__all__ = ["load_form", "check_form", "FormDef", "Element", "FormError", "Problem", "ErrorCode", "__version__"]
