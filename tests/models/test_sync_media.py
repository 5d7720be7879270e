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
