"""The shape of a ``records`` row and of an ``audit`` row, declared once.

Every module that writes or reads these rows whole takes the column names, the SQL and the parameter
tuples from here: the record editor, the merge of package versions, package writing and importing,
review, duplicates, trust, the demo generator, :meth:`models.store.database.Store.record`. What
travels in a transfer package is derived from the same declaration: a version's fields
(``VERSION_FIELDS``, a line of ``records.jsonl.gz``), the fields hashed into its revision
(``CONTENT_FIELDS``, :mod:`models.store.revisions`) and an audit line (``AUDIT_FIELDS``).

Each column says what it holds (``TEXT``, ``INTEGER``, or JSON text of an ``OBJECT`` or a ``LIST``) and
what it is part of:

- ``CONTENT``: the record's content, hashed into its revision; it travels in packages;
- ``TRAVELS``: travels in packages with the content, not hashed (the id, revision, derived columns);
- ``LOCAL``: bookkeeping of this database that never leaves it.

The record's columns that travel are declared **in the order of a package's JSON line**
(``docs/package-format.md``): that order is part of a package's bytes, so they are never reordered,
and a new one that travels changes the package format. The migrations are history and keep their
literal SQL (a migration must not change when this module does); ``tests/models/test_schema.py``
checks this declaration against a freshly migrated database and against the package format document.

Imports only the standard library (``models.store`` sits below everything that writes records).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from models.base.driver import sqlite3

TEXT, INTEGER, OBJECT, LIST = "text", "integer", "object", "list"
CONTENT, TRAVELS, LOCAL = "content", "travels", "local"

#: the stored text of an empty JSON column, by kind
_EMPTY = {OBJECT: "{}", LIST: "[]"}
_NO_DEFAULT = object()


@dataclass(frozen=True)
class Column:
    name: str
    kind: str                     # TEXT, INTEGER, OBJECT or LIST (the last two stored as JSON text)
    part: str                     # CONTENT, TRAVELS or LOCAL
    null: bool = False            # may be NULL
    default: Any = _NO_DEFAULT    # the value a row left without it gets (the table's DEFAULT)

    @property
    def is_json(self) -> bool:
        return self.kind in _EMPTY

    @property
    def has_default(self) -> bool:
        return self.default is not _NO_DEFAULT


# json.dumps(x, ensure_ascii=False) without building an encoder per call (the same text)
_dumps = json.JSONEncoder(ensure_ascii=False).encode


def encode_json(value: Any) -> str:
    """A JSON column's stored text (``json.dumps(value, ensure_ascii=False)``)."""
    if not value:  # the usual empty object or list, without an encoder call
        if type(value) is dict:
            return "{}"
        if type(value) is list:
            return "[]"
    return _dumps(value)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})

    def __getitem__(self, name: str) -> Column:
        return self._by_name[name]  # type: ignore[attr-defined]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name  # type: ignore[attr-defined]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def named(self, *parts: str) -> tuple[str, ...]:
        """The names of the columns that are part of ``parts``, in declared order."""
        return tuple(c.name for c in self.columns if c.part in parts)

    def _known(self, names: Iterable[str]) -> list[str]:
        names = list(names)
        for n in names:
            if n != "rowid" and n not in self:
                raise KeyError(f"{self.name} has no column {n!r}")
        return names

    def insert_sql(self, names: Iterable[str], *, verb: str = "INSERT") -> str:
        """``INSERT INTO <table>(names) VALUES (?, …)`` (``rowid`` may be among the names)."""
        names = self._known(names)
        return f"{verb} INTO {self.name}({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"

    def update_sql(self, names: Iterable[str], *, key: str = "id") -> str:
        """``UPDATE <table> SET name = ?, … WHERE key = ?``: the parameters are the values, then the key."""
        names = self._known(names)
        return f"UPDATE {self.name} SET {', '.join(n + ' = ?' for n in names)} WHERE {key} = ?"

    def params(self, row: Mapping[str, Any], names: Iterable[str]) -> tuple:
        """The stored values of ``names`` from ``row``: a JSON column given as an object or a list is
        encoded, one given as text is stored as it is; a column ``row`` lacks takes its default."""
        out = []
        for n in names:
            c = self[n]
            v = row.get(n, c.default)
            if v is _NO_DEFAULT:
                raise KeyError(f"{self.name} row lacks {n!r}")
            if c.is_json and not isinstance(v, str):
                v = encode_json(v)
            out.append(v)
        return tuple(out)


# ---------------------------------------------------------------------- the record

RECORD = Table("records", (
    Column("id", TEXT, TRAVELS),                              # 'uuid:…' as ODK's instanceID
    # the content: hashed into the revision (models.store.revisions.content_hash)
    Column("form_id", TEXT, CONTENT),
    Column("form_version", TEXT, CONTENT),
    Column("status", TEXT, CONTENT, default="draft"),
    Column("deleted", INTEGER, CONTENT, default=0),
    Column("answers", OBJECT, CONTENT, default="{}"),         # every value held, nested (the source of truth)
    Column("justifications", OBJECT, CONTENT, default="{}"),  # path -> why an unusual value is right
    Column("review", OBJECT, CONTENT, default="{}"),          # the reviewer's decision and comments
    Column("files", OBJECT, CONTENT, default="{}"),           # attached files: name -> {sha256, size, type}
    # travels with the content: who, where and when, the revision, what the engine derived
    Column("commune", TEXT, TRAVELS, default=""),
    Column("village", TEXT, TRAVELS, default=""),
    Column("enumerator", TEXT, TRAVELS, default=""),
    Column("device_id", TEXT, TRAVELS),                       # the device that created the record
    Column("created_at", TEXT, TRAVELS),
    Column("modified_at", TEXT, TRAVELS),
    Column("rev", TEXT, TRAVELS),                             # '<generation>-<hash>'
    Column("rev_gen", INTEGER, TRAVELS),
    Column("ancestry", LIST, TRAVELS, default="[]"),          # earlier revisions, oldest first
    Column("content_hash", TEXT, TRAVELS),
    Column("data", OBJECT, TRAVELS, default="{}"),            # relevant values only (exports, views read it)
    Column("issues", INTEGER, TRAVELS, default=0),            # open issues (required/constraint/warning)
    Column("issues_json", LIST, TRAVELS, default="[]"),       # [path, kind] of each
    Column("label", TEXT, TRAVELS, default=""),               # respondent or enterprise name, for lists
    # bookkeeping of this database
    Column("sealed", INTEGER, LOCAL, default=0),              # the revision has left this device
    Column("last_path", TEXT, LOCAL, default=""),             # where the enumerator stopped
    Column("dup_rev", TEXT, LOCAL, null=True, default=None),  # the revision the business keys come from
    Column("dup_keys", TEXT, LOCAL, null=True, default=None),  # those keys, as dup_index holds them
))

#: the fields that make up a record's content (everything a receiver must get identical)
CONTENT_FIELDS = RECORD.named(CONTENT)
#: a version of a record as it travels (a line of records.jsonl.gz, in this order); JSON columns as objects
VERSION_FIELDS = RECORD.named(CONTENT, TRAVELS)
JSON_OBJECTS = tuple(n for n in VERSION_FIELDS if RECORD[n].kind == OBJECT)
JSON_LISTS = tuple(n for n in VERSION_FIELDS if RECORD[n].kind == LIST)
#: the columns a version is written into: what travels, and whether it has left this device ("id" first)
VERSION_ROW = (*VERSION_FIELDS, "sealed")

_JSON_COLUMNS = tuple(c for c in RECORD.columns if c.is_json)
_version_values = itemgetter(*VERSION_FIELDS)
_JSON_AT = tuple(i for i, n in enumerate(VERSION_FIELDS) if RECORD[n].is_json)
_ANSWERS_AT, _DATA_AT = VERSION_FIELDS.index("answers"), VERSION_FIELDS.index("data")


def version_row(v: Mapping[str, Any], sealed: bool) -> tuple:
    """The values of :data:`VERSION_ROW` for a version (JSON columns as objects), as stored.

    ``data`` equal to ``answers`` (no answer kept out of the data) is stored as the same text, encoded
    once. This runs for every record of every package imported: keep it lean."""
    vals = list(_version_values(v))
    answers = vals[_ANSWERS_AT]
    for i in _JSON_AT:
        x = vals[i]
        if i == _DATA_AT and x == answers:
            vals[i] = vals[_ANSWERS_AT]  # encoded already: answers come first
        else:
            vals[i] = encode_json(x)
    vals.append(int(sealed))
    return tuple(vals)


def decode_record(row: dict[str, Any]) -> dict[str, Any]:
    """A ``records`` row read as a dict, its JSON columns decoded in place (empty text as empty)."""
    for c in _JSON_COLUMNS:
        if c.name in row:
            row[c.name] = json.loads(row[c.name] or _EMPTY[c.kind])
    return row


def row_to_version(row: Mapping[str, Any]) -> dict[str, Any]:
    """A ``records`` row (JSON columns as text or decoded) → a version (:data:`VERSION_FIELDS`)."""
    v = {k: row[k] for k in VERSION_FIELDS}
    for k in JSON_OBJECTS:
        if isinstance(v[k], str):
            v[k] = json.loads(v[k] or "{}")
    for k in JSON_LISTS:
        if isinstance(v[k], str):
            v[k] = json.loads(v[k] or "[]")
    v["deleted"] = int(v["deleted"])
    return v


def insert_record(db: Any, row: Mapping[str, Any]) -> None:
    """Insert one record: ``row`` maps column names to values (JSON columns as objects or text); the
    columns it leaves out take their defaults. ``db``: a Store, a Database or a sqlite3 connection."""
    names = [n for n in RECORD.names if n in row]
    _conn(db).execute(RECORD.insert_sql(names), RECORD.params(row, names))


def update_record(db: Any, record_id: str, values: Mapping[str, Any]) -> None:
    """Set some columns of one record (JSON columns as objects or text)."""
    names = list(values)
    _conn(db).execute(RECORD.update_sql(names), (*RECORD.params(values, names), record_id))


# ---------------------------------------------------------------------- the audit trail

AUDIT = Table("audit", (
    Column("id", INTEGER, LOCAL),                             # the order rows were written in here
    Column("record_id", TEXT, TRAVELS),
    Column("at", TEXT, TRAVELS),
    Column("user", TEXT, TRAVELS, default=""),
    Column("device_id", TEXT, TRAVELS, default=""),
    Column("action", TEXT, TRAVELS),                          # create set status delete merge conflict …
    Column("path", TEXT, TRAVELS, default=""),
    Column("old", TEXT, TRAVELS, null=True, default=None),
    Column("new", TEXT, TRAVELS, null=True, default=None),
    Column("rev", TEXT, TRAVELS, default=""),                 # the revision the change made
))

#: an audit row as it travels (a line of audit.jsonl.gz, in this order) and as :func:`add_audit` takes it
AUDIT_FIELDS = AUDIT.named(TRAVELS)


class AuditRow(NamedTuple):
    """One audit row, fields named as :data:`AUDIT_FIELDS` (a tuple: what ``add_audit`` writes as it is).

    Spelled out so that a type checker knows its fields; ``tests/models/test_schema.py`` checks them
    against :data:`AUDIT` (names and order, types, and the defaults of the trailing columns that have one)."""

    record_id: str
    at: str
    user: str
    device_id: str
    action: str
    path: str = ""
    old: str | None = None
    new: str | None = None
    rev: str = ""


_AUDIT_INSERT = AUDIT.insert_sql(AUDIT_FIELDS)
# a row whose every field equals one already here is not written twice (an import's rows of known records)
_AUDIT_INSERT_NEW = (
    f"INSERT INTO audit({', '.join(AUDIT_FIELDS)}) SELECT {', '.join('?' * len(AUDIT_FIELDS))} "
    "WHERE NOT EXISTS (SELECT 1 FROM audit WHERE "
    + " AND ".join(f"{n} IS ?" if AUDIT[n].null else f"{n} = ?" for n in AUDIT_FIELDS) + ")")


def add_audit(db: Any, rows: Iterable[Sequence[Any]], *, unless_present: bool = False) -> None:
    """Write audit rows: each a sequence in :data:`AUDIT_FIELDS` order (an :class:`AuditRow`, or a line
    of a package's ``audit.jsonl.gz``). ``unless_present``: skip a row equal in every field to one already
    here. Inside the caller's transaction; ``db``: a Store, a Database or a sqlite3 connection."""
    conn = _conn(db)
    if unless_present:
        conn.executemany(_AUDIT_INSERT_NEW, ((*r, *r) for r in rows))
    else:
        conn.executemany(_AUDIT_INSERT, rows)


def _conn(db: Any) -> sqlite3.Connection:
    return db if isinstance(db, sqlite3.Connection) else db.conn
