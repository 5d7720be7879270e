"""An attached file is as durable as a typed answer (issue 12 part D, item 2): a process attaching
files one after the other is killed with SIGKILL; every attachment it had confirmed (the call had
returned) is in the database with its bytes, and the database is intact."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.store import files as store_files
from models.store.database import open_store

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL (POSIX)")

CHILD = r"""
import hashlib, os, sys
sys.path.insert(0, sys.argv[2])
from models.records.editor import RecordEditor, create_record
from tests.models.media_helpers import add_media_form
from tests.models.pkg_helpers import make_db
store = make_db(sys.argv[1])
add_media_form(store)
rid = create_record(store, "pkg_media")
ed = RecordEditor(store, rid)
print("record", rid, flush=True)
i = 0
while True:
    i += 1
    data = os.urandom(200_000 + i)
    path = ed.add_instance("doc")
    ed.attach(path + ".doc_file", data, file_name=f"{1712345600000 + i}.bin")
    print("confirmed", path, f"{1712345600000 + i}.bin", hashlib.sha256(data).hexdigest(), flush=True)
"""


def test_attachments_confirmed_before_a_kill_are_all_there(tmp_path):
    db = tmp_path / "kill.db"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(ROOT)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    lines = []
    deadline = time.monotonic() + 60
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.split())
        if sum(1 for x in lines if x[0] == "confirmed") >= 12:
            break
    os.kill(proc.pid, signal.SIGKILL)  # mid-way through the next attachment
    proc.wait(timeout=30)
    rid = lines[0][1]
    confirmed = [x for x in lines if x[0] == "confirmed"]
    assert len(confirmed) >= 12
    store = open_store(db, create=False)
    assert store.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rec = store.record(rid)
    names = {d["doc_file"] for d in rec["answers"]["doc"] if d.get("doc_file")}
    for _word, _path, name, digest in confirmed:
        assert name in names and rec["files"][name]["sha256"] == digest
        data = store_files.file_bytes(store, digest)
        assert data is not None and hashlib.sha256(data).hexdigest() == digest
    # whatever the killed call wrote is all or nothing: every file the record names is whole
    for name, f in rec["files"].items():
        assert hashlib.sha256(store_files.file_bytes(store, f["sha256"])).hexdigest() == f["sha256"], name
    store.close()
