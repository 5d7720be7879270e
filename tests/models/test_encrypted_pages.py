"""The pages of an encrypted database (issue 18, speed): each page keeps its HMAC; a new file takes the
HMAC that is faster on this computer while a file made with SQLCipher's defaults (every database
encrypted before) still opens, with its backups; a durable save is one transaction of a few pages."""

from __future__ import annotations

import os
import statistics
import struct
from pathlib import Path

import pytest

from models.base import driver
from models.base.driver import HMAC_SHA256, HMAC_SHA512, hmac_of, sqlite3
from models.base.progress import run
from models.demo.generate import generate
from models.records.editor import RecordEditor
from models.store import cipher
from models.store.backup import backup_now, check_backup, restore
from models.store.database import open_store

PIN = "246813"
WAL_HEADER, FRAME_HEADER = 32, 24


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.delenv("KHAOSAT_PIN", raising=False)
    monkeypatch.setattr(driver, "_hmac_seen", {})
    cipher.forget()
    yield
    cipher.forget()


def _demo(path: Path, pin: str | None, households: int = 12) -> Path:
    os.environ.pop("KHAOSAT_PIN", None)
    if pin:
        os.environ["KHAOSAT_PIN"] = pin
    try:
        run(generate(str(path), commune="09025", enterprises=3, households=households, seed=5), None)
    finally:
        os.environ.pop("KHAOSAT_PIN", None)
    return path


def _raw_default_connection(path: Path, key: bytes) -> sqlite3.Connection:
    """A connection keyed as the application keyed every file before the HMAC was chosen: the key and
    nothing else (SQLCipher 4's defaults)."""
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(driver.key_pragma(key))
    return conn


def _record_rows(db: Path) -> list[tuple]:
    st = open_store(db)
    try:
        return st.execute("SELECT id, rev, content_hash FROM records ORDER BY id").fetchall()
    finally:
        st.close()


def _editor_of_first_household(st) -> tuple[RecordEditor, str]:
    """An editor of the first household (by rowid) and its first text question."""
    rid = st.execute("SELECT id FROM records WHERE form_id = 'household_digital' ORDER BY rowid LIMIT 1").fetchone()[0]
    ed = RecordEditor(st, rid)
    return ed, next(e.name for e in ed.form.questions if e.type == "text" and not e.repeats)


@pytest.mark.parametrize("slow, chosen", [("sha256", HMAC_SHA512), ("sha512", HMAC_SHA256)])
def test_a_new_file_takes_the_hmac_that_hashes_faster_here(monkeypatch, slow, chosen):
    """Measured once per process: on a processor without SHA extensions SHA-256 is the slower."""
    import hashlib
    import time

    real = getattr(hashlib, slow)

    def slowed(data=b""):
        time.sleep(0.0005)
        return real(data)

    monkeypatch.setattr(hashlib, slow, slowed)
    monkeypatch.setattr(driver, "_new_hmac", None)
    assert driver.new_hmac() == chosen
    monkeypatch.setattr(hashlib, slow, real)
    assert driver.new_hmac() == chosen  # not measured again


@pytest.mark.parametrize("chosen", [HMAC_SHA256, HMAC_SHA512])
def test_a_new_encrypted_database_takes_the_chosen_hmac_and_opens_again(tmp_path, monkeypatch, chosen):
    monkeypatch.setattr(driver, "_new_hmac", chosen)
    db = _demo(tmp_path / "k.db", PIN)
    rows = _record_rows(db)
    monkeypatch.setattr(driver, "_hmac_seen", {})  # found again from the file, not remembered
    st = open_store(db)
    try:
        assert hmac_of(st.db.conn) == chosen
        assert st.execute("SELECT id, rev, content_hash FROM records ORDER BY id").fetchall() == rows
    finally:
        st.close()
    key = cipher.key_for(db)
    raw = _raw_default_connection(db, key)
    try:
        if chosen == HMAC_SHA512:  # SQLCipher's default: what older versions of the application read
            assert raw.execute("SELECT count(*) FROM records").fetchone()[0] == len(rows)
        else:
            with pytest.raises(sqlite3.DatabaseError):
                raw.execute("SELECT count(*) FROM records").fetchone()
    finally:
        raw.close()


def test_a_database_made_with_sqlcipher_defaults_opens_saves_and_backs_up(tmp_path, monkeypatch):
    """An installation encrypted before the HMAC was chosen: its database opens with the PIN, saves,
    and its backup (made now, with this computer's HMAC) checks and restores with every record."""
    monkeypatch.setattr(driver, "_new_hmac", HMAC_SHA512)
    db = _demo(tmp_path / "old.db", PIN)
    key = cipher.key_for(db)
    raw = _raw_default_connection(db, key)  # made as before: readable with the key alone
    assert raw.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == HMAC_SHA512
    assert raw.execute("SELECT count(*) FROM records").fetchone()[0] == 15
    raw.close()
    rows = _record_rows(db)
    st = open_store(db)
    try:
        old_backup = backup_now(st, tmp_path / "old-bk")  # a backup made by the older version
    finally:
        st.close()
    cipher.forget()
    monkeypatch.setattr(driver, "_new_hmac", HMAC_SHA256)  # this version, on a computer with SHA extensions
    monkeypatch.setattr(driver, "_hmac_seen", {})
    monkeypatch.setenv("KHAOSAT_PIN", PIN)
    st = open_store(db)
    try:
        assert hmac_of(st.db.conn) == HMAC_SHA512
        ed, field = _editor_of_first_household(st)
        ed.set(field, "Nguyễn Văn Bình")
        rows = st.execute("SELECT id, rev, content_hash FROM records ORDER BY id").fetchall()
        b = backup_now(st, tmp_path / "bk")
    finally:
        st.close()
    assert Path(b.path).read_bytes()[:16] != driver.SQLITE_HEADER
    assert check_backup(b.path)["records"] == 15
    copy = driver.connect(str(b.path), key=key)
    try:
        assert hmac_of(copy) == HMAC_SHA256  # the copy is a new file: the faster HMAC
    finally:
        copy.close()
    restore(db, b.path)
    assert _record_rows(db) == rows
    assert check_backup(old_backup.path)["records"] == 15  # the older backup still checks and restores
    restore(db, old_backup.path)
    st = open_store(db)
    try:
        assert hmac_of(st.db.conn) == HMAC_SHA512 and st.count_records() == 15
    finally:
        st.close()


def test_a_changed_byte_in_an_encrypted_page_is_found_by_its_hmac(tmp_path, monkeypatch):
    monkeypatch.setattr(driver, "_new_hmac", HMAC_SHA256)
    db = _demo(tmp_path / "k.db", PIN, households=4)
    key = cipher.key_for(db)
    conn = driver.connect(str(db), key=key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()
    data = bytearray(db.read_bytes())
    at = (pages // 2) * page_size + 100
    data[at] ^= 0x01
    db.write_bytes(bytes(data))
    conn = driver.connect(str(db), key=key)
    try:
        found = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    finally:
        conn.close()
    assert found and f"page {pages // 2 + 1}" in " ".join(str(r[0]) for r in found)


def _wal_frames(wal: bytes, page_size: int) -> list[tuple[int, int]]:
    """(page number, database size after commit or 0) of every frame in a WAL file."""
    out = []
    at = WAL_HEADER
    while at + FRAME_HEADER + page_size <= len(wal):
        out.append(struct.unpack(">II", wal[at:at + 8]))
        at += FRAME_HEADER + page_size
    return out


@pytest.mark.parametrize("pin", [None, PIN])
def test_a_durable_save_is_one_transaction_of_a_few_pages(tmp_path, monkeypatch, pin):
    """An answer typed into a text question (it is searchable: the search index is rewritten too): one
    commit, about a dozen pages (the record, its audit row and their indexes, the search index, the change
    counter). Each page written to an encrypted file costs an encryption and an HMAC: a new index or a
    second transaction per save shows here first."""
    db = _demo(tmp_path / "k.db", pin)
    if pin:
        cipher.unlock(db, pin)
    st = open_store(db)
    try:
        conn = st.db.conn
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        ed, field = _editor_of_first_household(st)
        ed.set(field, "warm")
        pages, commits = [], []
        for i in range(12):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            assert os.path.getsize(f"{db}-wal") == 0
            ed.set(field, f"Giá trị {i}")
            frames = _wal_frames(Path(f"{db}-wal").read_bytes(), page_size)
            pages.append(len({p for p, _ in frames}))
            commits.append(sum(1 for _, size in frames if size))
    finally:
        st.close()
    assert commits == [1] * 12
    assert statistics.median(pages) <= 14, pages
    assert min(pages) >= 4, pages  # the record, its audit row, the search index: a save that writes nothing fails


def test_an_old_default_database_left_with_its_wal_after_a_crash_opens_with_every_save(tmp_path, monkeypatch):
    """A power cut leaves the database with committed pages only in its WAL. The first open after the
    upgrade tries the new HMAC first; that failed try must not lose or damage the WAL's pages."""
    monkeypatch.setattr(driver, "_new_hmac", HMAC_SHA512)
    db = _demo(tmp_path / "old.db", PIN)
    key = cipher.key_for(db)
    st = open_store(db)
    try:
        conn = st.db.conn
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # every save stays in the WAL, as before a checkpoint
        ed, field = _editor_of_first_household(st)
        for i in range(5):
            ed.set(field, f"Trần Thị Mai {i}")
        rows = st.execute("SELECT id, rev, content_hash FROM records ORDER BY id").fetchall()
        assert os.path.getsize(f"{db}-wal") > 0
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for suffix in ("", "-wal", "-shm", ".keys"):  # the files as a power cut leaves them
            (crashed / f"old.db{suffix}").write_bytes(Path(f"{db}{suffix}").read_bytes())
    finally:
        st.close()
    copy = crashed / "old.db"
    monkeypatch.setattr(driver, "_new_hmac", HMAC_SHA256)
    monkeypatch.setattr(driver, "_hmac_seen", {})
    conn = driver.connect(str(copy), key=key)
    try:
        assert hmac_of(conn) == HMAC_SHA512
        assert conn.execute("SELECT id, rev, content_hash FROM records ORDER BY id").fetchall() == rows
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
    finally:
        conn.close()


@pytest.mark.parametrize("chosen", [HMAC_SHA256, HMAC_SHA512])
def test_a_plain_database_converted_takes_this_computers_hmac_with_nothing_lost(tmp_path, monkeypatch, chosen):
    from models.store.encryption import _fingerprint, encrypt_database

    monkeypatch.setattr(driver, "_new_hmac", chosen)
    db = _demo(tmp_path / "plain.db", None)
    st = open_store(db)
    try:
        before = _fingerprint(st.db.conn)
    finally:
        st.close()
    encrypt_database(db, PIN)
    assert driver.is_plain_file(str(db)) is False
    monkeypatch.setattr(driver, "_hmac_seen", {})
    st = open_store(db)
    try:
        assert hmac_of(st.db.conn) == chosen
        assert _fingerprint(st.db.conn) == before
    finally:
        st.close()
