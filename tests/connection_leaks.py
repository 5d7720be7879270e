"""A pytest plugin (imported by ``tests/conftest.py``; ``-p tests.connection_leaks`` elsewhere): the run
fails when a test leaves an SQLite connection to the garbage collector or replaces a database file under a
connection still open on it, and says where each was opened.

Why it matters (``models/base/driver.py``): a connection closed by the garbage collector is closed at a
moment nobody chose, on whichever thread collects; if its database file was replaced meanwhile, its
``-shm`` mapping was truncated by the next connection and that close kills the process with SIGBUS
(twice in full-suite runs, in the report tests, with "Garbage-collecting" on the main thread's stack).
Leaks are found when the last reference goes, or by the one ``gc.collect()`` at the end of the run: a test
is reported, never failed on its own, so the check cannot make a test flaky.
"""

from __future__ import annotations

import os

os.environ.setdefault("KHAOSAT_TRACK_CONNECTIONS", "1")  # before models.base.driver is imported

import pytest  # noqa: E402

#: stores opened for one test (``tests.models.pkg_helpers.make_db`` outside fixtures of a wider scope):
#: ``tests/conftest.py`` closes them after the test
MADE: list = []
_SCOPES = ["function"]


def for_this_test(store):
    """Remember ``store`` to be closed after the test, unless a fixture of a wider scope is making it."""
    if _SCOPES[-1] == "function":
        MADE.append(store)
    return store


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    _SCOPES.append(fixturedef.scope)
    try:
        yield
    finally:
        _SCOPES.pop()


_LEAKS_SEEN: list[tuple[str, tuple[str, str, str]]] = []
_REPLACED_SEEN: list[tuple[str, str, str, str]] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    from models.base import driver

    before, replaced = len(driver.LEAKED), len(driver.REPLACED)
    yield
    for leak in driver.LEAKED[before:]:
        _LEAKS_SEEN.append((item.nodeid, leak))
    for file, old, new in driver.REPLACED[replaced:]:
        _REPLACED_SEEN.append((item.nodeid, file, old, new))


def pytest_sessionfinish(session, exitstatus):
    import gc

    from models.base import driver

    before = len(driver.LEAKED)
    gc.collect()
    for leak in driver.LEAKED[before:]:
        _LEAKS_SEEN.append(("(end of the run)", leak))
    if not (_LEAKS_SEEN or _REPLACED_SEEN) or not driver.TRACK:
        return
    lines = []
    if _LEAKS_SEEN:
        lines.append(f"{len(_LEAKS_SEEN)} SQLite connection(s) were never closed (finalised by the garbage "
                     "collector):")
    for test, (file, thread, where) in _LEAKS_SEEN:
        lines.append(f"- seen during {test}: {file} (opened on thread {thread}) at\n{where}")
    if _REPLACED_SEEN:
        lines.append(f"{len(_REPLACED_SEEN)} database file(s) replaced while a connection was open on them:")
    for test, file, old, new in _REPLACED_SEEN:
        lines.append(f"- in {test}: {file}, open since\n{old}  and opened again (a new file) at\n{new}")
    session.config.get_terminal_writer().line("\n".join(lines), red=True)
    if session.exitstatus == 0:
        session.exitstatus = 1
