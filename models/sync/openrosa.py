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
from dataclasses import dataclass, field
from email.utils import formatdate
from urllib.parse import quote, urlsplit

from models.base.errors import DETAILS, MESSAGES, AppError, bi

log = logging.getLogger("khaosat.sync")

USER_AGENT = "KhaoSatSo-sync/1.0"
OPENROSA_HEADER = "X-OpenRosa-Version"
XFORMS_LIST_NS = "http://openrosa.org/xforms/xformsList"
OPENROSA_RESPONSE_NS = "http://openrosa.org/http/response"

#: sync messages, added to the application's catalogue (code -> (Vietnamese, English))
SYNC_MESSAGES: dict[str, tuple[str, str]] = {
    "SYNC_BAD_URL": (
        "Địa chỉ máy chủ '{url}' không hợp lệ: {detail}. Hãy nhập dạng https://tên-máy-chủ (kèm số dự án "
        "của ODK Central), hoặc dán nguyên liên kết người dùng ứng dụng của Central "
        "(https://máy-chủ/v1/key/…/projects/SỐ).",
        "The server address '{url}' is not valid: {detail}. Enter it as https://server-name (with the ODK "
        "Central project number), or paste Central's whole app-user link (https://server/v1/key/…/projects/N).",
    ),
    "SYNC_NO_SERVER": (
        "Chưa cài đặt máy chủ để gửi số liệu. Hãy nhập địa chỉ máy chủ trong phần Cài đặt đồng bộ "
        "(hoặc dùng --server).",
        "No server is set up for sending records. Enter the server address in the sync settings (or use --server).",
    ),
    "SYNC_NO_USER": (
        "Chưa có tên đăng nhập cho máy chủ '{server}'. Hãy nhập tên người dùng (hoặc dán liên kết người dùng "
        "ứng dụng của Central, không cần mật khẩu).",
        "No user name is set for the server '{server}'. Enter the user name (or paste Central's app-user "
        "link, which needs no password).",
    ),
    "SYNC_INSECURE": (
        "Không gửi mật khẩu hay mã truy cập qua kết nối không mã hóa ({url}). Hãy dùng địa chỉ bắt đầu bằng "
        "https:// (ODK Central chỉ nhận mật khẩu qua HTTPS).",
        "A password or access token is not sent over an unencrypted connection ({url}). Use an address "
        "starting with https:// (ODK Central accepts passwords only over HTTPS).",
    ),
    "SYNC_NO_PASSWORD": (
        "Chưa có mật khẩu cho tài khoản '{user}' trên máy chủ '{server}'. Hãy nhập mật khẩu trong phần Cài đặt "
        "đồng bộ (được cất trong kho khóa của hệ điều hành), hoặc đặt biến môi trường SURVEY_SYNC_PASSWORD.",
        "There is no password for the account '{user}' on '{server}'. Enter it in the sync settings (it is "
        "kept in the operating system's key store), or set the environment variable SURVEY_SYNC_PASSWORD.",
    ),
    "SYNC_KEYRING_SAVED": (
        "Đã lưu địa chỉ máy chủ '{server}', số dự án và tên đăng nhập. Riêng mật khẩu (hoặc liên kết đăng nhập) "
        "không lưu được vì máy này không có kho khóa của hệ điều hành. Mỗi lần gửi, hãy nhập mật khẩu vào ô "
        "“Mật khẩu” rồi bấm “Gửi ngay” (mật khẩu chỉ dùng cho lần gửi đó, không ghi vào máy); nếu dùng liên "
        "kết người dùng ứng dụng, hãy dán lại liên kết vào ô địa chỉ. Muốn máy nhớ mật khẩu: nhờ cán bộ kỹ "
        "thuật bật kho khóa (Windows Credential Manager).",
        "The server address '{server}', the project number and the user name were saved. The password (or the "
        "sign-in link) could not be stored because this computer has no usable key store. For each sending, "
        "type the password in the “Password” field and press “Send now” (it is used for that sending only and "
        "not written anywhere); with an app-user link, paste the link into the address field again. To have "
        "the password remembered, ask a technician to enable the key store (Windows Credential Manager).",
    ),
    "SYNC_KEYRING": (
        "Không dùng được kho khóa của hệ điều hành ({detail}). Mật khẩu không được lưu. Hãy đặt biến môi "
        "trường SURVEY_SYNC_PASSWORD khi gửi, hoặc cài đặt kho khóa (Windows Credential Manager, macOS "
        "Keychain, GNOME Keyring/KWallet).",
        "The operating system's key store cannot be used ({detail}). The password was not saved. Set the "
        "environment variable SURVEY_SYNC_PASSWORD when sending, or set up a key store (Windows Credential "
        "Manager, macOS Keychain, GNOME Keyring/KWallet).",
    ),
    "SYNC_AUTH": (
        "Máy chủ '{server}' từ chối đăng nhập (HTTP {status}). Hãy kiểm tra tên người dùng và mật khẩu, hoặc "
        "xin tỉnh liên kết/mã QR người dùng ứng dụng mới (liên kết cũ có thể đã bị thu hồi). Không có phiếu "
        "nào được gửi.",
        "The server '{server}' refused the credentials (HTTP {status}). Check the user name and password, "
        "or ask the province for a new app-user link/QR code (the old one may have been revoked). No record "
        "was sent.",
    ),
    "SYNC_FORBIDDEN": (
        "Tài khoản không có quyền gửi số liệu lên '{server}' (HTTP 403). Hãy nhờ quản trị viên của tỉnh cấp "
        "quyền 'Data Collector' cho dự án này.",
        "The account may not submit to '{server}' (HTTP 403). Ask the province's administrator for the "
        "'Data Collector' role on this project.",
    ),
    "SYNC_NETWORK": (
        "Không kết nối được tới máy chủ '{server}' ({detail}). Hãy kiểm tra kết nối Internet rồi gửi lại (nút "
        "“Gửi ngay” trên trang Đồng bộ); các phiếu chưa gửi vẫn nằm trong hàng đợi.",
        "The server '{server}' cannot be reached ({detail}). Check the Internet connection and send again (the "
        "“Send now” button on the Sync page); records not sent stay in the queue.",
    ),
    "SYNC_TLS": (
        "Không xác minh được chứng chỉ bảo mật của '{server}' ({detail}). Không có gì được gửi. Nếu tỉnh dùng "
        "chứng chỉ riêng, hãy chọn tệp chứng chỉ gốc (CA) của tỉnh trong Cài đặt đồng bộ.",
        "The security certificate of '{server}' cannot be verified ({detail}). Nothing was sent. If the "
        "province uses its own certificate authority, choose its CA file in the sync settings.",
    ),
    "SYNC_CAPTIVE": (
        "Kết nối bị một trang đăng nhập Wi-Fi hoặc máy chủ trung gian chặn lại (HTTP {status}, không phải "
        "máy chủ OpenRosa). Hãy mở trình duyệt để đăng nhập mạng rồi gửi lại. Không có phiếu nào bị đánh dấu "
        "là đã gửi.",
        "The connection was intercepted by a Wi-Fi login page or a proxy (HTTP {status}, not an OpenRosa "
        "server). Open a browser to log in to the network, then send again. No record was marked as sent.",
    ),
    "SYNC_NOT_OPENROSA": (
        "Địa chỉ '{server}' không phải máy chủ OpenRosa (ODK Central/KoboToolbox): {detail}. Hãy kiểm tra địa "
        "chỉ và số dự án.",
        "'{server}' is not an OpenRosa server (ODK Central/KoboToolbox): {detail}. Check the address and the "
        "project number.",
    ),
    "SYNC_NOT_FOUND": (
        "Máy chủ không có địa chỉ '{server}' (HTTP 404). Hãy kiểm tra số dự án.",
        "The server has no address '{server}' (HTTP 404). Check the project number.",
    ),
    "SYNC_SERVER_ERROR": (
        "Máy chủ '{server}' đang gặp lỗi (HTTP {status}: {detail}). Hãy thử lại sau; phiếu chưa gửi vẫn nằm "
        "trong hàng đợi.",
        "The server '{server}' has a problem (HTTP {status}: {detail}). Try again later; records not sent "
        "stay in the queue.",
    ),
    # per-record outcomes shown in the sync log
    "SYNC_SENT": ("Đã gửi; máy chủ xác nhận (HTTP {status}).", "Sent; the server confirmed it (HTTP {status})."),
    "SYNC_SENT_CORRECTION": (
        "Đã gửi bản sửa thay cho bản đã gửi trước ({deprecated}); máy chủ xác nhận (HTTP {status}).",
        "Sent the correction replacing the earlier copy ({deprecated}); the server confirmed it (HTTP {status}).",
    ),
    "SYNC_ALREADY": (
        "Máy chủ đã có đúng bản này (HTTP {status}).",
        "The server already has exactly this copy (HTTP {status}).",
    ),
    "SYNC_UNCHANGED": (
        "Nội dung không đổi từ lần gửi trước; không cần gửi lại.",
        "The content has not changed since it was sent; nothing to send.",
    ),
    "SYNC_CONFLICT": (
        "Máy chủ đã có một phiếu cùng mã nhưng nội dung khác (HTTP 409: {detail}). Không có gì bị ghi đè; "
        "cần người quyết định: gửi thay thế, gửi thành phiếu riêng, hoặc giữ bản trên máy chủ.",
        "The server already has a record with the same id but different content (HTTP 409: {detail}). "
        "Nothing was overwritten; a person must decide: replace it, send as a separate record, or keep the "
        "server's copy.",
    ),
    "SYNC_CONFLICT_WAITING": (
        "Đang chờ quyết định về xung đột với bản trên máy chủ; chưa gửi.",
        "Waiting for a decision about the conflict with the server's copy; not sent.",
    ),
    "SYNC_REJECTED": (
        "Máy chủ từ chối phiếu (HTTP {status}: {detail}). Phiếu vẫn nằm trong hàng đợi; hãy báo tỉnh kiểm "
        "tra biểu mẫu trên máy chủ.",
        "The server refused the record (HTTP {status}: {detail}). It stays in the queue; ask the province to "
        "check the form on the server.",
    ),
    "SYNC_TOO_LARGE": (
        "Phiếu quá lớn so với giới hạn của máy chủ (HTTP 413).",
        "The record is larger than the server accepts (HTTP 413).",
    ),
    "SYNC_VERSION_UNKNOWN": (
        "Máy chủ không nhận phiếu của biểu mẫu '{form_id}' phiên bản '{version}' (HTTP {status}: {detail}). "
        "Hãy nhờ tỉnh tải lên phiên bản này (tệp {xform_file}).",
        "The server does not accept records of form '{form_id}' version '{version}' (HTTP {status}: {detail}). "
        "Ask the province to upload this version (file {xform_file}).",
    ),
    "SYNC_FORM_MISSING": (
        "Máy chủ chưa có biểu mẫu '{form_id}'. Đã ghi tệp XForm '{xform_file}': hãy gửi tệp này cho tỉnh để "
        "tải lên ODK Central/KoboToolbox và công bố (Publish), rồi gửi lại. {count} phiếu chưa được gửi.",
        "The server does not have the form '{form_id}'. The XForm file '{xform_file}' was written: give it "
        "to the province to upload to ODK Central/KoboToolbox and publish, then send again. {count:#record was|records were} "
        "not sent.",
    ),
    "SYNC_FORM_OLDER": (
        "Máy chủ có biểu mẫu '{form_id}' phiên bản '{server_version}', cũ hơn phiên bản '{version}' của các "
        "phiếu. Đã ghi tệp XForm '{xform_file}': hãy nhờ tỉnh tải phiên bản mới lên máy chủ, rồi gửi lại. "
        "{count} phiếu chưa được gửi.",
        "The server has form '{form_id}' version '{server_version}', older than the records' version "
        "'{version}'. The XForm file '{xform_file}' was written: ask the province to upload the new version, "
        "then send again. {count:#record was|records were} not sent.",
    ),
    "SYNC_INSTANCE_MISMATCH": (
        "Phiếu không khớp cấu trúc XForm của biểu mẫu '{form_id}' ({detail}); không gửi. Hãy báo lỗi này "
        "cho nhóm phát triển.",
        "The record does not match the XForm structure of form '{form_id}' ({detail}); not sent. Report this "
        "to the developers.",
    ),
    "SYNC_NETWORK_RECORD": (
        "Mất kết nối khi gửi ({detail}); phiếu vẫn nằm trong hàng đợi và sẽ được gửi lại đúng bản này.",
        "The connection was lost while sending ({detail}); the record stays in the queue and exactly this "
        "copy will be sent again.",
    ),
    "SYNC_IGNORED": (
        "Đã quyết định giữ bản trên máy chủ; bản này không được gửi.",
        "It was decided to keep the server's copy; this copy is not sent.",
    ),
    "SYNC_CHECKING": ("Đang kiểm tra kết nối tới '{server}'…", "Checking the connection to '{server}'…"),
    "SYNC_SUMMARY": (
        "Kết quả gửi: {sent} phiếu đã gửi, {already} phiếu máy chủ đã có, {failed} phiếu lỗi, {skipped} phiếu "
        "bỏ qua ({conflicts} xung đột chờ quyết định).",
        "Sync result: {sent:#record|records} sent, {already} already on the server, {failed} failed, {skipped} "
        "skipped ({conflicts:#conflict|conflicts} waiting for a decision).",
    ),
    "SYNC_CHECK_OK": (
        "Kết nối tốt tới '{server}' (OpenRosa {version}); {forms} biểu mẫu trên máy chủ.",
        "Connected to '{server}' (OpenRosa {version}); {forms:#form|forms} on the server.",
    ),
    "SYNC_ENCRYPT_KEY": (
        "Khóa công khai (public_key) của biểu mẫu '{form_id}' không hợp lệ ({detail}). Hãy nhờ tỉnh kiểm tra "
        "trang settings của biểu mẫu.",
        "The public key of form '{form_id}' is not valid ({detail}). Ask the province to check the form's "
        "settings sheet.",
    ),
}
MESSAGES.update(SYNC_MESSAGES)


class NetworkError(Exception):
    """No answer from the server (refused, reset, timed out, dropped): safe to try again."""

    def __init__(self, detail: str):
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
        raise AppError("SYNC_NO_SERVER")
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    shown = redact(url)
    if parts.scheme not in ("http", "https"):
        raise AppError("SYNC_BAD_URL", url=shown, detail=bi("chỉ nhận http/https", "only http/https"))
    if not parts.hostname:
        raise AppError("SYNC_BAD_URL", url=shown, detail=bi("thiếu tên máy chủ", "no host name"))
    if parts.username or parts.password:
        raise AppError("SYNC_BAD_URL", url=shown,
                       detail=bi("không ghi tên/mật khẩu trong địa chỉ", "no user or password inside the address"))
    try:
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise AppError("SYNC_BAD_URL", url=shown, detail=bi("cổng không hợp lệ", "bad port")) from None
    path = parts.path.rstrip("/")
    m = re.search(r"^(.*?)/v1/key/([^/]+)/projects/(\d+)(?:/.*)?$", path)
    if m:
        base = _clean_base(f"{parts.scheme}://{parts.netloc}{m.group(1)}")
        return Endpoint(base=base, kind="central", project=m.group(3), user="", token=m.group(2))
    m = re.search(r"^(.*?)/v1/projects/(\d+)(?:/.*)?$", path)
    if m:
        if project and str(project) != m.group(2):
            raise AppError("SYNC_BAD_URL", url=shown,
                           detail=bi(f"dự án {project} khác dự án {m.group(2)} trong địa chỉ",
                                     f"project {project} differs from {m.group(2)} in the address"))
        base = _clean_base(f"{parts.scheme}://{parts.netloc}{m.group(1)}")
        return Endpoint(base=base, kind="central", project=m.group(2), user=user)
    base = _clean_base(url)
    if kind == "central" or (kind != "openrosa" and str(project).strip()):
        project = str(project).strip()
        if not project.isdigit():
            raise AppError("SYNC_BAD_URL", url=shown,
                           detail=bi("số dự án ODK Central phải là số", "the Central project must be a number"))
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
                 lang: str = "vi"):
        self.endpoint = endpoint
        self._password = password
        self.ca_bundle = ca_bundle
        self.timeout = timeout
        self.lang = lang
        self._conn: http.client.HTTPConnection | None = None
        if endpoint.scheme == "http" and not is_loopback(endpoint.host):
            raise AppError("SYNC_INSECURE", url=endpoint.display)
        if not endpoint.uses_token and not endpoint.user:
            raise AppError("SYNC_NO_USER", server=endpoint.display)

    # ---- connection
    def _ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context()
        if self.ca_bundle:
            try:
                ctx.load_verify_locations(cafile=self.ca_bundle)
            except (OSError, ssl.SSLError) as err:
                raise AppError("SYNC_TLS", server=self.endpoint.display,
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

    def request(self, method: str, what: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        """One HTTP exchange; NetworkError when no complete answer arrived (safe to retry)."""
        url = urlsplit(self.endpoint.url(what))
        target = url.path + (f"?{url.query}" if url.query else "")
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
            raise AppError("SYNC_TLS", server=self.endpoint.display,
                           detail=_tls_detail(err)) from None
        except (http.client.HTTPException, OSError) as err:
            self.close()
            raise NetworkError(_net_detail(err)) from None

    # ---- the three exchanges
    def preflight(self) -> Response:
        """``HEAD`` the submission URL: an OpenRosa server answers 2xx (Central: 204) with
        ``X-OpenRosa-Version``. A 200 without that header is a captive portal or a proxy."""
        r = self.request("HEAD", "submission")
        self.raise_for_server(r)
        if not (200 <= r.status < 300):
            raise AppError("SYNC_NOT_OPENROSA", server=self.endpoint.display,
                           detail=f"HTTP {r.status}")
        if not r.is_openrosa:
            raise AppError("SYNC_CAPTIVE", status=r.status)
        return r

    def form_list(self) -> list[FormListEntry]:
        r = self.request("GET", "formList")
        self.raise_for_server(r)
        if r.status != 200:
            raise AppError("SYNC_NOT_OPENROSA", server=self.endpoint.display, detail=f"formList HTTP {r.status}")
        return parse_form_list(r.body, self.endpoint.display)

    def submit(self, xml: bytes, *, files: list[tuple[str, bytes, str]] | None = None) -> Response:
        """POST one instance (``xml_submission_file``) and any further parts (name, bytes, type)."""
        body, ctype = multipart_body([("xml_submission_file", "submission.xml", xml, "text/xml")]
                                     + [(n, n, d, t) for n, d, t in (files or [])])
        return self.request("POST", "submission", body, {"Content-Type": ctype})

    def raise_for_server(self, r: Response) -> None:
        """Turn whole-run refusals (credentials, permissions, portal, missing project) into AppError."""
        server = self.endpoint.display
        if r.status == 401:
            raise AppError("SYNC_AUTH", server=server, status=r.status)
        if r.status == 403:
            if self.endpoint.uses_token:
                raise AppError("SYNC_AUTH", server=server, status=r.status)
            raise AppError("SYNC_FORBIDDEN", server=server)
        if 300 <= r.status < 400 or (r.status == 200 and not r.is_openrosa and b"xforms" not in r.body[:2000]):
            raise AppError("SYNC_CAPTIVE", status=r.status)
        if r.status == 404:
            raise AppError("SYNC_NOT_FOUND", server=server)
        if r.status >= 500:
            raise AppError("SYNC_SERVER_ERROR", server=server, status=r.status, detail=r.message())


def _net_detail(err: BaseException) -> str:
    if isinstance(err, socket.gaierror):
        return bi("không tìm thấy tên máy chủ", "host name not found")
    if isinstance(err, ConnectionRefusedError):
        return bi("máy chủ từ chối kết nối", "connection refused")
    if isinstance(err, (TimeoutError, socket.timeout)):
        return bi("hết thời gian chờ", "timed out")
    if isinstance(err, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                        http.client.IncompleteRead)):
        return bi("kết nối bị ngắt giữa chừng", "connection dropped")
    log.info("network error: %s", redact(f"{type(err).__name__}: {err}"))
    return bi("lỗi mạng", "a network error")


def _tls_detail(err: ssl.SSLCertVerificationError) -> str:
    """The certificate problem in words (the library's text goes to the log)."""
    log.info("certificate not verified: %s", redact(str(err.verify_message or err.reason or err)))
    code = getattr(err, "verify_code", None)
    if code == 10:
        return bi("chứng chỉ đã hết hạn (hoặc đồng hồ máy tính sai ngày)",
                  "the certificate has expired (or this computer's clock is wrong)")
    if code in (18, 19):
        return bi("chứng chỉ tự ký, không do tổ chức tin cậy cấp", "a self-signed certificate, not issued by a trusted "
                  "authority")
    if code == 62:
        return bi("chứng chỉ cấp cho tên máy chủ khác", "the certificate is for another host name")
    if code in (2, 20, 21):
        return bi("không biết tổ chức cấp chứng chỉ", "the certificate's issuer is not known")
    return bi("chứng chỉ không hợp lệ", "the certificate is not valid")


def _ca_detail(ca_bundle: str, err: BaseException) -> str:
    from models.base.errors import os_reason

    log.info("CA file %s not loaded: %r", ca_bundle, err)
    if isinstance(err, OSError) and not isinstance(err, ssl.SSLError):
        reason = os_reason(err)
        return bi(f"tệp chứng chỉ '{ca_bundle}': {DETAILS.get(reason, reason)}", f"CA file '{ca_bundle}': {reason}")
    return bi(f"tệp chứng chỉ '{ca_bundle}' không phải tệp PEM hợp lệ", f"CA file '{ca_bundle}' is not a valid PEM file")


def multipart_body(parts: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    """``multipart/form-data`` with (field name, file name, data, content type) parts."""
    boundary = "----khaosat" + uuid.uuid4().hex
    out = bytearray()
    for name, filename, data, ctype in parts:
        out += f"--{boundary}\r\n".encode()
        out += (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {ctype}\r\n\r\n").encode("utf-8")
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def parse_form_list(body: bytes, server: str = "") -> list[FormListEntry]:
    """The OpenRosa form list (``<xforms xmlns="http://openrosa.org/xforms/xformsList">``)."""
    from lxml import etree

    try:
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as err:
        raise AppError("SYNC_NOT_OPENROSA", server=server, detail=f"formList: {err}") from None
    if etree.QName(root).localname != "xforms":
        raise AppError("SYNC_NOT_OPENROSA", server=server,
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
        tchildren = []
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
