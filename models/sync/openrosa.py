"""The OpenRosa protocol, client side: server addresses, preflight, form list, submissions.

Speaks to ODK Central (``/v1/projects/{id}/…``, or an app-user link ``/v1/key/{token}/projects/{id}``)
and to any OpenRosa server such as KoboToolbox (``…/formList``, ``…/submission``). Standard library
only (``http.client`` + ``ssl``): redirects are never followed (a captive portal redirects), TLS is
verified against the system store plus an optional extra CA bundle, and Basic credentials are sent
up front (Central never sends a challenge); no secret (password or app-user token) travels over
plain HTTP, except to this machine.

Nothing here touches the database; :mod:`models.sync.service` decides what to send and records the answers.
Secrets (password, app-user token) never appear in a message, a log line or a stored URL:
:func:`redact` removes them.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import logging
import re
import socket
import ssl
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any
from urllib.parse import quote, urlsplit

from models.base.errors import Bilingual, os_detail
from models.sync.errors import SyncCode, SyncError

log = logging.getLogger("khaosat.sync")

USER_AGENT = "KhaoSatSo-sync/1.0"
OPENROSA_HEADER = "X-OpenRosa-Version"
XFORMS_LIST_NS = "http://openrosa.org/xforms/xformsList"
OPENROSA_RESPONSE_NS = "http://openrosa.org/http/response"


class NetworkError(Exception):
    """No answer from the server (refused, reset, timed out, dropped): safe to try again."""

    def __init__(self, detail: Bilingual):
        super().__init__(detail)
        self.detail = detail


_KEY_RE = re.compile(r"(/v1/key/)([^/?#\s]+)")
_USERINFO_RE = re.compile(r"(https?://)[^/@\s]+@")


def redact(text: str) -> str:
    """Remove secrets (app-user tokens, user:password@) from a URL or message."""
    text = _KEY_RE.sub(r"\1…", text or "")
    return _USERINFO_RE.sub(r"\1", text)


def is_loopback(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Endpoint:
    """Where to send: the server, the project and how to sign in.

    ``kind`` is ``central`` (ODK Central: URLs under ``/v1/projects/{project}`` or, with an
    app-user token, ``/v1/key/{token}/projects/{project}``) or ``openrosa`` (KoboToolbox, Aggregate
    or any OpenRosa server: ``{base}/formList`` and ``{base}/submission``).
    """

    base: str  # scheme://host[:port][/path], no trailing slash, no secrets
    kind: str = "central"
    project: str = ""
    user: str = ""
    token: str = field(default="", repr=False)

    @property
    def scheme(self) -> str:
        return urlsplit(self.base).scheme

    @property
    def host(self) -> str:
        return urlsplit(self.base).hostname or ""

    @property
    def uses_token(self) -> bool:
        return bool(self.token)

    def _root(self, with_secret: bool) -> str:
        if self.kind != "central":
            return self.base
        if self.token:
            tok = quote(self.token, safe="") if with_secret else "…"
            return f"{self.base}/v1/key/{tok}/projects/{self.project}"
        return f"{self.base}/v1/projects/{self.project}"

    def url(self, what: str, *, with_secret: bool = True) -> str:
        """``formList`` or ``submission``."""
        return f"{self._root(with_secret)}/{what}"

    @property
    def key(self) -> str:
        """Identifies the destination in the sync tables (no secret; token and password logins to
        the same project are the same destination)."""
        if self.kind == "central":
            return f"{self.base}/v1/projects/{self.project}"
        return self.base

    @property
    def display(self) -> str:
        return self._root(False)


def _clean_base(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    port = f":{parts.port}" if parts.port else ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}{path}"


def decode_collect_qr(text: str) -> dict | None:
    """The settings in an ODK Collect QR code's text (base64 of zlib-compressed JSON), or None."""
    t = "".join(text.split())
    if not t or t.startswith(("http://", "https://")):
        return None
    try:
        raw = base64.b64decode(t + "=" * (-len(t) % 4), validate=False)
        data = json.loads(zlib.decompress(raw).decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def parse_server(url: str, *, project: str = "", user: str = "", kind: str = "") -> Endpoint:
    """Understand what a person pasted or typed as the server.

    * Central's app-user link ``https://host/v1/key/TOKEN/projects/ID`` (or the text of its QR code):
      token sign-in, no password;
    * ``https://host/v1/projects/ID`` or ``https://host`` with ``project``: Central with user and password;
    * anything else (``https://kc.kobotoolbox.org``, ``https://kc.kobotoolbox.org/username``): an OpenRosa
      server whose form list and submission URLs hang off that address.
    """
    url = (url or "").strip()
    qr = decode_collect_qr(url)
    if qr is not None:
        general = qr.get("general") or {}
        url = str(general.get("server_url") or "")
        user = user or str(general.get("username") or "")
    if not url:
        raise SyncError(SyncCode.SYNC_NO_SERVER)
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    shown = redact(url)
    if parts.scheme not in ("http", "https"):
        raise SyncError(SyncCode.SYNC_BAD_URL, url=shown,
                        detail=Bilingual("chỉ nhận http/https", "only http/https"))
    if not parts.hostname:
        raise SyncError(SyncCode.SYNC_BAD_URL, url=shown, detail=Bilingual("thiếu tên máy chủ", "no host name"))
    if parts.username or parts.password:
        raise SyncError(SyncCode.SYNC_BAD_URL, url=shown,
                        detail=Bilingual("không ghi tên/mật khẩu trong địa chỉ",
                                         "no user or password inside the address"))
    try:
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise SyncError(SyncCode.SYNC_BAD_URL, url=shown,
                        detail=Bilingual("cổng không hợp lệ", "bad port")) from None
    path = parts.path.rstrip("/")
    m = re.search(r"^(.*?)/v1/key/([^/]+)/projects/(\d+)(?:/.*)?$", path)
    if m:
        base = _clean_base(f"{parts.scheme}://{parts.netloc}{m.group(1)}")
        return Endpoint(base=base, kind="central", project=m.group(3), user="", token=m.group(2))
    m = re.search(r"^(.*?)/v1/projects/(\d+)(?:/.*)?$", path)
    if m:
        if project and str(project) != m.group(2):
            raise SyncError(SyncCode.SYNC_BAD_URL, url=shown,
                            detail=Bilingual(f"dự án {project} khác dự án {m.group(2)} trong địa chỉ",
                                             f"project {project} differs from {m.group(2)} in the address"))
        base = _clean_base(f"{parts.scheme}://{parts.netloc}{m.group(1)}")
        return Endpoint(base=base, kind="central", project=m.group(2), user=user)
    base = _clean_base(url)
    if kind == "central" or (kind != "openrosa" and str(project).strip()):
        project = str(project).strip()
        if not project.isdigit():
            raise SyncError(SyncCode.SYNC_BAD_URL, url=shown,
                            detail=Bilingual("số dự án ODK Central phải là số",
                                             "the Central project must be a number"))
        return Endpoint(base=base, kind="central", project=project, user=user)
    return Endpoint(base=base, kind="openrosa", project="", user=user)


# ---------------------------------------------------------------------- HTTP


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def is_openrosa(self) -> bool:
        return OPENROSA_HEADER.lower() in self.headers

    def message(self, limit: int = 300) -> str:
        """The server's own words: an OpenRosaResponse message, Central's JSON message, or text."""
        return server_message(self.body, self.headers.get("content-type", ""), limit)


def server_message(body: bytes, content_type: str = "", limit: int = 300) -> str:
    if not body:
        return ""
    text = ""
    if b"OpenRosaResponse" in body[:500]:
        try:
            from lxml import etree

            root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
            text = " ".join(t.strip() for t in root.itertext() if t.strip())
        except Exception:  # noqa: BLE001 - any unreadable body falls back to plain text
            text = ""
    if not text and ("json" in content_type or body[:1] in (b"{", b"[")):
        try:
            data = json.loads(body)
            if isinstance(data, dict):
                text = str(data.get("message") or data.get("detail") or data.get("error") or "")
        except ValueError:
            text = ""
    if not text:
        text = body.decode("utf-8", "replace")
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return redact(text[:limit] + ("…" if len(text) > limit else ""))


@dataclass(frozen=True)
class FormListEntry:
    form_id: str
    version: str
    name: str = ""
    hash: str = ""
    download_url: str = ""


class OpenRosaClient:
    """One destination. Not thread-safe (one per sync run)."""

    def __init__(self, endpoint: Endpoint, *, password: str = "", ca_bundle: str = "", timeout: float = 30.0,
                 lang: str = "vi", device_id: str = ""):
        self.endpoint = endpoint
        #: sent as ``?deviceID=`` with each submission, as ODK Collect does (Central's DeviceID column)
        self.device_id = device_id
        self._password = password
        self.ca_bundle = ca_bundle
        self.timeout = timeout
        self.lang = lang
        self._conn: http.client.HTTPConnection | None = None
        if endpoint.scheme == "http" and not is_loopback(endpoint.host):
            raise SyncError(SyncCode.SYNC_INSECURE, url=endpoint.display)
        if not endpoint.uses_token and not endpoint.user:
            raise SyncError(SyncCode.SYNC_NO_USER, server=endpoint.display)

    # ---- connection
    def _ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context()
        if self.ca_bundle:
            try:
                ctx.load_verify_locations(cafile=self.ca_bundle)
            except (OSError, ssl.SSLError) as err:
                raise SyncError(SyncCode.SYNC_TLS, server=self.endpoint.display,
                                detail=_ca_detail(self.ca_bundle, err)) from None
        return ctx

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            p = urlsplit(self.endpoint.base)
            host = p.hostname or ""
            if p.scheme == "https":
                self._conn = http.client.HTTPSConnection(host, p.port, timeout=self.timeout,
                                                         context=self._ssl_context())
            else:
                self._conn = http.client.HTTPConnection(host, p.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def _headers(self) -> dict[str, str]:
        h = {
            OPENROSA_HEADER: "1.0",
            "Date": formatdate(usegmt=True),
            "User-Agent": USER_AGENT,
            "Accept-Language": self.lang,
        }
        if not self.endpoint.uses_token:
            cred = f"{self.endpoint.user}:{self._password}".encode()
            h["Authorization"] = "Basic " + base64.b64encode(cred).decode("ascii")
        return h

    def request(self, method: str, what: str, body: bytes | Iterable[bytes] | None = None,
                headers: dict[str, str] | None = None) -> Response:
        """One HTTP exchange; NetworkError when no complete answer arrived (safe to retry). ``body`` may
        be pieces (sent as they come, with the ``Content-Length`` the caller gives)."""
        url = urlsplit(self.endpoint.url(what))
        query = url.query
        if what == "submission" and method == "POST" and self.device_id:
            from urllib.parse import quote

            query = "&".join(q for q in (query, f"deviceID={quote(self.device_id, safe=':')}") if q)
        target = url.path + (f"?{query}" if query else "")
        h = self._headers()
        h.update(headers or {})
        conn = self._connection()
        try:
            conn.request(method, target, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()  # also for HEAD: the connection is reusable only once it is read
            out = Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
            if resp.will_close:
                self.close()
            return out
        except ssl.SSLCertVerificationError as err:
            self.close()
            raise SyncError(SyncCode.SYNC_TLS, server=self.endpoint.display,
                            detail=_tls_detail(err)) from None
        except (http.client.HTTPException, OSError) as err:
            self.close()
            raise NetworkError(_net_detail(err)) from None

    # ---- the three exchanges
    def preflight(self) -> Response:
        """``HEAD`` the submission URL: an OpenRosa server answers 2xx (Central: 204) with
        ``X-OpenRosa-Version``. A 200 without that header is a captive portal or a proxy."""
        r = self.request("HEAD", "submission")
        if r.status == 401 and not r.body:
            # a HEAD answer has no body: ask again with GET to read why (Central: "only over HTTPS")
            r = self.request("GET", "submission")
        self.raise_for_server(r)
        if not (200 <= r.status < 300):
            raise SyncError(SyncCode.SYNC_NOT_OPENROSA, server=self.endpoint.display,
                            detail=f"HTTP {r.status}")
        if not r.is_openrosa:
            raise SyncError(SyncCode.SYNC_CAPTIVE, status=r.status)
        return r

    def form_list(self) -> list[FormListEntry]:
        r = self.request("GET", "formList")
        self.raise_for_server(r)
        if r.status != 200:
            raise SyncError(SyncCode.SYNC_NOT_OPENROSA, server=self.endpoint.display,
                            detail=f"formList HTTP {r.status}")
        return parse_form_list(r.body, self.endpoint.display)

    def submit(self, xml: bytes, *, files: list[tuple[str, bytes | FilePart, str]] | None = None) -> Response:
        """POST one instance (``xml_submission_file``) and any further parts (name, bytes or a
        :class:`FilePart` read in pieces, type). The body is streamed: a media file is never held whole."""
        length, pieces, ctype = multipart_stream([("xml_submission_file", "submission.xml", xml, "text/xml")]
                                                 + [(n, n, d, t) for n, d, t in (files or [])])
        return self.request("POST", "submission", pieces(), {"Content-Type": ctype, "Content-Length": str(length)})

    def raise_for_server(self, r: Response) -> None:
        """Turn whole-run refusals (credentials, permissions, portal, missing project) into SyncError."""
        server = self.endpoint.display
        if r.status == 401:
            if "only available over https" in r.message().lower():
                # Central refuses a password over plain http (even to a loopback server): not the password
                raise SyncError(SyncCode.SYNC_HTTPS_ONLY, server=server)
            raise SyncError(SyncCode.SYNC_AUTH, server=server, status=r.status)
        if r.status == 403:
            if self.endpoint.uses_token:
                raise SyncError(SyncCode.SYNC_AUTH, server=server, status=r.status)
            raise SyncError(SyncCode.SYNC_FORBIDDEN, server=server)
        if 300 <= r.status < 400 or (r.status == 200 and not r.is_openrosa and b"xforms" not in r.body[:2000]):
            raise SyncError(SyncCode.SYNC_CAPTIVE, status=r.status)
        if r.status == 404:
            raise SyncError(SyncCode.SYNC_NOT_FOUND, server=server)
        if r.status >= 500:
            raise SyncError(SyncCode.SYNC_SERVER_ERROR, server=server, status=r.status, detail=r.message())


def _net_detail(err: BaseException) -> Bilingual:
    if isinstance(err, socket.gaierror):
        return Bilingual("không tìm thấy tên máy chủ", "host name not found")
    if isinstance(err, ConnectionRefusedError):
        return Bilingual("máy chủ từ chối kết nối", "connection refused")
    if isinstance(err, (TimeoutError, socket.timeout)):
        return Bilingual("hết thời gian chờ", "timed out")
    if isinstance(err, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                        http.client.IncompleteRead)):
        return Bilingual("kết nối bị ngắt giữa chừng", "connection dropped")
    log.info("network error: %s", redact(f"{type(err).__name__}: {err}"))
    return Bilingual("lỗi mạng", "a network error")


def _tls_detail(err: ssl.SSLCertVerificationError) -> Bilingual:
    """The certificate problem in words (the library's text goes to the log)."""
    log.info("certificate not verified: %s", redact(str(err.verify_message or err.reason or err)))
    code = getattr(err, "verify_code", None)
    if code == 10:
        return Bilingual("chứng chỉ đã hết hạn (hoặc đồng hồ máy tính sai ngày)",
                         "the certificate has expired (or this computer's clock is wrong)")
    if code in (18, 19):
        return Bilingual("chứng chỉ tự ký, không do tổ chức tin cậy cấp",
                         "a self-signed certificate, not issued by a trusted "
                         "authority")
    if code == 62:
        return Bilingual("chứng chỉ cấp cho tên máy chủ khác", "the certificate is for another host name")
    if code in (2, 20, 21):
        return Bilingual("không biết tổ chức cấp chứng chỉ", "the certificate's issuer is not known")
    return Bilingual("chứng chỉ không hợp lệ", "the certificate is not valid")


def _ca_detail(ca_bundle: str, err: BaseException) -> Bilingual:
    log.info("CA file %s not loaded: %r", ca_bundle, err)
    if isinstance(err, OSError) and not isinstance(err, ssl.SSLError):
        reason = os_detail(err)
        return Bilingual(f"tệp chứng chỉ '{ca_bundle}': {reason.vi}", f"CA file '{ca_bundle}': {reason.en}")
    return Bilingual(f"tệp chứng chỉ '{ca_bundle}' không phải tệp PEM hợp lệ",
                     f"CA file '{ca_bundle}' is not a valid PEM file")


@dataclass(frozen=True)
class FilePart:
    """A file sent as one multipart part without being read whole: its size in bytes, and a function
    giving its bytes in pieces (called once per attempt, so a retry reads the file again)."""

    size: int
    pieces: Callable[[], Iterable[bytes]]


def multipart_stream(parts: list[tuple[str, str, bytes | FilePart, str]]) \
        -> tuple[int, Callable[[], Iterator[bytes]], str]:
    """``multipart/form-data`` as :func:`multipart_body`, but as (length, a function giving the body in
    pieces, content type): the parts' headers and small data as they are, a :class:`FilePart`'s bytes
    piece by piece. A file that turns out shorter or longer than its size stops the body with
    ``OSError`` (the request fails as a network error, and the server never gets a wrong length)."""
    boundary = "----khaosat" + uuid.uuid4().hex
    heads = [(f"--{boundary}\r\n" f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
              f"Content-Type: {ctype}\r\n\r\n").encode() for name, filename, _data, ctype in parts]
    tail = f"--{boundary}--\r\n".encode()
    length = sum(len(h) + (d.size if isinstance(d, FilePart) else len(d)) + 2
                 for h, (_n, _f, d, _c) in zip(heads, parts, strict=True)) + len(tail)

    def pieces() -> Iterator[bytes]:
        for head, (_n, filename, data, _c) in zip(heads, parts, strict=True):
            yield head
            if isinstance(data, FilePart):
                sent = 0
                for piece in data.pieces():
                    sent += len(piece)
                    if sent > data.size:
                        break
                    yield piece
                if sent != data.size:
                    raise OSError(f"the file {filename} changed while it was sent ({sent} of {data.size} bytes)")
            else:
                yield data
            yield b"\r\n"
        yield tail

    return length, pieces, f"multipart/form-data; boundary={boundary}"


def multipart_body(parts: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    """``multipart/form-data`` with (field name, file name, data, content type) parts."""
    boundary = "----khaosat" + uuid.uuid4().hex
    out = bytearray()
    for name, filename, data, ctype in parts:
        out += f"--{boundary}\r\n".encode()
        out += (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {ctype}\r\n\r\n").encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def parse_form_list(body: bytes, server: str = "") -> list[FormListEntry]:
    """The OpenRosa form list (``<xforms xmlns="http://openrosa.org/xforms/xformsList">``)."""
    from lxml import etree

    try:
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as err:
        raise SyncError(SyncCode.SYNC_NOT_OPENROSA, server=server, detail=f"formList: {err}") from None
    if etree.QName(root).localname != "xforms":
        raise SyncError(SyncCode.SYNC_NOT_OPENROSA, server=server,
                        detail=f"formList: <{etree.QName(root).localname}> instead of <xforms>")
    out = []
    for x in root:
        if not isinstance(x.tag, str) or etree.QName(x).localname != "xform":
            continue
        vals = {etree.QName(c).localname: (c.text or "").strip() for c in x if isinstance(c.tag, str)}
        out.append(FormListEntry(form_id=vals.get("formID", ""), version=vals.get("version", ""),
                                 name=vals.get("name", ""), hash=vals.get("hash", ""),
                                 download_url=vals.get("downloadUrl", "")))
    return out


# ---------------------------------------------------------------------- instance XML


def with_meta(xml: bytes, *, instance_id: str, deprecated_id: str = "") -> bytes:
    """Set ``meta/instanceID`` and (for a correction) ``meta/deprecatedID`` right after it."""
    from lxml import etree

    root = etree.fromstring(xml)
    meta = root.find("meta")
    if meta is None:
        meta = etree.SubElement(root, "meta")
    iid = meta.find("instanceID")
    if iid is None:
        iid = etree.Element("instanceID")
        meta.insert(0, iid)
    iid.text = instance_id
    dep = meta.find("deprecatedID")
    if deprecated_id:
        if dep is None:
            dep = etree.Element("deprecatedID")
            iid.addnext(dep)
        dep.text = deprecated_id
    elif dep is not None:
        meta.remove(dep)
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)


def content_key(xml: bytes) -> str:
    """A hash of an instance without its identity (instanceID, deprecatedID): equal keys mean the
    same answers, so nothing new needs sending."""
    import hashlib

    from lxml import etree

    root = etree.fromstring(xml)
    meta = root.find("meta")
    if meta is not None:
        for tag in ("instanceID", "deprecatedID"):
            e = meta.find(tag)
            if e is not None:
                meta.remove(e)
    return hashlib.sha256(etree.tostring(root, method="c14n")).hexdigest()


_JR = "http://openrosa.org/javarosa"


def xform_instance_template(xform: str | bytes):
    """The primary instance's root element of an XForm (as pyxform makes it)."""
    from lxml import etree

    data = xform.encode("utf-8") if isinstance(xform, str) else xform
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    ns = {"xf": "http://www.w3.org/2002/xforms", "h": "http://www.w3.org/1999/xhtml"}
    inst = root.find("h:head/xf:model/xf:instance", ns)
    if inst is None:
        raise ValueError("the XForm has no primary instance")
    first = next((c for c in inst if isinstance(c.tag, str)), None)
    if first is None:
        raise ValueError("the XForm's primary instance is empty")
    return first


def check_instance(xml: bytes, xform: str | bytes) -> list[str]:
    """Differences between an instance and the XForm's primary instance: root name, ``id`` and
    ``version`` attributes, and every element's children in the same order (a repeat may occur any
    number of times where the XForm has its template). Empty list = the instance fits."""
    from lxml import etree

    tmpl = xform_instance_template(xform)
    inst = etree.fromstring(xml)
    problems: list[str] = []

    def local(e) -> str:
        return etree.QName(e).localname

    if local(inst) != local(tmpl):
        problems.append(f"root <{local(inst)}> instead of <{local(tmpl)}>")
        return problems
    for attr in ("id", "version"):
        if (tmpl.get(attr) or "") != (inst.get(attr) or ""):
            problems.append(f"{attr}='{inst.get(attr) or ''}' instead of '{tmpl.get(attr) or ''}'")

    def repeats_of(t) -> set[str]:
        return {local(c) for c in t if isinstance(c.tag, str) and c.get(f"{{{_JR}}}template") is not None}

    def compare(t, i, path: str) -> None:
        reps = repeats_of(t)
        tchildren: list[tuple[str, Any]] = []
        for c in t:
            if not isinstance(c.tag, str):
                continue
            name = local(c)
            if tchildren and tchildren[-1][0] == name and name in reps:
                continue  # the template and pyxform's first blank instance: one repeat slot
            tchildren.append((name, c))
        ichildren = [c for c in i if isinstance(c.tag, str)]
        if path.endswith("/meta"):
            # a correction carries meta/deprecatedID, which the XForm does not list
            ichildren = [c for c in ichildren if local(c) != "deprecatedID"]
        k = 0
        for name, tc in tchildren:
            if name in reps:
                while k < len(ichildren) and local(ichildren[k]) == name:
                    compare(tc, ichildren[k], f"{path}/{name}")
                    k += 1
                continue
            if k < len(ichildren) and local(ichildren[k]) == name:
                compare(tc, ichildren[k], f"{path}/{name}")
                k += 1
            else:
                problems.append(f"{path}/{name} missing")
                return
        if k < len(ichildren):
            problems.append(f"{path}/{local(ichildren[k])} not in the XForm")

    compare(tmpl, inst, "/" + local(tmpl))
    return problems
