"""Several people on one installation (a shared commune laptop), each with a role and a PIN.

A person is a row of ``people`` (id, name, code, role) and a slot in the database's key envelope
holding the data key wrapped under that person's PIN (``models/store/cipher.py``). The PIN that opens
the database tells who is at the keyboard: from then on the audit trail, review decisions and the
packages this installation writes name that person (``Store.acting_user``), and the screens offer
what that person's role does (``Store.acting_role``). The PIN chosen at the first start stays the
installation's own (the person set up in Settings).
"""

from __future__ import annotations

import uuid

from models.base.errors import Bilingual
from models.store import cipher
from models.store.database import Store, utcnow
from models.store.errors import StoreCode, StoreError

ROLES = ("enumerator", "clerk", "province")


def people(store: Store) -> list[dict[str, str]]:
    rows = store.db.execute("SELECT id, name, code, role, created_at FROM people ORDER BY created_at, name")
    return [dict(zip(("id", "name", "code", "role", "created_at"), r, strict=True)) for r in rows]


def add_person(store: Store, *, name: str, role: str, pin: str, code: str = "") -> dict[str, str]:
    """Add a person with their own PIN (the database must be encrypted and unlocked)."""
    name = " ".join((name or "").split())
    if len(name) < 2:
        raise StoreError(StoreCode.PERSON_INVALID, detail=Bilingual("họ tên cần ít nhất 2 ký tự",
                                                                     "the name needs at least 2 characters"))
    if role not in ROLES:
        raise StoreError(StoreCode.PERSON_INVALID, detail=Bilingual(
            f"vai trò '{role}' không có (chọn {', '.join(ROLES)})", f"there is no role '{role}' ({', '.join(ROLES)})"))
    if any(p["name"].casefold() == name.casefold() for p in people(store)):
        raise StoreError(StoreCode.PERSON_INVALID, detail=Bilingual(f"đã có người tên '{name}'",
                                                                     f"there is already someone called '{name}'"))
    key = cipher.key_for(store.path)
    if key is None:
        raise StoreError(StoreCode.PERSON_NEEDS_PIN, path=store.path)
    cipher.check_pin(pin)
    person = {"id": uuid.uuid4().hex[:12], "name": name, "code": (code or "").strip(), "role": role,
              "created_at": utcnow()}
    with store.write():
        store.db.execute("INSERT INTO people(id, name, code, role, created_at) VALUES (?, ?, ?, ?, ?)",
                         [person[k] for k in ("id", "name", "code", "role", "created_at")])
        cipher.set_pin(store.path, key, pin, person["id"])  # inside the transaction: no person without a PIN
    return person
