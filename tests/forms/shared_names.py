"""A form that uses the same names in several groups and repeats, as XLSForm allows (names need be
unique only within their group; repeat names in the whole form). Shared by the tests of the form
engine, the store, packages, exports and the ODK differential test."""

SHARED = """
| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | relevant | calculation | constraint | required |
| | integer | n | Số người | People | | | | |
| | begin group | head | Chủ hộ | Head | | | | |
| | text | name | Tên chủ hộ | Head's name | | | | yes |
| | integer | age | Tuổi chủ hộ | Head's age | | | . < 120 | |
| | end group | | | | | | | |
| | begin group | spouse | Vợ/chồng | Spouse | ${n} > 1 | | | |
| | text | name | Tên vợ/chồng | Spouse's name | | | | yes |
| | integer | age | Tuổi vợ/chồng | Spouse's age | | | . < 110 | |
| | end group | | | | | | | |
| | begin repeat | member | Thành viên | Member | | | | |
| | text | name | Tên thành viên | Member's name | | | | |
| | integer | m_age | Tuổi | Age | | | | |
| | calculate | age | | | | ${m_age} + 1 | | |
| | text | job | Nghề | Job | ${m_age} >= 15 | | | |
| | end repeat | | | | | | | |
| | begin repeat | plot | Thửa | Plot | | | | |
| | text | name | Tên thửa | Plot name | | | | |
| | begin group | size | Diện tích | Size | | | | |
| | decimal | area | Diện tích (m2) | Area (m2) | | | | |
| | end group | | | | | | | |
| | end repeat | | | | | | | |
| | begin group | farm | Trang trại | Farm | | | | |
| | begin repeat | crop | Cây trồng | Crop | | | | |
| | text | kind | Loại cây | Crop kind | | | | |
| | begin group | size | Quy mô | Size | | | | |
| | decimal | area | Diện tích cây | Crop area | string-length(${kind}) > 0 | | | |
| | end group | | | | | | | |
| | end repeat | | | | | | | |
| | end group | | | | | | | |
| | calculate | total | | | | ${n} * 10 | | |

| settings |
| | form_id | version | form_title | default_language |
| | shared_names | 1 | Tên dùng chung | Tiếng Việt (vi) |
"""

#: every element's key, in document order (``meta/instanceID`` left out)
KEYS = ["n", "head", "head-name", "head-age", "spouse", "spouse-name", "spouse-age",
        "member", "member-name", "m_age", "member-age", "job",
        "plot", "plot-name", "plot-size", "plot-size-area",
        "farm", "crop", "kind", "farm-crop-size", "farm-crop-size-area", "total"]

#: answers with every shared name filled in
ANSWERS = {
    "n": "2", "head-name": "An", "head-age": "50", "spouse-name": "Bình", "spouse-age": "48",
    "member": [{"member-name": "Cường", "m_age": "20", "job": "thợ"},
               {"member-name": "Dung", "m_age": "10", "job": "học"}],
    "plot": [{"plot-name": "Ruộng", "plot-size-area": "1500"}],
    "crop": [{"kind": "lúa", "farm-crop-size-area": "900"}, {"farm-crop-size-area": "5"}],
}
