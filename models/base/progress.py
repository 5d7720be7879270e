"""Progress ticks yielded by long services (see ui/worker.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    message: str = ""


def run(gen, on_tick=None):
    """Drain a service generator (command line, tests, a service calling another) and return its result;
    ``on_tick(progress)`` sees every tick. Anything that is not a generator is returned as it is."""
    import inspect

    if not inspect.isgenerator(gen):
        return gen
    while True:
        try:
            tick = next(gen)
        except StopIteration as stop:
            return stop.value
        if on_tick is not None:
            on_tick(tick)


def cancellable_sleep(cancel):
    """A ``sleep(seconds)`` for a service that waits (a retry, a lock held elsewhere): ``cancel`` (a
    ``threading.Event`` or None) ends the wait at once with ``Cancelled``."""
    import time

    def sleep(seconds: float) -> None:
        if cancel is None:
            time.sleep(seconds)
        elif cancel.wait(seconds):
            from models.base.errors import Cancelled

            raise Cancelled()

    return sleep
