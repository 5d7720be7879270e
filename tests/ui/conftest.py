import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from models.store.database import open_store  # noqa: E402


@pytest.fixture
def store(tmp_path):
    st = open_store(tmp_path / "ui.db")
    st.set_settings({"role": "enumerator", "user_name": "Lê Thị Hoa", "user_code": "DTV01", "province": "25",
                     "commune": "09025", "language": "vi"})
    st.install_bundled_forms()
    yield st
    st.close()


@pytest.fixture
def no_dialogs(monkeypatch):
    """Record message boxes instead of showing them; questions are answered from ``answers``."""
    from PySide6.QtWidgets import QMessageBox

    seen = {"info": [], "question": [], "warning": [], "critical": [], "answers": []}

    def question(parent, title, text, *a, **k):
        seen["question"].append(text)
        if seen["answers"]:
            return seen["answers"].pop(0)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda p, t, text, *a, **k: seen["info"].append(text)))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda p, t, text, *a, **k: seen["warning"].append(text)))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda p, t, text, *a, **k: seen["critical"].append(text)))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: seen["warning"].append(
        self.text() + "\n" + self.informativeText()) or 0)
    return seen


@pytest.fixture(autouse=True)
def _jobs_end_with_the_test(qtbot):
    """A job a test started ends before the test's widgets go (and before the next test): its thread
    is never left running."""
    yield
    from ui.worker import _ALIVE

    qtbot.waitUntil(lambda: not _ALIVE, timeout=60000)
