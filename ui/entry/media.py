"""Media questions (image, audio, video, file; the signature, draw and annotate appearances of image).

Keyboard first: on the question, Enter opens the file dialog while nothing is attached (then moves
on, like any question); Ctrl+O attaches another file in its place; Delete removes it. An image shows
a thumbnail, any other file its name and size. A ``signature`` or ``draw`` question opens a pad drawn
on with the mouse or a pen (:class:`DrawPad`), saved as PNG; an ``annotate`` question attaches an
image, then Ctrl+D (or its button) opens the same pad over that image, and the drawing is saved as a
new PNG answer. An ``osm`` question takes an OpenStreetMap file, its tags shown as help.

An image question has a "Chụp ảnh / Take picture" button (Ctrl+M): a webcam preview
(:class:`CameraDialog`, Qt Multimedia) whose capture is attached like a chosen file (JPEG). Qt
Multimedia comes with the optional PySide6-Addons wheel (``pip install .[camera]``); it is imported
only when the button is pressed, so opening a form stays fast. Without it, or without a camera, the
button says so and the note under it says why and what to do instead.

The widget never touches the database: it emits ``attach_file(path, file)`` or ``attach_data(path,
bytes, name)`` and the window attaches it through the record editor (which checks the size limit);
removing is an ordinary ``committed(path, "")``.
"""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.entry.questions import QuestionWidget

THUMB = 160


def camera_available() -> bool:
    """Whether this Qt has Qt Multimedia (the PySide6-Essentials wheel does not)."""
    return importlib.util.find_spec("PySide6.QtMultimedia") is not None


def drawn(e) -> bool:
    """An image question answered by drawing (the ``signature`` or ``draw`` appearance)."""
    return e.type == "image" and any(a in e.appearance.split() for a in ("signature", "draw"))


def annotated(e) -> bool:
    """An image question whose attached image is drawn over (the ``annotate`` appearance)."""
    return e.type == "image" and "annotate" in e.appearance.split()


def video_inputs() -> list:
    """The cameras Qt Multimedia finds (imported here, when a picture is to be taken)."""
    from PySide6.QtMultimedia import QMediaDevices

    return list(QMediaDevices.videoInputs())


class MediaQuestion(QuestionWidget):
    attach_file = Signal(str, str)         # question path, the chosen file on disk
    attach_data = Signal(str, bytes, str)  # question path, the bytes (a drawing), a name for them

    def build(self) -> None:
        row = QHBoxLayout()
        self.attach_button = QPushButton()
        self.attach_button.setObjectName("attach")
        self.attach_button.clicked.connect(self.choose)
        self.attach_button.installEventFilter(_MediaKeys(self))
        self.remove_button = QPushButton(self.tr("Xóa tệp (Delete)"))
        self.remove_button.setObjectName("remove")
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.attach_button)
        self.camera_button: QPushButton | None = None
        self.annotate_button: QPushButton | None = None
        if self.e.type == "image" and not drawn(self.e):
            self.camera_button = QPushButton(self.tr("Chụp ảnh… (Ctrl+M)"))
            self.camera_button.setObjectName("camera")
            self.camera_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.camera_button.clicked.connect(self.take_picture)
            row.addWidget(self.camera_button)
        if annotated(self.e):
            self.annotate_button = QPushButton(self.tr("Vẽ lên ảnh… (Ctrl+D)"))
            self.annotate_button.setObjectName("annotate")
            self.annotate_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.annotate_button.clicked.connect(self.annotate)
            row.addWidget(self.annotate_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.body_lay.addLayout(row)
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.body_lay.addWidget(self.preview)
        self.info = QLabel()
        self.info.setObjectName("file_info")
        self.info.setStyleSheet("color: #5f6368;")
        self.body_lay.addWidget(self.info)
        self.camera_note = QLabel()
        self.camera_note.setObjectName("camera_note")
        self.camera_note.setWordWrap(True)
        self.camera_note.setStyleSheet("color: #5f6368; font-size: 9pt;")
        if self.camera_button is not None and not camera_available():
            self._no_camera(self.tr("Không chụp ảnh bằng máy ảnh được: bản Qt của ứng dụng không có "
                                    "Qt Multimedia. Hãy chụp bằng điện thoại hoặc máy ảnh rồi đính kèm tệp."))
        self.camera_note.setVisible(bool(self.camera_note.text()))
        self.body_lay.addWidget(self.camera_note)
        if self.e.type == "osm":  # an OpenStreetMap file: the tags it should fill, as help
            form = self.ctx.session.form
            tags = ", ".join(f"{k} ({form.text(labels, self.ctx.lang)})" if form.text(labels, self.ctx.lang)
                             else k for k, labels in self.e.tags)
            self.osm_help = QLabel(self.tr("Đính kèm tệp bản đồ OpenStreetMap (.osm) lưu từ JOSM hoặc "
                                           "OpenMapKit.") + (" " + self.tr("Các thẻ cần điền: %1.").replace(
                                               "%1", tags) if tags else ""))
            self.osm_help.setObjectName("osm_help")
            self.osm_help.setWordWrap(True)
            self.osm_help.setStyleSheet("color: #5f6368; font-size: 9pt;")
            self.body_lay.addWidget(self.osm_help)

    def value(self) -> str:
        return self.ctx.session.value(self.path)

    def refresh_value(self) -> None:
        name = self.value()
        if drawn(self.e):
            self.attach_button.setText(self.tr("Ký lại… (Ctrl+O)") if name else self.tr("Ký tên / vẽ… (Enter)"))
        else:
            self.attach_button.setText(self.tr("Thay tệp… (Ctrl+O)") if name else self.tr("Đính kèm tệp… (Enter)"))
        self.remove_button.setVisible(bool(name))
        if self.annotate_button is not None:
            self.annotate_button.setVisible(bool(name))
        self.preview.clear()
        self.preview.setVisible(False)
        if not name:
            self.info.setText(self.tr("Chưa đính kèm tệp."))
            return
        entry, data = self.ctx.file(name) if self.ctx.file is not None else (None, None)
        size = ""
        if entry:
            from models.records.attachments import size_text

            size = size_text(int(entry.get("size", 0)), self.ctx.ui_lang)
        self.info.setText(f"{name} ({size})" if size else name)
        if self.e.type == "image" and data:
            pix = QPixmap()
            if pix.loadFromData(QByteArray(data)):
                self.preview.setPixmap(pix.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))
                self.preview.setVisible(True)

    def focus_target(self) -> QWidget:
        return self.attach_button

    def wants_enter(self) -> bool:
        """Enter attaches while nothing is attached (then it moves on like any question)."""
        return not self.value()

    def choose(self) -> None:
        if self.ctx.session.is_read_only(self.path) or not self.isEnabled():
            return
        if drawn(self.e):
            dlg = DrawDialog(self, signature="signature" in self.e.appearance)
            if dlg.exec() == QDialog.DialogCode.Accepted and not dlg.pad.empty:
                self.visited = True
                self.attach_data.emit(self.path, dlg.pad.png(), "drawing.png")
            return
        filters = {"image": self.tr("Ảnh (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.heic)") + ";;",
                   "audio": self.tr("Âm thanh (*.m4a *.mp3 *.wav *.ogg *.amr *.aac)") + ";;",
                   "video": self.tr("Video (*.mp4 *.3gp *.mov *.avi *.mkv *.webm)") + ";;",
                   "osm": self.tr("Bản đồ OpenStreetMap (*.osm)") + ";;",
                   }.get(self.e.type, "") + self.tr("Mọi tệp (*)")
        file, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp đính kèm"), "", filters)
        if file:
            self.visited = True
            self.attach_file.emit(self.path, file)

    def remove(self) -> None:
        if self.value() and not self.ctx.session.is_read_only(self.path):
            self.emit("", True)

    def _no_camera(self, why: str) -> None:
        """Say on the button that there is no camera, and why (and what to do) under it."""
        assert self.camera_button is not None
        self.camera_button.setText(self.tr("Không có máy ảnh"))
        self.camera_note.setText(why)
        self.camera_note.setVisible(True)

    def take_picture(self) -> None:
        """A webcam picture, attached as a JPEG like a chosen file (Qt Multimedia imported only now)."""
        if self.camera_button is None or self.ctx.session.is_read_only(self.path) or not self.isEnabled():
            return
        if not camera_available():
            self._no_camera(self.tr("Không chụp ảnh bằng máy ảnh được: bản Qt của ứng dụng không có "
                                    "Qt Multimedia. Hãy chụp bằng điện thoại hoặc máy ảnh rồi đính kèm tệp."))
            return
        try:
            cameras = video_inputs()
        except ImportError as err:  # the wheel is there, a library it needs is not (libpulse on Linux)
            self._no_camera(self.tr("Không chụp ảnh bằng máy ảnh được: không nạp được Qt Multimedia (%1). Hãy "
                                    "chụp bằng điện thoại hoặc máy ảnh rồi đính kèm tệp.").replace("%1", str(err)))
            return
        if not cameras:
            self._no_camera(self.tr("Không tìm thấy máy ảnh (webcam) nào trên máy này. Hãy cắm webcam rồi bấm "
                                    "lại, hoặc chụp bằng điện thoại rồi đính kèm tệp (Enter)."))
            return
        self.camera_button.setText(self.tr("Chụp ảnh… (Ctrl+M)"))
        self.camera_note.setVisible(False)
        dlg = CameraDialog(cameras[0], self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.jpeg:
            self.visited = True
            self.attach_data.emit(self.path, dlg.jpeg, "camera.jpg")

    def annotate(self) -> None:
        """Draw over the attached image (the ``annotate`` appearance); the drawing is a new PNG answer."""
        if not annotated(self.e) or self.ctx.session.is_read_only(self.path) or not self.isEnabled():
            return
        name = self.value()
        _entry, data = self.ctx.file(name) if name and self.ctx.file is not None else (None, None)
        image = QImage.fromData(QByteArray(data)) if data else QImage()
        if image.isNull():
            return  # nothing attached (or not an image): Enter attaches one first
        dlg = DrawDialog(self, signature=False, image=image)
        if dlg.exec() == QDialog.DialogCode.Accepted and not dlg.pad.empty:
            self.visited = True
            self.attach_data.emit(self.path, dlg.pad.png(), "annotated.png")


class _MediaKeys(QObject):
    """Ctrl+O attaches another file (or draws again), Delete removes the attached one (Enter is handled
    with the window's keys, see ``wants_enter``)."""

    def __init__(self, q: MediaQuestion):
        super().__init__(q)
        self.q = q

    def eventFilter(self, obj, ev) -> bool:
        if ev.type() == QEvent.Type.FocusIn:
            self.q.focused.emit(self.q.path)
        if ev.type() == QEvent.Type.KeyPress:
            if ev.key() == Qt.Key.Key_O and ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.q.choose()
                return True
            if ev.key() == Qt.Key.Key_M and ev.modifiers() & Qt.KeyboardModifier.ControlModifier \
                    and self.q.camera_button is not None:
                self.q.take_picture()
                return True
            if ev.key() == Qt.Key.Key_D and ev.modifiers() & Qt.KeyboardModifier.ControlModifier \
                    and self.q.annotate_button is not None:
                self.q.annotate()
                return True
            if ev.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.q.remove()
                return True
        return False


class DrawPad(QWidget):
    """A white surface drawn on with the mouse or a pen (tablet events arrive as mouse events too);
    :meth:`png` gives the drawing as PNG bytes."""

    #: the largest an image drawn over is shown (and saved): it is scaled down to fit
    MAX_BACKGROUND = (960, 720)

    def __init__(self, parent: QWidget | None = None, size: tuple[int, int] = (480, 200),
                 background: QImage | None = None):
        super().__init__(parent)
        self.setObjectName("draw_pad")
        self.background: QImage | None = None
        if background is not None and not background.isNull():
            w, h = self.MAX_BACKGROUND
            if background.width() > w or background.height() > h:
                background = background.scaled(w, h, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation)
            self.background = background.convertToFormat(QImage.Format.Format_RGB32)
            size = (self.background.width(), self.background.height())
        self.setFixedSize(*size)
        self.image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
        self.last: QPoint | None = None
        self.clear()
        self.setCursor(Qt.CursorShape.CrossCursor)

    def clear(self) -> None:
        """A white surface, or the image drawn over as it was."""
        if self.background is not None:
            self.image = self.background.copy()
        else:
            self.image.fill(Qt.GlobalColor.white)
        self.empty = True
        self.update()

    def line(self, a: QPoint, b: QPoint) -> None:
        p = QPainter(self.image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = Qt.GlobalColor.red if self.background is not None else Qt.GlobalColor.black
        p.setPen(QPen(colour, 3 if self.background is not None else 2.5, Qt.PenStyle.SolidLine,
                      Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        p.drawLine(a, b)
        p.end()
        self.empty = False
        self.update()

    def mousePressEvent(self, ev) -> None:
        self.last = ev.position().toPoint()
        self.line(self.last, self.last)

    def mouseMoveEvent(self, ev) -> None:
        if self.last is not None:
            pt = ev.position().toPoint()
            self.line(self.last, pt)
            self.last = pt

    def mouseReleaseEvent(self, ev) -> None:
        self.last = None

    def paintEvent(self, ev) -> None:
        p = QPainter(self)
        p.drawImage(0, 0, self.image)
        p.end()

    def png(self) -> bytes:
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        self.image.save(buf, "PNG")
        return bytes(buf.data().data())


class DrawDialog(QDialog):
    """The pad in a dialog: a signature or drawing on white, or drawing over ``image`` (annotate)."""

    def __init__(self, parent: QWidget | None = None, *, signature: bool = True, image: QImage | None = None):
        super().__init__(parent)
        if image is not None:
            self.setWindowTitle(self.tr("Vẽ lên ảnh"))
        else:
            self.setWindowTitle(self.tr("Ký tên") if signature else self.tr("Vẽ hình"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Vẽ lên ảnh bằng chuột hoặc bút (nét đỏ), rồi bấm Lưu: ảnh đã vẽ thay ảnh "
                                     "cũ.") if image is not None else
                             self.tr("Ký hoặc vẽ trong khung bằng chuột hoặc bút, rồi bấm Lưu.")))
        self.pad = DrawPad(self, background=image)
        lay.addWidget(self.pad)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Reset
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Reset).setText(self.tr("Xóa hết"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self.pad.clear)
        lay.addWidget(buttons)


class CameraDialog(QDialog):
    """A webcam's live preview and a "Chụp" button; :attr:`jpeg` holds the picture taken (Qt
    Multimedia is imported here, when the dialog is made)."""

    def __init__(self, device, parent: QWidget | None = None):
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        super().__init__(parent)
        self.setWindowTitle(self.tr("Chụp ảnh"))
        self.jpeg = b""
        lay = QVBoxLayout(self)
        self.view = QVideoWidget(self)
        self.view.setMinimumSize(480, 360)
        lay.addWidget(self.view)
        self.camera = QCamera(device, self)
        self.capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.view)
        self.capture.imageCaptured.connect(self._captured)
        self.status = QLabel(self.tr("Hướng máy ảnh vào đối tượng rồi bấm Chụp (Enter)."))
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.shoot = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.shoot.setText(self.tr("Chụp"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.capture_now)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.camera.errorOccurred.connect(lambda _e, text: self.status.setText(
            self.tr("Máy ảnh báo lỗi: %1. Hãy đóng rồi thử lại, hoặc đính kèm ảnh chụp sẵn.").replace("%1", text)))
        self.camera.start()

    def capture_now(self) -> None:
        if self.capture.isReadyForCapture():
            self.capture.capture()

    def _captured(self, _id: int, image: QImage) -> None:
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "JPEG", 90)
        self.jpeg = bytes(buf.data().data())
        self.camera.stop()
        self.accept()

    def reject(self) -> None:
        self.camera.stop()
        super().reject()


__all__ = ["CameraDialog", "DrawDialog", "DrawPad", "MediaQuestion", "annotated", "camera_available", "drawn",
           "video_inputs"]
