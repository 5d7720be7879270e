"""Trusting package senders on the consolidation and transfer pages: held updates are shown with the
sender's key id, "Tin cậy người gửi…" applies them after a confirmation, a key file pre-trusts its holder."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402

from models.exchange.keys import identity, write_public_key  # noqa: E402
from models.exchange.merge import leaves_of  # noqa: E402
from models.exchange.packages import export_package, import_into  # noqa: E402
from models.base.progress import run as run_steps
from models.records.editor import RecordEditor  # noqa: E402
from models.store.database import open_store  # noqa: E402
from tests.models.pkg_helpers import add_household, make_db  # noqa: E402
from tests.models.test_packages_trust import forge_update, new_identity, rebuild  # noqa: E402
from tests.ui.driver import wait_jobs  # noqa: E402


@pytest.fixture
def world(tmp_path):
    e1 = make_db(tmp_path / "e1.db")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    rid = add_household(e1, "Trần Thị Bình")
    export_package(e1, tmp_path / "e1.ksp")
    run_steps(import_into(clerk, [str(tmp_path / "e1.ksp")], backup=False))
    other = make_db(tmp_path / "other.db", role="clerk", name="Cán bộ xã bên", code="C02", forms=False)
    run_steps(import_into(other, [str(tmp_path / "e1.ksp")], backup=False))
    RecordEditor(other, rid).set("phone", "0912000111")
    export_package(other, tmp_path / "other.ksp")
    write_public_key(other, tmp_path / "other.pub")
    fp_other = identity(other).fingerprint
    forger = new_identity()
    rebuild(tmp_path / "e1.ksp", tmp_path / "forged.ksp", forger, edit_versions=forge_update("GIẢ"))
    for s in (e1, clerk, other):
        s.close()
    return {"db": str(tmp_path / "clerk.db"), "rid": rid, "tmp": tmp_path, "fp_other": fp_other,
            "forger": forger.fingerprint}


@pytest.fixture
def page(qtbot, world):
    from ui.consolidation import ConsolidationPage

    w = ConsolidationPage(world["db"])
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    return w


def _import(qtbot, page, monkeypatch, files):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (files, "")))
    with qtbot.waitSignal(page.imported, timeout=60000):
        qtbot.mouseClick(page.pick_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.worker is None, timeout=10000)


def test_held_updates_are_shown_and_applied_once_the_sender_is_trusted(qtbot, page, world, monkeypatch):
    _import(qtbot, page, monkeypatch, [str(world["tmp"] / "other.ksp")])
    text = page.summary_label.text()
    assert "được giữ lại thành xung đột" in text and world["fp_other"] in text
    assert page.trust_button.isVisible()
    st = open_store(world["db"])
    assert st.record(world["rid"])["answers"].get("phone") is None and len(leaves_of(st, world["rid"])) == 2
    st.close()
    asked = []

    def answer(parent, title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)  # "No": nothing changes
    wait_jobs(qtbot)
    st = open_store(world["db"])
    assert st.record(world["rid"])["answers"].get("phone") is None
    st.close()
    qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert world["fp_other"] in asked[-1] and "gọi điện" in asked[-1]
    assert "Đã tin cậy Cán bộ xã bên" in page.summary_label.text() and not page.trust_button.isVisible()
    st = open_store(world["db"])
    assert st.record(world["rid"])["answers"]["phone"] == "0912000111" and leaves_of(st, world["rid"])[1:] == []
    st.close()


def test_a_new_key_for_a_known_device_is_refused_then_trusted_and_imported(qtbot, page, world, monkeypatch):
    _import(qtbot, page, monkeypatch, [str(world["tmp"] / "forged.ksp")])
    text = page.summary_label.text()
    assert "bị từ chối" in text and world["forger"] in text and page.trust_button.isVisible()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(page.imported, timeout=60000):
        qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.worker is None, timeout=10000)
    st = open_store(world["db"])
    assert st.record(world["rid"])["answers"]["head_name"] == "GIẢ"
    st.close()


def test_a_key_file_trusts_its_holder_before_any_package(qtbot, page, world, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(world["tmp"] / "other.pub"), "")))
    qtbot.mouseClick(page.trust_key_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert world["fp_other"] in page.summary_label.text()
    _import(qtbot, page, monkeypatch, [str(world["tmp"] / "other.ksp")])
    assert not page.trust_button.isVisible() and "người gửi đã tin cậy" in page.summary_label.text()
    st = open_store(world["db"])
    assert st.record(world["rid"])["answers"]["phone"] == "0912000111"
    st.close()


def test_a_bad_key_file_shows_a_vietnamese_message(qtbot, page, world, monkeypatch):
    bad = world["tmp"] / "bad.pub"
    bad.write_text("không phải khóa")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    shown = []
    monkeypatch.setattr("ui.consolidation.show_error", lambda parent, err: shown.append(err.message("vi")))
    qtbot.mouseClick(page.trust_key_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    assert shown and "bad.pub" in shown[0] and "không phải tệp JSON" in shown[0]


def test_the_transfer_page_says_when_the_clerk_is_trusted_on_first_use(qtbot, tmp_path, monkeypatch):
    from models.exchange.returns import export_return_package
    from models.records.review import send_back
    from ui.transfer_page import TransferPage

    e1 = make_db(tmp_path / "e1.db")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    rid = add_household(e1, "Trần Thị Bình", complete=True)
    export_package(e1, tmp_path / "e1.ksp")
    run_steps(import_into(clerk, [str(tmp_path / "e1.ksp")], backup=False))
    send_back(clerk, rid, comment="Sửa thôn")
    export_return_package(clerk, str(tmp_path / "back.ksp"), enumerator="E01")
    fp = identity(clerk).fingerprint
    e1.close()
    clerk.close()
    w = TransferPage(str(tmp_path / "e1.db"))
    qtbot.addWidget(w)
    w.show()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(tmp_path / "back.ksp")],
                                                                                        "")))
    with qtbot.waitSignal(w.imported, timeout=60000):
        qtbot.mouseClick(w.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.worker is None, timeout=10000)
    text = w.result_label.text()
    assert "tin cậy người gửi Cán bộ xã" in text and fp in text and not w.trust_button.isVisible()
    st = open_store(tmp_path / "e1.db")
    assert st.record(rid)["status"] == "returned"
    st.close()
