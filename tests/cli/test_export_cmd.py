"""The export, report and print commands as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from cli import main
from tests.exports.fixtures import make_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    store, ids = make_store(d / "a.db")
    store.close()
    return d / "a.db", ids


def test_export_every_format_to_a_folder(db, tmp_path, capsys):
    path, ids = db
    for fmt in ("csv", "xlsx", "dta", "sav"):
        assert main(["export", "--db", str(path), "--format", fmt, "--out", str(tmp_path / f"out_{fmt}")]) == 0
    out = capsys.readouterr().out
    assert "Đã xuất 7 phiếu" in out
    assert sorted(p.name for p in (tmp_path / "out_csv").iterdir()) == ["hh_test.csv", "hh_test__mem.csv"]
    assert (tmp_path / "out_xlsx" / "hh_test.xlsx").exists()
    assert (tmp_path / "out_dta" / "hh_test__mem.dta").exists() and (tmp_path / "out_sav" / "hh_test.sav").exists()


def test_export_one_form_in_english_with_labels(db, tmp_path, capsys):
    path, _ = db
    code = main(["--lang", "en", "export", "--db", str(path), "--format", "csv", "--out", str(tmp_path / "x.csv"),
                 "--form", "hh_test", "--headers", "labels", "--choices", "labels", "--status", "approved"])
    assert code == 0 and "Exported 2 records" in capsys.readouterr().out
    df = pd.read_csv(tmp_path / "x.csv", dtype=str, keep_default_na=False)
    assert "Internet at home?" in df.columns and set(df["Status"]) == {"Approved"}


def test_bad_input_gives_a_message_and_exit_2(db, tmp_path, capsys):
    path, _ = db
    assert main(["export", "--db", str(path), "--format", "csv", "--out", str(tmp_path / "n"),
                 "--form", "khong_co"]) == 2
    assert "khong_co" in capsys.readouterr().err
    assert main(["export", "--db", str(path), "--format", "csv", "--out", str(tmp_path / "n"),
                 "--from", "31/12/2025"]) == 2
    assert "NĂM-THÁNG-NGÀY" in capsys.readouterr().err
    assert main(["export", "--db", str(tmp_path / "missing.db"), "--format", "csv", "--out", str(tmp_path / "n")]) == 2
    assert main(["print", "--db", str(path), "--out", str(tmp_path / "p.pdf"), "--record", "uuid:nope"]) == 2
    assert "uuid:nope" in capsys.readouterr().err
    assert not (tmp_path / "p.pdf").exists()


def test_report_and_print(db, tmp_path, capsys):
    path, ids = db
    assert main(["report", "--db", str(path), "--out", str(tmp_path / "r.pdf")]) == 0
    assert main(["report", "--db", str(path), "--out", str(tmp_path / "p.pdf"), "--level", "province",
                 "--lang", "en"]) == 0
    assert main(["print", "--db", str(path), "--out", str(tmp_path / "all.pdf"), "--all"]) == 0
    assert main(["print", "--db", str(path), "--out", str(tmp_path / "one.pdf"), "--record", ids[1]]) == 0
    assert main(["print", "--db", str(path), "--out", str(tmp_path / "blank.pdf"), "--blank", "hh_test"]) == 0
    assert "Đã in 7 phiếu" in capsys.readouterr().out
    # English counts agree with their nouns
    assert main(["--lang", "en", "print", "--db", str(path), "--out", str(tmp_path / "one_en.pdf"),
                 "--record", ids[1]]) == 0
    assert "Printed 1 record, " in capsys.readouterr().out
    assert len(PdfReader(str(tmp_path / "all.pdf")).pages) >= 7
    assert "Lê Văn Đức" in PdfReader(str(tmp_path / "one.pdf")).pages[0].extract_text()
    # The bundled indicators name forms this database lacks: the report still renders
    assert "Báo cáo kết quả khảo sát" in PdfReader(str(tmp_path / "r.pdf")).pages[0].extract_text()


def test_main_py_runs_the_command(db, tmp_path):
    path, _ = db
    p = subprocess.run([sys.executable, "main.py", "print", "--db", str(path), "--out", str(tmp_path / "b.pdf"),
                        "--blank", "hh_test"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "b.pdf").stat().st_size > 1000
