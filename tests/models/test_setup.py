"""The installation's setup (models/setup/installation.py): what is checked, and what is stored."""

from __future__ import annotations

import pytest

from models.setup.errors import SetupCode, SetupError
from models.setup.installation import Setup, current, problems, save_setup
from models.store.database import open_store


@pytest.fixture
def store(tmp_path):
    st = open_store(str(tmp_path / "s.db"))
    yield st
    st.close()


def test_a_valid_setup_is_stored_with_the_official_codes(store):
    s = Setup("enumerator", " Nguyễn Văn An ", " E01 ", "42", "18073", "en")
    assert problems(s) == {}
    save_setup(store, s)
    assert current(store) == Setup("enumerator", "Nguyễn Văn An", "E01", "42", "18073", "en")


def test_a_province_user_needs_no_commune(store):
    s = Setup("province", "Trần Thị Bình", "T01", "42", "")
    assert problems(s) == {}
    save_setup(store, s)
    assert (current(store).role, current(store).province, current(store).commune) == ("province", "42", "")


@pytest.mark.parametrize("role", ["enumerator", "province"])
@pytest.mark.parametrize("commune", ["99999", "09025"], ids=["unknown", "of another province"])
def test_a_commune_given_must_be_one_of_the_province(store, role, commune):
    s = Setup(role, "Trần Thị Bình", "T01", "42", commune)
    assert set(problems(s)) == {"commune"}
    with pytest.raises(SetupError) as caught:
        save_setup(store, s)
    assert caught.value.code is SetupCode.SETUP_INVALID and caught.value.context["field"] == "commune"
    assert "Chọn xã/phường thuộc tỉnh đã chọn" in caught.value.message("vi")
    assert "Choose a commune of the chosen province" in caught.value.message("en")
    assert current(store).role == ""  # nothing stored


def test_an_unknown_province_is_refused_before_anything_is_stored(store):
    s = Setup("province", "Trần Thị Bình", "T01", "99", "")
    assert set(problems(s)) == {"province"}
    with pytest.raises(SetupError):
        save_setup(store, s)
    assert current(store).province == ""
