"""Media questions in data entry (issue 12 part D, item 3), by the keyboard: Enter on a question with
nothing attached opens the file dialog (only its return value is patched), the file is saved with the
answer, an image shows a thumbnail and any file its name and size, Ctrl+O replaces it, Delete removes
it; a file over the limit is refused with its message; a signature is drawn on a pad and saved as PNG."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from forms import load_form
from models.records import attachments
from models.records.editor import create_record
from models.store import files as store_files
from tests.models.media_helpers import MEDIA_FORM, png
from ui.entry import media
from ui.entry.window import FormEntryWindow


def _open(qtbot, store):
    store.add_form(load_form(MEDIA_FORM))
    rid = create_record(store, "pkg_media")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.widgets.get("photo") is not None)
    return win, rid


def _choose(monkeypatch, path):
    chosen = []

    def dialog(*a, **k):
        chosen.append(a)
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    return chosen


def test_attach_replace_and_remove_with_the_keyboard(qtbot, store, no_dialogs, monkeypatch, tmp_path):
    win, rid = _open(qtbot, store)
    (tmp_path / "Cua hang.JPG").write_bytes(png(40, 30))
    opened = _choose(monkeypatch, tmp_path / "Cua hang.JPG")
    win.go_to("photo")
    q = win.widgets["photo"]
    assert isinstance(q, media.MediaQuestion) and win.focusWidget() is q.focus_target()
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_Return)
    assert len(opened) == 1
    rec = store.record(rid)
    name = rec["answers"]["photo"]
    assert name.endswith(".jpg") and name[:-4].isdigit()
    assert store_files.file_bytes(store, rec["files"][name]["sha256"]) == png(40, 30)
    assert q.preview.isVisible() and q.preview.pixmap().width() == 160  # a thumbnail of the image
    assert q.info.text().startswith(name + " (") and "B)" in q.info.text()
    # attached: Enter moves on; Ctrl+O replaces the file
    (tmp_path / "moi.png").write_bytes(png(8, 8, (0, 0, 255)))
    opened = _choose(monkeypatch, tmp_path / "moi.png")
    q = win.widgets["photo"]
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1
    rec = store.record(rid)
    assert rec["answers"]["photo"].endswith(".png") and list(rec["files"]) == [rec["answers"]["photo"]]
    # Delete removes it: the answer and the record's file entry
    win.go_to("photo")
    qtbot.keyClick(win.widgets["photo"].focus_target(), Qt.Key.Key_Delete)
    rec = store.record(rid)
    assert rec["answers"].get("photo", "") == "" and rec["files"] == {}
    assert not win.widgets["photo"].remove_button.isVisible()


def test_a_cancelled_dialog_changes_nothing_and_a_too_large_file_is_refused(qtbot, store, no_dialogs, monkeypatch,
                                                                            tmp_path):
    win, rid = _open(qtbot, store)
    _choose(monkeypatch, None)
    win.go_to("photo")
    qtbot.keyClick(win.widgets["photo"].focus_target(), Qt.Key.Key_Return)
    assert store.record(rid)["answers"].get("photo", "") == ""
    errors = []
    monkeypatch.setattr("ui.entry.window.show_error", lambda parent, err: errors.append(err))
    monkeypatch.setattr(attachments, "MAX_FILE_BYTES", 100)
    (tmp_path / "lon.jpg").write_bytes(b"x" * 500)
    _choose(monkeypatch, tmp_path / "lon.jpg")
    win.go_to("photo")
    qtbot.keyClick(win.widgets["photo"].focus_target(), Qt.Key.Key_Return)
    assert [e.message("en") for e in errors] == [
        "The file 'lon.jpg' (500 B) is larger than the limit of 100 B for a file attached to question 'photo'. "
        "Choose a smaller file (e.g. a photo taken at a lower resolution, or the file made smaller) and attach it "
        "again."]
    assert store.record(rid)["answers"].get("photo", "") == "" and store.record(rid)["files"] == {}


def test_a_signature_is_drawn_on_a_pad_and_saved_as_png(qtbot, store, no_dialogs, monkeypatch):
    win, rid = _open(qtbot, store)
    q = win.widgets["sig"]
    assert q.camera_note.isHidden()  # a drawn question offers no camera

    def exec_(dlg):
        from PySide6.QtCore import QEvent, QPointF
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtWidgets import QApplication

        qtbot.mousePress(dlg.pad, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
        for x in (60, 120, 200):  # a stroke drawn with the button held (QTest's mouseMove holds none)
            pt = QPointF(x, 10 + (x - 10) * 70 / 190)
            QApplication.sendEvent(dlg.pad, QMouseEvent(QEvent.Type.MouseMove, pt, dlg.pad.mapToGlobal(pt),
                                                        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                                                        Qt.KeyboardModifier.NoModifier))
        qtbot.mouseRelease(dlg.pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 80))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(media.DrawDialog, "exec", exec_)
    win.go_to("sig")
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_Return)
    rec = store.record(rid)
    name = rec["answers"]["sig"]
    data = store_files.file_bytes(store, rec["files"][name]["sha256"])
    assert name.endswith(".png") and data.startswith(b"\x89PNG") and rec["files"][name]["type"] == "image/png"
    from PySide6.QtGui import QImage

    img = QImage.fromData(data)
    assert img.width() == 480 and img.pixelColor(100, 43).lightness() < 128  # the stroke is there
    assert img.pixelColor(400, 180).lightness() > 250  # and the rest is white


def test_without_qt_multimedia_the_photo_question_says_no_camera(qtbot, store, no_dialogs):
    win, _rid = _open(qtbot, store)
    note = win.widgets["photo"].camera_note
    assert media.camera_available() is False  # the PySide6-Essentials wheel has no Qt Multimedia
    assert not note.isHidden() and "Qt Multimedia" in note.text()


def test_an_osm_question_attaches_an_openstreetmap_file_and_refuses_another(qtbot, store, no_dialogs, monkeypatch,
                                                                            tmp_path):
    from tests.models.test_record_osm import OSM_FILE, OSM_FORM

    store.add_form(load_form(OSM_FORM))
    rid = create_record(store, "pkg_osm")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.widgets.get("building") is not None)
    q = win.widgets["building"]
    # the tags to fill (the form's osm sheet) are shown as help
    assert not q.osm_help.isHidden()
    assert "name (Tên nhà), building:levels (Số tầng)" in q.osm_help.text() and "JOSM" in q.osm_help.text()
    errors = []
    monkeypatch.setattr("ui.entry.window.show_error", lambda parent, err: errors.append(err))
    (tmp_path / "ban-do.gpx").write_bytes(b"<gpx version='1.1'/>")
    opened = _choose(monkeypatch, tmp_path / "ban-do.gpx")
    win.go_to("building")
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_Return)
    assert "(*.osm)" in opened[0][3]  # the dialog offers .osm files first
    assert [e.code.name for e in errors] == ["FILE_NOT_OSM"]
    assert store.record(rid)["answers"].get("building", "") == ""
    (tmp_path / "nha.osm").write_bytes(OSM_FILE)
    _choose(monkeypatch, tmp_path / "nha.osm")
    q = win.widgets["building"]
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_Return)
    rec = store.record(rid)
    name = rec["answers"]["building"]
    assert name.endswith(".osm") and store_files.file_bytes(store, rec["files"][name]["sha256"]) == OSM_FILE
    assert win.widgets["building"].info.text().startswith(name + " (")
