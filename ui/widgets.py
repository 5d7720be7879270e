"""Small reusable widgets: a searchable combo box (diacritics ignored)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from models.setup.admin_units import fold

FOLD_ROLE = Qt.ItemDataRole.UserRole + 10
VALUE_ROLE = Qt.ItemDataRole.UserRole + 11


class _FoldFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            self._words = fold(text).split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = fold(text).split()
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:
        if not self._words:
            return True
        hay = (self.sourceModel().index(row, 0, parent).data(FOLD_ROLE) or "").split()
        # every typed word starts a word of the name ("ha tinh" finds Hà Tĩnh, not Lai Châu)
        return all(any(h.startswith(w) for h in hay) for w in self._words)


class SearchCombo(QComboBox):
    """A combo box to pick from a long list by typing part of a name, with or without diacritics.

    ``set_items([(value, text), ...])``; ``value()`` / ``set_value(v)``; ``value_chosen(str)``
    fires when the user picks an item (from the list or by typing its name and pressing Enter).
    """

    value_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self._filter = _FoldFilter(self)
        self._filter.setSourceModel(self._model)
        comp = QCompleter(self._filter, self)
        comp.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(comp)
        self.lineEdit().textEdited.connect(self._on_text_edited)
        comp.activated[str].connect(self._on_completer_text)
        self.activated.connect(self._on_activated)
        self.lineEdit().setPlaceholderText(self.tr("Gõ để tìm…"))

    def set_items(self, items: list[tuple[str, str]]) -> None:
        self.blockSignals(True)
        self._model.clear()
        for value, text in items:
            it = QStandardItem(text)
            it.setData(fold(text + " " + value), FOLD_ROLE)
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

