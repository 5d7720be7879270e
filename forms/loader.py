"""Loading an XLSForm through pyxform into a :class:`forms.model.FormDef`.

The pipeline, in the order a problem can be found:

1. pyxform's readers turn the file (.xlsx, .xls, .md, .csv) into rows (``get_xlsform``);
2. our own checks run on those rows, so every message can name the sheet and row: supported
   types, names, group nesting, choice lists, expression syntax, ``${}`` references, functions;
3. pyxform converts the form through its public functions (its own errors are passed on with
   their row); :func:`_survey_nodes` is the one place that reads the survey it builds;
4. the elements are built from pyxform's survey, every expression is expanded by pyxform and
   compiled (:mod:`forms.compile`), and the dependency graph is checked for cycles.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from forms import xpath as X
from forms.compile import ANY, CompileError, Structure, compile_expression
from forms.errors import ErrorCode, FormError, Problem
from forms.functions import ARITY, KNOWN_FUNCTIONS
from forms.model import CONTAINER_TYPES, Binds, Choice, Compiled, Element, FormDef

if TYPE_CHECKING:
    from pyxform.survey import Survey
    from pyxform.xls2json_backends import DefinitionData

SURVEY = "survey"
CHOICES = "choices"

_SUPPORTED_TEXT = (
    "text, integer, decimal, select_one, select_multiple (or_other), date, datetime, note, calculate, "
    "acknowledge, geopoint, begin/end group, begin/end repeat, start, end, today, deviceid"
)

# raw type word -> normalised type
_SIMPLE_TYPES = {
    "text": "text", "string": "text",
    "integer": "integer", "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "datetime": "datetime", "datetime_": "datetime",
    "note": "note",
    "calculate": "calculate",
    "acknowledge": "acknowledge", "trigger": "acknowledge",
    "geopoint": "geopoint",
    "start": "start", "end": "end", "today": "today", "deviceid": "deviceid", "imei": "deviceid",
    "username": "username",
}
_SELECT_TYPES = {
    "select_one": "select_one", "select one": "select_one", "select1": "select_one",
    "select_multiple": "select_multiple", "select all that apply": "select_multiple",
}
_SELECTS = ("select_one", "select_multiple")
_BEGIN = {"begin group": "group", "begin_group": "group", "begin repeat": "repeat",
          "begin_repeat": "repeat", "begin looped group": "repeat"}
_END = {"end group": "group", "end_group": "group", "end repeat": "repeat", "end_repeat": "repeat",
        "end looped group": "repeat"}

_PYXFORM_TYPES = {
    "text": "text", "integer": "integer", "decimal": "decimal", "select one": "select_one",
    "select all that apply": "select_multiple", "date": "date", "dateTime": "datetime",
    "datetime": "datetime",
    "note": "note", "calculate": "calculate", "acknowledge": "acknowledge", "trigger": "acknowledge",
    "geopoint": "geopoint", "group": "group", "repeat": "repeat", "start": "start", "end": "end",
    "today": "today", "deviceid": "deviceid", "username": "username",
}

# column (normalised) -> our name
_EXPR_COLUMNS = {
    "relevant": "relevant", "relevance": "relevant",
    "constraint": "constraint",
    "calculation": "calculation", "calculate": "calculation",
    "required": "required",
    "choice_filter": "choice_filter",
    "repeat_count": "repeat_count", "jr:count": "repeat_count", "count": "repeat_count",
    "trigger": "trigger",
    "warning": "warning",
    "read_only": "read_only", "readonly": "read_only",
}
_BOOL_WORDS = {"yes", "true", "true()", "no", "false", "false()", ""}
_NAME_RE = re.compile(r"^[^\W\d][\w.\-]*$")
_ROW_RE = re.compile(r"\[row\s*:\s*(\d+)\]")
_SHEET_RE = re.compile(r"[Oo]n the '(\w+)' sheet")

FILE_TYPES = {".xlsx", ".xlsm", ".xls", ".md", ".csv"}


def _norm_col(key: str) -> str:
    base = key.split("::", 1)[0]
    return base.strip().lower().replace(" ", "_")


def _read(source, file_type: str | None, name: str):
    from pyxform.xls2json_backends import get_xlsform

    try:
        return get_xlsform(source, file_type=file_type)
    except Exception as err:  # pyxform raises several kinds while reading
        detail = str(err).replace("\n", " ").strip() or type(err).__name__
        detail_vi = f"trình đọc XLSForm báo lỗi ({detail})"
        if file_type in (".xlsx", ".xlsm"):
            import zipfile

            data = source.getvalue() if hasattr(source, "getvalue") else b""
            if not zipfile.is_zipfile(io.BytesIO(data)):
                detail = "the file is not a valid .xlsx workbook (damaged, or only renamed to .xlsx)"
                detail_vi = "tệp không phải bảng tính .xlsx hợp lệ (bị hỏng, hoặc chỉ đổi đuôi thành .xlsx)"
        raise FormError([Problem(ErrorCode.READ_FAILED, context={"detail": detail, "detail_vi": detail_vi,
                                                                 "file": name})], name) from None


def _source_bytes(source) -> tuple[bytes, str, str]:
    """(bytes, display name, file type) of a path, bytes or markdown text."""
    if isinstance(source, (str, Path)) and not (isinstance(source, str) and "\n" in source):
        p = Path(source)
        suffix = p.suffix.lower()
        if suffix not in FILE_TYPES:
            raise FormError([Problem(ErrorCode.FILE_TYPE, context={"suffix": suffix or p.name,
                                                                   "file": p.name})], str(p))
        try:
            data = p.read_bytes()
        except OSError as err:
            import errno

            reasons: dict[int | None, str] = {
                errno.ENOENT: "không tìm thấy tệp", errno.EISDIR: "đây là một thư mục, không phải tệp",
                errno.EACCES: "không có quyền đọc tệp"}
            vi = reasons.get(err.errno, f"lỗi hệ điều hành ({err.strerror})")
            raise FormError([Problem(ErrorCode.READ_FAILED, context={
                "detail": err.strerror or str(err), "detail_vi": vi, "file": p.name})], str(p)) from None
        return data, p.name, suffix
    if isinstance(source, str):
        return source.encode("utf-8"), "form.md", ".md"
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        return data, "form.xlsx" if data[:2] == b"PK" else "form.md", ".xlsx" if data[:2] == b"PK" else ".md"
    raise TypeError(f"cannot load a form from {type(source).__name__}")


# ---------------------------------------------------------------------------------------------
# Step 2: checks on the rows, with sheet and row
# ---------------------------------------------------------------------------------------------


def _parse_type(raw: str) -> tuple[str | None, str | None, bool, str | None]:
    """(kind, list_name, or_other, error) where kind is a normalised type, 'begin:x' or 'end:x'."""
    t = " ".join(raw.strip().split())
    low = t.lower()
    if low in _BEGIN:
        return f"begin:{_BEGIN[low]}", None, False, None
    if low in _END:
        return f"end:{_END[low]}", None, False, None
    if low in _SIMPLE_TYPES:
        return _SIMPLE_TYPES[low], None, False, None
    for prefix in sorted(_SELECT_TYPES, key=len, reverse=True):
        if low.startswith(prefix + " ") or low == prefix:
            rest = t[len(prefix):].split()
            or_other = False
            if rest and rest[-1].lower() == "or_other":
                or_other = True
                rest = rest[:-1]
            if len(rest) != 1:
                return None, None, False, "list"
            return _SELECT_TYPES[prefix], rest[0], or_other, None
    return None, None, False, "unsupported"


def _check_rows(wb, name: str) -> list[Problem]:
    problems: list[Problem] = []
    rows = wb.survey or []
    if not any(rows):
        return [Problem(ErrorCode.NO_SURVEY, SURVEY, None, {"file": name})]
    choice_lists = {str(r.get("list_name") or r.get("list name") or "").strip()
                    for r in (wb.choices or []) if r}
    names: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
    stack: list[tuple[str, str, int]] = []  # (kind, name, row)
    repeat_scope: list[str] = []
    ref_rows: list[tuple[int, str, str, str]] = []  # (row, column, text, owner)
    all_names: set[str] = set()

    for i, row in enumerate(rows):
        rownum = i + 2
        if not row:
            continue
        norm: dict[str, Any] = {}
        for k, v in row.items():
            if v is None:
                continue
            norm.setdefault(_norm_col(k), v)
        raw_type = str(norm.get("type") or "").strip()
        qname = str(norm.get("name") or "").strip()
        if not raw_type:
            if qname or any(str(v).strip() for v in row.values() if v is not None):
                problems.append(Problem(ErrorCode.TYPE_MISSING, SURVEY, rownum, {"name": qname or "?"}))
            continue
        kind, list_name, _or_other, err = _parse_type(raw_type)
        if err == "unsupported":
            problems.append(Problem(ErrorCode.TYPE_UNSUPPORTED, SURVEY, rownum,
                                    {"type": raw_type, "supported": _SUPPORTED_TEXT}))
            continue
        if err == "list":
            problems.append(Problem(ErrorCode.CHOICE_LIST_NAME, SURVEY, rownum, {"type": raw_type}))
            continue
        assert kind is not None
        if kind.startswith("end:"):
            want = kind[4:]
            if not stack or stack[-1][0] != want:
                problems.append(Problem(ErrorCode.GROUP_UNMATCHED, SURVEY, rownum, {
                    "type": raw_type, "open": f"{stack[-1][0]} '{stack[-1][1]}'" if stack else "-"}))
            else:
                k, _n, _r = stack.pop()
                if k == "repeat":
                    repeat_scope.pop()
            continue
        if not qname:
            problems.append(Problem(ErrorCode.NAME_MISSING, SURVEY, rownum, {"type": raw_type}))
            continue
        if not _NAME_RE.match(qname):
            problems.append(Problem(ErrorCode.NAME_INVALID, SURVEY, rownum, {"name": qname}))
            continue
        scope = tuple(repeat_scope)
        # names must be unique in the whole form for ${} references (pyxform's rule)
        key = qname.lower()
        prior = next((s[key] for s in names.values() if key in s), None)
        if prior is not None:
            problems.append(Problem(ErrorCode.NAME_DUPLICATE, SURVEY, rownum,
                                    {"name": qname, "other_row": prior}))
        else:
            names[scope][key] = rownum
        all_names.add(qname)
        if list_name is not None and list_name not in choice_lists:
            problems.append(Problem(ErrorCode.CHOICES_MISSING, SURVEY, rownum, {"list_name": list_name}))
        if kind.startswith("begin:"):
            stack.append((kind[6:], qname, rownum))
            if kind == "begin:repeat":
                repeat_scope.append(qname)
        if kind == "calculate" and not str(norm.get("calculation") or norm.get("calculate") or "").strip():
            problems.append(Problem(ErrorCode.CALCULATE_EMPTY, SURVEY, rownum, {"name": qname}))
        has_warning_msg = any(_norm_col(k) == "warning_message" and v for k, v in row.items())
        if has_warning_msg and not str(norm.get("warning") or "").strip():
            problems.append(Problem(ErrorCode.WARNING_MESSAGE_ONLY, SURVEY, rownum, {}))
        for col_key, value in row.items():
            col = _norm_col(col_key)
            if col not in _EXPR_COLUMNS or value is None:
                continue
            text = str(value).strip()
            if not text:
                continue
            if _EXPR_COLUMNS[col] in ("required", "read_only") and text.lower() in _BOOL_WORDS:
                continue
            if _EXPR_COLUMNS[col] == "repeat_count" and text.isdigit():
                continue
            ref_rows.append((rownum, col_key, text, qname))
        default = norm.get("default")
        if isinstance(default, str) and ("${" in default or "(" in default):
            ref_rows.append((rownum, "default", default.strip(), qname))

    for kind, gname, rownum in stack:
        problems.append(Problem(ErrorCode.GROUP_UNCLOSED, SURVEY, rownum,
                                {"name": gname, "end": f"end {kind}"}))

    for rownum, col, text, _owner in ref_rows:
        try:
            ast = X.parse(text)
        except X.XPathSyntaxError as err:
            problems.append(Problem(ErrorCode.EXPR_SYNTAX, SURVEY, rownum, {
                "column": col, "detail": err.message, "detail_vi": err.message_vi, "pos": err.pos + 1,
                "excerpt": _excerpt(text, err.pos)}))
            continue
        for node in X.walk(ast):
            if isinstance(node, X.Ref):
                ref = node.name.split("#", 1)[-1]
                if ref not in all_names:
                    problems.append(Problem(ErrorCode.EXPR_UNKNOWN_REF, SURVEY, rownum,
                                            {"column": col, "ref": ref}))
            elif isinstance(node, X.Call) and node.name not in KNOWN_FUNCTIONS:
                problems.append(Problem(ErrorCode.EXPR_UNKNOWN_FUNCTION, SURVEY, rownum,
                                        {"column": col, "function": node.name}))
            elif isinstance(node, X.Call) and node.name in ARITY:
                lo, hi = ARITY[node.name]
                n = len(node.args)
                if n < lo or (hi is not None and n > hi):
                    want = str(lo) if lo == hi else (f"{lo}–{hi}" if hi is not None else f"≥ {lo}")
                    problems.append(Problem(ErrorCode.EXPR_ARGUMENTS, SURVEY, rownum, {
                        "column": col, "function": node.name, "count": n, "expected": want}))
            elif isinstance(node, X.Var):
                problems.append(Problem(ErrorCode.EXPR_UNSUPPORTED, SURVEY, rownum, {
                    "column": col, "detail": f"XPath variables (${node.name}) are not supported; "
                                             "use ${name} to refer to a question"}))
    return problems


def _excerpt(text: str, pos: int) -> str:
    start = max(0, pos - 15)
    return ("…" if start else "") + text[start:pos + 15] + ("…" if pos + 15 < len(text) else "")


# ---------------------------------------------------------------------------------------------
# Step 3: pyxform's conversion
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Conversion:
    """What pyxform made of the rows."""

    xform: str
    json_form: dict[str, Any]  # pyxform's JSON form: title, id_string, version, choices, ...
    survey: Survey  # the survey pyxform built from it (its element tree)
    warnings: list[str]


def _convert(wb: DefinitionData, name: str) -> _Conversion:
    """Convert the rows read in step 1 (no second read of the file) with pyxform's public functions.

    These are the steps of ``pyxform.xls2xform.convert`` (pyxform 4.5.0) one by one: ``convert``
    hands the JSON form and the survey back only as ``ConvertResult._pyxform`` and ``._survey``,
    which pyxform says "may change without notice". Its external-choices CSV is left out: a
    ``select_one_external`` question never gets past step 2. tests/forms/test_pyxform_api.py checks
    that ``convert`` still makes the same XForm.
    """
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json

    warnings: list[str] = []
    try:
        # pyxform works on a copy (as convert does), so the rows of step 1 stay as they were read
        rows = copy.deepcopy(wb)
        json_form = workbook_to_json(workbook_dict=rows, fallback_form_name=rows.fallback_form_name,
                                     warnings=warnings)
        survey = create_survey_element_from_dict(json_form)
        xform = survey.to_xml(validate=False, pretty_print=False, warnings=warnings, enketo=False)
    except PyXFormError as err:
        msg = str(err).strip()
        m = _ROW_RE.search(msg)
        sheet = _SHEET_RE.search(msg)
        row = int(m.group(1)) if m else None
        where = (sheet.group(1) if sheet else SURVEY) if row else None
        raise FormError([Problem(ErrorCode.PYXFORM, where, row, {
            "detail": _ROW_RE.sub("", msg).strip(), "file": name})], name) from None
    except Exception as err:  # anything else pyxform may raise on odd input
        raise FormError([Problem(ErrorCode.READ_FAILED, context={"detail": f"{type(err).__name__}: {err}",
                                                                 "file": name})], name) from None
    return _Conversion(xform, json_form, survey, warnings)


@dataclass(frozen=True, slots=True)
class _Node:
    """One element of pyxform's survey, as :func:`_survey_nodes` read it."""

    element: Any  # pyxform's element: the context its ${} references are expanded in
    name: str
    type: str  # pyxform's type word: "select one", "dateTime", "group", ...
    xpath: str
    parent: str | None  # the enclosing group or repeat (None at the top)
    repeats: tuple[str, ...]  # enclosing repeats, outermost first
    bind: dict[str, Any]
    control: dict[str, Any]
    extra: dict[str, Any]  # the columns pyxform does not know (indicator, warning, ...)
    label: Any  # text, or {language: text}
    hint: Any
    list_name: str | None  # of a select
    choice_filter: str | None
    default: Any
    default_is_dynamic: bool  # pyxform's own test: an expression rather than a value
    trigger: Any
    parameters: dict[str, Any]


def _survey_nodes(survey: Survey) -> list[_Node]:
    """The elements of pyxform's survey in document order (the survey itself left out).

    The one place that reads pyxform's survey elements. pyxform documents no API for them: this
    reads the attributes its element classes keep the JSON form's fields in (``SurveyElement``,
    ``Section`` and ``Question`` slots: name, type, parent, bind, control, extra_data, label, hint,
    itemset, list_name, choice_filter, default, trigger, parameters) and calls the methods
    ``iter_descendants()`` and ``get_xpath()`` and ``pyxform.utils.default_is_dynamic``. None of
    them is underscore-private, but pyxform may rename them without notice, and then the
    ``getattr`` defaults would quietly read nothing. Checked against pyxform 4.5.0;
    tests/forms/test_pyxform_api.py fails with a clear message if their shape changes.
    """
    from pyxform.utils import default_is_dynamic

    nodes = []
    for obj in survey.iter_descendants():
        if obj is survey:
            continue
        repeats = []
        p = obj.parent
        while p is not None and p is not survey:
            if p.type == "repeat":
                repeats.append(p.name)
            p = p.parent
        default = getattr(obj, "default", None)
        parameters = getattr(obj, "parameters", None) or {}
        nodes.append(_Node(
            element=obj,
            name=obj.name,
            type=obj.type,
            xpath=obj.get_xpath(),
            parent=None if obj.parent is survey else obj.parent.name,
            repeats=tuple(reversed(repeats)),
            bind=dict(obj.bind or {}) if hasattr(obj, "bind") else {},
            control=dict(obj.control or {}) if getattr(obj, "control", None) else {},
            extra=dict(getattr(obj, "extra_data", None) or {}),
            label=getattr(obj, "label", None),
            hint=getattr(obj, "hint", None),
            list_name=getattr(obj, "itemset", None) or getattr(obj, "list_name", None),
            choice_filter=getattr(obj, "choice_filter", None),
            default=default,
            default_is_dynamic=default not in (None, "") and default_is_dynamic(str(default), obj.type),
            trigger=getattr(obj, "trigger", None),
            parameters=parameters if isinstance(parameters, dict) else {},
        ))
    return nodes


def _texts(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v is not None}
    return {"default": str(value)}


def _row_map(wb: DefinitionData) -> dict[str, int]:
    rows: dict[str, int] = {}
    for i, row in enumerate(wb.survey or []):
        if not row:
            continue
        n = str(row.get("name") or "").strip()
        if n and n not in rows:
            rows[n] = i + 2
    return rows


def _languages(wb: DefinitionData) -> tuple[str, ...]:
    langs: dict[str, None] = {}
    for header in (wb.survey_header or []) + (wb.choices_header or []):
        for key in header:
            if key and "::" in str(key):
                col, lang = str(key).split("::", 1)
                if _norm_col(col) in ("label", "hint", "constraint_message", "required_message",
                                      "warning_message"):
                    langs.setdefault(lang.strip(), None)
    return tuple(langs)


def load_form(source, *, file_type: str | None = None, name: str | None = None) -> FormDef:
    """Read an XLSForm (path, bytes or markdown text) and return its :class:`FormDef`.

    Raises :class:`forms.errors.FormError` listing every problem found (with sheet and row).
    """
    data, disp, ftype = _source_bytes(source)
    if file_type:
        ftype = file_type if file_type.startswith(".") else "." + file_type
    disp = name or disp
    if ftype == ".md":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise FormError([Problem(ErrorCode.READ_FAILED, context={
                "detail": f"not UTF-8 text (byte {err.start})",
                "detail_vi": f"không phải văn bản UTF-8 (byte {err.start})", "file": disp})], disp) from None
        wb = _read(text, ftype, disp)
    else:
        wb = _read(io.BytesIO(data), ftype, disp)
    problems = _check_rows(wb, disp)
    if problems:
        raise FormError(problems, disp)
    conversion = _convert(wb, disp)
    try:
        return _build(conversion, wb, data, disp, ftype)
    except FormError:
        raise
    except Exception as err:  # never a traceback for a strange form: report it as a form problem
        import logging

        logging.getLogger("khaosat.forms").exception("unexpected error building %s", disp)
        raise FormError([Problem(ErrorCode.READ_FAILED, context={
            "detail": f"{type(err).__name__}: {err}", "file": disp})], disp) from None


# ---------------------------------------------------------------------------------------------
# Step 4: the form definition from pyxform's survey
# ---------------------------------------------------------------------------------------------


def _build(conv: _Conversion, wb: DefinitionData, data: bytes, disp: str, ftype: str) -> FormDef:
    """The elements with their compiled expressions, the choices, the evaluation order and the
    settings; each step raises :class:`FormError` with all the problems it found."""
    rows = _row_map(wb)
    survey, json_form = conv.survey, conv.json_form
    root_xpath = survey.get_xpath()
    typed = _typed_nodes(_survey_nodes(survey), rows, disp)
    exprs = _Expressions(survey, _structure(root_xpath, typed), rows)
    elements = _elements(typed, exprs)
    if exprs.problems:
        raise FormError(exprs.problems, disp)
    choices = _choices(json_form)
    order, dependents, check_dependents = _dependencies(elements, disp)
    settings = _settings(wb)
    instance_name = _instance_name(exprs, settings, root_xpath, disp)
    langs = _languages(wb)
    default_language = str(json_form.get("default_language") or "default")
    if default_language == "default" and langs:
        default_language = langs[0]
    return FormDef(
        form_id=str(json_form.get("id_string") or survey.id_string),
        version=str(json_form.get("version") or ""),
        title=str(json_form.get("title") or json_form.get("id_string") or ""),
        default_language=default_language,
        languages=langs or ("default",),
        root_name=survey.name,
        elements=tuple(elements),
        choices=MappingProxyType(choices),
        settings=MappingProxyType(settings),
        xform=conv.xform,
        source=data,
        source_name=disp,
        file_type=ftype,
        order=MappingProxyType(order),
        dependents=MappingProxyType({k: tuple(sorted(v.items(), key=lambda kv: order[kv[0]]))
                                     for k, v in dependents.items()}),
        check_dependents=MappingProxyType({k: tuple(v.items()) for k, v in check_dependents.items()}),
        triggered=MappingProxyType(_triggered(elements)),
        warnings=tuple(conv.warnings),
        instance_name=instance_name,
    )


def _typed_nodes(nodes: list[_Node], rows: dict[str, int], disp: str) -> list[tuple[_Node, str]]:
    """Each element with its normalised type; a type the engine does not support is a problem."""
    problems: list[Problem] = []
    typed = []
    for node in nodes:
        etype = "instanceID" if node.name == "instanceID" else _PYXFORM_TYPES.get(node.type)
        if etype is None:
            problems.append(Problem(ErrorCode.TYPE_UNSUPPORTED, SURVEY, rows.get(node.name),
                                    {"type": node.type, "supported": _SUPPORTED_TEXT}))
            continue
        typed.append((node, etype))
    if problems:
        raise FormError(problems, disp)
    return typed


def _structure(root_xpath: str, typed: list[tuple[_Node, str]]) -> Structure:
    """The form's tree as the expression compiler needs it: xpath -> (name, type, repeat depth)."""
    return Structure(root_xpath, {
        node.xpath: (node.name, etype, len(node.repeats) + (1 if etype == "repeat" else 0))
        for node, etype in typed})


class _Expressions:
    """Expands (with pyxform's ``Survey.insert_xpaths``) and compiles the form's expressions,
    keeping a problem with its row for each one that does not compile."""

    def __init__(self, survey: Survey, structure: Structure, rows: dict[str, int]):
        self.survey = survey
        self.structure = structure
        self.rows = rows
        self.problems: list[Problem] = []

    def node(self, node: _Node, column: str, text: Any, *, use_current: bool = False,
             wrap: Callable[[str], str] | None = None) -> Compiled | None:
        """An expression of ``column`` on the element ``node``, evaluated on the element itself."""
        return self.compile(node.element, node.name, node.xpath, column, text, use_current=use_current,
                            wrap=wrap)

    def compile(self, element: Any, name: str, context_xpath: str, column: str, text: Any, *,
                use_current: bool = False, wrap: Callable[[str], str] | None = None) -> Compiled | None:
        if text is None:
            return None
        text = str(text).strip()
        if not text:
            return None
        try:
            expanded = self.survey.insert_xpaths(text, element, use_current=use_current)
            if wrap:
                expanded = wrap(expanded)
            xp, deps, volatile, is_date, funcs, variables = compile_expression(
                text, expanded, self.structure, context_xpath)
        except CompileError as err:
            self.problems.append(Problem(ErrorCode.EXPR_SYNTAX, SURVEY, self.rows.get(name), {
                "column": column, "detail": err.detail, "detail_vi": err.detail_vi, "pos": err.pos + 1,
                "excerpt": _excerpt(err.text or text, err.pos)}))
            return None
        except Exception as err:  # pyxform's own reference errors
            self.problems.append(Problem(ErrorCode.EXPR_UNSUPPORTED, SURVEY, self.rows.get(name), {
                "column": column, "detail": str(err)}))
            return None
        return Compiled(text, xp, deps, volatile, is_date, funcs, variables)


def _elements(typed: list[tuple[_Node, str]], exprs: _Expressions) -> list[Element]:
    """The elements in document order, with their children and binds (problems go to ``exprs``)."""
    names = {node.name for node, _etype in typed}
    children: dict[str, list[str]] = defaultdict(list)
    for node, _etype in typed:
        if node.parent is not None:
            children[node.parent].append(node.name)
    return [_element(node, etype, idx, exprs, tuple(children.get(node.name, ())),
                     # pyxform adds an "other" choice for or_other, and a question <name>_other
                     or_other=etype in _SELECTS and node.name + "_other" in names)
            for idx, (node, etype) in enumerate(typed)]



def _element(node: _Node, etype: str, index: int, exprs: _Expressions, children: tuple[str, ...], *,
             or_other: bool) -> Element:
    extra = dict(node.extra)
    warning_message = _texts(extra.pop("warning_message", None))
    warning = extra.pop("warning", None)
    default = None
    if node.default not in (None, "") and not node.default_is_dynamic:
        default = str(node.default)
    return Element(
        name=node.name,
        type=etype,
        xpath=node.xpath,
        index=index,
        row=exprs.rows.get(node.name),
        parent=node.parent,
        repeats=node.repeats,
        labels=MappingProxyType(_texts(node.label)),
        hints=MappingProxyType(_texts(node.hint)),
        constraint_message=MappingProxyType(_texts(node.bind.get("jr:constraintMsg"))),
        required_message=MappingProxyType(_texts(node.bind.get("jr:requiredMsg"))),
        warning_message=MappingProxyType(warning_message),
        list_name=node.list_name if etype in _SELECTS else None,
        or_other=or_other,
        appearance=str(node.control.get("appearance") or ""),
        default=default,
        trigger=_trigger_names(node.trigger),
        children=children if etype in CONTAINER_TYPES else (),
        parameters=MappingProxyType({str(k): str(v) for k, v in node.parameters.items()}),
        extra=MappingProxyType({str(k): v for k, v in extra.items()}),
        binds=_binds(node, etype, warning, exprs),
    )


def _binds(node: _Node, etype: str, warning: Any, exprs: _Expressions) -> Binds:
    """The element's expressions, compiled in the order their problems are reported."""
    bind = node.bind
    required = exprs.node(node, "required", _flag(bind.get("required")))
    read_only = exprs.node(node, "read_only", _flag(bind.get("readonly")) if etype != "instanceID" else None)
    choice_filter = None
    if etype in _SELECTS and node.choice_filter:
        list_name = node.list_name
        choice_filter = exprs.node(node, "choice_filter", node.choice_filter, use_current=True,
                                   wrap=lambda ex: f"instance('{list_name}')/root/item[{ex}]")
    default = exprs.node(node, "default", str(node.default)) if node.default_is_dynamic else None
    repeat_count = None
    if etype == "repeat" and node.control.get("jr:count"):
        repeat_count = exprs.node(node, "repeat_count", str(node.control["jr:count"]))
    return Binds(
        relevant=exprs.node(node, "relevant", bind.get("relevant")),
        calculation=exprs.node(node, "calculation", bind.get("calculate")),
        constraint=exprs.node(node, "constraint", bind.get("constraint")),
        required=required,
        warning=exprs.node(node, "warning", warning),
        repeat_count=repeat_count,
        choice_filter=choice_filter,
        default=default,
        read_only=read_only,
    )


def _flag(raw: Any) -> str | None:
    """A yes/no column (required, read_only) as an expression: None for no, ``true()`` for yes."""
    text = str(raw or "").strip()
    if not text or text.lower() in ("no", "false", "false()"):
        return None
    return "true()" if text.lower() in ("yes", "true", "true()") else text


def _trigger_names(raw: Any) -> tuple[str, ...]:
    """The questions of a ``trigger`` column: pyxform gives the names (('a',)); older versions
    the ${a} text."""
    if not raw:
        return ()
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    names: list[str] = []
    for it in items:
        found = re.findall(r"\$\{([^}]+)\}", str(it))
        names.extend(found or [str(it).strip()])
    return tuple(n for n in names if n)


def _choices(json_form: dict[str, Any]) -> dict[str, tuple[Choice, ...]]:
    choices: dict[str, tuple[Choice, ...]] = {}
    for list_name, items in (json_form.get("choices") or {}).items():
        out = []
        for it in items:
            extra = {str(k): str(v) for k, v in it.items()
                     if k not in ("name", "label", "media") and v is not None}
            out.append(Choice(str(it.get("name")), MappingProxyType(_texts(it.get("label"))),
                              MappingProxyType(extra)))
        choices[list_name] = tuple(out)
    return choices


_Edges = dict[str, dict[str, int]]  # element name -> {element that reads it: depth}


def _dependencies(elements: list[Element], disp: str) -> tuple[dict[str, int], _Edges, _Edges]:
    """The evaluation order and who reads whom: relevance/calculation/repeat_count edges (these
    order the evaluation) and constraint/required/warning/choice filter/read_only edges (these
    only re-check). A cycle is a problem."""
    problems: list[Problem] = []
    names = [e.name for e in elements]
    by_name = {e.name: e for e in elements}

    def expand(deps: tuple[tuple[str, int], ...]) -> Iterator[tuple[str, int]]:
        for dep, depth in deps:
            if dep == ANY:
                for n in names:
                    yield n, 0
            else:
                yield dep, depth

    def add(edges: _Edges, comps: tuple[Compiled | None, ...], e: Element, graph: dict[str, set[str]] | None):
        for comp in comps:
            if comp is None:
                continue
            for dep, depth in expand(comp.deps):
                if dep == e.name:
                    continue  # a calculation may read its own value (e.g. once())
                old = edges[dep].get(e.name)
                edges[dep][e.name] = depth if old is None else min(old, depth)
                if graph is not None:
                    graph[dep].add(e.name)

    dependents: _Edges = defaultdict(dict)
    check_dependents: _Edges = defaultdict(dict)
    graph: dict[str, set[str]] = defaultdict(set)
    for e in elements:
        b = e.binds
        if b.relevant is not None and any(dep == e.name for dep, _d in b.relevant.deps):
            problems.append(Problem(ErrorCode.CYCLE, SURVEY, e.row, {
                "cycle": f"{e.name} ({e.row}) → {e.name} (relevant)"}))
        add(dependents, (b.relevant, b.calculation, b.repeat_count), e, graph)
        add(check_dependents, (b.constraint, b.required, b.warning, b.choice_filter, b.read_only), e, None)
        if e.parent is not None:
            graph[e.parent].add(e.name)
    order = _toposort(names, graph, by_name, problems)
    if problems:
        raise FormError(problems, disp)
    return order, dependents, check_dependents


def _triggered(elements: list[Element]) -> dict[str, tuple[str, ...]]:
    """question -> the questions with a ``trigger`` on it."""
    triggered: dict[str, list[str]] = defaultdict(list)
    for e in elements:
        for t in e.trigger:
            triggered[t].append(e.name)
    return {k: tuple(v) for k, v in triggered.items()}


def _settings(wb: DefinitionData) -> dict[str, str]:
    return {str(k): str(v) for k, v in (wb.settings[0].items() if wb.settings else []) if v is not None}


def _instance_name(exprs: _Expressions, settings: dict[str, str], root_xpath: str,
                   disp: str) -> Compiled | None:
    """The settings sheet's instance_name (a record's display name), compiled on the root."""
    if not settings.get("instance_name"):
        return None
    survey = exprs.survey
    compiled = exprs.compile(survey, survey.name, root_xpath, "instance_name", settings["instance_name"])
    if exprs.problems:
        for p in exprs.problems:
            object.__setattr__(p, "sheet", "settings")
            object.__setattr__(p, "row", 2)
        raise FormError(exprs.problems, disp)
    return compiled


def _toposort(names: list[str], graph: dict[str, set[str]], by_name: dict[str, Element],
              problems: list[Problem]) -> dict[str, int]:
    """Kahn's algorithm, ties broken by document order; a cycle becomes a problem."""
    import heapq

    pos = {n: i for i, n in enumerate(names)}
    indeg = {n: 0 for n in names}
    for dsts in graph.values():
        for d in dsts:
            if d in indeg:
                indeg[d] += 1
    heap = [pos[n] for n in names if indeg[n] == 0]
    heapq.heapify(heap)
    order: dict[str, int] = {}
    while heap:
        n = names[heapq.heappop(heap)]
        order[n] = len(order)
        for d in graph.get(n, ()):
            if d in indeg:
                indeg[d] -= 1
                if indeg[d] == 0:
                    heapq.heappush(heap, pos[d])
    if len(order) < len(names):
        remaining = {n for n in names if n not in order}
        cycle = _find_cycle(remaining, graph)
        first = by_name[cycle[0]]
        desc = " → ".join(f"{n} ({by_name[n].row})" if by_name[n].row else n for n in cycle + [cycle[0]])
        problems.append(Problem(ErrorCode.CYCLE, SURVEY, first.row, {"cycle": desc}))
    return order


def _find_cycle(nodes: set[str], graph: dict[str, set[str]]) -> list[str]:
    start = min(nodes)
    path: list[str] = []
    seen: dict[str, int] = {}
    cur = start
    while cur not in seen:
        seen[cur] = len(path)
        path.append(cur)
        nxt = sorted(d for d in graph.get(cur, ()) if d in nodes)
        if not nxt:
            break
        cur = nxt[0]
    return path[seen.get(cur, 0):]


def form_fingerprint(form: FormDef) -> str:
    """SHA-256 of the form file: identifies exactly which form a record was entered with."""
    return hashlib.sha256(form.source).hexdigest()


def check_form(source, **kw) -> tuple[FormDef | None, list[Problem]]:
    """Like :func:`load_form` but returns the problems instead of raising."""
    try:
        return load_form(source, **kw), []
    except FormError as err:
        return None, err.problems


__all__ = ["load_form", "check_form", "form_fingerprint", "FormDef", "FormError", "Problem"]
