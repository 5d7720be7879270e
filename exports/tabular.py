"""Statistics files: CSV (UTF-8 with BOM), XLSX, Stata ``.dta`` and SPSS ``.sav`` with labels.

One *table* per form (one row per record) and one per repeat (one row per repeat instance, linked
by ``_parent_id``; nested repeats also carry the parent instance's line). Columns:

* meta columns ``_id, _form_version, _status, _commune, _village, _enumerator, _created_at,
  _modified_at, _issues`` (``ks_…`` in ``.dta``/``.sav``, whose variable names must start with a
  letter), then every question and calculation of the form (union over the stored versions, in the
  latest version's order) — notes, groups and the instance id are left out;
* a ``select_multiple`` question gives its space-separated codes plus one 1/0 column per choice
  (``<name>_<code>``; empty when the question was not answered).

Values are ``records.data`` (relevant values only): a question that did not apply is empty.

Options: ``headers`` names | labels (CSV/XLSX header row), ``choices`` codes | labels (CSV/XLSX
cells); ``.dta``/``.sav`` always hold codes with value labels and question labels as variable
labels, in the chosen language. Choice lists whose codes are not all whole numbers are numbered
1…n in list order in ``.dta``/``.sav`` and the label keeps the code: ``Mạng xã hội [social]``.

Personal data (``personal`` = keep | drop | mask): a question is personal when the form's extra
column ``personal`` says so (yes/1/true) or, when that column is empty, when its name matches
:data:`PERSONAL_NAME` (names, phone numbers, e-mail, ID card and tax numbers) or it is a
geopoint; ``personal = no`` exempts a question. ``mask`` keeps the last three digits of a number
(``*********678``) and the first letter of each word of a text (``N***** V** Ấ*``).

Output paths (``out``): a path ending in the format's extension is a file — the workbook for
XLSX; for the other formats the form's table, with its repeats beside it as ``<stem>__<repeat>``
(and ``<stem>__<form>…`` when several forms are exported). Any other path is a folder (created)
holding ``<form>.csv``/``<form>__<repeat>.csv`` … or ``<form>.xlsx`` (``khao_sat.xlsx`` for
several forms). Files are written beside the target and renamed when complete.

XLSX is written by a small streaming writer (inline strings, one pass, temporary sheet files):
several times faster than openpyxl and xlsxwriter, constant memory.

Speed (issue 6: CSV at most 1.5 × ``DataFrame.to_csv`` of the same tables, reading and decoding
included). One statement reads every record of the exported forms in the order they arrived
(straight through the table when most of it is wanted, else by index and a sort of the rowids),
:data:`CHUNK` at a time; each record's JSON is decoded once; each table's row comes from a function
generated for its columns (:class:`_RowMaker`), with no Python code per plain cell; CSV lines are
joined in C and only the lines that need quoting go through ``csv.writer`` (:class:`_CsvSink`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import logging
import os
import re
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exports.errors import ExportCode, ExportError
from forms.pii import PERSONAL_NAME, is_personal, pii_mode  # noqa: F401 (PERSONAL_NAME: named here before)
from models.base.errors import AppError, Bilingual, Cancelled, FileCode, FileError, os_error
from models.base.progress import Progress, run
from models.records.errors import RecordCode, RecordError
from models.store.errors import StoreCode, StoreError

if TYPE_CHECKING:
    from models.store.database import Store

log = logging.getLogger("khaosat.exports")

FORMATS = ("csv", "xlsx", "dta", "sav")
STATUSES = ("draft", "complete", "returned", "approved")

META = [  # key, source, label vi, label en, stats name
    ("_id", "id", "Mã phiếu", "Record id", "ks_id"),
    ("_form_version", "form_version", "Phiên bản biểu mẫu", "Form version", "ks_form_version"),
    ("_status", "status", "Trạng thái", "Status", "ks_status"),
    ("_commune", "commune", "Mã xã", "Commune code", "ks_commune"),
    ("_village", "village", "Thôn", "Village", "ks_village"),
    ("_enumerator", "enumerator", "Mã điều tra viên", "Enumerator code", "ks_enumerator"),
    ("_created_at", "created_at", "Tạo lúc", "Created at", "ks_created_at"),
    ("_modified_at", "modified_at", "Sửa lúc", "Modified at", "ks_modified_at"),
    ("_issues", "issues", "Số vấn đề còn mở", "Open issues", "ks_issues"),
]
STATUS_LABELS = {"draft": ("Nháp", "Draft"), "complete": ("Hoàn thành", "Complete"),
                 "returned": ("Trả lại", "Returned"), "approved": ("Đã duyệt", "Approved")}


# ---------------------------------------------------------------------------------------- options


@dataclass(frozen=True)
class ExportFilter:
    form_ids: tuple[str, ...] = ()  # empty = every form with records
    statuses: tuple[str, ...] = ()  # empty = every status
    communes: tuple[str, ...] = ()
    date_from: str = ""  # the record's interview date (else 'today', else created), inclusive
    date_to: str = ""

    def describe(self, lang: str = "vi") -> str:
        vi = lang == "vi"
        parts = []
        if self.form_ids:
            parts.append(("biểu mẫu " if vi else "form ") + ", ".join(self.form_ids))
        if self.statuses:
            parts.append(("trạng thái " if vi else "status ") + ", ".join(self.statuses))
        if self.communes:
            parts.append(("xã " if vi else "commune ") + ", ".join(self.communes))
        if self.date_from or self.date_to:
            parts.append(("ngày " if vi else "dates ") + f"{self.date_from or '…'} – {self.date_to or '…'}")
        return "; ".join(parts) or ("không lọc" if vi else "no filter")


@dataclass(frozen=True)
class ExportResult:
    files: tuple[str, ...]
    records: int
    rows: Mapping[str, int] = field(default_factory=dict)  # table -> rows written


def check_date(value: str | None) -> str:
    """'' or an ISO date; anything else is a clear error."""
    from datetime import date

    if not value:
        return ""
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ExportError(ExportCode.EXPORT_BAD_DATE, value=value) from None


def make_filter(*, form_ids: Sequence[str] | str | None = None, statuses: Sequence[str] | None = None,
                communes: Sequence[str] | None = None, date_from: str | None = None,
                date_to: str | None = None) -> ExportFilter:
    if isinstance(form_ids, str):
        form_ids = [form_ids]
    for s in statuses or ():
        if s not in STATUSES:
            raise RecordError(RecordCode.BAD_STATUS, old="?", new=s)
    return ExportFilter(tuple(form_ids or ()), tuple(statuses or ()), tuple(communes or ()),
                        check_date(date_from), check_date(date_to))


# ---------------------------------------------------------------------------------------- columns


@dataclass
class Column:
    key: str  # header name (CSV/XLSX)
    stat_name: str  # variable name in .dta/.sav
    label: str
    source: str  # data key (a question name) or a records column for meta
    kind: str  # meta, text, int, dec, date, datetime, one, multi, dummy, calc, line, parent
    list_name: str | None = None
    code: str | None = None  # the choice of a dummy column
    personal: bool = False
    pii: str = ""  # with ``personal="pii"``: "hash" or "blank" (:func:`pii_mode`)


@dataclass
class Table:
    name: str  # <form_id> or <form_id>__<repeat>
    form_id: str
    chain: tuple[str, ...]  # repeats from the top down to this table's repeat ('' for the form)
    columns: list[Column]
    label: str = ""


_KIND = {"integer": "int", "decimal": "dec", "date": "date", "datetime": "datetime", "select_one": "one",
         "select_multiple": "multi", "calculate": "calc", "start": "datetime", "end": "datetime",
         "today": "date"}


def form_tables(store, form_id: str, lang: str = "vi"):
    """The tables of a form (every stored version's questions, latest version's order) and the
    latest FormDef (for labels and choices)."""
    from models.records.queries import form_versions
    from models.store.database import _version_key

    versions = sorted(form_versions(store, form_id), key=_version_key, reverse=True)
    if not versions:
        raise StoreError(StoreCode.FORM_NOT_FOUND, form_id=form_id, version_text="")
    forms = [store.form(form_id, v) for v in versions]
    latest = forms[0]
    scopes: dict[str, list] = {"": []}
    chains: dict[str, tuple[str, ...]] = {"": ()}
    seen: set[str] = set()
    for f in forms:
        for e in f.elements:
            if e.name in seen:
                continue
            if e.is_repeat:
                seen.add(e.name)
                scopes.setdefault(e.name, [])
                chains[e.name] = tuple(e.repeats) + (e.name,)
                continue
            if e.is_container or e.type in ("note", "instanceID", "acknowledge"):
                continue
            seen.add(e.name)
            scopes.setdefault(e.repeats[-1] if e.repeats else "", []).append((f, e))
    tables = []
    for scope, elems in scopes.items():
        chain = chains[scope]
        name = form_id if not scope else f"{form_id}__{scope}"
        cols: list[Column] = []
        if not scope:
            for key, src, vi, en, stat in META:
                cols.append(Column(key, stat, vi if lang == "vi" else en, src, "meta"))
        else:
            cols.append(Column("_parent_id", "ks_parent_id", "Mã phiếu" if lang == "vi" else "Record id",
                               "id", "parent"))
            for outer in chain[:-1]:
                cols.append(Column(f"_{outer}_line", f"ks_{outer}_line",
                                   ("Dòng " if lang == "vi" else "Line of ") + outer, outer, "line"))
            cols.append(Column("_line", "ks_line", "Dòng" if lang == "vi" else "Line", scope, "line"))
        for f, e in elems:
            label = _plain(f.text(e.labels, lang), lambda n, f=f: ref_words(f, n, lang)) or e.name
            kind = _KIND.get(e.type, "text")
            personal = is_personal(e)
            pii = pii_mode(e) if personal else ""
            cols.append(Column(e.name, e.name, label, e.name, kind, e.list_name, None, personal, pii))
            if kind == "multi":
                for c in f.choices.get(e.list_name, ()):
                    cl = _plain(f.text(c.labels, lang), lambda n, f=f: ref_words(f, n, lang)) or c.name
                    cols.append(Column(f"{e.name}_{c.name}", f"{e.name}_{c.name}", f"{label}: {cl}", e.name,
                                       "dummy", e.list_name, c.name, personal, "blank" if pii else ""))
        title = latest.title + ("" if not scope else f" — {_plain(latest.label(scope, lang))}")
        tables.append(Table(name, form_id, chain, cols, title))
    return tables, latest


#: how a label names the value of a field it shows (``${ref_year}``): the bundled forms' references;
#: a reference to another field is named by that field's own label (:func:`ref_words`)
REF_WORDS = {"ref_year": ("năm tham chiếu", "the reference year"), "iyear": ("năm phỏng vấn", "the interview year"),
             "m_name": ("thành viên", "the member")}


def ref_words(form, name: str, lang: str) -> str:
    """Words for ``${name}`` in a column label: a label is one text for every record, so it cannot show
    the value (the year, the member's name) as the form does on screen; it says what the value is."""
    if name in REF_WORDS:
        return REF_WORDS[name][0 if lang == "vi" else 1]
    try:
        e = form[name]
    except KeyError:
        return name
    text = re.sub(r"\$\{[^}]+\}", "", form.text(e.labels, lang) if e.labels else "")
    text = re.sub(r"^\s*[A-Za-z]{0,3}\d+[a-z]?[.)]\s*", "", text)  # the question number: "A06. "
    text = re.sub(r"\s*\([^)]*\)", "", text).strip().rstrip("?:.")
    if not text:
        return name
    text = text[0].lower() + text[1:]
    return text if lang == "vi" else f"the {text}"


def _plain(text: str, words: Callable[[str], str] | None = None) -> str:
    """Labels without markdown emphasis, line breaks or ${} references (each named by ``words``, e.g.
    "the reference year"; a sentence that begins with one begins with a capital)."""
    if words is not None:
        def fill(m: re.Match) -> str:
            w = words(m.group(1))
            before = m.string[:m.start()].split()
            if before and " " in w and before[-1].lower() == w.split(" ", 1)[0].lower():
                w = w.split(" ", 1)[1]  # "Năm ${ref_year}": "Năm tham chiếu", not "Năm năm tham chiếu"
            start = m.start() == 0 or re.fullmatch(r"\s*[A-Za-z]{0,3}\d+[a-z]?[.)]\s*", m.string[:m.start()])
            return w[0].upper() + w[1:] if start and w else w
        text = re.sub(r"\$\{([^}]+)\}", fill, text or "")
    else:
        text = re.sub(r"\$\{([^}]+)\}", r"[\1]", text or "")
    text = re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)
    return " ".join(text.split())


def mask(value: str) -> str:
    """Hide personal data, keeping just enough to recognise a record in the field."""
    if not value:
        return value
    digits = re.sub(r"[\s+\-.()]", "", value)
    if digits.isdigit() and len(digits) >= 5:
        return "*" * (len(digits) - 3) + digits[-3:]
    return " ".join(w[0] + "*" * (len(w) - 1) for w in value.split())


# ---------------------------------------------------------------------------------------- rows


_BLANKS = itertools.repeat("")
#: records handled between progress reports / cancel checks
CHUNK = 1000
_META_INDEX = {"id": 0, "form_version": 1, "status": 2, "commune": 3, "village": 4, "enumerator": 5,
               "created_at": 6, "modified_at": 7, "issues": 8}


def _where(flt: ExportFilter, form_ids: Sequence[str]) -> tuple[str, list[Any]]:
    from models.records.queries import export_where

    return export_where(form_ids, flt.statuses, flt.communes)


def _records(conn, where: str, params: Sequence[Any], scan: bool,
             rowids: list[int] | None = None) -> Iterator[list[tuple]]:
    """The records matching ``where`` (dates are checked later), CHUNK at a time, in the export order
    (``queries.EXPORT_ORDER``: form, commune, start, id — never the order they arrived in), so that
    databases holding the same records write the same bytes.

    ``scan``: the keys are read straight through the table (when most of it is wanted) rather than
    through an index. ``rowids``: a slice of the ordered records (the two processes' slices)."""
    from models.records.queries import export_records

    return export_records(conn, where, params, scan=scan, chunk=CHUNK, rowids=rowids)


class _Lookup(dict):
    """Choice labels: a known code gives its label, anything else itself (None stays missing)."""

    def __missing__(self, key):
        return key


class _StatusLabels(dict):
    def __missing__(self, key):
        return key or ""


class _Cached(dict):
    """Values computed once per distinct answer (choice lists repeat the same few answers)."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def __missing__(self, key):
        v = self[key] = self.fn(key)
        return v


def _dummies(codes: Sequence[str]):
    """The 1/0 columns of a select_multiple answer: one per choice, empty when not answered."""
    blank = ("",) * len(codes)

    def fn(v):
        if not v or not isinstance(v, str):
            return blank
        got = set(v.split())
        return tuple("1" if c in got else "0" for c in codes)
    return _Cached(fn)


def _multi_labels(lab: Mapping[str, str]):
    def fn(v):
        return "; ".join(lab.get(x, x) for x in v.split()) if isinstance(v, str) and v else ""
    return _Cached(fn)


def _masked(v):
    return mask(v) if isinstance(v, str) else ""


def _hasher(salt: bytes):
    """A salted hash of a value (16 hex digits of HMAC-SHA256), '' for an empty one."""
    import hashlib
    import hmac

    def fn(v):
        if not isinstance(v, str) or not v:
            return ""
        return hmac.new(salt, " ".join(v.split()).casefold().encode("utf-8"), hashlib.sha256).hexdigest()[:16]
    return _Cached(fn)


def _text(v) -> str:
    """A cell as text for the XLSX and statistics writers: '' for missing (and for a list or an
    object where a value belongs, which only damaged data can hold)."""
    if v.__class__ is str:
        return v
    if v is None or isinstance(v, (list, dict)):
        return ""
    return str(v)


def _clean(d: dict, repeats: set[str]) -> dict:
    """A record's data with anything but text in a question's place made text or dropped (lists and
    objects other than repeats), for records that do not follow the data format."""
    out = {}
    for k, v in d.items():
        if isinstance(v, list):
            if k in repeats:
                out[k] = [_clean(x, repeats) if isinstance(x, dict) else None for x in v]
        elif isinstance(v, dict) or v is None:
            continue
        else:
            out[k] = v if isinstance(v, str) else str(v)
    return out


class _RowMaker:
    """Turns records into rows for each table of their form: lists of text cells ('' = missing;
    a value that is not text, which only damaged data holds, is passed on as it is).

    Each table's row is made by one function generated from its columns: a list display with
    ``*map(d.get, names, '')`` for each run of plain columns (lookups, no Python code per cell), and a cached lookup
    or a small function only for the cells that need work: choice labels, masked personal data, the
    1/0 columns of a select_multiple (one cached tuple per distinct answer), status labels."""

    def __init__(self, tables: list[Table], form, *, choices: str, personal: str, lang: str,
                 choice_labels: dict[str, dict[str, str]] | None = None, pii_salt: str = ""):
        self.tables = tables
        #: ``personal="pii"``: one random salt per export (never stored), so hashes link the rows of
        #: one person within the export's files and nothing more
        self.pii_salt = pii_salt or (os.urandom(16).hex() if personal == "pii" else "")
        self.form = form
        self.lang = lang
        self.choices = choices
        self.labels = choices == "labels"
        self.personal = personal
        if choice_labels is None:
            choice_labels = {name: {c.name: _plain(form.text(c.labels, lang)) or c.name for c in items}
                             for name, items in form.choices.items()}
        self.choice_labels = choice_labels
        if personal == "drop":  # drop personal columns from the tables themselves
            for t in tables:
                t.columns = [c for c in t.columns if not c.personal]
        self.index = {t.chain: i for i, t in enumerate(tables)}
        self.repeats = {t.chain[-1] for t in tables if t.chain}
        self.row_fn = {t.chain: self._compile(t) for t in tables}
        # (repeat name, its table's index, row function, its own children) below each table
        self.below: dict[tuple[str, ...], list] = {}
        for t in sorted(tables, key=lambda t: -len(t.chain)):
            self.below[t.chain] = [(u.chain[-1], self.index[u.chain], self.row_fn[u.chain], self.below[u.chain])
                                   for u in tables if len(u.chain) == len(t.chain) + 1 and u.chain[:-1] == t.chain]

    # ---- generated row functions
    def _compile(self, t: Table):
        env: dict[str, Any] = {"B": _BLANKS}
        parts: list[str] = []
        plain: list[str] = []  # a run of plain columns: one map(d.get, names)

        def flush():
            if len(plain) > 2:
                env[f"K{len(parts)}"] = tuple(plain)
                parts.append(f"*map(g, K{len(parts)}, B)")
            else:
                parts.extend(f"g({k!r}, '')" for k in plain)
            plain.clear()

        cols = t.columns
        j = 0
        while j < len(cols):
            c = cols[j]
            if c.kind == "dummy":
                k = j
                while k < len(cols) and cols[k].kind == "dummy" and cols[k].source == c.source:
                    k += 1
                flush()
                env[f"D{j}"] = _dummies([x.code for x in cols[j:k]])
                parts.append(f"*D{j}[g({c.source!r}, '')]")
                j = k
                continue
            expr = self._cell(t, c, j, env)
            if expr is None:
                plain.append(c.source)
            else:
                flush()
                parts.append(expr)
            j += 1
        flush()
        src = f"def row(d, m):\n    g = d.get\n    return [{', '.join(parts)}]\n"
        exec(compile(src, f"<export row {t.name}>", "exec"), env)  # noqa: S102 - names are repr()-quoted
        return env["row"]

    def _cell(self, t: Table, c: Column, j: int, env: dict[str, Any]) -> str | None:
        """The expression for one cell (None: the plain value, ``d.get(name, '')``); ``d`` is the
        record's (or instance's) data, ``m`` the meta values (id … issues) for the form's table,
        (parent id, line, …) for a repeat's."""
        if c.kind == "meta":
            i = _META_INDEX[c.source]
            if c.source == "status" and self.labels:
                env["S"] = _StatusLabels({k: v[0 if self.lang == "vi" else 1] for k, v in STATUS_LABELS.items()})
                return f"S[m[{i}]]"
            return f"m[{i}]"
        if c.kind == "parent":
            return "m[0]"
        if c.kind == "line":
            return f"m[{1 + t.chain.index(c.source)}]"
        get = f"g({c.source!r}, '')"
        if c.kind == "one" and self.labels and c.list_name in self.choice_labels:
            env[f"L{j}"] = _Lookup(self.choice_labels[c.list_name])
            return f"L{j}[{get}]"
        if c.kind == "multi" and self.labels and c.list_name in self.choice_labels:
            env[f"L{j}"] = _multi_labels(self.choice_labels[c.list_name])
            return f"L{j}[{get}]"
        if self.personal == "mask" and c.personal:
            env["M"] = _masked
            return f"M({get})"
        if self.personal == "pii" and c.personal:
            if c.pii == "hash":
                env["H"] = _hasher(bytes.fromhex(self.pii_salt))
                return f"H[{get}]"
            return "''"
        return None

    # ---- records to rows
    def _instances(self, d: dict, ctx: tuple, below: list, out: list[list]) -> None:
        for rep, ti, fn, sub_below in below:
            items = d.get(rep)
            if items.__class__ is not list:
                continue
            rows = out[ti]
            for line, item in enumerate(items, 1):
                if item.__class__ is dict:
                    sub = ctx + (str(line),)
                    rows.append(fn(item, sub))
                    if sub_below:
                        self._instances(item, sub, sub_below, out)


# ---------------------------------------------------------------------------------------- output paths


def output_paths(out: str | os.PathLike, fmt: str, tables: Sequence[Table], form_ids: Sequence[str]) -> dict[str, Path]:
    """table name -> file (for XLSX every table maps to the one workbook)."""
    out = Path(out)
    ext = "." + fmt
    several = len(form_ids) > 1
    if out.suffix.lower() == ext:
        if fmt == "xlsx":
            return {t.name: out for t in tables}
        paths = {}
        for t in tables:
            if t.chain == () and not several:
                paths[t.name] = out
            else:
                suffix = t.name if several else t.name.split("__", 1)[1]
                paths[t.name] = out.with_name(f"{out.stem}__{suffix}{ext}")
        return paths
    if out.exists() and not out.is_dir():
        raise ExportError(ExportCode.EXPORT_OUT_EXISTS, path=str(out))
    if fmt == "xlsx":
        book = out / (f"{form_ids[0]}.xlsx" if not several else "khao_sat.xlsx")
        return {t.name: book for t in tables}
    return {t.name: out / f"{t.name}{ext}" for t in tables}


# ---------------------------------------------------------------------------------------- export


def export_data(store: Store, *, out: str | os.PathLike, fmt: str, filter: ExportFilter | None = None,
                lang: str = "vi", headers: str = "names", choices: str = "codes", personal: str = "keep",
                cancel: threading.Event | None = None) -> Iterator[Progress]:
    """Write the records matching ``filter`` as ``fmt`` files; a generator yielding progress and
    returning an :class:`ExportResult`."""
    if fmt not in FORMATS:
        raise ExportError(ExportCode.EXPORT_BAD_FORMAT, fmt=fmt, choices=", ".join(FORMATS))
    if headers not in ("names", "labels") or choices not in ("codes", "labels") or personal not in (
            "keep", "drop", "mask", "pii"):
        raise ExportError(ExportCode.EXPORT_BAD_FORMAT, fmt=f"{headers}/{choices}/{personal}",
                          choices="headers names|labels, choices codes|labels, personal keep|drop|mask|pii")
    flt = filter or ExportFilter()
    return (yield from _export(store, Path(out), fmt, flt, lang, headers, choices, personal, cancel))


def run_export(store, **kwargs) -> ExportResult:
    """Drain :func:`export_data` (command line, tests)."""
    return run(export_data(store, **kwargs))


def _export(store, out: Path, fmt: str, flt: ExportFilter, lang: str, headers: str, choices: str,
            personal: str, cancel) -> Iterator[Progress]:
    from models.records.queries import count_where, forms_with_records

    present = forms_with_records(store)
    if flt.form_ids:
        for fid in flt.form_ids:
            store.form(fid)  # FORM_NOT_FOUND for an unknown form
        form_ids = [f for f in flt.form_ids if f in present]
    else:
        form_ids = present
    plan = []  # (form_id, tables, maker)
    salt = os.urandom(16).hex() if personal == "pii" else ""  # one per export, for every form's tables
    for fid in form_ids:
        tables, form = form_tables(store, fid, lang)
        plan.append((fid, tables, _RowMaker(tables, form, choices=choices, personal=personal, lang=lang,
                                            pii_salt=salt)))
    where, params = _where(flt, form_ids)
    total = count_where(store, where, params)
    if total == 0:
        raise ExportError(ExportCode.EXPORT_NOTHING, filters=flt.describe(lang))
    scan = total * 2 >= count_where(store, "1", [])
    all_tables = [t for p in plan for t in p[1]]
    paths = output_paths(out, fmt, all_tables, form_ids)
    targets = sorted(set(paths.values()))
    made: list[Path] = []  # folders this export creates: removed again if it fails
    try:
        for p in targets:
            missing = [d for d in (p.parent, *p.parent.parents) if not d.exists()]
            p.parent.mkdir(parents=True, exist_ok=True)
            made += [d for d in reversed(missing) if d not in made]
    except OSError as err:
        _remove_empty(made)
        raise os_error(err, str(out)) from None
    try:
        return (yield from _write_all(store, out, fmt, flt, lang, headers, plan, total, all_tables, paths, cancel,
                                      where, params, scan, personal))
    except BaseException:
        _remove_empty(made)
        raise


def _remove_empty(folders: list[Path]) -> None:
    for d in reversed(folders):
        with contextlib.suppress(OSError):
            d.rmdir()


def _write_all(store, out: Path, fmt: str, flt: ExportFilter, lang: str, headers: str, plan: list, total: int,
               all_tables: list[Table], paths: dict[str, Path], cancel, where: str, params: list,
               scan: bool, personal: str = "keep") -> Iterator[Progress]:
    try:
        sink = {"csv": _CsvSink, "xlsx": _XlsxSink, "dta": _StatSink, "sav": _StatSink}[fmt](
            fmt, paths, all_tables, plan, headers=headers, lang=lang)
    except OSError as err:  # a read-only or full folder: a clear message, nothing left behind
        raise os_error(err, str(out)) from None
    done = 0
    counted = 0
    rows_written: dict[str, int] = {t.name: 0 for t in all_tables}
    rows = _Rows(plan, flt)
    helper = None
    try:
        yield Progress(0, total, "")
        if fmt == "csv" and _second_process_wanted(total):
            # slices of the records in the export order: this process takes them from the first on, a
            # second process (this machine's other core) from the last back, until they meet
            from models.records.queries import rowids_where

            rowids = rowids_where(store, where, params, scan=scan)
            step = max(1, -(-len(rowids) // SLICES))
            slices = [(where, params, rowids[i:i + step]) for i in range(0, len(rowids), step)]
            try:
                if len(slices) > 1:
                    helper = _SecondProcess(store.path, slices, scan, plan, flt,
                                            {t.name: _part(paths[t.name]) for t in all_tables})
            except (OSError, RuntimeError, ValueError):  # no second process here: all in this one
                log.warning("export: no second process", exc_info=True)

        def my_slices():
            if helper is None:
                yield where, params, None
                return
            while (k := helper.take_low()) is not None:
                yield helper.slices[k]

        for slice_where, slice_params, slice_rowids in my_slices():
            for recs in _records(store.conn, slice_where, slice_params, scan, slice_rowids):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                out_rows, n = rows.chunk(recs)
                counted += n
                for fid, tables, _m in plan:
                    for t, table_rows in zip(tables, out_rows[fid], strict=True):
                        if table_rows:
                            sink.write_rows(t, table_rows)
                            rows_written[t.name] += len(table_rows)
                done += len(recs)
                yield Progress(done + (helper.done() if helper else 0), total, recs[-1][10])
        if helper is not None:
            while not helper.finished(0.1):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                yield Progress(done + helper.done(), total, "…")
            n, more = helper.result()
            counted += n
            for name, k in more.items():
                rows_written[name] += k
        if counted == 0:
            raise ExportError(ExportCode.EXPORT_NOTHING, filters=flt.describe(lang))
        yield Progress(total, total, "…")
        if helper is not None:
            sink.append_parts(helper.files_in_order())
        files = list(sink.finish())
        if personal == "keep":  # photos and signatures of people are personal: not with drop or mask
            files += write_media(store, media_folder(out, fmt), where, params, flt, cancel)
    except OSError as err:  # the disk filled up or the USB stick went read-only while writing
        sink.abort()
        raise os_error(err, str(out)) from None
    except BaseException:
        sink.abort()
        raise
    finally:
        if helper is not None:
            helper.close()
    return ExportResult(tuple(str(f) for f in files), counted, rows_written)


def media_folder(out: Path, fmt: str) -> Path:
    """Where an export puts the files attached to its records: ``media/`` next to the exported file
    (or inside the chosen folder)."""
    out = Path(out)
    return (out.parent if out.suffix.lower() == "." + fmt else out) / "media"


def write_media(store, folder: Path, where: str, params: Sequence[Any], flt: ExportFilter,
                cancel: threading.Event | None = None) -> list[Path]:
    """Copy the files attached to the exported records into ``folder`` by the names their answers hold
    (the name in the CSV/XLSX/Stata column is the file's name there, as in ODK Central's export). Each
    file is streamed from the database as ``.part`` and renamed; one already there with the same bytes is
    kept. Returns the files written."""
    from models.indicators.compute import record_date
    from models.records.queries import files_where
    from models.store.files import iter_file

    lo, hi = flt.date_from, flt.date_to or "\U0010ffff"
    written: list[Path] = []
    for _rid, data, created, files_json in files_where(store, where, params):
        if flt.date_from or flt.date_to:
            d = json.loads(data or "{}")
            if not lo <= record_date(d if isinstance(d, dict) else {}, created) <= hi:
                continue
        for name, f in sorted(json.loads(files_json or "{}").items()):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if not name or "/" in name or "\\" in name or name in (".", ".."):
                continue
            target = folder / name
            if target.exists() and target.stat().st_size == f.get("size"):
                continue
            folder.mkdir(parents=True, exist_ok=True)
            part = _part(target)
            try:
                with open(part, "wb") as fh:
                    for piece in iter_file(store, f["sha256"]):
                        fh.write(piece)
                os.replace(part, target)
            except KeyError:  # the bytes are not in this database (cannot happen through the editor)
                log.warning("export: the file %s of record %s is missing", name, _rid)
                with contextlib.suppress(OSError):
                    os.unlink(part)
                continue
            written.append(target)
    return written


class _Rows:
    """Chunks of records → rows for each table of their forms (``plan``: form id, tables, maker)."""

    def __init__(self, plan, flt: ExportFilter):
        from models.indicators.compute import record_date

        self.plan = plan
        self.record_date = record_date
        self.dated = bool(flt.date_from or flt.date_to)
        self.lo, self.hi = flt.date_from, flt.date_to or "\U0010ffff"  # ISO dates compare as text
        self.makers = {fid: (maker.row_fn[()], maker.below[()], maker._instances) for fid, _t, maker in plan}

    def chunk(self, recs: list[tuple]) -> tuple[dict[str, list[list]], int]:
        """The rows of each table of each form, and the number of records kept (date filter)."""
        out_rows: dict[str, list[list]] = {fid: [[] for _ in tables] for fid, tables, _m in self.plan}
        loads, makers, dated, lo, hi, record_date = (json.loads, self.makers, self.dated, self.lo, self.hi,
                                                     self.record_date)
        n = 0
        try:
            for rec in recs:
                d = loads(rec[9] or "{}")
                if d.__class__ is not dict:
                    d = {}
                if dated and not lo <= record_date(d, rec[6]) <= hi:
                    continue
                n += 1
                top, below, instances = makers[rec[10]]
                rows = out_rows[rec[10]]
                rows[0].append(top(d, rec))
                if below:
                    instances(d, (rec[0],), below, rows)
        except TypeError:  # a list or an object where text belongs (damaged data): clean, redo
            return self._cleaned(recs)
        return out_rows, n

    def _cleaned(self, recs) -> tuple[dict[str, list[list]], int]:
        """A chunk again, record by record: a record whose data has a list or an object where a
        choice question's text belongs (damaged data; the application never writes such) is cleaned
        first."""
        makers = {fid: maker for fid, _t, maker in self.plan}
        out_rows = {fid: [[] for _ in tables] for fid, tables, _m in self.plan}
        n = 0
        for rec in recs:
            maker = makers[rec[10]]
            d = json.loads(rec[9] or "{}")
            if not isinstance(d, dict):
                d = {}
            if self.dated and not self.lo <= self.record_date(d, rec[6]) <= self.hi:
                continue
            n += 1
            top, below = maker.row_fn[()], maker.below[()]
            for attempt in (d, None):
                if attempt is None:
                    d = _clean(d, maker.repeats)
                mine: list[list] = [[] for _ in maker.tables]
                try:
                    mine[0].append(top(d, rec))
                    if below:
                        maker._instances(d, (rec[0],), below, mine)
                    break
                except TypeError:
                    if attempt is None:
                        raise
            for into, rows in zip(out_rows[rec[10]], mine, strict=True):
                into.extend(rows)
        return out_rows, n


# ---------------------------------------------------------------------------------------- a second process

#: a CSV export of at least this many records is shared with a second process when the machine
#: has a second core (KHAOSAT_EXPORT_PROCESSES=1: never), in SLICES slices of the records
PARALLEL_MIN = 20_000
SLICES = 16


def _second_process_wanted(total: int) -> bool:
    return (total >= PARALLEL_MIN and (os.cpu_count() or 1) > 1
            and os.environ.get("KHAOSAT_EXPORT_PROCESSES", "") != "1")


class _SecondProcess:
    """A second process making CSV lines: it takes slices of the records from the last back (this
    process takes them from the first on, through :meth:`take_low`, until they meet), reads the
    database read-only by itself and writes each slice's lines for each table (no header) to
    ``<file>.part.s<k>``; the sink then appends them in order. ``spawn``: a fresh interpreter that
    imports only this module; no form is parsed there (the tables, their columns and the choice
    labels are passed)."""

    def __init__(self, db_path: str, slices: list, scan: bool, plan, flt: ExportFilter, parts: dict[str, Path]):
        import multiprocessing as mp

        ctx = mp.get_context("spawn")
        self.slices = slices
        self.parts = parts
        self.counter = ctx.Value("q", 0, lock=False)
        self.next = ctx.Array("q", [0, len(slices)])  # [next from the start, end of what is left]
        self.stop = ctx.Event()
        self.receiver, sender = ctx.Pipe(duplex=False)
        first = plan[0][2]
        spec = {"slices": slices, "scan": scan, "flt": flt,
                "plans": [(fid, tables, maker.choice_labels) for fid, tables, maker in plan],
                "options": {"choices": first.choices, "personal": first.personal, "lang": first.lang,
                            "pii_salt": first.pii_salt},
                "parts": {k: str(v) for k, v in parts.items()}}
        from models.store.cipher import key_for_file

        key = key_for_file(db_path)  # an encrypted database: the spawned process has no key of its own
        spec["key"] = key.hex() if key else ""
        self.process = ctx.Process(target=_second_process_main,
                                   args=(str(db_path), spec, self.counter, self.next, self.stop, sender),
                                   daemon=True, name="khaosat-export")
        self.process.start()
        sender.close()
        self.message = None

    def take_low(self) -> int | None:
        with self.next.get_lock():
            k, end = self.next[0], self.next[1]
            if k >= end:
                return None
            self.next[0] = k + 1
            return k

    def done(self) -> int:
        return self.counter.value

    def finished(self, wait: float) -> bool:
        if self.message is None and self.receiver.poll(wait):
            try:
                self.message = self.receiver.recv()
            except EOFError:
                self.message = ("error", "the export's second process stopped")
        elif self.message is None and not self.process.is_alive() and not self.receiver.poll(0):
            self.message = ("error", f"the export's second process stopped (exit code {self.process.exitcode})")
        return self.message is not None

    def result(self) -> tuple[int, dict[str, int]]:
        kind, *rest = self.message
        if kind == "ok":
            self.taken = rest[2]
            return rest[0], rest[1]
        if kind == "app":
            raise rest[0]
        raise FileError(FileCode.WRITE_FAILED, path=str(next(iter(self.parts.values()))), detail=rest[0])

    def files_in_order(self) -> list[dict[str, Path]]:
        return [{name: _slice_file(p, k) for name, p in self.parts.items()} for k in sorted(self.taken)]

    def close(self) -> None:
        """Stop the process if it still runs, remove its files."""
        if self.process.is_alive():
            self.stop.set()
            self.process.join(5)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join(5)
        self.receiver.close()
        for k in range(len(self.slices)):
            for p in self.parts.values():
                with contextlib.suppress(OSError):
                    _slice_file(p, k).unlink()


def _slice_file(part: Path | str, k: int) -> Path:
    return Path(f"{part}.s{k}")


def _second_process_main(db_path: str, spec: dict, counter, nxt, stop, sender) -> None:
    """The second process: slices from the last back, as CSV lines in ``<part>.s<k>`` files."""
    from models.base.driver import sqlite3

    path = ""
    taken: list[int] = []
    try:
        plan = [(fid, tables, _RowMaker(tables, None, choice_labels=labels, **spec["options"]))
                for fid, tables, labels in spec["plans"]]
        rows = _Rows(plan, spec["flt"])
        lines = _Lines()
        written = {name: 0 for name in spec["parts"]}
        counted = 0
        from models.base.driver import connect

        conn = connect(Path(db_path).resolve().as_uri() + "?mode=ro", uri=True,
                       key=bytes.fromhex(spec["key"]) if spec.get("key") else None)
        try:
            while True:
                with nxt.get_lock():
                    if nxt[1] <= nxt[0]:
                        break
                    nxt[1] -= 1
                    k = nxt[1]
                taken.append(k)
                files = {}
                try:
                    for name, part in spec["parts"].items():
                        path = str(_slice_file(part, k))
                        files[name] = open(path, "w", encoding="utf-8", newline="", buffering=1 << 20)
                    where, params, slice_rowids = spec["slices"][k]
                    for recs in _records(conn, where, params, spec["scan"], slice_rowids):
                        if stop.is_set():
                            sender.send(("cancelled",))
                            return
                        out_rows, n = rows.chunk(recs)
                        counted += n
                        for fid, tables, _m in plan:
                            for t, table_rows in zip(tables, out_rows[fid], strict=True):
                                if table_rows:
                                    path = str(_slice_file(spec["parts"][t.name], k))
                                    files[t.name].write(lines.text(table_rows, len(t.columns) - 1))
                                    written[t.name] += len(table_rows)
                        counter.value += len(recs)
                finally:
                    for fh in files.values():
                        fh.close()
        finally:
            conn.close()
        sender.send(("ok", counted, written, taken))
    except AppError as err:
        sender.send(("app", err))  # pickled as its class, code and context
    except (OSError, sqlite3.Error) as err:
        sender.send(("app", os_error(err, path or db_path)))
    except BaseException as err:  # reported to the first process, which raises it
        sender.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        sender.close()


# ---------------------------------------------------------------------------------------- sinks


def _part(path: Path) -> Path:
    return path.with_name(path.name + ".part")


class _Sink:
    def __init__(self, fmt, paths, tables, plan, *, headers, lang):
        self.fmt = fmt
        self.paths = paths
        self.tables = tables
        self.plan = plan
        self.headers = headers
        self.lang = lang
        self.parts: list[Path] = []

    def header(self, t: Table) -> list[str]:
        return [c.label if self.headers == "labels" else c.key for c in t.columns]

    def write_rows(self, table: Table, rows: list[list]) -> None:
        for values in rows:
            self.write(table, values)

    def commit(self) -> list[Path]:
        done = []
        for part in self.parts:
            final = part.with_name(part.name[:-5])
            try:
                os.replace(part, final)
            except OSError as err:
                raise os_error(err, str(final)) from None
            done.append(final)
        return done

    def abort(self) -> None:
        for part in self.parts:
            with contextlib.suppress(OSError):
                part.unlink()


class _Lines:
    """Rows as CSV text, byte for byte what ``csv.writer`` writes (fields quoted only when they hold
    a comma, a quote or a line break; CRLF after every row).

    A chunk is joined with commas in C (``map(",".join, rows)``); a line whose comma count is not
    the column count less one, or that holds a quote or a line break, is made again with
    ``csv.writer`` — without its cost per field for the many lines that need no quoting."""

    def __init__(self):
        self.buf = io.StringIO()
        self.one = csv.writer(self.buf)

    def line(self, row) -> str:
        """One row as csv.writer writes it (without the line end), formula-like text defused."""
        self.buf.seek(0)
        self.buf.truncate()
        self.one.writerow(defuse_row(row))
        return self.buf.getvalue()[:-2]

    def text(self, rows: list[list], n1: int) -> str:
        """``rows`` (``n1`` + 1 columns each) as CSV text, each line ended by CRLF."""
        if not rows:
            return ""
        try:
            lines = list(map(_COMMA_JOIN, rows))
        except TypeError:  # a cell that is not text (damaged data): csv.writer writes it as text
            lines = [self.line(r) for r in rows]
        else:
            body = "\r\n".join(lines)
            if n1 >= 1 and body.count(",") == n1 * len(lines) and '"' not in body and \
                    body.count("\n") == len(lines) - 1 and body.count("\r") == len(lines) - 1 and \
                    _RISKY_IN_LINES.search(body) is None and lines[0][:1] not in FORMULA_START and \
                    _RISKY_START.match(lines[0]) is None:
                return body + "\r\n"  # the common case: nothing to quote, nothing formula-like
            special = _SPECIAL.search
            risky, risky_start = _RISKY_IN_LINES.search, _RISKY_START.match
            for i, (line, n) in enumerate(zip(lines, map(str.count, lines, itertools.repeat(",")), strict=True)):
                if n != n1 or n1 < 1 or special(line) or risky(line) or line[:1] in FORMULA_START \
                        or risky_start(line):
                    lines[i] = self.line(rows[i])
        lines.append("")
        return "\r\n".join(lines)


class _CsvSink(_Sink):
    """UTF-8 with a byte order mark (Excel then reads Vietnamese correctly); lines by :class:`_Lines`."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.files = {}
        self.commas: dict[str, int] = {}
        self.lines = _Lines()
        try:
            for t in self.tables:
                part = _part(self.paths[t.name])
                # plain UTF-8 after a BOM written by hand: the utf-8-sig codec runs Python code per write
                fh = open(part, "w", encoding="utf-8", newline="", buffering=1 << 20)
                self.parts.append(part)
                self.files[t.name] = fh
                fh.write("\ufeff" + self.lines.line(self.header(t)) + "\r\n")
                self.commas[t.name] = len(t.columns) - 1
        except OSError as err:
            self.abort()
            raise os_error(err, str(self.paths[t.name])) from None

    def write_rows(self, table: Table, rows: list[list]) -> None:
        try:
            self.files[table.name].write(self.lines.text(rows, self.commas[table.name]))
        except OSError as err:
            raise os_error(err, str(self.paths[table.name])) from None

    def write(self, table: Table, values: list) -> None:
        self.write_rows(table, [values])

    def append_parts(self, parts: Sequence[Mapping[str, Path]]) -> None:
        """Append, in order, each table's lines written by the second process (text without BOM or
        header)."""
        import shutil

        for files in parts:
            for name, src in files.items():
                fh = self.files[name]
                try:
                    fh.flush()
                    with open(src, "rb") as part:
                        shutil.copyfileobj(part, fh.buffer, 1 << 20)
                    fh.buffer.flush()
                except OSError as err:
                    raise os_error(err, str(self.paths[name])) from None

    def finish(self) -> list[Path]:
        try:
            for fh in self.files.values():
                fh.close()
        except OSError as err:
            raise os_error(err, str(next(iter(self.paths.values())))) from None
        return self.commit()

    def abort(self) -> None:
        for fh in self.files.values():
            with contextlib.suppress(OSError):
                fh.close()
        super().abort()


_COMMA_JOIN = ",".join
_SPECIAL = re.compile('["\r\n]')

#: CSV injection (OWASP's guidance, https://owasp.org/www-community/attacks/CSV_Injection): a cell
#: whose text starts with one of these, once what a spreadsheet may skip or trim before it is left out
#: (spaces, line breaks, quotes, invisible characters), is run as a formula by Excel or LibreOffice; such
#: text is written with a leading apostrophe. Full-width signs are included: an input method may turn
#: them into ASCII ones.
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_SKIPPED = " \t\r\n\"'\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff"
_TRIGGER = "=+\\-@\uff1d\uff0b\uff0d\uff20"
_RISKY_START = re.compile(f"[{_SKIPPED}]*[{_TRIGGER}]")
#: a cell of a joined line that may start so (after the comma), or text inside a cell after which a
#: reader splitting on another separator (semicolon, tab, bar: LibreOffice offers them; or on a line
#: break, when it misreads the quotes) would start a cell with a formula: such a line goes through defuse
_RISKY_INSIDE = re.compile(f"[,;\t|\r\n][{_SKIPPED}]*[{_TRIGGER}]")
#: the same in joined lines, with a cell starting with a tab (after a comma, or at the start of a line
#: that is not the first)
_RISKY_IN_LINES = re.compile(f"[,\n]\t|[,;\t|\r\n][{_SKIPPED}]*[{_TRIGGER}]")
#: where defuse puts an apostrophe inside a text: after such a separator (a line break kept whole)
_INSIDE = re.compile(f"([;\t|]|\r\n|\r|\n)(?=[{_SKIPPED.replace(chr(13), '').replace(chr(10), '')}]*[{_TRIGGER}])")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def defuse(value):
    """Text a spreadsheet would run as a formula, made plain text by an apostrophe: at the start of
    text starting with ``=``, ``+``, ``-``, ``@`` or their full-width forms (also after leading spaces,
    line breaks, quotes or invisible characters) or with a tab or a line break; and after a semicolon,
    tab, bar or line break inside the text that such a sign follows (a reader splitting on that would
    start a cell there). A plain number such as ``-5`` or ``-0.5`` is left as it is (a spreadsheet reads
    it as a number, and statistics programs need it unchanged). Anything else is returned unchanged."""
    if value.__class__ is not str or not value:
        return value
    if _RISKY_INSIDE.search(value):
        value = _INSIDE.sub("\\1'", value)
    if (value[0] in FORMULA_START or _RISKY_START.match(value)) and _PLAIN_NUMBER.fullmatch(value) is None:
        return "'" + value
    return value


def defuse_row(row) -> list:
    return [defuse(v) for v in row]

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff&<>]")
_XML_CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NUMBER = re.compile(r"-?(0|[1-9]\d{0,14})(\.\d+)?$")


def _xml(s: str) -> str:
    if _XML_BAD.search(s) is None:
        return s
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _XML_CTRL.sub("", s)


def _col_letters(n: int) -> list[str]:
    out = []
    for i in range(n):
        s, k = "", i + 1
        while k:
            k, r = divmod(k - 1, 26)
            s = chr(65 + r) + s
        out.append(s)
    return out


class _XlsxSink(_Sink):
    """A minimal streaming SpreadsheetML writer: each sheet goes to a temporary XML file during the
    single pass over the records, then everything is zipped. Numbers in integer/decimal columns
    are numeric cells; everything else is an inline string; the header row is bold and frozen."""

    NUMERIC = ("int", "dec", "meta_num", "line", "dummy")

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.book = next(iter(self.paths.values()))
        self.tmpdir = tempfile.mkdtemp(prefix="ks-xlsx-", dir=str(self.book.parent))
        self.sheets = {}
        try:
            self._open_sheets()
        except BaseException:
            self._cleanup()
            raise
        self.parts.append(_part(self.book))

    def _open_sheets(self) -> None:
        names: set[str] = set()
        for i, t in enumerate(self.tables, 1):
            name = _sheet_name(t.name, names)
            fh = open(os.path.join(self.tmpdir, f"sheet{i}.xml"), "w", encoding="utf-8", newline="")
            letters = _col_letters(len(t.columns))
            numeric = [c.kind in self.NUMERIC or (c.kind == "meta" and c.source == "issues") for c in t.columns]
            st = {"fh": fh, "n": 1, "letters": letters, "numeric": numeric, "name": name, "index": i, "buf": []}
            self.sheets[t.name] = st
            fh.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                     'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>')
            head = "".join(f'<c r="{letters[j]}1" s="1" t="inlineStr"><is><t>{_xml(h)}</t></is></c>'
                           for j, h in enumerate(self.header(t)))
            fh.write(f'<row r="1">{head}</row>')

    def write(self, table: Table, values: list[str]) -> None:
        st = self.sheets[table.name]
        st["n"] += 1
        r = str(st["n"])
        letters, numeric = st["letters"], st["numeric"]
        cells = []
        for j, v in enumerate(values):
            if v.__class__ is not str:
                if v is None:
                    continue
                v = _text(v)
            if not v:
                continue
            if numeric[j] and _NUMBER.match(v):
                cells.append(f'<c r="{letters[j]}{r}"><v>{v}</v></c>')
            else:
                if len(v) > 32767:
                    v = v[:32767]
                cells.append(f'<c r="{letters[j]}{r}" t="inlineStr"><is><t>{_xml(v)}</t></is></c>')
        buf = st["buf"]
        buf.append(f'<row r="{r}">{"".join(cells)}</row>')
        if len(buf) >= 500:
            st["fh"].write("".join(buf))
            buf.clear()

    def finish(self) -> list[Path]:
        part = _part(self.book)
        try:
            for st in self.sheets.values():
                st["fh"].write("".join(st["buf"]))
                st["fh"].write("</sheetData></worksheet>")
                st["fh"].close()
            with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
                # every member dated 1980-01-01 (not the export's time, nor the temporary file's), so
                # that the same records give the same bytes (issue 17)
                def put(name: str, text: str) -> None:
                    z.writestr(zipfile.ZipInfo(name, _ZIP_TIME), text, zipfile.ZIP_DEFLATED, 1)

                sheets = sorted(self.sheets.values(), key=lambda s: s["index"])
                put("[Content_Types].xml", _content_types(len(sheets)))
                put("_rels/.rels", _ROOT_RELS)
                put("xl/workbook.xml", _workbook([s["name"] for s in sheets]))
                put("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
                put("xl/styles.xml", _STYLES)
                for s in sheets:
                    sheet = os.path.join(self.tmpdir, f"sheet{s['index']}.xml")
                    stamp = time.mktime((*_ZIP_TIME, 0, 0, -1))  # read back by zipfile as local time
                    with contextlib.suppress(OSError):  # a file system that keeps no such date: its own
                        os.utime(sheet, (stamp, stamp))
                    z.write(sheet, f"xl/worksheets/sheet{s['index']}.xml")
        except OSError as err:
            raise os_error(err, str(self.book)) from None
        finally:
            self._cleanup()
        return self.commit()

    def _cleanup(self):
        import shutil

        for st in self.sheets.values():
            with contextlib.suppress(OSError):
                st["fh"].close()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def abort(self) -> None:
        self._cleanup()
        super().abort()


#: the date of every member of an XLSX file (the earliest a ZIP file can say)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
    out, i = base, 2
    while out.lower() in used:
        suffix = f"~{i}"
        out = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(out.lower())
    return out


def _content_types(n: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                     f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' + sheets + "</Types>")


_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')

_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill>'
           '<fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
           '</styleSheet>')


def _workbook(names: list[str]) -> str:
    sheets = "".join(f'<sheet name="{_xml(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets>{sheets}</sheets></workbook>')


def _workbook_rels(n: int) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
    rels += (f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/styles" Target="styles.xml"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>")


_SPSS_RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}


class _StatSink(_Sink):
    """Collect rows, then write each table with pyreadstat: typed columns, variable labels, value
    labels for choices, yes/no labels for the 1/0 choice columns."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.rows: dict[str, list[list[str]]] = {t.name: [] for t in self.tables}
        self.forms = {fid: maker.form for fid, _t, maker in self.plan}

    def write(self, table: Table, values: list) -> None:
        self.rows[table.name].append([_text(v) for v in values])

    def finish(self) -> list[Path]:
        import pandas as pd
        import pyreadstat

        for t in self.tables:
            form = self.forms[t.form_id]
            data: dict[str, Any] = {}
            labels: dict[str, str] = {}
            value_labels: dict[str, dict[float, str]] = {}
            names = _stat_names([c.stat_name for c in t.columns], self.fmt)
            rows = self.rows[t.name]
            for j, c in enumerate(t.columns):
                name = names[j]
                raw = pd.Series([r[j] for r in rows], dtype=object)
                labels[name] = c.label[:80] if self.fmt == "dta" else c.label
                if c.kind in ("int", "dec", "line", "dummy") or (c.kind == "meta" and c.source == "issues"):
                    data[name] = pd.to_numeric(raw.replace("", None), errors="coerce").astype(float)
                    if c.kind == "dummy":
                        value_labels[name] = {0.0: "Không" if self.lang == "vi" else "No",
                                              1.0: "Có" if self.lang == "vi" else "Yes"}
                elif c.kind == "meta" and c.source == "status":
                    codes, vlab = _status_codes(self.lang)
                    data[name] = raw.map(lambda v, codes=codes: codes.get(v, float("nan"))).astype(float)
                    value_labels[name] = vlab
                elif c.kind == "one" and c.list_name in form.choices:
                    codes, vlab = _numeric_codes(form, c.list_name, self.lang)
                    data[name] = raw.map(lambda v, codes=codes: codes.get(v, float("nan")) if v else float("nan")
                                         ).astype(float)
                    value_labels[name] = vlab
                elif c.kind in ("date", "datetime"):
                    parsed = pd.to_datetime(raw.replace("", None).str.slice(0, 10 if c.kind == "date" else 19),
                                            errors="coerce")
                    data[name] = parsed if parsed.notna().any() or not len(raw) else raw
                elif c.kind == "calc":
                    nonempty = raw[raw != ""]
                    num = pd.to_numeric(nonempty, errors="coerce")
                    if len(nonempty) and num.notna().all():
                        data[name] = pd.to_numeric(raw.replace("", None), errors="coerce").astype(float)
                    else:
                        data[name] = raw.astype(str)
                else:
                    data[name] = raw.astype(str)
            df = pd.DataFrame(data, columns=names)
            part = _part(self.paths[t.name])
            self.parts.append(part)
            try:
                if self.fmt == "dta":
                    pyreadstat.write_dta(df, str(part), file_label=t.label[:80], column_labels=labels,
                                         variable_value_labels=value_labels, version=15)
                else:
                    pyreadstat.write_sav(df, str(part), file_label=t.label[:64], column_labels=labels,
                                         variable_value_labels=value_labels, compress=False)
            except OSError as err:
                raise os_error(err, str(self.paths[t.name])) from None
            except (pyreadstat.PyreadstatError, pyreadstat.ReadstatError) as err:
                raise _stat_error(err, self.paths[t.name]) from None
            _verify_stat_file(part, self.fmt, len(df), self.paths[t.name])
        return self.commit()


def _stat_error(err: Exception, path: Path) -> AppError:
    """pyreadstat reports a failed open as text ("... (errno 30) ..."): map it like an OSError."""
    m = re.search(r"errno (\d+)", str(err))
    if m:
        return os_error(OSError(int(m.group(1)), os.strerror(int(m.group(1)))), str(path))
    return FileError(FileCode.WRITE_FAILED, path=str(path), detail=str(err))


def _verify_stat_file(part: Path, fmt: str, rows: int, final: Path) -> None:
    """Read back the last row of a Stata/SPSS file just written. pyreadstat (C) does not report a
    failed write: on a full disk it leaves an empty or truncated file and returns normally."""
    import pyreadstat

    read = pyreadstat.read_dta if fmt == "dta" else pyreadstat.read_sav
    try:
        if rows:
            df, _meta = read(str(part), row_offset=rows - 1, row_limit=1)
            ok = len(df) == 1
        else:
            read(str(part), metadataonly=True)
            ok = True
    except (pyreadstat.PyreadstatError, pyreadstat.ReadstatError, OSError, ValueError):
        ok = False
    if ok:
        return
    import errno
    import shutil

    try:
        full = shutil.disk_usage(part.parent).free < 1024 * 1024
    except OSError:
        full = False
    if full:
        raise os_error(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), str(final))
    raise FileError(FileCode.WRITE_FAILED, path=str(final),
                    detail=Bilingual("tệp ghi ra bị thiếu", "the file written is incomplete"))


def _status_codes(lang: str) -> tuple[dict[str, float], dict[float, str]]:
    """ks_status in Stata/SPSS: 1 draft, 2 complete, 3 returned, 4 approved, labelled like a choice list
    with text codes ("Hoàn thành [complete]"); a cell holding the label (choices="labels") maps too."""
    codes: dict[str, float] = {}
    vlab: dict[float, str] = {}
    for i, (code, (vi, en)) in enumerate(STATUS_LABELS.items(), 1):
        label = vi if lang == "vi" else en
        codes[code] = codes[label] = float(i)
        vlab[float(i)] = f"{label} [{code}]"
    return codes, vlab


def _numeric_codes(form, list_name: str, lang: str) -> tuple[dict[str, float], dict[float, str]]:
    items = form.choices.get(list_name, ())
    numeric = all(re.fullmatch(r"-?\d{1,9}", c.name) for c in items)
    codes: dict[str, float] = {}
    vlab: dict[float, str] = {}
    for i, c in enumerate(items, 1):
        label = _plain(form.text(c.labels, lang)) or c.name
        if numeric:
            codes[c.name] = float(int(c.name))
            vlab[float(int(c.name))] = label
        else:
            codes[c.name] = float(i)
            vlab[float(i)] = f"{label} [{c.name}]"
    return codes, vlab


def _stat_names(names: list[str], fmt: str) -> list[str]:
    """Valid, unique variable names: Stata ≤ 32 characters; SPSS ≤ 64 bytes, not a reserved word;
    both start with a letter and use letters, digits and '_'."""
    limit = 32 if fmt == "dta" else 64
    out: list[str] = []
    used: set[str] = set()
    for n in names:
        v = re.sub(r"\W", "_", n, flags=re.ASCII)
        if not v or not v[0].isalpha():
            v = "v" + v
        if v.upper() in _SPSS_RESERVED:
            v += "_"
        v = v[:limit]
        base, i = v, 2
        while v.lower() in used:
            suffix = f"_{i}"
            v = base[: limit - len(suffix)] + suffix
            i += 1
        used.add(v.lower())
        out.append(v)
    return out
