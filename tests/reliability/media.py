"""Places where writing fails on demand: a full disk (ENOSPC) or read-only media (EROFS).

* :class:`Tmpfs` is real: a size-limited ``tmpfs`` mounted for the test (needs root, or the
  capability to mount); ``full()`` fills it with a filler file, ``read_only()`` remounts it
  read-only. Every writer (SQLite, pyreadstat's C code, reportlab, zipfile) meets the real error.
* :class:`Injected` gives the same errors without mounting: Python file opens (``open``/``io.open``,
  also through ``os.fdopen``), ``os.open``/``os.mkdir`` under the folder, SQLite connections to files
  under it (``PRAGMA max_page_count`` for a full disk, ``query_only`` for read-only media) and
  pyreadstat's writers (which, on a real full disk, leave an empty file and report success) fail
  the way the real ones do.

Tests take the ``medium`` fixture (both kinds; ``Tmpfs`` is skipped where mounting is not allowed).
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import io
import os
import shutil
from models.base.driver import sqlite3
import subprocess
import sys
from pathlib import Path

SIZE = "12m"


def can_mount() -> bool:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    probe = Path(f"/tmp/khaosat-mount-probe-{os.getpid()}")
    probe.mkdir(exist_ok=True)
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)],
                            capture_output=True, check=False).returncode == 0
        if ok:
            subprocess.run(["umount", str(probe)], capture_output=True, check=False)
        return ok
    except OSError:
        return False
    finally:
        probe.rmdir()


class Medium:
    kind = ""

    def __init__(self, path: Path):
        self.path = path
        self.stores: list = []

    def track(self, store) -> None:
        """A store already open on this medium (the injected kind limits its connection too)."""
        self.stores.append(store)

    def listing(self) -> list[str]:
        return sorted(str(p.relative_to(self.path)) for p in self.path.rglob("*") if p.name != "filler")


class Tmpfs(Medium):
    kind = "tmpfs"

    def __init__(self, path: Path):
        super().__init__(path)
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(path)], check=True)

    def close(self) -> None:
        subprocess.run(["umount", "-l", str(self.path)], capture_output=True, check=False)

    @contextlib.contextmanager
    def full(self):
        for st in self.stores:  # no room left in the write-ahead log either: every write must grow a file
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        filler = self.path / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            block = b"\0" * 65536
            while True:
                try:
                    os.write(fd, block)
                except OSError as err:
                    if err.errno != errno.ENOSPC:
                        raise
                    if len(block) == 1:
                        break
                    block = block[: len(block) // 2]
        finally:
            os.close(fd)
        try:
            yield self
        finally:
            filler.unlink()

    @contextlib.contextmanager
    def read_only(self):
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)
        try:
            yield self
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(self.path)], check=True)


class Injected(Medium):
    kind = "injected"

    def __init__(self, path: Path, monkeypatch):
        super().__init__(path)
        path.mkdir(parents=True, exist_ok=True)
        self.mp = monkeypatch
        self.mode = ""  # "", "full" or "ro"
        self.budget = 0

    def close(self) -> None:
        pass

    def _under(self, file) -> bool:
        if isinstance(file, int):
            try:
                file = os.readlink(f"/proc/self/fd/{file}")
            except OSError:
                return False
        try:
            return Path(os.path.abspath(os.fspath(file))).is_relative_to(self.path.resolve())
        except TypeError:
            return False

    def _install(self) -> None:
        real_open, real_os_open, real_mkdir, real_connect = io.open, os.open, os.mkdir, sqlite3.connect
        medium = self

        def fail(path):
            code = errno.ENOSPC if medium.mode == "full" else errno.EROFS
            return OSError(code, os.strerror(code), str(path))

        class Filling:
            """A file on a disk that fills up: writes succeed until the space left is used."""

            def __init__(self, fh):
                self._fh = fh

            def write(self, data):
                n = len(data)
                if n > medium.budget:
                    if medium.budget > 0:
                        self._fh.write(data[: medium.budget])
                        medium.budget = 0
                    raise fail(getattr(self._fh, "name", "?"))
                medium.budget -= n
                return self._fh.write(data)

            def writelines(self, lines):
                for line in lines:
                    self.write(line)

            def __getattr__(self, name):
                return getattr(self._fh, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self._fh.close()

            def __iter__(self):
                return iter(self._fh)

        def opener(file, mode="r", *args, **kwargs):
            writing = any(c in mode for c in "wax+")
            if medium.mode and writing and medium._under(file):
                if medium.mode == "ro":
                    raise fail(file)
                return Filling(real_open(file, mode, *args, **kwargs))
            return real_open(file, mode, *args, **kwargs)

        def os_open(path, flags, *args, **kwargs):
            if medium.mode == "ro" and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and medium._under(path):
                raise fail(path)
            return real_os_open(path, flags, *args, **kwargs)

        def mkdir(path, *args, **kwargs):
            if medium.mode == "ro" and medium._under(path):
                raise fail(path)
            return real_mkdir(path, *args, **kwargs)

        def connect(database, *args, **kwargs):
            if (medium.mode == "ro" and isinstance(database, (str, os.PathLike)) and medium._under(database)
                    and not os.path.exists(database)):
                raise sqlite3.OperationalError("unable to open database file")
            conn = real_connect(database, *args, **kwargs)
            if medium.mode and isinstance(database, (str, os.PathLike)) and medium._under(database):
                medium._limit(conn)
            return conn

        real_access, real_usage = os.access, shutil.disk_usage

        def access(path, mode, *args, **kwargs):
            if medium.mode == "ro" and mode & os.W_OK and medium._under(path):
                return False
            return real_access(path, mode, *args, **kwargs)

        def disk_usage(path):
            usage = real_usage(path)
            if medium.mode == "full" and medium._under(path):
                return usage._replace(used=usage.total, free=0)
            return usage

        self.mp.setattr(shutil, "_USE_CP_SENDFILE", False)  # copies go through write(), which can fail
        self.mp.setattr(os, "access", access)
        self.mp.setattr(shutil, "disk_usage", disk_usage)
        self.mp.setattr(builtins, "open", opener)
        self.mp.setattr(io, "open", opener)
        self.mp.setattr(os, "open", os_open)
        self.mp.setattr(os, "mkdir", mkdir)
        self.mp.setattr(sqlite3, "connect", connect)
        try:
            import pyreadstat
        except ImportError:
            return
        for name in ("write_dta", "write_sav"):
            real = getattr(pyreadstat, name)

            def writer(df, path, *args, _real=real, **kwargs):
                if medium.mode and medium._under(path):
                    if medium.mode == "ro":  # what pyreadstat says on a read-only folder
                        raise pyreadstat.PyreadstatError(
                            f"Could not open file '{path}' for writing: Read-only file system (errno 30).")
                    with real_open(path, "wb"):
                        pass  # what it leaves on a full disk: an empty file, and no error
                    return None
                return _real(df, path, *args, **kwargs)

            self.mp.setattr(pyreadstat, name, writer)

    def _limit(self, conn) -> None:
        if self.mode == "ro":
            conn.execute("PRAGMA query_only = 1")
        else:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")

    @contextlib.contextmanager
    def _mode(self, mode: str, budget: int = 0):
        self.mode, self.budget = mode, budget
        if not getattr(self, "_installed", False):
            self._install()
            self._installed = True
        for st in self.stores:
            self._limit(st.db.conn)
        try:
            yield self
        finally:
            self.mode = ""
            for st in self.stores:
                try:
                    st.db.conn.execute("PRAGMA query_only = 0")
                    st.db.conn.execute("PRAGMA max_page_count = 1073741823")
                except sqlite3.Error:
                    pass

    def full(self, budget: int = 200):
        return self._mode("full", budget)

    def read_only(self):
        return self._mode("ro")
