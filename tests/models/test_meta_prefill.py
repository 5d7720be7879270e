"""Metadata questions of a new record are filled from the clock and the installation's setup where that has
a meaning on a laptop, and left empty otherwise (issue 12 item 1)."""

from __future__ import annotations

import re

from forms import load_form
from models.records.editor import create_record
from models.store.database import open_store
from tests.helpers import md

FORM = md("""
    | survey |
    | | type | name | label | trigger |
    | | start | started | | |
    | | today | day | | |
    | | deviceid | dev | | |
    | | username | who | | |
    | | email | mail | | |
    | | phonenumber | phone | | |
    | | simserial | sim | | |
    | | subscriberid | sub | | |
    | | start-geopoint | where | | |
    | | gps | gp | Vị trí | |
    | | background-geopoint | bg | | ${gp} |
    | | background-audio | sound | | |
    | | audit | | | |
    | | text | t | T | |
    | settings |
    | | form_id | version |
    | | meta | 1 |
""")


def _store(tmp_path, **extra):
    st = open_store(tmp_path / "m.db")
    st.set_settings({"role": "enumerator", "user_name": "Lê Thị Hoa", "user_code": "E07", "province": "42",
                     "commune": "18073", "language": "vi", **extra})
    st.add_form(load_form(FORM))
    return st


def test_metadata_is_filled_from_the_clock_and_the_setup(tmp_path):
    st = _store(tmp_path)
    answers = st.record(create_record(st, "meta"))["answers"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}", answers["started"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", answers["day"])
    assert answers["dev"] == st.device_id and answers["who"] == "Lê Thị Hoa"
    # nothing a laptop has: no e-mail or phone number in this setup, no SIM, no GPS, no microphone, no audit log
    for name in ("mail", "phone", "sim", "sub", "where", "bg", "sound", "audit"):
        assert name not in answers
    st.close()


def test_email_and_phone_number_come_from_the_setup_when_it_has_them(tmp_path):
    st = _store(tmp_path, email="hoa@example.vn", phonenumber="0912345678")
    answers = st.record(create_record(st, "meta"))["answers"]
    assert answers["mail"] == "hoa@example.vn" and answers["phone"] == "0912345678"
    st.close()
