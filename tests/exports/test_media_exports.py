"""Files attached to records in exports (issue 12 part D, item 4): the CSV/XLSX/Stata columns keep the
file name, the files go into a ``media/`` folder next to the export, and a filled questionnaire prints
an image's thumbnail (another file's name and size)."""

from __future__ import annotations

import csv
import hashlib

import pytest

from exports.questionnaire import print_records
from exports.tabular import make_filter, run_export
from models.base.progress import run
from tests.models.media_helpers import add_media_form, add_shop, png
from tests.models.pkg_helpers import make_db


@pytest.fixture
def store(tmp_path):
    s = make_db(tmp_path / "m.db")
    add_media_form(s)
    yield s
    s.close()


def test_csv_keeps_the_file_name_and_the_files_go_to_a_media_folder(store, tmp_path):
    photo, sig = png(12, 9), png(3, 3, (0, 0, 0))
    add_shop(store, "Tạp hoá Minh Anh", photo, sig=sig)
    add_shop(store, "Cơ sở Hòa Bình", photo)  # the same photo: one file
    res = run_export(store, out=tmp_path / "out" / "shops.csv", fmt="csv", filter=make_filter(form_ids=["pkg_media"]))
    with open(tmp_path / "out" / "shops.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["photo"] for r in rows] == ["1712345678901.png", "1712345678901.png"]
    assert [r["sig"] for r in rows] == ["1712345678902.png", ""]
    media = tmp_path / "out" / "media"
    assert sorted(p.name for p in media.iterdir()) == ["1712345678901.png", "1712345678902.png"]
    assert hashlib.sha256((media / "1712345678901.png").read_bytes()).hexdigest() == hashlib.sha256(photo).hexdigest()
    assert (media / "1712345678902.png").read_bytes() == sig
    assert str(media / "1712345678902.png") in res.files and not list(media.glob("*.part"))


def test_xlsx_and_stata_keep_the_file_name(store, tmp_path):
    add_shop(store, "Tạp hoá Minh Anh", png())
    run_export(store, out=tmp_path / "x" / "shops.xlsx", fmt="xlsx", filter=make_filter(form_ids=["pkg_media"]))
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "x" / "shops.xlsx", read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][rows[0].index("photo")] == "1712345678901.png"
    assert (tmp_path / "x" / "media" / "1712345678901.png").read_bytes() == png()
    run_export(store, out=tmp_path / "d" / "shops.dta", fmt="dta", filter=make_filter(form_ids=["pkg_media"]))
    import pyreadstat

    df, _meta = pyreadstat.read_dta(str(tmp_path / "d" / "shops.dta"))
    assert list(df["photo"]) == ["1712345678901.png"]


def test_personal_data_dropped_or_masked_leaves_the_files_out(store, tmp_path):
    add_shop(store, "Tạp hoá Minh Anh", png())
    run_export(store, out=tmp_path / "o" / "shops.csv", fmt="csv", filter=make_filter(form_ids=["pkg_media"]),
               personal="mask")
    assert not (tmp_path / "o" / "media").exists()


def test_a_filled_questionnaire_prints_the_image_thumbnails(store, tmp_path):
    rid = add_shop(store, "Tạp hoá Minh Anh", png(200, 120), sig=png(40, 20, (0, 0, 0)))
    plain = add_shop(store, "Cơ sở không ảnh", png())
    run(print_records(store, out=str(tmp_path / "with.pdf"), record_ids=[rid]))
    data = (tmp_path / "with.pdf").read_bytes()
    assert data.count(b"/Subtype /Image") == 2  # the photo and the signature
    from pypdf import PdfReader

    text = PdfReader(str(tmp_path / "with.pdf")).pages[0].extract_text()
    assert "1712345678901.png" in text and "1712345678902.png" in text
    store.execute("UPDATE records SET files = '{}' WHERE id = ?", [plain])  # an image whose bytes are gone
    run(print_records(store, out=str(tmp_path / "without.pdf"), record_ids=[plain]))
    assert b"/Subtype /Image" not in (tmp_path / "without.pdf").read_bytes()


def test_databases_that_received_the_same_records_in_other_orders_export_the_same_files(tmp_path):
    """Issue 17: two records whose photos have the same file name (each phone names its own) reach two
    clerks in opposite orders; both exports write the same CSV and the same media/ file (the one of the
    record last in the export order), not whichever arrived last."""
    from models.exchange.packages import export_package
    from tests.models.pkg_helpers import import_files

    e = make_db(tmp_path / "e.db")
    add_media_form(e)
    a = add_shop(e, "Tạp hoá Minh Anh", png(12, 9))
    b = add_shop(e, "Cơ sở Hòa Bình", png(3, 3, (0, 0, 0)))
    export_package(e, tmp_path / "a.ksp", record_ids=[a])
    export_package(e, tmp_path / "b.ksp", record_ids=[b])
    e.close()
    got = []
    for name, order in (("x", ["a", "b"]), ("y", ["b", "a"])):
        c = make_db(tmp_path / f"{name}.db", role="clerk", code="C01", forms=False)
        assert [s.added for s in import_files(c, [tmp_path / f"{k}.ksp" for k in order])] == [1, 1]
        run_export(c, out=tmp_path / name / "shops.csv", fmt="csv", filter=make_filter(form_ids=["pkg_media"]))
        c.close()
        got.append({p.relative_to(tmp_path / name).as_posix(): p.read_bytes()
                    for p in sorted((tmp_path / name).rglob("*")) if p.is_file()})
    assert sorted(got[0]) == ["media/1712345678901.png", "shops.csv", "shops__doc.csv"]
    assert got[0] == got[1]
