from models.setup import admin_units as au


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


def test_bundled_forms_english_commune_names_differ_from_admin_units_only_where_documented():
    """forms/README.md: the 2025.1 forms keep the package's capitals for 7 communes; everything else
    (all provinces, 3,314 communes) reads the same on screens and in the questionnaire."""
    from forms import load_form
    from models.store.database import BUNDLED_DIR

    for path in sorted(BUNDLED_DIR.glob("*.xlsx")):
        form = load_form(path)
        differ = {}
        for list_name in ("province", "commune"):
            for c in form.choices[list_name]:
                mine = au.name(c.name, "en")
                assert mine, c.name
                if form.choice_label(list_name, c.name, "en") != mine:
                    differ[c.name] = (form.choice_label(list_name, c.name, "en"), mine)
        assert differ == {
            "23302": ("Dak BLa Ward", "Dak Bla Ward"), "23714": ("KDang Commune", "Kdang Commune"),
            "23839": ("SRo Commune", "Sro Commune"), "24280": ("Cu M'gar Commune", "Cu M'Gar Commune"),
            "24436": ("Cu M'ta Commune", "Cu M'Ta Commune"), "24184": ("Ea H'leo Commune", "Ea H'Leo Commune"),
            "24718": ("Dak song Commune", "Dak Song Commune")}, path.name


def test_the_2025_province_merger_63_to_34():
    """Resolution 202/2025/QH15: 29 provinces merged into others; 11 unchanged, 23 that absorbed others."""
    assert len(au.FORMER_PROVINCES) == 29
    current = {au.fold(u.base) for u in au.provinces()}
    assert not current & {au.fold(o) for o in au.FORMER_PROVINCES}  # none of them exists any more
    assert 34 + len(au.FORMER_PROVINCES) == 63
    absorbing = {code for code in (u.code for u in au.provinces()) if au.former_names(code)}
    assert len(absorbing) == 23
    unchanged = {u.name for u in au.provinces() if not au.former_names(u.code)}
    assert unchanged == {"Thành phố Hà Nội", "Thành phố Huế", "Tỉnh Lai Châu", "Tỉnh Điện Biên", "Tỉnh Sơn La",
                         "Tỉnh Lạng Sơn", "Tỉnh Quảng Ninh", "Tỉnh Thanh Hóa", "Tỉnh Nghệ An", "Tỉnh Hà Tĩnh",
                         "Tỉnh Cao Bằng"}
    assert au.former_names("25") == ("Vĩnh Phúc", "Hòa Bình")
    assert set(au.former_names("79")) == {"Bình Dương", "Bà Rịa - Vũng Tàu"}
    assert au.former_names("01") == ()


def test_a_former_province_name_finds_the_province_it_became_and_says_so():
    assert [u.code for u in au.search("Vĩnh Phúc", kind="province")] == ["25"]
    assert [u.code for u in au.search("vinh phuc", kind="province")] == ["25"]
    assert [u.name for u in au.search("kien giang", kind="province")] == ["Tỉnh An Giang"]
    assert au.former_notes("Vĩnh Phúc") == ["Vĩnh Phúc → nay thuộc tỉnh Phú Thọ"]
    assert au.former_notes("vinh phuc", "en") == ["Vinh Phuc → now part of Phu Tho Province"]
    assert au.former_notes("quang nam") == ["Quảng Nam → nay thuộc thành phố Đà Nẵng"]
    assert au.former_notes("Phú Thọ") == [] and au.former_notes("") == []
    # a name in force is found by itself first, before a province that absorbed a similar former name
    assert au.search("ha tinh", kind="province")[0].code == "42"
