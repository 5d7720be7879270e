"""Files attached to records (issue 12 part D, item 2): the answer is the file's name, the record's
``files`` column names its digest, size and type (hashed into the revision), the bytes are kept by
digest in the same transaction, a file over the limit is refused with a message naming it."""

from __future__ import annotations

import hashlib
from models.base.driver import sqlite3

import pytest

from models.records import attachments
from models.records.editor import RecordEditor, create_record
from models.records.errors import RecordCode, RecordError
from models.store import files as store_files
from models.store.database import open_store
from models.store.revisions import content_hash
from tests.models.media_helpers import add_media_form, add_shop, png
from tests.models.pkg_helpers import make_db


@pytest.fixture
def store(tmp_path):
    s = make_db(tmp_path / "m.db")
    add_media_form(s)
    yield s
    s.close()


def test_an_attached_file_is_the_answer_and_its_bytes_are_kept_with_it(store, tmp_path):
    photo = png(8, 6)
    rid = add_shop(store, "Tạp hoá Minh Anh", photo)
    rec = store.record(rid)
    assert rec["answers"]["photo"] == "1712345678901.png"
    digest = hashlib.sha256(photo).hexdigest()
    assert rec["files"] == {"1712345678901.png": {"sha256": digest, "size": len(photo), "type": "image/png"}}
    assert store_files.file_bytes(store, digest) == photo
    assert b"".join(store_files.iter_file(store, digest, chunk=7)) == photo  # read in pieces
    # the file's digest is part of the revision's content: another file, another hash
    other = dict(rec, files={"1712345678901.png": {"sha256": "0" * 64, "size": 1, "type": "image/png"}})
    assert content_hash(rec) == rec["content_hash"] != content_hash(other)
    # durable: another connection (another process after a kill) sees the answer and the bytes
    conn = sqlite3.connect(tmp_path / "m.db")
    assert conn.execute("SELECT size FROM record_files WHERE sha256 = ?", (digest,)).fetchone() == (len(photo),)
    conn.close()


def test_a_file_in_a_repeat_and_a_name_from_the_original(store):
    rid = create_record(store, "pkg_media")
    ed = RecordEditor(store, rid)
    path = ed.add_instance("doc")
    ed.attach(f"{path}.doc_file", b"%PDF-1.4 contract", original_name="Hop dong.PDF")
    name = ed.session.value(f"{path}.doc_file")
    assert name.endswith(".pdf") and name[:-4].isdigit() and len(name[:-4]) == 13  # ODK's milliseconds
    assert store.record(rid)["files"][name]["type"] == "application/pdf"
    assert store.record(rid)["answers"]["doc"] == [{"doc_file": name}]


def test_removing_or_replacing_drops_the_name_from_the_record(store):
    rid = add_shop(store, "Cơ sở Hòa Bình", png(), sig=png(2, 2, (0, 0, 0)))
    ed = RecordEditor(store, rid)
    assert set(ed.files()) == {"1712345678901.png", "1712345678902.png"}
    ed.attach("photo", png(5, 5), file_name="1712345679999.png")
    assert set(ed.files()) == {"1712345679999.png", "1712345678902.png"}
    ed.set("sig", "")
    rec = store.record(rid)
    assert list(rec["files"]) == ["1712345679999.png"] and rec["answers"].get("sig", "") == ""
    ed.set("photo", "")
    rec = store.record(rid)
    assert rec["files"] == {}
    # a record without files hashes as it did before attachments existed (its old revisions stay valid)
    assert content_hash({k: v for k, v in rec.items() if k != "files"}) == rec["content_hash"]


def test_a_file_over_the_limit_is_refused_naming_it_and_the_limit(store, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_FILE_BYTES", 1000)
    rid = create_record(store, "pkg_media")
    ed = RecordEditor(store, rid)
    with pytest.raises(RecordError) as err:
        ed.attach("photo", b"x" * 2500, original_name="anh-lon.jpg")
    assert err.value.code is RecordCode.FILE_TOO_LARGE
    assert "'anh-lon.jpg' (2.4 KiB) is larger than the limit of 1000 B" in err.value.message("en")
    assert "'anh-lon.jpg' (2,4 KiB) lớn hơn giới hạn 1000 B" in err.value.message("vi")
    assert store.record(rid)["answers"].get("photo", "") == "" and store.record(rid)["files"] == {}
    assert store.execute("SELECT count(*) FROM record_files").fetchone()[0] == 0
    with pytest.raises(RecordError) as err:
        ed.attach("shop", b"abc", original_name="a.txt")
    assert err.value.code is RecordCode.FILE_NOT_MEDIA
    assert attachments.size_text(10 * 1024 * 1024, "en") == "10 MiB"


def test_the_default_limit_is_ten_mib():
    assert attachments.MAX_FILE_BYTES == 10 * 1024 * 1024


def test_a_stream_is_kept_only_when_it_matches_its_digest(store):
    data = b"abc" * 50_000
    digest = hashlib.sha256(data).hexdigest()
    with store.write():
        assert not store_files.put_stream(store, [data[:100], b"tampered"], digest, len(data))
        assert not store_files.has_file(store, digest)
        pieces = [data[i:i + 4096] for i in range(0, len(data), 4096)]
        assert store_files.put_stream(store, iter(pieces), digest, len(data), "application/octet-stream")
    assert store_files.file_bytes(store, digest) == data


def test_a_migrated_database_has_the_files_column_and_table(tmp_path):
    store = open_store(tmp_path / "x.db")
    cols = {r[1] for r in store.execute("PRAGMA table_info(records)")}
    assert "files" in cols
    assert {r[1] for r in store.execute("PRAGMA table_info(record_files)")} == \
        {"sha256", "size", "media_type", "data", "added_at"}
    store.close()


def test_a_backup_holds_the_attached_files_and_a_restore_brings_them_back(store, tmp_path):
    from models.store.backup import backup_now, restore

    photo = png(9, 9)
    rid = add_shop(store, "Tạp hoá Minh Anh", photo)
    result = backup_now(store, tmp_path / "sao-luu")
    digest = hashlib.sha256(photo).hexdigest()
    conn = sqlite3.connect(result.path)
    assert conn.execute("SELECT data FROM record_files WHERE sha256 = ?", (digest,)).fetchone()[0] == photo
    conn.close()
    RecordEditor(store, rid).set("photo", "")
    path = store.path
    store.close()
    restore(path, result.path)
    again = open_store(path)
    assert again.record(rid)["answers"]["photo"] == "1712345678901.png"
    assert store_files.file_bytes(again, digest) == photo
    again.close()
