"""The database's key: a PIN or passphrase unlocks it, a recovery code replaces a forgotten PIN.

An encrypted database ``khaosat.db`` is an SQLCipher file (every page AES-256 encrypted and
HMAC-authenticated, :mod:`models.base.driver`) under a random 256-bit **data key**. Beside it, the
**key envelope** ``khaosat.db.keys`` (JSON, no secret in the clear) holds that data key wrapped
(AES-256-GCM) once per PIN, each under a key derived from the PIN with **scrypt** (memory-hard:
``N = 2^16, r = 8`` — 64 MiB and about 0.2 s per try on a laptop) and a salt of its own. Changing a PIN
rewraps the data key; the database is not rewritten.

The **recovery code** is the data key itself, in 14 groups of four letters/digits (base32, with a
3-byte checksum that catches a mistyped group). It is shown once, when encryption is set up, for the
commune to print and keep; it opens the database and its backups even when the envelope is lost.

Backups and safety copies are encrypted with the same data key and carry a copy of the envelope
(``<copy>.keys``), so a stick holding them exposes nothing without a PIN or the recovery code.

Wrong PINs are counted in the envelope: from the third wrong try on, the next try waits 2, 4, 8 …
(at most 300) seconds. That slows someone at the keyboard; someone who copied the file can try PINs
without the application, so a short PIN only makes that slow (scrypt), a passphrase makes it
impractical (``docs/security.md``).

The process keeps the data keys of the databases it has unlocked (:func:`remember`, :func:`key_for`)
so every connection (the writer, readers on worker threads, backups) is keyed without asking again.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import threading
import time
from pathlib import Path

from models.base.errors import Bilingual
from models.store.errors import StoreCode, StoreError

ENVELOPE_FORMAT = "khaosat-keys"
ENVELOPE_VERSION = 1
SUFFIX = ".keys"
#: scrypt's cost (N = 2^16, r = 8: 64 MiB of memory per try)
SCRYPT = {"n": 1 << 16, "r": 8, "p": 1}
#: the shortest PIN accepted (digits or any characters)
MIN_PIN = 6
#: wrong tries allowed before the waits begin, and the longest wait
FREE_TRIES = 2
MAX_WAIT = 300

_keys: dict[str, bytes] = {}
_who: dict[str, str] = {}  # the envelope slot's user that unlocked each database ("" the installation's)
_lock = threading.Lock()


def _norm(path: str | os.PathLike) -> str:
    return os.path.realpath(os.fspath(path))


def envelope_path(db_path: str | os.PathLike) -> str:
    return os.fspath(db_path) + SUFFIX


# ---------------------------------------------------------------------- the process's unlocked keys
def remember(db_path: str | os.PathLike, key: bytes) -> None:
    with _lock:
        _keys[_norm(db_path)] = key


def forget(db_path: str | os.PathLike | None = None) -> None:
    """Drop one database's key (or all): the next open asks for the PIN again (the lock screen)."""
    with _lock:
        if db_path is None:
            _keys.clear()
            _who.clear()
        else:
            _keys.pop(_norm(db_path), None)
            _who.pop(_norm(db_path), None)


def unlocked_by(db_path: str | os.PathLike) -> str:
    """The user id of the PIN that unlocked the database ("" the installation's own PIN or none)."""
    with _lock:
        return _who.get(_norm(db_path), "")


def key_for(db_path: str | os.PathLike) -> bytes | None:
    with _lock:
        return _keys.get(_norm(db_path))


# ---------------------------------------------------------------------- wrapping
def _derive(pin: str, salt: bytes, kdf: dict) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=int(kdf["n"]), r=int(kdf["r"]),
                          p=int(kdf["p"]), maxmem=256 * 1024 * 1024, dklen=32)


def _wrap(key: bytes, pin: str) -> dict:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    kek = _derive(pin, salt, SCRYPT)
    sealed = AESGCM(kek).encrypt(nonce, key, ENVELOPE_FORMAT.encode())
    return {"kdf": "scrypt", **SCRYPT, "salt": salt.hex(), "nonce": nonce.hex(), "wrapped": sealed.hex()}


def _unwrap(slot: dict, pin: str) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = _derive(pin, bytes.fromhex(slot["salt"]), slot)
    try:
        return AESGCM(kek).decrypt(bytes.fromhex(slot["nonce"]), bytes.fromhex(slot["wrapped"]),
                                   ENVELOPE_FORMAT.encode())
    except InvalidTag:
        return None


# ---------------------------------------------------------------------- recovery code
def recovery_code(key: bytes) -> str:
    """The data key as 14 groups of four characters (base32 with a 3-byte checksum)."""
    raw = key + hashlib.sha256(key).digest()[:3]
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def key_from_recovery(code: str) -> bytes | None:
    """The data key from a typed recovery code (spaces, dashes and case ignored; 0/1/8 read as O/I/B
    as people misread them), None when it is not one (wrong length or checksum)."""
    text = "".join(ch for ch in code.upper() if ch.isalnum()).translate(str.maketrans("018", "OIB"))
    if len(text) != 56:
        return None
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError:
        return None
    key, check = raw[:32], raw[32:]
    return key if hashlib.sha256(key).digest()[:3] == check else None


# ---------------------------------------------------------------------- the envelope file
def read_envelope(db_path: str | os.PathLike) -> dict | None:
    path = envelope_path(db_path)
    try:
        with open(path, encoding="utf-8") as fh:
            env = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise StoreError(StoreCode.KEYS_UNREADABLE, path=path, detail=str(err)) from None
    if not isinstance(env, dict) or env.get("format") != ENVELOPE_FORMAT or not isinstance(env.get("slots"), list):
        raise StoreError(StoreCode.KEYS_UNREADABLE, path=path,
                         detail=Bilingual("không phải tệp khoá của ứng dụng", "not the application's key file"))
    return env


def write_envelope(db_path: str | os.PathLike, env: dict) -> None:
    """Write the envelope durably (a temporary file, fsync, rename)."""
    path = envelope_path(db_path)
    tmp = path + ".tmp"
    data = json.dumps(env, ensure_ascii=False, indent=1).encode("utf-8")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def new_envelope(key: bytes, pin: str, user: str = "") -> dict:
    check_pin(pin)
    return {"format": ENVELOPE_FORMAT, "version": ENVELOPE_VERSION,
            "key_check": key_check(key),
            "slots": [{"user": user, **_wrap(key, pin)}], "failures": 0, "last_failure": 0}


def check_pin(pin: str) -> None:
    if len(pin or "") < MIN_PIN:
        raise StoreError(StoreCode.PIN_TOO_SHORT, minimum=MIN_PIN)


def wait_left(env: dict, now: float | None = None) -> int:
    """Seconds still to wait before the next try (0 when a try is allowed)."""
    n = int(env.get("failures") or 0)
    if n <= FREE_TRIES:
        return 0
    wait = min(MAX_WAIT, 2 ** (n - FREE_TRIES))
    left = float(env.get("last_failure") or 0) + wait - (time.time() if now is None else now)
    return max(0, int(left + 0.999))


def unlock(db_path: str | os.PathLike, pin: str, user: str | None = None) -> bytes:
    """The data key from a PIN (and remember it for this process). A wrong PIN is counted and refused
    (PIN_WRONG); after :data:`FREE_TRIES` wrong tries, a try before the wait is over is refused
    (PIN_WAIT) without being checked."""
    env = read_envelope(db_path)
    if env is None:
        raise StoreError(StoreCode.KEYS_MISSING, path=envelope_path(db_path), db=os.fspath(db_path))
    left = wait_left(env)
    if left:
        raise StoreError(StoreCode.PIN_WAIT, seconds=left)
    for slot in env["slots"]:
        if user is not None and slot.get("user", "") != user:
            continue
        key = _unwrap(slot, pin or "")
        if key is not None:
            if env.get("failures"):
                env["failures"], env["last_failure"] = 0, 0
                write_envelope(db_path, env)
            remember(db_path, key)
            with _lock:
                _who[_norm(db_path)] = str(slot.get("user", "") or "")
            return key
    env["failures"] = int(env.get("failures") or 0) + 1
    env["last_failure"] = time.time()
    write_envelope(db_path, env)
    left = wait_left(env)
    wait_text = Bilingual(f"Lần thử sau phải đợi {left} giây. ", f"The next try must wait {left} seconds. ") \
        if left else Bilingual("", "")
    raise StoreError(StoreCode.PIN_WRONG, tries=env["failures"], wait_text=wait_text)


def unlock_with_recovery(db_path: str | os.PathLike, code: str) -> bytes:
    key = key_from_recovery(code)
    if key is None:
        raise StoreError(StoreCode.RECOVERY_WRONG)
    env = read_envelope(db_path)
    if env is not None and env.get("key_check") != key_check(key):
        raise StoreError(StoreCode.RECOVERY_WRONG)
    remember(db_path, key)
    return key


def set_pin(db_path: str | os.PathLike, key: bytes, pin: str, user: str = "") -> None:
    """Give ``user`` the PIN ``pin`` (replacing their old one; a new envelope when there is none)."""
    check_pin(pin)
    env = read_envelope(db_path)
    if env is None:
        env = new_envelope(key, pin, user)
    else:
        env["slots"] = [s for s in env["slots"] if s.get("user", "") != user] + [{"user": user, **_wrap(key, pin)}]
        env["failures"], env["last_failure"] = 0, 0
    write_envelope(db_path, env)


def copy_envelope(db_path: str | os.PathLike, copy_path: str | os.PathLike) -> None:
    """Put the database's envelope beside a copy of it (a backup, a safety copy)."""
    env = read_envelope(db_path)
    if env is not None:
        env = {**env, "failures": 0, "last_failure": 0}
        write_envelope(copy_path, env)


def new_key() -> bytes:
    return os.urandom(32)


def pin_from_env() -> str | None:
    """``KHAOSAT_PIN``: the PIN of scripted use (command line, tests, CI)."""
    pin = os.environ.get("KHAOSAT_PIN")
    return pin if pin else None


def interface_language(db_path: str | os.PathLike) -> str | None:
    """The interface language last used with an encrypted database ("vi"/"en"), kept in its envelope: the
    settings inside cannot be read before the PIN, and the PIN dialog should speak the user's language."""
    try:
        env = read_envelope(db_path)
    except StoreError:
        return None
    lang = (env or {}).get("language")
    return lang if lang in ("vi", "en") else None


def set_interface_language(db_path: str | os.PathLike, lang: str) -> None:
    """Keep the interface language in the envelope (no secret: only which language the PIN dialog uses)."""
    try:
        env = read_envelope(db_path)
    except StoreError:
        return
    if env is not None and env.get("language") != lang:
        env["language"] = lang
        with contextlib.suppress(OSError):
            write_envelope(db_path, env)


def remove_envelope(db_path: str | os.PathLike) -> None:
    Path(envelope_path(db_path)).unlink(missing_ok=True)


# ---------------------------------------------------------------------- connections to the app's files
def key_check(key: bytes) -> str:
    return hashlib.sha256(b"khaosat-key-check" + key).hexdigest()[:16]


def key_for_file(path: str | os.PathLike) -> bytes | None:
    """The key of an encrypted file: the one this process unlocked for it, else a known key that fits
    the envelope beside it (a backup of a database unlocked here opens without asking again)."""
    key = key_for(path)
    if key is not None:
        return key
    try:
        env = read_envelope(path)
    except StoreError:
        return None
    if env is None:
        return None
    with _lock:
        known = list(_keys.values())
    return next((k for k in known if key_check(k) == env.get("key_check")), None)


def connect_file(path: str | os.PathLike, *, uri: str | None = None, **kwargs):
    """Open an existing application file (a database, a backup): plain as it is, encrypted with its
    key (:func:`key_for_file`); an encrypted file whose key is not known raises PIN_NEEDED.
    ``uri``: open ``uri`` (e.g. ``file:...?mode=ro``) instead of the path."""
    from models.base.driver import connect, is_plain_file

    key = None
    if is_plain_file(os.fspath(path)) is False:
        key = key_for_file(path)
        envelope = read_envelope(path)
        if key is None and pin_from_env() is not None and envelope is not None:
            key = unlock(path, pin_from_env() or "")
        if key is None and envelope is not None:
            raise StoreError(StoreCode.PIN_NEEDED, path=os.fspath(path))
        # no envelope: not one of our encrypted files (a damaged one): SQLite says what it is
    if uri is not None:
        return connect(uri, key=key, uri=True, **kwargs)
    return connect(os.fspath(path), key=key, **kwargs)


def connect_copy(path: str | os.PathLike, source: str | os.PathLike, **kwargs):
    """A new file that will hold a copy of ``source``: encrypted with the same key (a salt of its own)
    when ``source`` is encrypted, plain otherwise. Put the envelope beside the finished copy with
    :func:`copy_envelope`."""
    from models.base.driver import connect, is_plain_file

    key = key_for_file(source) if is_plain_file(os.fspath(source)) is False else None
    fresh = is_plain_file(os.fspath(path)) is None  # an existing file keeps the salt it has
    return connect(os.fspath(path), key=key, salt=os.urandom(16) if key and fresh else None, **kwargs)


# ---------------------------------------------------------------------- files kept beside an encrypted database
#: the first bytes of a file encrypted under a database's key (a journaled package, ``models/store/backup.py``)
FILE_MAGIC = b"KSENC1\n"
_FILE_CHUNK = 1 << 20


def _file_key(key: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"khaosat files beside the database").derive(key)


def encrypt_chunks(key: bytes, chunks):
    """The encrypted form of a file given as pieces (:data:`FILE_MAGIC`, then pieces of at most 1 MiB, each
    AES-256-GCM with its number and whether it is the last in the nonce and data, so that a piece cannot be
    moved, dropped or cut off without the file being refused)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(_file_key(key))
    base = os.urandom(8)
    yield FILE_MAGIC + base
    pending = None
    n = 0

    def seal(data: bytes, last: bool) -> bytes:
        sealed = aead.encrypt(base + n.to_bytes(4, "big"), data, b"last" if last else b"more")
        return len(sealed).to_bytes(4, "big") + sealed

    for piece in chunks:
        for i in range(0, len(piece), _FILE_CHUNK) if piece else ():
            part = piece[i:i + _FILE_CHUNK]
            if pending is not None:
                yield seal(pending, False)
                n += 1
            pending = part
    yield seal(pending or b"", True)


def decrypt_chunks(key: bytes, fh):
    """The pieces of a file written by :func:`encrypt_chunks` (``fh`` open for reading at its start);
    ValueError when it was changed, cut short or is not such a file."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if fh.read(len(FILE_MAGIC)) != FILE_MAGIC:
        raise ValueError("not an encrypted file")
    base = fh.read(8)
    aead = AESGCM(_file_key(key))
    n = 0
    while True:
        size = fh.read(4)
        if len(size) != 4:
            raise ValueError("cut short")
        sealed = fh.read(int.from_bytes(size, "big"))
        for last in (False, True):
            try:
                data = aead.decrypt(base + n.to_bytes(4, "big"), sealed, b"last" if last else b"more")
                break
            except InvalidTag:
                data = None
        if data is None:
            raise ValueError("changed")
        yield data
        if last:
            if fh.read(1):
                raise ValueError("bytes after the end")
            return
        n += 1


def is_encrypted_file(path: str | os.PathLike) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(FILE_MAGIC)) == FILE_MAGIC
    except OSError:
        return False
