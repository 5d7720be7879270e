"""Where the application keeps its files (no Qt here: the command line uses the same places)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "KhaoSatSo"


def data_dir() -> Path:
    """The per-user folder for the database, logs and keys (created if missing)."""
    override = os.environ.get("KHAOSAT_HOME")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_DIR_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_DIR_NAME.lower()
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_db_path() -> Path:
    return data_dir() / "khaosat.db"


#: the folder beside a database where its automatic backups go when no folder is chosen
BACKUP_DIR_NAME = "khaosat-sao-luu"


def default_backup_dir(db_path: str | os.PathLike) -> Path:
    """The default backup folder of a database: ``khaosat-sao-luu`` beside it (for the default database
    that is inside the application's data folder). Not created here: the first copy creates it."""
    return Path(os.path.abspath(db_path)).parent / BACKUP_DIR_NAME


def log_path() -> Path:
    d = data_dir() / "logs"
    d.mkdir(parents=True, exist_ok=True)
    return d / "khaosat.log"
