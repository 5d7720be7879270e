from ui.fmt import format_date, format_number, parse_date, parse_number


def test_numbers_vietnamese_and_english():
    assert format_number("1234.5", "vi") == "1.234,5"
    assert format_number("1234.5", "en") == "1,234.5"
    assert format_number("-1234567", "vi") == "-1.234.567"
    assert format_number("abc", "vi") == "abc"
    assert format_number("2015", "vi") == "2015"  # a year is not grouped
    assert format_number("25000", "vi") == "25.000"
    for text in ("1.234,5", "1234,5", "1234.5", "1 234,5"):
        assert parse_number(text, "vi") == "1234.5", text
    assert parse_number("1,234.5", "en") == "1234.5"
    assert parse_number("12,5", "en") == "12.5"  # either decimal mark
    assert parse_number("1.234", "vi") == "1234"  # grouping in Vietnamese
    assert parse_number("1.234", "en") == "1.234"
    assert parse_number("1.234", "en", integer=True) == "1234"
    assert parse_number("12a", "vi") == "12a"  # kept: the engine reports it, nothing typed is lost
    assert parse_number("", "vi") == ""


def test_dates_dd_mm_yyyy():
    assert format_date("2025-08-01") == "01/08/2025"
    assert parse_date("01/08/2025") == "2025-08-01"
    assert parse_date("1/8/2025") == "2025-08-01"
    assert parse_date("2025-08-01") == "2025-08-01"
    assert parse_date("31/02/2025") == "31/02/2025"
    assert parse_date("__/__/____") == ""
