"""The fast row path of the statistics exports, checked against plain reference code.

* every cell of every table (nested repeats, 1/0 choice columns, labels, masked and dropped
  personal data, status labels) equals what a straightforward reading of ``records.data`` gives;
* the CSV writer's output is byte for byte what ``csv.writer`` writes, for any text;
* damaged data (numbers, lists where text belongs, a repeat that is not a list) never stops an
  export, in any format;
* rows come in the export order (form, commune, the interview's start, id), never the order the records
  arrived in, whichever way the table is read.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports import tabular
from exports.tabular import make_filter, mask, run_export
from forms import load_form
from models.base.errors import FileCode
from models.store.database import open_store, utcnow

NESTED = """
| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | personal | calculation |
| | today | today | | | | |
| | date | interview_date | Ngày *phỏng vấn* | Interview date | | |
| | text | owner_name | Tên chủ ${village} | Owner | | |
| | text | village | Thôn | Village | | |
| | text | secret | Bí mật | Secret | yes | |
| | select_one yn | ok | Đồng ý? | Agree? | | |
| | select_multiple tools | tools | Công cụ | Tools | | |
| | calculate | score | | | | 1 + 1 |
| | begin repeat | plot | Thửa | Plot | | |
| | text | plot_name | Tên thửa | Plot name | | |
| | select_multiple tools | ptools | Công cụ thửa | Plot tools | | |
| | begin repeat | crop | Cây | Crop | | |
| | select_one crops | crop_kind | Loại cây | Crop kind | | |
| | text | crop_phone | SĐT | Phone | | |
| | end repeat | | | | | |
| | end repeat | | | | | |
| | begin repeat | visit | Lần thăm | Visit | | |
| | date | visit_date | Ngày thăm | Visit date | | |
| | end repeat | | | | | |

| choices |
| | list_name | name | label::Tiếng Việt (vi) | label::English (en) |
| | yn | 1 | Có | Yes |
| | yn | 2 | Không | No |
| | tools | zalo | Zalo | Zalo |
| | tools | fb | Facebook, "mạng" | Facebook |
| | tools | x_1 | Khác | Other |
| | crops | 10 | Lúa | Rice |
| | crops | 20 | Chè | Tea |

| settings |
| | form_id | version | form_title | default_language |
| | nest | 1 | Biểu lồng nhau | Tiếng Việt (vi) |
"""

TOOLS = {"zalo": ("Zalo", "Zalo"), "fb": ('Facebook, "mạng"', "Facebook"), "x_1": ("Khác", "Other")}
CROPS = {"10": ("Lúa", "Rice"), "20": ("Chè", "Tea")}
YN = {"1": ("Có", "Yes"), "2": ("Không", "No")}
STATUS = {"draft": ("Nháp", "Draft"), "complete": ("Hoàn thành", "Complete"),
          "returned": ("Trả lại", "Returned"), "approved": ("Đã duyệt", "Approved")}

text = st.text(alphabet=st.sampled_from(list('aăâbcđ Ấn,"\n\r;xyz0123456789*')), max_size=12)
codes = st.lists(st.sampled_from(["zalo", "fb", "x_1", "zzz"]), max_size=3).map(" ".join)
crop = st.fixed_dictionaries({}, optional={"crop_kind": st.sampled_from(["10", "20", "30", ""]),
                                           "crop_phone": st.sampled_from(["0987654321", "", "12"])})
plot = st.fixed_dictionaries({}, optional={"plot_name": text, "ptools": codes, "crop": st.lists(crop, max_size=3)})
record = st.fixed_dictionaries({}, optional={
    "today": st.sampled_from(["2025-03-01", "2025-03-15", ""]),
    "interview_date": st.sampled_from(["2025-03-02", "2025-03-20", "", "2025-3-1"]),
    "owner_name": text, "village": text, "secret": text, "ok": st.sampled_from(["1", "2", "9", ""]),
    "tools": codes, "score": st.sampled_from(["2", ""]),
    "plot": st.lists(plot, max_size=3), "visit": st.lists(st.fixed_dictionaries({"visit_date": st.just("2025-01-01")}),
                                                            max_size=2)})


def make_db(path, datas, *, status_of=lambda i: ("draft", "complete", "returned", "approved")[i % 4]):
    store = open_store(path)
    store.set_settings({"role": "province", "user_name": "T", "province": "01", "commune": "00001"})
    store.add_form(load_form(NESTED))
    now = utcnow()
    with store.write():
        for i, d in enumerate(datas):
            js = json.dumps(d, ensure_ascii=False)
            store.execute(
                "INSERT INTO records(id, form_id, form_version, status, commune, village, enumerator, device_id, "
                "created_at, modified_at, rev, rev_gen, ancestry, sealed, content_hash, answers, data, issues) "
                "VALUES (?, 'nest', '1', ?, ?, ?, 'DTV01', 'dev', ?, ?, '1-x', 1, '[]', 0, 'x', ?, ?, ?)",
                [f"uuid:{uuid.UUID(int=i + 1)}", status_of(i), ("00001", "00004")[i % 2], f"Thôn {i % 3}",
                 f"2025-03-{1 + i % 28:02d}T08:00:00.000Z", now, js, js, i % 3])
    return store


# ------------------------------------------------------------------ the reference: plain reading


def expected_tables(store, *, choices="codes", personal="keep", lang="vi"):
    """Every table's rows (lists of text), computed directly from the records, as documented."""
    li = 0 if lang == "vi" else 1
    lab = choices == "labels"
    masked = personal == "mask"
    drop = personal == "drop"

    def one(v, table):
        return table[v][li] if lab and v in table else v

    def multi(v, table):
        if lab:
            return "; ".join(table[x][li] if x in table else x for x in v.split()) if v else ""
        return v

    def dummies(v, table):
        return ["" if not v else ("1" if c in v.split() else "0") for c in table]

    def person(v):
        return mask(v) if masked else v

    top, plots, crops, visits = [], [], [], []
    rows = store.execute("SELECT id, form_version, status, commune, village, enumerator, created_at, modified_at, "
                         "issues, data FROM records WHERE deleted = 0 ORDER BY commune, created_at, id").fetchall()
    for rid, ver, status, commune, village, enum, created, modified, issues, data in rows:
        d = json.loads(data)
        g = lambda k, d=d: d.get(k, "")  # noqa: E731
        row = [rid, ver, STATUS[status][li] if lab else status, commune, village, enum, created, modified, str(issues),
               g("today"), g("interview_date")]
        if not drop:  # "owner_name" is personal by its name, "secret" by the form's personal column
            row.append(person(g("owner_name")))
        row.append(g("village"))
        if not drop:
            row.append(person(g("secret")))
        row += [one(g("ok"), YN), multi(g("tools"), TOOLS), *dummies(g("tools"), TOOLS), g("score")]
        top.append(row)
        for pi, p in enumerate(d.get("plot", []), 1):
            plot_row = [rid, str(pi)]
            if not drop:  # "plot_name" is personal by its name
                plot_row.append(person(p.get("plot_name", "")))
            plots.append(plot_row + [multi(p.get("ptools", ""), TOOLS), *dummies(p.get("ptools", ""), TOOLS)])
            for ci, c in enumerate(p.get("crop", []), 1):
                phone = c.get("crop_phone", "")
                crop_row = [rid, str(pi), str(ci), one(c.get("crop_kind", ""), CROPS)]
                if not drop:
                    crop_row.append(person(phone))
                crops.append(crop_row)
        for vi, v in enumerate(d.get("visit", []), 1):
            visits.append([rid, str(vi), v.get("visit_date", "")])
    return {"nest": top, "nest__plot": plots, "nest__crop": crops, "nest__visit": visits}


_SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20"
_SKIPPED = set(" \t\r\n\"'\u00a0\u1680\u3000\ufeff") | {
    chr(c) for c in (*range(0x2000, 0x2010), *range(0x2028, 0x2030), *range(0x205F, 0x2065))}


def _formula_after(text: str, i: int, skip: set[str]) -> bool:
    while i < len(text) and text[i] in skip:
        i += 1
    return i < len(text) and text[i] in _SIGNS


def csv_cell(v: str) -> str:
    """A cell as the CSV holds it (docs/exports.md): after a semicolon, tab, bar or line break inside the
    text that a formula sign follows (after spaces, quotes, invisible characters) an apostrophe; text
    starting with a tab or line break, or with a formula sign after those, gets a leading apostrophe;
    a plain number such as -5 does not. Written independently of exports.tabular."""
    inner = _SKIPPED - {"\r", "\n"}
    out, i = [], 0
    while i < len(v):
        c = v[i]
        sep = v[i:i + 2] if v[i:i + 2] == "\r\n" else c
        out.append(sep)
        i += len(sep)
        if sep in (";", "\t", "|", "\r", "\n", "\r\n") and _formula_after(v, i, inner):
            out.append("'")
    w = "".join(out)
    if w and (w[0] in "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20" or _formula_after(w, 0, _SKIPPED)) \
            and not re.fullmatch(r"-?\d+(\.\d+)?", w):
        return "'" + w
    return w


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))[1:]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datas=st.lists(record, min_size=1, max_size=12), choices=st.sampled_from(["codes", "labels"]),
       personal=st.sampled_from(["keep", "drop", "mask"]), lang=st.sampled_from(["vi", "en"]))
def test_every_cell_is_what_the_record_says(tmp_path_factory, datas, choices, personal, lang):
    d = tmp_path_factory.mktemp("rows")
    store = make_db(d / "r.db", datas)
    try:
        res = run_export(store, out=d / "out", fmt="csv", choices=choices, personal=personal, lang=lang)
        want = expected_tables(store, choices=choices, personal=personal, lang=lang)
    finally:
        store.close()
    assert res.records == len(datas)
    for name, rows in want.items():
        got = read_csv(d / "out" / f"{name}.csv")
        assert got == [[csv_cell(v) for v in r] for r in rows], name
        assert res.rows[name] == len(rows)


def test_nested_repeats_carry_their_parents_lines(tmp_path):
    data = {"interview_date": "2025-03-02", "plot": [
        {"plot_name": "A", "crop": [{"crop_kind": "10"}, {"crop_kind": "20", "crop_phone": "0987654321"}]},
        {"plot_name": "B"},
        {"plot_name": "C", "crop": [{"crop_kind": "20"}]}]}
    store = make_db(tmp_path / "n.db", [data])
    run_export(store, out=tmp_path / "o", fmt="csv", personal="mask")
    store.close()
    with open(tmp_path / "o" / "nest__crop.csv", encoding="utf-8-sig", newline="") as fh:
        head, *rows = list(csv.reader(fh))
    assert head == ["_parent_id", "_plot_line", "_line", "crop_kind", "crop_phone"]
    rid = f"uuid:{uuid.UUID(int=1)}"
    assert rows == [[rid, "1", "1", "10", ""], [rid, "1", "2", "20", "*******321"], [rid, "3", "1", "20", ""]]


# ------------------------------------------------------------------ the CSV writer


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)
                              | st.sampled_from(["", ",", '"', "\r\n", "\n", "a,b", 'x"y', "=1+2", "-5", "-0.5", "+84 9",
                                                 "@SUM(A1)", "\tx", "\rx", "-x", "=HYPERLINK(\"h\",\"x\")", "- a,b"]),
                              min_size=3, max_size=3),
                     max_size=20))
def test_csv_lines_are_those_of_csv_writer(tmp_path_factory, rows):
    """Byte for byte what csv.writer writes — after text that Excel would run as a formula got its
    leading apostrophe (plain numbers such as -5 unchanged)."""
    d = tmp_path_factory.mktemp("csv")
    table = tabular.Table("t", "t", (), [tabular.Column(k, k, k, k, "text") for k in ("a", "b", "c")])
    sink = tabular._CsvSink("csv", {"t": d / "t.csv"}, [table], [], headers="names", lang="vi")
    sink.write_rows(table, [list(r) for r in rows])
    sink.write_rows(table, [["1", "2", "3"]])
    sink.finish()
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(["a", "b", "c"])

    w.writerows([[csv_cell(v) for v in r] for r in rows])
    w.writerow(["1", "2", "3"])
    assert (d / "t.csv").read_bytes() == b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


# ------------------------------------------------------------------ damaged data, order, filters


DAMAGED = [
    {"owner_name": 12, "tools": ["zalo"], "ok": None, "secret": {"x": 1}, "plot": [7, {"ptools": 3.5}]},
    {"tools": {"a": 1}, "plot": "broken", "village": True},
    {"ok": ["1"], "plot": [{"crop": "x"}, {"crop": [None, {"crop_kind": 10}]}]},
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "dta", "sav"])
@pytest.mark.parametrize("choices,personal", [("codes", "keep"), ("labels", "mask")])
def test_damaged_data_never_stops_an_export(tmp_path, fmt, choices, personal):
    store = make_db(tmp_path / "d.db", DAMAGED + [{"owner_name": "Lê Văn Tám", "tools": "fb"}])
    try:
        res = run_export(store, out=tmp_path / "o", fmt=fmt, choices=choices, personal=personal)
    finally:
        store.close()
    assert res.records == 4
    if fmt == "csv":
        top = pd.read_csv(tmp_path / "o" / "nest.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        # a list or an object where a choice answer belongs is left out; a number is written as text
        assert top["tools"].tolist()[:3] == ["", "", ""] and top["tools_zalo"].tolist()[:3] == ["", "", ""]
        assert top["owner_name"].tolist()[0] == ("12" if personal == "keep" else "1*")
        assert top["tools_fb"].tolist()[3] == "1"


def test_rows_follow_the_export_order_not_arrival_whichever_way_the_table_is_read(tmp_path):
    """By commune, then the interview's start, then id (issue 17: databases that hold the same records
    export the same bytes whatever order they arrived in)."""
    datas = [{"interview_date": f"2025-03-{1 + i % 28:02d}", "owner_name": f"n{i}"} for i in range(40)]
    store = make_db(tmp_path / "o.db", datas, status_of=lambda i: "approved" if i % 10 == 3 else "draft")
    try:
        # ids sort against arrival; records 0-19 started at the same time (the id decides among them)
        store.execute("UPDATE records SET id = 'uuid:' || (1000 - rowid), "
                      "created_at = CASE WHEN rowid <= 20 THEN '2025-03-01T08:00:00.000Z' ELSE created_at END")
        store.db.conn.commit()
        everything = run_export(store, out=tmp_path / "all.csv", fmt="csv")  # most of the table: read straight
        few = run_export(store, out=tmp_path / "few.csv", fmt="csv", filter=make_filter(statuses=["approved"]))
    finally:
        store.close()

    def key(i):  # commune alternates 00001/00004; created as set above; id 1000 - (i + 1)
        created = "2025-03-01T08:00:00.000Z" if i < 20 else f"2025-03-{1 + i % 28:02d}T08:00:00.000Z"
        return ("00001", "00004")[i % 2], created, f"uuid:{1000 - (i + 1)}"

    names = pd.read_csv(everything.files[0], dtype=str, keep_default_na=False)["owner_name"].tolist()
    assert names == [f"n{i}" for i in sorted(range(40), key=key)]
    assert names[:3] == ["n28", "n18", "n16"]  # day 1 of March (28 % 28), the id between them
    names = pd.read_csv(few.files[0], dtype=str, keep_default_na=False)["owner_name"].tolist()
    assert names == ["n13", "n3", "n33", "n23"]  # a few records: found by index, then sorted


def test_date_filter_reads_interview_date_then_today_then_creation(tmp_path):
    datas = [{"interview_date": "2025-04-10"}, {"today": "2025-04-11"}, {},  # created 2025-03-03
             {"interview_date": "2025-05-01", "today": "2025-04-12"}]
    store = make_db(tmp_path / "f.db", datas)
    try:
        res = run_export(store, out=tmp_path / "f.csv", fmt="csv",
                         filter=make_filter(date_from="2025-03-03", date_to="2025-04-30"))
    finally:
        store.close()
    df = pd.read_csv(res.files[0], dtype=str, keep_default_na=False)
    # records 1 and 3 are of commune 00001, record 2 of 00004
    assert df["_id"].tolist() == [f"uuid:{uuid.UUID(int=i)}" for i in (1, 3, 2)] and res.records == 3


# ------------------------------------------------------------------ the second process


def test_a_second_process_writes_the_same_files(tmp_path, monkeypatch):
    datas = [{"owner_name": f"Chủ {i}", "tools": "zalo fb" if i % 2 else "", "interview_date": "2025-03-02",
              "plot": [{"plot_name": "A, B", "crop": [{"crop_kind": "10"}]}] * (i % 3)} for i in range(90)]
    store = make_db(tmp_path / "p.db", datas)
    try:
        monkeypatch.setenv("KHAOSAT_EXPORT_PROCESSES", "1")
        one = run_export(store, out=tmp_path / "one", fmt="csv", choices="labels")
        monkeypatch.delenv("KHAOSAT_EXPORT_PROCESSES")
        monkeypatch.setattr(tabular, "PARALLEL_MIN", 1)
        monkeypatch.setattr(tabular, "SLICES", 7)
        monkeypatch.setattr(tabular.os, "cpu_count", lambda: 2)
        two = run_export(store, out=tmp_path / "two", fmt="csv", choices="labels")
    finally:
        store.close()
    assert (two.records, dict(two.rows)) == (one.records, dict(one.rows)) == (90, dict(one.rows))
    for f in one.files:
        name = f.split("/")[-1]
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == sorted(p.name for p in (tmp_path / "one").iterdir())


def test_cancelling_stops_the_second_process_and_leaves_no_file(tmp_path, monkeypatch):
    import threading

    from models.base.errors import Cancelled

    store = make_db(tmp_path / "c.db", [{"owner_name": f"n{i}"} for i in range(3000)])
    monkeypatch.setattr(tabular, "PARALLEL_MIN", 1)
    monkeypatch.setattr(tabular.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(tabular, "CHUNK", 100)
    stop = threading.Event()
    gen = tabular.export_data(store, out=tmp_path / "c", fmt="csv", cancel=stop)
    try:
        next(gen)
        next(gen)  # the second process has started
        stop.set()
        with pytest.raises(Cancelled):
            for _ in gen:
                pass
    finally:
        store.close()
    assert not (tmp_path / "c").exists()  # the folder the export made is removed with what it held


def test_a_failure_in_the_second_process_is_a_clear_message(tmp_path):
    store = make_db(tmp_path / "e.db", [{"owner_name": "x"}] * 10)
    try:
        tables, form = tabular.form_tables(store, "nest")
        maker = tabular._RowMaker(tables, form, choices="codes", personal="keep", lang="vi")
        parts = {t.name: tmp_path / "no_such_folder" / f"{t.name}.csv.part" for t in tables}
        helper = tabular._SecondProcess(store.path, [("form_id = ?", ["nest"])] * 2, True, [("nest", tables, maker)],
                                        tabular.ExportFilter(), parts)
        try:
            while not helper.finished(0.1):
                pass
            with pytest.raises(tabular.AppError) as e:
                helper.result()
        finally:
            helper.close()
    finally:
        store.close()
    assert e.value.code in (FileCode.WRITE_FAILED, FileCode.READ_ONLY) and "no_such_folder" in e.value.message("vi")
