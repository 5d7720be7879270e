"""A small bilingual survey (one household form with a roster) and a store filled through the real
record services, shared by the export, indicator, PDF and report tests."""

from __future__ import annotations

from pathlib import Path

FORM_MD = """
| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | relevant | calculation | personal |
| | today | today | | | | | |
| | begin group | info | 1. Thông tin phiếu | 1. Record information | | | |
| | date | interview_date | Ngày phỏng vấn | Interview date | | | |
| | select_one commune | commune | Xã | Commune | | | |
| | text | village | Thôn | Village | | | |
| | select_one yn | consent | Hộ đồng ý tham gia? | Does the household agree? | | | |
| | end group | | | | | | |
| | begin group | hh | 2. Hộ gia đình | 2. Household | ${consent} = '1' | | |
| | text | head_name | Họ tên chủ hộ | Head of household | | | |
| | text | phone | Số điện thoại | Phone number | | | |
| | text | note_free | Ghi chú về hộ | Household note | | | no |
| | select_one yn | hh_internet | Hộ có Internet không? | Internet at home? | | | |
| | select_multiple nettype | net_type | Loại kết nối | Connection type | ${hh_internet} = '1' | | |
| | integer | ict_spend | Chi tiêu CNTT (nghìn đồng) | ICT spending (thousand VND) | | | |
| | decimal | income | Thu nhập (triệu đồng) | Income (million VND) | | | |
| | end group | | | | | | |
| | begin repeat | mem | 3. Thành viên | 3. Members | ${consent} = '1' | | |
| | text | m_name | Họ tên | Name | | | |
| | integer | m_age | Tuổi | Age | | | |
| | select_one sex | m_sex | Giới tính | Sex | | | |
| | select_one yn | m_net | Có dùng Internet? | Uses the Internet? | | | |
| | select_multiple act | m_act | Hoạt động trực tuyến | Online activities | ${m_net} = '1' | | |
| | text | m_cccd | Số CCCD | ID card number | | | |
| | end repeat | | | | | | |
| | select_one yn | hh_sell | Hộ bán hàng trực tuyến? | Sells online? | ${consent} = '1' | | |

| choices |
| | list_name | name | label::Tiếng Việt (vi) | label::English (en) |
| | yn | 1 | Có | Yes |
| | yn | 2 | Không | No |
| | nettype | fibre | Cáp quang | Fibre |
| | nettype | mobile | Di động 4G/5G | Mobile 4G/5G |
| | nettype | other | Khác | Other |
| | sex | 1 | Nam | Male |
| | sex | 2 | Nữ | Female |
| | act | social | Mạng xã hội | Social media |
| | act | buy | Mua hàng | Buying |
| | act | bank | Ngân hàng | Banking |
| | commune | 10001 | Xã Thượng Đình | Thuong Dinh |
| | commune | 10002 | Phường Hạ Long | Ha Long ward |

| settings |
| | form_id | version | form_title | default_language |
| | hh_test | 1 | Khảo sát hộ thử nghiệm | Tiếng Việt (vi) |
"""

INDICATORS_TOML = r'''
schema_version = 1
[cdai]
code = "C-DAI"
label_vi = "Chỉ số thử nghiệm"
label_en = "Test index"

[[indicator]]
code = "H05"
form = "hh_test"
unit = "record"
kind = "share"
measure = "percent"
label_vi = "Tỷ lệ hộ có Internet"
label_en = "Households with Internet (%)"
numerator = "${hh_internet} = '1'"
denominator = "${consent} = '1'"
group = "household"
group_vi = "Chỉ tiêu hộ gia đình"
group_en = "Household indicators"
target = 80
target_source = "Quyết định 411/QĐ-TTg"
min_denominator = 2

[[indicator]]
code = "H06"
form = "hh_test"
unit = "record"
kind = "share"
measure = "percent"
label_vi = "Tỷ lệ hộ có cáp quang"
label_en = "Households with fibre (%)"
numerator = "selected(${net_type}, 'fibre')"
denominator = "${consent} = '1'"
group = "household"
group_vi = "Chỉ tiêu hộ gia đình"
group_en = "Household indicators"
min_denominator = 2

[[indicator]]
code = "H08"
form = "hh_test"
unit = "record"
kind = "mean"
measure = "thousand VND"
label_vi = "Chi tiêu CNTT bình quân"
label_en = "Mean ICT spending"
numerator = "${ict_spend}"
denominator = "coalesce(${ict_spend}, -1) >= 0"
group = "household"
group_vi = "Chỉ tiêu hộ gia đình"
group_en = "Household indicators"

[[indicator]]
code = "H09"
form = "hh_test"
unit = "member"
kind = "share"
measure = "percent"
label_vi = "Tỷ lệ người từ 15 tuổi dùng Internet"
label_en = "Persons 15+ using the Internet (%)"
numerator = "${m_net} = '1'"
denominator = "${m_age} >= 15"
group = "household"
group_vi = "Chỉ tiêu hộ gia đình"
group_en = "Household indicators"
min_denominator = 3

[[indicator]]
code = "H14.social"
form = "hh_test"
unit = "member"
kind = "share"
measure = "percent"
label_vi = "Dùng mạng xã hội"
label_en = "Using social media"
numerator = "selected(${m_act}, 'social')"
denominator = "${m_age} >= 5 and ${hh_internet} = '1'"
group = "household"
group_vi = "Chỉ tiêu hộ gia đình"
group_en = "Household indicators"

[[indicator]]
code = "H25"
form = "hh_test"
unit = "record"
kind = "sum"
measure = "households"
label_vi = "Số hộ bán hàng trực tuyến"
label_en = "Households selling online"
numerator = "1"
denominator = "${hh_sell} = '1'"
group = "household"
group_vi = "Chỉ tiêu hộ gia đình"
group_en = "Household indicators"

[[indicator]]
code = "H30"
form = "hh_test"
unit = "record"
kind = "ratio"
measure = "percent"
label_vi = "Tỷ trọng chi CNTT trong thu nhập"
label_en = "ICT spending share of income"
numerator = "coalesce(${ict_spend}, 0) * 12 div 1000"
denominator = "coalesce(${income}, 0)"
group = "household"
group_vi = "Chỉ tiêu hộ gia đình"
group_en = "Household indicators"

[[indicator]]
code = "H28a"
form = "hh_test"
unit = "member"
kind = "share"
measure = "percent"
label_vi = "Nam dùng Internet"
label_en = "Men using the Internet"
numerator = "${m_net} = '1'"
denominator = "${m_age} >= 5 and ${m_sex} = '1'"
group = "household"

[[indicator]]
code = "H28b"
form = "hh_test"
unit = "member"
kind = "share"
measure = "percent"
label_vi = "Nữ dùng Internet"
label_en = "Women using the Internet"
numerator = "${m_net} = '1'"
denominator = "${m_age} >= 5 and ${m_sex} = '2'"
group = "household"

[[indicator]]
code = "H28"
form = "hh_test"
unit = "member"
kind = "difference"
measure = "percentage points"
label_vi = "Chênh lệch giới"
label_en = "Gender gap"
terms = ["H28a", "H28b"]
group = "household"

[[pillar]]
code = "P1"
label_vi = "Hạ tầng"
label_en = "Infrastructure"
weight = 0.6
indicators = ["H05", "H06"]
[pillar.upper]
"H05" = 100
"H06" = 50

[[pillar]]
code = "P2"
label_vi = "Người dân số"
label_en = "Digital citizens"
weight = 0.4
indicators = ["H09"]
[pillar.upper]
"H09" = 100
'''

#: households: (commune, status, answers) — answers of the roster as lists of dicts
HOUSEHOLDS = [
    ("10001", "approved", {"consent": "1", "head_name": "Nguyễn Văn Ấn", "phone": "0912345678",
                          "note_free": "Nhà gần chợ", "hh_internet": "1", "net_type": "fibre mobile",
                          "ict_spend": "300", "income": "120.5", "hh_sell": "1",
                          "mem": [{"m_name": "Nguyễn Văn Ấn", "m_age": "45", "m_sex": "1", "m_net": "1",
                                   "m_act": "social bank", "m_cccd": "001085012345"},
                                  {"m_name": "Trần Thị Bích", "m_age": "40", "m_sex": "2", "m_net": "1",
                                   "m_act": "social buy", "m_cccd": "001185067890"},
                                  {"m_name": "Nguyễn Thị Cúc", "m_age": "12", "m_sex": "2", "m_net": "2",
                                   "m_cccd": ""}]}),
    ("10001", "complete", {"consent": "1", "head_name": "Lê Văn Đức", "phone": "0987654321",
                          "hh_internet": "1", "net_type": "mobile", "ict_spend": "150", "income": "80",
                          "hh_sell": "2",
                          "mem": [{"m_name": "Lê Văn Đức", "m_age": "70", "m_sex": "1", "m_net": "2",
                                   "m_cccd": "001054011111"},
                                  {"m_name": "Phạm Thị Én", "m_age": "33", "m_sex": "2", "m_net": "1",
                                   "m_act": "buy", "m_cccd": "001191022222"}]}),
    ("10001", "complete", {"consent": "1", "head_name": "Hoàng Văn Giang", "phone": "0901111222",
                          "hh_internet": "2", "ict_spend": "50", "income": "40", "hh_sell": "2",
                          "mem": [{"m_name": "Hoàng Văn Giang", "m_age": "58", "m_sex": "1", "m_net": "2",
                                   "m_cccd": "001066033333"}]}),
    ("10001", "complete", {"consent": "2"}),
    ("10001", "draft", {"consent": "1", "head_name": "Đỗ Văn Hùng", "hh_internet": "1", "net_type": "fibre",
                       "mem": [{"m_name": "Đỗ Văn Hùng", "m_age": "30", "m_sex": "1", "m_net": "1"}]}),
    ("10002", "approved", {"consent": "1", "head_name": "Vũ Thị Khánh", "phone": "0933444555",
                          "hh_internet": "1", "net_type": "fibre", "ict_spend": "500", "income": "200",
                          "hh_sell": "1",
                          "mem": [{"m_name": "Vũ Thị Khánh", "m_age": "36", "m_sex": "2", "m_net": "1",
                                   "m_act": "social buy bank", "m_cccd": "001186044444"},
                                  {"m_name": "Bùi Văn Long", "m_age": "38", "m_sex": "1", "m_net": "1",
                                   "m_act": "social", "m_cccd": "001084055555"},
                                  {"m_name": "Bùi Minh Mẫn", "m_age": "16", "m_sex": "1", "m_net": "1",
                                   "m_act": "social", "m_cccd": ""}]}),
    ("10002", "complete", {"consent": "1", "head_name": "Đặng Văn Nam", "phone": "0977888999",
                          "hh_internet": "1", "net_type": "fibre", "ict_spend": "250", "income": "90",
                          "hh_sell": "2",
                          "mem": [{"m_name": "Đặng Văn Nam", "m_age": "50", "m_sex": "1", "m_net": "1",
                                   "m_act": "bank", "m_cccd": "001075066666"}]}),
]


def write_indicators(tmp_path: Path) -> Path:
    p = tmp_path / "indicators.toml"
    p.write_text(INDICATORS_TOML, encoding="utf-8")
    return p


def make_store(path: Path, households=HOUSEHOLDS, *, dates: list[str] | None = None):
    """A store with the test form and the households entered through RecordEditor. Returns
    (store, [record ids])."""
    from forms import load_form
    from models.records.editor import RecordEditor, create_record, set_status
    from models.store.database import open_store

    store = open_store(path)
    store.set_settings({"role": "clerk", "user_name": "Cán bộ Xã", "user_code": "CB01", "province": "22",
                        "commune": "10001"})
    store.add_form(load_form(FORM_MD))
    ids = []
    for i, (commune, status, answers) in enumerate(households):
        rid = create_record(store, "hh_test")
        ed = RecordEditor(store, rid)
        day = (dates[i] if dates else f"2025-03-{10 + i:02d}")
        ed.set("interview_date", day)
        ed.set("commune", commune)
        ed.set("village", f"Thôn {i + 1}")
        for k, v in answers.items():
            if k == "mem":
                continue
            ed.set(k, v)
        for m in answers.get("mem", []):
            p = ed.add_instance("mem")
            for k, v in m.items():
                if v != "":
                    ed.set(f"{p}.{k}", v)
        if status in ("complete", "approved"):
            assert ed.mark_complete() == [], ed.issues()
            if status == "approved":
                set_status(store, rid, "approved")
        # the commune column of the record row follows the answer
        with store.write():
            store.execute("UPDATE records SET commune = ? WHERE id = ?", [commune, rid])
        ids.append(rid)
    return store, ids
