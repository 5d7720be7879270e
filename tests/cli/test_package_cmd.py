"""``package`` commands as a user's script runs them (the contract's steps, with our own databases)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.models.pkg_helpers import add_enterprise, add_household, make_db

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cli(*args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KHAOSAT_HOME=os.environ.get("KHAOSAT_HOME", "/tmp"))
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.fixture(scope="module")
def enumerators(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    for name, code, ent, hh in (("e1", "E01", 5, 7), ("e2", "E02", 3, 4)):
        s = make_db(d / f"{name}.db", code=code)
        s.execute("PRAGMA synchronous=OFF")
        for i in range(ent):
            add_enterprise(s, f"Doanh nghiệp {code}-{i}", tax=f"{code[1:]}0000000{i}")
        for i in range(hh):
            add_household(s, f"Hộ {code}-{i}", members=1, complete=i % 2 == 0)
        s.close()
    return d


def test_export_import_again_and_flipped_byte(enumerators, tmp_path):
    d = enumerators
    for n in ("1", "2"):
        p = cli("package", "export", "--db", d / f"e{n}.db", "--out", tmp_path / f"p{n}.ksp")
        assert p.returncode == 0, p.stderr
    first = cli("package", "import", "--db", tmp_path / "c.db", tmp_path / "p1.ksp", tmp_path / "p2.ksp", "--json")
    assert first.returncode == 0, first.stderr
    out = json.loads(first.stdout)
    assert [x["added"] for x in out] == [12, 7] and sum(x["added"] for x in out) == 19
    again = cli("package", "import", "--db", tmp_path / "c.db", tmp_path / "p1.ksp", tmp_path / "p2.ksp")
    assert again.returncode == 0
    assert again.stdout.strip() == "added=0 updated=0 unchanged=19 conflicts=0 duplicates=0 refused=0"
    b = bytearray((tmp_path / "p1.ksp").read_bytes())
    b[len(b) // 2] ^= 0x5A
    (tmp_path / "bad.ksp").write_bytes(bytes(b))
    bad = cli("package", "import", "--db", tmp_path / "c3.db", tmp_path / "bad.ksp")
    assert bad.returncode == 2 and "bad.ksp" in bad.stderr and "Traceback" not in bad.stderr
    assert bad.stdout.strip().endswith("refused=1")
    en = cli("--lang", "en", "package", "import", "--db", tmp_path / "c3.db", tmp_path / "bad.ksp")
    assert en.returncode == 2 and "Nothing was changed" in en.stderr


def test_key_complete_only_encrypted_inspect(enumerators, tmp_path):
    d = enumerators
    make_db(tmp_path / "prov.db", role="province", name="Sở KH&CN", code="T01", forms=False).close()
    k = cli("package", "key", "--db", tmp_path / "prov.db", "--out", tmp_path / "prov.pub")
    assert k.returncode == 0 and "prov.pub" in k.stdout
    printed = json.loads(cli("package", "key", "--db", tmp_path / "prov.db").stdout)
    assert printed["format"] == "khaosat-public-key" and "private" not in json.dumps(printed)
    p = cli("package", "export", "--db", d / "e1.db", "--out", tmp_path / "c.ksp", "--complete-only",
            "--to", tmp_path / "prov.pub", "--json")
    assert p.returncode == 0, p.stderr
    res = json.loads(p.stdout)
    assert res["records"] == 4 and res["encrypted_for"] == printed["fingerprint"]
    i = cli("package", "inspect", tmp_path / "c.ksp")
    assert i.returncode == 0 and "E01" in i.stdout and "mã hóa cho" in i.stdout
    imp = cli("package", "import", "--db", tmp_path / "prov.db", tmp_path / "c.ksp")
    assert imp.stdout.strip().startswith("added=4 ")
    wrong = cli("package", "import", "--db", tmp_path / "other.db", tmp_path / "c.ksp")
    assert wrong.returncode == 2 and "người nhận khác" in wrong.stderr
    assert not [p for p in os.listdir(tmp_path) if p.startswith("other.db")]  # no new database left behind
    h = cli("package", "history", "--db", tmp_path / "prov.db", "--json")
    assert json.loads(h.stdout)[0]["summary"]["added"] == 4
    s = cli("package", "senders", "--db", tmp_path / "prov.db")
    assert "E01" in s.stdout
    # A header line, local dd/MM/yyyy HH:mm times, words for the role and the trust
    head, first = s.stdout.splitlines()[:2]
    assert head.split("\t")[:2] == ["Mã khóa", "Họ tên"] and len(head.split("\t")) == len(first.split("\t"))
    assert re.search(r"\t\d{2}/\d{2}/\d{4} \d{2}:\d{2}\t", first) and "điều tra viên" in first
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", s.stdout)
    ht = cli("package", "history", "--db", tmp_path / "prov.db", "--lang", "en").stdout.splitlines()
    assert ht[0].startswith("Imported at\tCommune\tSender") and re.match(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}\t", ht[1])
    assert "added=4" in ht[1]
    missing = cli("package", "export", "--db", tmp_path / "nope.db", "--out", tmp_path / "x.ksp")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    badkey = tmp_path / "bad.pub"
    badkey.write_text("{}", encoding="utf-8")
    bk = cli("package", "export", "--db", d / "e1.db", "--out", tmp_path / "y.ksp", "--to", badkey)
    assert bk.returncode == 2 and "bad.pub" in bk.stderr


def test_a_mistyped_db_makes_no_new_installation(tmp_path):
    """``package key`` (and every command but demo/import) refuses a database that does not exist."""
    for args in (("package", "key", "--db", tmp_path / "typo.db"),
                 ("package", "key", "--db", tmp_path / "typo.db", "--out", tmp_path / "k.pub"),
                 ("package", "senders", "--db", tmp_path / "typo.db"),
                 ("package", "history", "--db", tmp_path / "typo.db")):
        p = cli(*args)
        assert p.returncode == 2 and "Không có cơ sở dữ liệu" in p.stderr and "typo.db" in p.stderr, p.stderr
        assert "--db" in p.stderr and not p.stdout
    assert os.listdir(tmp_path) == []
    en = cli("package", "key", "--db", tmp_path / "typo.db", "--lang", "en")
    assert en.returncode == 2 and "There is no database" in en.stderr
    folder = cli("package", "key", "--db", tmp_path)
    assert folder.returncode == 2 and "là một thư mục" in folder.stderr


def test_inspect_speaks_vietnamese(enumerators, tmp_path):
    p = cli("package", "export", "--db", enumerators / "e2.db", "--out", tmp_path / "p.ksp")
    assert p.returncode == 0, p.stderr
    vi = cli("package", "inspect", tmp_path / "p.ksp").stdout
    assert "loại: mọi phiếu" in vi and "điều tra viên" in vi
    assert "enumerator" not in vi and " all" not in vi and "T" not in vi.split("tạo lúc ")[1][:16]
    en = cli("package", "inspect", tmp_path / "p.ksp", "--lang", "en").stdout
    assert "kind: all records" in en and "enumerator" in en
    missing = cli("package", "inspect", tmp_path / "nothing.ksp")
    assert missing.returncode == 2 and "Không tìm thấy tệp" in missing.stderr and "No such file" not in missing.stderr


def test_records_from_outside_the_area_are_held_shown_and_decided(tmp_path):
    """Issue 16 #3: new records of another commune are held, the summary says which and what to do, and
    ``package held`` accepts or refuses them (an id not held refuses the command, changing nothing)."""
    other = make_db(tmp_path / "o.db", code="E09", commune="26734")
    ids = [add_enterprise(other, f"Công ty {i}") for i in range(3)]
    other.close()
    clerk = make_db(tmp_path / "c.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    clerk.close()
    assert cli("package", "export", "--db", tmp_path / "o.db", "--out", tmp_path / "o.ksp").returncode == 0
    p = cli("--lang", "en", "package", "import", "--db", tmp_path / "c.db", tmp_path / "o.ksp")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].startswith("added=0 ") and lines[0].endswith("outside=3")
    assert sum(f"record {rid}: commune 26734 is outside this unit's area" in p.stdout for rid in ids) == 3
    assert "Held, not in the database: 3 new records" in p.stdout and "package held --db" in p.stdout
    listed = cli("package", "held", "--db", tmp_path / "c.db", "--json")
    assert sorted(h["record_id"] for h in json.loads(listed.stdout)) == sorted(ids)
    assert all("ngoài địa bàn" in h["reason"] for h in json.loads(listed.stdout))
    bad = cli("package", "held", "--db", tmp_path / "c.db", "--accept", ids[0], "uuid:nope")
    assert bad.returncode == 2 and "uuid:nope" in bad.stderr and "Traceback" not in bad.stderr
    done = cli("--lang", "en", "package", "held", "--db", tmp_path / "c.db", "--accept", ids[0], "--refuse", ids[1])
    assert done.returncode == 0, done.stderr
    assert "Accepted 1 record into the database, refused 1; 1 still held." in done.stdout and ids[2] in done.stdout
    from models.store.database import open_store
    s = open_store(str(tmp_path / "c.db"), create=False)
    try:
        assert [r[0] for r in s.execute("SELECT id FROM records")] == [ids[0]]
    finally:
        s.close()


def test_forms_only_package_goes_down_and_an_untrusted_senders_form_is_reported(tmp_path):
    """Issue 17: ``package export --forms-only`` at the province; the clerk's import says the form waits
    for the sender to be trusted (naming the fingerprint), and installs it once the sender is trusted."""
    from forms import load_form
    from models.exchange.keys import identity
    from models.exchange.trust import trust_sender
    from tests.models.test_forms_down import ENTERPRISE_2

    prov = make_db(tmp_path / "prov.db", role="province", name="Sở KH&CN", code="P01", commune="")
    prov.add_form(load_form(ENTERPRISE_2))
    fp = identity(prov).fingerprint
    prov.close()
    make_db(tmp_path / "clerk.db", role="commune", name="Phạm Thị Dung", code="X01").close()
    p = cli("package", "export", "--db", tmp_path / "prov.db", "--out", tmp_path / "forms.ksp", "--forms-only")
    assert p.returncode == 0, p.stderr
    assert "0 phiếu" in p.stdout and "2 biểu mẫu" in p.stdout  # the two forms added there, newest versions
    p = cli("--lang", "en", "package", "import", "--db", tmp_path / "clerk.db", tmp_path / "forms.ksp")
    assert p.returncode == 0, p.stderr
    assert "the form pkg_ent 2 sent by Sở KH&CN" in p.stdout and fp in p.stdout and "trust the sender" in p.stdout
    from models.store.database import open_store

    st = open_store(tmp_path / "clerk.db", create=False)
    try:
        assert st.latest_version("pkg_ent") == "1"
        assert trust_sender(st, fp).forms_installed == ["pkg_ent 2"]
        assert st.latest_version("pkg_ent") == "2"
    finally:
        st.close()
    p = cli("package", "export", "--db", tmp_path / "clerk.db", "--out", tmp_path / "x.ksp", "--forms-only",
            "--changed")
    assert p.returncode != 0  # one choice of what to send
