"""English message templates pluralise their counts; Vietnamese nouns do not change."""

from __future__ import annotations

from models.base.errors import AppError, render


def test_english_counts_agree_with_their_nouns():
    one = render("OUT_PRINTED", {"records": 1, "pages": 1, "path": "a.pdf"}, "en")
    many = render("OUT_PRINTED", {"records": 2, "pages": 0, "path": "a.pdf"}, "en")
    assert one == "Printed 1 record, 1 page: a.pdf"
    assert many == "Printed 2 records, 0 pages: a.pdf"
    assert render("OUT_PRINTED", {"records": 1, "pages": 1, "path": "a.pdf"}, "vi") == "Đã in 1 phiếu, 1 trang: a.pdf"


def test_sync_messages_pluralise_too():
    err = AppError("SYNC_FORM_MISSING", form_id="f", xform_file="f.xml", count=1)
    assert "1 record was not sent" in err.message("en") and "1 phiếu chưa được gửi" in err.message("vi")
    assert "3 records were not sent" in AppError("SYNC_FORM_MISSING", form_id="f", xform_file="x", count=3).message("en")
    assert "1 record sent" in render("SYNC_SUMMARY", dict(sent=1, already=0, failed=0, skipped=0, conflicts=1), "en")


def test_a_missing_count_still_renders():
    assert "? " in render("OUT_PRINTED", {"path": "a.pdf"}, "en")
