"""Sync secrets (a server password or a Central app-user token) in the operating system's key store.

Secrets are never written to the database, a log or a message: the database keeps the server,
project and user name; ``keyring`` keeps the secret (Windows Credential Manager, macOS Keychain,
Secret Service/KWallet on Linux). For scripted use the environment variable
``SURVEY_SYNC_PASSWORD`` takes precedence over the key store.
"""

from __future__ import annotations

import contextlib
import os

from models.base.errors import Bilingual
from models.sync.errors import SyncCode, SyncError

SERVICE = "khaosat-so sync"
ENV_PASSWORD = "SURVEY_SYNC_PASSWORD"
TOKEN_USER = "app-user"  # the key-store account name under which an app-user token is kept


def _account(destination: str, user: str) -> str:
    return f"{user or TOKEN_USER}@{destination}"


def _keyring():
    import keyring

    return keyring


def _fail(err: BaseException) -> SyncError:
    """One clear message for every key-store failure; the backend's own (English) text goes to the log."""
    import logging

    logging.getLogger("khaosat.sync").info("key store failed: %s: %s", type(err).__name__, err)
    name = type(err).__name__
    if name == "NoKeyringError" or "No recommended backend" in str(err):
        detail = Bilingual("máy này không có kho khóa nào dùng được", "this computer has no usable key store")
    elif name in ("KeyringLocked", "InitError"):
        detail = Bilingual("kho khóa đang bị khóa hoặc chưa mở được",
                           "the key store is locked or could not be opened")
    elif name == "PasswordSetError":
        detail = Bilingual("kho khóa từ chối lưu mật khẩu", "the key store refused to save the password")
    else:
        detail = Bilingual("kho khóa báo lỗi", "the key store reported an error")
    return SyncError(SyncCode.SYNC_KEYRING, detail=detail)


def save_secret(destination: str, user: str, secret: str) -> None:
    """Keep ``secret`` for (destination, user); an empty secret deletes it."""
    kr = _keyring()
    try:
        if secret:
            kr.set_password(SERVICE, _account(destination, user), secret)
        else:
            with contextlib.suppress(kr.errors.PasswordDeleteError):
                kr.delete_password(SERVICE, _account(destination, user))
    except Exception as err:  # noqa: BLE001 - every backend failure becomes one clear message
        raise _fail(err) from None


def stored_secret(destination: str, user: str) -> str:
    """The secret in the key store, or "" (also when no key store is usable)."""
    kr = _keyring()
    try:
        return kr.get_password(SERVICE, _account(destination, user)) or ""
    except Exception:  # noqa: BLE001 - no usable backend: there is nothing stored
        return ""


def password_for(destination: str, user: str) -> str:
    """``SURVEY_SYNC_PASSWORD`` if set, else the key store; "" when there is none."""
    env = os.environ.get(ENV_PASSWORD)
    if env:
        return env
    return stored_secret(destination, user)


def keyring_usable() -> bool:
    """True if a real key store backend is available (not the 'fail' or 'null' backends)."""
    try:
        kr = _keyring()
        backend = kr.get_keyring()
    except Exception:  # noqa: BLE001
        return False
    name = type(backend).__module__ + "." + type(backend).__name__
    return not any(x in name for x in ("fail.Keyring", "null.Keyring"))


def has_secret(destination: str, user: str) -> bool:
    """Whether the key store holds a secret for (destination, user) (the secret itself stays there)."""
    return bool(stored_secret(destination, user))
