"""Shared pieces of the sync tests: a form, a database with records, an in-memory key store."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend

FORM_MD = """
| survey   |                  |             |                              |                   |                    |
|          | type             | name        | label::Tiếng Việt (vi)       | label::English (en) | relevant         |
|          | start            | start       |                              |                   |                    |
|          | text             | unit_name   | Tên doanh nghiệp             | Enterprise name   |                    |
|          | integer          | workers     | Số lao động                  | Workers           |                    |
|          | select_one yn    | sells_online| Có bán hàng trực tuyến?      | Sells online?     |                    |
|          | text             | platform    | Sàn thương mại điện tử       | Platform          | ${sells_online} = '1' |
|          | begin repeat     | member      | Thành viên                   | Members           |                    |
|          | text             | m_name      | Họ tên                       | Name              |                    |
|          | integer          | m_age       | Tuổi                         | Age               |                    |
|          | end repeat       |             |                              |                   |                    |
|          | begin group      | contact     | Liên hệ                      | Contact           |                    |
|          | text             | phone       | Điện thoại                   | Phone             |                    |
|          | end group        |             |                              |                   |                    |
| choices  |                  |             |                              |                   |                    |
|          | list_name        | name        | label::Tiếng Việt (vi)       | label::English (en) |                  |
|          | yn               | 1           | Có                           | Yes               |                    |
|          | yn               | 2           | Không                        | No                |                    |
| settings |                  |             |                              |                   |                    |
|          | form_id          | version     | form_title                   |                   |                    |
|          | dn_sync          | {version}   | Doanh nghiệp (thử đồng bộ)   |                   |                    |
"""


def form_md(version: str = "2024.1") -> str:
    return FORM_MD.replace("{version}", version)


class MemoryKeyring(KeyringBackend):
    """A key store that lives in memory (headless tests)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError(username)
        del self.items[(service, username)]


def make_db(path, *, records: int = 3, version: str = "2024.1", status: str = "complete") -> list[str]:
    """A database with the sync test form and ``records`` filled-in records (with a repeat)."""
    from forms import load_form
    from models.records.editor import RecordEditor, set_status
    from models.store.database import open_store

    store = open_store(path)
    try:
        store.set_settings({"role": "clerk", "user_name": "Nguyễn Văn A", "user_code": "E01",
                            "commune": "Xã Tân Lập", "province": "Phú Thọ"})
        store.add_form(load_form(form_md(version)))
        ids = []
        for i in range(records):
            ids.append(fill_record(store, f"Công ty Số {i + 1}", i))
            if status != "draft":
                ed = RecordEditor(store, ids[-1])
                assert ed.mark_complete() == []
                if status == "approved":
                    set_status(store, ids[-1], "approved")
        return ids
    finally:
        store.close()


def fill_record(store, name: str, i: int = 0, form_id: str = "dn_sync") -> str:
    from models.records.editor import RecordEditor, create_record

    rid = create_record(store, form_id)
    ed = RecordEditor(store, rid)
    ed.set("unit_name", name)
    ed.set("workers", str(10 + i))
    ed.set("sells_online", "1" if i % 2 == 0 else "2")
    ed.set("platform", "Shopee")  # kept as typed, not relevant (empty in the XML) when sells_online = 2
    p = ed.add_instance("member")
    ed.set(f"{p}.m_name", "Trần Thị Bình")
    ed.set(f"{p}.m_age", "34")
    ed.set("phone", "0912345678")
    return rid


@pytest.fixture
def memory_keyring(monkeypatch):
    """The OS key store replaced by one in memory (and SURVEY_SYNC_PASSWORD unset) for one test; yields it.
    Use with ``pytestmark = pytest.mark.usefixtures("memory_keyring")`` after importing it."""
    import keyring

    from models.sync import credentials

    kr = MemoryKeyring()
    prev = keyring.get_keyring()
    keyring.set_keyring(kr)
    monkeypatch.delenv(credentials.ENV_PASSWORD, raising=False)
    yield kr
    keyring.set_keyring(prev)
