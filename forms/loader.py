"""Loading an XLSForm through pyxform into a :class:`forms.model.FormDef`.

The pipeline, in the order a problem can be found:

1. pyxform's readers turn the file (.xlsx, .xls, .md, .csv) into rows (``get_xlsform``);
2. our own checks run on those rows, read as pyxform reads them (its header parsing and text
   cleaning, its type tables: :mod:`forms.qtypes`), so every message can name the sheet and row:
   types (a feature the application refuses gets one message naming its rows), names, group
   nesting, choice lists, expression syntax, ``${}`` references, functions;
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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from forms import xpath as X
from forms.compile import ANY, CompileError, Structure, compile_expression
from forms.errors import ErrorCode, FormError, Problem
from forms.functions import ARITY, KNOWN_FUNCTIONS
from forms.model import CONTAINER_TYPES, Binds, Choice, Compiled, Element, FormDef
from forms.qtypes import FEATURES, LIST_TYPES, kind_of, node_type, supported_text

if TYPE_CHECKING:
    from pyxform.survey import Survey
    from pyxform.xls2json_backends import DefinitionData

SURVEY = "survey"
CHOICES = "choices"
SETTINGS = "settings"

# the columns our checks read (as pyxform reads the header: see _column_keys) -> our name for them
_COLUMN_KEYS = {
    ("type",): "type", ("name",): "name", ("label",): "label", ("default",): "default",
    ("choice_filter",): "choice_filter", ("trigger",): "trigger", ("parameters",): "parameters",
    ("bind", "relevant"): "relevant", ("bind", "calculate"): "calculation",
    ("bind", "constraint"): "constraint", ("bind", "required"): "required", ("bind", "readonly"): "read_only",
    ("control", "jr:count"): "repeat_count", ("control", "appearance"): "appearance",
}
#: columns holding an expression (our names; "warning" is our own extension column)
_EXPR_COLUMNS = ("relevant", "constraint", "calculation", "required", "choice_filter", "repeat_count",
                 "trigger", "warning", "read_only")
_BOOL_WORDS = {"yes", "true", "true()", "no", "false", "false()", ""}
_NAME_RE = re.compile(r"^[^\W\d][\w.\-]*$")
_ROW_RE = re.compile(r"\[row\s*:\s*(\d+)\]")
_SHEET_RE = re.compile(r"[Oo]n the '(\w+)' sheet")

FILE_TYPES = {".xlsx", ".xlsm", ".xls", ".md", ".csv"}


def _norm_col(key: str) -> str:
    base = key.split("::", 1)[0]
    return base.strip().lower().replace(" ", "_")


@contextmanager
def _library_warnings(name: str) -> Iterator[None]:
    """Python warnings raised by the libraries reading a form (openpyxl's ``UserWarning`` about a
    workbook's styles or data validation, xlrd's…) go to the log, never to the user's screen or
    among the ``sheet:row:`` lines of ``forms check``: they are about the file format, not the form."""
    import logging
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            log = logging.getLogger("khaosat.forms")
            for w in caught:
                log.info("%s: %s: %s", name, w.category.__name__, w.message)


def _read(source, file_type: str | None, name: str):
    from pyxform.xls2json_backends import get_xlsform

    try:
        with _library_warnings(name):
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


@dataclass(frozen=True)
class _Row:
    """One row of the survey sheet as pyxform reads it: each column under our name for it
    (_COLUMN_KEYS; other columns by their snake_case header), with the header it was written under
    and its text cleaned as pyxform cleans it (curly quotes made straight, whitespace collapsed)."""

    number: int  # on the sheet (the header is row 1)
    cols: dict[str, tuple[str, Any]]  # our column name -> (header as written, value)

    def text(self, key: str) -> str:
        got = self.cols.get(key)
        return "" if got is None or got[1] is None else str(got[1]).strip()


@dataclass(frozen=True)
class _Sheet:
    """The survey sheet, read once for the checks (step 2) and for the rows of the elements (step 4)."""

    rows: list[_Row]
    names: dict[str, int]  # element name -> its first row (pyxform's generated names of nameless notes included)
    #: the names of the enclosing groups, repeats and loops and the element's own -> row
    paths: dict[tuple[str, ...], int] = field(default_factory=dict)

    def row_of(self, obj: Any) -> int | None:
        """The row of one of pyxform's elements: found by its names from the top (the same name may
        be in several groups), else by its name (inside a loop, whose choices are no rows)."""
        chain = []
        name = str(obj.name)
        while obj is not None and getattr(obj, "parent", None) is not None:
            chain.append(str(obj.name))
            obj = obj.parent
        return self.paths.get(tuple(reversed(chain))) or self.names.get(name)


def _column_keys(headers: list[str]) -> dict[str, str]:
    """Each header of the survey sheet -> our name for its column, through pyxform's own header
    parsing (``process_header``: case, spaces, aliases such as ``relevance`` or ``bind:relevant``,
    ``::``/``:`` language suffixes)."""
    from pyxform import aliases
    from pyxform.parsing.sheet_headers import process_header, to_snake_case
    from pyxform.question import MultipleChoiceQuestion

    columns = set(MultipleChoiceQuestion.get_slot_names())
    double_colon = any("::" in h for h in headers)
    out = {}
    for h in headers:
        _new, tokens = process_header(h, double_colon, aliases.survey_header, columns)
        out[h] = (_COLUMN_KEYS.get(tuple(tokens[:2])) or _COLUMN_KEYS.get(tuple(tokens[:1]))
                  or to_snake_case(str(tokens[0])))
    return out


def _setting(wb: DefinitionData, key: str) -> tuple[str, Any] | None:
    """A column of the settings sheet's first row, its header matched as pyxform matches it:
    (header as written, value) or None."""
    from pyxform.parsing.sheet_headers import to_snake_case

    for header, value in (wb.settings[0].items() if wb.settings else []):
        if to_snake_case(str(header).split("::", 1)[0]) == key and value not in (None, ""):
            return str(header), value
    return None


def _read_survey(wb: DefinitionData) -> _Sheet:
    from pyxform.parsing.sheet_headers import clean_text_values

    raw_rows = wb.survey or []
    headers: dict[str, None] = {}
    for h in (wb.survey_header or [{}])[0]:
        headers[str(h)] = None
    for r in raw_rows:
        for h in r or {}:
            headers.setdefault(str(h), None)
    keys = _column_keys(list(headers))
    clean = _setting(wb, "clean_text_values")
    strip = clean is None or str(clean[1]).strip().lower() not in ("no", "false", "false()")
    rows: list[_Row] = []
    names: dict[str, int] = {}
    paths: dict[tuple[str, ...], int] = {}
    open_names: list[str] = []
    for i, raw in enumerate(raw_rows):
        cols: dict[str, tuple[str, Any]] = {}
        for header, value in (raw or {}).items():
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if isinstance(value, str):
                value = clean_text_values(value, strip_whitespace=strip)
            cols.setdefault(keys[str(header)], (str(header), value))
        row = _Row(i + 2, cols)
        rows.append(row)
        qname = row.text("name") or _generated_name(row)
        if qname and qname not in names:
            names[qname] = row.number
        if not row.cols or row.text("disabled").lower() in ("yes", "true", "true()"):
            continue
        kind = kind_of(row.text("type")) if row.text("type") else None
        if kind is not None and kind.end:
            if open_names:
                open_names.pop()
            continue
        if qname:
            paths.setdefault((*open_names, qname), row.number)
        if kind is not None and kind.begin:
            open_names.append(qname)
    return _Sheet(rows, names, paths)


def _generated_name(row: _Row) -> str:
    """The name pyxform gives a row without one: a note's ``generated_note_name_<row>``, the audit's
    ``audit``; "" for other rows."""
    word = row.text("type")
    if word == "note":
        return f"generated_note_name_{row.number}"
    if word == "audit":
        return "audit"
    return ""


def _choice_lists(wb: DefinitionData) -> set[str]:
    """The list names of the choices sheet (its ``list_name`` column found as pyxform finds it)."""
    from pyxform.parsing.sheet_headers import to_snake_case

    out = set()
    for r in wb.choices or []:
        for header, value in (r or {}).items():
            if to_snake_case(str(header).split("::", 1)[0]) == "list_name" and value not in (None, ""):
                out.add(str(value).strip())
    return out


class _Refusals:
    """Rows using a feature the application refuses (forms/qtypes.py FEATURES), gathered so that each
    feature gets ONE message naming its rows; the rows' names stay known, so a ``${photo}`` elsewhere
    is no follow-on error."""

    def __init__(self) -> None:
        self.items: dict[str, list[tuple[int, str, str]]] = defaultdict(list)

    def add(self, feature: str, row: int, vi: str, en: str) -> None:
        self.items[feature].append((row, vi, en))

    def problems(self) -> list[Problem]:
        out = []
        for feature, items in self.items.items():
            vi, en, when = FEATURES[feature]
            code = ErrorCode.FEATURE_NOT_YET if when == "later" else ErrorCode.FEATURE_NOT_ON_LAPTOP
            out.append(Problem(code, SURVEY, items[0][0], {
                "key": feature, "feature": en, "feature_vi": vi,
                "rows": "; ".join(f"row {r} {e}" for r, _v, e in items),
                "rows_vi": "; ".join(f"dòng {r} {v}" for r, v, _e in items)}))
        return out


def _check_rows(wb: DefinitionData, name: str, sheet: _Sheet | None = None) -> list[Problem]:
    """The survey sheet's rows checked as pyxform reads them, every problem with its row."""
    from pyxform import aliases
    from pyxform.utils import default_is_dynamic

    if not any(wb.survey or []):
        return [Problem(ErrorCode.NO_SURVEY, SURVEY, None, {"file": name})]
    sheet = sheet or _read_survey(wb)
    problems: list[Problem] = []
    refused = _Refusals()
    choice_lists = _choice_lists(wb)
    # pyxform's rules: names unique within their group or repeat (we also refuse a case-only
    # difference there, which pyxform warns about: the keys of answers and columns ignore case),
    # repeat names unique in the whole form, ${name} only for a name used once in the form
    levels: list[dict[str, int]] = [{}]  # per open group: lower-case name -> row
    repeat_rows: dict[str, int] = {}  # repeat name -> row
    name_rows: dict[str, list[int]] = defaultdict(list)  # name -> its rows
    stack: list[tuple[str, str, int]] = []  # (kind, name, row)
    ref_rows: list[tuple[int, str, str, str]] = []  # (row, column, text, owner)
    all_names: set[str] = set()

    for row in sheet.rows:
        rownum = row.number
        if not row.cols or row.text("disabled").lower() in ("yes", "true", "true()"):
            continue  # pyxform skips empty and disabled rows
        raw_type = row.text("type")
        qname = row.text("name")
        if not raw_type:
            # pyxform skips a row without type, name and label (a comment row)
            if qname or "label" in row.cols:
                problems.append(Problem(ErrorCode.TYPE_MISSING, SURVEY, rownum, {"name": qname or "?"}))
            continue
        if raw_type in aliases.settings_header:
            continue  # a setting written on the survey sheet
        kind = kind_of(raw_type)
        if kind is None or kind.error:
            if qname:
                all_names.add(qname)  # no follow-on "no question is named …"
            if kind is None:
                problems.append(Problem(ErrorCode.TYPE_UNSUPPORTED, SURVEY, rownum,
                                        {"type": raw_type, "supported": supported_text()}))
            else:
                problems.append(Problem(ErrorCode.CHOICE_LIST_NAME, SURVEY, rownum, {"type": raw_type}))
            continue
        if kind.end:
            if not stack or stack[-1][0] != kind.end:
                problems.append(Problem(ErrorCode.GROUP_UNMATCHED, SURVEY, rownum, {
                    "type": raw_type, "open": f"{stack[-1][0]} '{stack[-1][1]}'" if stack else "-"}))
            else:
                stack.pop()
                levels.pop()
            continue
        qname = qname or _generated_name(row)
        if not qname:
            problems.append(Problem(ErrorCode.NAME_MISSING, SURVEY, rownum, {"type": raw_type}))
            continue
        if not _NAME_RE.match(qname):
            problems.append(Problem(ErrorCode.NAME_INVALID, SURVEY, rownum, {"name": qname}))
            continue
        prior = levels[-1].get(qname.lower())
        if prior is not None:
            problems.append(Problem(ErrorCode.NAME_DUPLICATE, SURVEY, rownum,
                                    {"name": qname, "other_row": prior}))
        else:
            levels[-1][qname.lower()] = rownum
        if kind.begin == "repeat":
            prior = repeat_rows.get(qname)
            if prior is not None:
                problems.append(Problem(ErrorCode.REPEAT_NAME_DUPLICATE, SURVEY, rownum,
                                        {"name": qname, "other_row": prior}))
            else:
                repeat_rows[qname] = rownum
        all_names.add(qname)
        name_rows[qname].append(rownum)
        appearance = row.text("appearance")
        if kind.feature:
            refused.add(kind.feature, rownum, f"'{qname}': {raw_type}", f"'{qname}': {raw_type}")
            continue
        if "search(" in appearance.replace(" ", ""):
            item = f"'{qname}': appearance {appearance}"
            refused.add("search", rownum, item, item)
            continue
        if kind.type == "external":
            continue  # csv-external / xml-external: declares an instance, no question
        if kind.list_name is not None and (kind.type in LIST_TYPES or kind.begin == "loop") \
                and not kind.external and kind.list_name not in choice_lists:
            problems.append(Problem(ErrorCode.CHOICES_MISSING, SURVEY, rownum, {"list_name": kind.list_name}))
        if kind.begin:
            stack.append((kind.begin, qname, rownum))
            levels.append({})
        default = row.text("default")
        if kind.type == "calculate" and not row.text("calculation") and not (
                default and default_is_dynamic(default, "calculate")):
            problems.append(Problem(ErrorCode.CALCULATE_EMPTY, SURVEY, rownum, {"name": qname}))
        if "warning_message" in row.cols and not row.text("warning"):
            problems.append(Problem(ErrorCode.WARNING_MESSAGE_ONLY, SURVEY, rownum, {}))
        for key in _EXPR_COLUMNS:
            text = row.text(key)
            if not text:
                continue
            if key in ("required", "read_only") and text.lower() in _BOOL_WORDS:
                continue
            if key == "repeat_count" and text.isdigit():
                continue
            ref_rows.append((rownum, row.cols[key][0], text, qname))
        if default and ("${" in default or "(" in default):
            ref_rows.append((rownum, row.cols["default"][0], default, qname))

    for kind_name, gname, rownum in stack:
        problems.append(Problem(ErrorCode.GROUP_UNCLOSED, SURVEY, rownum,
                                {"name": gname, "end": f"end {kind_name}"}))

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
                elif len(name_rows.get(ref, ())) > 1:
                    problems.append(Problem(ErrorCode.EXPR_AMBIGUOUS_REF, SURVEY, rownum, {
                        "column": col, "ref": ref, "rows": ", ".join(map(str, name_rows[ref]))}))
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
    return refused.problems() + problems


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
        with _library_warnings(name):
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
    name: str  # its name (the XML tag)
    key: str  # forms.model.Element.name: the name, or "loop-choice-name" inside a begin loop
    type: str  # pyxform's type word: "select one", "dateTime", "group", ...
    xpath: str
    parent: str | None  # the key of the enclosing group or repeat (None at the top)
    repeats: tuple[str, ...]  # keys of the enclosing repeats, outermost first
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
    tags: tuple[tuple[str, dict[str, str]], ...] = ()  # an osm question's OpenStreetMap tags


def _survey_nodes(survey: Survey) -> list[_Node]:
    """The elements of pyxform's survey in document order (the survey itself left out).

    The one place that reads pyxform's survey elements. pyxform documents no API for them: this
    reads the attributes its element classes keep the JSON form's fields in (``SurveyElement``,
    ``Section`` and ``Question`` slots: name, type, parent, bind, control, extra_data, label, hint,
    itemset, list_name, query, choice_filter, default, trigger, parameters) and calls the methods
    ``iter_descendants()`` and ``get_xpath()`` and ``pyxform.utils.default_is_dynamic``. None of
    them is underscore-private, but pyxform may rename them without notice, and then the
    ``getattr`` defaults would quietly read nothing. Checked against pyxform 4.5.0;
    tests/forms/test_pyxform_api.py fails with a clear message if their shape changes.

    An element's key (``Element.name``) is its name when no other element of the form has that
    name (upper and lower case counting as the same), so forms with unique names keep the keys
    they always had. pyxform expands ``begin loop over LIST`` into one group per choice, each
    holding the loop's questions under the same names; inside a loop an element's key is therefore
    the names from the loop down, joined with "-" (``toilets-pit_latrine-number``), as ODK Central
    names such columns. A name used in several groups or repeats (valid in XLSForm: names need only
    be unique within their group) makes the key of each of its elements the names from the top of
    the form down, joined with "-" (``hh-name``, ``member-name``): ODK Central's column names.
    """
    from pyxform.utils import default_is_dynamic

    objs: list[Any] = []
    kept: set[int] = set()
    for obj in survey.iter_descendants():
        if obj is survey:
            continue
        if obj.parent is not survey and id(obj.parent) not in kept:
            continue  # inside what is no element of the record (an osm question's tags, an entity)
        if obj.type == "entity":
            continue  # the entities sheet's meta/entity: for ODK Central only (ErrorCode.ENTITIES_IGNORED)
        kept.add(id(obj))
        objs.append(obj)
    keys = _element_keys(survey, objs)
    nodes = []
    for obj in objs:
        parent = obj.parent
        key = keys[id(obj)]
        repeats = []
        p = parent
        while p is not None and p is not survey:
            if p.type == "repeat":
                repeats.append(keys[id(p)])
            p = p.parent
        default = getattr(obj, "default", None)
        parameters = getattr(obj, "parameters", None) or {}
        nodes.append(_Node(
            element=obj,
            name=obj.name,
            key=key,
            type=obj.type,
            xpath=obj.get_xpath(),
            parent=None if parent is survey else keys[id(parent)],
            repeats=tuple(reversed(repeats)),
            bind=dict(obj.bind or {}) if hasattr(obj, "bind") else {},
            control=dict(obj.control or {}) if getattr(obj, "control", None) else {},
            extra=dict(getattr(obj, "extra_data", None) or {}),
            label=getattr(obj, "label", None),
            hint=getattr(obj, "hint", None),
            list_name=(getattr(obj, "itemset", None) or getattr(obj, "list_name", None)
                       or getattr(obj, "query", None)),
            choice_filter=getattr(obj, "choice_filter", None),
            default=default,
            default_is_dynamic=default not in (None, "") and default_is_dynamic(str(default), obj.type),
            trigger=getattr(obj, "trigger", None),
            parameters=parameters if isinstance(parameters, dict) else {},
            tags=tuple((str(t.name), _texts(getattr(t, "label", None))) for t in getattr(obj, "children", None) or ()
                       if obj.type == "osm"),
        ))
    return nodes


def _element_keys(survey: Survey, objs: list[Any]) -> dict[int, str]:
    """id(element) -> its key (see :func:`_survey_nodes`); a key that is another element's name
    (a question named ``grp-q`` beside ``q`` in two groups) is a :class:`FormError`."""
    base: dict[int, str] = {}
    full: dict[int, str] = {}
    looped: set[int] = set()  # elements inside a loop
    for obj in objs:
        parent = obj.parent
        inside = parent is not survey and (parent.type == "loop" or id(parent) in looped)
        if inside:
            looped.add(id(obj))
        base[id(obj)] = f"{base[id(parent)]}-{obj.name}" if inside else str(obj.name)
        full[id(obj)] = str(obj.name) if parent is survey else f"{full[id(parent)]}-{obj.name}"
    count: dict[str, int] = defaultdict(int)
    for key in base.values():
        count[key.lower()] += 1
    keys = {i: (k if count[k.lower()] == 1 else full[i]) for i, k in base.items()}
    seen: dict[str, Any] = {}
    for obj in objs:
        key = keys[id(obj)].lower()
        other = seen.setdefault(key, obj)
        if other is not obj:
            plain = obj if keys[id(obj)] == str(obj.name) else other
            clash = other if plain is obj else obj
            raise _KeyClash(clash, keys[id(clash)], plain)
    return keys


class _KeyClash(Exception):
    """``element``'s key is the name of ``other``."""

    def __init__(self, element: Any, key: str, other: Any):
        super().__init__(key)
        self.element, self.name, self.key, self.other = element, str(element.name), key, other


def _texts(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v is not None}
    return {"default": str(value)}


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


def load_form(source, *, file_type: str | None = None, name: str | None = None,
              attachments: Mapping[str, bytes] | None = None) -> FormDef:
    """Read an XLSForm (path, bytes or markdown text) and return its :class:`FormDef`.

    ``attachments`` (file name -> bytes) are the files its external data come from
    (:mod:`forms.external`); for a path they default to the files of that name beside the form.
    A file the form needs and nobody gave is listed in ``FormDef.missing_attachments``, not refused.
    Raises :class:`forms.errors.FormError` listing every problem found (with sheet and row).
    """
    if attachments is None and isinstance(source, (str, Path)) \
            and not (isinstance(source, str) and "\n" in source):
        attachments = _Beside(Path(source).parent)
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
    sheet = _read_survey(wb)
    problems = _check_rows(wb, disp, sheet)
    if problems:
        raise FormError(problems, disp)
    conversion = _convert(wb, disp)
    try:
        return _build(conversion, wb, sheet, data, disp, ftype, {} if attachments is None else attachments)
    except FormError:
        raise
    except Exception as err:  # never a traceback for a strange form: report it as a form problem
        import logging

        logging.getLogger("khaosat.forms").exception("unexpected error building %s", disp)
        raise FormError([Problem(ErrorCode.READ_FAILED, context={
            "detail": f"{type(err).__name__}: {err}", "file": disp})], disp) from None


class _Beside(Mapping[str, bytes]):
    """The files beside a form file, by name (a form's attachments when none are given)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __getitem__(self, file: str) -> bytes:
        if not file or file != Path(file).name or file in (".", ".."):
            raise KeyError(file)
        try:
            return (self.folder / file).read_bytes()
        except OSError:
            raise KeyError(file) from None

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


@dataclass
class _External:
    """What a form reads from its attachments (forms/external.py)."""

    needs: tuple[str, ...] = ()
    found: dict[str, bytes] = field(default_factory=dict)  # the attachments given, by file name
    instances: dict[str, Any] = field(default_factory=dict)  # instance name -> document
    choices: dict[str, tuple[Choice, ...]] = field(default_factory=dict)  # list key -> choices
    list_instances: dict[str, tuple[str, str]] = field(default_factory=dict)  # list key -> (instance, value col)
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # element key -> (list key, instance)


def _external(conv: _Conversion, wb: DefinitionData, typed: list[tuple[_Node, str]],
              attachments: Mapping[str, bytes], disp: str) -> _External:
    """The attachments the XForm declares, read into secondary instances, and the choice list of each
    select from a file (its value and label columns: the ``parameters`` column's ``value=``/``label=``,
    else ``name``/``label``, ``id``/``title`` for GeoJSON, as ODK). A missing file gives an empty list."""
    from forms import external as X_

    # select_one_external: pyxform insists on the form's external_choices sheet (it writes
    # itemsets.csv from it), so its choices never need an attachment
    uses_itemsets = any(node.type == "select one external" for node, _e in typed)
    needs = X_.needed(conv.xform)
    ext = _External(needs=tuple(dict.fromkeys(n.file for n in needs)))
    if not needs and not uses_itemsets:
        return ext
    problems: list[Problem] = []
    for need in needs:
        data = attachments.get(need.file)
        if data is None:
            continue
        ext.found[need.file] = bytes(data)
    for need in needs:
        data = ext.found.get(need.file)
        try:
            ext.instances[need.instance] = (X_.read_instance(need.file, data) if data is not None
                                            else X_.read_instance("empty.csv", b""))
        except X_.AttachmentError as err:
            problems.append(Problem(ErrorCode.ATTACHMENT_UNREADABLE, context={
                "attachment": need.file, "detail": err.detail, "detail_vi": err.detail_vi, "file": disp}))
    itemsets: list[dict[str, str]] = []
    if uses_itemsets:
        from pyxform.utils import external_choices_to_csv

        text = external_choices_to_csv(workbook_dict=wb) or ""
        itemsets = X_.csv_rows(X_.ITEMSETS, text.encode("utf-8"))
    if problems:
        raise FormError(problems, disp)
    for node, etype in typed:
        if etype not in LIST_TYPES or not node.list_name:
            continue
        if node.type == "select one external":
            key = inst = node.list_name
            if inst not in ext.instances:
                # pyxform keeps the header as written: "list_name" or "list name"
                rows = [{k: v for k, v in r.items() if k not in ("list_name", "list name")} for r in itemsets
                        if (r.get("list_name") or r.get("list name")) == inst]
                ext.instances[inst] = _rows_instance(rows)
            value, label = "name", "label"
        else:
            stem, suffix = Path(node.list_name).stem, Path(node.list_name).suffix.lower()
            if suffix not in (".csv", ".xml", ".geojson") or stem not in ext.instances:
                continue
            inst = stem
            geo = suffix == ".geojson"
            value = str(node.parameters.get("value") or ("id" if geo else "name"))
            label = str(node.parameters.get("label") or ("title" if geo else "label"))
            key = node.list_name if (value, label) == (("id", "title") if geo else ("name", "label")) \
                else f"{node.list_name}#{value}#{label}"
        ext.keys[node.key] = (key, inst)
        if key not in ext.choices:
            ext.choices[key] = _file_choices(ext.instances[inst], value, label)
            ext.list_instances[key] = (inst, value)
    return ext


def _rows_instance(rows: list[dict[str, str]]):
    from lxml import etree

    doc = etree.Element("instance")
    root = etree.SubElement(doc, "root")
    for r in rows:
        item = etree.SubElement(root, "item")
        for k, v in r.items():
            if re.match(r"^[A-Za-z_][\w.\-]*$", k):
                etree.SubElement(item, k).text = v
    return doc


def _file_choices(doc, value: str, label: str) -> tuple[Choice, ...]:
    """The choices of a list read from an attachment: each item's ``value`` child is the choice name,
    its ``label`` child (and ``label::Language`` columns) the label, the other children its columns."""
    from forms.external import items_of

    out = []
    for item in items_of(doc):
        cols = {c.tag: (c.text or "") for c in item if isinstance(c.tag, str)}
        name = cols.get(value, "")
        if not name:
            continue  # ODK skips an item without a value
        labels = {"default": cols[label]} if cols.get(label) else {}
        extra = {k: v for k, v in cols.items() if k not in (value, label)}
        out.append(Choice(name, MappingProxyType(labels), MappingProxyType(extra)))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Step 4: the form definition from pyxform's survey
# ---------------------------------------------------------------------------------------------


def _build(conv: _Conversion, wb: DefinitionData, sheet: _Sheet, data: bytes, disp: str,
           ftype: str, attachments: Mapping[str, bytes]) -> FormDef:
    """The elements with their compiled expressions, the choices, the evaluation order and the
    settings; each step raises :class:`FormError` with all the problems it found."""
    survey, json_form = conv.survey, conv.json_form
    root_xpath = survey.get_xpath()
    try:
        nodes = _survey_nodes(survey)
    except _KeyClash as clash:
        raise FormError([Problem(ErrorCode.KEY_CLASH, SURVEY, sheet.row_of(clash.element), {
            "name": clash.name, "key": clash.key, "other_row": sheet.row_of(clash.other) or "?"})], disp) from None
    rows = {node.xpath: sheet.row_of(node.element) for node in nodes}  # xpath -> row
    typed = _typed_nodes(nodes, rows, disp)
    ext = _external(conv, wb, typed, attachments, disp)
    exprs = _Expressions(survey, _structure(root_xpath, typed), rows, _settings_places(wb, root_xpath))
    if any(o.type == "entity" for o in survey.iter_descendants()):
        exprs.notices.append(Problem(ErrorCode.ENTITIES_IGNORED, "entities", 2, {}))
    elements = _elements(typed, exprs, ext)
    if exprs.problems:
        raise FormError(exprs.problems, disp)
    choices = _choices(json_form)
    choices.update(ext.choices)
    order, dependents, check_dependents = _dependencies(elements, disp)
    settings = _settings(wb)
    instance_name = _instance_name(exprs, wb, root_xpath, disp)
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
        notices=tuple(exprs.notices),
        instance_name=instance_name,
        attachments=MappingProxyType(ext.found),
        needs=ext.needs,
        external=MappingProxyType(ext.instances),
        list_instances=MappingProxyType(ext.list_instances),
    )


def _typed_nodes(nodes: list[_Node], rows: Mapping[str, int | None], disp: str) -> list[tuple[_Node, str]]:
    """Each element with its normalised type; a type the engine does not support is a problem."""
    problems: list[Problem] = []
    typed = []
    for node in nodes:
        etype = "instanceID" if node.name == "instanceID" else node_type(node.type)
        if etype == "external":
            continue  # csv-external / xml-external: an instance (forms/external.py), no element
        if etype is None:
            problems.append(Problem(ErrorCode.TYPE_UNSUPPORTED, SURVEY, rows.get(node.xpath),
                                    {"type": node.type, "supported": supported_text()}))
            continue
        typed.append((node, etype))
    if problems:
        raise FormError(problems, disp)
    return typed


def _structure(root_xpath: str, typed: list[tuple[_Node, str]]) -> Structure:
    """The form's tree as the expression compiler needs it: xpath -> (name, type, repeat depth)."""
    return Structure(root_xpath, {
        node.xpath: (node.key, etype, len(node.repeats) + (1 if etype == "repeat" else 0))
        for node, etype in typed})


class _Expressions:
    """Expands (with pyxform's ``Survey.insert_xpaths``) and compiles the form's expressions,
    keeping a problem with its row for each one that does not compile."""

    def __init__(self, survey: Survey, structure: Structure, rows: Mapping[str, int | None],
                 places: dict[str, tuple[str, int, str]] | None = None):
        self.survey = survey
        self.structure = structure
        self.rows = rows
        #: elements pyxform makes from another sheet: xpath -> (sheet, row, column)
        self.places = places or {}
        self.problems: list[Problem] = []
        #: what loads but deserves a warning (FormDef.notices)
        self.notices: list[Problem] = []

    def node(self, node: _Node, column: str, text: Any, *, use_current: bool = False,
             wrap: Callable[[str], str] | None = None) -> Compiled | None:
        """An expression of ``column`` on the element ``node``, evaluated on the element itself."""
        return self.compile(node.element, node.name, node.xpath, column, text, use_current=use_current,
                            wrap=wrap)

    def compile(self, element: Any, name: str, context_xpath: str, column: str, text: Any, *,
                use_current: bool = False, wrap: Callable[[str], str] | None = None,
                place: tuple[str, int, str] | None = None) -> Compiled | None:
        """Compile ``text``; a problem is placed on the survey sheet at the row of ``name``, or at
        ``place`` (sheet, row, column) for what pyxform made from another sheet."""
        place = place or self.places.get(context_xpath)
        sheet, row = SURVEY, self.rows.get(context_xpath)
        if place is not None:
            sheet, row, column = place
        if text is None:
            return None
        text = str(text).strip()
        if not text:
            return None
        expanded = text
        try:
            expanded = self.survey.insert_xpaths(text, element, use_current=use_current)
            if wrap:
                expanded = wrap(expanded)
            xp, deps, volatile, is_date, funcs, variables = compile_expression(
                text, expanded, self.structure, context_xpath)
        except CompileError as err:
            if sheet == SETTINGS and _only_path(expanded, err):
                # a settings expression that is nothing but a path to no node (instance_name =
                # "XLDateAmbiguous-v1"): ODK and pyxform accept it and read it as empty; so does the
                # application, with a warning saying so and how to write what was meant
                notice = Problem(ErrorCode.INSTANCE_NAME_EMPTY, sheet, row, {
                    "column": column, "text": text, "path": err.unknown_path, "quoted": text.replace("'", "")})
                if notice not in self.notices:
                    self.notices.append(notice)
                return Compiled(text, *compile_expression("''", "''", self.structure, context_xpath))
            self.problems.append(Problem(ErrorCode.EXPR_SYNTAX, sheet, row, {
                "column": column, "detail": err.detail, "detail_vi": err.detail_vi, "pos": err.pos + 1,
                "excerpt": _excerpt(err.text or text, err.pos)}))
            return None
        except Exception as err:  # pyxform's own reference errors
            self.problems.append(Problem(ErrorCode.EXPR_UNSUPPORTED, sheet, row, {
                "column": column, "detail": str(err)}))
            return None
        return Compiled(text, xp, deps, volatile, is_date, funcs, variables)


def _default_fits(etype: str, default: str) -> bool:
    """Whether a literal default is a value ODK reads for a date, dateTime, integer or decimal question."""
    from forms.functions import parse_date, parse_datetime

    if etype == "date":
        return parse_date(default) is not None
    if etype == "datetime":
        return parse_date(default) is not None or parse_datetime(default) is not None
    if etype == "integer":
        return re.fullmatch(r"\s*-?\d+\s*", default) is not None
    if etype == "decimal":
        return re.fullmatch(r"\s*-?(\d+(\.\d*)?|\.\d+)\s*", default) is not None
    return True


def _only_path(expanded: str, err: CompileError) -> bool:
    """Whether ``expanded`` is a bare path and ``err`` says it names no node."""
    if not err.unknown_path:
        return False
    try:
        return isinstance(X.parse(expanded), X.Path)
    except X.XPathSyntaxError:
        return False


def _elements(typed: list[tuple[_Node, str]], exprs: _Expressions, ext: _External) -> list[Element]:
    """The elements in document order, with their children and binds (problems go to ``exprs``)."""
    places = {(node.parent, node.name) for node, _etype in typed}
    children: dict[str, list[str]] = defaultdict(list)
    named: dict[str, list[str]] = defaultdict(list)  # name -> keys
    xpaths = {node.key: node.xpath for node, _etype in typed}
    root = exprs.survey.get_xpath()
    for node, _etype in typed:
        named[node.name].append(node.key)
        if node.parent is not None:
            children[node.parent].append(node.key)
    # a trigger names its question: a name used once in the form (pyxform's rule for ${name})
    unique = {name: keys[0] for name, keys in named.items() if len(keys) == 1}
    return [_element(node, etype, idx, exprs, tuple(children.get(node.key, ())),
                     flat=etype == "group" and node.xpath == (xpaths[node.parent] if node.parent else root),
                     # pyxform adds an "other" choice for or_other, and a question <name>_other beside it
                     or_other=etype in LIST_TYPES and (node.parent, node.name + "_other") in places,
                     list_key=ext.keys.get(node.key), trigger_keys=unique)
            for idx, (node, etype) in enumerate(typed)]



def _element(node: _Node, etype: str, index: int, exprs: _Expressions, children: tuple[str, ...], *,
             or_other: bool, list_key: tuple[str, str] | None = None,
             trigger_keys: Mapping[str, str] | None = None, flat: bool = False) -> Element:
    """``list_key``: (choice list key, instance name) of a select whose choices come from a file."""
    extra = dict(node.extra)
    warning_message = _texts(extra.pop("warning_message", None))
    warning = extra.pop("warning", None)
    default = None
    if node.default not in (None, "") and not node.default_is_dynamic:
        default = str(node.default)
        if not _default_fits(etype, default):
            # an Excel date cell pyxform writes "1900-01-01 00:00:00": ODK (Collect and Web Forms) cannot
            # read it as a date and starts the question empty; so does the application, saying so
            exprs.notices.append(Problem(ErrorCode.DEFAULT_IGNORED, SURVEY, exprs.rows.get(node.xpath), {
                "name": node.key, "value": default, "type": etype}))
            default = None
    return Element(
        name=node.key,
        type=etype,
        xpath=node.xpath,
        index=index,
        row=exprs.rows.get(node.xpath),
        parent=node.parent,
        repeats=node.repeats,
        labels=MappingProxyType(_texts(node.label)),
        hints=MappingProxyType(_texts(node.hint)),
        constraint_message=MappingProxyType(_texts(node.bind.get("jr:constraintMsg"))),
        required_message=MappingProxyType(_texts(node.bind.get("jr:requiredMsg"))),
        warning_message=MappingProxyType(warning_message),
        list_name=(list_key[0] if list_key else node.list_name) if etype in LIST_TYPES else None,
        or_other=or_other,
        appearance=str(node.control.get("appearance") or ""),
        default=default,
        trigger=tuple((trigger_keys or {}).get(t, t) for t in _trigger_names(node.trigger)),
        children=children if etype in CONTAINER_TYPES else (),
        parameters=MappingProxyType({str(k): str(v) for k, v in node.parameters.items()}),
        extra=MappingProxyType({str(k): v for k, v in extra.items()}),
        binds=_binds(node, etype, warning, exprs, list_key[1] if list_key else None),
        tags=tuple((k, MappingProxyType(v)) for k, v in node.tags),
        flat=flat,
    )


def _binds(node: _Node, etype: str, warning: Any, exprs: _Expressions, instance: str | None = None) -> Binds:
    """The element's expressions, compiled in the order their problems are reported."""
    bind = node.bind
    required = exprs.node(node, "required", _flag(bind.get("required")))
    read_only = exprs.node(node, "read_only", _flag(bind.get("readonly")) if etype != "instanceID" else None)
    choice_filter = None
    if etype in LIST_TYPES and node.choice_filter:
        list_name = instance or node.list_name
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


def _settings_places(wb: DefinitionData, root_xpath: str) -> dict[str, tuple[str, int, str]]:
    """Where the elements pyxform makes from the settings sheet come from: ``meta/instanceName``
    calculates the settings' ``instance_name`` (its first data row is row 2)."""
    found = _setting(wb, "instance_name")
    return {f"{root_xpath}/meta/instanceName": (SETTINGS, 2, found[0] if found else "instance_name")}


def _instance_name(exprs: _Expressions, wb: DefinitionData, root_xpath: str, disp: str) -> Compiled | None:
    """The settings sheet's instance_name (a record's display name), compiled on the root."""
    found = _setting(wb, "instance_name")
    if found is None:
        return None
    header, text = found
    survey = exprs.survey
    compiled = exprs.compile(survey, survey.name, root_xpath, header, text, place=(SETTINGS, 2, header))
    if exprs.problems:
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
