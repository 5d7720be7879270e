"""Progress ticks yielded by long services (see ui/worker.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    message: str = ""
