"""Shared pieces of the reliability tests: small demo databases, packages, the command line in-process."""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
from pathlib import Path

from models.store.database import open_store


def drain(gen):
    from models.base.progress import run

    return run(gen)


def make_demo(path: Path, *, seed: int = 3, enumerator: str = "E01", enterprises: int = 2,
              households: int = 3) -> Path:
    from models.demo.generate import run
    from models.exchange.keys import identity

    run(str(path), commune="18073", enterprises=enterprises, households=households, seed=seed,
        enumerator=enumerator)
    st = open_store(path)
    identity(st)  # the keys exist before the test (making them is a write)
    st.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    st.close()
    return path


def copy_db(src: Path, dst: Path) -> str:
    shutil.copyfile(src, dst)
    return str(dst)


def logical_state(db: str) -> dict:
    """What must not change when an operation fails: records (revision, sealing, status), the
    package bookkeeping, settings and the audit trail's length."""
    st = open_store(db, create=False)
    try:
        q = st.execute
        return {
            "records": q("SELECT id, rev, sealed, status, deleted, answers FROM records ORDER BY id").fetchall(),
            "audit": q("SELECT count(*) FROM audit").fetchone()[0],
            "settings": q("SELECT key, value FROM settings ORDER BY key").fetchall(),
            "pkg_sent": q("SELECT * FROM pkg_sent ORDER BY record_id").fetchall(),
            "pkg_exports": q("SELECT count(*) FROM pkg_exports").fetchone()[0],
            "pkg_imports": q("SELECT count(*) FROM pkg_imports").fetchone()[0],
        }
    finally:
        st.close()


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """``python main.py ARGS`` in this process (so injected failures apply); exit code, stdout, stderr."""
    from cli import main

    root = logging.getLogger()
    before = list(root.handlers)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()
    return code, out.getvalue(), err.getvalue()


def assert_clear_failure(code: int, err: str, *, names: str) -> None:
    """Exit code 2, a message naming the place, no traceback and no 'unexpected error'."""
    assert code == 2, err
    assert names in err, err
    assert "Traceback" not in err and "không mong đợi" not in err and "Unexpected" not in err, err
