"""The consolidation screen imports ODK Collect's saved instances from a phone's folder (issue 14)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from models.store.database import open_store  # noqa: E402
from models.sync.service import build_instance  # noqa: E402
from tests.models.pkg_helpers import add_enterprise, make_db  # noqa: E402


@pytest.fixture
def phone_folder(tmp_path):
    """A phone's instances folder: two enterprises saved by another installation's engine."""
    phone = make_db(tmp_path / "phone.db", name="Lê Văn Cường", code="E02")
    folder = tmp_path / "instances"
    for i, name in enumerate(("Công ty Hoa Sen", "HTX Rau sạch")):
        rid = add_enterprise(phone, name, tax=f"010000000{i}", complete=True)
        d = folder / f"enterprise_{i}"
        d.mkdir(parents=True)
        (d / f"enterprise_{i}.xml").write_bytes(build_instance(phone, rid, rid))
    (folder / "other").mkdir()
    (folder / "other" / "other.xml").write_bytes(b'<x id="la" version="1"><meta><instanceID>uuid:9</instanceID>'
                                                 b"</meta></x>")
    phone.close()
    make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01").close()
    return folder


def test_collect_button_imports_a_phones_instances_once(qtbot, tmp_path, phone_folder, monkeypatch):
    from ui.consolidation import ConsolidationPage

    page = ConsolidationPage(str(tmp_path / "clerk.db"))
    qtbot.addWidget(page)
    page.show()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(phone_folder)))
    with qtbot.waitSignal(page.collected, timeout=60000) as sig:
        qtbot.mouseClick(page.collect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.worker is None, timeout=10000)
    assert sig.args[0].line() == "added=2 updated=0 unchanged=0 conflicts=0 refused=1"
    text = page.summary_label.text()
    assert "Thêm 2" in text and "từ chối 1" in text and "other.xml bị từ chối" in text
    assert "'la'" in text and "gói" not in text  # the form it needs, not a package's advice
    assert page.collect_button.isEnabled() and page.pick_button.isEnabled()
    with qtbot.waitSignal(page.collected, timeout=60000) as sig:  # the same phone again: nothing twice
        qtbot.mouseClick(page.collect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.worker is None, timeout=10000)
    assert sig.args[0].unchanged == 2 and sig.args[0].added == 0
    st = open_store(str(tmp_path / "clerk.db"), create=False)
    try:
        labels = sorted(r[0] for r in st.execute("SELECT label FROM records"))
    finally:
        st.close()
    assert len(labels) == 2 and any("Hoa Sen" in x for x in labels)
