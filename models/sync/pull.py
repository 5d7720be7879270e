"""Pull: download a Central project's submissions of the forms this database knows, as records.

Reading submissions needs a Central **web user** who may read the project (Project Viewer, Data
Collector cannot): ``POST /v1/sessions`` with the e-mail and password gives a session token (a
password goes only over HTTPS, or to a server on this machine). An app-user link may only send:
refused with ``SYNC_PULL_WEB_USER``.

For each form id of this database that Central has, each submission (not deleted) with its versions
(``/submissions/ID/versions``, oldest first) and each version's attached files is imported by
:func:`models.exchange.odk_instances.import_chains`: idempotent by instance id, an edit in Central is a
new revision, an edit here and in Central is a conflict kept for a person, and a record our own sync
sent comes back as the same record (counted once).

One writer at a time per database (:mod:`models.store.runlock`, ``pull``).
"""

from __future__ import annotations

import json
import ssl
import threading
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote

from models.base.errors import Cancelled
from models.base.progress import Progress
from models.exchange.odk_instances import OdkImportSummary, OdkVersion, import_chains
from models.store.database import Store
from models.sync import credentials
from models.sync.errors import SyncCode, SyncError
from models.sync.openrosa import Endpoint, _net_detail, is_loopback, redact


class _Api:
    def __init__(self, ep: Endpoint, password: str, ca_bundle: str, timeout: float):
        self.ep = ep
        self.timeout = timeout
        self.ctx = ssl.create_default_context(cafile=ca_bundle or None) if ep.scheme == "https" else None
        self.token = ""
        self.token = self.json("POST", "/v1/sessions", {"email": ep.user, "password": password})["token"]

    def raw(self, method: str, path: str, body: Any = None) -> bytes:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.ep.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout, context=self.ctx) as r:
                return r.read()
        except urllib.error.HTTPError as err:
            server = self.ep.display
            if err.code == 401 or (err.code == 403 and path == "/v1/sessions"):
                raise SyncError(SyncCode.SYNC_AUTH, server=server, status=err.code) from None
            if err.code == 403:
                raise SyncError(SyncCode.SYNC_PULL_FORBIDDEN, server=server) from None
            if err.code == 404:
                raise SyncError(SyncCode.SYNC_NOT_FOUND, server=server) from None
            raise SyncError(SyncCode.SYNC_SERVER_ERROR, server=server, status=err.code,
                            detail=redact(err.read()[:300].decode("utf-8", "replace"))) from None
        except ssl.SSLError as err:
            raise SyncError(SyncCode.SYNC_TLS, server=self.ep.display, detail=str(err.reason or err)) from None
        except (OSError, urllib.error.URLError) as err:
            reason = getattr(err, "reason", err)
            raise SyncError(SyncCode.SYNC_NETWORK, server=self.ep.display,
                            detail=_net_detail(reason if isinstance(reason, BaseException) else err)) from None

    def json(self, method: str, path: str, body: Any = None) -> Any:
        return json.loads(self.raw(method, path, body) or b"null")


def _q(s: str) -> str:
    return quote(s, safe="")


def run_pull(store: Store, ep: Endpoint, *, password: str | None = None, ca_bundle: str = "",
             cancel: threading.Event | None = None, lang: str = "vi", timeout: float = 60.0,
             wait_lock: float = 600.0):
    """A generator: yields :class:`Progress`, returns an :class:`OdkImportSummary`."""
    from models.store import runlock

    if ep.kind != "central":
        raise SyncError(SyncCode.SYNC_PULL_WEB_USER, server=ep.display)
    if ep.uses_token or not ep.user:
        raise SyncError(SyncCode.SYNC_PULL_WEB_USER, server=ep.display)
    if ep.scheme == "http" and not is_loopback(ep.host):
        raise SyncError(SyncCode.SYNC_INSECURE, url=ep.display)
    secret = password if password is not None else credentials.password_for(ep.key, ep.user)
    if not secret:
        raise SyncError(SyncCode.SYNC_NO_PASSWORD, user=ep.user, server=ep.display)
    lock = yield from runlock.hold(store.path, "pull", wait=wait_lock, cancel=cancel, lang=lang)
    try:
        yield Progress(0, 0, SyncCode.SYNC_CHECKING.render({"server": ep.display}, lang))
        api = _Api(ep, secret, ca_bundle, timeout)
        base = f"/v1/projects/{_q(ep.project)}"
        on_server = {f["xmlFormId"] for f in api.json("GET", f"{base}/forms")}
        local = sorted({f["form_id"] for f in store.forms()} & on_server)
        chains: list[list[OdkVersion]] = []
        for fid in local:
            subs = [s for s in api.json("GET", f"{base}/forms/{_q(fid)}/submissions") if not s.get("deletedAt")]
            for i, sub in enumerate(subs):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                yield Progress(i, len(subs), f"{fid}: {sub['instanceId']}")
                sp = f"{base}/forms/{_q(fid)}/submissions/{_q(sub['instanceId'])}"
                versions = sorted(api.json("GET", f"{sp}/versions"), key=lambda v: v.get("createdAt") or "")
                chain = []
                for v in versions:
                    vp = f"{sp}/versions/{_q(v['instanceId'])}"
                    xml = api.raw("GET", f"{vp}.xml")
                    files = {}
                    for a in api.json("GET", f"{vp}/attachments"):
                        if a.get("exists"):
                            files[a["name"]] = api.raw("GET", f"{vp}/attachments/{_q(a['name'])}")
                    chain.append(OdkVersion(xml, files, f"{fid} {v['instanceId']}"))
                chains.append(chain)
        yield Progress(0, 0, "")
        summary: OdkImportSummary = import_chains(store, chains, user=ep.user, note="central")
        return summary
    finally:
        if lock is not None:
            lock.release()
