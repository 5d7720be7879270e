"""The one folding module: what each function keeps and drops, and the fast key folding equal to its
definition for every character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from forms.text_fold import fold, fold_ascii, fold_d, fold_key, fold_key_reference


def test_fold_d_only_replaces_d_with_stroke():
    assert fold_d("Đặng đình") == "Dặng dình"


def test_fold_ascii_keeps_case_and_spacing_and_makes_punctuation_ascii():
    assert fold_ascii("Phường Thành Sen") == "Phuong Thanh Sen"
    assert fold_ascii("Đắk Lắk") == "Dak Lak"
    assert fold_ascii("Cư M’gar – Ea H‘leo") == "Cu M'gar - Ea H'leo"


def test_fold_is_lower_case_ascii():
    assert fold("Đặng Thị Ánh") == "dang thi anh"
    assert fold("  Yên   Lạc ") == "  yen   lac "


def test_fold_key_by_table_matches_the_reference_for_every_character_of_the_bmp():
    for cp in range(0x10000):
        c = chr(cp)
        assert fold_key(c) == fold_key_reference(c), hex(cp)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=40))
def test_fold_key_of_any_text_matches_the_reference(text):
    assert fold_key(text) == fold_key_reference(text)


def test_fold_key_examples():
    assert fold_key("  Nguyễn Văn Đức ") == "nguyenvanduc"
    assert fold_key("İstanbul ÅNGSTRÖM K") == fold_key_reference("İstanbul ÅNGSTRÖM K") == "istanbulangstromk"


def test_importing_the_folding_module_does_not_load_the_form_engine():
    import subprocess
    import sys

    code = ("import sys, forms.text_fold; "
            "print(sorted(m for m in sys.modules if m.startswith(('forms.', 'pyxform', 'lxml'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['forms.text_fold']"
