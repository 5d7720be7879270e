"""A small ODK-flavoured XPath 1.0 evaluator for XLSForm expressions, built on lxml.

It is a test aid, independent of our form engine: it evaluates a bind expression of a
bundled form (``constraint``, ``warning``, ``calculation``, ``relevant``) the way ODK
Collect would, over a flat instance ``<data><name>value</name>…</data>``.  ``${name}``
becomes ``/data/name`` and ``.`` is the node of the question under test.  The ODK
functions used by the bundled forms are registered in lxml's default namespace, with
JavaRosa semantics: ``substr`` is 0-based and end-exclusive, ``int`` truncates (NaN stays
NaN), ``regex`` searches, ``if``/``selected``/``count-selected``/``coalesce``.
"""

from __future__ import annotations

import math
import re

from lxml import etree


def _s(v) -> str:
    if isinstance(v, list):
        v = v[0] if v else ""
    if hasattr(v, "text"):
        return v.text or ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else str(v)
    return str(v)


def _n(v) -> float:
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, float):
        return v
    try:
        return float(_s(v).strip())
    except ValueError:
        return math.nan


def _substr(ctx, s, start, end=None):
    s = _s(s)
    a = max(0, int(_n(start)))
    b = len(s) if end is None else min(len(s), int(_n(end)))
    return s[a:b] if a < b else ""


def _int(ctx, v):
    x = _n(v)
    return x if math.isnan(x) else float(math.trunc(x))


def _coalesce(ctx, a, b):
    return a if _s(a) != "" else b


#: passed per call (``extensions=``), so nothing is registered globally in lxml and the
#: engine's own functions are never shadowed
EXTENSIONS = {
    (None, "substr"): _substr,
    (None, "int"): _int,
    (None, "regex"): lambda ctx, s, pattern: re.search(_s(pattern), _s(s)) is not None,
    (None, "if"): lambda ctx, c, a, b: a if c else b,
    (None, "selected"): lambda ctx, v, c: _s(c) in _s(v).split(),
    (None, "count-selected"): lambda ctx, v: float(len(_s(v).split())),
    (None, "coalesce"): _coalesce,
}


def to_xpath(expr: str) -> str:
    return re.sub(r"\$\{([A-Za-z_][\w.-]*)\}", r"/data/\1", expr)


def evaluate(expr: str, values: dict[str, str], current: str | None = None):
    """Evaluate ``expr`` with ``values`` as the instance; ``.`` is the node ``current``."""
    root = etree.Element("data")
    for name, value in values.items():
        etree.SubElement(root, name).text = "" if value is None else str(value)
    ctx = root.find(current) if current else root
    if current and ctx is None:
        ctx = etree.SubElement(root, current)
    result = ctx.xpath(to_xpath(expr), extensions=EXTENSIONS)
    if isinstance(result, list):  # a node-set: its string value, as ODK stores a calculate
        return _s(result)
    return str(result) if isinstance(result, (bytes, str)) else result
