"""A script reading only the first lines (``python main.py review list … | head -1``) is not an error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_output_to_a_reader_that_went_away_is_not_an_unexpected_error(tmp_path):
    read, write = os.pipe()
    os.close(read)  # the reader has gone before anything is written: every write fails with EPIPE
    try:
        env = {**os.environ, "KHAOSAT_HOME": str(tmp_path)}
        p = subprocess.run([sys.executable, "main.py", "forms", "list"], cwd=ROOT, env=env, stdout=write,
                           stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write)
    assert p.returncode == 141
    assert p.stderr.decode() == ""  # neither "Lỗi không mong đợi" nor Python's "Exception ignored"
    log = tmp_path / "logs" / "khaosat.log"
    assert not log.exists() or "Broken pipe" not in log.read_text(encoding="utf-8")
