"""English message templates pluralise their counts; Vietnamese nouns do not change."""

from __future__ import annotations

from cli.messages import CliOutput
from models.sync.errors import SyncCode, SyncError


def test_english_counts_agree_with_their_nouns():
    one = CliOutput.OUT_PRINTED.render({"records": 1, "pages": 1, "path": "a.pdf"}, "en")
    many = CliOutput.OUT_PRINTED.render({"records": 2, "pages": 0, "path": "a.pdf"}, "en")
    assert one == "Printed 1 record, 1 page: a.pdf"
    assert many == "Printed 2 records, 0 pages: a.pdf"
    assert CliOutput.OUT_PRINTED.render({"records": 1, "pages": 1, "path": "a.pdf"}, "vi") == "Đã in 1 phiếu, 1 trang: a.pdf"


def test_sync_messages_pluralise_too():
    err = SyncError(SyncCode.SYNC_FORM_MISSING, form_id="f", xform_file="f.xml", count=1)
    assert "1 record was not sent" in err.message("en") and "1 phiếu chưa được gửi" in err.message("vi")
    assert "3 records were not sent" in SyncError(SyncCode.SYNC_FORM_MISSING, form_id="f", xform_file="x",
                                                  count=3).message("en")
    summary = dict(sent=1, already=0, failed=0, skipped=0, conflicts=1)
    assert "1 record sent" in SyncCode.SYNC_SUMMARY.render(summary, "en")


def test_a_missing_count_still_renders():
    assert "? " in CliOutput.OUT_PRINTED.render({"path": "a.pdf"}, "en")
