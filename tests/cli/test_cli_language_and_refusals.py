"""The command line speaks the user's language, accepts --lang anywhere, uses the documented exit codes
and refuses mistyped paths, wrong output names and unknown communes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cli
from cli import main
from tests.exports.fixtures import make_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("clilang")
    store, ids = make_store(d / "a.db")
    commune = store.execute("SELECT commune FROM records LIMIT 1").fetchone()[0]
    store.close()
    return d / "a.db", ids, commune


# ---------------------------------------------------------------- argparse: language and exit code
def test_usage_errors_are_vietnamese_by_default_and_exit_1(capsys):
    assert main(["forms", "lisst"]) == 1
    err = capsys.readouterr().err
    assert "cách dùng:" in err and "lỗi:" in err and "lựa chọn 'lisst' không hợp lệ" in err
    assert "usage" not in err and "invalid choice" not in err and "main.py forms --help" in err
    assert main(["demo", "--db", "x.db", "--commune", "18073", "--enterprises", "abc"]) == 1
    err = capsys.readouterr().err
    assert "giá trị 'abc' không hợp lệ (cần số nguyên)" in err
    assert main(["print", "--db", "x.db", "--out", "x.pdf"]) == 1
    assert "cần một trong các tham số --record --all --blank" in capsys.readouterr().err
    assert main(["export", "--db", "x.db"]) == 1
    assert "thiếu các tham số bắt buộc: --format, --out" in capsys.readouterr().err


def test_usage_errors_in_english_with_lang_before_or_after(capsys):
    for argv in (["--lang", "en", "forms", "list", "--bogus"], ["forms", "list", "--bogus", "--lang", "en"],
                 ["forms", "list", "--lang=en", "--bogus"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert "usage:" in err and "unrecognized arguments: --bogus" in err and "lỗi" not in err, argv


def test_help_is_vietnamese_and_exits_0(capsys):
    assert main(["package", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("cách dùng:") and "tùy chọn" in out and "in hướng dẫn này rồi thoát" in out


@pytest.mark.parametrize("argv", [
    ["forms", "list"], ["forms", "check", "F"], ["forms", "evaluate", "F", "--answers", "A"],
    ["demo", "--db", "D", "--commune", "18073"], ["package", "export", "--db", "D", "--out", "O"],
    ["package", "import", "--db", "D", "P"], ["package", "inspect", "P"], ["package", "key", "--db", "D"],
    ["package", "senders", "--db", "D"], ["package", "history", "--db", "D"],
    ["export", "--db", "D", "--format", "csv", "--out", "O"], ["report", "--db", "D", "--out", "O"],
    ["print", "--db", "D", "--out", "O", "--all"], ["sync", "--db", "D"]])
def test_lang_is_accepted_after_every_command(argv):
    parser = cli.build_parser()
    assert parser.parse_args(argv + ["--lang", "en"]).lang == "en"
    assert parser.parse_args(["--lang", "en"] + argv).lang == "en"
    assert parser.parse_args(argv).lang is None


def test_forms_list_headers_follow_the_language(capsys):
    assert main(["forms", "list", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("form_id\tversion\tquestions\ttitle")
    assert main(["forms", "list"]) == 0
    assert capsys.readouterr().out.startswith("form_id\tphiên bản\tcâu hỏi\ttiêu đề")


# ---------------------------------------------------------------- paths, extensions, communes
def test_missing_or_folder_db_is_refused_and_nothing_is_created(db, tmp_path, capsys):
    typo = str(tmp_path / "typo.db")
    for argv in (["export", "--db", typo, "--format", "csv", "--out", str(tmp_path / "o")],
                 ["report", "--db", typo, "--out", str(tmp_path / "r.pdf")],
                 ["print", "--db", typo, "--out", str(tmp_path / "p.pdf"), "--all"],
                 ["sync", "--db", typo],
                 ["package", "export", "--db", typo, "--out", str(tmp_path / "x.ksp")],
                 ["package", "key", "--db", typo, "--out", str(tmp_path / "k.pub")],
                 ["package", "senders", "--db", typo],
                 ["package", "history", "--db", typo]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "Không có cơ sở dữ liệu" in err and "typo.db" in err and "file not found" not in err, argv
    assert main(["package", "key", "--db", typo, "--lang", "en"]) == 2
    assert "There is no database" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []  # no database made, nothing written
    assert main(["export", "--db", str(tmp_path), "--format", "csv", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "là một thư mục, không phải tệp cơ sở dữ liệu" in err and "Is a directory" not in err


def test_wrong_output_extensions_are_refused(db, tmp_path, capsys):
    path = str(db[0])
    assert main(["report", "--db", path, "--out", str(tmp_path / "x.txt")]) == 2
    err = capsys.readouterr().err
    assert "x.txt" in err and ".pdf" in err and str(tmp_path / "x.pdf") in err
    assert main(["print", "--db", path, "--out", str(tmp_path / "rec.docx"), "--all"]) == 2
    assert "rec.docx" in capsys.readouterr().err
    assert main(["export", "--db", path, "--format", "xlsx", "--out", str(tmp_path / "f5.csv")]) == 2
    err = capsys.readouterr().err
    assert "f5.csv" in err and ".xlsx" in err
    assert main(["--lang", "en", "export", "--db", path, "--format", "csv", "--out", str(tmp_path / "f6.xlsx")]) == 2
    assert "must end in .csv" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []  # no folder named f5.csv, no PDF named x.txt


def test_report_for_an_unknown_commune_is_refused_naming_it(db, tmp_path, capsys):
    path, _, commune = db
    assert main(["report", "--db", str(path), "--out", str(tmp_path / "r.pdf"), "--commune", "99999"]) == 2
    err = capsys.readouterr().err
    assert "'99999'" in err and commune in err and not (tmp_path / "r.pdf").exists()
    assert main(["report", "--db", str(path), "--out", str(tmp_path / "r.pdf"), "--commune", commune]) == 0


def test_print_nothing_messages_say_what_to_do(tmp_path, capsys):
    from models.store.database import open_store

    open_store(tmp_path / "empty.db").close()
    assert main(["print", "--db", str(tmp_path / "empty.db"), "--out", str(tmp_path / "a.pdf"), "--all"]) == 2
    err = capsys.readouterr().err
    assert "không có phiếu nào" in err and "--blank" in err and "chọn --all" not in err
    assert main(["print", "--db", str(tmp_path / "empty.db"), "--out", str(tmp_path / "a.pdf"), "--all",
                 "--status", "approved", "--lang", "en"]) == 2
    assert "no record with the status approved to print" in capsys.readouterr().err
    assert main(["print", "--db", str(tmp_path / "empty.db"), "--out", str(tmp_path / "a.pdf"), "--record",
                 "uuid:nope"]) == 2
    err = capsys.readouterr().err
    assert "uuid:nope" in err and "danh sách phiếu" in err
    assert not (tmp_path / "a.pdf").exists()


def test_demo_uses_the_vietnamese_decimal_comma(tmp_path, capsys):
    assert main(["demo", "--db", str(tmp_path / "d.db"), "--commune", "18073", "--households", "1", "--seed", "1",
                 "--quiet"]) == 0
    out = capsys.readouterr().out
    secs = out.rsplit(";", 1)[1]
    assert "giây" in secs and "," in secs and "." not in secs.replace(").", "")


# ---------------------------------------------------------------- --self-test
def test_self_test_in_both_languages(capsys):
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Tự kiểm tra: ĐẠT") and "PDF tiếng Việt" in out and "xuất CSV" in out and "bản dịch" in out
    assert main(["--self-test", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Self-test: OK")


def test_self_test_reports_a_missing_translation_without_traceback(tmp_path, monkeypatch, capsys):
    import cli.selftest_cmd as st

    monkeypatch.setattr(st, "_i18n_dir", lambda: tmp_path)
    assert main(["--self-test"]) == 1
    err = capsys.readouterr().err
    assert "Tự kiểm tra không đạt ở bước 'bản dịch'" in err and str(tmp_path) in err and "Traceback" not in err


def test_self_test_reports_a_clashing_form_and_an_unexpected_error(monkeypatch, capsys):
    from models.store.database import Store
    from models.store.errors import StoreCode, StoreError

    def clash(self):
        raise StoreError(StoreCode.FORM_VERSION_CLASH, form_id="household_digital", version="2025.1")

    monkeypatch.setattr(Store, "install_bundled_forms", clash)
    assert main(["--self-test", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "The self-test failed at the step 'bundled forms'" in err and "household_digital" in err

    def boom(self):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(Store, "install_bundled_forms", boom)
    assert main(["--self-test"]) == 3
    err = capsys.readouterr().err
    assert "Lỗi không mong đợi" in err and "internal detail" not in err and "Traceback" not in err


def test_self_test_as_a_user_runs_it():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([sys.executable, "main.py", "--lang", "en", "--self-test"], cwd=ROOT, capture_output=True,
                       text=True, env=env, timeout=120)
    assert p.returncode == 0 and p.stdout.startswith("Self-test: OK") and not p.stderr.strip(), p.stderr
