"""Start the Qt application (the default when main.py gets no command)."""

from __future__ import annotations


def run_gui(db_path: str | None = None, lang: str | None = None) -> int:
    import sys

    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from models.paths import default_db_path
    from models.store import open_store

    app = QApplication.instance() or QApplication(sys.argv)
    store = open_store(db_path or default_db_path())
    store.install_bundled_forms()
    win = QMainWindow()
    win.setWindowTitle("Khảo sát số")
    names = ", ".join(f"{f['title']} ({f['version']})" for f in store.forms())
    win.setCentralWidget(QLabel(f"Biểu mẫu: {names}"))
    win.resize(1024, 700)
    win.show()
    return app.exec()
