"""Media questions in data entry (issue 12 part D, item 3), by the keyboard: Enter on a question with
nothing attached opens the file dialog (only its return value is patched), the file is saved with the
answer, an image shows a thumbnail and any file its name and size, Ctrl+O replaces it, Delete removes
it; a file over the limit is refused with its message; a signature is drawn on a pad and saved as PNG."""

from __future__ import annotations

import pytest
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


@pytest.mark.skipif(media.camera_available(), reason="Qt Multimedia is installed here (PySide6-Addons)")
def test_without_qt_multimedia_the_photo_question_says_no_camera(qtbot, store, no_dialogs):
    win, _rid = _open(qtbot, store)
    q = win.widgets["photo"]
    assert not q.camera_note.isHidden() and "Qt Multimedia" in q.camera_note.text()
    assert q.camera_button.text() == "Không có máy ảnh"  # said before it is pressed: no import needed


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


# Qt Multimedia's FFmpeg backend, when installed, probes optional libraries (PipeWire, VA-API) and warns
@pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*(library|symbols)")
def test_take_picture_says_there_is_no_camera_when_none_is_found(qtbot, store, no_dialogs):
    """Ctrl+M (or the "Chụp ảnh" button) on a photo question: here there is no camera, and the button and
    the note under it say so and what to do instead; nothing is attached. Qt Multimedia, when it is
    installed (the optional PySide6-Addons), is asked for the cameras only now."""
    win, rid = _open(qtbot, store)
    win.go_to("photo")
    q = win.widgets["photo"]
    assert q.camera_button is not None and not q.camera_button.isHidden()
    assert win.widgets["sig"].camera_button is None  # a signature is drawn, not photographed
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert q.camera_button.text() == "Không có máy ảnh"
    assert not q.camera_note.isHidden()
    if media.camera_available():  # Qt Multimedia present, no webcam
        assert q.camera_note.text().startswith("Không tìm thấy máy ảnh (webcam) nào trên máy này.")
    else:
        assert "Qt Multimedia" in q.camera_note.text()
    assert "đính kèm" in q.camera_note.text()
    qtbot.mouseClick(q.camera_button, Qt.MouseButton.LeftButton)  # pressed again: the same, no dialog
    assert q.camera_button.text() == "Không có máy ảnh" and store.record(rid)["answers"].get("photo", "") == ""


def test_a_camera_picture_is_attached_as_a_jpeg(qtbot, store, no_dialogs, monkeypatch):
    """With a camera, the dialog's capture (here the dialog is replaced by one that returns a picture,
    as no webcam exists on this machine) is attached like a chosen file."""
    from PySide6.QtGui import QImage

    win, rid = _open(qtbot, store)
    picture = QImage(64, 48, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.darkGreen)

    class FakeCamera:
        def __init__(self, device, parent=None):
            assert device == "webcam 0"
            from PySide6.QtCore import QBuffer, QIODevice

            buf = QBuffer()
            buf.open(QIODevice.OpenModeFlag.WriteOnly)
            picture.save(buf, "JPEG", 90)
            self.jpeg = bytes(buf.data().data())

        def exec(self):
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(media, "camera_available", lambda: True)
    monkeypatch.setattr(media, "video_inputs", lambda: ["webcam 0"])
    monkeypatch.setattr(media, "CameraDialog", FakeCamera)
    win.go_to("photo")
    q = win.widgets["photo"]
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    rec = store.record(rid)
    name = rec["answers"]["photo"]
    assert name.endswith(".jpg") and rec["files"][name]["type"] == "image/jpeg"
    assert store_files.file_bytes(store, rec["files"][name]["sha256"]).startswith(b"\xff\xd8")  # a JPEG
    assert win.widgets["photo"].preview.isVisible()


ANNOTATE_FORM = """| survey |
| | type | name | label | appearance |
| | image | plan | Sơ đồ nhà | annotate |
| settings |
| | form_id | version |
| | pkg_annotate | 1 |
"""


def test_annotate_draws_over_the_attached_image_and_stores_the_drawing(qtbot, store, no_dialogs, monkeypatch,
                                                                       tmp_path):
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QImage, QMouseEvent
    from PySide6.QtWidgets import QApplication

    store.add_form(load_form(ANNOTATE_FORM))
    rid = create_record(store, "pkg_annotate")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.widgets.get("plan") is not None)
    q = win.widgets["plan"]
    assert q.annotate_button is not None and q.annotate_button.isHidden()  # nothing to draw on yet
    (tmp_path / "so-do.png").write_bytes(png(300, 200, (200, 230, 255)))
    _choose(monkeypatch, tmp_path / "so-do.png")
    win.go_to("plan")
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_Return)
    first = store.record(rid)["answers"]["plan"]
    q = win.widgets["plan"]
    assert not q.annotate_button.isHidden()
    seen = {}

    def exec_(dlg):
        seen["size"] = (dlg.pad.width(), dlg.pad.height())
        seen["under"] = dlg.pad.image.pixelColor(5, 5).name()
        qtbot.mousePress(dlg.pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 100))
        for x in (60, 120, 200, 280):
            pt = QPointF(x, 100)
            QApplication.sendEvent(dlg.pad, QMouseEvent(QEvent.Type.MouseMove, pt, dlg.pad.mapToGlobal(pt),
                                                        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                                                        Qt.KeyboardModifier.NoModifier))
        qtbot.mouseRelease(dlg.pad, Qt.MouseButton.LeftButton, pos=QPoint(280, 100))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(media.DrawDialog, "exec", exec_)
    qtbot.keyClick(q.focus_target(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert seen == {"size": (300, 200), "under": "#c8e6ff"}  # the pad holds the attached image
    rec = store.record(rid)
    name = rec["answers"]["plan"]
    assert name != first and name.endswith(".png") and list(rec["files"]) == [name]
    img = QImage.fromData(store_files.file_bytes(store, rec["files"][name]["sha256"]))
    assert (img.width(), img.height()) == (300, 200)
    assert img.pixelColor(150, 100).red() > 200 and img.pixelColor(150, 100).green() < 80  # the red stroke
    assert img.pixelColor(150, 30).name() == "#c8e6ff"  # the image beneath, kept


@pytest.mark.skipif(not media.camera_available(), reason="Qt Multimedia is not installed (pip install .[camera])")
@pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*(library|symbols)", r"QBackingStore::flush")
def test_the_camera_dialog_builds_its_preview_and_cancels_cleanly(qtbot):
    """The preview's parts (QCamera, QImageCapture, QMediaCaptureSession, QVideoWidget) with a camera that
    is not there: nothing is taken, Esc closes the dialog."""
    from PySide6.QtMultimedia import QCameraDevice

    dlg = media.CameraDialog(QCameraDevice())
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.shoot.text() == "Chụp" and dlg.session.camera() is dlg.camera
    assert dlg.session.imageCapture() is dlg.capture and dlg.session.videoOutput() is dlg.view
    qtbot.mouseClick(dlg.shoot, Qt.MouseButton.LeftButton)  # not ready: nothing captured
    assert dlg.jpeg == b""
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.result() == QDialog.DialogCode.Rejected and not dlg.isVisible()
