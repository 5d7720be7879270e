"""Every screen names a record's status through ui.fmt.status_text."""

from ui.fmt import status_text


def test_status_text_in_both_languages(qapp):
    from ui.app import install_translators

    assert [status_text(s) for s in ("draft", "complete", "returned", "approved", "odd")] == [
        "Nháp", "Hoàn thành", "Bị trả lại", "Đã duyệt", "odd"]
    install_translators(qapp, "en")
    try:
        assert [status_text(s) for s in ("draft", "complete", "returned", "approved")] == [
            "Draft", "Complete", "Returned", "Approved"]
    finally:
        install_translators(qapp, "vi")
