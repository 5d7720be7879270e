"""A page another area might plug in (used by the registry test)."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class FakePage(QWidget):
    def __init__(self, store_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store_path = store_path
        self.refreshed = 0
        QVBoxLayout(self).addWidget(QLabel("fake"))

    def refresh(self) -> None:
        self.refreshed += 1
