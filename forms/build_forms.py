"""Assemble the bundled XLSForms from their reviewable CSV sources.

Each form lives in ``forms/src/<form_id>/`` as three UTF-8 CSV files, one per sheet
(``survey.csv``, ``choices.csv``, ``settings.csv``).  This module turns them into
``forms/<form_id>.xlsx`` with openpyxl and appends the province and commune choice
lists generated from the ``vietnam-provinces`` package (post-1 July 2025 structure:
34 provinces, 3,321 communes), so the workbook is self-contained and ODK Central or
KoboToolbox accept it without any external CSV.

Run ``python -m forms.build_forms`` to rebuild both workbooks, or
``python -m forms.build_forms --check`` to verify that the committed workbooks match
their sources (exit status 1 otherwise).  The output is deterministic: the same
sources and package data always give the same sheet contents.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import json
import sys
from pathlib import Path

from forms.text_fold import fold_ascii

FORMS_DIR = Path(__file__).resolve().parent
SRC_DIR = FORMS_DIR / "src"
FORM_IDS = ("enterprise_digital", "household_digital")
SHEETS = ("survey", "choices", "settings")

#: Placeholder in ``survey.csv`` replaced by :func:`admin_units_version` (hidden calculate
#: ``adm_codes_ver``), so every record keeps the version of the administrative-unit list.
ADMIN_VERSION_PLACEHOLDER = "{{admin_units_version}}"

_TYPE_EN = {"xã": "Commune", "phường": "Ward", "đặc khu": "Special Zone"}
_PREFIX_VI = {"xã": "Xã ", "phường": "Phường ", "đặc khu": "Đặc khu "}


# --------------------------------------------------------------------------- admin units
def _package():
    import vietnam_provinces

    return vietnam_provinces


def admin_units_version() -> str:
    """Version string of the administrative-unit list embedded in the forms."""
    vp = _package()
    return f"vietnam-provinces {vp.__version__}; data {vp.__data_version__}"


def _load_divisions() -> list[dict]:
    vp = _package()
    with open(vp.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def province_label(name: str, division_type: str) -> tuple[str, str]:
    """(Vietnamese, English) labels of a province.

    ``"Thành phố Hà Nội"`` (centrally-run city) → ``("Thành phố Hà Nội", "Ha Noi City")``;
    ``"Cao Bằng"`` (tỉnh) → ``("Tỉnh Cao Bằng", "Cao Bang Province")``.
    """
    if division_type == "thành phố trung ương":
        base = name.removeprefix("Thành phố ").strip()
        return name, f"{fold_ascii(base)} City"
    return f"Tỉnh {name}", f"{fold_ascii(name)} Province"


def commune_label(name: str, division_type: str) -> tuple[str, str]:
    """(Vietnamese, English) labels of a commune-level unit.

    The package's name already starts with the division type (``"Phường Thành Sen"``);
    the English label folds the proper name to ASCII and puts the type after it, as in
    official English usage: ``"Thanh Sen Ward"``, ``"Ky Anh Commune"``, ``"Phu Quoc Special Zone"``.
    """
    prefix = _PREFIX_VI[division_type]
    base = name.removeprefix(prefix)
    return name, f"{fold_ascii(base).strip()} {_TYPE_EN[division_type]}"


def admin_choice_rows() -> list[dict[str, str]]:
    """Choice rows for the lists ``province`` (2-digit codes) and ``commune`` (5-digit codes).

    Provinces are ordered by code; communes by province, then alphabetically by their
    ASCII-folded proper name (what an enumerator scans for), then by code.
    """
    provinces = sorted(_load_divisions(), key=lambda p: p["code"])
    rows: list[dict[str, str]] = []
    for p in provinces:
        vi, en = province_label(p["name"], p["division_type"])
        rows.append({"list_name": "province", "name": f"{p['code']:02d}", "vi": vi, "en": en, "province": ""})
    for p in provinces:
        wards = []
        for w in p["wards"]:
            vi, en = commune_label(w["name"], w["division_type"])
            wards.append((en.lower(), w["code"], vi, en))
        for _, code, vi, en in sorted(wards):
            rows.append(
                {
                    "list_name": "commune",
                    "name": f"{code:05d}",
                    "vi": vi,
                    "en": en,
                    "province": f"{p['code']:02d}",
                }
            )
    return rows


# --------------------------------------------------------------------------- sources
def _read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [row for row in csv.reader(fh) if any(cell.strip() for cell in row)]


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty cells of each row and trailing empty rows."""
    out = []
    for row in rows:
        row = ["" if v is None else str(v) for v in row]
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def expected_sheets(form_id: str) -> dict[str, list[list[str]]]:
    """The sheet contents the workbook of ``form_id`` must have (header row first)."""
    src = SRC_DIR / form_id
    sheets = {name: _read_csv(src / f"{name}.csv") for name in SHEETS}

    version = admin_units_version()
    sheets["survey"] = [
        [cell.replace(ADMIN_VERSION_PLACEHOLDER, version) for cell in row] for row in sheets["survey"]
    ]

    header = sheets["choices"][0]
    col = {name: i for i, name in enumerate(header)}
    missing = {"list_name", "name", "province"} - col.keys()
    if missing:
        raise ValueError(f"{form_id}/choices.csv lacks the columns {sorted(missing)}")
    label_cols = [c for c in header if c.startswith("label::")]
    vi_col = next(c for c in label_cols if c.endswith("(vi)"))
    en_col = next(c for c in label_cols if c.endswith("(en)"))
    for r in admin_choice_rows():
        row = [""] * len(header)
        row[col["list_name"]], row[col["name"]], row[col["province"]] = (
            r["list_name"],
            r["name"],
            r["province"],
        )
        row[col[vi_col]], row[col[en_col]] = r["vi"], r["en"]
        sheets["choices"].append(row)
    return {name: _trim(rows) for name, rows in sheets.items()}


def workbook_path(form_id: str) -> Path:
    return FORMS_DIR / f"{form_id}.xlsx"


# --------------------------------------------------------------------------- xlsx
def build_workbook(form_id: str):
    """An openpyxl ``Workbook`` for ``form_id`` (all cells written as text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    fixed = _dt.datetime(2025, 7, 1)
    wb.properties.creator = "forms/build_forms.py"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    for name, rows in expected_sheets(form_id).items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append([v if v != "" else None for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "C2" if name == "survey" else "A2"
        for idx, head in enumerate(rows[0], start=1):
            letter = ws.cell(row=1, column=idx).column_letter
            ws.column_dimensions[letter].width = 48 if head.startswith(("label", "hint")) else 18
    return wb


def read_workbook_sheets(path: Path) -> dict[str, list[list[str]]]:
    """Sheet contents of an existing workbook, normalised like :func:`expected_sheets`."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: _trim([list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb.worksheets}
    finally:
        wb.close()


def build(form_id: str, *, force: bool = False) -> tuple[Path, bool]:
    """Write the workbook of ``form_id``; an up-to-date workbook is left alone (zip timestamps
    would otherwise change its bytes at every build) unless ``force``. Returns (path, written)."""
    path = workbook_path(form_id)
    if not force and path.exists() and not check(form_id):
        return path, False
    part = path.with_name(path.name + ".part")  # written whole, then renamed over the old workbook
    try:
        build_workbook(form_id).save(part)
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)
    return path, True


def check(form_id: str) -> list[str]:
    """Differences between the committed workbook and its sources (empty when equal)."""
    path = workbook_path(form_id)
    if not path.exists():
        return [f"{path.name}: missing"]
    have, want = read_workbook_sheets(path), expected_sheets(form_id)
    problems = []
    if list(have) != list(want):
        problems.append(f"{path.name}: sheets {list(have)} != {list(want)}")
    for name in want:
        a, b = have.get(name, []), want[name]
        if a != b:
            first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                         min(len(a), len(b)))
            problems.append(f"{path.name}:{name}: differs from the sources at row {first + 1}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m forms.build_forms", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the committed workbooks")
    parser.add_argument("--force", action="store_true", help="rewrite workbooks that are already up to date")
    parser.add_argument("forms", nargs="*", default=list(FORM_IDS), help="form ids (default: both)")
    args = parser.parse_args(argv)
    status = 0
    for form_id in args.forms:
        if args.check:
            for problem in check(form_id):
                print(problem, file=sys.stderr)
                status = 1
        else:
            path, written = build(form_id, force=args.force)
            state = "wrote" if written else "up to date:"
            print(f"{state} {path.relative_to(FORMS_DIR.parent)} ({admin_units_version()})")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
