"""What a person would see cut on screen: windows outside the screen's available area, and visible
labels, buttons, check boxes, combo boxes, tabs, table headers and table cells narrower than their text.

Used by ``tests/ui/test_fits_the_screen.py`` (a 1366x768 screen less its taskbar) and by hand:
``QT_QPA_PLATFORM=offscreen:configfile=screen.json python -m tests.ui.fit DB`` (a demo database).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QStyle,
    QTabBar,
    QWidget,
)


def outside_screen(window: QWidget) -> str | None:
    avail = window.screen().availableGeometry()
    g = window.frameGeometry()
    if not avail.contains(g):
        return f"{window.objectName() or type(window).__name__}: {g.width()}x{g.height()} at {g.x()},{g.y()} " \
               f"outside {avail.width()}x{avail.height()}"
    return None


def _visible(w: QWidget, top: QWidget) -> bool:
    return w.isVisibleTo(top) and w.width() > 0


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
            out += _cut_cells(view)
    return out


def _cut_cells(view: QAbstractItemView, rows: int = 40) -> list[str]:
    """Cells of the first rows whose text does not fit: wider than the column on one line, or, in a
    table that wraps, taller than the row once wrapped to the column's width."""
    from PySide6.QtCore import QRect, Qt

    model = view.model()
    if not hasattr(view, "columnWidth") or not hasattr(view, "rowHeight"):
        return []
    fm = view.fontMetrics()
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)  # Qt's own
    wraps = view.wordWrap()
    out = []
    for r in range(min(rows, model.rowCount())):
        if view.isRowHidden(r):
            continue
        for c in range(model.columnCount()):
            if view.isColumnHidden(c):
                continue
            text = model.index(r, c).data(Qt.ItemDataRole.DisplayRole)
            if not isinstance(text, str) or not text:
                continue
            width, height = view.columnWidth(c) - margin, view.rowHeight(r)
            longest = max((fm.horizontalAdvance(w) for w in text.split()), default=0)
            if wraps and longest > width:  # a word is never broken: it is shortened with "…"
                out.append(f'cell "{text[:60]}": a word wider than {width + margin}')
            elif wraps:
                need = fm.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, text).height()
                if need > height:
                    out.append(f'cell "{text[:60]}": {need} px of text in a row of {height}')
            elif fm.horizontalAdvance(text) > width:
                out.append(f'cell "{text[:60]}": {width + margin} < {fm.horizontalAdvance(text) + margin}')
    return out


def _cut_header(h: QHeaderView, view: QAbstractItemView) -> list[str]:
    from PySide6.QtCore import Qt

    out = []
    model = view.model()
    fm = h.fontMetrics()
    wraps = bool(h.defaultAlignment() & Qt.TextFlag.TextWordWrap)
    for c in range(model.columnCount()):
        if h.isSectionHidden(c):
            continue
        text = str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            continue
        size = h.sectionSize(c)
        if text.endswith("…"):  # shortened before it was shown
            out.append(f'header "{text[:60]}": shortened')
        if not wraps:
            need = h.sectionSizeHint(c)
            if size < need:
                out.append(f'header "{text[:60]}": {size} < {need}')
            continue
        room = size - 2 * h.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
        lines, line = 1, ""
        for word in text.split():
            if fm.horizontalAdvance(word) > room:
                out.append(f'header "{text[:60]}": the word "{word}" is wider than {size}')
                break
            trial = f"{line} {word}".strip()
            if fm.horizontalAdvance(trial) > room:
                lines, line = lines + 1, word
            else:
                line = trial
        if lines * fm.lineSpacing() > h.height() - 4:
            out.append(f'header "{text[:60]}": {lines} lines in {h.height()} px')
    return out


def survey(db: str) -> dict[str, list[str]]:
    """Every main screen and dialog of every role in both languages, at the screen the platform has:
    name -> what is wrong with it (nothing when all is well)."""
    from PySide6.QtWidgets import QApplication, QTabWidget

    from models.store.database import open_store
    from ui.app import install_translators, make_main_window
    from ui.entry.window import FormEntryWindow
    from ui.setup_dialog import SetupDialog

    app = QApplication.instance()
    out: dict[str, list[str]] = {}

    def settle():
        for _ in range(5):
            app.processEvents()

    def check(w, name):
        settle()
        where = outside_screen(w)
        out[name] = ([where] if where else []) + cut_texts(w)

    st = open_store(db, create=False)
    for lang in ("vi", "en"):
        install_translators(app, lang)
        fresh = open_store(f"{db}.fresh-{lang}")
        d = SetupDialog(fresh, lang=lang)
        d.show()
        check(d, f"{lang} setup")
        d.fields.save(fresh)  # nothing filled in: a message under every field
        check(d, f"{lang} setup with its messages")
        d.close()
        fresh.close()
        for role in ("enumerator", "clerk", "province"):
            st.set_settings({"role": role})
            win = make_main_window(st, lang)
            win.show()
            for i in range(win.nav.count()):
                win.nav.setCurrentRow(i)
                name = f"{lang} {role} {win.nav.item(i).text()}"
                check(win, name)
                for tabs in win.stack.currentWidget().findChildren(QTabWidget):
                    for t in range(tabs.count()):
                        tabs.setCurrentIndex(t)
                        check(win, f"{name} / {tabs.tabText(t)}")
            win.close()
        st.set_settings({"role": "enumerator"})
        from ui.consolidation_dialogs import ExportDialog as PackageDialog
        from ui.consolidation_dialogs import ReviewDialog
        from ui.reports import ExportDialog

        rid = st.execute("SELECT id FROM records WHERE status = 'complete' LIMIT 1").fetchone()[0]
        for name, dlg in (("export data", ExportDialog(db)), ("export a package", PackageDialog()),
                          ("review", ReviewDialog(db, rid))):
            dlg.show()
            check(dlg, f"{lang} dialog {name}")
            dlg.close()
        for form in ("household_digital", "enterprise_digital"):
            rid = st.execute("SELECT id FROM records WHERE form_id = ? ORDER BY status = 'complete' DESC LIMIT 1",
                             [form]).fetchone()[0]
            ew = FormEntryWindow(st, rid, ui_lang=lang, form_lang=lang)
            ew.show()
            for s in range(len(ew.secs)):
                ew.show_section(s, focus=False)
                check(ew, f"{lang} entry {form} page {s + 1}")
            ew.close()
    install_translators(app, "vi")
    st.close()
    return out


if __name__ == "__main__":
    import json
    import sys

    from PySide6.QtWidgets import QApplication

    _app = QApplication([])
    print(json.dumps(survey(sys.argv[1]), ensure_ascii=False))
