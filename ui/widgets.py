"""Small reusable widgets: a searchable combo box (diacritics ignored)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from models.setup.admin_units import fold

FOLD_ROLE = Qt.ItemDataRole.UserRole + 10
VALUE_ROLE = Qt.ItemDataRole.UserRole + 11
ALIAS_ROLE = Qt.ItemDataRole.UserRole + 12  # other names, each folded ("tinh vinh phuc")


class _FoldFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._ranks: dict[int, int] = {}

    def set_text(self, text: str) -> None:
        self._words = fold(text).split()
        self._ranks = {}
        self.invalidate()  # filter and order again (an item found by its own name comes first)

    def _matches(self, text: str) -> bool:
        hay = text.split()
        # every typed word starts a word of the name ("ha tinh" finds Hà Tĩnh, not Lai Châu)
        return all(any(h.startswith(w) for h in hay) for w in self._words)

    def rank(self, row: int, parent=None) -> int:
        """0: the item's own name matches; 1: only one of its other names; 2: neither."""
        if not self._words:
            return 0
        idx = self.sourceModel().index(row, 0, parent) if parent is not None else self.sourceModel().index(row, 0)
        if self._matches(idx.data(FOLD_ROLE) or ""):
            return 0
        return 1 if any(self._matches(a) for a in idx.data(ALIAS_ROLE) or ()) else 2

    def filterAcceptsRow(self, row, parent) -> bool:
        r = self._ranks[row] = self.rank(row, parent)
        return r < 2

    def lessThan(self, left, right) -> bool:  # its own name first, then the list's order
        ranks = self._ranks
        return (ranks.get(left.row(), 0), left.row()) < (ranks.get(right.row(), 0), right.row())


class SearchCombo(QComboBox):
    """A combo box to pick from a long list by typing part of a name, with or without diacritics.

    ``set_items([(value, text), ...], aliases)``; ``value()`` / ``set_value(v)``; ``value_chosen(str)``
    fires when the user picks an item (from the list or by typing its name and pressing Enter).
    ``aliases`` (value -> other names) are searched too (a province by the names of the provinces
    merged into it); ``notes`` (typed text -> lines) feeds ``hint_changed`` as the user types, to say
    why an item was found under another name.
    """

    value_chosen = Signal(str)
    hint_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self._filter = _FoldFilter(self)
        self._filter.setSourceModel(self._model)
        self._filter.sort(0)
        comp = QCompleter(self._filter, self)
        comp.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(comp)
        self.lineEdit().textEdited.connect(self._on_text_edited)
        comp.activated[str].connect(self._on_completer_text)
        self.activated.connect(self._on_activated)
        self.lineEdit().setPlaceholderText(self.tr("Gõ để tìm…"))
        self.notes = None  # Callable[[str], list[str]] | None
        self.last_search = ""

    def set_items(self, items: list[tuple[str, str]], aliases: dict[str, tuple[str, ...]] | None = None) -> None:
        self.blockSignals(True)
        self._model.clear()
        for value, text in items:
            it = QStandardItem(text)
            it.setData(fold(text + " " + value), FOLD_ROLE)
            it.setData([fold(a).replace("-", " ") for a in (aliases or {}).get(value, ())], ALIAS_ROLE)
            it.setData(value, VALUE_ROLE)
            self._model.appendRow(it)
        self.setCurrentIndex(-1)
        self.lineEdit().clear()
        self.blockSignals(False)

    def values(self) -> list[str]:
        return [self._model.item(i).data(VALUE_ROLE) for i in range(self._model.rowCount())]

    def value(self) -> str:
        i = self.currentIndex()
        if i < 0:
            return ""
        item = self._model.item(i)
        if item is None or item.text() != self.currentText():
            return ""
        return item.data(VALUE_ROLE)

    def set_value(self, value: str) -> None:
        self.blockSignals(True)
        idx = next((i for i in range(self._model.rowCount()) if self._model.item(i).data(VALUE_ROLE) == value), -1)
        self.setCurrentIndex(idx)
        if idx < 0:
            self.lineEdit().clear()
        self.blockSignals(False)

    def _on_text_edited(self, text: str) -> None:
        self.last_search = text
        if self.notes is not None:
            self.hint_changed.emit("\n".join(self.notes(text)) if text.strip() else "")
        self._filter.set_text(text)
        if text:
            self.completer().complete()

    def _on_completer_text(self, text: str) -> None:
        idx = self.findText(text, Qt.MatchFlag.MatchExactly)
        if idx >= 0:
            self.setCurrentIndex(idx)
            self.value_chosen.emit(self.value())

    def _on_activated(self, idx: int) -> None:
        self.value_chosen.emit(self.value())

    def keyPressEvent(self, ev) -> None:
        if ev.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Enter on a typed name: choose the single (or first) match
            text = self.currentText()
            if self.value() == "" and text:
                self._filter.set_text(text)
                if self._filter.rowCount() >= 1:
                    src = self._filter.mapToSource(self._filter.index(0, 0))
                    self.setCurrentIndex(src.row())
                    self.value_chosen.emit(self.value())
                    self.completer().popup().hide()
        super().keyPressEvent(ev)



#: room for the window manager's frame and title bar, not known before a window is first shown
FRAME_RESERVE = (16, 40)


def fit_to_screen(window: QWidget, width: int, height: int, *, place: bool = False) -> None:
    """Resize ``window`` to ``width`` x ``height``, or less where its screen's available area (the
    screen without the taskbar) is smaller, frame and title bar included: a 1366x768 laptop shows
    every window whole. ``place`` also moves a top-level window into that area (centred)."""
    from PySide6.QtGui import QGuiApplication

    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
        return
    avail = screen.availableGeometry()
    fw, fh = FRAME_RESERVE
    if window.isVisible():  # the real frame, once the window manager has put one on
        fw = window.frameGeometry().width() - window.geometry().width()
        fh = window.frameGeometry().height() - window.geometry().height()
    w, h = min(width, avail.width() - fw), min(height, avail.height() - fh)
    window.resize(w, h)
    if place:
        window.move(avail.x() + max(0, (avail.width() - w - fw) // 2),
                    avail.y() + max(0, (avail.height() - h - fh) // 2))
