"""``record erase`` (issue 18): a thin call of ``models.exchange.erase.erase_record``, with ``--json``, and
bad input (an unknown id, a question that is not personal, no reason) refused in both languages, exit 1 or
2, with nothing changed."""

from __future__ import annotations

import json

import pytest

from models.store.database import open_store
from tests.cli.test_clerk_cmd import run
from tests.models.test_erase import CCCD, NAME, db, interview


@pytest.fixture
def one(tmp_path, monkeypatch):
    monkeypatch.setenv("KHAOSAT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KHAOSAT_PIN", raising=False)
    s = db(tmp_path / "a.db")
    rid = interview(s)
    s.close()
    return str(tmp_path / "a.db"), rid


def snapshot(path):
    s = open_store(path, create=False)
    try:
        return (s.rows("SELECT * FROM records"), s.rows("SELECT * FROM audit"),
                s.rows("SELECT * FROM erasures"))
    finally:
        s.close()


def test_record_erase_erases_and_prints_what_it_did(one, capsys):
    path, rid = one
    code, out, err = run(capsys, "record", "erase", "--db", path, rid, "--reason", "đơn yêu cầu ngày 05/12",
                         "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["record_id"] == rid and data["fields"] == ["resp_name", "cccd", "phone", "m_name"]
    assert data["reason"] == "đơn yêu cầu ngày 05/12" and data["user"] == "Nguyễn Văn An"
    s = open_store(path, create=False)
    try:
        ans = s.record(rid)["answers"]
        assert "cccd" not in ans and "resp_name" not in ans and ans["village"] == "Thôn 3"
    finally:
        s.close()
    code, out, err = run(capsys, "record", "show", "--db", path, rid)
    assert CCCD not in out and NAME not in out
    assert "Dữ liệu cá nhân đã được xoá lúc" in out and "Nguyễn Văn An" in out and "đơn yêu cầu ngày 05/12" in out
    import re

    # the time as on the screens (dd/mm/yyyy hh:mm, local), not the stored ISO text
    assert re.search(r"xoá lúc \d\d/\d\d/\d{4} \d\d:\d\d bởi", out) and "Z bởi" not in out
    code, out, err = run(capsys, "record", "show", "--db", path, rid, "--json")
    shown = json.loads(out)
    assert shown["erasures"][0]["fields"] == ["resp_name", "cccd", "phone", "m_name"]
    assert "village" in shown["answers"] and "cccd" not in shown["answers"]


def test_record_erase_one_field_in_english(one, capsys):
    path, rid = one
    code, out, err = run(capsys, "--lang", "en", "record", "erase", "--db", path, rid, "--reason", "asked",
                         "--field", "cccd")
    assert code == 0, err
    assert "Erased the personal data (cccd)" in out
    s = open_store(path, create=False)
    try:
        ans = s.record(rid)["answers"]
        assert "cccd" not in ans and ans["resp_name"] == NAME
    finally:
        s.close()


@pytest.mark.parametrize("args, vi, en", [
    (["--reason", "x", "--field", "hh_size"], "không phải dữ liệu cá nhân", "is not personal data"),
    (["--reason", "  "], "Hãy ghi lý do", "Give the reason"),
    ([], "Hãy ghi lý do", "Give the reason"),
])
def test_bad_input_is_refused_in_both_languages_and_changes_nothing(one, capsys, args, vi, en):
    path, rid = one
    before = snapshot(path)
    code, out, err = run(capsys, "record", "erase", "--db", path, rid, *args)
    assert code in (1, 2) and vi in err and "Traceback" not in err
    code, out, err = run(capsys, "--lang", "en", "record", "erase", "--db", path, rid, *args)
    assert code in (1, 2) and en in err
    assert snapshot(path) == before


def test_an_unknown_record_is_refused(one, capsys):
    path, _rid = one
    before = snapshot(path)
    code, out, err = run(capsys, "record", "erase", "--db", path, "uuid:khong-co", "--reason", "x")
    assert code in (1, 2) and "uuid:khong-co" in err
    code, out, err = run(capsys, "--lang", "en", "record", "erase", "--db", path, "uuid:khong-co", "--reason", "x")
    assert code in (1, 2) and "uuid:khong-co" in err and "Traceback" not in err
    assert snapshot(path) == before


def test_package_import_says_an_erasure_from_an_untrusted_sender_waits(tmp_path, monkeypatch, capsys):
    from models.exchange import erase
    from models.exchange.packages import export_package
    from tests.models.pkg_helpers import import_files

    monkeypatch.setenv("KHAOSAT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KHAOSAT_PIN", raising=False)
    a = db(tmp_path / "a.db", name="Enumerator A")
    rid = interview(a)
    export_package(a, tmp_path / "p0.ksp")
    b = db(tmp_path / "b.db", role="clerk", name="Clerk B", code="C01")
    import_files(b, [tmp_path / "p0.ksp"])
    b.close()
    erase.erase_record(a, rid, reason="yêu cầu")
    export_package(a, tmp_path / "p1.ksp")
    a.close()
    code, out, err = run(capsys, "--lang", "en", "package", "import", "--db", tmp_path / "b.db", tmp_path / "p1.ksp")
    assert code == 0, err
    assert f"the erasure of personal data of 1 record ({rid})" in out and "senders trust" in out
    code, out, err = run(capsys, "package", "import", "--db", tmp_path / "b.db", tmp_path / "p1.ksp", "--json")
    s = open_store(tmp_path / "b.db", create=False)
    try:
        assert s.record(rid)["answers"]["cccd"] == CCCD  # nothing erased yet
    finally:
        s.close()
