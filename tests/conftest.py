import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if "KHAOSAT_HOME" not in os.environ:
    import tempfile

    os.environ["KHAOSAT_HOME"] = tempfile.mkdtemp(prefix="khaosat-test-home-")

# every connection remembers where it was opened; the run fails on one the garbage collector had to close
# and on a database file replaced under an open connection (tests/connection_leaks.py)
import pytest  # noqa: E402

from tests.connection_leaks import (  # noqa: E402, F401
    pytest_fixture_setup,
    pytest_runtest_protocol,
    pytest_sessionfinish,
)


@pytest.fixture(autouse=True)
def _stores_made_by_the_test_are_closed():
    """The stores ``tests.models.pkg_helpers.make_db`` opened for this test (in its body or its
    function-scoped fixtures) are closed after it: many tests leave them open."""
    from tests.connection_leaks import MADE

    start = len(MADE)
    yield
    while len(MADE) > start:
        MADE.pop().close()


@pytest.fixture
def no_unlocked_keys(monkeypatch):
    """No PIN from the environment and no database key unlocked by an earlier test (before and after):
    the tests of encryption, locking and restore under a PIN start from a locked application."""
    from models.store import cipher

    monkeypatch.delenv("KHAOSAT_PIN", raising=False)
    cipher.forget()
    yield
    cipher.forget()
