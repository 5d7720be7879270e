"""Hostile names and values flowing through everything: a form called "records", questions named like
SQL or like our own meta columns, names that differ only by '.' and '-', Vietnamese and very long
names, labels with markup and right-to-left marks; answers with SQL, markup, RTL marks, control
characters and 30,000 characters. Store, views, search, CSV/XLSX/Stata/SPSS, PDFs and packages give
a correct result or a clear error, never a traceback."""

from __future__ import annotations

import os
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports.questionnaire import print_blank, print_records
from exports.tabular import make_filter, run_export
from forms import FormError, load_form
from models.exchange.keys import identity
from models.exchange.packages import export_package, import_into
from models.records.editor import RecordEditor, create_record
from models.records.queries import RecordFilter, page
from models.store.database import open_store
from tests.reliability.helpers import drain

RTL = "\u202eLê Văn \u200fÁnh\u202c"
HUGE = "Thôn Đông " * 3000
VALUES = {
    "select": "'; DROP TABLE records; --",
    "_id": "uuid:not-really",
    "ks_id": "12",
    "a.b": "<b>đậm</b> & <font size=90>to</font> <unclosed",
    "a-b": RTL,
    "ten_chu_ho_" + "x" * 90: HUGE,
    "tên_chủ_hộ": "Nguyễn Thị \u0000Ánh\tTab\nXuống dòng",
    "cong_thuc": "=HYPERLINK(\"http://example.invalid\",\"bấm\")",
    "ho_ten": "Trần Văn Đức",
}


def hostile_form(form_id: str = "records") -> str:
    rows = [f"| | text | {n} | {'<b>Nhãn' if i % 2 else RTL} {i} |" for i, n in enumerate(VALUES)]
    return "\n".join([
        "| survey |", "| | type | name | label |", *rows,
        "| | select_one kw | from | Chọn <i>một</i> & hai |",
        "| | select_multiple kw | where | Chọn nhiều |",
        "| | begin repeat | order | Nhóm \u202elặp |",
        "| | text | group | Thành viên |",
        "| | integer | by | Năm sinh |",
        "| | end repeat | | |",
        "| choices |", "| | list_name | name | label |",
        "| | kw | 1 | <b>Có</b> |", "| | kw | x-y | \u202eKhông |", "| | kw | drop.table | Bảng |",
        "| settings |", "| | form_id | version | form_title |",
        f"| | {form_id} | 1 | Phiếu \u202e<b>độc hại</b> |",
    ]) + "\n"


def _fill(store, form_id: str, values: dict[str, str]) -> str:
    rid = create_record(store, form_id)
    ed = RecordEditor(store, rid)
    for path, v in values.items():
        ed.set(path, v)
    ed.set("from", "x-y")
    ed.set("where", "1 drop.table")
    for i in range(2):
        p = ed.add_instance("order")
        ed.set(f"{p}.group", "'; DELETE FROM audit; --" if i else RTL)
        ed.set(f"{p}.by", "1975")
    return rid


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    st_ = open_store(d / "a.db")
    st_.set_settings({"role": "enumerator", "user_name": "Điều tra viên", "user_code": "E01", "commune": "18073"})
    identity(st_)
    form = load_form(hostile_form())
    assert form.form_id == "records"
    st_.add_form(form)
    rid = _fill(st_, "records", VALUES)
    yield {"dir": d, "store": st_, "rid": rid}
    st_.close()


def _view(store, form_id: str) -> str:
    base = store._view_base(form_id)
    names = {r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert base in names and f"{base}__order" in names
    return base


def test_store_views_and_search(hostile):
    store, rid = hostile["store"], hostile["rid"]
    assert store.execute("SELECT count(*) FROM records").fetchone()[0] == 1  # the table is still there
    rec = store.record(rid)
    assert rec["answers"]["select"] == VALUES["select"] and rec["answers"]["a-b"] == RTL
    assert rec["answers"]["tên_chủ_hộ"] == "Nguyễn Thị Ánh\tTab\nXuống dòng"  # NUL cannot be kept in XML
    view = _view(store, "records")
    assert view != "records"
    cur = store.execute(f'SELECT * FROM "{view}"')
    row = dict(zip([c[0] for c in cur.description], cur.fetchone(), strict=False))
    assert row["select"] == VALUES["select"] and row["a.b"] == VALUES["a.b"] and row["_id"] == rid
    lines = store.execute(f'SELECT "group" FROM "{view}__order" ORDER BY _order_line').fetchall()
    assert [x[0] for x in lines] == [RTL, "'; DELETE FROM audit; --"]
    def search(text):  # the record list's search box
        return [r.id for r in page(store, RecordFilter(text=text))]

    assert search("DROP TABLE") == [rid] and search('Đức" OR 1=1 --') == []
    assert store.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "dta", "sav"])
@pytest.mark.parametrize("personal", ["keep", "mask"])
def test_statistics_files(hostile, tmp_path, fmt, personal):
    store = hostile["store"]
    res = run_export(store, out=str(tmp_path / "out"), fmt=fmt, filter=make_filter(), personal=personal,
                     headers="labels" if fmt in ("csv", "xlsx") and personal == "mask" else "names")
    assert res.records == 1 and len(res.files) == (1 if fmt == "xlsx" else 2)
    main = next(f for f in res.files if "__" not in os.path.basename(f))
    if fmt == "csv":
        df = pd.read_csv(main, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    elif fmt == "xlsx":
        df = pd.read_excel(main, sheet_name=0, dtype=str, keep_default_na=False)
    else:
        import pyreadstat

        df, _meta = (pyreadstat.read_dta if fmt == "dta" else pyreadstat.read_sav)(main)
        names = list(df.columns)
        assert len(names) == len({n.lower() for n in names})  # unique (SPSS ignores case)
        limit = 32 if fmt == "dta" else 64
        assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", n) and len(n.encode()) <= limit for n in names), names
        assert "ks_id" in names and any(n.startswith("ks_id_") for n in names)  # the question, renamed
        return
    cols = list(df.columns)
    if personal == "keep":
        # in the CSV a sign after a semicolon gets an apostrophe: a reader splitting on semicolons would
        # start a cell with it (issue 16, docs/exports.md)
        sql = "'; DROP TABLE records;' --" if fmt == "csv" else VALUES["select"]
        assert df.loc[0, "select"] == sql and df.loc[0, "a-b"] == RTL
        # The formula stays text: an XLSX text cell; in the CSV defused by a leading apostrophe
        formula = ("'" if fmt == "csv" else "") + VALUES["cong_thuc"]
        assert df.loc[0, "cong_thuc"] == formula and df.loc[0, "_id"] != VALUES["_id"]
        assert df.loc[0, "ten_chu_ho_" + "x" * 90] == HUGE
    else:
        assert len(cols) >= 12 and not any("Trần Văn Đức" in str(v) for v in df.iloc[0].tolist())


def test_pdfs(hostile, tmp_path):
    from pypdf import PdfReader

    store, rid = hostile["store"], hostile["rid"]
    res = drain(print_records(store, out=str(tmp_path / "p.pdf"), record_ids=[rid]))
    text = " ".join(p.extract_text() for p in PdfReader(res.path).pages)
    assert "DROP TABLE" in text and "<b>đậm</b>" in text.replace("\n", " ")  # printed, not obeyed
    # 30,000 characters cannot fit in one table row (a row is not split over pages): cut, and said so
    assert re.search(r"Thôn \w* … \(\+2\d{4}\)", text.replace("\n", " ")), text[-3000:]
    assert "\t" not in text and "Ánh Tab" in text  # a tab prints as a space, not as a box
    blank = print_blank(store, out=str(tmp_path / "b.pdf"), form_id="records")
    assert blank.pages >= 1 and "Chọn <i>một</i> & hai" in " ".join(
        p.extract_text() for p in PdfReader(blank.path).pages).replace("\n", " ")


def test_pdfs_of_a_form_with_huge_labels(tmp_path):
    from pypdf import PdfReader

    store = open_store(tmp_path / "a.db")
    md = ("| survey |\n| | type | name | label |\n| | text | a | " + "Nhãn rất dài " * 2000 + " |\n"
          "| | note | n | " + "Ghi chú " * 3000 + " |\n| | text | b | B |\n")
    form = load_form(md)
    store.add_form(form)
    blank = print_blank(store, out=str(tmp_path / "b.pdf"), form_id=form.form_id)
    assert blank.pages > 1
    rid = create_record(store, form.form_id)
    RecordEditor(store, rid).set("a", "Trả lời")
    res = drain(print_records(store, out=str(tmp_path / "p.pdf"), record_ids=[rid]))
    assert "Trả lời" in PdfReader(res.path).pages[0].extract_text()
    store.close()


def test_packages_carry_them_whole(hostile, tmp_path):
    store, rid = hostile["store"], hostile["rid"]
    export_package(store, tmp_path / "h.ksp")
    other = open_store(tmp_path / "b.db")
    other.set_settings({"role": "clerk", "user_name": "Cán bộ", "user_code": "C1"})
    [s] = drain(import_into(other, [str(tmp_path / "h.ksp")], backup=False))
    assert s.refused == 0 and s.added == 1
    assert other.record(rid)["answers"] == store.record(rid)["answers"]
    _view(other, "records")
    other.close()


NAME_POOL = ["select", "from", "where", "records", "_id", "_status", "ks_id", "ks_status", "a.b", "a-b", "a_b",
             "tên", "Tên", "đ", "x" * 120, "group", "order", "id", "_", "SELECT", "v1", "1"]
ANSWER_POOL = st.one_of(st.sampled_from(list(VALUES.values()) + ["", "0", "-5", "1e5"]), st.text(max_size=40))


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "10")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(names=st.lists(st.sampled_from(NAME_POOL), min_size=1, max_size=6, unique=True),
       form_id=st.sampled_from(["records", "audit", "sqlite_x", "x'; DROP TABLE forms; --", "a.b", "a-b", "đ"]),
       answers=st.lists(ANSWER_POOL, min_size=6, max_size=6), fmt=st.sampled_from(["csv", "xlsx", "dta", "sav"]))
def test_random_hostile_forms(tmp_path, names, form_id, answers, fmt):
    rows = "\n".join(f"| | text | {n} | {n} |" for n in names)
    md = f"| survey |\n| | type | name | label |\n{rows}\n| settings |\n| | form_id | version |\n| | {form_id} | 1 |\n"
    try:
        form = load_form(md)
    except FormError as err:
        assert err.problems[0].message("vi")
        return
    import tempfile
    from pathlib import Path

    d = Path(tempfile.mkdtemp(dir=tmp_path))
    store = open_store(d / "a.db")
    try:
        store.add_form(form)
        rid = create_record(store, form.form_id)
        ed = RecordEditor(store, rid)
        for n, v in zip(names, answers, strict=False):
            ed.set(n, v)
        base = store._view_base(form.form_id)
        store.execute(f'SELECT * FROM "{base}"').fetchall()
        res = run_export(store, out=str(d / "out"), fmt=fmt, filter=make_filter())
        assert res.records == 1 and all(os.path.getsize(f) > 0 for f in res.files)
    finally:
        store.close()


@pytest.mark.parametrize("name", ["a'b", 'a"b', "a b", "a;b", "a)b", "a/*b"])
def test_names_that_could_break_out_of_sql_are_refused(name):
    """The per-form views put question names inside SQL identifiers and JSON paths: the loader
    allows only letters, digits, '_', '-' and '.'."""
    with pytest.raises(FormError) as e:
        load_form(f"| survey |\n| | type | name | label |\n| | text | {name} | X |\n")
    assert "name" in e.value.lines("en")[0]
