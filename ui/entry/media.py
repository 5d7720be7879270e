"""Media questions (image, audio, video, file; the signature, draw and annotate appearances of image).

Keyboard first: on the question, Enter opens the file dialog while nothing is attached (then moves
on, like any question); Ctrl+O attaches another file in its place; Delete removes it. An image shows
a thumbnail, any other file its name and size. A ``signature`` or ``draw`` question opens a pad drawn
on with the mouse or a pen (:class:`DrawPad`), saved as PNG.

Taking a picture with a webcam needs Qt Multimedia, which the PySide6-Essentials wheel this
application ships does not include: the widget says so instead of offering a camera
(``docs/user-guide.md``, section 3).

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
        if self.e.type == "image" and not drawn(self.e) and not camera_available():
            self.camera_note.setText(self.tr("Không chụp ảnh bằng máy ảnh được: bản Qt của ứng dụng không có "
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
            if ev.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.q.remove()
                return True
        return False


class DrawPad(QWidget):
    """A white surface drawn on with the mouse or a pen (tablet events arrive as mouse events too);
    :meth:`png` gives the drawing as PNG bytes."""

    def __init__(self, parent: QWidget | None = None, size: tuple[int, int] = (480, 200)):
        super().__init__(parent)
        self.setObjectName("draw_pad")
        self.setFixedSize(*size)
        self.image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
        self.image.fill(Qt.GlobalColor.white)
        self.last: QPoint | None = None
        self.empty = True
        self.setCursor(Qt.CursorShape.CrossCursor)

    def clear(self) -> None:
        self.image.fill(Qt.GlobalColor.white)
        self.empty = True
        self.update()

    def line(self, a: QPoint, b: QPoint) -> None:
        p = QPainter(self.image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(Qt.GlobalColor.black, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                      Qt.PenJoinStyle.RoundJoin))
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
    def __init__(self, parent: QWidget | None = None, *, signature: bool = True):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ký tên") if signature else self.tr("Vẽ hình"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Ký hoặc vẽ trong khung bằng chuột hoặc bút, rồi bấm Lưu.")))
        self.pad = DrawPad(self)
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


__all__ = ["DrawDialog", "DrawPad", "MediaQuestion", "camera_available", "drawn"]
