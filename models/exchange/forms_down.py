"""Forms that travel down: a new questionnaire version from the province (or the clerk) reaches the
communes and enumerators inside the ordinary packages (docs/package-format.md, "Forms that travel
down").

Every package carries the newest version of each form a person added on the sending installation
(``writing._distributed_forms``), signed with the rest of the package. On import
(``importing._apply``):

* a form version the package's records use is installed as before (the records need it; it is the
  version they were entered with, whoever sent it);
* any other form version this database lacks is installed when the sender is trusted here, and
  otherwise *held* in ``pending_forms`` for a person: the Settings page lists it with its sender, and
  :func:`install_pending` / :func:`refuse_pending` decide. Trusting the sender
  (``trust.trust_sender``) installs what it sent (:func:`install_from_sender`). A refused version is
  not held again when the next package brings it.

Records keep the version they were entered with; a new record uses the newest version
(``Store.latest_version``), so an installed version takes effect for the next interview.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from models.base.changes import FORMS, Changes
from models.base.errors import Bilingual
from models.exchange.errors import PackageCode, PackageError
from models.store.database import Store, utcnow


def hold(store: Store, form: Any, *, sender: str, sender_name: str, package_id: str) -> bool:
    """Keep a form version from an untrusted sender for a person to decide (inside the import's
    transaction); False when it is already held from that sender or was refused."""
    from forms.loader import form_fingerprint

    row = store.execute("SELECT state FROM pending_forms WHERE form_id = ? AND version = ? AND sender = ?",
                        [form.form_id, form.version, sender]).fetchone()
    if row is not None:
        return False
    files = {name: base64.b64encode(data).decode("ascii") for name, data in sorted(form.attachments.items())}
    store.execute(
        "INSERT INTO pending_forms(form_id, version, sender, sender_name, package_id, title, sha256, file_name, "
        "file_type, source, attachments, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [form.form_id, form.version, sender, sender_name, package_id, form.title, form_fingerprint(form),
         form.source_name, form.file_type, form.source, json.dumps(files), utcnow()])
    return True


def is_refused(store: Store, form_id: str, version: str, sender: str) -> bool:
    row = store.execute("SELECT state FROM pending_forms WHERE form_id = ? AND version = ? AND sender = ?",
                        [form_id, version, sender]).fetchone()
    return row is not None and row[0] == "refused"


def pending(store: Store) -> list[dict[str, Any]]:
    """The form versions waiting for a person: form id, version, title, sender (fingerprint, name,
    whether trusted now), package and when they came; oldest first."""
    rows = store.execute(
        "SELECT p.form_id, p.version, p.title, p.sender, p.sender_name, p.package_id, p.received_at, "
        "coalesce(s.trusted, 0) FROM pending_forms p LEFT JOIN pkg_senders s ON s.fingerprint = p.sender "
        "WHERE p.state = 'held' AND NOT EXISTS (SELECT 1 FROM forms f WHERE f.form_id = p.form_id "
        "AND f.version = p.version) ORDER BY p.received_at, p.form_id, p.version").fetchall()
    return [{"form_id": r[0], "version": r[1], "title": r[2], "sender": r[3], "sender_name": r[4],
             "package_id": r[5], "received_at": r[6], "sender_trusted": bool(r[7])} for r in rows]


def _form_of(row) -> Any:
    from models.store.database import form_from_source

    files = {name: base64.b64decode(data) for name, data in json.loads(row[3] or "{}").items()}
    return form_from_source(bytes(row[0]), row[1], row[2], files)


def _not_held(form_id: str, version: str, sender: str | None = None) -> PackageError:
    return PackageError(PackageCode.PKG_FORM_NOT_HELD, form_id=form_id, version=version,
                        sender=Bilingual(f" từ người gửi {sender}", f" from the sender {sender}") if sender else "")


def install_pending(store: Store, form_id: str, version: str, *, sender: str | None = None) -> Changes:
    """A person installs a held form version (from ``sender``, or from whoever sent it)."""
    args = [form_id, version] + ([sender] if sender else [])
    row = store.execute(
        "SELECT source, file_type, file_name, attachments FROM pending_forms WHERE form_id = ? AND version = ? "
        f"AND state = 'held'{' AND sender = ?' if sender else ''} ORDER BY received_at LIMIT 1", args).fetchone()
    if row is None:
        raise _not_held(form_id, version, sender)
    form = _form_of(row)
    with store.write():
        store.add_form(form)
        store.execute("DELETE FROM pending_forms WHERE form_id = ? AND version = ? AND state = 'held'",
                      [form_id, version])
    return Changes.of(FORMS)


def refuse_pending(store: Store, form_id: str, version: str) -> Changes:
    """A person refuses a held form version: it is not installed, and not held again from the same sender."""
    with store.write():
        cur = store.execute("UPDATE pending_forms SET state = 'refused', decided_at = ?, source = X'', "
                            "attachments = '{}' WHERE form_id = ? AND version = ? AND state = 'held'",
                            [utcnow(), form_id, version])
        if not cur.rowcount:
            raise _not_held(form_id, version)
    return Changes.of(FORMS)


def install_from_sender(store: Store, fingerprint: str) -> list[str]:
    """The held form versions of a sender just trusted, installed (inside the caller's transaction);
    returns ``"form_id version"`` of each."""
    rows = store.execute(
        "SELECT source, file_type, file_name, attachments, form_id, version FROM pending_forms "
        "WHERE sender = ? AND state = 'held' ORDER BY received_at", [fingerprint]).fetchall()
    done = []
    for row in rows:
        store.add_form(_form_of(row))
        store.execute("DELETE FROM pending_forms WHERE form_id = ? AND version = ? AND state = 'held'",
                      [row[4], row[5]])
        done.append(f"{row[4]} {row[5]}")
    return done


__all__ = ["hold", "install_from_sender", "install_pending", "is_refused", "pending", "refuse_pending"]
