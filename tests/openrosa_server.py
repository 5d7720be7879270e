"""A local OpenRosa server for the sync tests, behaving as ODK Central's documentation and source say.

Started by the tests on 127.0.0.1 (a thread running ``http.server``), optionally over TLS. What it
does, after ``getodk/central-backend`` (``lib/resources/submissions.js``, ``docs/api.yaml``) and the
OpenRosa specs (``getodk/docs``: openrosa-http, openrosa-form-submission):

* ``HEAD``/``GET …/submission`` → 204 with ``X-OpenRosa-Version: 1.0`` (OpenRosa asks for 204);
* ``GET …/formList`` → ``<xforms xmlns="http://openrosa.org/xforms/xformsList">`` of the published forms;
* ``POST …/submission`` (multipart, part ``xml_submission_file``):
  - new instanceID → 201 ``full submission upload was successful!``;
  - the same instanceID with byte-identical XML → 201 again (Central's "attachment upsert");
    in Kobo mode → 202 "Duplicate submission";
  - the same instanceID with different XML → 409 "A submission already exists with this ID, but with
    different XML.";
  - ``meta/deprecatedID`` naming the current version of a submission → 201, a new version;
    naming an older version → 409; naming nothing known → 404;
  - a form id/version the server does not have → 404;
* credentials: Basic (user, password) or an app-user token in ``/v1/key/{token}/…``; wrong or missing
  credentials → 401 **without** ``WWW-Authenticate`` (Central never challenges); a request without
  ``X-OpenRosa-Version`` → 400;
* faults on demand: captive-portal mode (every request → 200 HTML, no OpenRosa header), dropped
  connections (the socket closed before or after the submission is stored, or mid-body), 5xx answers.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree

SUCCESS = "full submission upload was successful!"


@dataclass
class Submission:
    versions: list[tuple[str, bytes]] = field(default_factory=list)  # (instanceID, xml), oldest first

    @property
    def current(self) -> str:
        return self.versions[-1][0]


class OpenRosaTestServer:
    """``with OpenRosaTestServer() as srv: srv.url`` — see the module docstring."""

    def __init__(self, *, project: str = "7", user: str = "canbo", password: str = "mật-khẩu đúng",
                 token: str = "Tok3n$abc", kobo: bool = False, tls: ssl.SSLContext | None = None):
        self.project = project
        self.user = user
        self.password = password
        self.token = token
        self.kobo = kobo
        self.tls = tls
        self.forms: dict[str, dict[str, str]] = {}  # form id -> version -> xform (the last added is current)
        self.submissions: list[Submission] = []
        #: submissions deleted in Central (``delete``): a correction of one is 404.5, a resend of one 409.18
        self.deleted: list[Submission] = []
        #: forms closed in Central: left out of the form list, a POST is 409.2
        self.closed: set[str] = set()
        #: Central over plain http: a password (Basic) is refused with 401.3 "only over HTTPS"
        self.https_only = False
        #: files sent with each instance, as ODK Collect sends them (a multipart part named as the file):
        #: instance id -> file name -> {"sha256", "size", "type"}
        self.attachments: dict[str, dict[str, dict]] = {}
        self.requests: list[dict] = []
        self.captive = False
        self.drops: list[str] = []  # queued faults for the next POSTs: before | after | mid
        self.errors: list[int] = []  # queued statuses (e.g. 500) for the next POSTs
        self.lock = threading.Lock()
        self.handler_errors: list[str] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- set-up
    def publish(self, form_id: str, version: str, xform: str = "<h:html/>") -> None:
        self.forms.setdefault(form_id, {})[version] = xform

    def current_version(self, form_id: str) -> str:
        return list(self.forms[form_id])[-1]

    @property
    def base(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{port}"

    @property
    def url(self) -> str:
        """Central with user and password: ``{base}/v1/projects/{project}``."""
        return f"{self.base}/v1/projects/{self.project}"

    @property
    def app_user_link(self) -> str:
        return f"{self.base}/v1/key/{self.token}/projects/{self.project}"

    def instance(self, instance_id: str) -> bytes | None:
        for s in self.submissions:
            for iid, xml in s.versions:
                if iid == instance_id:
                    return xml
        return None

    def delete(self, instance_id: str) -> None:
        """Delete the submission holding ``instance_id`` (as Central's DELETE .../submissions/ID does)."""
        with self.lock:
            s = next(s for s in self.submissions if instance_id in [v[0] for v in s.versions])
            self.submissions.remove(s)
            self.deleted.append(s)

    def device_ids(self) -> list[str]:
        """The ``deviceID`` query parameter of each POST (empty when none was sent)."""
        from urllib.parse import parse_qs, urlsplit

        return [parse_qs(urlsplit(p["path"]).query).get("deviceID", [""])[0] for p in self.posts()]

    def current_instances(self) -> list[str]:
        return [s.current for s in self.submissions]

    def posts(self) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST"]

    # ---- lifecycle
    def __enter__(self) -> OpenRosaTestServer:
        server = self

        class Handler(_Handler):
            srv = server

        errors = self.handler_errors

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # a client closing a kept-alive socket
                import sys

                errors.append(repr(sys.exc_info()[1]))

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        if self.tls is not None:
            self._httpd.socket = self.tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        assert self._httpd is not None and self._thread is not None
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)


class _Handler(BaseHTTPRequestHandler):
    srv: OpenRosaTestServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall

    def log_message(self, *args) -> None:  # quiet
        pass

    # ---- plumbing
    def _send(self, status: int, body: bytes = b"", ctype: str = "text/xml; charset=utf-8",
              openrosa: bool = True, extra: dict | None = None) -> None:
        self.send_response(status)
        if openrosa:
            self.send_header("X-OpenRosa-Version", "1.0")
            self.send_header("X-OpenRosa-Accept-Content-Length", str(100 * 1024 * 1024))
        if body or status != 204:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
        self.srv.requests[-1]["status"] = status

    def _openrosa(self, status: int, message: str) -> None:
        body = ('<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
                f'<message nature="">{message}</message></OpenRosaResponse>').encode()
        self._send(status, body)

    def _problem(self, status: int, code: float, message: str) -> None:
        body = json.dumps({"code": code, "message": message}).encode()
        self._send(status, body, "application/json; charset=utf-8")

    def _route(self) -> tuple[str | None, str]:
        """(auth kind or None if the path is unknown, what): checks credentials too."""
        path = self.path.split("?", 1)[0]
        srv = self.srv
        if srv.kobo:
            m = re.fullmatch(r"(?:/[\w.\-]+)?/(formList|submission)", path)
            return ("basic", m.group(1)) if m else (None, "")
        m = re.fullmatch(r"/v1/key/([^/]+)/projects/(\d+)/(formList|submission)", path)
        if m:
            return ("token:" + m.group(1) if m.group(2) == srv.project else None, m.group(3))
        m = re.fullmatch(r"/v1/projects/(\d+)/(formList|submission)", path)
        if m and m.group(1) == srv.project:
            return "basic", m.group(2)
        return None, ""

    def _authorised(self, kind: str) -> bool | None:
        """True/False for given credentials, None when none were given."""
        if kind.startswith("token:"):
            from urllib.parse import unquote

            return unquote(kind[6:]) == self.srv.token
        h = self.headers.get("Authorization", "")
        if not h:
            return None
        if not h.startswith("Basic "):
            return False
        if self.srv.https_only and not self.srv.tls:
            return "https-only"  # type: ignore[return-value]
        try:
            user, _, pw = base64.b64decode(h[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return user == self.srv.user and pw == self.srv.password

    def _start(self) -> tuple[str | None, str] | None:
        with self.srv.lock:
            self.srv.requests.append({"method": self.command, "path": self.path, "status": None,
                                      "headers": {k: v for k, v in self.headers.items() if k != "Authorization"},
                                      "auth": "Authorization" in self.headers})
        if self.srv.captive:
            body = b"<html><body><h1>Dang nhap Wi-Fi</h1><form>...</form></body></html>"
            self._send(200, body, "text/html", openrosa=False)
            return None
        kind, what = self._route()
        if kind is None:
            self._problem(404, 404.1, "Could not find the resource you were looking for.")
            return None
        ok = self._authorised(kind)
        if ok == "https-only":
            self._problem(401, 401.3, "This authentication method is only available over HTTPS")
            return None
        if ok is False:
            self._problem(401, 401.2, "Could not authenticate with the provided credentials.")
            return None
        if self.headers.get("X-OpenRosa-Version") != "1.0":
            self._problem(400, 400.1, "Expected header X-OpenRosa-Version: 1.0.")
            return None
        return kind, what if ok is None and not kind.startswith("token:") else "auth:" + what

    # ---- methods
    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        r = self._start()
        if r is None:
            return
        _kind, what = r
        authed = what.startswith("auth:")
        what = what.removeprefix("auth:")
        if what == "submission":
            self._send(204)  # Central: no body, 204, for HEAD and GET alike
            return
        if not authed:
            self._problem(401, 401.2, "Could not authenticate with the provided credentials.")
            return
        items = []
        for fid, versions in self.srv.forms.items():
            if fid in self.srv.closed:
                continue
            ver = list(versions)[-1]
            items.append(f"<xform><formID>{fid}</formID><name>{fid}</name><version>{ver}</version>"
                         f"<hash>md5:0</hash><downloadUrl>{self.srv.base}/forms/{fid}.xml</downloadUrl></xform>")
        body = ('<xforms xmlns="http://openrosa.org/xforms/xformsList">' + "".join(items) + "</xforms>").encode()
        self._send(200, body)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        srv = self.srv
        with srv.lock:
            fault = srv.drops.pop(0) if srv.drops and not srv.captive else None
            error = srv.errors.pop(0) if srv.errors and not srv.captive and fault is None else None
        if fault == "mid":
            self.rfile.read(max(1, length // 3))
            srv.requests.append({"method": "POST", "path": self.path, "status": "dropped-mid", "auth": True,
                                 "headers": {}})
            self._drop()
            return
        body = self.rfile.read(length)
        r = self._start()
        if r is None:
            return
        what = r[1]
        if not what.startswith("auth:"):
            self._problem(401, 401.2, "Could not authenticate with the provided credentials.")
            return
        if fault == "before":
            srv.requests[-1]["status"] = "dropped-before"
            self._drop()
            return
        if error is not None:
            self._problem(error, error + 0.1, "Internal server error.")
            return
        xml, files = _parts(self.headers.get("Content-Type", ""), body)
        if xml is None:
            self._problem(400, 400.2, "Required multipart POST field xml_submission_file missing.")
            return
        status, message = self._store(xml)
        if status in (201, 202):
            iid = (etree.fromstring(xml).findtext("meta/instanceID") or "").strip()
            with srv.lock:
                srv.attachments.setdefault(iid, {}).update(files)
        if fault == "after":
            srv.requests[-1]["status"] = f"dropped-after-{status}"
            self._drop()
            return
        if status in (201, 202):
            self._openrosa(status, message)
        else:
            self._problem(status, status + 0.1, message)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _store(self, xml: bytes) -> tuple[int, str]:
        srv = self.srv
        try:
            root = etree.fromstring(xml)
        except etree.XMLSyntaxError:
            return 400, "A problem occurred while parsing your XML."
        form_id, version = root.get("id") or "", root.get("version") or ""
        if version not in srv.forms.get(form_id, {}):
            return 404, "Could not find the form you were looking for."
        if form_id in srv.closed:
            return 409, ("This form is not currently accepting submissions. Please talk to your program staff if "
                         "this is unexpected.")
        iid = (root.findtext("meta/instanceID") or "").strip()
        dep = (root.findtext("meta/deprecatedID") or "").strip()
        if not iid:
            return 400, "The instanceID is missing."
        with srv.lock:
            if any(iid == v[0] for d in srv.deleted for v in d.versions):
                return 409, "This submission has been deleted. You may not resubmit it."
            existing = srv.instance(iid)
            if existing is not None:
                if existing == xml:
                    return (202, "Duplicate submission") if srv.kobo else (201, SUCCESS)
                return 409, "A submission already exists with this ID, but with different XML."
            if dep:
                for s in srv.submissions:
                    ids = [v[0] for v in s.versions]
                    if dep in ids:
                        if s.current != dep:
                            return 409, (f"You tried to update a submission, but the copy you were editing ({dep}) "
                                         "is now out of date. Please get the new version that has been submitted, "
                                         "and make your edits again.")
                        s.versions.append((iid, xml))
                        return 201, SUCCESS
                return 404, ("You tried to update an existing submission, but we can't find that submission to "
                             f"update ({dep})")
            srv.submissions.append(Submission([(iid, xml)]))
            return 201, SUCCESS


def _parts(content_type: str, body: bytes) -> tuple[bytes | None, dict[str, dict]]:
    """The submission's XML and its other parts (attached files: their digest, size and type)."""
    import hashlib

    msg = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    if not msg.is_multipart():
        return None, {}
    xml, files = None, {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if name == "xml_submission_file":
            xml = data
        elif name:
            files[str(name)] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                                "type": part.get_content_type(), "filename": part.get_filename()}
    return xml, files


# ---------------------------------------------------------------------- TLS for the tests


def make_tls(tmp_path) -> tuple[ssl.SSLContext, str]:
    """A self-signed CA and a server certificate for 127.0.0.1; returns (server context, CA file)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "So TT&TT test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    ca_file = tmp_path / "province-ca.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file = tmp_path / "server.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file = tmp_path / "server.key"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert_file), str(key_file))
    return ctx, str(ca_file)
