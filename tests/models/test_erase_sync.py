"""An erased record and ODK Central (issue 18): the outbox keeps no copy of the values; a record already
on the server is not sent again for the erasure (Central keeps what it received), a later correction goes
with the personal questions blank, and a copy the server had not confirmed is built again, erased."""

from __future__ import annotations

from lxml import etree

from models.exchange.erase import erase_record
from models.records.editor import RecordEditor
from models.store.database import open_store
from tests.models.test_sync import memory_keyring, outbox, srv, sync  # noqa: F401 (fixtures)
from tests.sync_fixtures import make_db


def test_after_an_erasure_the_outbox_holds_no_value_and_a_correction_goes_blank(tmp_path, srv):  # noqa: F811
    db = str(tmp_path / "xa.db")
    [rid, other] = make_db(db, records=2)
    assert sync(db, srv).line() == "sent=2 already=0 failed=0 skipped=0"
    with open_store(db) as st:
        erase_record(st, rid, reason="yêu cầu", fields=["unit_name", "phone", "m_name"])
    rows = [r for r in outbox(db) if r["record_id"] == rid]
    assert rows and all(r["xml"] == b"" for r in rows) and all(r["state"] == "sent" for r in rows)
    assert any(b"0912345678" in r["xml"] for r in outbox(db) if r["record_id"] == other)
    # the erasure keeps the revision: nothing is resent (Central keeps the copy it received)
    assert sync(db, srv).line() == "sent=0 already=2 failed=0 skipped=0"
    with open_store(db) as st:
        RecordEditor(st, rid).set("workers", "99")
    assert sync(db, srv).line() == "sent=1 already=1 failed=0 skipped=0"
    sub = next(s for s in srv.submissions if s.versions[0][0] == rid)
    assert len(sub.versions) == 2  # the first copy, with the values (Central keeps it), then the correction
    root = etree.fromstring(sub.versions[-1][1])
    assert root.findtext("workers") == "99"
    assert not root.findtext("unit_name") and not root.findtext("phone")
    assert b"0912345678" not in etree.tostring(root) and "Trần Thị Bình".encode() not in etree.tostring(root)
    assert root.find(".//deprecatedID") is not None and root.findtext(".//deprecatedID")
