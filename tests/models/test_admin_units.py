from models import admin_units as au


def test_post_2025_structure():
    assert len(au.provinces()) == 34
    assert len(au.communes()) == 3321
    assert au.province("25").name == "Tỉnh Phú Thọ"
    assert au.name("01") == "Thành phố Hà Nội"
    assert au.name("01", "en") == "Ha Noi City"


def test_communes_of_a_province_and_names_by_code():
    pt = au.communes("25")
    assert len(pt) == 148
    assert all(c.province == "25" for c in pt)
    assert len(au.communes("42")) == 69
    assert au.name("09025") == "Xã Yên Lạc"
    assert au.name("9025", "en") == "Yen Lac Commune"
    assert au.name("18073") == "Phường Thành Sen"
    assert au.name("99999") == ""


def test_search_with_and_without_diacritics():
    with_marks = [u.code for u in au.search("Yên Lạc", "25")]
    without = [u.code for u in au.search("yen lac", "25")]
    assert with_marks == without and "09025" in with_marks
    assert [u.name for u in au.search("thanh sen", "42")] == ["Phường Thành Sen"]
    assert au.search("đắk", kind="province")[0].code == "66"
    assert au.search("dak lak", kind="province")[0].code == "66"
    assert au.search("09025")[0].code == "09025"
    assert au.search("zzzz") == []


def test_fold():
    assert au.fold("Đặng Thị Ánh") == "dang thi anh"
