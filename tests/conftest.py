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
from tests.connection_leaks import pytest_runtest_protocol, pytest_sessionfinish  # noqa: E402, F401
