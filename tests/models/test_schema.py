"""The record row and the audit row are declared once (models/store/schema.py): the declaration matches the
migrated database column for column, everything that names the columns is derived from it, and the SQL
built from it runs."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import get_type_hints

import pytest

from models.exchange import codec, importing, merge, writing
from models.exchange.keys import identity
from models.exchange.packages import export_package, read_package
from models.records.editor import RecordEditor
from models.store import revisions, schema
from models.store.database import open_store
from models.store.schema import (
    AUDIT,
    AUDIT_FIELDS,
    CONTENT,
    CONTENT_FIELDS,
    LOCAL,
    RECORD,
    TRAVELS,
    VERSION_FIELDS,
    VERSION_ROW,
    AuditRow,
    add_audit,
    insert_record,
    row_to_version,
    update_record,
    version_row,
)
from tests.models.pkg_helpers import add_enterprise, add_household, make_db

ROOT = Path(__file__).resolve().parents[2]
SQL_TYPE = {schema.TEXT: "TEXT", schema.OBJECT: "TEXT", schema.LIST: "TEXT", schema.INTEGER: "INTEGER"}


def _sql_default(c: schema.Column) -> str | None:
    """How ``PRAGMA table_info`` shows a column's DEFAULT clause."""
    if not c.has_default or c.default is None:
        return None
    return str(c.default) if isinstance(c.default, int) else "'" + c.default.replace("'", "''") + "'"


@pytest.mark.parametrize("table", [RECORD, AUDIT], ids=lambda t: t.name)
def test_the_declaration_is_the_migrated_table(tmp_path, table):
    store = open_store(tmp_path / "fresh.db")
    info = {r[1]: r for r in store.execute(f"PRAGMA table_info({table.name})")}
    store.close()
    declared = {c.name: c for c in table.columns}
    assert sorted(declared) == sorted(info), "every column declared in models/store/schema.py, none missing"
    assert len(declared) == len(table.columns)
    for name, c in declared.items():
        _cid, _name, sql_type, notnull, default, pk = info[name]
        assert sql_type == SQL_TYPE[c.kind], name
        assert bool(notnull or pk) is not c.null, name
        assert default == _sql_default(c), name
        assert c.part in (CONTENT, TRAVELS, LOCAL), name


def test_what_travels_and_what_is_hashed_is_derived_from_the_declaration():
    assert CONTENT_FIELDS == tuple(c.name for c in RECORD.columns if c.part == CONTENT)
    assert VERSION_FIELDS == tuple(c.name for c in RECORD.columns if c.part in (CONTENT, TRAVELS))
    assert set(CONTENT_FIELDS) < set(VERSION_FIELDS)
    assert VERSION_ROW == (*VERSION_FIELDS, "sealed") and VERSION_ROW[0] == "id"
    assert AUDIT_FIELDS == tuple(c.name for c in AUDIT.columns if c.part == TRAVELS)
    assert AuditRow._fields == AUDIT_FIELDS
    assert schema.JSON_OBJECTS == ("answers", "justifications", "review", "files", "data")
    assert schema.JSON_LISTS == ("ancestry", "issues_json")
    # the modules that name them use these very tuples, and keep no copy of their own
    assert revisions.CONTENT_FIELDS is CONTENT_FIELDS
    assert merge.VERSION_FIELDS is VERSION_FIELDS and writing.VERSION_FIELDS is VERSION_FIELDS
    assert merge.JSON_OBJECTS is schema.JSON_OBJECTS and merge.JSON_LISTS is schema.JSON_LISTS
    assert writing.AUDIT_FIELDS is AUDIT_FIELDS and importing.AUDIT_FIELDS is AUDIT_FIELDS
    assert not hasattr(codec, "AUDIT_FIELDS")


def _doc_list(pattern: str) -> tuple[str, ...]:
    text = (ROOT / "docs" / "package-format.md").read_text(encoding="utf-8")
    m = re.search(pattern, text, re.DOTALL)
    assert m, pattern
    return tuple(x.strip(" `\n") for x in m.group(1).replace("\n", " ").split(","))


def test_the_audit_row_spells_out_the_declared_audit_columns():
    """AuditRow is written out for the type checker: its fields, their types and defaults are the table's."""
    assert AuditRow._fields == AUDIT_FIELDS
    types = get_type_hints(AuditRow)
    for name in AUDIT_FIELDS:
        c = AUDIT[name]
        assert c.kind == schema.TEXT, name
        assert types[name] == (str | None if c.null else str), name
    # a column has a default in the row exactly when it and every column after it has one in the table
    trailing: dict[str, object] = {}
    for name in reversed(AUDIT_FIELDS):
        if not AUDIT[name].has_default:
            break
        trailing[name] = AUDIT[name].default
    assert trailing and AuditRow._field_defaults == trailing


def test_the_package_format_document_names_the_declared_fields():
    assert _doc_list(r"with these keys \(JSON columns as\s+objects/lists\): `([^`]*)`") == VERSION_FIELDS
    assert _doc_list(r"`audit\.jsonl\.gz` \| gzip of JSON lines `\[([^\]]*)\]`") == AUDIT_FIELDS
    assert _doc_list(r"\(`models\.store\.revisions\.CONTENT_FIELDS`: ([^)]*)\)") == CONTENT_FIELDS


def test_content_fields_are_exactly_what_the_revision_hashes(tmp_path):
    store = make_db(tmp_path / "e.db")
    v = row_to_version(store.record(add_household(store, "Nguyễn Văn Đức", members=2)))
    store.close()
    base = revisions.content_hash(v)
    changed = {"status": "complete", "deleted": 1, "form_id": "x", "form_version": "9",
               "answers": {"x": "1"}, "justifications": {"x": "y"}, "review": {"comment": "?"},
               "files": {"1.jpg": {"sha256": "0" * 64, "size": 1, "type": "image/jpeg"}}}
    assert set(changed) == set(CONTENT_FIELDS)
    for f in VERSION_FIELDS:
        other = dict(v)
        other[f] = changed.get(f, "something else" if isinstance(v[f], str) else 7)
        assert (revisions.content_hash(other) != base) is (f in CONTENT_FIELDS), f


def test_a_package_line_has_the_declared_fields_in_order(tmp_path):
    store = make_db(tmp_path / "e.db")
    add_enterprise(store, "Công ty Ánh Dương", tax="0101234567")
    export_package(store, tmp_path / "p.ksp")
    pkg = read_package(tmp_path / "p.ksp", ident=identity(store))
    assert [tuple(v) for v in pkg.versions()] == [VERSION_FIELDS]
    audit = pkg.audit()
    assert audit and all(len(r) == len(AUDIT_FIELDS) for r in audit)
    here = store.execute(f"SELECT {', '.join(AUDIT_FIELDS)} FROM audit ORDER BY record_id, id")
    assert audit == [list(r) for r in here]
    store.close()


def test_a_version_row_stores_exactly_the_record_row(tmp_path):
    """The SQL built from the declaration runs: a record made by the editor, taken as a version, written
    again through VERSION_ROW, reads back as the same row."""
    store = make_db(tmp_path / "e.db")
    rid = add_household(store, "Trần Thị Bình", members=3, phone="0912345678")
    RecordEditor(store, rid).set("village", "Thôn Đông")
    row = store.rows("SELECT * FROM records WHERE id = ?", [rid])[0]
    v = row_to_version(store.record(rid))
    assert tuple(v) == VERSION_FIELDS
    assert dict(zip(VERSION_ROW, version_row(v, bool(row["sealed"])), strict=True)) == \
        {k: row[k] for k in VERSION_ROW}
    with store.write():
        store.execute("DELETE FROM records_fts")
        store.execute("DELETE FROM audit")
        store.execute("DELETE FROM records")
        store.execute(RECORD.insert_sql(VERSION_ROW), version_row(v, bool(row["sealed"])))
    again = store.rows("SELECT * FROM records WHERE id = ?", [rid])[0]
    assert {k: again[k] for k in VERSION_ROW} == {k: row[k] for k in VERSION_ROW}
    assert again["last_path"] == "" and again["dup_rev"] is None  # the local columns take their defaults
    store.close()


def test_insert_and_update_from_a_mapping(tmp_path):
    store = make_db(tmp_path / "e.db")
    full = {"id": "uuid:1", "form_id": "pkg_ent", "form_version": "1", "status": "draft", "deleted": 0,
            "answers": {"unit_name": "Đức Phát"}, "justifications": {}, "review": {}, "files": {},
            "commune": "09025", "village": "Thôn 1", "enumerator": "E01", "device_id": "d", "created_at": "t", "modified_at": "t",
            "rev": "1-" + "0" * 32, "rev_gen": 1, "ancestry": [], "content_hash": "h",
            "data": {"unit_name": "Đức Phát"}, "issues": 0, "issues_json": [], "label": "Đức Phát",
            "sealed": 0, "last_path": "unit_name", "dup_rev": None, "dup_keys": None}
    assert set(full) == set(RECORD.names)
    with store.write():
        insert_record(store, full)
        required = [c.name for c in RECORD.columns if not c.has_default]
        insert_record(store, {k: full[k] for k in required} | {"id": "uuid:2"})
    assert store.record("uuid:1") == full
    bare = store.record("uuid:2")
    assert {k: bare[k] for k in ("status", "answers", "ancestry", "issues_json", "sealed", "last_path")} == \
        {"status": "draft", "answers": {}, "ancestry": [], "issues_json": [], "sealed": 0, "last_path": ""}
    with store.write():
        update_record(store, "uuid:1", {"review": {"comment": "Sửa lại"}, "deleted": 1})
    changed = store.record("uuid:1")
    assert changed["review"] == {"comment": "Sửa lại"} and changed["deleted"] == 1
    assert store.execute("SELECT review FROM records WHERE id = 'uuid:1'").fetchone()[0] == \
        json.dumps({"comment": "Sửa lại"}, ensure_ascii=False)
    with pytest.raises(KeyError):
        RECORD.update_sql(["no_such_column"])
    store.close()


def test_audit_rows_are_written_by_one_function(tmp_path):
    store = make_db(tmp_path / "e.db")
    rid = add_enterprise(store, "HTX Đồng Tâm")
    row = AuditRow(rid, "2025-01-01T00:00:00.000Z", "An", "dev", "trust", new="8F07", rev="2-x")
    assert row == (rid, "2025-01-01T00:00:00.000Z", "An", "dev", "trust", "", None, "8F07", "2-x")
    before = len(store.audit(rid))
    with store.write():
        add_audit(store, [row])
        add_audit(store, [row, list(row._replace(at="2025-01-02T00:00:00.000Z"))], unless_present=True)
        add_audit(store.db.conn, [row._replace(action="note")])
    trail = store.audit(rid)[before:]
    assert [(a["at"][:10], a["action"], a["path"], a["old"], a["new"]) for a in trail] == [
        ("2025-01-01", "trust", "", None, "8F07"), ("2025-01-02", "trust", "", None, "8F07"),
        ("2025-01-01", "note", "", None, "8F07")]
    store.close()


def test_writers_use_the_declaration_not_their_own_sql():
    """No module below the screens spells out a whole record or audit row: INSERT INTO records/audit
    appears only in the schema module and the migrations (history, literal on purpose)."""
    allowed = {ROOT / "models" / "store" / "schema.py", ROOT / "models" / "store" / "migrations.py"}
    found = []
    for path in sorted((ROOT / "models").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path not in allowed and re.search(r"INSERT\s+(OR\s+\w+\s+)?INTO\s+(records|audit)\b", text):
            found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_migrations_do_not_depend_on_the_declaration():
    """A migration that has shipped must never change: it keeps its literal SQL, whatever schema.py says."""
    tree = ast.parse((ROOT / "models" / "store" / "migrations.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | \
        {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(m and "schema" in m for m in imported), imported
