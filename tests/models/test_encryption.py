"""Encryption at rest (issue 18): the database, its WAL, backups and safety copies hold no personal
data in the clear; the PIN comes from KHAOSAT_PIN in scripted use; wrong PINs are refused with
growing waits; the recovery code opens the database when the PIN is forgotten."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.base.driver import SQLITE_HEADER, is_plain_file
from models.store import cipher
from models.store.backup import backup_now, check_backup, restore
from models.store.database import open_store
from models.store.errors import StoreCode, StoreError

ROOT = Path(__file__).resolve().parents[2]
PIN = "246813"


pytestmark = pytest.mark.usefixtures("no_unlocked_keys")


def _raw(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def demo_db(tmp_path: Path, pin: str | None, n: int = 6) -> Path:
    """A demo database made by the command line, as a script would make one."""
    db = tmp_path / "khaosat.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KHAOSAT_HOME": str(tmp_path / "home")}
    env.pop("KHAOSAT_PIN", None)
    if pin:
        env["KHAOSAT_PIN"] = pin
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db", str(db), "--commune", "09025",
                        "--households", str(n), "--enterprises", "2", "--seed", "7", "--quiet"],
                       capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return db


def _personal_values(db: Path) -> list[str]:
    """Names and phone numbers the demo wrote (read through the application, with the key)."""
    import json

    st = open_store(db)
    try:
        out = []
        for (answers,) in st.db.conn.execute("SELECT answers FROM records"):
            a = json.loads(answers)
            out += [v for k, v in a.items() if isinstance(v, str) and len(v) > 5
                    and (k.endswith("name") or "phone" in k or "cccd" in k)]
        return out
    finally:
        st.close()


def test_an_encrypted_demo_database_and_its_backup_hold_no_personal_value(tmp_path, monkeypatch):
    db = demo_db(tmp_path, PIN)
    assert is_plain_file(str(db)) is False and Path(f"{db}.keys").exists()
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    values = _personal_values(db)
    assert len(values) >= 6 and any(not v.isascii() for v in values)  # Vietnamese names were written
    raw = _raw(db)
    for v in values:
        assert v.encode("utf-8") not in raw, v
    st = open_store(db)
    try:
        ident = st.db.conn.execute("SELECT * FROM pkg_identity").fetchall() if "pkg_identity" in {
            r[0] for r in st.db.conn.execute("SELECT name FROM sqlite_master")} else []
        b = backup_now(st, tmp_path / "stick")
    finally:
        st.close()
    copy = Path(b.path)
    assert copy.read_bytes()[:16] != SQLITE_HEADER and Path(f"{copy}.keys").exists()
    for v in values:
        assert v.encode("utf-8") not in copy.read_bytes(), v
    for row in ident:  # the private signing key is never in the file in the clear
        for cell in row:
            if isinstance(cell, bytes) and len(cell) == 32:
                assert cell not in raw
    # the copy alone, on another machine (no key in memory), opens with the PIN through its envelope
    cipher.forget()
    monkeypatch.delenv("KHAOSAT_PIN")
    with pytest.raises(StoreError) as e:
        check_backup(copy)
    assert e.value.code is StoreCode.PIN_NEEDED
    cipher.unlock(copy, PIN)
    assert check_backup(copy)["records"] == b.records


def test_a_plain_database_stays_plain_without_a_pin(tmp_path):
    db = demo_db(tmp_path, None, n=2)
    assert is_plain_file(str(db)) is True and not Path(f"{db}.keys").exists()


def test_wrong_pin_is_refused_with_growing_waits_and_nothing_changes(tmp_path, monkeypatch):
    db = demo_db(tmp_path, PIN, n=2)
    before = db.read_bytes()
    monkeypatch.setenv("KHAOSAT_PIN", "000000")
    seen = []
    for _ in range(cipher.FREE_TRIES + 1):
        with pytest.raises(StoreError) as e:
            open_store(db)
        seen.append(e.value)
    assert [x.code for x in seen] == [StoreCode.PIN_WRONG] * (cipher.FREE_TRIES + 1)
    assert "KHAOSAT_PIN" not in seen[0].message("en") and "recovery code" in seen[0].message("en")
    assert "2 seconds" in seen[-1].message("en") and "2 giây" in seen[-1].message("vi")
    # within the wait even the right PIN is not tried
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    with pytest.raises(StoreError) as e:
        open_store(db)
    assert e.value.code is StoreCode.PIN_WAIT
    env = cipher.read_envelope(db)
    env["last_failure"] -= 10  # the wait is over
    cipher.write_envelope(db, env)
    open_store(db).close()
    assert cipher.read_envelope(db)["failures"] == 0
    assert db.read_bytes()[:4096] == before[:4096]


def test_no_pin_for_an_encrypted_database_says_how_to_give_one(tmp_path):
    db = demo_db(tmp_path, PIN, n=2)
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", "--db", str(db), "--format", "csv", "--out",
                        str(tmp_path / "x.csv"), "--lang", "en"], capture_output=True, text=True,
                       env={k: v for k, v in os.environ.items() if k != "KHAOSAT_PIN"}, cwd=ROOT)
    assert r.returncode == 2, r.stderr
    assert "encrypted" in r.stderr and "KHAOSAT_PIN" in r.stderr and "Traceback" not in r.stderr


def test_the_recovery_code_opens_the_database_when_the_pin_is_forgotten(tmp_path):
    db = demo_db(tmp_path, PIN, n=2)
    key = cipher.unlock(db, PIN)
    code = cipher.recovery_code(key)
    assert len(code.split("-")) == 14
    cipher.forget()
    typo = code[:-1] + ("A" if code[-1] != "A" else "B")
    with pytest.raises(StoreError) as e:
        cipher.unlock_with_recovery(db, typo)
    assert e.value.code is StoreCode.RECOVERY_WRONG
    cipher.unlock_with_recovery(db, code.lower().replace("-", " "))
    cipher.set_pin(db, cipher.key_for(db), "new pin phrase")
    cipher.forget()
    cipher.unlock(db, "new pin phrase")
    st = open_store(db)
    assert st.db.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 4
    st.close()


def test_restore_of_an_encrypted_backup(tmp_path, monkeypatch):
    db = demo_db(tmp_path, PIN, n=3)
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    st = open_store(db)
    b = backup_now(st, tmp_path / "bk")
    st.db.conn.execute("PRAGMA foreign_keys = OFF")
    st.db.conn.execute("DELETE FROM records")
    st.db.conn.commit()
    st.close()
    safety = restore(db, b.path)
    assert Path(safety).read_bytes()[:16] != SQLITE_HEADER
    st = open_store(db)
    assert st.db.conn.execute("SELECT count(*) FROM records").fetchone()[0] == b.records == 5
    st.close()
    assert is_plain_file(str(db)) is False


def test_a_plain_database_and_its_backups_are_converted_with_nothing_lost(tmp_path, monkeypatch):
    from models.store.encryption import _fingerprint

    db = demo_db(tmp_path, None, n=4)
    st = open_store(db)
    old_backup = Path(backup_now(st, tmp_path / "khaosat-sao-luu").path)
    st.close()
    plain = open_store(db)
    before = _fingerprint(plain.db.conn)
    plain.close()
    values = _personal_values(db)
    env = {**os.environ, "KHAOSAT_PIN": PIN}
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "db", "encrypt", "--db", str(db), "--json"],
                       capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    import json

    code = json.loads(r.stdout)["recovery_code"]
    assert is_plain_file(str(db)) is False and is_plain_file(str(old_backup)) is False
    for f in (db, old_backup):
        for v in values:
            assert v.encode("utf-8") not in _raw(f), (f, v)
    cipher.unlock_with_recovery(db, code)
    st = open_store(db)
    try:
        assert _fingerprint(st.db.conn) == before  # every record, revision and audit row, byte for byte
    finally:
        st.close()
    cipher.forget()
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    assert check_backup(old_backup)["records"] == 6
    # a second run refuses and changes nothing
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "db", "encrypt", "--db", str(db), "--lang", "en"],
                       capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 2 and "already encrypted" in r.stderr


def test_two_people_on_one_laptop_appear_by_name_in_the_audit_trail_and_their_packages(tmp_path, monkeypatch):
    from models.exchange.packages import export_to_file
    from models.exchange.reading import read_package
    from models.records.editor import RecordEditor, create_record
    from models.store.people import add_person, people

    db = tmp_path / "shared.db"
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    st = open_store(db)
    st.set_settings({"role": "enumerator", "user_name": "Máy xã Yên Lạc", "user_code": "XA1",
                     "province": "25", "commune": "09025"})
    st.install_bundled_forms()
    lan = add_person(st, name="Nguyễn Thị Lan", role="enumerator", pin="lan-2026", code="E07")
    binh = add_person(st, name="Trần Văn Bình", role="clerk", pin="binh-2026")
    assert [p["name"] for p in people(st)] == ["Nguyễn Thị Lan", "Trần Văn Bình"]
    st.close()
    monkeypatch.delenv("KHAOSAT_PIN")
    rid = None
    for person, pin, value in ((lan, "lan-2026", "Thôn 1"), (binh, "binh-2026", "Thôn 2")):
        cipher.forget()
        cipher.unlock(db, pin)
        st = open_store(db)
        try:
            assert st.person()["id"] == person["id"] and st.acting_role() == person["role"]
            rid = rid or create_record(st, "household_digital")
            RecordEditor(st, rid).set("village", value) if "village" in st.form("household_digital") else \
                RecordEditor(st, rid).set("enum_name", value)
            if person is lan:
                out = export_to_file(st, str(tmp_path / "lan.ksp"))
                del out
        finally:
            st.close()
    cipher.forget()
    cipher.unlock(db, PIN)  # the installation's own PIN: no person
    st = open_store(db)
    try:
        assert st.person() is None and st.acting_user() == "Máy xã Yên Lạc"
        users = [a["user"] for a in st.audit(rid)]
        assert "Nguyễn Thị Lan" in users and "Trần Văn Bình" in users
        assert users[0] == "Nguyễn Thị Lan"  # who created the record
    finally:
        st.close()
    pkg = read_package(str(tmp_path / "lan.ksp"))
    assert pkg.manifest["sender"]["name"] == "Nguyễn Thị Lan" and pkg.manifest["sender"]["code"] == "E07"
    # a wrong PIN for anyone is refused; a person's PIN is not the installation's
    cipher.forget()
    with pytest.raises(StoreError) as e:
        cipher.unlock(db, "lan-2027")
    assert e.value.code is StoreCode.PIN_WRONG


def test_the_interface_language_is_kept_beside_an_encrypted_database_for_the_pin_dialog(tmp_path, monkeypatch):
    """Found by hand: a user who chose English got the PIN dialog in Vietnamese (the settings are inside
    the encrypted file); the envelope keeps the language, nothing secret."""
    db = tmp_path / "k.db"
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    open_store(db).close()
    assert cipher.interface_language(db) is None
    cipher.set_interface_language(db, "en")
    assert cipher.interface_language(db) == "en"
    cipher.forget()
    cipher.unlock(db, PIN)  # the envelope still opens
    assert cipher.interface_language(tmp_path / "plain-or-missing.db") is None
