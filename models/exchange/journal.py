"""Restoring a backup, whether a full copy or a restore point (docs/backups.md).

A restore point (``models.store.backup``: ``khaosat-backup-<db>-<time>-import.point``) stands for the
database as it was before an import: the last full copy, and the packages imported on top of it since,
kept in the journal as received (signed, named by their SHA-256). Restoring it is one action, as
restoring a copy is: :func:`restore` checks everything first (the copy and every package's digest:
a point that cannot be rebuilt changes nothing), keeps the current database as a safety copy, puts
the full copy in its place and imports the packages again, in order, as the same users did. Importing
is deterministic (docs/package-format.md), so the records come back as they were.
"""

from __future__ import annotations

import dataclasses
import os

from models.base.errors import Bilingual
from models.store import backup
from models.store.errors import StoreCode, StoreError


def check(backup_file: str | os.PathLike) -> dict:
    """:func:`models.store.backup.check_backup`: a full copy or a restore point, nothing changed."""
    return backup.check_backup(backup_file)


def restore(db_path: str | os.PathLike, backup_file: str | os.PathLike) -> str:
    """Replace the database at ``db_path`` with a full copy, or with the state a restore point stands
    for; returns the safety copy of the database as it was (``models.store.backup.restore``).

    The application must have closed its own connection first. A package of the point that is refused
    when imported again (it never should be) stops the restore with ``RESTORE_INVALID``; the safety
    copy then still holds the database as it was before the restore.
    """
    register = _erasures_known(db_path)
    safety = _restore(db_path, backup_file)
    if register:
        _erase_again(db_path, register)
    return safety


def _erasures_known(db_path: str | os.PathLike) -> list:
    """The erasures of personal data the database knows now (``models.exchange.erase``), read before it is
    replaced: a restored copy older than one of them must not bring the values back. A database that
    cannot be opened (damaged: the reason to restore) gives none; its safety copy keeps them."""
    from models.exchange import erase
    from models.store.database import open_store

    try:
        store = open_store(db_path, create=False)
    except Exception:  # noqa: BLE001 - damaged or missing: nothing can be read from it
        return []
    try:
        return erase.register(store)
    except Exception:  # noqa: BLE001 - a database from before the register existed
        return []
    finally:
        store.close()


def _erase_again(db_path: str | os.PathLike, register: list) -> None:
    from models.exchange import erase
    from models.store.database import open_store

    store = open_store(db_path, create=False)
    try:
        erase.restore_register(store, register)
    finally:
        store.close()


def _restore(db_path: str | os.PathLike, backup_file: str | os.PathLike) -> str:
    if not str(backup_file).endswith(backup.POINT_SUFFIX):
        return backup.restore(db_path, backup_file)
    point = backup.read_point(backup_file)
    safety = backup.restore(db_path, point.full, verified=True)  # read_point checked the copy
    if not point.packages:
        return safety
    import shutil
    import tempfile

    from models.exchange.importing import import_into
    from models.store import cipher
    from models.store.database import open_store

    key = cipher.key_for_file(db_path)
    plain_dir = None
    if any(cipher.is_encrypted_file(p) for p, _u in point.packages):
        # an encrypted journal: each package decrypted into a private temporary folder for the import,
        # removed right after
        plain_dir = tempfile.mkdtemp(prefix="khaosat-restore-")
        packages = []
        for p, u in point.packages:
            out = os.path.join(plain_dir, os.path.basename(p))
            with open(out, "wb") as fh:
                for piece in backup.journaled_pieces(p, key):
                    fh.write(piece)
            packages.append((out, u))
        point = dataclasses.replace(point, packages=packages)
    store = open_store(db_path, create=False)
    try:
        i = 0
        while i < len(point.packages):  # consecutive packages imported by the same user: one call
            user = point.packages[i][1]
            j = i
            while j < len(point.packages) and point.packages[j][1] == user:
                j += 1
            gen = import_into(store, [p for p, _u in point.packages[i:j]], user=user or None, backup=False)
            try:
                while True:
                    next(gen)
            except StopIteration as stop:
                summaries = stop.value
            for s in summaries:
                if s.refused:
                    raise StoreError(StoreCode.RESTORE_INVALID, path=str(backup_file), detail=Bilingual(
                        f"gói {os.path.basename(s.file)} không nhập lại được: {s.reason}",
                        f"the package {os.path.basename(s.file)} cannot be imported again: {s.reason_en}"))
            i = j
    finally:
        store.close()
        if plain_dir is not None:
            shutil.rmtree(plain_dir, ignore_errors=True)
    return safety


__all__ = ["check", "restore"]
