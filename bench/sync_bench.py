"""Sync speed against the local OpenRosa test server, as ratios to a baseline measured in the same run.

    python bench/sync_bench.py [N]

Baseline: making the instance XML of every record with the engine (what a sync cannot avoid).
Measured: a first sync sending N records; a second sync with nothing new (preflight + form list +
deciding that every record is already there); a sync after one record in ten was corrected.
Prints JSON ({"bench": "sync", "machine": ..., "results": [...]}), as bench/_util.emit.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _util import emit  # noqa: E402

from models.records.editor import RecordEditor  # noqa: E402
from models.store.database import open_store  # noqa: E402
from models.sync.service import RetryPolicy, SyncSettings, build_instance, run_sync  # noqa: E402
from tests.openrosa_server import OpenRosaTestServer  # noqa: E402
from tests.sync_fixtures import make_db  # noqa: E402

PW = "bench-password"


def drain(gen):
    from models.base.progress import run

    return run(gen)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        t = time.perf_counter()
        ids = make_db(db, records=n)
        setup = time.perf_counter() - t

        with open_store(db) as st:
            t = time.perf_counter()
            for rid in ids:
                build_instance(st, rid, rid)
            base = time.perf_counter() - t

        with OpenRosaTestServer(password=PW) as srv:
            srv.publish("dn_sync", "2024.1")
            settings = SyncSettings(server=srv.url, user="canbo")

            def sync():
                t0 = time.perf_counter()
                with open_store(db, create=False) as st:
                    s = drain(run_sync(st, settings, password=PW, retry=RetryPolicy(base_delay=0.01)))
                return time.perf_counter() - t0, s

            first, s1 = sync()
            second, s2 = sync()
            with open_store(db) as st:
                for rid in ids[::10]:
                    ed = RecordEditor(st, rid)
                    ed.set("workers", "999")
                    ed.mark_complete()
            third, s3 = sync()
        assert (s1.sent, s2.already, s3.sent) == (n, n, len(ids[::10])), (s1.line(), s2.line(), s3.line())
        fixes = len(ids[::10])
        base_ = {"baseline": "making the instance XML of every record with the engine", "baseline_s": round(base, 3)}
        emit("sync", [
            {"name": f"first sync (sends {n} records)", "s": round(first, 3), **base_, "ratio": round(first / base, 2),
             "per_record_ms": round(1000 * first / n, 1)},
            {"name": "second sync (nothing new)", "s": round(second, 3), **base_, "ratio": round(second / base, 2)},
            {"name": f"sync after {fixes} corrections", "s": round(third, 3), **base_, "ratio": round(third / base, 2)},
        ])
        print(f"# records={n} (setup {setup:.2f}s)", file=sys.stderr)

if __name__ == "__main__":
    main()
