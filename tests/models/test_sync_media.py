"""Files attached to records are sent to Central as ODK Collect sends them (issue 12 part D, item 4):
one extra multipart part per file, named as in the submission XML; the test server records each by
digest."""

from __future__ import annotations

import hashlib

import pytest

from models.base.progress import run
from models.records.editor import RecordEditor
from models.sync.service import RetryPolicy, SyncSettings, run_sync
from tests.models.media_helpers import add_media_form, add_shop, png
from tests.models.pkg_helpers import make_db
from tests.openrosa_server import OpenRosaTestServer
from tests.sync_fixtures import memory_keyring  # noqa: F401  (a fixture)

PW = "mật-khẩu đúng"


pytestmark = pytest.mark.usefixtures("memory_keyring")


def test_a_record_with_a_photo_and_a_signature_is_sent_with_its_files(tmp_path):
    store = make_db(tmp_path / "m.db")
    add_media_form(store)
    photo, sig = png(16, 12), png(5, 5, (0, 0, 0))
    rid = add_shop(store, "Tạp hoá Minh Anh", photo, sig=sig)
    assert RecordEditor(store, rid).mark_complete() == []
    with OpenRosaTestServer() as srv:
        srv.publish("pkg_media", "1")
        summary = run(run_sync(store, SyncSettings(server=srv.url, user="canbo"), password=PW,
                               retry=RetryPolicy(attempts=1, base_delay=0.001)))
        assert summary.line().startswith("sent=1"), summary.line()
        (iid,) = srv.current_instances()
        xml = srv.instance(iid)
        assert b"<photo>1712345678901.png</photo>" in xml and b"<sig>1712345678902.png</sig>" in xml
        got = srv.attachments[iid]
        assert {n: (f["sha256"], f["size"], f["type"], f["filename"]) for n, f in got.items()} == {
            "1712345678901.png": (hashlib.sha256(photo).hexdigest(), len(photo), "image/png", "1712345678901.png"),
            "1712345678902.png": (hashlib.sha256(sig).hexdigest(), len(sig), "image/png", "1712345678902.png")}
    store.close()


def test_a_large_file_is_streamed_from_the_database_not_held_whole(tmp_path, monkeypatch):
    """A 9 MiB photo (just under the 10 MiB limit) is sent in pieces read from the database while the
    request goes out: the request's body is pieces of at most 64 KiB, the file is never read whole
    (``file_bytes`` is not called), and the server gets every byte (checked by digest). A connection
    dropped in the middle of the upload is retried, reading the file again."""
    import os

    from models.store import files as store_files
    from models.sync import openrosa

    store = make_db(tmp_path / "m.db")
    add_media_form(store)
    photo = png(4, 4) + os.urandom(9 * 1024 * 1024)
    rid = add_shop(store, "Cơ sở ảnh lớn", photo)
    assert RecordEditor(store, rid).mark_complete() == []
    digest, size = hashlib.sha256(photo).hexdigest(), len(photo)
    del photo
    posts: list[dict] = []
    real_request = openrosa.OpenRosaClient.request

    def watched(self, method, what, body=None, headers=None):
        if method != "POST":
            return real_request(self, method, what, body, headers)
        assert not isinstance(body, (bytes, bytearray)), "the submission is sent in pieces"
        seen = {"largest": 0, "total": 0, "length": int(headers["Content-Length"])}
        posts.append(seen)

        def pieces():
            for piece in body:
                seen["largest"] = max(seen["largest"], len(piece))
                seen["total"] += len(piece)
                yield piece

        return real_request(self, method, what, pieces(), headers)

    def whole(*_a, **_k):
        raise AssertionError("a media file was read whole to be sent")

    monkeypatch.setattr(openrosa.OpenRosaClient, "request", watched)
    monkeypatch.setattr(store_files, "file_bytes", whole)
    with OpenRosaTestServer() as srv:
        srv.publish("pkg_media", "1")
        srv.drops.append("mid")  # the first upload is cut in the middle
        summary = run(run_sync(store, SyncSettings(server=srv.url, user="canbo"), password=PW,
                               retry=RetryPolicy(attempts=3, base_delay=0.001)))
        assert summary.line().startswith("sent=1"), summary.line()
        (iid,) = srv.current_instances()
        (name,) = store.record(rid)["files"]
        assert (srv.attachments[iid][name]["sha256"], srv.attachments[iid][name]["size"]) == (digest, size)
    assert len(posts) == 2 and posts[1]["total"] == posts[1]["length"] > size  # sent again, whole
    assert max(p["largest"] for p in posts) <= store_files.CHUNK  # never more than one piece of the file
    store.close()
