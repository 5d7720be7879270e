"""Issue 12 part D, "Proof": a record with a photo and a signature taken from data entry (keyboard,
the file dialog's return patched; the signature drawn on the pad) through a transfer package, a merge
(the clerk's import, then a conflict resolved), a sync to the test OpenRosa server (attachments
checked by digest), a CSV and an XLSX export and a filled PDF."""

from __future__ import annotations

import csv
import hashlib

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from exports.questionnaire import print_records
from exports.tabular import make_filter, run_export
from forms import load_form
from models.base.progress import run
from models.exchange.merge import leaves_of, resolve
from models.exchange.packages import export_package, import_into
from models.records.editor import RecordEditor, create_record
from models.store import files as store_files
from models.sync.service import RetryPolicy, SyncSettings, run_sync
from tests.models.media_helpers import MEDIA_FORM, png
from tests.models.pkg_helpers import make_db
from tests.openrosa_server import OpenRosaTestServer
from tests.sync_fixtures import memory_keyring  # noqa: F401  (a fixture)
from ui.entry import media
from ui.entry.window import FormEntryWindow

pytestmark = pytest.mark.usefixtures("memory_keyring")


def _sign(qtbot):
    def exec_(dlg):
        qtbot.mousePress(dlg.pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 150))
        for x in (80, 160, 240, 320):
            pt = QPointF(x, 150 - (x % 160) / 2)
            QApplication.sendEvent(dlg.pad, QMouseEvent(QEvent.Type.MouseMove, pt, dlg.pad.mapToGlobal(pt),
                                                        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                                                        Qt.KeyboardModifier.NoModifier))
        qtbot.mouseRelease(dlg.pad, Qt.MouseButton.LeftButton, pos=QPoint(320, 150))
        return QDialog.DialogCode.Accepted
    return exec_


def test_a_record_with_a_photo_and_a_signature_from_entry_to_package_merge_sync_exports_and_pdf(
        qtbot, no_dialogs, monkeypatch, tmp_path):
    # ---- entry, by the keyboard
    e1 = make_db(tmp_path / "e1.db")
    e1.add_form(load_form(MEDIA_FORM))
    rid = create_record(e1, "pkg_media")
    win = FormEntryWindow(e1, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.widgets.get("photo") is not None)
    photo = png(64, 48, (180, 120, 40))
    (tmp_path / "IMG_2041.JPG").write_bytes(photo)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(tmp_path / "IMG_2041.JPG"),
                                                                                       "")))
    monkeypatch.setattr(media.DrawDialog, "exec", _sign(qtbot))
    win.go_to("shop")
    win.widgets["shop"].edit.setText("Tạp hoá Minh Anh")
    qtbot.keyClick(win.widgets["shop"].edit, Qt.Key.Key_Return)
    win.go_to("photo")
    qtbot.keyClick(win.widgets["photo"].focus_target(), Qt.Key.Key_Return)
    win.go_to("sig")
    qtbot.keyClick(win.widgets["sig"].focus_target(), Qt.Key.Key_Return)
    win.close()
    rec = e1.record(rid)
    photo_name, sig_name = rec["answers"]["photo"], rec["answers"]["sig"]
    assert photo_name.endswith(".jpg") and sig_name.endswith(".png") and rec["answers"]["shop"] == "Tạp hoá Minh Anh"
    digests = {n: f["sha256"] for n, f in rec["files"].items()}
    assert digests[photo_name] == hashlib.sha256(photo).hexdigest()
    sig = store_files.file_bytes(e1, digests[sig_name])
    assert sig.startswith(b"\x89PNG") and len(sig) > 500
    assert RecordEditor(e1, rid).mark_complete() == []

    # ---- a package to the clerk, merged there
    export_package(e1, tmp_path / "p1.ksp")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    list(import_into(clerk, [tmp_path / "p1.ksp"]))
    assert clerk.record(rid)["rev"] == e1.record(rid)["rev"]
    # both sides change the photo: a conflict; the clerk keeps the enumerator's new photo
    newer = png(32, 32, (0, 120, 200))
    RecordEditor(clerk, rid).set("shop", "Tạp hoá Minh Anh (chi nhánh)")
    RecordEditor(e1, rid).attach("photo", newer, original_name="IMG_2042.JPG", file_name="1712345699999.jpg")
    export_package(e1, tmp_path / "p2.ksp", mode="changes")
    list(import_into(clerk, [tmp_path / "p2.ksp"]))
    assert len(leaves_of(clerk, rid)) == 2
    resolve(clerk, rid, {"photo": "1712345699999.jpg", "shop": "Tạp hoá Minh Anh (chi nhánh)"})
    merged = clerk.record(rid)
    assert merged["answers"]["photo"] == "1712345699999.jpg" and merged["answers"]["sig"] == sig_name
    assert {n: f["sha256"] for n, f in merged["files"].items()} == {
        "1712345699999.jpg": hashlib.sha256(newer).hexdigest(), sig_name: digests[sig_name]}
    assert RecordEditor(clerk, rid).mark_complete() == []

    # ---- sync to the test server: the attachments arrive, checked by digest
    with OpenRosaTestServer() as srv:
        srv.publish("pkg_media", "1")
        summary = run(run_sync(clerk, SyncSettings(server=srv.url, user="canbo"), password="mật-khẩu đúng",
                               retry=RetryPolicy(attempts=1, base_delay=0.001)))
        assert summary.line().startswith("sent=1"), summary.line()
        (iid,) = srv.current_instances()
        assert {n: f["sha256"] for n, f in srv.attachments[iid].items()} == \
            {n: f["sha256"] for n, f in merged["files"].items()}

    # ---- CSV and XLSX exports: the file names in the columns, the files in media/
    run_export(clerk, out=tmp_path / "csv" / "shops.csv", fmt="csv", filter=make_filter(form_ids=["pkg_media"]))
    with open(tmp_path / "csv" / "shops.csv", encoding="utf-8-sig") as fh:
        (row,) = list(csv.DictReader(fh))
    assert (row["photo"], row["sig"]) == ("1712345699999.jpg", sig_name)
    for name, f in merged["files"].items():
        got = (tmp_path / "csv" / "media" / name).read_bytes()
        assert hashlib.sha256(got).hexdigest() == f["sha256"]
    run_export(clerk, out=tmp_path / "xlsx" / "shops.xlsx", fmt="xlsx", filter=make_filter(form_ids=["pkg_media"]))
    import openpyxl

    rows = list(openpyxl.load_workbook(tmp_path / "xlsx" / "shops.xlsx", read_only=True).worksheets[0]
                .iter_rows(values_only=True))
    assert rows[1][rows[0].index("photo")] == "1712345699999.jpg" and rows[1][rows[0].index("sig")] == sig_name
    assert sorted(p.name for p in (tmp_path / "xlsx" / "media").iterdir()) == sorted(merged["files"])

    # ---- a filled PDF with the photo's and the signature's thumbnails
    run(print_records(clerk, out=str(tmp_path / "phieu.pdf"), record_ids=[rid]))
    assert (tmp_path / "phieu.pdf").read_bytes().count(b"/Subtype /Image") == 2
    e1.close()
    clerk.close()
