"""Sync and a form's attachments: when the server lacks the form, the XForm written for the province to
upload comes with the form's attachments (Central asks for them when the form is published)."""

from __future__ import annotations

import pytest

from forms import load_form
from models.base.progress import run as run_steps
from models.records.editor import RecordEditor, create_record
from models.store.database import open_store
from models.sync.service import RetryPolicy, SyncSettings, run_sync
from tests.openrosa_server import OpenRosaTestServer
from tests.sync_fixtures import memory_keyring  # noqa: F401  (a fixture)

FORM = """| survey |
| | type | name | label | calculation |
| | select_one_from_file villages.csv | village | Village | |
| | calculate | head | | pulldata('villages', 'head', 'name', ${village}) |
| settings |
| | form_id | version |
| | ext_sync | 1 |
"""
VILLAGES = "name,label,head\nt1,Thôn 1,Nguyễn Văn An\n".encode()


pytestmark = pytest.mark.usefixtures("memory_keyring")


def test_a_missing_form_is_written_with_its_attachments(tmp_path):
    path = str(tmp_path / "xa.db")
    store = open_store(path)
    try:
        store.set_settings({"role": "clerk", "user_name": "Nguyễn Văn A", "user_code": "E01",
                            "commune": "Xã Tân Lập", "province": "Phú Thọ"})
        store.add_form(load_form(FORM, attachments={"villages.csv": VILLAGES}))
        ed = RecordEditor(store, create_record(store, "ext_sync"))
        ed.set("village", "t1")
        assert ed.mark_complete() == []
    finally:
        store.close()
    with OpenRosaTestServer() as srv, open_store(path, create=False) as st:
        summary = run_steps(run_sync(st, SyncSettings(server=srv.url, user="canbo"), password="mật-khẩu đúng",
                                     retry=RetryPolicy(attempts=1, base_delay=0.001)))
    xform, media = tmp_path / "ext_sync-1.xml", tmp_path / "ext_sync-1-media" / "villages.csv"
    assert summary.skipped == 1
    assert summary.xform_files == [str(xform), str(media)]
    assert media.read_bytes() == VILLAGES and "jr://file-csv/villages.csv" in xform.read_text(encoding="utf-8")
