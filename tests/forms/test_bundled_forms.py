"""The two bundled questionnaires: conversion, languages, indicators, admin units, generator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from forms import build_forms

from .bundled import (
    EN,
    FORM_IDS,
    LANGS,
    META_TYPES,
    SUPPORTED_COLUMNS,
    SUPPORTED_TYPES,
    VI,
    load,
    refs,
)

#: Asked questions that deliberately carry no `indicator`: identifiers, contact details,
#: fieldwork administration and free-text notes (pure admin/QA fields).
NO_INDICATOR = {
    "enterprise_digital": {
        "enum_name",
        "interview_date",
        "province",
        "commune",
        "village",
        "consent",
        "unit_name",
        "tax_code",
        "resp_role",
        "phone",
        "email",
        "comment",
    },
    "household_digital": {
        "enum_name",
        "interview_date",
        "province",
        "commune",
        "village",
        "hh_no",
        "consent",
        "head_name",
        "phone",
        "m_name",
        "m_cccd",
        "m_mode",
        "comment",
    },
}

EXPECTED_SETTINGS = {
    "enterprise_digital": {"form_id": "enterprise_digital", "version": "2025.1", "default_language": VI},
    "household_digital": {"form_id": "household_digital", "version": "2025.1", "default_language": VI},
}


@pytest.fixture(scope="module", params=FORM_IDS)
def form(request):
    return load(request.param)


# --------------------------------------------------------------------------- conversion
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_converts_with_pyxform_without_warnings(form_id):
    warnings: list[str] = []
    result = convert(xlsform=str(load(form_id).path), warnings=warnings)
    assert result.xform.startswith("<?xml")
    # pyxform ignores our extension columns (indicator, warning, warning_message::*) silently.
    assert warnings == [], warnings
    assert f'id="{form_id}"' in result.xform


def test_generator_reproduces_committed_workbooks():
    for form_id in FORM_IDS:
        assert build_forms.check(form_id) == [], f"run: python -m forms.build_forms ({form_id})"


def test_settings(form):
    want = EXPECTED_SETTINGS[form.form_id]
    assert {k: form.settings.get(k) for k in want} == want
    assert form.settings["form_title"].strip()
    assert re.fullmatch(r"\d{4}\.\d+", form.settings["version"])


# --------------------------------------------------------------------------- structure
def test_only_supported_types_and_columns(form):
    for r in form.rows:
        assert r.base_type in SUPPORTED_TYPES, (r.line, r.type)
    for col in form.survey_header:
        assert col.split("::")[0] in SUPPORTED_COLUMNS, col
    for r in form.rows:
        app = r.get("appearance")
        assert app in {"", "minimal", "field-list"}, (r.name, app)


def test_names_unique_within_repeat_scope(form):
    seen: dict[tuple[str | None, str], int] = {}
    for r in form.rows:
        if not r.name or r.base_type in {"end group", "end repeat"}:
            continue
        key = (r.repeat, r.name)
        assert key not in seen, f"{r.name} at rows {seen[key]} and {r.line}"
        seen[key] = r.line
    # and no name inside a repeat shadows one outside it (answers JSON is nested by name)
    outside = {n for (rep, n) in seen if rep is None}
    inside = {n for (rep, n) in seen if rep is not None}
    assert not outside & inside


def test_references_exist(form):
    names = form.names
    for r in form.rows:
        for col, value in r.cells.items():
            for ref in refs(value):
                assert ref in names, f"{r.name}.{col}: ${{{ref}}} is not a question"


def test_select_lists_exist(form):
    for r in form.rows:
        if r.list_name:
            assert r.list_name in form.choices, (r.name, r.list_name)


def test_prefilled_location_and_enumerator_are_in_the_first_group(form):
    first_group, names = None, []
    for r in form.rows:
        if r.type == "begin group":
            if first_group:
                break
            first_group = r.name
        elif first_group and r.name:
            names.append(r.name)
    assert {"enum_name", "province", "commune"} <= set(names)
    commune = form.row("commune")
    assert commune.type == "select_one commune"
    assert commune.get("choice_filter").replace(" ", "") == "province=${province}"
    assert form.row("province").type == "select_one province"


def test_groups_after_the_first_need_consent(form):
    top = [r for r in form.rows if r.type in {"begin group", "begin repeat"} and r.repeat in (None, r.name)]
    for r in top[1:]:
        assert r.get("relevant").replace(" ", "") == "${consent}='1'", r.name


# --------------------------------------------------------------------------- languages
def test_every_text_in_both_languages(form):
    for r in form.rows:
        for base in ("label", "hint", "constraint_message", "required_message", "warning_message"):
            vi, en = r.get(f"{base}::{VI}").strip(), r.get(f"{base}::{EN}").strip()
            assert bool(vi) == bool(en), f"{form.form_id}:{r.name}: {base} only in one language"
        if r.asked or r.base_type in {"note", "begin group", "begin repeat"}:
            assert r.get(f"label::{VI}") and r.get(f"label::{EN}"), r.name
        if r.get("constraint"):
            assert r.get(f"constraint_message::{VI}"), f"{r.name}: constraint without message"
        if r.get("warning"):
            assert r.get(f"warning_message::{VI}"), f"{r.name}: warning without message"
    for col in form.survey_header:
        if "::" in col:
            assert col.split("::", 1)[1] in LANGS, col


def test_every_choice_in_both_languages(form):
    for list_name, items in form.choices.items():
        names = [c["name"] for c in items]
        assert len(names) == len(set(names)), f"duplicate choice in {list_name}"
        for c in items:
            assert c[f"label::{VI}"].strip() and c[f"label::{EN}"].strip(), (list_name, c["name"])


def test_english_admin_labels_are_ascii(form):
    for list_name in ("province", "commune"):
        for c in form.choices[list_name]:
            assert c[f"label::{EN}"].isascii(), c


# --------------------------------------------------------------------------- indicators
def test_every_asked_question_has_an_indicator(form):
    exceptions = NO_INDICATOR[form.form_id]
    missing = [r.name for r in form.rows if r.asked and not r.get("indicator") and r.name not in exceptions]
    assert missing == []
    # the exception list is exact: no stale names, no exception that has an indicator anyway
    for name in exceptions:
        assert form.row(name).asked and not form.row(name).get("indicator"), name


def test_no_indicator_on_non_questions(form):
    for r in form.rows:
        if not r.asked:
            assert not r.get("indicator"), r.name


# --------------------------------------------------------------------------- admin units
def test_admin_units_are_the_2025_structure(form):
    provinces, communes = form.choices["province"], form.choices["commune"]
    assert len(provinces) == 34
    assert len(communes) == 3321
    vi = [c[f"label::{VI}"] for c in communes]
    assert sum(v.startswith("Xã ") for v in vi) == 2621
    assert sum(v.startswith("Phường ") for v in vi) == 687
    assert sum(v.startswith("Đặc khu ") for v in vi) == 13
    prov_codes = {c["name"] for c in provinces}
    assert all(re.fullmatch(r"\d{2}", p) for p in prov_codes)
    assert all(re.fullmatch(r"\d{5}", c["name"]) and c["province"] in prov_codes for c in communes)
    by_code = {c["name"]: c for c in communes}
    assert by_code["18073"]["province"] == "42" and by_code["18073"][f"label::{VI}"] == "Phường Thành Sen"
    assert by_code["18073"][f"label::{EN}"] == "Thanh Sen Ward"
    assert by_code["08707"]["province"] == "25"  # Vĩnh Yên: old Vĩnh Phúc, now Phú Thọ
    assert sum(c["province"] == "25" for c in communes) == 148
    assert sum(c["province"] == "42" for c in communes) == 69
    assert {p["name"]: p[f"label::{VI}"] for p in provinces}["79"] == "Thành phố Hồ Chí Minh"


def test_admin_units_version_recorded(form):
    import vietnam_provinces

    calc = form.row("adm_codes_ver")
    assert calc.type == "calculate"
    assert vietnam_provinces.__version__ in calc.get("calculation")
    assert vietnam_provinces.__data_version__ in calc.get("calculation")


def test_vietnam_provinces_package_is_post_2025():
    import vietnam_provinces

    major, minor = (int(x) for x in vietnam_provinces.__version__.split(".")[:2])
    assert (major, minor) >= (2025, 7)


def test_ascii_folding():
    assert build_forms.fold_ascii("Phường Thành Sen") == "Phuong Thanh Sen"
    assert build_forms.fold_ascii("Đắk Lắk") == "Dak Lak"
    assert build_forms.commune_label("Đặc khu Phú Quốc", "đặc khu") == (
        "Đặc khu Phú Quốc",
        "Phu Quoc Special Zone",
    )
    assert build_forms.province_label("Thành phố Huế", "thành phố trung ương") == (
        "Thành phố Huế",
        "Hue City",
    )
    assert build_forms.province_label("Hà Tĩnh", "tỉnh") == ("Tỉnh Hà Tĩnh", "Ha Tinh Province")


def test_metadata_present(form):
    types = {r.type for r in form.rows}
    assert META_TYPES <= types


def test_build_writes_a_part_file_and_renames_it(tmp_path, monkeypatch):
    target = tmp_path / "enterprise_digital.xlsx"
    monkeypatch.setattr(build_forms, "workbook_path", lambda form_id: target)
    target.write_bytes(b"old workbook")

    def failing_save(self, path):
        Path(path).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    from openpyxl import Workbook

    with monkeypatch.context() as m:
        m.setattr(Workbook, "save", failing_save)
        with pytest.raises(OSError):
            build_forms.build("enterprise_digital", force=True)
    assert target.read_bytes() == b"old workbook" and list(tmp_path.iterdir()) == [target]
    assert build_forms.build("enterprise_digital", force=True) == (target, True)
    assert list(tmp_path.iterdir()) == [target] and build_forms.check("enterprise_digital") == []
