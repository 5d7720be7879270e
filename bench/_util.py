"""Shared helpers for benchmark scripts: timing with medians, machine description, JSON output."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def median_time(fn, *, repeat: int = 5, number: int = 1) -> float:
    """Median over ``repeat`` runs of the time per call (seconds), each run calling ``number`` times."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - t0) / number)
    return statistics.median(runs)


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as fh:
            info["memory_gb"] = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return info


def emit(name: str, results: list[dict]) -> None:
    """Print one JSON document: {"bench": name, "machine": ..., "results": [...]}."""
    print(json.dumps({"bench": name, "machine": machine(), "results": results}, ensure_ascii=False, indent=2))
