"""Experiments on the semantics of ODK's form engine (@getodk/xforms-engine).

Runs every probe through the harness (run_odk_many: one node process per
batch) and prints, per probe, what the engine did next to what JavaRosa (the
engine of ODK Collect) does according to its source, with the status:

  same        the engine's result equals JavaRosa's (per the cited source)
  DIFFERS     the engine deviates from JavaRosa / Collect
  engine      engine behaviour only; no JavaRosa claim is made

The JavaRosa column is not run here (no JVM engine in this project): each
value is derived from the source line named in the "source" column (see
SOURCES) and is a claim about JavaRosa, not an observation. It shows the value
JavaRosa stores for the calculate (IAnswerData.wrapData: NaN and '' become
empty) as read back by a later expression and turned into a string by
JavaRosa's own XPathFuncExpr.toString. (The submission XML can differ from
that: a boolean is serialised '1'/'0' and a date held by a string calculate as
a full date-time; see XFormAnswerDataSerializer.)

Usage:
    python tests/odk/probe_semantics.py            # plain text
    python tests/odk/probe_semantics.py --markdown # tables for docs/odk-conformance.md
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.odk.harness import run_odk_many, xlsform_md_to_xform  # noqa: E402

TODAY = "2025-07-15"

JR = "getodk/javarosa src/main/java/org/javarosa"
SOURCES = {
    "FuncExpr": f"{JR}/xpath/expr/XPathFuncExpr.java",
    "PathExpr": f"{JR}/xpath/expr/XPathPathExpr.java (getRefValue: value of a non-relevant node is null -> \"\")",
    "Nodeset": f"{JR}/xpath/XPathNodeset.java (unpack: >1 node throws 'This field is repeated')",
    "EqExpr": f"{JR}/xpath/expr/XPathEqExpr.java",
    "CmpExpr": f"{JR}/xpath/expr/XPathCmpExpr.java (both sides toNumeric)",
    "ArithExpr": f"{JR}/xpath/expr/XPathArithExpr.java",
    "BoolExpr": f"{JR}/xpath/expr/XPathBoolExpr.java (and/or: toBoolean of each side, returns a Boolean)",
    "wrapData": f"{JR}/core/model/data/IAnswerData.java (wrapData: NaN/'' -> empty; Boolean -> BooleanData; "
    "Double -> Integer/Long/DecimalData; Date in a string bind -> DateTimeData)",
    "Serializer": f"{JR}/xform/util/XFormAnswerDataSerializer.java (DecimalData -> Double.toString; "
    "BooleanData -> '1'/'0'; DateTimeData -> ISO date-time)",
    "Java": "Java SE Double.toString: scientific notation below 1e-3 and from 1e7 up",
    "FormDef": f"{JR}/core/model/FormDef.java (evaluateConstraint returns true when the answer is null)",
    "TreeElement": f"{JR}/core/model/instance/TreeElement.java (isRelevant = own && inherited; "
    "setRelevant only flips flags)",
    "DateUtils": f"{JR}/core/model/utils/DateUtils.java (daysSinceEpoch: whole local days)",
    "wf878": "getodk/web-forms#878 (sum of empty nodeset / empty values: Collect gives 0)",
    "jr767": "getodk/javarosa#767 (a single blank node is false in JavaRosa, true in XPath)",
    "jr531": "getodk/javarosa#531 (Collect's regex() is a full match)",
    "enk193": "kobotoolbox/enketo-express#193 (Collect: ${f} = false() is true for a false() calculate)",
}

# Base form for expression probes: every question type an expression may read.
BASE = """| survey |
| | type | name | label | calculation |
| | integer | a | A | |
| | decimal | b | B | |
| | text | t | T | |
| | date | d | D | |
| | select_multiple fr | sm | SM | |
| | select_one fr | so | SO | |
| | begin repeat | r | R | |
| | integer | ri | RI | |
| | calculate | pos | | position(..) |
| | end repeat | | | |
| | calculate | c | | {expr} |
| choices |
| | list_name | name | label |
| | fr | apple | Apple |
| | fr | mango | Mango |
| | fr | kiwi | Kiwi |
"""

# Named answer sets for expression probes.
EMPTY: dict = {}
FULL = {
    "a": 5,
    "b": "2.345",
    "t": "abcdef",
    "d": "2025-07-10",
    "sm": "kiwi apple",
    "so": "mango",
    "r": [{"ri": 4}, {"ri": 7}, {"ri": ""}],
}
ZERO = {"a": 0, "t": "", "r": []}
ONE_REP = {"r": [{"ri": 4}]}


@dataclass
class Probe:
    id: str
    topic: str
    what: str  # expression or description of the set-up
    answers: list  # list of answer dicts (cases)
    md: str | None = None  # full XLSForm (markdown); None -> BASE with calculate c = what
    extract: Callable[[list[dict]], str] | None = None  # results -> shown string
    collect: str | None = None  # JavaRosa result per the cited source (None: no claim)
    source: str = ""
    note: str = ""
    tz: str = "UTC"
    expression: str | None = None  # calculate `c` of BASE, when md is None
    engine: str = field(default="", init=False)

    def status(self) -> str:
        if self.collect is None:
            return "engine"
        if self.collect == "ERROR":
            return "same" if self.engine.startswith("ERROR") else "DIFFERS"
        return "same" if self.collect == self.engine else "DIFFERS"


def c_value(results: list[dict]) -> str:
    """Default extractor: the calculate `c` of every case, joined with ' ; '."""
    out = []
    for r in results:
        if r["error"]:
            out.append(f"ERROR: {r['error'][:70]}")
        else:
            out.append(repr(r["values"].get("c", "<absent>")))
    return " ; ".join(out)


def q(*vals: str) -> str:
    """Format expected values like c_value does."""
    return " ; ".join(repr(v) for v in vals)


def expr(pid, topic, e, answers, collect=None, source="", note="", tz="UTC", label=""):
    """A probe of one expression, as calculate `c` of BASE; `label` describes the answers."""
    what = f"{e}  {label}" if label else e
    return Probe(pid, topic, what, answers, collect=collect, source=source, note=note, tz=tz, expression=e)


def values_of(*names: str, case: int = 0) -> Callable[[list[dict]], str]:
    def f(results: list[dict]) -> str:
        r = results[case]
        if r["error"]:
            return f"ERROR: {r['error']}"
        return json.dumps({n: r["values"].get(n, "<absent>") for n in names}, ensure_ascii=False)

    return f


def whole(case: int = 0, keys=("values", "hidden", "issues")) -> Callable[[list[dict]], str]:
    def f(results: list[dict]) -> str:
        r = results[case]
        if r["error"]:
            return f"ERROR: {r['error']}"
        return json.dumps({k: r[k] for k in keys}, ensure_ascii=False)

    return f


PROBES: list[Probe] = []
P = PROBES.append

# --- A. Relevance ----------------------------------------------------------
RELEVANCE_MD = """| survey |
| | type | name | label | relevant | calculation |
| | integer | a | A | | |
| | integer | b | B | ${a} > 0 | |
| | calculate | cc | | ${a} > 5 | ${b} * 10 |
| | calculate | b_seen | | | concat('[', ${b}, ']') |
| | calculate | cc_seen | | | concat('[', ${cc}, ']') |
| | calculate | b_cnt | | | count(${b}) |
| | calculate | b_blank | | | ${b} = '' |
"""
P(Probe("A1", "relevance", "value of a non-relevant question, read by another expression (b relevant if a > 0; a=0)",
        [{"a": 0, "b": 7}], md=RELEVANCE_MD, extract=values_of("b_seen", "b_blank"),
        collect=json.dumps({"b_seen": "[]", "b_blank": "true"}), source="PathExpr",
        note="the harness does not apply answers to non-relevant questions; the value is blank either way"))
P(Probe("A2", "relevance", "value of a non-relevant calculate (cc relevant if a > 5; a=1, b=7)",
        [{"a": 1, "b": 7}], md=RELEVANCE_MD, extract=values_of("cc", "cc_seen"),
        collect=json.dumps({"cc": "<absent>", "cc_seen": "[]"}), source="PathExpr",
        note="cc is hidden (absent from values) and reads as blank"))
P(Probe("A3", "relevance", "count() of a non-relevant node (a=0)",
        [{"a": 0}], md=RELEVANCE_MD, extract=values_of("b_cnt"),
        note="the node is still counted: only its value is masked"))
P(Probe("A4", "relevance",
        "value kept while non-relevant: b answered 7, made non-relevant by a later answer (a=1), "
        "relevant again by z='y' (b relevant if a != 1 or z = 'y'; cb = 5 + w likewise)",
        [{"b": 7, "w": 1, "a": 1, "z": "y"}, {"b": 7, "w": 1, "a": 1, "z": "n"}],
        md="""| survey |
| | type | name | label | relevant | calculation |
| | integer | b | B | ${a} != 1 or ${z} = 'y' | |
| | calculate | cb | | ${a} != 1 or ${z} = 'y' | 5 + ${w} |
| | integer | w | W | | |
| | integer | a | A | | |
| | text | z | Z | | |
| | calculate | seen | | | concat('[', ${b}, '/', ${cb}, ']') |
""", extract=lambda rs: " ; ".join(json.dumps({k: r["values"].get(k, "<absent>") for k in ("b", "cb", "seen")}) for r in rs),
        collect=json.dumps({"b": "7", "cb": "6", "seen": "[7/6]"}) + " ; " + json.dumps({"b": "<absent>", "cb": "<absent>", "seen": "[/]"}),
        source="TreeElement",
        note="values survive non-relevance and come back; JavaRosa masks on read (PathExpr) and never clears"))
GROUP_MD = """| survey |
| | type | name | label | relevant | required | constraint |
| | integer | a | A | | | |
| | begin group | g | G | ${a} > 0 | | |
| | text | q | Q | | yes | |
| | end group | | | | | |
| | integer | k | K | | | . > 100 |
| | integer | k3 | K3 | | yes | . > 100 |
"""
P(Probe("A5", "relevance", "group relevance hides its children; required child of a non-relevant group (a=0)",
        [{"a": 0, "q": "x", "k3": 500}], md=GROUP_MD, extract=whole(),
        collect=json.dumps({"values": {"a": "0", "k": "", "k3": "500"}, "hidden": ["q"], "issues": []}),
        source="TreeElement", note="relevance is inherited; a required question that is not relevant raises nothing"))
P(Probe("A6", "relevance", "relevant on a repeat (r relevant if n != 2; n=2) hides every instance's children",
        [{"n": 2, "r": [{"x": "a"}, {"x": "b"}]}], md="""| survey |
| | type | name | label | relevant | repeat_count | calculation |
| | integer | n | N | | | |
| | begin repeat | r | R | ${n} != 2 | ${n} | |
| | text | x | X | | | |
| | end repeat | | | | | |
| | calculate | cnt | | | | count(${r}) |
""", extract=whole(keys=("values", "hidden"))))
P(Probe("A7", "relevance", "relevant per repeat instance (r relevant if position(.) != 2)",
        [{"r": [{"x": "1"}, {"x": "2"}, {"x": "3"}]}], md="""| survey |
| | type | name | label | relevant | calculation |
| | begin repeat | r | R | position(.) != 2 | |
| | text | x | X | | |
| | end repeat | | | | |
| | calculate | cnt | | | count(${r}) |
| | calculate | xs | | | concat(${x}) |
""", extract=whole(keys=("values", "hidden")),
        note="a non-relevant instance shows as {} in values (keeps indices aligned); count() still counts it"))

# --- B. Empty values, NaN and how a calculate stores a number ----------------
P(expr("B1", "empty/NaN", "${a} + 1", [EMPTY, FULL], collect=q("", "6"), source="ArithExpr, wrapData",
       note="NaN is stored as an empty value"))
P(expr("B2", "empty/NaN", "concat('x', ${a} + 1)", [EMPTY], collect=q("xNaN"), source="FuncExpr (toString: NaN -> 'NaN')",
       note="the engine turns NaN into '' when converting to string; JavaRosa into 'NaN'"))
P(expr("B3", "empty/NaN", "string(${a} + 1)", [EMPTY], collect=q("NaN"), source="FuncExpr, wrapData",
       note="JavaRosa stores the string 'NaN' (a non-empty string)"))
P(expr("B4", "empty/NaN", "0 div 0", [EMPTY], collect=q(""), source="wrapData"))
P(expr("B5", "empty/NaN", "1 div 0", [EMPTY], collect=q("Infinity"), source="wrapData, Serializer"))
P(expr("B6", "empty/NaN", "number('')", [EMPTY], collect=q(""), source="FuncExpr, wrapData"))

# --- C. Aggregates -------------------------------------------------------------
P(expr("C1", "aggregates", "sum(${ri})", [ZERO], collect=q("0"), source="FuncExpr (sum starts at 0), wf878", label="[no repeat instances]"))
P(expr("C2", "aggregates", "sum(${ri})", [FULL], collect=q("11"), source="FuncExpr (sum skips NaN), wf878", label="[ri = 4, 7, '']"))
P(expr("C3", "aggregates", "sum(${ri})", [EMPTY], collect=q("0"), source="FuncExpr, wf878", label="[one instance, ri = '']"))
P(expr("C4", "aggregates", "sum(${ri}[. != ''])", [FULL], collect=q("11"), source="FuncExpr", label="[ri = 4, 7, '']"))
P(expr("C5", "aggregates", "count(${ri})", [FULL, ZERO], collect=q("3", "0"), source="FuncExpr", label="[3 instances ; none]"))
P(expr("C6", "aggregates", "count-non-empty(${ri})", [FULL], collect=q("2"), source="Nodeset (getNonEmptySize)", label="[ri = 4, 7, '']"))
P(expr("C7", "aggregates", "max(${ri})", [FULL], collect=q("7"), source="FuncExpr (max skips NaN)", label="[ri = 4, 7, '']"))
P(expr("C8", "aggregates", "min(${ri})", [FULL], collect=q("4"), source="FuncExpr (min skips NaN)", label="[ri = 4, 7, '']"))
P(expr("C9", "aggregates", "max(${ri})", [ZERO], collect=q(""), source="FuncExpr (all NaN -> NaN)", label="[no instances]"))
P(expr("C10", "aggregates", "min(1, '', 3)", [EMPTY], collect=q("1"), source="FuncExpr (min skips NaN)"))
P(expr("C11", "aggregates", "max(${a}, 5)", [EMPTY, FULL], collect=q("5", "5"), source="FuncExpr", label="[a empty ; a=5]"))

# --- D. Comparing an empty integer ------------------------------------------
for pid, e, exp_empty, exp_zero in [
    ("D1", "${a} > 3", "false", "false"),
    ("D2", "${a} = 0", "false", "true"),
    ("D3", "${a} != 0", "true", "false"),
    ("D4", "${a} = ''", "true", "false"),
    ("D5", "${a} < 3", "false", "true"),
]:
    P(expr(pid, "empty comparisons", e, [EMPTY, ZERO], collect=q(exp_empty, exp_zero),
           source="EqExpr, CmpExpr", label="[a empty ; a=0]"))

# --- E. Booleans ----------------------------------------------------------------
P(expr("E1", "booleans", "if(${a}, 'T', 'F')", [EMPTY, ZERO, FULL], collect=q("F", "F", "T"), label="[a empty ; a=0 ; a=5]",
       source="FuncExpr (toBoolean of the node's value), jr767",
       note="the engine follows XPath 1.0: a path to one existing node is a non-empty node-set, so true whatever its value"))
P(expr("E2", "booleans", "boolean(${t})", [EMPTY], collect=q("false"), source="FuncExpr, jr767", label="[t empty]"))
P(expr("E3", "booleans", "not(${a})", [EMPTY], collect=q("true"), source="FuncExpr, jr767", label="[a empty]"))
P(expr("E4", "booleans", "${a} > 3 and ${t}", [{"a": 5}, {"a": 5, "t": "x"}], collect=q("false", "true"),
       source="BoolExpr, wrapData", label="[a=5 and t empty ; t='x']",
       note="as a stored calculate value the engine keeps the last operand's own value (like JS &&) instead of true/false"))
P(expr("E5", "booleans", "if(${a} > 3 and ${t}, 'T', 'F')", [{"a": 5}], collect=q("F"),
       source="BoolExpr, FuncExpr, jr767", label="[a=5, t empty]",
       note="in a boolean context the engine applies XPath 1.0: the node-set ${t} is true"))
BOOL_MD = """| survey |
| | type | name | label | calculation |
| | integer | a | A | |
| | calculate | f | | ${a} > 3 |
| | calculate | f_is_true | | ${f} = true() |
| | calculate | f_is_false | | ${f} = false() |
| | calculate | f_is_strfalse | | ${f} = 'false' |
| | calculate | f_if | | if(${f}, 'Y', 'N') |
"""
P(Probe("E6", "booleans", "calculate f = ${a} > 3 with a=1, then tests of f",
        [{"a": 1}], md=BOOL_MD, extract=values_of("f", "f_is_true", "f_is_false", "f_is_strfalse", "f_if"),
        collect=json.dumps({"f": "false", "f_is_true": "false", "f_is_false": "true", "f_is_strfalse": "false", "f_if": "N"}),
        source="wrapData, PathExpr, EqExpr, enk193",
        note="the engine stores the string 'false', a non-empty (true) string for later boolean tests; "
        "JavaRosa keeps a BooleanData that reads back as the boolean false (and is submitted as '0', per Serializer)"))
P(expr("E7", "booleans", "boolean-from-string(${t})",
       [{"t": "1"}, {"t": "true"}, {"t": "TRUE"}, {"t": "yes"}], collect=q("true", "true", "true", "false"),
       source="FuncExpr (boolStr: equalsIgnoreCase('true') or '1')", label="[t='1' ; t='true' ; t='TRUE' ; t='yes']"))

# --- F. Numbers --------------------------------------------------------------
P(expr("F1", "numbers", "${a} div 2", [FULL], collect=q("2.5"), source="wrapData, Serializer", label="[a=5]"))
P(expr("F2", "numbers", "${a} * 1.0", [FULL], collect=q("5"), source="wrapData (integral -> IntegerData)", label="[a=5]"))
P(expr("F3", "numbers", "${a} div 3", [FULL], collect=q("1.6666666666666667"), source="wrapData, Serializer, Java", label="[a=5]"))
P(expr("F4", "numbers", "12345678.9 * 1", [EMPTY], collect=q("1.23456789E7"), source="wrapData, Serializer, Java"))
P(expr("F5", "numbers", "0.0005 * 1", [EMPTY], collect=q("5.0E-4"), source="wrapData, Serializer, Java"))
P(expr("F6", "numbers", "123456789012 * 1", [EMPTY],
       note="JavaRosa stores a LongData, submitted as '123456789012' (wrapData, Serializer); read back by an "
       "expression it is a double whose toString is '1.23456789012E11' (FuncExpr: (int) cast overflows)"))
P(expr("F7", "numbers", "concat('', 12345678.9)", [EMPTY], collect=q("1.23456789E7"), source="FuncExpr (toString -> String.valueOf(double)), Java"))
P(expr("F8", "numbers", "int(${b})", [FULL, {"b": -1.5}], collect=q("2", "-1"), source="FuncExpr (toInt truncates)", label="[b=2.345 ; b=-1.5]"))
P(expr("F9", "numbers", "round(${b}, 2)", [FULL], collect=q("2.35"), source="FuncExpr (round: BigDecimal HALF_UP)", label="[b=2.345]"))
P(expr("F10", "numbers", "round(2.5)", [EMPTY], collect=q("3"), source="FuncExpr"))
P(expr("F11", "numbers", "round(-2.5)", [EMPTY], collect=q("-2"), source="FuncExpr (negative: ROUND_HALF_DOWN)"))
P(expr("F12", "numbers", "round(-1.5)", [EMPTY], collect=q("-1"), source="FuncExpr (negative: ROUND_HALF_DOWN)"))
P(expr("F13", "numbers", "round(1.005, 2)", [EMPTY], collect=q("1.01"), source="FuncExpr (new BigDecimal(Double.toString(x)))"))
P(expr("F14", "numbers", "round(1234.5, -1)", [EMPTY], collect=q("1230"), source="FuncExpr"))
P(expr("F15", "numbers", "number('1e3')", [EMPTY], collect=q(""), source="FuncExpr (toNumeric accepts only digits, '-', '.')"))
P(expr("F16", "numbers", "number('0x10')", [EMPTY], collect=q(""), source="FuncExpr (toNumeric)"))
P(expr("F17", "numbers", "number('+5')", [EMPTY], collect=q(""), source="FuncExpr (toNumeric)"))
P(expr("F18", "numbers", "number('1,5')", [EMPTY], collect=q("1.5"), source="FuncExpr (toNumeric replaces ',' by '.')"))
P(expr("F19", "numbers", "number(' 5 ')", [EMPTY], collect=q("5"), source="FuncExpr (toNumeric trims)"))
P(Probe("F20", "numbers", "integer / decimal typed question with calculation ${a} div 2 (a=5)",
        [{"a": 5}], md="""| survey |
| | type | name | label | calculation |
| | integer | a | A | |
| | integer | ai | AI | ${a} div 2 |
| | decimal | ad | AD | ${a} div 2 |
""", extract=values_of("ai", "ad"), collect=json.dumps({"ai": "2", "ad": "2.5"}),
        source="wrapData (INTEGER type -> (int) d)"))
P(expr("F21", "numbers", "0.1 + 0.2", [EMPTY], note="binary floating point is not rounded for display"))
P(expr("F22", "numbers", "1e3 * 1", [EMPTY], note="a numeric literal in scientific notation is a syntax error: the form does not load"))

# --- G. Strings, selects, nodesets ---------------------------------------------
P(expr("G1", "strings", "substr(${t}, 1, 3)", [FULL], collect=q("bc"), source="FuncExpr (substring: 0-based, end exclusive)", label="[t=abcdef]"))
P(expr("G2", "strings", "substr('hello', -3)", [EMPTY], collect=q("llo"), source="FuncExpr (negative start counts from the end)"))
P(expr("G3", "strings", "string-length(${t})", [EMPTY], collect=q("0"), source="FuncExpr", label="[t empty]"))
P(expr("G4", "strings", "coalesce(${t}, 'x')", [EMPTY, FULL], collect=q("x", "abcdef"), source="FuncExpr", label="[t empty ; t=abcdef]"))
P(expr("G5", "strings", "regex(${t}, '^a')", [FULL], collect=q("false"), source="FuncExpr (Pattern.matches), jr531", label="[t=abcdef]",
       note="the engine finds the pattern anywhere (JS RegExp.test); Collect needs the whole value to match"))
P(expr("G6", "strings", "regex(${t}, '[0-9]{10}')", [{"t": "0912345678x"}], collect=q("false"), source="FuncExpr (Pattern.matches), jr531", label="[t=0912345678x]"))
P(expr("G7", "strings", "regex(${t}, '^a')", [EMPTY], collect=q("false"), source="FuncExpr", label="[t empty]"))
P(expr("G8", "strings", "regex(${t}, '^$')", [EMPTY], collect=q("true"), source="FuncExpr", label="[t empty]"))
P(expr("G9", "nodesets", "concat(${ri})", [FULL], collect=q("47"), source="FuncExpr (one nodeset argument is joined)", label="[ri = 4, 7, '']"))
P(expr("G10", "nodesets", "concat('a', ${ri}, 'b')", [FULL], collect="ERROR", source="Nodeset", label="[ri = 4, 7, '']",
       note="JavaRosa raises 'This field is repeated'; the engine joins every node"))
P(expr("G11", "nodesets", "${ri}", [FULL], collect="ERROR", source="Nodeset", label="(calculate outside the repeat) [ri = 4, 7, '']",
       note="the engine takes the first node (XPath 1.0)"))
P(expr("G12", "nodesets", "coalesce(${ri}, 'z')", [FULL], collect="ERROR", source="Nodeset", label="[ri = 4, 7, '']"))
P(expr("G13", "nodesets", "join('-', ${ri})", [FULL], collect=q("4-7-"), source="FuncExpr", label="[ri = 4, 7, '']"))
P(expr("G14", "selects", "selected(${sm}, 'kiwi')", [FULL, EMPTY], collect=q("true", "false"), source="FuncExpr (multiSelected)", label="[sm='kiwi apple' ; empty]"))
P(expr("G15", "selects", "selected(${so}, 'mango')", [FULL], collect=q("true"), source="FuncExpr (multiSelected)", label="[so=mango]"))
P(expr("G16", "selects", "count-selected(${sm})", [FULL, EMPTY], collect=q("2", "0"), source="FuncExpr", label="[sm='kiwi apple' ; empty]"))
P(expr("G17", "selects", "selected-at(${sm}, 0)", [FULL], label="[sm answered 'kiwi apple']",
       note="the engine stores selections in choice order ('apple kiwi'), so index 0 is 'apple'; selected-at is 0-based"))
P(expr("G18", "selects", "selected-at(${sm}, 5)", [FULL], collect=q(""), source="FuncExpr (selectedAt)", label="[out of range]"))
P(expr("G19", "selects", "jr:choice-name(${so}, '${so}')", [FULL, EMPTY], label="[so=mango ; empty]"))
P(expr("G20", "selects", "jr:choice-name(${sm}, '${sm}')", [FULL], label="[sm='kiwi apple']",
       note="a multi-value answer is not a choice name"))
P(expr("G21", "strings", "string-length(${a})", [ZERO], collect=q("1"), source="FuncExpr", label="[a=0]"))

# --- H. Dates -------------------------------------------------------------------
P(expr("H1", "dates", "${d} <= today()", [FULL, EMPTY], collect=q("true", "false"), source="CmpExpr, DateUtils", label="[d=2025-07-10 ; empty]  (today 2025-07-15)"))
P(expr("H2", "dates", "${d} >= date('2025-07-01')", [FULL, {"d": "2025-06-30"}], collect=q("true", "false"), source="CmpExpr", label="[d=2025-07-10 ; 2025-06-30]"))
P(expr("H3", "dates", "${d} > '2025-07-01'", [FULL], collect=q("false"), label="[d=2025-07-10]  (string literal, no date())",
       source="CmpExpr (toNumeric('2025-07-01') is NaN)",
       note="the engine compares date strings as dates; JavaRosa compares numbers and gets NaN"))
P(expr("H4", "dates", "${d} = '2025-07-10'", [FULL], collect=q("true"), source="EqExpr (toString(Date))", label="[d=2025-07-10]"))
P(expr("H5", "dates", "today() - ${d}", [FULL], collect=q("5"), source="ArithExpr, DateUtils", label="[d=2025-07-10]"))
P(expr("H6", "dates", "${d} + 0", [FULL], collect=q("20279"), source="DateUtils", label="[d=2025-07-10]  TZ=UTC"))
P(expr("H7", "dates", "${d} + 0", [FULL], collect=q("20279"), source="DateUtils", label="[d=2025-07-10]  TZ=Asia/Ho_Chi_Minh",
       tz="Asia/Ho_Chi_Minh", note="the engine converts a date to days from local midnight's instant: fractional east of UTC"))
P(expr("H8", "dates", "decimal-date-time(${d})", [FULL], collect=q("20279"), source="FuncExpr (ms / DAY_IN_MS)", label="[d=2025-07-10]  TZ=UTC"))
P(expr("H9", "dates", "decimal-date-time(${d})", [FULL], collect=q("20278.708333333332"), label="[d=2025-07-10]  TZ=Asia/Ho_Chi_Minh",
       source="FuncExpr (ms / DAY_IN_MS)", tz="Asia/Ho_Chi_Minh"))
P(expr("H10", "dates", "format-date(${d}, '%Y')", [FULL, EMPTY], collect=q("2025", ""), source="FuncExpr (formatDateTime)", label="[d=2025-07-10 ; empty]"))
P(expr("H11", "dates", "format-date(${d}, '%d/%m/%Y %b %e %n')", [FULL], label="[d=2025-07-10]"))
P(expr("H12", "dates", "format-date(date(${d}) + 1, '%Y-%m-%d')", [FULL], collect=q("2025-07-11"), label="(a number)",
       source="FuncExpr (formatDateTime -> toDate(Double, true))"))
P(expr("H13", "dates", "date(date(${d}) + 1)", [FULL]))
P(expr("H14", "dates", "today()", [EMPTY], collect=None, label="(string calculate)",
       note="JavaRosa stores a Date result of a string-typed calculate as DateTimeData, serialised as a full ISO "
       "date-time (wrapData, Serializer); the engine stores the date only"))
P(expr("H15", "dates", "date('2025-07-10T23:30:00')", [EMPTY],
       note="JavaRosa's date() rounds to the day (toDate(x, false) -> DateUtils.roundDate)"))
P(expr("H16", "dates", "date('abc')", [EMPTY], collect="ERROR", source="FuncExpr (toDate throws on an unparsable string)"))
P(expr("H17", "dates", "date('2025-02-30')", [EMPTY], note="an impossible date makes the whole instance fail in the engine"))
P(expr("H18", "dates", "format-date-time(now(), '%Y-%m-%d %H:%M')", [EMPTY], label="(harness clock: today at 12:00)"))

# --- I. Repeats --------------------------------------------------------------------
REPEAT_MD = """| survey |
| | type | name | label | relevant | repeat_count | calculation |
| | integer | n | N | | | |
| | begin repeat | r | R | | ${n} | |
| | integer | age | Age | | | |
| | text | job | Job | ${age} >= 15 | | |
| | calculate | pos | | | | position(..) |
| | end repeat | | | | | |
| | calculate | cnt | | | | count(${r}) |
| | calculate | second | | | | indexed-repeat(${age}, ${r}, 2) |
"""
P(Probe("I1", "repeats", "repeat_count = 0 ; empty ; 3 (with 2 answers)", [{"n": 0}, {"n": ""}, {"n": 3, "r": [{"age": 10}, {"age": 20, "job": "x"}]}],
        md=REPEAT_MD, extract=lambda rs: " ; ".join(json.dumps(r["values"].get("r")) for r in rs)))
P(Probe("I2", "repeats", "position(..), relevance on a sibling inside the instance, indexed-repeat(${age}, ${r}, 2)",
        [{"n": 3, "r": [{"age": 10, "job": "x"}, {"age": 20, "job": "farmer"}, {"age": 30}]}],
        md=REPEAT_MD, extract=whole(keys=("values", "hidden"))))
P(Probe("I3", "repeats", "open repeat: an instance added at run time gets no instance of its nested repeat",
        [{"p": [{"x": "1"}, {"x": "2"}]}], md="""| survey |
| | type | name | label |
| | begin repeat | p | P |
| | text | x | X |
| | begin repeat | t | T |
| | text | k | K |
| | end repeat | | |
| | end repeat | | |
""", extract=values_of("p"),
        note="the form's own first instance carries one nested instance; instances added by the engine carry none"))

# --- J. Validation ----------------------------------------------------------------
VAL_MD = """| survey |
| | type | name | label | required | constraint |
| | integer | k | K | | . > 100 |
| | text | k2 | K2 | | string-length(.) > 3 |
| | integer | k3 | K3 | yes | . > 100 |
| | date | d | D | | . <= today() and . >= date('2025-07-01') |
"""
P(Probe("J1", "validation", "constraints on empty values; required + constraint on an empty value",
        [{}], md=VAL_MD, extract=whole(keys=("issues",)),
        collect=json.dumps({"issues": [{"path": "k3", "kind": "required"}]}), source="FormDef",
        note="a constraint is not evaluated on an empty answer; required is"))
P(Probe("J2", "validation", "constraint violations (k=5, k2='ab', k3=5, d=2025-07-16 with today 2025-07-15)",
        [{"k": 5, "k2": "ab", "k3": 5, "d": "2025-07-16"}], md=VAL_MD, extract=whole(keys=("issues",))))
P(Probe("J3", "validation", "date constraint at the boundaries (d = today ; d = 2025-07-01 ; d = 2025-06-30)",
        [{"d": "2025-07-15"}, {"d": "2025-07-01"}, {"d": "2025-06-30"}], md=VAL_MD,
        extract=lambda rs: " ; ".join(json.dumps([i for i in r["issues"] if i["path"] == "d"]) for r in rs)))

# --- K. once() -----------------------------------------------------------------
P(Probe("K1", "once", "once(${a} * 2) with a answered 5 after load ; a never answered",
        [{"a": 5}, {}], md="""| survey |
| | type | name | label | calculation |
| | integer | a | A | |
| | calculate | o | | once(${a} * 2) |
""", extract=lambda rs: " ; ".join(repr(r["values"]["o"]) for r in rs), collect="'10' ; ''",
        source="FuncExpr (once: evaluates while the node is empty)"))

# --- L. Input values as the engine stores them -----------------------------------
INPUT_MD = """| survey |
| | type | name | label |
| | integer | i | I |
| | decimal | de | D |
| | date | da | Da |
| | select_one yn | s1 | S1 |
| | select_multiple yn | sm | SM |
| choices |
| | list_name | name | label |
| | yn | y | Yes |
| | yn | n | No |
"""
for pid, answers in [
    ("L1", {"i": "007", "de": "1e-7", "da": "2025-7-1", "s1": "maybe", "sm": "n y y"}),
    ("L2", {"i": "3.7", "de": "12345678.90", "da": "2025-07-01T10:00:00", "s1": "y", "sm": ["y", "zz"]}),
    ("L3", {"i": "-2.5", "de": "1,5", "da": "2025-02-30"}),
    ("L4", {"i": "abc", "de": "-0"}),
    ("L5", {"i": "99999999999", "de": 2.50}),
]:
    P(Probe(pid, "inputs", "answers " + json.dumps(answers), [answers], md=INPUT_MD,
            extract=values_of("i", "de", "da", "s1", "sm")))


def run(probes: list[Probe]) -> None:
    by_tz: dict[str, list[Probe]] = {}
    for p in probes:
        by_tz.setdefault(p.tz, []).append(p)
    for tz, group in by_tz.items():
        docs = []
        for p in group:
            md = p.md if p.md is not None else BASE.format(expr=p.expression)
            docs.append((xlsform_md_to_xform(md), [{"answers": a} for a in p.answers], TODAY))
        results = run_odk_many(docs, tz=tz)
        for p, res in zip(group, results):
            p.engine = (p.extract or c_value)(res)


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def print_markdown(probes: list[Probe]) -> None:
    topic = None
    for p in probes:
        if p.topic != topic:
            topic = p.topic
            print(f"\n#### {topic}\n")
            print("| id | probe | @getodk/xforms-engine 0.22.0 | JavaRosa (per source) | status | source / note |")
            print("|---|---|---|---|---|---|")
        src = "; ".join(x for x in (p.source, p.note) if x)
        print(
            f"| {p.id} | `{_md_cell(p.what)}` | `{_md_cell(p.engine)}` | "
            f"{'`' + _md_cell(p.collect) + '`' if p.collect is not None else '—'} | {p.status()} | {_md_cell(src)} |"
        )
    print("\nSources:\n")
    for k, v in SOURCES.items():
        print(f"- **{k}**: {v}")


def print_text(probes: list[Probe]) -> None:
    for p in probes:
        print(f"[{p.id}] ({p.topic}) {p.what}")
        print(f"    engine : {p.engine}")
        if p.collect is not None:
            print(f"    javarosa: {p.collect}   <- {p.source}")
        print(f"    status : {p.status()}" + (f"   ({p.note})" if p.note else ""))
    diffs = [p.id for p in probes if p.status() == "DIFFERS"]
    print(f"\n{len(probes)} probes, {len(diffs)} deviations from JavaRosa: {', '.join(diffs)}")


def main(argv: list[str]) -> int:
    run(PROBES)
    if "--markdown" in argv:
        print_markdown(PROBES)
    else:
        print_text(PROBES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
