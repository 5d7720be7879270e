"""``python main.py sync``: summary line, JSON, exit codes, messages in both languages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from cli import main
from models.store.database import open_store
from models.sync import credentials
from tests.openrosa_server import OpenRosaTestServer
from tests.sync_fixtures import MemoryKeyring, make_db

PW = "mật-khẩu đúng"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path):
    prev = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    monkeypatch.setenv("KHAOSAT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(credentials.ENV_PASSWORD, raising=False)
    yield kr
    keyring.set_keyring(prev)


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "xa.db")
    make_db(path, records=2)
    return path


@pytest.fixture
def srv():
    with OpenRosaTestServer() as s:
        s.publish("dn_sync", "2024.1")
        yield s


def test_sync_prints_the_summary_line(db, srv, monkeypatch, capsys):
    monkeypatch.setenv(credentials.ENV_PASSWORD, PW)
    args = ["sync", "--db", db, "--server", srv.base, "--project", "7", "--user", "canbo"]
    assert main(args) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "sent=2 already=0 failed=0 skipped=0"
    assert main(args + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("sent", "already", "failed", "skipped")} == \
        {"sent": 0, "already": 2, "failed": 0, "skipped": 0}
    assert data["destination"] == srv.url


def test_refused_credentials_exit_2_with_a_vietnamese_or_english_message(db, srv, monkeypatch, capsys):
    monkeypatch.setenv(credentials.ENV_PASSWORD, "Xk9#wrong")
    args = ["sync", "--db", db, "--server", srv.url, "--user", "canbo"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "từ chối đăng nhập" in err and "Xk9#wrong" not in err
    assert main(["--lang", "en"] + args) == 2
    assert "refused the credentials" in capsys.readouterr().err
    assert main(args + ["--lang", "en"]) == 2
    assert "refused the credentials" in capsys.readouterr().err


def test_no_password_anywhere(db, srv, capsys):
    assert main(["sync", "--db", db, "--server", srv.url, "--user", "canbo"]) == 2
    assert "SURVEY_SYNC_PASSWORD" in capsys.readouterr().err


def test_form_missing_exit_1_and_xform_written(db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(credentials.ENV_PASSWORD, PW)
    with OpenRosaTestServer() as srv:
        code = main(["sync", "--db", db, "--server", srv.url, "--user", "canbo", "--xform-dir",
                     str(tmp_path / "up")])
    out = capsys.readouterr().out
    assert code == 1
    assert "sent=0 already=0 failed=0 skipped=2" in out and str(tmp_path / "up" / "dn_sync-2024.1.xml") in out
    assert (tmp_path / "up" / "dn_sync-2024.1.xml").exists()


def test_saved_settings_and_key_store(db, srv, monkeypatch, capsys, env):
    monkeypatch.setenv(credentials.ENV_PASSWORD, PW)
    assert main(["sync", "--db", db, "--server", srv.url, "--user", "canbo", "--save"]) == 0
    assert list(env.items.values()) == [PW]
    capsys.readouterr()
    monkeypatch.delenv(credentials.ENV_PASSWORD)
    assert main(["sync", "--db", db, "--json"]) == 0  # server from the settings, password from the key store
    assert json.loads(capsys.readouterr().out)["already"] == 2
    with open_store(db) as st:
        assert st.setting("sync_user") == "canbo"


def test_bad_status_and_bad_server(db, capsys):
    assert main(["sync", "--db", db, "--server", "ftp://x", "--user", "u"]) == 2
    assert "không hợp lệ" in capsys.readouterr().err
    assert main(["sync", "--db", db, "--server", "https://x.vn", "--project", "1", "--user", "u",
                 "--status", "draft,nope"]) == 2
    assert "nope" in capsys.readouterr().err
    assert main(["sync", "--db", db]) == 2
    assert "Chưa cài đặt máy chủ" in capsys.readouterr().err
    assert main(["sync", "--db", db + ".missing", "--server", "https://x.vn"]) == 2


def test_real_entry_point(db, srv, tmp_path):
    env = {**os.environ, credentials.ENV_PASSWORD: PW, "KHAOSAT_HOME": str(tmp_path / "h"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "sync", "--db", db, "--server", srv.app_user_link,
                        "--json"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["sent"] == 2
    env[credentials.ENV_PASSWORD] = "wrong"
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "sync", "--db", db, "--server", srv.url, "--user",
                        "canbo"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert r.returncode == 2 and "401" in r.stderr and "Traceback" not in r.stderr
