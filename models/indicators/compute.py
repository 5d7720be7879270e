"""Indicators E01–E28 / H01–H28 and the commune digital adoption index (C-DAI), computed with pandas.

The definitions live next to the forms (``forms/indicators.toml``, format described at its top). Each
numerator/denominator is an XLSForm expression; it is parsed once with the engine's own parser
(:func:`forms.xpath.parse`) and evaluated *vectorised* over the columns of a DataFrame that has one
row per record (``unit = "record"``) or one row per roster line of repeat ``mem`` (``unit =
"member"``, the household's fields joined onto each line).

Semantics (ODK's): an empty value is missing; a comparison with a missing value is false (except an
explicit comparison with ``''``); arithmetic with a missing value is NaN (use ``coalesce``); a
boolean used as a number is 1/0.

Which records count: by default ``complete`` and ``approved`` ones (``statuses`` option); drafts and
returned records are reported in the data-quality figures only. Deleted records never count.

Weights: form A is a census (w = 1). For form B the household design weight is
``w_h = N_c / n_c`` where ``N_c`` is the number of households in commune ``c`` given by the setting
``households:<commune code>`` (or ``households`` for the installation's own commune) and ``n_c`` the
number of counted household records in the commune; without the setting ``w_h = 1``. Member rows
carry their household's weight. Shares and means inside one commune do not change with a constant
weight; counts (``sum``) and the province totals do.

The result is plain data (dataclasses of numbers and strings); the PDF only renders it.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import threading
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.base.errors import AppError, Bilingual, Cancelled, os_detail
from models.base.progress import Progress, run
from models.indicators.errors import IndicatorCode, IndicatorError

INDICATORS_FILE = Path(__file__).resolve().parents[2] / "forms" / "indicators.toml"
COUNTED_STATUSES = ("complete", "approved")
KINDS = ("share", "ratio", "sum", "mean", "difference")
UNITS = ("record", "member")
MEMBER_REPEAT = "mem"

#: functions an indicator expression may use
_FUNCTIONS = {"selected", "count-selected", "coalesce", "true", "false", "not", "number", "string",
              "string-length", "int", "if", "round"}


# ---------------------------------------------------------------------------------------- definitions


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    form: str
    unit: str
    kind: str
    measure: str
    label_vi: str
    label_en: str
    numerator: str = ""
    denominator: str = ""
    group: str = ""
    group_vi: str = ""
    group_en: str = ""
    standard: str = ""
    target: float | None = None
    target_year: int | None = None
    target_source: str = ""
    min_denominator: int = 0
    note: str = ""
    terms: tuple[str, ...] = ()

    def label(self, lang: str = "vi") -> str:
        return (self.label_en if lang == "en" else self.label_vi) or self.label_vi or self.code

    def group_label(self, lang: str = "vi") -> str:
        return (self.group_en if lang == "en" else self.group_vi) or self.group

    @property
    def is_percent(self) -> bool:
        return self.measure == "percent"


@dataclass(frozen=True)
class PillarDef:
    code: str
    label_vi: str
    label_en: str
    weight: float
    indicators: tuple[str, ...]
    lower: Mapping[str, float]
    upper: Mapping[str, float]

    def label(self, lang: str = "vi") -> str:
        return (self.label_en if lang == "en" else self.label_vi) or self.code


@dataclass(frozen=True)
class IndicatorSet:
    indicators: tuple[IndicatorDef, ...]
    pillars: tuple[PillarDef, ...]
    index_code: str = "C-DAI"
    index_label_vi: str = "Chỉ số ứng dụng số cấp xã"
    index_label_en: str = "Commune digital adoption index"
    source: str = ""

    def get(self, code: str) -> IndicatorDef | None:
        return next((d for d in self.indicators if d.code == code), None)

    def index_label(self, lang: str = "vi") -> str:
        return self.index_label_en if lang == "en" else self.index_label_vi

    @property
    def forms(self) -> list[str]:
        return list(dict.fromkeys(d.form for d in self.indicators))

    def groups(self) -> list[str]:
        return list(dict.fromkeys(d.group for d in self.indicators))


def load_indicators(path: str | Path | None = None) -> IndicatorSet:
    """Read and check an indicators file; every problem names the indicator and the field."""
    import tomllib

    path = Path(path) if path else INDICATORS_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise IndicatorError(IndicatorCode.INDICATORS_INVALID, path=str(path), indicator="-",
                             detail=os_detail(err)) from None
    except tomllib.TOMLDecodeError as err:
        raise IndicatorError(IndicatorCode.INDICATORS_INVALID, path=str(path), indicator="-",
                             detail=str(err)) from None
    defs: list[IndicatorDef] = []
    seen: set[str] = set()
    for i, t in enumerate(raw.get("indicator", []), 1):
        code = str(t.get("code") or f"#{i}")

        def bad(detail: Bilingual | str, code=code) -> IndicatorError:
            return IndicatorError(IndicatorCode.INDICATORS_INVALID, path=str(path), indicator=code,
                                  detail=detail)

        if code in seen:
            raise bad(Bilingual("mã trùng", "duplicate code"))
        seen.add(code)
        for key in ("form", "kind", "unit"):
            if not t.get(key):
                raise bad(Bilingual(f"thiếu '{key}'", f"'{key}' is missing"))
        if t["kind"] not in KINDS:
            raise bad(Bilingual(f"kind '{t['kind']}' không hợp lệ (cần một trong {', '.join(KINDS)})",
                                f"kind '{t['kind']}' is not one of {', '.join(KINDS)}"))
        if t["unit"] not in UNITS:
            raise bad(Bilingual(f"unit '{t['unit']}' không hợp lệ (cần một trong {', '.join(UNITS)})",
                                f"unit '{t['unit']}' is not one of {', '.join(UNITS)}"))
        terms = tuple(t.get("terms") or ())
        if t["kind"] == "difference":
            if len(terms) != 2:
                raise bad(Bilingual("'difference' cần 2 'terms'", "'difference' needs two 'terms'"))
        else:
            for key in ("numerator", "denominator"):
                if not str(t.get(key) or "").strip():
                    raise bad(Bilingual(f"thiếu '{key}'", f"'{key}' is missing"))
                try:
                    _parsed(str(t[key]))
                except ValueError as err:
                    raise bad(f"{key}: {err}") from None
        target = t.get("target")
        defs.append(IndicatorDef(
            code=code, form=str(t["form"]), unit=str(t["unit"]), kind=str(t["kind"]),
            measure=str(t.get("measure") or ("percent" if t["kind"] == "share" else "number")),
            label_vi=str(t.get("label_vi") or ""), label_en=str(t.get("label_en") or ""),
            numerator=str(t.get("numerator") or ""), denominator=str(t.get("denominator") or ""),
            group=str(t.get("group") or ""), group_vi=str(t.get("group_vi") or ""),
            group_en=str(t.get("group_en") or ""), standard=str(t.get("standard") or ""),
            target=float(target) if target is not None else None,
            target_year=int(t["target_year"]) if t.get("target_year") else None,
            target_source=str(t.get("target_source") or ""),
            min_denominator=int(t.get("min_denominator") or 0), note=str(t.get("note") or ""),
            terms=terms))
    for d in defs:
        for term in d.terms:
            if term not in seen:
                raise IndicatorError(IndicatorCode.INDICATORS_INVALID, path=str(path), indicator=d.code,
                                     detail=Bilingual(f"'terms' nhắc '{term}' không có",
                                                      f"'terms' names unknown indicator '{term}'"))
    pillars = []
    for t in raw.get("pillar", []):
        code = str(t.get("code") or "?")
        inds = tuple(t.get("indicators") or ())
        for c in inds:
            if c not in seen:
                raise IndicatorError(IndicatorCode.INDICATORS_INVALID, path=str(path), indicator=code,
                                     detail=Bilingual(f"chỉ tiêu '{c}' không có", f"unknown indicator '{c}'"))
        upper = {k: float(v) for k, v in (t.get("upper") or {}).items()}
        lower = {k: float(v) for k, v in (t.get("lower") or {}).items()}
        for c in inds:
            if upper.get(c, 100.0) == lower.get(c, 0.0):
                raise IndicatorError(IndicatorCode.INDICATORS_INVALID, path=str(path), indicator=code,
                                     detail=Bilingual(f"upper = lower cho '{c}'",
                                                      f"upper equals lower for '{c}'"))
        pillars.append(PillarDef(code=code, label_vi=str(t.get("label_vi") or ""),
                                 label_en=str(t.get("label_en") or ""), weight=float(t.get("weight") or 0),
                                 indicators=inds, lower=lower, upper=upper))
    cdai = raw.get("cdai") or {}
    return IndicatorSet(
        indicators=tuple(defs), pillars=tuple(pillars), index_code=str(cdai.get("code") or "C-DAI"),
        index_label_vi=str(cdai.get("label_vi") or IndicatorSet.index_label_vi),
        index_label_en=str(cdai.get("label_en") or IndicatorSet.index_label_en), source=str(path))


# ---------------------------------------------------------------------------------------- expressions

_PARSED: dict[str, Any] = {}
_PARSED_LOCK = threading.Lock()


def _parsed(text: str):
    """Parse once (cached) and check that only the supported subset is used."""
    with _PARSED_LOCK:
        ast = _PARSED.get(text)
    if ast is not None:
        return ast
    from forms import xpath as X

    try:
        ast = X.parse(text)
    except X.XPathSyntaxError as err:
        raise ValueError(f"lỗi cú pháp tại ký tự {err.pos + 1} / syntax error at character {err.pos + 1}: "
                         f"{err.message}") from None
    for node in X.walk(ast):
        if isinstance(node, X.Call) and node.name not in _FUNCTIONS:
            raise ValueError(f"hàm '{node.name}()' không được hỗ trợ / function '{node.name}()' is not supported")
        if isinstance(node, (X.Path, X.Filter, X.Var)):
            raise ValueError("chỉ dùng ${tên} / use ${name} references only")
        if isinstance(node, X.Binary) and node.op == "|":
            raise ValueError("toán tử '|' không được hỗ trợ / operator '|' is not supported")
    with _PARSED_LOCK:
        _PARSED[text] = ast
    return ast


def expression_refs(text: str) -> list[str]:
    from forms import xpath as X

    return list(dict.fromkeys(n.name for n in X.walk(_parsed(text)) if isinstance(n, X.Ref)))


class _Eval:
    """Evaluate a parsed expression over a DataFrame. Values are tagged: ('s', str Series with ''
    for missing), ('n', float Series/number), ('b', bool Series/bool)."""

    def __init__(self, frame):
        import numpy as np
        import pandas as pd

        self.pd = pd
        self.np = np
        self.df = frame
        self.n = len(frame)
        self.cols: dict[str, Any] = {}  # name -> the one Series object used for that column
        self.cache: dict[tuple[str, int], Any] = {}  # (conversion, id(series)) -> converted series

    def per_value(self, x, fn, dtype):
        """``fn`` (numpy array of distinct values -> array of results) applied to a Series through its
        distinct values: answers repeat a lot (a few hundred distinct values in 20,000 rows), and
        pandas' string methods are Python loops."""
        key = ("codes", id(x))
        got = self.cache.get(key)
        if got is None:
            got = self.cache[key] = self.pd.factorize(x, use_na_sentinel=False)
        codes, uniques = got
        values = self.np.asarray(fn(self.np.asarray(uniques, dtype=object)), dtype=dtype)
        return self.pd.Series(values[codes], index=x.index)

    def record_groups(self, groups):
        """(each row's record as a code, each record code's group): to count distinct records."""
        got = self.cache.get(("records", 0))
        if got is None:
            codes, uniq = self.pd.factorize(self.df["_id"])
            rec_group = self.np.zeros(len(uniq), dtype=self.np.int64)
            rec_group[codes] = groups
            got = self.cache[("records", 0)] = (codes, rec_group)
        return got

    # -- conversions
    def num(self, v):
        kind, x = v
        pd = self.pd
        if kind == "n":
            return x
        if kind == "b":
            return x.astype(float) if isinstance(x, pd.Series) else float(x)
        if isinstance(x, pd.Series):
            key = ("num", id(x))
            got = self.cache.get(key)
            if got is None:
                got = self.cache[key] = self.per_value(
                    x, lambda u: pd.to_numeric(pd.Series(u, dtype=object).str.strip(), errors="coerce")
                    .to_numpy(float), float)
            return got
        try:
            return float(x)
        except ValueError:
            return math.nan

    def boolean(self, v):
        kind, x = v
        pd = self.pd
        if kind == "b":
            return x
        if kind == "n":
            if isinstance(x, pd.Series):
                return x.notna() & (x != 0)
            return bool(x) and not math.isnan(x)
        if isinstance(x, pd.Series):
            return x != ""
        return x != ""

    def string(self, v):
        kind, x = v
        pd = self.pd
        if kind == "s":
            return x
        if kind == "b":
            return x.map({True: "true", False: "false"}) if isinstance(x, pd.Series) else ("true" if x else "false")
        from forms.functions import number_to_string  # plain digits, as the form engine writes numbers

        if isinstance(x, pd.Series):
            return x.map(lambda f: "" if math.isnan(f) else number_to_string(f))
        return "" if math.isnan(x) else number_to_string(x)

    def series(self, x):
        pd = self.pd
        if isinstance(x, pd.Series):
            return x
        return pd.Series([x] * self.n, index=self.df.index)

    # -- evaluation
    def ev(self, e):
        from forms import xpath as X

        pd = self.pd
        if isinstance(e, X.Ref):
            col = self.cols.get(e.name)
            if col is None:
                if e.name in self.df.columns:
                    col = self.df[e.name]
                else:
                    col = pd.Series([""] * self.n, index=self.df.index, dtype=object)
                self.cols[e.name] = col
            return ("s", col)
        if isinstance(e, X.Literal):
            return ("s", e.value)
        if isinstance(e, X.Number):
            return ("n", float(e.text))
        if isinstance(e, X.Neg):
            return ("n", -self.num(self.ev(e.operand)))
        if isinstance(e, X.Binary):
            return self.binary(e)
        if isinstance(e, X.Call):
            return self.call(e)
        raise ValueError(f"unsupported expression {e!r}")

    def binary(self, e):
        op = e.op
        if op in ("and", "or"):
            a = self.boolean(self.ev(e.left))
            b = self.boolean(self.ev(e.right))
            return ("b", (a & b) if op == "and" else (a | b))
        left, right = self.ev(e.left), self.ev(e.right)
        if op in ("+", "-", "*", "div", "mod"):
            a, b = self.num(left), self.num(right)
            if op == "+":
                return ("n", a + b)
            if op == "-":
                return ("n", a - b)
            if op == "*":
                return ("n", a * b)
            if op == "div":
                with self.np.errstate(divide="ignore", invalid="ignore"):
                    return ("n", a / b if not _is_zero_scalar(b) else a * math.nan)
            return ("n", self.np.fmod(a, b))
        return ("b", self.compare(op, left, right))

    def compare(self, op, left, right):
        pd = self.pd
        # explicit comparison with '' tests for an empty answer
        for a, b in ((left, right), (right, left)):
            if a[0] == "s" and not isinstance(a[1], pd.Series) and a[1] == "":
                s = self.string(b)
                if op == "=":
                    return s == ""
                if op == "!=":
                    return s != ""
        if op in ("=", "!=") and "b" in (left[0], right[0]):
            a, b = self.boolean(left), self.boolean(right)
            return (a == b) if op == "=" else (a != b)
        if op in ("=", "!=") and left[0] == "s" and right[0] == "s":
            a, b = left[1], right[1]
            present = self._present(a) & self._present(b)
            res = (a == b) if op == "=" else (a != b)
            return self._and(res, present)
        a, b = self.num(left), self.num(right)
        present = self._notnan(a) & self._notnan(b)
        res = {"=": lambda: a == b, "!=": lambda: a != b, "<": lambda: a < b, "<=": lambda: a <= b,
               ">": lambda: a > b, ">=": lambda: a >= b}[op]()
        return self._and(res, present)

    def _present(self, x):
        if isinstance(x, self.pd.Series):
            return x != ""
        return x != ""

    def _notnan(self, x):
        if isinstance(x, self.pd.Series):
            return x.notna()
        return not math.isnan(x)

    def _and(self, a, b):
        if isinstance(a, self.pd.Series) or isinstance(b, self.pd.Series):
            return self.series(a) & self.series(b)
        return bool(a and b)

    def call(self, e):
        pd = self.pd
        name, args = e.name, e.args
        if name == "true":
            return ("b", True)
        if name == "false":
            return ("b", False)
        if name == "not":
            b = self.boolean(self.ev(args[0]))
            return ("b", ~b if isinstance(b, pd.Series) else not b)
        if name in ("number", "int"):
            x = self.num(self.ev(args[0]))
            if name == "int":
                x = self.np.trunc(x)
            return ("n", x)
        if name == "string":
            return ("s", self.string(self.ev(args[0])))
        if name == "string-length":
            s = self.string(self.ev(args[0]))
            if isinstance(s, pd.Series):
                return ("n", self.per_value(s, lambda u: [len(v) if isinstance(v, str) else math.nan for v in u],
                                            float))
            return ("n", float(len(s)))
        if name == "round":
            x = self.num(self.ev(args[0]))
            digits = int(self.num(self.ev(args[1]))) if len(args) > 1 else 0
            return ("n", self.np.round(x, digits))
        if name == "if":
            c = self.series(self.boolean(self.ev(args[0])))
            a, b = self.ev(args[1]), self.ev(args[2])
            if a[0] == "n" or b[0] == "n":
                return ("n", self.series(self.num(a)).where(c, self.series(self.num(b))))
            return ("s", self.series(self.string(a)).where(c, self.series(self.string(b))))
        if name == "selected":
            s = self.string(self.ev(args[0]))
            code = self.string(self.ev(args[1]))
            if isinstance(code, pd.Series):
                raise ValueError("selected() needs a literal code")
            if isinstance(s, pd.Series):
                return ("b", self.per_value(s, lambda u: [isinstance(v, str) and code in v.split() for v in u], bool))
            return ("b", code in s.split())
        if name == "count-selected":
            s = self.string(self.ev(args[0]))
            if isinstance(s, pd.Series):
                return ("n", self.per_value(s, lambda u: [len(v.split()) if isinstance(v, str) else 0 for v in u],
                                            float))
            return ("n", float(len(s.split())))
        if name == "coalesce":
            a, b = self.ev(args[0]), self.ev(args[1])
            if a[0] == "s" and b[0] == "s":
                sa = self.series(a[1])
                return ("s", sa.where(sa != "", self.series(b[1])))
            na, nb = self.series(self.num(a)), self.series(self.num(b))
            return ("n", na.where(na.notna(), nb))
        raise ValueError(f"function {name}() is not supported")


def _is_zero_scalar(x) -> bool:
    return isinstance(x, float) and x == 0


def evaluate(expression: str, frame, kind: str = "bool", *, evaluator: _Eval | None = None):
    """Evaluate an indicator expression over a DataFrame → a float Series (``kind="number"``) or a
    bool Series (``kind="bool"``), aligned with ``frame``. Pass one ``evaluator`` (``_Eval(frame)``)
    for many expressions over the same frame: column conversions are then done once."""
    ev = evaluator or _Eval(frame)
    v = ev.ev(_parsed(expression))
    if kind == "bool":
        out = ev.series(ev.boolean(v))
        return out.fillna(False).astype(bool)
    return ev.series(ev.num(v)).astype(float)


# ---------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Frames:
    """Counted rows of one form: ``records`` (one per record) and ``members`` (roster lines)."""

    records: Any
    members: Any


def record_date(data: Mapping[str, Any], created_at: str) -> str:
    """The date a record describes: its interview date, else ``today``, else when it was created."""
    for key in ("interview_date", "today"):
        v = data.get(key)
        if isinstance(v, str) and len(v) >= 10:
            return v[:10]
    return (created_at or "")[:10]


def load_frames(store, form_id: str, *, statuses: Sequence[str] | None = COUNTED_STATUSES,
                communes: Sequence[str] | None = None, date_from: str | None = None,
                date_to: str | None = None, columns: Iterable[str] | None = None,
                cancel: threading.Event | None = None) -> Frames:
    """The counted records of a form as DataFrames of strings ('' = missing). ``columns``: only
    these fields (see :func:`indicator_columns`); every scalar field when None."""
    from models.records.queries import export_where

    where, params = export_where([form_id], statuses or (), communes or ())
    sql = f"SELECT id, status, commune, created_at, data FROM records WHERE {where} ORDER BY created_at, id"
    rows = _Rows(tuple(columns) if columns is not None else None)
    for i, (rid, status, commune, created, data_json) in enumerate(store.execute(sql, params)):
        if cancel is not None and i % 2000 == 0 and cancel.is_set():
            raise Cancelled()
        rows.add(rid, status, commune, created, data_json, date_from, date_to)
    return rows.frames()


def indicator_columns(defs: IndicatorSet, form_id: str) -> tuple[str, ...]:
    """The fields the indicators of a form read (record and roster-line indicators alike: a roster
    line reads its own fields and its household's)."""
    names: dict[str, None] = {}
    for d in defs.indicators:
        if d.form == form_id and d.kind != "difference":
            for text in (d.numerator, d.denominator):
                names.update(dict.fromkeys(expression_refs(text)))
    return tuple(names)


_BLANKS = itertools.repeat("")
_STR = {str}


class _Rows:
    """Counted records gathered row by row, made into :class:`Frames`.

    With ``columns`` only those fields are kept (as lists in column order), which is what lets a
    province's million records be read in chunks of constant size: every other answer is dropped as
    soon as the JSON is read. Without, every scalar field is kept (dicts)."""

    META = ("_id", "_status", "_commune", "_date")

    def __init__(self, columns: tuple[str, ...] | None):
        self.columns = columns
        self.rec: list[Any] = []
        self.mem: list[Any] = []
        self.last_commune = ""

    def __len__(self) -> int:
        return len(self.rec)

    def add(self, rid: str, status: str, commune: str, created: str, data_json: str | None,
            date_from: str | None = None, date_to: str | None = None) -> str | None:
        """Add one record; returns its date, or None when the date range leaves it out."""
        data = json.loads(data_json or "{}")
        if not isinstance(data, dict):
            data = {}
        day = record_date(data, created)
        if (date_from and day < date_from) or (date_to and day > date_to):
            return None
        own = data.get("commune")
        where = commune or (own if isinstance(own, str) else "")
        self.last_commune = where
        meta = [rid, status, where, day]
        items = data.get(MEMBER_REPEAT)
        cols = self.columns
        if cols is None:
            scalars = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, (list, dict))}
            self.rec.append((scalars, meta))
            if isinstance(items, list):
                for line, item in enumerate(items, 1):
                    if isinstance(item, Mapping):
                        member = dict(scalars)
                        member.update({k: ("" if v is None else v) for k, v in item.items()
                                       if not isinstance(v, (list, dict))})
                        self.mem.append((member, meta + [line]))
            return day
        top = list(map(data.get, cols, _BLANKS))
        if not set(map(type, top)) <= _STR:
            top = [v if isinstance(v, str) or (v is not None and not isinstance(v, (list, dict))) else ""
                   for v in top]
        self.rec.append(top + meta)
        if isinstance(items, list):
            line = 0
            for item in items:
                line += 1
                if not isinstance(item, Mapping):
                    continue
                m = list(map(item.get, cols, top))
                if not set(map(type, m)) <= _STR:  # null answers blank, a list or object keeps the household's
                    m = ["" if v is None else t if isinstance(v, (list, dict)) else v
                         for v, t in zip(m, top, strict=True)]
                m += meta
                m.append(line)
                self.mem.append(m)
        return day

    def frames(self) -> Frames:
        import pandas as pd

        cols = self.columns
        if cols is None:
            def frame(rows, names):
                if not rows:
                    return pd.DataFrame(columns=list(names), dtype=object)
                df = pd.DataFrame([r for r, _m in rows], dtype=object).fillna("")
                for i, k in enumerate(names):
                    df[k] = pd.Series([m[i] for _r, m in rows], index=df.index, dtype=object)
                return df

            return Frames(frame(self.rec, self.META), frame(self.mem, (*self.META, "_line")))
        names = [*cols, *self.META]
        rec = pd.DataFrame(self.rec, columns=names, dtype=object) if self.rec else \
            pd.DataFrame(columns=names, dtype=object)
        mnames = [*names, "_line"]
        mem = pd.DataFrame(self.mem, columns=mnames, dtype=object) if self.mem else \
            pd.DataFrame(columns=mnames, dtype=object)
        return Frames(rec, mem)


# ---------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    value: float | None  # None when suppressed or not computable (no denominator)
    numerator: float | None
    denominator: float | None
    n: int  # unweighted rows in the denominator (records, or roster lines for unit "member")
    records: int  # distinct records behind the value
    suppressed: bool  # n below min_denominator


@dataclass(frozen=True)
class PillarScore:
    code: str
    score: float | None
    used: tuple[str, ...]
    dropped: tuple[str, ...]  # suppressed/missing indicators left out (pillar re-weighted)


@dataclass(frozen=True)
class Quality:
    by_status: Mapping[str, int]  # every non-deleted record of the area (all forms)
    drafts: int
    returned: int
    open_issues: int  # sum of open issues over non-deleted records
    records_with_issues: int
    conflicts: int
    deleted: int


@dataclass(frozen=True)
class AreaResult:
    """Indicators of one commune (or of the whole province when ``commune`` is '')."""

    commune: str
    name: str
    values: Mapping[str, IndicatorValue]
    pillars: Mapping[str, PillarScore]
    index: float | None
    index_partial: bool  # some pillar lost an indicator or the index lost a pillar
    records: Mapping[str, int]  # counted records per form
    quality: Quality
    date_from: str
    date_to: str


@dataclass(frozen=True)
class IndicatorReport:
    definitions: IndicatorSet
    communes: tuple[AreaResult, ...]
    total: AreaResult
    statuses: tuple[str, ...]
    province: str  # the province code: the setting, else the one province all communes lie in, else ''
    weights: Mapping[str, float]  # commune -> household design weight used
    generated_at: str
    forms: Mapping[str, str] = field(default_factory=dict)  # form_id -> title

    def ranking(self) -> list[AreaResult]:
        """Communes by index, highest first; communes without an index last."""
        return sorted(self.communes, key=lambda a: (a.index is None, -(a.index or 0.0), a.name))


TOTAL = None  # the key of the all-communes aggregate


class _Sums:
    """Unweighted sums of one indicator per commune, added up chunk after chunk:
    [numerator, denominator, rows in the denominator, records behind them]."""

    __slots__ = ("by",)

    def __init__(self):
        self.by: dict[str, list[float]] = {}

    def add(self, d: IndicatorDef, df, ev: _Eval, groups, labels) -> None:
        """Evaluate ``d`` over one chunk's frame ``df`` (every row weight 1) and add per commune.
        ``groups``: each row's commune as an index into ``labels``."""
        import numpy as np

        evaluate_ = functools.partial(evaluate, evaluator=ev)
        if d.kind == "share":
            den = evaluate_(d.denominator, df, "bool").to_numpy(bool)
            num = evaluate_(d.numerator, df, "bool").to_numpy(bool) & den
            a, b, r = num.astype(float), den.astype(float), den
        elif d.kind == "sum":
            den = evaluate_(d.denominator, df, "bool").to_numpy(bool)
            x = evaluate_(d.numerator, df, "number").to_numpy(float)
            ok = ~np.isnan(x)
            a, b, r = np.where(den & ok, x, 0.0), den.astype(float), den
        elif d.kind == "mean":
            den = evaluate_(d.denominator, df, "bool").to_numpy(bool)
            x = evaluate_(d.numerator, df, "number").to_numpy(float)
            m = den & ~np.isnan(x)
            a, b, r = np.where(m, x, 0.0), m.astype(float), m
        else:  # ratio
            x = evaluate_(d.numerator, df, "number").to_numpy(float)
            y = evaluate_(d.denominator, df, "number").to_numpy(float)
            m = ~np.isnan(x) & ~np.isnan(y)
            a, b, r = np.where(m, x, 0.0), np.where(m, y, 0.0), m & (y != 0)
        k = len(labels)
        sa = np.bincount(groups, weights=a, minlength=k)
        sb = np.bincount(groups, weights=b, minlength=k)
        sr = np.bincount(groups, weights=r.astype(float), minlength=k)
        if d.unit == "member":  # distinct households behind the roster lines
            rec_codes, rec_group = ev.record_groups(groups)
            hit = np.unique(rec_codes[r])
            srec = np.bincount(rec_group[hit], minlength=k).astype(float)
        else:
            srec = sr
        for i, g in enumerate(labels):
            acc = self.by.get(g)
            if acc is None:
                self.by[g] = [float(sa[i]), float(sb[i]), float(sr[i]), float(srec[i])]
            else:
                acc[0] += sa[i]
                acc[1] += sb[i]
                acc[2] += sr[i]
                acc[3] += srec[i]

    def values(self, d: IndicatorDef, weight: Mapping[str, float]) -> dict[str | None, IndicatorValue]:
        """Per commune and overall, each commune's sums times its weight (a weight is constant
        within a commune, so Σ w·x = w · Σ x)."""
        out: dict[str | None, IndicatorValue] = {}
        if not self.by:
            return out
        ta = tb = 0.0
        tn = trec = 0
        for g, (a, b, n, rec) in self.by.items():
            w = weight.get(g, 1.0)
            a, b = a * w, b * w
            out[g] = _value(d, a, b, int(n), int(rec))
            ta += a
            tb += b
            tn += int(n)
            trec += int(rec)
        out[TOTAL] = _value(d, ta, tb, tn, trec)
        return out


def _value(d: IndicatorDef, numerator: float, denominator: float, n: int, records: int) -> IndicatorValue:
    scale = 100.0 if d.is_percent else 1.0
    if d.kind == "sum":
        value: float | None = numerator
    elif denominator:
        value = numerator / denominator * (scale if d.kind in ("share", "ratio") else 1.0)
    else:
        value = None
    suppressed = n < d.min_denominator
    return IndicatorValue(d.code, None if suppressed else value, numerator, denominator, n, records, suppressed)


def _empty(d: IndicatorDef) -> IndicatorValue:
    return IndicatorValue(d.code, None, None, None, 0, 0, d.min_denominator > 0)


def _difference(d: IndicatorDef, values: Mapping[str, IndicatorValue]) -> IndicatorValue:
    a, b = (values.get(t) for t in d.terms)
    if a is None or b is None or a.value is None or b.value is None:
        return IndicatorValue(d.code, None, None, None, min(a.n if a else 0, b.n if b else 0),
                              max(a.records if a else 0, b.records if b else 0),
                              bool((a and a.suppressed) or (b and b.suppressed)))
    return IndicatorValue(d.code, a.value - b.value, a.value, b.value, min(a.n, b.n), max(a.records, b.records),
                          False)


def _pillars(defs: IndicatorSet, values: Mapping[str, IndicatorValue]
             ) -> tuple[dict[str, PillarScore], float | None, bool]:
    scores: dict[str, PillarScore] = {}
    partial = False
    total_w = 0.0
    acc = 0.0
    for p in defs.pillars:
        used, dropped, parts = [], [], []
        for c in p.indicators:
            v = values.get(c)
            if v is None or v.value is None:
                dropped.append(c)
                continue
            lo, hi = p.lower.get(c, 0.0), p.upper.get(c, 100.0)
            parts.append(100.0 * min(1.0, max(0.0, (v.value - lo) / (hi - lo))))
            used.append(c)
        score = sum(parts) / len(parts) if parts else None
        if dropped:
            partial = True
        scores[p.code] = PillarScore(p.code, score, tuple(used), tuple(dropped))
        if score is not None:
            acc += p.weight * score
            total_w += p.weight
    all_w = sum(p.weight for p in defs.pillars)
    index = acc / total_w if total_w else None  # re-weighted over the pillars that have a score
    if total_w < all_w:
        partial = True
    return scores, index, partial


class _Tally:
    """Data-quality counts per commune (the records' commune column), over every record of every
    form whatever its status, gathered in the same pass as the indicators."""

    def __init__(self):
        self.by: dict[str, dict[str, Any]] = {}

    def add(self, commune: str, status: str, deleted: int, issues: int) -> None:
        t = self.by.get(commune)
        if t is None:
            t = self.by[commune] = {"status": {}, "issues": 0, "with": 0, "deleted": 0}
        if deleted:
            t["deleted"] += 1
            return
        t["status"][status] = t["status"].get(status, 0) + 1
        n = int(issues or 0)
        t["issues"] += n
        t["with"] += n > 0

    def quality(self, communes: Iterable[str] | None, conflicts: Mapping[str, int]) -> Quality:
        """For the given commune codes, or for every record seen when None."""
        keys = list(self.by) if communes is None else [c for c in communes if c in self.by]
        by_status: dict[str, int] = {}
        issues = with_issues = deleted = 0
        for k in keys:
            t = self.by[k]
            for st, n in t["status"].items():
                by_status[st] = by_status.get(st, 0) + n
            issues += t["issues"]
            with_issues += t["with"]
            deleted += t["deleted"]
        ckeys = list(conflicts) if communes is None else list(communes)
        return Quality(by_status=by_status, drafts=by_status.get("draft", 0), returned=by_status.get("returned", 0),
                       open_issues=issues, records_with_issues=with_issues,
                       conflicts=sum(conflicts.get(k, 0) for k in ckeys), deleted=deleted)


def _quality(store, communes: Sequence[str] | None) -> Quality:
    """Data-quality counts of some communes (all when None) straight from the database."""
    where = ""
    params: list[Any] = []
    if communes is not None:
        where = f" WHERE commune IN ({', '.join('?' * len(communes))})"
        params = list(communes)
    tally = _Tally()
    for commune, status, deleted, issues in store.execute(
            f"SELECT commune, status, deleted, issues FROM records{where}", params):
        tally.add(commune, status, deleted, issues)
    return tally.quality(communes, conflicts_by_commune(store, communes))


def conflicts_by_commune(store, communes: Sequence[str] | None = None) -> dict[str, int]:
    """Records with an open merge conflict (rows in ``record_conflicts``, kept by models.exchange.merge
    until the conflict is resolved), per commune."""
    sql = ("SELECT r.commune, count(DISTINCT c.record_id) FROM record_conflicts c "
           "JOIN records r ON r.id = c.record_id WHERE r.deleted = 0")
    params: list[Any] = []
    if communes is not None:
        sql += f" AND r.commune IN ({', '.join('?' * len(communes))})"
        params = list(communes)
    try:
        return {k: int(n) for k, n in store.execute(sql + " GROUP BY r.commune", params)}
    except Exception as err:  # a database without the consolidation tables
        if "no such table" in str(err):
            return {}
        raise


def count_conflicts(store, communes: Sequence[str] | None = None) -> int:
    """Records with an open merge conflict, in the given communes (all when None)."""
    return sum(conflicts_by_commune(store, communes).values())


def household_weights(store, counted: Mapping[str, int]) -> dict[str, float]:
    """w_h per commune = households in the commune (setting) ÷ counted household records; else 1."""
    s = store.settings()
    out = {}
    for commune, n in counted.items():
        total = s.get(f"households:{commune}") or (s.get("households") if commune == s.get("commune") else "")
        try:
            big_n = float(total)
        except (TypeError, ValueError):
            big_n = 0.0
        out[commune] = big_n / n if big_n > 0 and n > 0 else 1.0
    return out


def compute_indicators(store, *, definitions: IndicatorSet | None = None,
                       statuses: Sequence[str] | None = COUNTED_STATUSES, communes: Sequence[str] | None = None,
                       date_from: str | None = None, date_to: str | None = None,
                       household_form: str | None = None,
                       cancel: threading.Event | None = None, chunk: int | None = None) -> IndicatorReport:
    """Every indicator, pillar score and the index for each commune and for all of them together."""
    return run(compute_indicators_steps(store, definitions=definitions, statuses=statuses, communes=communes,
                                        date_from=date_from, date_to=date_to, household_form=household_form,
                                        cancel=cancel, chunk=chunk))


#: counted records are read and evaluated this many at a time: memory does not grow with the database
CHUNK_RECORDS = 20_000


def compute_indicators_steps(store, *, definitions: IndicatorSet | None = None,
                             statuses: Sequence[str] | None = COUNTED_STATUSES,
                             communes: Sequence[str] | None = None, date_from: str | None = None,
                             date_to: str | None = None, household_form: str | None = None,
                             cancel: threading.Event | None = None,
                             chunk: int | None = None) -> Generator[Progress, None, IndicatorReport]:
    """Generator form of :func:`compute_indicators` (yields progress, returns the report).

    One pass over the records, ``chunk`` records at a time: each chunk's counted records become
    DataFrames holding only the fields the indicators read, every indicator is evaluated on them and
    summed per commune; the data-quality counts are taken in the same pass. Household weights are
    applied to the per-commune sums at the end (a weight is constant within a commune)."""
    import pandas as pd

    from models.store.database import utcnow

    chunk = max(1, int(chunk or CHUNK_RECORDS))
    defs = definitions or load_indicators()
    statuses = tuple(statuses) if statuses else ()
    known = {r[0] for r in store.execute("SELECT DISTINCT form_id FROM forms")}
    form_ids = [f for f in defs.forms if f in known]
    titles = {}
    for fid in form_ids:  # from the forms table: no need to parse the form
        row = store.execute("SELECT title, version FROM forms WHERE form_id = ? ORDER BY added_at DESC LIMIT 1",
                            [fid]).fetchone()
        titles[fid] = (row[0] if row and row[0] else fid)
    if household_form is None:  # the sample survey: the form whose indicators count roster lines
        household_form = next((d.form for d in defs.indicators if d.unit == "member"), "household_digital")
    columns = {fid: indicator_columns(defs, fid) for fid in form_ids}
    by_form: dict[str, list[IndicatorDef]] = {}
    for d in defs.indicators:
        if d.kind != "difference" and d.form in columns:
            by_form.setdefault(d.form, []).append(d)
    sums = {d.code: _Sums() for ds in by_form.values() for d in ds}
    counted: dict[str, dict[str, int]] = {fid: {} for fid in form_ids}  # form -> commune -> records
    dates: dict[str, list[str]] = {}  # commune -> [first, last]
    tally = _Tally()

    where, params = "", []
    if communes:
        where = f" WHERE commune IN ({', '.join('?' * len(communes))})"
        params = list(communes)
    total = store.execute(f"SELECT count(*) FROM records{where}", params).fetchone()[0]
    if form_ids:
        cond = f"deleted = 0 AND form_id IN ({', '.join('?' * len(form_ids))})"
        cparams: list[Any] = list(form_ids)
        if statuses:
            cond += f" AND status IN ({', '.join('?' * len(statuses))})"
            cparams += list(statuses)
        data_col = f"CASE WHEN {cond} THEN data END"
    else:
        data_col, cparams = "NULL", []
    sql = f"SELECT id, form_id, status, commune, created_at, deleted, issues, {data_col} FROM records{where}"

    def evaluate_chunk(rows: dict[str, _Rows]) -> None:
        for fid, rs in rows.items():
            if not len(rs):
                continue
            fr = rs.frames()
            for frame, unit in ((fr.records, "record"), (fr.members, "member")):
                ds = [d for d in by_form.get(fid, ()) if d.unit == unit]
                if not ds or not len(frame):
                    continue
                groups, labels = pd.factorize(frame["_commune"])
                labels = [str(x) for x in labels]
                ev = _Eval(frame)
                for d in ds:
                    if cancel is not None and cancel.is_set():
                        raise Cancelled()
                    sums[d.code].add(d, frame, ev, groups, labels)

    def fresh() -> dict[str, _Rows]:
        return {fid: _Rows(columns[fid]) for fid in form_ids}

    rows = fresh()
    pending = 0
    seen = 0
    for seen, (rid, fid, status, commune, created, deleted, issues, data_json) in enumerate(
            store.execute(sql, cparams + params), 1):
        tally.add(commune, status, deleted, issues)
        if data_json is not None:
            rs = rows[fid]
            day = rs.add(rid, status, commune, created, data_json, date_from, date_to)
            if day is not None:
                pending += 1
                where_ = rs.last_commune
                c = counted[fid]
                c[where_] = c.get(where_, 0) + 1
                if day:
                    span = dates.get(where_)
                    if span is None:
                        dates[where_] = [day, day]
                    elif day < span[0]:
                        span[0] = day
                    elif day > span[1]:
                        span[1] = day
        if seen % 2000 == 0:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            yield Progress(seen, total + 1, "")
        if pending >= chunk:
            evaluate_chunk(rows)
            rows, pending = fresh(), 0
    evaluate_chunk(rows)
    del rows

    counted_hh = {k: v for k, v in counted.get(household_form, {}).items()}
    wmap = household_weights(store, counted_hh)
    per: dict[str, dict[str | None, IndicatorValue]] = {}
    for ds in by_form.values():
        for d in ds:
            weight = wmap if d.form == household_form else {}
            per[d.code] = sums[d.code].values(d, weight)
    area_codes: list[str] = sorted({c for per_form in counted.values() for c in per_form})
    if communes:
        area_codes = [c for c in communes if c in area_codes] or list(communes)
    names = _commune_names(store, area_codes, form_ids)
    conflicts = conflicts_by_commune(store, communes)

    def area(code: str | None) -> AreaResult:
        values: dict[str, IndicatorValue] = {}
        for d in defs.indicators:
            if d.kind != "difference":
                values[d.code] = per.get(d.code, {}).get(code) or _empty(d)
        for d in defs.indicators:
            if d.kind == "difference":
                values[d.code] = _difference(d, values)
        ordered = {d.code: values[d.code] for d in defs.indicators}
        pillars, index, partial = _pillars(defs, ordered)
        if code is None:
            counts = {fid: sum(counted[fid].values()) for fid in form_ids}
            spans = list(dates.values())
        else:
            counts = {fid: counted[fid].get(code, 0) for fid in form_ids}
            spans = [dates[code]] if code in dates else []
        quality = tally.quality([code] if code is not None else (list(communes) if communes else None), conflicts)
        return AreaResult(
            commune=code or "", name=names.get(code, code) if code else "",
            values=ordered, pillars=pillars, index=index, index_partial=partial, records=counts,
            quality=quality, date_from=min((s[0] for s in spans), default=""),
            date_to=max((s[1] for s in spans), default=""))

    results = [area(code) for code in area_codes]
    total_area = area(TOTAL)
    yield Progress(total + 1, total + 1, "")
    province = store.setting("province") or _province_of(area_codes)
    return IndicatorReport(definitions=defs, communes=tuple(results), total=total_area, statuses=statuses,
                           province=province, weights=wmap, generated_at=utcnow(), forms=titles)


def _province_of(communes: Iterable[str]) -> str:
    """The province code of the communes when they all lie in one province ('' otherwise): a
    database filled by imports has no province setting, yet its communes name their province."""
    from models.setup import admin_units

    found = set()
    for code in communes:
        try:
            unit = admin_units.commune(code) if code else None
        except Exception:  # noqa: BLE001 - a broken data file must not stop a report
            return ""
        if unit is not None:
            found.add(unit.province)
    return found.pop() if len(found) == 1 else ""


def _commune_names(store, codes: Iterable[str], form_ids: Iterable[str]) -> dict[str, str]:
    """Commune code -> name from the forms' ``commune`` choice list (falls back to the code).

    Parsing a form costs a second or more, so: a form already parsed in this process is used as
    it is; the bundled forms, whose commune list is the official 2025 list of wards and communes,
    are looked up in ``vietnam_provinces``; any other form is parsed."""
    from models.store.database import _FORM_CACHE, _FORM_CACHE_LOCK

    codes = sorted({c for c in codes if c})
    names: dict[str, str] = {}
    for fid in form_ids:
        rows = store.execute("SELECT sha256, bundled, version FROM forms WHERE form_id = ?", [fid]).fetchall()
        if not rows:
            continue
        with _FORM_CACHE_LOCK:
            got = [_FORM_CACHE.get(r[0]) for r in rows]
        cached = [f for f in got if f is not None]
        if not cached and all(r[1] or r[0] in _bundled_shas() for r in rows):
            names.update({k: v for k, v in _official_names(codes).items() if k not in names})
            continue
        forms = cached
        if not forms:
            try:
                forms = [store.form(fid)]
            except AppError:
                continue
        for form in forms:
            e = form.get("commune")
            if e is None or not e.list_name:
                continue
            for c in form.choices.get(e.list_name, ()):
                names.setdefault(c.name, form.text(c.labels, "vi") or c.name)
    return names


_BUNDLED_SHAS: frozenset[str] | None = None


def _bundled_shas() -> frozenset[str]:
    """SHA-256 of the forms shipped with the application: a copy that arrived in a package is still
    a bundled form (its commune list is the official one)."""
    global _BUNDLED_SHAS
    if _BUNDLED_SHAS is None:
        import hashlib

        from models.store.database import BUNDLED_DIR

        _BUNDLED_SHAS = frozenset(hashlib.sha256(p.read_bytes()).hexdigest() for p in BUNDLED_DIR.glob("*.xlsx"))
    return _BUNDLED_SHAS


def _official_names(codes: Iterable[str]) -> dict[str, str]:
    try:
        from vietnam_provinces import Ward, WardCode
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    out = {}
    for code in codes:
        try:
            out[code] = Ward.from_code(WardCode(int(code))).name
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return out
