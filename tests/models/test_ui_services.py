"""Services behind the screens fixed after QA: reopening complete records, the transfer page,
the comparison views, form names, read-only and damaged databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.base.errors import AppError
from models.records.editor import RecordEditor, set_status
from models.store.database import open_store
from models.store.errors import StoreCode
from models.sync.errors import SyncCode, SyncError
from tests.models.pkg_helpers import add_enterprise, add_household, make_db

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------- editing a complete record


def test_an_enumerators_edit_reopens_a_complete_record(tmp_path):
    st = make_db(tmp_path / "e.db")
    rid = add_enterprise(st, "Công ty A", complete=True)
    ed = RecordEditor(st, rid)
    assert ed.edit_reopens
    ed.set("workers", "7")
    assert st.record(rid)["status"] == "draft" and ed.status == "draft" and not ed.edit_reopens
    assert [a["new"] for a in st.audit(rid) if a["action"] == "status"][-1] == "draft"


@pytest.mark.parametrize("role", ["clerk", "province"])
def test_a_reviewers_correction_keeps_the_record_complete(tmp_path, role):
    st = make_db(tmp_path / "c.db", role=role)
    rid = add_enterprise(st, "Công ty A", complete=True)
    ed = RecordEditor(st, rid)
    assert not ed.edit_reopens
    ed.set("workers", "7")  # a typo corrected during review
    assert st.record(rid)["status"] == "complete" and ed.status == "complete"
    assert st.record(rid)["answers"]["workers"] == "7"
    # a correction that leaves an issue open cannot stay complete
    ed.set("unit_name", "")
    assert st.record(rid)["status"] == "draft" and ed.status == "draft"


def test_returned_and_draft_records_keep_their_status_when_edited(tmp_path):
    st = make_db(tmp_path / "e.db")
    rid = add_enterprise(st, "Công ty A", complete=True)
    set_status(st, rid, "returned")
    RecordEditor(st, rid).set("workers", "9")
    assert st.record(rid)["status"] == "returned"


# ---------------------------------------------------------------------- the transfer page's service


def test_transfer_overview_counts_what_is_not_sent_yet(tmp_path):
    from models.exchange.packages import export_package
    from models.exchange.transfer import overview, remember_key_file

    st = make_db(tmp_path / "e.db")
    a = add_enterprise(st, "Công ty A", complete=True)
    add_household(st, "Trần Bình")
    db = open_store(tmp_path / "e.db", create=False)  # the screen's own connection
    ov = overview(db)
    assert ov["total"] == 2 and ov["counts"]["complete"] == 1 and ov["counts"]["draft"] == 1
    assert ov["changed"] == 2 and ov["receiver"] == "" and ov["sent"] == [] and ov["fingerprint"]
    export_package(st, tmp_path / "p.ksp", mode="changes")
    assert overview(db)["changed"] == 0
    assert overview(db)["sent"][0]["records"] == 2
    RecordEditor(st, a).set("workers", "8")
    assert overview(db)["changed"] == 1
    # another receiver (a key file) has been sent nothing yet
    clerk = make_db(tmp_path / "c.db", role="clerk", name="Cán bộ", code="C01", forms=False)
    from models.base.changes import SETTINGS, Changes
    from models.exchange.keys import identity, write_public_key

    write_public_key(clerk, tmp_path / "xa.pub")
    assert remember_key_file(db, str(tmp_path / "xa.pub")) == Changes.of(SETTINGS)
    ov = overview(db)
    assert ov["receiver"] == identity(clerk).fingerprint and ov["key_file"] == str(tmp_path / "xa.pub")
    assert ov["changed"] == 2
    (tmp_path / "bad.pub").write_text("{}", encoding="utf-8")
    with pytest.raises(AppError):
        remember_key_file(db, str(tmp_path / "bad.pub"))
    assert overview(db)["key_file"] == str(tmp_path / "xa.pub")  # a bad file is not remembered
    db.close()


# ---------------------------------------------------------------------- comparison views


def test_comparison_rows_hide_metadata_and_label_choices(tmp_path):
    from models.exchange.compare import choice_text, comparison_rows, version_origin
    from models.exchange.merge import row_to_version

    st = open_store(tmp_path / "b.db")
    st.set_settings({"role": "clerk", "user_name": "Cán bộ xã", "user_code": "C01", "province": "42",
                     "commune": "18073"})
    st.install_bundled_forms()
    from models.records.editor import create_record

    rid = create_record(st, "household_digital")
    ed = RecordEditor(st, rid)
    ed.set("consent", "1")
    rows = comparison_rows(st, [row_to_version(st.record(rid))], lang="en")
    paths = {r["path"] for r in rows}
    assert "consent" in paths and "start" not in paths and "today" not in paths and "deviceid" not in paths
    consent = next(r for r in rows if r["path"] == "consent")
    assert consent["kind"] == "select_one" and choice_text(consent, "1") == f"{consent['choices']['1']} (1)"
    assert consent["label"] == " ".join(st.form("household_digital").label("consent", "en").split())
    o = version_origin(st, rid, row_to_version(st.record(rid)))
    assert o["this_device"] and o["name"] == "Cán bộ xã" and o["role"] == "clerk"
    st.close()


def test_form_names_in_both_languages():
    from models.setup.form_names import short_title, title_for

    assert title_for("household_digital", "Khảo sát hộ", "vi") == "Khảo sát hộ"
    assert title_for("household_digital", "Khảo sát hộ", "en").startswith("Digital technology use survey")
    assert title_for("my_form", "Biểu mẫu của tôi", "en") == "my_form"
    assert title_for("my_form", "Biểu mẫu", "en", {"form_title::English (en)": "My form"}) == "My form"
    assert short_title("enterprise_digital", "", "en") == "Enterprise"


# ---------------------------------------------------------------------- read-only and damaged databases


def _run_unprivileged(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` the way a normal user would: as root, without the permission override."""
    cmd = [sys.executable, "-c", code]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=str(ROOT), timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


_PROBE = """
from models.base.errors import AppError
from models.store.database import open_store
try:
    open_store({path!r})
    print("OPENED")
except AppError as err:
    print(err.code.name)
    print(err.message("vi"))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_file_or_folder_is_refused_at_start_not_called_damaged(tmp_path):
    if os.geteuid() == 0 and subprocess.run(["setpriv", "--help"], capture_output=True).returncode != 0:
        pytest.skip("setpriv is needed to drop root's permission override")
    good = tmp_path / "good.db"
    open_store(good).close()
    ro_file = tmp_path / "rofile.db"
    ro_file.write_bytes(good.read_bytes())
    ro_file.chmod(0o444)
    out = _run_unprivileged(_PROBE.format(path=str(ro_file)))
    assert out.stdout.splitlines()[0] == "DB_READ_ONLY", out.stdout + out.stderr
    assert "chỉ đọc" in out.stdout and "Read-only" in out.stdout and "khôi phục" not in out.stdout.lower()
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "old.db").write_bytes(good.read_bytes())
    folder.chmod(0o555)
    try:
        for name in ("old.db", "new.db"):
            out = _run_unprivileged(_PROBE.format(path=str(folder / name)))
            assert out.stdout.splitlines()[0] == "DB_FOLDER_READ_ONLY", out.stdout + out.stderr
            assert str(folder) in out.stdout
        assert not (folder / "new.db").exists()
    finally:
        folder.chmod(0o755)
    out = _run_unprivileged(_PROBE.format(path=str(good)))
    assert out.stdout.strip() == "OPENED", out.stderr


def test_a_damaged_database_is_restored_and_kept_byte_for_byte(tmp_path):
    from models.store.backup import backup_now, restore

    st = make_db(tmp_path / "live.db")
    add_enterprise(st, "Công ty A")
    b = backup_now(st, tmp_path / "bk")
    st.close()
    damaged = os.urandom(8192)
    (tmp_path / "live.db").write_bytes(damaged)
    with pytest.raises(AppError) as e:
        open_store(tmp_path / "live.db")
    assert e.value.code is StoreCode.DB_CORRUPT
    safety = restore(tmp_path / "live.db", b.path)
    assert Path(safety).read_bytes() == damaged
    with open_store(tmp_path / "live.db") as st:
        assert st.count_records() == 1


def test_sync_messages_name_the_button_on_screen():
    import models.sync.openrosa  # noqa: F401  (registers the sync messages)

    err = SyncError(SyncCode.SYNC_NETWORK, server="https://odk.example.vn", detail="…")
    assert "Gửi ngay" in err.message("vi") and "Gửi lại" not in err.message("vi")
    assert "Send now" in err.message("en")

