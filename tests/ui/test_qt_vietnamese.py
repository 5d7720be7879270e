"""Qt's own dialogs speak the interface's language (issue 13, finding 15).

Qt ships no Vietnamese catalogue; ``ui/i18n/qtbase_vi.qm`` (``make_qtbase_vi.py``) is ours. These tests
ask Qt itself which strings its file dialog and message boxes translate (a translator installed first
records every ``(context, source)`` Qt looks up), then check that our catalogue answers every one of
them, and that the labels a user reads are the Vietnamese ones.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton

from ui.app import I18N, install_translators

# shortcuts and the layout direction are not words a user reads; key names (context QShortcut: Ctrl,
# Esc, Tab …) stay as printed on the keys
NOT_WORDS = {"Alt+Left", "Alt+Right", "Alt+Up", "QT_LAYOUT_DIRECTION"}


class _Recorder(QTranslator):
    def __init__(self):
        super().__init__()
        self.seen: set[tuple[str, str]] = set()

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002
        self.seen.add((context, source))
        return source  # as Qt would show it without a catalogue

    def isEmpty(self):  # noqa: N802 (Qt's name)
        return False


def _file_dialogs(parent):
    for mode in ("open", "save", "dir"):
        d = QFileDialog(parent, "Chọn tệp XLSForm", "", "XLSForm (*.xlsx *.xls)")
        d.setOption(QFileDialog.Option.DontUseNativeDialog)
        if mode == "save":
            d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if mode == "dir":
            d.setFileMode(QFileDialog.FileMode.Directory)
        yield d


def test_every_string_of_the_file_dialog_and_message_box_has_vietnamese(qtbot):
    app = QApplication.instance()
    rec = _Recorder()
    app.installTranslator(rec)
    try:
        for d in _file_dialogs(None):
            qtbot.addWidget(d)
            d.show()
            qtbot.waitExposed(d)
            d.close()
        box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Xóa?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                          | QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
                          | QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Save)
        box.setDetailedText("chi tiết")
        qtbot.addWidget(box)
        box.show()
        qtbot.waitExposed(box)
        box.close()
    finally:
        app.removeTranslator(rec)
    asked = {(c, s) for c, s in rec.seen if s not in NOT_WORDS and c != "QShortcut"}
    assert ("QFileDialog", "&Look in:") in asked  # the recorder saw the dialog's labels
    vi = QTranslator()
    assert vi.load(str(I18N / "qtbase_vi.qm"))
    missing = sorted((c, s) for c, s in asked if not vi.translate(c, s))
    assert not missing, f"Qt strings without Vietnamese: {missing}"


@pytest.mark.parametrize("lang, look_in, file_type, cancel",
                         [("vi", "&Tìm trong:", "&Loại tệp:", "Hủy"), ("en", "&Look in:", "Files of &type:", "Cancel")])
def test_the_file_dialog_reads_in_the_interface_language(qtbot, lang, look_in, file_type, cancel):
    app = QApplication.instance()
    install_translators(app, lang)
    try:
        d = next(_file_dialogs(None))
        qtbot.addWidget(d)
        d.show()
        qtbot.waitExposed(d)
        labels = {w.objectName(): w.text() for w in d.findChildren(QLabel)}
        assert labels["lookInLabel"] == look_in
        assert labels["fileTypeLabel"] == file_type
        assert cancel in [b.text() for b in d.findChildren(QPushButton)]
    finally:
        install_translators(app, "vi")
