"""Return packages: a clerk sends records back to the enumerator who made them, with the review
comments (the decision itself is :mod:`models.records.review`)."""

from __future__ import annotations

from models.base.errors import Bilingual
from models.exchange.errors import PackageCode, PackageError
from models.exchange.keys import sender_key
from models.exchange.writing import export_package
from models.records.review import returned_records
from models.store.database import Store


def export_return_package(store: Store, out: str, *, enumerator: str | None = None,
                          record_ids: list[str] | None = None, to=None):
    """The return package for one enumerator: their returned records with the comments.

    ``to`` (a :class:`models.exchange.keys.PublicKey`) encrypts it; by default the key the enumerator's
    device sent with its last package is used when it is known.
    """
    rows = returned_records(store, enumerator)
    if record_ids is not None:
        wanted = set(record_ids)
        rows = [r for r in rows if r["id"] in wanted]
    ids = [r["id"] for r in rows]
    if not ids:  # say what was looked for, not "all"
        who = enumerator or ""
        raise PackageError(PackageCode.PKG_NOTHING, path=str(out), detail=Bilingual(
            f"không có phiếu nào đã trả lại cho điều tra viên {who}" if who else "không có phiếu nào đã trả lại",
            f"no record was sent back to enumerator {who}" if who else "no record was sent back"))
    if to is None and rows:
        devices = {r["device_id"] for r in rows}
        if len(devices) == 1:
            fp = store.execute("SELECT fingerprint FROM pkg_senders WHERE device_id = ? ORDER BY last_seen DESC",
                               [devices.pop()]).fetchone()
            if fp is not None:
                to = sender_key(store, fp[0])
    return export_package(store, out, to=to, mode="all", record_ids=ids, kind="return")
