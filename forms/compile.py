"""Turning an XLSForm expression into something lxml can run with ODK's meaning.

1. ``${name}`` references are expanded by pyxform itself (``Survey.insert_xpaths``), so paths are
   exactly those of the XForm pyxform produces (relative inside a shared repeat, absolute
   otherwise, ``current()/`` in choice filters).
2. The expanded XPath is parsed (:mod:`forms.xpath`) and rewritten where ODK differs from XPath 1.0:

   * relational comparisons and ``+``/``-`` with a date operand compare/add *days*
     (``odk-datenum``), so ``. <= today()`` works on a date question;
   * ``round(x, n)``, ``position(..)`` and ``concat`` over node-sets use the ODK versions;
   * a number given to ``string()`` or to another core string function (``contains``,
     ``substring``, ``string-length``…) becomes text as everywhere else in the engine
     (``odk-string``: plain digits, never libxml2's ``1e+10``).
3. The paths it reads become dependencies ``(element, depth)``: ``depth`` is the number of
   enclosing repeat instances the context node and the referenced node share, so a change in
   member 3 re-evaluates only member 3's dependants.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms import xpath as X
from forms.functions import DATE_FUNCTIONS, VOLATILE_FUNCTIONS, compile_xpath

DATE_TYPES = {"date", "datetime", "start", "end", "today"}

_RENAMES = {"concat": "odk-concat", "round": "odk-round", "sum": "odk-sum", "not": "odk-not",
            "boolean": "odk-bool", "number": "odk-number"}
_NODESET = (X.Path, X.Filter, X.Var)
#: XPath 1.0 core functions -> the positions of their string arguments: libxml2 would turn a number
#: given there into text its own way (1e+10, 1e-05, 15 significant digits)
_STRING_ARGS = {"string": (0,), "contains": (0, 1), "starts-with": (0, 1), "substring-before": (0, 1),
                "substring-after": (0, 1), "substring": (0,), "string-length": (0,),
                "normalize-space": (0,), "translate": (0, 1, 2)}
_NUMERIC_OPS = {"<", "<=", ">", ">=", "+", "-"}

#: dependency on "anything": a path the engine cannot resolve statically
ANY = "*"


@dataclass(frozen=True)
class Structure:
    """What the compiler needs to know about the form's tree."""

    root_xpath: str  # "/data"
    by_xpath: dict  # xpath -> (name, type, repeat_depth_including_self)


class CompileError(ValueError):
    def __init__(self, detail: str, pos: int = 0, text: str = "", detail_vi: str | None = None,
                 unknown_path: str | None = None):
        super().__init__(detail)
        self.detail = detail
        #: the path that names no node of the form, when that is the error (ODK reads it as empty)
        self.unknown_path = unknown_path
        self.detail_vi = detail_vi or detail
        self.pos = pos
        self.text = text


def _parent(xp: str) -> str:
    return xp.rsplit("/", 1)[0]


class _Compiler:
    def __init__(self, st: Structure, context_xpath: str):
        self.st = st
        self.ctx = context_xpath
        self.deps: dict[str, int] = {}
        self.volatile = False
        self.vars: dict[str, None] = {}

    # ---- typing
    def _type_of_path(self, p: X.Path, ctx_xpath: str) -> str | None:
        xp = self._resolve(p, ctx_xpath, record=False)
        if xp is None:
            return None
        info = self.st.by_xpath.get(xp)
        return info[1] if info else None

    def is_date(self, e: X.Expr, ctx_xpath: str) -> bool:
        if isinstance(e, X.Call):
            if e.name in DATE_FUNCTIONS:
                return True
            if e.name in ("if",) and len(e.args) == 3:
                return self.is_date(e.args[1], ctx_xpath) or self.is_date(e.args[2], ctx_xpath)
            if e.name in ("coalesce", "once"):
                return any(self.is_date(a, ctx_xpath) for a in e.args)
            return False
        if isinstance(e, X.Path):
            return self._type_of_path(e, ctx_xpath) in DATE_TYPES
        if isinstance(e, X.Filter):
            return self.is_date(e.primary, ctx_xpath)
        return False

    # ---- path resolution; returns the xpath of the element reached (or None)
    def _resolve(self, p: X.Path, ctx_xpath: str, record: bool = True, depth_cap: int | None = None):
        st = self.st
        relative = False
        if p.base is not None:
            b = p.base
            prim = b.primary if isinstance(b, X.Filter) else b
            if isinstance(prim, X.Call) and prim.name == "current" and not prim.args:
                cur = self.ctx
                relative = True
            elif isinstance(prim, X.Call) and prim.name == "instance":
                return None  # a secondary instance: nothing of the main instance is read
            else:
                return None
        elif p.absolute == "/":
            cur = ""
        elif p.absolute == "//":
            if record:
                self.deps[ANY] = 0
            return None
        else:
            cur = ctx_xpath
            relative = True
        highest = cur
        steps = p.steps
        for sep, step in steps:
            if sep == "//" or step.axis not in ("self", "parent", "child", "attribute"):
                if record:
                    self.deps[ANY] = 0
                return None
            if step.axis == "self":
                pass
            elif step.axis == "parent":
                cur = "" if cur in ("", st.root_xpath) else _parent(cur)
                if len(cur) < len(highest):
                    highest = cur
            elif step.axis == "attribute":
                pass
            else:
                if step.test in ("*", "node()") or step.test.endswith(":*"):
                    if record:
                        self.deps[ANY] = 0
                    return None
                nxt = f"{cur}/{step.test}"
                if cur == "" and nxt != st.root_xpath:
                    raise CompileError(f"the path '{X.to_xpath(p)}' does not start at /{st.root_xpath[1:]}",
                                       detail_vi=f"đường dẫn '{X.to_xpath(p)}' không bắt đầu từ "
                                                 f"/{st.root_xpath[1:]}")
                if nxt != st.root_xpath and nxt not in st.by_xpath:
                    raise CompileError(f"the path '{X.to_xpath(p)}' does not match any question",
                                       detail_vi=f"đường dẫn '{X.to_xpath(p)}' không trỏ tới câu hỏi nào",
                                       unknown_path=X.to_xpath(p))
                cur = nxt
                if record and cur in st.by_xpath and st.by_xpath[cur][1] == "repeat":
                    self._add(cur, highest, relative, depth_cap)
            if step.predicates and record:
                for pred in step.predicates:
                    self.collect(pred, cur, depth_cap=0)
        if record and cur and cur in st.by_xpath:
            self._add(cur, highest, relative, depth_cap)
        return cur

    def _add(self, xp: str, highest: str, relative: bool, depth_cap: int | None) -> None:
        name = self.st.by_xpath[xp][0]
        depth = 0
        if relative and highest and highest in self.st.by_xpath:
            depth = self.st.by_xpath[highest][2]
        if depth_cap is not None:
            depth = min(depth, depth_cap)
        old = self.deps.get(name)
        self.deps[name] = depth if old is None else min(old, depth)

    # ---- walk, rewrite and collect
    def collect(self, e: X.Expr, ctx_xpath: str, depth_cap: int | None = None) -> None:
        if isinstance(e, X.Path):
            if e.base is not None:
                self.collect(e.base, ctx_xpath, depth_cap)
            self._resolve(e, ctx_xpath, record=True, depth_cap=depth_cap)
            if e.base is not None and not (
                isinstance(e.base, X.Call) and e.base.name == "current"
            ):
                # predicates on steps after a filter expression: conservative
                for _sep, st in e.steps:
                    for pred in st.predicates:
                        self.collect_secondary(pred)
        elif isinstance(e, X.Filter):
            self.collect(e.primary, ctx_xpath, depth_cap)
            prim = e.primary
            for pred in e.predicates:
                if isinstance(prim, X.Call) and prim.name == "instance":
                    self.collect_secondary(pred)
                else:
                    self.collect(pred, ctx_xpath, 0)
        elif isinstance(e, X.Call):
            if e.name in VOLATILE_FUNCTIONS:
                self.volatile = True
            for a in e.args:
                self.collect(a, ctx_xpath, depth_cap)
        elif isinstance(e, X.Binary):
            self.collect(e.left, ctx_xpath, depth_cap)
            self.collect(e.right, ctx_xpath, depth_cap)
        elif isinstance(e, X.Neg):
            self.collect(e.operand, ctx_xpath, depth_cap)

    def collect_secondary(self, e: X.Expr) -> None:
        """Inside a predicate on a secondary instance: only current()-based paths read answers."""
        for node in X.walk(e):
            if isinstance(node, X.Path) and node.base is not None:
                prim = node.base.primary if isinstance(node.base, X.Filter) else node.base
                if isinstance(prim, X.Call) and prim.name == "current":
                    self._resolve(node, self.ctx, record=True)
            elif isinstance(node, X.Path) and node.absolute == "/":
                self._resolve(node, self.ctx, record=True)  # absolute paths still mean the main instance
            elif isinstance(node, X.Call) and node.name in VOLATILE_FUNCTIONS:
                self.volatile = True

    def _as_variable(self, p: X.Path) -> X.Expr | None:
        """An absolute path to a question outside every repeat becomes the variable $v-<name>, bound to
        that node at evaluation: same value, without libxml2 scanning every sibling of a long form."""
        if not _simple_absolute(p):
            return None
        xp = X.to_xpath(p)
        info = self.st.by_xpath.get(xp)
        if info is None or info[2] != 0 or info[1] in ("repeat", "group"):
            return None
        self.vars[info[0]] = None
        return X.Var("v-" + info[0])

    def rewrite(self, e: X.Expr, ctx_xpath: str, secondary: bool = False) -> X.Expr:
        """Rewrite for ODK semantics. ``secondary``: inside a predicate on instance('x'), where an
        absolute path must still mean the main instance (libxml2 would read the secondary one)."""
        def rw(x: X.Expr) -> X.Expr:
            return self.rewrite(x, ctx_xpath, secondary)

        if isinstance(e, X.Call):
            args = [rw(a) for a in e.args]
            name = _RENAMES.get(e.name, e.name)
            if e.name == "position" and args:
                name = "odk-position"
            if e.name == "string" and args:
                name = "odk-string"
            elif e.name in _STRING_ARGS:
                args = [X.Call("odk-string", [a]) if i in _STRING_ARGS[e.name] and _may_be_number(a) else a
                        for i, a in enumerate(args)]
            return X.Call(name, args)
        if isinstance(e, X.Binary):
            left, right = rw(e.left), rw(e.right)
            if e.op in _NUMERIC_OPS:
                # ODK (JavaRosa) compares and adds dates as whole days; a date *string* compared with a
                # date stays a string (NaN as a number), as in Collect: write date('…') to compare
                if self.is_date(e.left, ctx_xpath):
                    left = X.Call("odk-datenum", [left])
                if self.is_date(e.right, ctx_xpath):
                    right = X.Call("odk-datenum", [right])
            elif e.op in ("and", "or"):
                # a single node is true or false by its value in Collect, not by existing
                if isinstance(e.left, _NODESET):
                    left = X.Call("odk-bool", [left])
                if isinstance(e.right, _NODESET):
                    right = X.Call("odk-bool", [right])
            return X.Binary(e.op, left, right)
        if isinstance(e, X.Neg):
            return X.Neg(rw(e.operand))
        if isinstance(e, X.Filter):
            inner = secondary or _is_instance_call(e.primary)
            return X.Filter(rw(e.primary), [self.rewrite(p, ctx_xpath, inner) for p in e.predicates])
        if isinstance(e, X.Path):
            var = self._as_variable(e)
            if var is not None:
                return var
            base = rw(e.base) if e.base is not None else None
            inner = secondary or (e.base is not None and _is_instance_call(
                e.base.primary if isinstance(e.base, X.Filter) else e.base))
            steps = [(sep, X.Step(s.axis, s.test, [self.rewrite(p, ctx_xpath, inner) for p in s.predicates],
                                  s.abbrev)) for sep, s in e.steps]
            if (secondary and e.base is None and e.absolute == "/" and steps
                    and steps[0][1].test == self.st.root_xpath[1:]):
                # /data/x  ->  odk-main-root()/x
                rest = steps[1:]
                first = steps[0][1]
                root_call: X.Expr = X.Call("odk-main-root", [])
                if first.predicates:
                    root_call = X.Filter(root_call, first.predicates)
                if not rest:
                    return root_call
                return X.Path("", [("/" if i == 0 else sep, st) for i, (sep, st) in enumerate(rest)],
                              root_call)
            return X.Path(e.absolute, steps, base)
        return e


def _may_be_number(e: X.Expr) -> bool:
    """Whether an (already rewritten) argument may be a number: not a string literal, not a path."""
    return not isinstance(e, (X.Literal, *_NODESET))


def _simple_absolute(p: X.Path) -> bool:
    return p.base is None and p.absolute == "/" and bool(p.steps) and all(
        sep in ("", "/") and st.axis == "child" and not st.predicates and st.test not in ("*", "node()")
        for sep, st in p.steps)


def _is_instance_call(e) -> bool:
    return isinstance(e, X.Call) and e.name == "instance"


def compile_expression(source: str, expanded: str, st: Structure, context_xpath: str):
    """Compile one expanded expression for the element at ``context_xpath``.

    Returns ``(xpath_text, deps, volatile, returns_date, functions, variables)``; raises
    :class:`CompileError`. ``variables`` are the names of the questions bound as ``$v-<name>``.
    """
    try:
        ast = X.parse(expanded)
    except X.XPathSyntaxError as err:
        raise CompileError(err.message, err.pos, expanded, err.message_vi) from None
    c = _Compiler(st, context_xpath)
    c.collect(ast, context_xpath)
    rewritten = c.rewrite(ast, context_xpath)
    text = X.to_xpath(rewritten)
    funcs = frozenset(X.functions(rewritten))
    try:
        compile_xpath(text, funcs)
    except Exception as err:  # lxml's XPathSyntaxError and friends
        raise CompileError(str(err), 0, expanded, f"libxml2 không đọc được biểu thức ({err})") from None
    return (text, tuple(sorted(c.deps.items())), c.volatile, c.is_date(ast, context_xpath), funcs,
            tuple(c.vars))
