"""The real ODK Central for the interoperability suite: started once per test run, torn down after.

Not in CI and not possible here (no PostgreSQL, no npm, no vendored source): the suite is skipped with the
reason. In CI (``CI=true``) with the vendored source beside the checkout, or with ``CENTRAL_REQUIRED=1``, it
must run: a failure to start fails the suite.
"""

from __future__ import annotations

import os
import sys

import pytest

from tests.central.central import Central, CentralUnavailable, start


def _required() -> bool:
    """In CI, or with ``CENTRAL_REQUIRED=1``: it must run wherever its vendored source is beside the checkout
    (``../shared/vendor``); a checkout without it cannot start the real server and says so in the skip."""
    import glob

    from tests.central.central import ROOT

    vendored = bool(glob.glob(str(ROOT.parent / "shared" / "vendor" / "central-backend-*.tar.gz")))
    asked = os.environ.get("CI", "").lower() == "true" or os.environ.get("CENTRAL_REQUIRED") == "1"
    return asked and (vendored or os.environ.get("CENTRAL_REQUIRED") == "1")


@pytest.fixture(scope="session")
def central():
    try:
        c = start()
    except CentralUnavailable as err:
        if _required():
            raise
        pytest.skip(f"ODK Central cannot run here: {err}")
    print(f"\nODK Central started on {c.url} in {c.timings['total']:.1f} s "
          + ", ".join(f"{k} {v:.1f} s" for k, v in c.timings.items() if k != "total"), file=sys.stderr)
    yield c
    c.stop()


@pytest.fixture
def central_server(central: Central):
    """The server, restarted if an earlier test killed it."""
    if central._server is None or central._server.poll() is not None:
        central.restart_server()
    return central


def pytest_terminal_summary(terminalreporter):
    """How long Central took to start (the CI time budget is measured with this)."""
    from tests.central import central as mod

    if mod.LAST_TIMINGS:
        terminalreporter.write_line("ODK Central start: " + ", ".join(
            f"{k} {v:.1f} s" for k, v in mod.LAST_TIMINGS.items()))
