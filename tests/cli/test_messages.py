"""Messages keep to one language: details carried in {detail} are shown in the reader's language,
and OS or library text stays in the log."""

from __future__ import annotations

import errno
import logging
import socket

import pytest

from models.base.errors import Bilingual, FileCode, FileError, os_detail, os_error
from models.sync.errors import SyncCode, SyncError


def test_bilingual_details_follow_the_language():
    err = SyncError(SyncCode.SYNC_NETWORK, server="https://x.vn",
                    detail=Bilingual("máy chủ từ chối kết nối", "connection refused"))
    assert "máy chủ từ chối kết nối" in err.message("vi") and "connection refused" not in err.message("vi")
    assert "connection refused" in err.message("en") and "từ chối" not in err.message("en")
    # what logs keep (str of the error, of the detail) is the English
    assert "connection refused" in str(err) and str(err.context["detail"]) == "connection refused"


@pytest.mark.parametrize("exc, vi_word, en_word", [
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), "không tìm thấy", "does not exist"),
    (IsADirectoryError(errno.EISDIR, "Is a directory"), "thư mục", "folder"),
    (PermissionError(errno.EACCES, "Permission denied"), "không có quyền", "no permission"),
    (OSError(errno.ENOSPC, "No space left on device"), "đầy", "full"),
    (OSError(errno.EROFS, "Read-only file system"), "chỉ đọc", "read-only"),
    (OSError(999, "Strange"), "999", "999"),
])
def test_os_details_are_translated(exc, vi_word, en_word):
    reason = os_detail(exc)
    err = FileError(FileCode.WRITE_FAILED, path="/x/y.csv", detail=reason)
    vi, en = err.message("vi"), err.message("en")
    assert vi_word in vi and en_word in en
    assert exc.strerror not in vi and exc.strerror not in en


def test_os_error_keeps_the_library_text_in_the_log(caplog):
    from models.base.driver import sqlite3

    with caplog.at_level(logging.INFO, logger="khaosat"):
        err = os_error(sqlite3.OperationalError("unable to open database file"), "/ro/x.db")
    assert "unable to open" not in err.message("vi") and "unable to open" not in err.message("en")
    assert "không mở được tệp" in err.message("vi")
    assert "unable to open database file" in caplog.text


def test_sync_address_and_network_details_are_in_one_language():
    from models.sync.openrosa import _net_detail, parse_server

    with pytest.raises(SyncError) as e:
        parse_server("ftp://x")
    vi, en = e.value.message("vi"), e.value.message("en")
    assert "chỉ nhận http/https" in vi and "only http" not in vi and "·" not in vi
    assert "only http/https" in en and "chỉ nhận" not in en
    err = SyncError(SyncCode.SYNC_NETWORK, server="s", detail=_net_detail(ConnectionRefusedError()))
    assert "từ chối kết nối" in err.message("vi") and "refused" not in err.message("vi")
    assert "connection refused" in err.message("en") and "từ chối" not in err.message("en")
    odd = SyncError(SyncCode.SYNC_NETWORK, server="s", detail=_net_detail(socket.herror("weird resolver text")))
    assert "weird resolver text" not in odd.message("vi") and "weird resolver text" not in odd.message("en")


def test_sync_status_refusal_from_the_command_line(tmp_path, capsys):
    from cli import main
    from models.store.database import open_store

    open_store(tmp_path / "s.db").close()
    args = ["sync", "--db", str(tmp_path / "s.db"), "--server", "https://x.vn", "--project", "1", "--user", "u",
            "--status", "nope"]
    assert main(args) == 2
    vi = capsys.readouterr().err
    assert "trạng thái phải là một trong" in vi and "status must" not in vi
    assert main(args + ["--lang", "en"]) == 2
    en = capsys.readouterr().err
    assert "the status must be one of" in en and "trạng thái" not in en


def test_key_store_failure_is_explained_without_keyring_text(monkeypatch):
    import keyring
    from keyring.errors import NoKeyringError

    from models.sync import credentials

    def fail(*a, **k):
        raise NoKeyringError("No recommended backend was available. Install a recommended 3rd party backend")

    monkeypatch.setattr(keyring, "set_password", fail)
    with pytest.raises(SyncError) as e:
        credentials.save_secret("https://x.vn", "u", "secret")
    vi, en = e.value.message("vi"), e.value.message("en")
    assert "không có kho khóa" in vi and "NoKeyringError" not in vi and "backend" not in vi
    assert "no usable key store" in en and "NoKeyringError" not in en and "kho khóa" not in en
