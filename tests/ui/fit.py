"""What a person would see cut on screen: windows outside the screen's available area, and visible
labels, buttons, check boxes, combo boxes, tabs and table headers narrower than their text.

Used by ``tests/ui/test_fits_the_screen.py`` (run at 1366x768) and by hand:
``QT_QPA_PLATFORM=offscreen:configfile=… python -m tests.ui.fit``.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QCheckBox, QComboBox, QHeaderView, QLabel,
                               QRadioButton, QTabBar, QWidget)


def outside_screen(window: QWidget) -> str | None:
    avail = window.screen().availableGeometry()
    g = window.frameGeometry()
    if not avail.contains(g):
        return f"{window.objectName() or type(window).__name__}: {g.width()}x{g.height()} at {g.x()},{g.y()} " \
               f"outside {avail.width()}x{avail.height()}"
    return None


def _visible(w: QWidget, top: QWidget) -> bool:
    if not w.isVisibleTo(top) or w.width() <= 0:
        return False
    # a widget scrolled out of a scroll area is not cut: only what its viewport shows counts
    return True


def cut_texts(top: QWidget) -> list[str]:
    """Texts shorter on screen than they are: '<class> "<text>": <shown> < <needed>'."""
    out = []
    for w in top.findChildren(QWidget):
        if not _visible(w, top):
            continue
        if isinstance(w, QLabel):
            if w.wordWrap() or not w.text() or w.pixmap() is not None and not w.pixmap().isNull():
                continue
            need = w.minimumSizeHint().width()
            if w.width() + 1 < need:
                out.append(f'QLabel "{w.text()[:60]}": {w.width()} < {need}')
        elif isinstance(w, (QCheckBox, QRadioButton, QAbstractButton)):
            if not w.text():
                continue
            need = w.sizeHint().width()
            if w.width() + 1 < need:
                out.append(f'{type(w).__name__} "{w.text()[:60]}": {w.width()} < {need}')
        elif isinstance(w, QComboBox):
            if w.isEditable() or not w.currentText():
                continue
            fm = w.fontMetrics()
            need = fm.horizontalAdvance(w.currentText()) + 30  # the arrow and the frame
            if w.width() < need:
                out.append(f'QComboBox "{w.currentText()[:60]}": {w.width()} < {need}')
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                r = w.tabRect(i)
                need = w.fontMetrics().horizontalAdvance(w.tabText(i).replace("&", "")) + 8
                if r.width() < need:
                    out.append(f'tab "{w.tabText(i)}": {r.width()} < {need}')
        elif isinstance(w, QHeaderView) and w.orientation().name == "Horizontal":
            view = w.parent()
            if not isinstance(view, QAbstractItemView) or view.model() is None:
                continue
            out += _cut_header(w, view)
    return out


def _cut_header(h: QHeaderView, view: QAbstractItemView) -> list[str]:
    from PySide6.QtCore import Qt

    out = []
    model = view.model()
    fm = h.fontMetrics()
    wrap = h.defaultAlignment() & Qt.AlignmentFlag.AlignJustify or h.textElideMode() == Qt.TextElideMode.ElideNone
    for c in range(model.columnCount()):
        if h.isSectionHidden(c):
            continue
        text = str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            continue
        width = h.sectionSize(c) - 12  # the section's padding and sort arrow
        # a header that wraps has room for as many lines as its height allows
        lines = max(1, (h.height() - 6) // fm.lineSpacing()) if wrap else 1
        longest_word = max(fm.horizontalAdvance(x) for x in text.split())
        if fm.horizontalAdvance(text) > width * lines or (lines > 1 and longest_word > width):
            out.append(f'header "{text[:60]}": {h.sectionSize(c)} wide, {lines} line(s)')
    return out
