"""Form engine: XLSForm (read with pyxform) -> immutable form definition -> expression evaluation.

This package never imports Qt, the database or anything above it (see docs/architecture.md).
"""

__version__ = "0.1.0"
