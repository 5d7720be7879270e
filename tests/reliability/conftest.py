import os

import pytest

from tests.reliability.media import Injected, Tmpfs, can_mount

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_MOUNT = None


def mount_allowed() -> bool:
    global _MOUNT
    if _MOUNT is None:
        _MOUNT = can_mount()
    return _MOUNT


@pytest.fixture(params=["tmpfs", "injected"])
def medium(request, tmp_path, monkeypatch):
    """A folder that can be made full or read-only: a real size-limited tmpfs (where mounting is
    allowed) and the same failures injected (everywhere)."""
    if request.param == "tmpfs":
        if not mount_allowed():
            pytest.skip("mounting a tmpfs needs root (the injected variant runs instead)")
        m = Tmpfs(tmp_path / "small")
    else:
        m = Injected(tmp_path / "small", monkeypatch)
    yield m
    m.close()
