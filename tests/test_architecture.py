"""The claims of docs/architecture.md that code can check: the paths it names exist, every sub-package of
models/ is described (there and in its own docstring), the layers it draws are the ones import-linter
enforces, SQL is written only in models/, and no Qt is imported below ui/."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
CODE_DIRS = ("forms", "models", "exports", "ui", "cli")

#: an SQL statement in a string: a keyword followed by what only SQL puts after it
SQL = re.compile(r"\b(SELECT\s+[\w*(].*\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|"
                 r"CREATE\s+(TABLE|INDEX|VIEW|TRIGGER|VIRTUAL)\b|ALTER\s+TABLE\b|PRAGMA\s+\w+)", re.S)


def _python_files(*dirs: str) -> list[Path]:
    return sorted(p for d in dirs for p in (ROOT / d).rglob("*.py") if "__pycache__" not in p.parts)


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_the_sql_pattern_finds_sql_and_not_prose():
    assert SQL.search("SELECT id FROM records WHERE x = ?")
    assert SQL.search("INSERT OR IGNORE INTO audit(record_id) VALUES (?)")
    assert SQL.search("UPDATE records SET status = ?")
    assert not SQL.search("Select a form from the list")
    assert not SQL.search("Chọn biểu mẫu để cập nhật")


def test_paths_named_in_the_document_exist():
    named = set(re.findall(r"`((?:forms|models|exports|ui|cli|tests|bench|docs|scripts)/[\w./-]*)`", DOC))
    assert len(named) > 20
    missing = sorted(p for p in named if not (ROOT / p.rstrip("/")).exists())
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_every_models_subpackage_is_described_in_the_document_and_its_docstring():
    subs = sorted(p.parent.name for p in (ROOT / "models").glob("*/__init__.py"))
    assert {"base", "store", "records", "exchange", "sync"} <= set(subs)
    for name in subs:
        assert f"models/{name}/" in DOC, f"docs/architecture.md does not describe models/{name}/"
        doc = ast.get_docstring(ast.parse((ROOT / "models" / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "import" in doc.lower(), f"models/{name}/__init__.py must say what it owns and may import"


def test_the_layers_drawn_are_the_layers_enforced():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    inside = [c for c in contracts["contracts"] if c.get("containers") == ["models"]]
    assert len(inside) == 1
    drawn = " -> ".join(inside[0]["layers"])
    assert drawn in DOC, f"docs/architecture.md should show the layers inside models/ as: {drawn}"
    top = [c for c in contracts["contracts"] if c["type"] == "layers" and "containers" not in c]
    assert " → ".join(top[0]["layers"]) in DOC


@pytest.mark.parametrize("layer", ["forms", "exports", "ui", "cli"])
def test_sql_is_written_only_in_models(layer):
    found = [f"{p.relative_to(ROOT)}:{line}: {text[:60]!r}" for p in _python_files(layer)
             for line, text in _strings(p) if SQL.search(text)]
    assert not found, "SQL belongs in models/ (exports read through models.records.queries):\n" + "\n".join(found)


@pytest.mark.parametrize("layer", ["forms", "models", "exports"])
def test_no_qt_below_ui(layer):
    found = []
    for p in _python_files(layer):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{p.relative_to(ROOT)}:{node.lineno}: {n}" for n in names
                      if n.split(".")[0] in ("PySide6", "ui", "cli")]
    assert not found, found
