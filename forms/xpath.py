"""A parser for XLSForm expressions (XPath 1.0 plus ``${name}`` references).

Evaluation is done by lxml (libxml2's XPath engine, see :mod:`forms.functions`); this module only
*reads* expressions so that the engine can

* report syntax errors and unknown functions with a clear message before anything runs,
* find the questions an expression depends on (to re-evaluate only what a change affects),
* rewrite the few places where ODK's semantics differ from plain XPath 1.0 so lxml gives ODK's
  answer: date comparisons and date arithmetic (ODK compares dates as days), ``position(..)``,
  ``round(x, digits)``, ``concat`` over node-sets, and ``sum``/``min``/``max`` over empty values.

The grammar is XPath 1.0 (https://www.w3.org/TR/xpath-10/ §3), with the lexical disambiguation
rules of §3.7. The AST serialises back to XPath text with :func:`to_xpath`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "XPathSyntaxError",
    "parse",
    "to_xpath",
    "Literal",
    "Number",
    "Ref",
    "Var",
    "Call",
    "Binary",
    "Neg",
    "Step",
    "Path",
    "Filter",
    "walk",
]


class XPathSyntaxError(ValueError):
    """An expression that cannot be read. ``pos`` is the 0-based character offset; ``message`` is
    English, ``message_vi`` Vietnamese."""

    def __init__(self, message: str, pos: int, text: str, message_vi: str | None = None):
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi or message
        self.pos = pos
        self.text = text


#: what the parser expected, in Vietnamese
_WHAT_VI = {
    "a value, a question reference or a path": "một giá trị, một tham chiếu ${tên} hoặc một đường dẫn",
    "an operator or the end of the expression": "một phép toán hoặc kết thúc biểu thức",
    "a name in the path": "một tên trong đường dẫn",
    "a value": "một giá trị",
}


def _found(t) -> tuple[str, str]:
    if t.kind == "end":
        return "the end of the expression", "hết biểu thức"
    v = repr(t.value.replace("*mul", "*"))
    return v, v


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------

_NCNAME = r"[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*"
_TOKEN_RE = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<ref>\$\{{(?P<refname>(?:last-saved\#)?{_NCNAME})\}})
  | (?P<string>"[^"]*"|'[^']*')
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<op>//|::|\.\.|!=|<=|>=|[/\[\]()@,|.=<>+\-*])
  | (?P<var>\$(?:{_NCNAME}:)?{_NCNAME})
  | (?P<name>(?:{_NCNAME}:)?(?:{_NCNAME}|\*))
    """,
    re.VERBOSE,
)

_OPERATOR_NAMES = {"and", "or", "mod", "div"}
_NODE_TYPES = {"node", "text", "comment", "processing-instruction"}
_AXES = {
    "ancestor",
    "ancestor-or-self",
    "attribute",
    "child",
    "descendant",
    "descendant-or-self",
    "following",
    "following-sibling",
    "namespace",
    "parent",
    "preceding",
    "preceding-sibling",
    "self",
}


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # ref string number op var name opname func axis nodetype end
    value: str
    pos: int


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN_RE.match(text, pos)
        if not m:
            raise XPathSyntaxError(f"unexpected character {text[pos]!r}", pos, text,
                                   f"ký tự không hợp lệ {text[pos]!r}")
        kind = m.lastgroup
        assert kind is not None  # every alternative of _TOKEN_RE is a named group
        if kind == "refname":  # pragma: no cover - the named outer group wins
            kind = "ref"
        start = m.start()
        pos = m.end()
        if kind == "ws":
            continue
        if kind == "ref":
            toks.append(_Tok("ref", m.group("refname"), start))
            continue
        value = m.group(kind)
        # §3.7: '*' and NCNames are operators when a preceding token exists that is not one of
        # @ :: ( [ , or an operator.
        prev = toks[-1] if toks else None
        prev_is_operand_end = prev is not None and not (
            prev.kind in ("opname",)
            or (prev.kind == "op" and prev.value in {"@", "::", "(", "[", ",", "/", "//", "|", "+", "-", "=",
                                                     "!=", "<", "<=", ">", ">=", "*mul"})
        )
        if kind == "op" and value == "*" and prev_is_operand_end:
            toks.append(_Tok("op", "*mul", start))
            continue
        if kind == "name":
            if prev_is_operand_end and value in _OPERATOR_NAMES:
                toks.append(_Tok("opname", value, start))
                continue
            # Look ahead (skipping blanks) for '(' or '::'.
            j = pos
            while j < n and text[j].isspace():
                j += 1
            if text.startswith("::", j):
                toks.append(_Tok("axis", value, start))
                continue
            if j < n and text[j] == "(":
                toks.append(_Tok("nodetype" if value in _NODE_TYPES else "func", value, start))
                continue
        toks.append(_Tok(kind, value, start))
    toks.append(_Tok("end", "", n))
    return toks


# ---------------------------------------------------------------------------------------------
# AST
# ---------------------------------------------------------------------------------------------


class Expr:
    __slots__ = ()


@dataclass(slots=True)
class Literal(Expr):
    value: str


@dataclass(slots=True)
class Number(Expr):
    text: str


@dataclass(slots=True)
class Ref(Expr):
    """``${name}``, before pyxform has replaced it with a path."""

    name: str


@dataclass(slots=True)
class Var(Expr):
    name: str


@dataclass(slots=True)
class Call(Expr):
    name: str
    args: list[Expr]


@dataclass(slots=True)
class Binary(Expr):
    op: str  # or and = != < <= > >= + - * div mod |
    left: Expr
    right: Expr


@dataclass(slots=True)
class Neg(Expr):
    operand: Expr


@dataclass(slots=True)
class Step:
    axis: str  # "child", "parent", "self", "attribute", ... ; abbreviations keep their axis
    test: str  # a name, "*", "prefix:*", or "node()" / "text()" ...
    predicates: list[Expr] = field(default_factory=list)
    abbrev: str = ""  # "." or ".." or "@" when written abbreviated


@dataclass(slots=True)
class Path(Expr):
    """A location path, possibly starting from a filter expression (``base``).

    ``absolute`` is "", "/" or "//"; ``steps`` is a list of (separator, Step) where the separator
    of the first step is "" for a relative path.
    """

    absolute: str
    steps: list[tuple[str, Step]]
    base: Expr | None = None


@dataclass(slots=True)
class Filter(Expr):
    primary: Expr
    predicates: list[Expr]


# ---------------------------------------------------------------------------------------------
# Parser (recursive descent following the XPath 1.0 grammar)
# ---------------------------------------------------------------------------------------------


#: how deeply brackets, function calls, predicates and signs may nest (each level is a few Python frames
#: while parsing): beyond it an expression is refused with a clear message, never a RecursionError
MAX_NESTING = 32
#: how deep the expression's tree may be (a sum of n terms is n - 1 deep): what reads the tree later
#: (the dependency walk, the rewrites for lxml, serialisation) recurses once per level
MAX_DEPTH = 150


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = _tokenize(text)
        self.i = 0
        self.nesting = -1  # the expression itself is not nested

    def _enter(self) -> None:
        """One level deeper (a bracket, a call's argument, a predicate, a sign); refused beyond MAX_NESTING."""
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise XPathSyntaxError(f"the expression is nested more than {MAX_NESTING} levels deep "
                                   "(brackets, functions or signs): split it into several calculate rows",
                                   self.tok.pos, self.text,
                                   f"biểu thức lồng nhau quá {MAX_NESTING} cấp (ngoặc, hàm hoặc dấu): "
                                   "hãy tách thành nhiều dòng calculate")

    # helpers
    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def _next(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def _is(self, kind: str, value: str | None = None) -> bool:
        t = self.tok
        return t.kind == kind and (value is None or t.value == value)

    def _expect(self, kind: str, value: str) -> None:
        if not self._is(kind, value):
            t = self.tok
            got, got_vi = _found(t)
            raise XPathSyntaxError(f"expected {value!r} but found {got}", t.pos, self.text,
                                   f"thiếu {value!r} (gặp {got_vi})")
        self.i += 1

    def _fail(self, what: str) -> XPathSyntaxError:
        t = self.tok
        got, got_vi = _found(t)
        return XPathSyntaxError(f"expected {what} but found {got}", t.pos, self.text,
                                f"cần {_WHAT_VI.get(what, what)} nhưng gặp {got_vi}")

    # grammar
    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise XPathSyntaxError("the expression is empty", 0, self.text, "biểu thức trống")
        e = self.or_expr()
        if self.tok.kind != "end":
            raise self._fail("an operator or the end of the expression")
        return e

    def or_expr(self) -> Expr:
        self._enter()
        e = self.and_expr()
        while self._is("opname", "or"):
            self._next()
            e = Binary("or", e, self.and_expr())
        self.nesting -= 1
        return e

    def and_expr(self) -> Expr:
        e = self.equality_expr()
        while self._is("opname", "and"):
            self._next()
            e = Binary("and", e, self.equality_expr())
        return e

    def equality_expr(self) -> Expr:
        e = self.relational_expr()
        while self.tok.kind == "op" and self.tok.value in ("=", "!="):
            op = self._next().value
            e = Binary(op, e, self.relational_expr())
        return e

    def relational_expr(self) -> Expr:
        e = self.additive_expr()
        while self.tok.kind == "op" and self.tok.value in ("<", "<=", ">", ">="):
            op = self._next().value
            e = Binary(op, e, self.additive_expr())
        return e

    def additive_expr(self) -> Expr:
        e = self.multiplicative_expr()
        while self.tok.kind == "op" and self.tok.value in ("+", "-"):
            op = self._next().value
            e = Binary(op, e, self.multiplicative_expr())
        return e

    def multiplicative_expr(self) -> Expr:
        e = self.unary_expr()
        while (self.tok.kind == "op" and self.tok.value == "*mul") or (
            self.tok.kind == "opname" and self.tok.value in ("div", "mod")
        ):
            op = self._next().value
            e = Binary("*" if op == "*mul" else op, e, self.unary_expr())
        return e

    def unary_expr(self) -> Expr:
        if self._is("op", "-"):
            self._next()
            self._enter()
            e = Neg(self.unary_expr())
            self.nesting -= 1
            return e
        return self.union_expr()

    def union_expr(self) -> Expr:
        e = self.path_expr()
        while self._is("op", "|"):
            self._next()
            e = Binary("|", e, self.path_expr())
        return e

    def _starts_primary(self) -> bool:
        t = self.tok
        return t.kind in ("ref", "string", "number", "var", "func") or (t.kind == "op" and t.value == "(")

    def path_expr(self) -> Expr:
        if self._starts_primary():
            prim = self.primary_expr()
            preds = self.predicates()
            base: Expr = Filter(prim, preds) if preds else prim
            if self.tok.kind == "op" and self.tok.value in ("/", "//"):
                steps: list[tuple[str, Step]] = []
                while self.tok.kind == "op" and self.tok.value in ("/", "//"):
                    sep = self._next().value
                    steps.append((sep, self.step()))
                return Path("", steps, base)
            return base
        return self.location_path()

    def location_path(self) -> Expr:
        absolute = ""
        steps: list[tuple[str, Step]] = []
        if self.tok.kind == "op" and self.tok.value in ("/", "//"):
            absolute = self._next().value
            if absolute == "/" and not self._starts_step():
                return Path("/", [])
        elif not self._starts_step():
            raise self._fail("a value, a question reference or a path")
        steps.append(("", self.step()))
        while self.tok.kind == "op" and self.tok.value in ("/", "//"):
            sep = self._next().value
            steps.append((sep, self.step()))
        return Path(absolute, steps)

    def _starts_step(self) -> bool:
        t = self.tok
        return t.kind in ("name", "axis", "nodetype") or (t.kind == "op" and t.value in (".", "..", "@", "*"))

    def step(self) -> Step:
        t = self.tok
        if t.kind == "op" and t.value == ".":
            self._next()
            return Step("self", "node()", [], ".")
        if t.kind == "op" and t.value == "..":
            self._next()
            return Step("parent", "node()", [], "..")
        axis = "child"
        abbrev = ""
        if t.kind == "op" and t.value == "@":
            self._next()
            axis, abbrev = "attribute", "@"
        elif t.kind == "axis":
            axis = self._next().value
            if axis not in _AXES:
                raise XPathSyntaxError(f"unknown axis {axis!r}", t.pos, self.text,
                                       f"trục không hợp lệ {axis!r}")
            self._expect("op", "::")
        t = self.tok
        if t.kind == "name":
            test = self._next().value
        elif t.kind == "op" and t.value == "*":
            self._next()
            test = "*"
        elif t.kind == "nodetype":
            name = self._next().value
            self._expect("op", "(")
            arg = ""
            if name == "processing-instruction" and self.tok.kind == "string":
                arg = self._next().value
            self._expect("op", ")")
            test = f"{name}({arg})"
        else:
            raise self._fail("a name in the path")
        return Step(axis, test, self.predicates(), abbrev)

    def predicates(self) -> list[Expr]:
        preds: list[Expr] = []
        while self._is("op", "["):
            self._next()
            preds.append(self.or_expr())
            self._expect("op", "]")
        return preds

    def primary_expr(self) -> Expr:
        t = self._next()
        if t.kind == "ref":
            return Ref(t.value)
        if t.kind == "string":
            return Literal(t.value[1:-1])
        if t.kind == "number":
            return Number(t.value)
        if t.kind == "var":
            return Var(t.value[1:])
        if t.kind == "func":
            self._expect("op", "(")
            args: list[Expr] = []
            if not self._is("op", ")"):
                args.append(self.or_expr())
                while self._is("op", ","):
                    self._next()
                    args.append(self.or_expr())
            self._expect("op", ")")
            return Call(t.value, args)
        if t.kind == "op" and t.value == "(":
            e = self.or_expr()
            self._expect("op", ")")
            return e
        self.i -= 1  # pragma: no cover - guarded by _starts_primary
        raise self._fail("a value")


def parse(text: str) -> Expr:
    """Parse an XLSForm/XPath expression into an AST; raises :class:`XPathSyntaxError` (also for an
    expression nested deeper than :data:`MAX_NESTING` or whose tree is deeper than :data:`MAX_DEPTH`)."""
    e = _Parser(text).parse()
    if depth(e) > MAX_DEPTH:
        raise XPathSyntaxError(f"the expression is too long: more than {MAX_DEPTH} operations in a chain; "
                               "split it into several calculate rows", 0, text,
                               f"biểu thức quá dài: quá {MAX_DEPTH} phép toán nối nhau; "
                               "hãy tách thành nhiều dòng calculate")
    return e


def _children(e: Expr) -> list[Expr]:
    if isinstance(e, Call):
        return list(e.args)
    if isinstance(e, Binary):
        return [e.left, e.right]
    if isinstance(e, Neg):
        return [e.operand]
    if isinstance(e, Filter):
        return [e.primary, *e.predicates]
    if isinstance(e, Path):
        out = [e.base] if e.base is not None else []
        return out + [p for _sep, st in e.steps for p in st.predicates]
    return []


def depth(e: Expr) -> int:
    """How deep the tree of ``e`` is (a single value is 1), without recursion."""
    deepest, todo = 0, [(e, 1)]
    while todo:
        node, d = todo.pop()
        deepest = max(deepest, d)
        todo.extend((c, d + 1) for c in _children(node))
    return deepest


# ---------------------------------------------------------------------------------------------
# Serialisation and traversal
# ---------------------------------------------------------------------------------------------

_PREC = {"or": 1, "and": 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4, "+": 5, "-": 5,
         "*": 6, "div": 6, "mod": 6, "|": 8}


def _quote(s: str) -> str:
    return f"'{s}'" if "'" not in s else f'"{s}"'


def _step_xpath(s: Step) -> str:
    if s.abbrev in (".", ".."):
        base = s.abbrev
    elif s.abbrev == "@":
        base = "@" + s.test
    elif s.axis == "child":
        base = s.test
    else:
        base = f"{s.axis}::{s.test}"
    return base + "".join(f"[{to_xpath(p)}]" for p in s.predicates)


def to_xpath(e: Expr, parent_prec: int = 0) -> str:
    """Serialise an AST back to XPath text (parenthesised only where needed)."""
    if isinstance(e, Literal):
        return _quote(e.value)
    if isinstance(e, Number):
        return e.text
    if isinstance(e, Ref):
        return "${" + e.name + "}"
    if isinstance(e, Var):
        return "$" + e.name
    if isinstance(e, Call):
        return f"{e.name}({', '.join(to_xpath(a) for a in e.args)})"
    if isinstance(e, Neg):
        return "-" + to_xpath(e.operand, 7)
    if isinstance(e, Binary):
        p = _PREC[e.op]
        # left-associative: the right operand needs parentheses at equal precedence
        s = f"{to_xpath(e.left, p)} {e.op} {to_xpath(e.right, p + 1)}"
        return f"({s})" if p < parent_prec else s
    if isinstance(e, Filter):
        prim = to_xpath(e.primary, 9)
        return prim + "".join(f"[{to_xpath(p)}]" for p in e.predicates)
    if isinstance(e, Path):
        out = to_xpath(e.base, 9) if e.base is not None else e.absolute
        for sep, st in e.steps:
            out += sep + _step_xpath(st)
        return out
    raise TypeError(f"not an expression node: {e!r}")


def walk(e: Expr):
    """Yield every node of the AST (pre-order), including predicates and step contents."""
    yield e
    if isinstance(e, Call):
        for a in e.args:
            yield from walk(a)
    elif isinstance(e, Binary):
        yield from walk(e.left)
        yield from walk(e.right)
    elif isinstance(e, Neg):
        yield from walk(e.operand)
    elif isinstance(e, Filter):
        yield from walk(e.primary)
        for p in e.predicates:
            yield from walk(p)
    elif isinstance(e, Path):
        if e.base is not None:
            yield from walk(e.base)
        for _sep, st in e.steps:
            for p in st.predicates:
                yield from walk(p)


def refs(text: str) -> list[str]:
    """The ``${name}`` references of an expression, in order of appearance (duplicates removed)."""
    seen: dict[str, None] = {}
    for node in walk(parse(text)):
        if isinstance(node, Ref):
            seen.setdefault(node.name, None)
    return list(seen)


def functions(e: Expr) -> set[str]:
    return {n.name for n in walk(e) if isinstance(n, Call)}
