"""``forms held | install-held | refuse-held`` (issue 17): a form version that came down in a package from a
sender not trusted here is installed or refused from the command line, by the same service functions as
Settings → Forms; bad input (an unknown form or version, a sender that did not send it) is refused in both
languages and changes nothing."""

from __future__ import annotations

import json

import pytest

from forms import load_form
from models.exchange.keys import identity
from models.exchange.packages import export_package
from models.store.database import open_store
from tests.cli.test_clerk_cmd import run
from tests.models.pkg_helpers import import_files, make_db
from tests.models.test_forms_down import ENTERPRISE_2


@pytest.fixture
def clerk(tmp_path, monkeypatch):
    """A clerk's database holding version 2 of ``pkg_ent`` sent down by a province it does not trust yet.
    Returns (path, the province's fingerprint)."""
    monkeypatch.setenv("KHAOSAT_HOME", str(tmp_path / "home"))
    prov = make_db(tmp_path / "prov.db", role="province", name="Sở KH&CN Hà Tĩnh", code="P01", commune="")
    prov.add_form(load_form(ENTERPRISE_2))
    export_package(prov, tmp_path / "forms.ksp", forms_only=True)
    fp = identity(prov).fingerprint
    prov.close()
    c = make_db(tmp_path / "clerk.db", role="commune", name="Phạm Thị Dung", code="X01")
    [s] = import_files(c, [tmp_path / "forms.ksp"])
    assert s.forms_held == ["pkg_ent 2"]
    c.close()
    return str(tmp_path / "clerk.db"), fp


def forms_state(path: str) -> tuple:
    s = open_store(path, create=False)
    try:
        return (sorted(s.execute("SELECT form_id, version FROM forms").fetchall()),
                sorted(s.execute("SELECT form_id, version, sender, state FROM pending_forms").fetchall()))
    finally:
        s.close()


def test_held_lists_the_form_and_install_held_installs_it(clerk, capsys):
    db, fp = clerk
    code, out, _ = run(capsys, "forms", "held", "--db", db, "--json")
    assert code == 0
    [row] = json.loads(out)
    assert (row["form_id"], row["version"], row["sender"], row["sender_name"], row["sender_trusted"]) == (
        "pkg_ent", "2", fp, "Sở KH&CN Hà Tĩnh", False)
    code, out, _ = run(capsys, "--lang", "en", "forms", "held", "--db", db)
    assert code == 0
    header, line = out.splitlines()
    assert header.split("\t") == ["Form", "Version", "Title", "Sender", "Fingerprint", "Trusted", "Received at"]
    assert line.split("\t")[:6] == ["pkg_ent", "2", row["title"], "Sở KH&CN Hà Tĩnh", fp, "no"]

    # the fingerprint as read on the phone: no spaces, lower case
    code, out, err = run(capsys, "forms", "install-held", "--db", db, "pkg_ent", "2",
                         "--sender", fp.replace(" ", "").lower())
    assert code == 0, err
    assert "Đã cài đặt biểu mẫu pkg_ent phiên bản 2" in out
    s = open_store(db, create=False)
    try:
        assert s.latest_version("pkg_ent") == "2"
        assert "computers" in [e.name for e in s.form("pkg_ent").elements]
    finally:
        s.close()
    code, out, _ = run(capsys, "--lang", "en", "forms", "held", "--db", db)
    assert code == 0 and out.strip() == "No form is waiting to be installed."
    code, out, _ = run(capsys, "forms", "held", "--db", db, "--json")
    assert code == 0 and json.loads(out) == []
    # installed already: asking again is refused, naming it, and changes nothing
    before = forms_state(db)
    code, out, err = run(capsys, "--lang", "en", "forms", "install-held", "--db", db, "pkg_ent", "2")
    assert code == 2 and out == ""
    assert "Form 'pkg_ent' version '2' is not among the forms waiting to be installed" in err
    assert "forms held" in err and "Nothing was changed." in err
    assert forms_state(db) == before


def test_refuse_held_refuses_it_and_it_is_not_held_again(clerk, capsys, tmp_path):
    db, _fp = clerk
    code, out, err = run(capsys, "--lang", "en", "forms", "refuse-held", "--db", db, "pkg_ent", "2", "--json")
    assert code == 0, err
    assert json.loads(out) == {"form_id": "pkg_ent", "version": "2", "decision": "refused"}
    forms, pending = forms_state(db)
    assert ("pkg_ent", "2") not in forms and [p[3] for p in pending] == ["refused"]
    # the same package again: not held again, so nothing to install
    s = open_store(db, create=False)
    try:
        [summary] = import_files(s, [tmp_path / "forms.ksp"])
        assert summary.forms_held == [] and s.latest_version("pkg_ent") == "1"
    finally:
        s.close()
    before = forms_state(db)
    code, _o, err = run(capsys, "forms", "install-held", "--db", db, "pkg_ent", "2")
    assert code == 2 and "Biểu mẫu 'pkg_ent' phiên bản '2'" in err and "Không có gì bị thay đổi." in err
    code, _o, err = run(capsys, "forms", "refuse-held", "--db", db, "pkg_ent", "2")
    assert code == 2 and "không có trong danh sách biểu mẫu chờ cài đặt" in err
    assert forms_state(db) == before


@pytest.mark.parametrize("argv, words", [
    (["install-held", "{db}", "pkg_ent", "9"], ["'pkg_ent'", "'9'"]),
    (["install-held", "{db}", "no_such_form", "2"], ["'no_such_form'"]),
    (["refuse-held", "{db}", "pkg_ent", "3"], ["'pkg_ent'", "'3'"]),
    (["install-held", "{db}", "pkg_ent", "2", "--sender", "0000 1111 2222 3333 4444"],
     ["'pkg_ent'", "'2'", "0000 1111 2222 3333 4444"]),
])
def test_an_unknown_form_version_or_sender_is_refused_in_both_languages(clerk, capsys, argv, words):
    db, _fp = clerk
    before = forms_state(db)
    argv = [a.format(db=db) for a in argv]
    argv.insert(1, "--db")
    for lang, said in (("vi", "không có trong danh sách biểu mẫu chờ cài đặt"),
                       ("en", "is not among the forms waiting to be installed")):
        code, out, err = run(capsys, "--lang", lang, "forms", *argv)
        assert code == 2 and out == "", err
        assert said in err and all(w in err for w in words), err
        assert "Traceback" not in err
    assert forms_state(db) == before


def test_a_missing_database_or_argument_is_refused(clerk, capsys, tmp_path):
    db, _fp = clerk
    code, _o, err = run(capsys, "--lang", "en", "forms", "held", "--db", tmp_path / "none.db")
    assert code == 2 and "none.db" in err
    assert not (tmp_path / "none.db").exists()
    # a mistyped command is an input problem (exit 1), said in the reader's language
    code, _o, err = run(capsys, "forms", "install-held", "--db", db, "pkg_ent")
    assert code == 1 and "thiếu các tham số bắt buộc: VERSION" in err and "Traceback" not in err
    assert forms_state(db)[1][0][3] == "held"
