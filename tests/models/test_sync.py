"""Network sync (models/sync/service.py) against the local OpenRosa server: what is sent, what is recorded,
and what happens when the network or the server misbehaves."""

from __future__ import annotations

import os
from models.base.driver import sqlite3

import keyring
import pytest
from lxml import etree

from forms import load_form
from models.base.errors import AppError
from models.records.editor import RecordEditor, set_deleted, set_status
from models.store.database import open_store
from models.sync import credentials
from models.sync.errors import SyncCode
from models.sync.openrosa import check_instance
from models.sync.service import (
    RetryPolicy,
    SyncSettings,
    build_instance,
    conflicts,
    load_settings,
    log_entries,
    queue_state,
    resolve_conflict,
    run_sync,
    save_settings,
)
from tests.openrosa_server import OpenRosaTestServer, Submission
from tests.sync_fixtures import MemoryKeyring, fill_record, form_md, make_db

PW = "mật-khẩu đúng"


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch):
    kr = MemoryKeyring()
    prev = keyring.get_keyring()
    keyring.set_keyring(kr)
    monkeypatch.delenv(credentials.ENV_PASSWORD, raising=False)
    yield kr
    keyring.set_keyring(prev)


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "xa.db")
    make_db(path, records=3)
    return path


@pytest.fixture
def srv():
    with OpenRosaTestServer() as s:
        s.publish("dn_sync", "2024.1")
        yield s


def sync(db, srv, *, password=PW, attempts=3, settings=None, **kw):
    settings = settings or SyncSettings(server=srv.url, user="canbo")
    with open_store(db, create=False) as st:
        gen = run_sync(st, settings, password=password, retry=RetryPolicy(attempts=attempts, base_delay=0.001),
                       **kw)
        ticks = []
        while True:
            try:
                ticks.append(next(gen))
            except StopIteration as stop:
                summary = stop.value
                summary.ticks = ticks
                return summary


def outbox(db):
    con = sqlite3.connect(db)
    try:
        cur = con.execute("SELECT record_id, rev, instance_id, deprecated_id, state, http_status, attempts, xml "
                          "FROM sync_outbox ORDER BY id")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur]
    finally:
        con.close()


def records(db):
    with open_store(db) as st:
        return {r[0]: {"rev": r[1], "sealed": r[2], "label": r[3]}
                for r in st.execute("SELECT id, rev, sealed, label FROM records ORDER BY created_at")}


# ---------------------------------------------------------------------- the normal path


def test_first_sync_sends_each_record_once_and_records_the_answer(db, srv):
    s = sync(db, srv)
    assert s.line() == "sent=3 already=0 failed=0 skipped=0"
    assert len(srv.posts()) == 3 and len(srv.submissions) == 3
    form = load_form(form_md())
    recs = records(db)
    with open_store(db) as st:
        for rid in recs:
            xml = srv.instance(rid)  # the record id is the instanceID of the first copy
            assert xml is not None
            assert check_instance(xml, form.xform) == []
            assert xml == build_instance(st, rid, rid)  # exactly what the engine makes
            assert etree.fromstring(xml).findtext("unit_name") == recs[rid]["label"]
    rows = outbox(db)
    assert [(r["state"], r["http_status"], r["deprecated_id"]) for r in rows] == [("sent", 201, "")] * 3
    assert all(v["sealed"] == 1 for v in recs.values())  # the revision has left the device
    with open_store(db) as st:
        log = log_entries(st)
        assert [e["outcome"] for e in log] == ["run", "sent", "sent", "sent"]
        assert log[1]["message"] == "Đã gửi; máy chủ xác nhận (HTTP 201)."
        assert log_entries(st, lang="en")[1]["message"] == "Sent; the server confirmed it (HTTP 201)."
        assert log[0]["message"].startswith("Kết quả gửi: 3 phiếu đã gửi")
    post = srv.posts()[0]
    assert post["headers"]["X-OpenRosa-Version"] == "1.0" and post["auth"]
    assert post["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")


def test_second_sync_sends_nothing_again(db, srv):
    sync(db, srv)
    n = len(srv.requests)
    s = sync(db, srv)
    assert s.line() == "sent=0 already=3 failed=0 skipped=0"
    assert [r["method"] for r in srv.requests[n:]] == ["HEAD", "GET"]  # preflight and form list only


def test_approving_after_sending_changes_no_answer_so_nothing_is_resent(db, srv):
    sync(db, srv)
    rid = next(iter(records(db)))
    with open_store(db) as st:
        set_status(st, rid, "approved")
    s = sync(db, srv)
    assert s.line() == "sent=0 already=3 failed=0 skipped=0"
    assert len(srv.posts()) == 3
    assert records(db)[rid]["sealed"] == 1


def test_a_corrected_record_goes_as_new_instance_with_deprecated_id(db, srv):
    sync(db, srv)
    rid = next(iter(records(db)))
    with open_store(db) as st:
        ed = RecordEditor(st, rid)
        ed.set("workers", "99")
        assert ed.mark_complete() == []
    s = sync(db, srv)
    assert s.line() == "sent=1 already=2 failed=0 skipped=0"
    rows = [r for r in outbox(db) if r["record_id"] == rid]
    assert len(rows) == 2
    new = rows[-1]
    assert new["instance_id"] != rid and new["instance_id"].startswith("uuid:")
    assert new["deprecated_id"] == rid and new["state"] == "sent"
    root = etree.fromstring(srv.instance(new["instance_id"]))
    assert root.findtext("meta/deprecatedID") == rid and root.findtext("workers") == "99"
    assert [s.current for s in srv.submissions if s.versions[0][0] == rid] == [new["instance_id"]]
    # a second correction deprecates the copy the server accepted last
    with open_store(db) as st:
        ed = RecordEditor(st, rid)
        ed.set("workers", "100")
        ed.mark_complete()
    sync(db, srv)
    last = outbox(db)[-1]
    assert last["deprecated_id"] == new["instance_id"] and last["state"] == "sent"
    assert len(srv.submissions) == 3 and len(srv.submissions[0].versions) == 3
    with open_store(db) as st:
        assert "bản sửa" in log_entries(st)[1]["message"]


def test_only_complete_or_approved_and_not_deleted_records_go(tmp_path, srv):
    path = str(tmp_path / "x.db")
    ids = make_db(path, records=4)
    with open_store(path) as st:
        ed = RecordEditor(st, ids[0])
        ed.set("workers", "5")  # a clerk's correction keeps it complete ...
        set_status(st, ids[0], "draft")  # ... so it is put back to draft explicitly
        set_deleted(st, ids[1], True)
        set_status(st, ids[2], "approved")
        fill_record(st, "Bản nháp")  # a draft
    s = sync(path, srv)
    assert s.sent == 2 and sorted(srv.current_instances()) == sorted(ids[2:])
    # configurable: approved only
    path2 = str(tmp_path / "y.db")
    ids2 = make_db(path2, records=2)
    with open_store(path2) as st:
        set_status(st, ids2[0], "approved")
    s = sync(path2, srv, settings=SyncSettings(server=srv.url, user="canbo", statuses=("approved",)))
    assert s.sent == 1 and srv.instance(ids2[0]) is not None and srv.instance(ids2[1]) is None


# ---------------------------------------------------------------------- refusals and conflicts


def test_409_same_id_different_xml_waits_for_a_person(db, srv):
    rid = next(iter(records(db)))
    with open_store(db) as st:
        other = build_instance(st, rid, rid).replace(b"<workers>10</workers>", b"<workers>77</workers>")
    srv.submissions.append(Submission([(rid, other)]))
    s = sync(db, srv)
    assert s.line() == "sent=2 already=0 failed=1 skipped=0" and s.conflicts == 1
    assert srv.instance(rid) == other  # nothing overwritten
    with open_store(db) as st:
        c = conflicts(st)
        assert len(c) == 1 and c[0]["record_id"] == rid and c[0]["actions"] == ["replace", "separate",
                                                                                 "keep_server"]
        assert "different XML" in c[0]["detail"]
        msg = next(e for e in log_entries(st) if e["outcome"] == "conflict")["message"]
        assert "cùng mã nhưng nội dung khác" in msg and "409" in msg
    assert records(db)[rid]["sealed"] == 0  # not confirmed, not sealed
    # the next run does not resend it, and counts it as in the first run: not sent, waiting (issue 14 item 5)
    n = len(srv.posts())
    s = sync(db, srv)
    assert s.line() == "sent=0 already=2 failed=1 skipped=0" and s.conflicts == 1 and len(srv.posts()) == n
    assert any("chờ quyết định" in m for m in s.messages("vi"))
    # a person decides: replace the server's copy with ours
    with open_store(db) as st:
        resolve_conflict(st, c[0]["id"], "replace")
        assert conflicts(st) == []
    s = sync(db, srv)
    assert s.sent == 1 and s.failed == 0
    row = outbox(db)[-1]
    assert row["deprecated_id"] == rid and row["state"] == "sent"
    sub = next(x for x in srv.submissions if x.versions[0][0] == rid)
    assert sub.current == row["instance_id"] and b"<workers>10</workers>" in sub.versions[-1][1]


@pytest.mark.parametrize("action", ["separate", "keep_server"])
def test_other_decisions_on_a_conflict(db, srv, action):
    rid = next(iter(records(db)))
    srv.submissions.append(Submission([(rid, b'<data id="dn_sync" version="2024.1"><meta><instanceID>'
                                             + rid.encode() + b"</instanceID></meta></data>")]))
    sync(db, srv)
    with open_store(db) as st:
        resolve_conflict(st, conflicts(st)[0]["id"], action)
    s = sync(db, srv)
    mine = [r for r in outbox(db) if r["record_id"] == rid]
    if action == "separate":
        assert s.sent == 1 and mine[-1]["deprecated_id"] == "" and mine[-1]["instance_id"] != rid
        assert len(srv.submissions) == 4  # both copies on the server
    else:
        assert s.line() == "sent=0 already=3 failed=0 skipped=0" and mine[-1]["state"] == "ignored"
        assert len(srv.submissions) == 3


def test_correction_of_a_copy_edited_on_the_server_is_a_conflict(db, srv):
    sync(db, srv)
    rid = next(iter(records(db)))
    sub = next(x for x in srv.submissions if x.versions[0][0] == rid)
    sub.versions.append(("uuid:edited-on-central", b"<data/>"))  # someone edited it in Central
    with open_store(db) as st:
        ed = RecordEditor(st, rid)
        ed.set("workers", "41")
        ed.mark_complete()
    s = sync(db, srv)
    assert s.failed == 1 and s.conflicts == 1
    with open_store(db) as st:
        c = conflicts(st)[0]
        assert c["deprecated_id"] == rid and "out of date" in c["detail"]
        assert c["actions"] == ["separate", "keep_server"]  # replacing would be refused again
        with pytest.raises(AppError):
            resolve_conflict(st, c["id"], "replace")


def test_wrong_password_exits_with_a_clear_message_and_marks_nothing(db, srv):
    with pytest.raises(AppError) as e:
        sync(db, srv, password="sai rồi")
    assert e.value.code is SyncCode.SYNC_AUTH
    assert "từ chối đăng nhập" in e.value.message("vi")
    assert outbox(db) == [] and srv.posts() == []
    with open_store(db) as st:
        assert log_entries(st)[0]["code"] == "SYNC_AUTH"


def test_no_credentials_at_all(db, srv):
    with pytest.raises(AppError) as e:
        sync(db, srv, password=None)
    assert e.value.code is SyncCode.SYNC_NO_PASSWORD and "SURVEY_SYNC_PASSWORD" in e.value.message("vi")
    assert srv.requests == []


def test_server_refusing_a_post_without_credentials_is_401_not_a_challenge(srv):
    # what Central does for an anonymous submission: 401, no WWW-Authenticate header
    import http.client

    from models.sync.openrosa import multipart_body

    body, ctype = multipart_body([("xml_submission_file", "s.xml", b"<data/>", "text/xml")])
    c = http.client.HTTPConnection("127.0.0.1", int(srv.base.rsplit(":", 1)[1]))
    c.request("POST", "/v1/projects/7/submission", body, {"Content-Type": ctype, "X-OpenRosa-Version": "1.0"})
    r = c.getresponse()
    assert r.status == 401 and r.getheader("WWW-Authenticate") is None
    c.close()


def test_captive_portal_marks_nothing_sent(db, srv):
    srv.captive = True
    with pytest.raises(AppError) as e:
        sync(db, srv)
    assert e.value.code is SyncCode.SYNC_CAPTIVE and "Wi-Fi" in e.value.message("vi")
    assert outbox(db) == [] and srv.submissions == []


def test_captive_portal_appearing_mid_run_keeps_the_copy_pending(db, srv):
    # preflight and form list pass, then the portal answers 200 to the POSTs
    with open_store(db, create=False) as st:
        sync_gen = run_sync(st, SyncSettings(server=srv.url, user="canbo"), password=PW,
                            retry=RetryPolicy(attempts=2, base_delay=0.001))
        next(sync_gen)  # checking
        next(sync_gen)  # first record about to go (preflight + form list done)
        srv.captive = True
        with pytest.raises(AppError) as e:
            while True:
                next(sync_gen)
    assert e.value.code is SyncCode.SYNC_CAPTIVE
    rows = outbox(db)
    assert [r["state"] for r in rows] == ["pending"] and srv.submissions == []
    srv.captive = False
    assert sync(db, srv).sent == 3
    assert len(srv.submissions) == 3


# ---------------------------------------------------------------------- network faults, resuming


@pytest.mark.parametrize("fault", ["before", "after", "mid"])
def test_dropped_connection_is_retried_and_never_duplicates(db, srv, fault):
    srv.drops = [fault]
    s = sync(db, srv)
    assert s.line() == "sent=3 already=0 failed=0 skipped=0"
    assert len(srv.submissions) == 3  # the resend after 'after' was an identical resend: 201, no duplicate
    first = outbox(db)[0]
    assert first["attempts"] == 2 and first["state"] == "sent"


def test_server_stays_unreachable_then_the_application_is_closed_and_resumes(db, srv):
    srv.drops = ["after"] * 3  # the server stores the first copy but the answer never arrives
    s = sync(db, srv, attempts=3)
    assert s.line() == "sent=0 already=0 failed=3 skipped=0"
    rows = outbox(db)
    assert [r["state"] for r in rows] == ["pending"] and rows[0]["attempts"] == 3
    assert len(srv.submissions) == 1  # the server does have it; we do not know
    assert all(v["sealed"] == 0 for v in records(db).values())
    with open_store(db) as st:
        msgs = [e["message"] for e in log_entries(st)]
        assert any("mất kết nối" in m.lower() for m in msgs)
        # the network detail was stored with the log line in both languages: each reader gets theirs
        assert any("kết nối bị ngắt giữa chừng" in m for m in msgs) and not any("dropped" in m for m in msgs)
        assert any("connection dropped" in e["message"] for e in log_entries(st, lang="en"))
        assert queue_state(st) == {"pending": 1}
    # later (a new process): the pending copy goes again byte for byte, the server answers 201
    pending_xml = rows[0]["xml"]
    s = sync(db, srv)
    assert s.line() == "sent=3 already=0 failed=0 skipped=0"
    assert len(srv.submissions) == 3
    assert srv.instance(rows[0]["instance_id"]) == pending_xml
    assert sum(1 for p in srv.posts() if p["status"] == 201) == 3


def test_pending_copy_goes_first_when_the_record_changed_meanwhile(db, srv):
    srv.drops = ["after"] * 2
    sync(db, srv, attempts=2)
    rid = outbox(db)[0]["record_id"]
    with open_store(db) as st:
        ed = RecordEditor(st, rid)
        ed.set("workers", "55")
        ed.mark_complete()
    s = sync(db, srv)
    assert s.sent == 3 and s.failed == 0
    mine = [r for r in outbox(db) if r["record_id"] == rid]
    assert [r["state"] for r in mine] == ["sent", "sent"]
    assert mine[1]["deprecated_id"] == mine[0]["instance_id"] == rid
    sub = next(x for x in srv.submissions if x.versions[0][0] == rid)
    assert len(sub.versions) == 2 and b"<workers>55</workers>" in sub.versions[-1][1]


def test_server_errors_are_retried_with_backoff(db, srv):
    srv.errors = [500, 503]
    waits = []
    s = sync(db, srv, attempts=4, sleep=waits.append)
    assert s.sent == 3 and waits == [0.001, 0.002]
    srv.errors = [500] * 3
    with open_store(db) as st:
        ed = RecordEditor(st, next(iter(records(db))))
        ed.set("workers", "1")
        ed.mark_complete()
    s = sync(db, srv, attempts=3)
    assert s.failed == 1 and outbox(db)[-1]["state"] == "pending"
    assert sync(db, srv).sent == 1


def test_unreachable_at_the_start(db):
    with OpenRosaTestServer() as gone:
        url = gone.url
    with pytest.raises(AppError) as e, open_store(db, create=False) as st:
        run = run_sync(st, SyncSettings(server=url, user="canbo"), password=PW,
                       retry=RetryPolicy(attempts=2, base_delay=0.001))
        while True:
            next(run)
    assert e.value.code is SyncCode.SYNC_NETWORK and "Internet" in e.value.message("vi")


def test_retry_policy_backs_off_exponentially():
    assert list(RetryPolicy(attempts=6, base_delay=1, factor=2, max_delay=10).delays()) == [1, 2, 4, 8, 10]


# ---------------------------------------------------------------------- forms on the server


def test_form_missing_on_the_server_writes_the_xform_to_upload(tmp_path):
    path = str(tmp_path / "xa.db")
    make_db(path, records=2)
    with OpenRosaTestServer() as srv:
        s = sync(path, srv)
    assert s.line() == "sent=0 already=0 failed=0 skipped=2"
    out = tmp_path / "dn_sync-2024.1.xml"
    assert s.xform_files == [str(out)]
    assert out.read_text(encoding="utf-8") == load_form(form_md()).xform
    # Central leaves a closed form, or one this user may not send to, out of the form list too: the
    # message names the three causes (issue 14 item 4)
    assert "không cho người dùng này gửi vào biểu mẫu 'dn_sync'" in s.messages("vi")[0]
    assert str(out) in s.messages("vi")[0]
    assert "closed" in s.messages("en")[0] and "no access" in s.messages("en")[0]


def test_form_older_on_the_server(tmp_path):
    path = str(tmp_path / "xa.db")
    make_db(path, records=1, version="2024.2")
    folder = tmp_path / "cho-tinh"
    with OpenRosaTestServer() as srv:
        srv.publish("dn_sync", "2024.1")
        s = sync(path, srv, settings=SyncSettings(server=srv.url, user="canbo", xform_dir=str(folder)))
        assert s.skipped == 1 and srv.posts() == []
        assert (folder / "dn_sync-2024.2.xml").exists()
        assert "cũ hơn" in s.messages()[0]
        # the province publishes the new version: the records go
        srv.publish("dn_sync", "2024.2")
        assert sync(path, srv).sent == 1


def test_server_with_a_newer_version_still_gets_older_records_or_says_why(tmp_path):
    path = str(tmp_path / "xa.db")
    make_db(path, records=1, version="2024.1")
    with OpenRosaTestServer() as srv:
        srv.publish("dn_sync", "2025.1")  # only the newer version: the old one is unknown there
        s = sync(path, srv)
        assert s.failed == 1
        assert outbox(path)[0]["state"] == "failed"
        with open_store(path) as st:
            msg = log_entries(st)[1]["message"]
        assert "phiên bản '2024.1'" in msg and "dn_sync-2024.1.xml" in msg
        srv.publish("dn_sync", "2024.1")  # Central keeps published versions
        assert sync(path, srv).sent == 1
        assert len(srv.submissions) == 1


# ---------------------------------------------------------------------- Kobo, app users, secrets


def test_kobo_duplicate_202_counts_as_already(db):
    with OpenRosaTestServer(kobo=True) as srv:
        srv.publish("dn_sync", "2024.1")
        settings = SyncSettings(server=srv.base + "/canbo", user="canbo")
        srv.drops = ["after"]
        s = sync(db, srv, settings=settings)
        assert s.line() == "sent=2 already=1 failed=0 skipped=0"
        assert len(srv.submissions) == 3
        assert all(p["path"].split("?")[0] == "/canbo/submission" for p in srv.posts())


def test_app_user_link_needs_no_password(db, srv):
    s = sync(db, srv, password=None, settings=SyncSettings(server=srv.app_user_link))
    assert s.sent == 3 and not any(r["auth"] for r in srv.requests)
    with pytest.raises(AppError) as e:
        sync(db, srv, password=None, settings=SyncSettings(server=srv.app_user_link.replace(srv.token, "x")))
    assert e.value.code is SyncCode.SYNC_AUTH


def test_settings_keep_secrets_in_the_key_store_only(db, srv, memory_keyring):
    with open_store(db) as st:
        save_settings(st, SyncSettings(server=srv.url, user="canbo"), password=PW)
        loaded = load_settings(st)
    # the project is kept only as the project (the address without it), so it can be changed later
    assert (loaded.server, loaded.user, loaded.project) == (srv.url.split("/v1/")[0], "canbo", "7")
    assert loaded.endpoint().url("submission") == srv.url + "/submission"
    assert list(memory_keyring.items.values()) == [PW]
    s = sync(db, srv, password=None, settings=loaded)  # the password comes from the key store
    assert s.sent == 3
    # an app-user link: the token goes to the key store, the database keeps the address without it
    with open_store(db) as st:
        save_settings(st, SyncSettings(server=srv.app_user_link))
        assert st.setting("sync_server") == srv.url.split("/v1/")[0] and st.setting("sync_auth") == "token"
        assert st.setting("sync_project") == "7"
        loaded = load_settings(st)
    assert loaded.token == srv.token and loaded.endpoint().uses_token
    assert sync(db, srv, password=None, settings=loaded).already == 3
    raw = b"".join(open(p, "rb").read() for p in (db, db + "-wal") if os.path.exists(p))
    assert PW.encode() not in raw and srv.token.encode() not in raw


def test_environment_password_for_scripts(db, srv, monkeypatch):
    monkeypatch.setenv(credentials.ENV_PASSWORD, PW)
    assert sync(db, srv, password=None).sent == 3


def test_keyring_failure_is_a_clear_message(db, srv):
    from keyring.backends import fail

    prev = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with open_store(db) as st, pytest.raises(AppError) as e:
            save_settings(st, SyncSettings(server=srv.url, user="canbo"), password=PW)
        # the address, project and user are kept anyway; the message says the password was not and
        # how to send without a key store (type it for each sending)
        assert e.value.code is SyncCode.SYNC_KEYRING_SAVED
        assert "Gửi ngay" in e.value.message("vi") and "Send now" in e.value.message("en")
        assert "Keyring" not in e.value.message("vi")  # no library text in the message
        assert not credentials.keyring_usable()
        with open_store(db) as st:
            loaded = load_settings(st)
        assert (loaded.server, loaded.project, loaded.user) == (srv.url.split("/v1/")[0], "7", "canbo")
        assert sync(db, srv, password=PW, settings=loaded).sent == 3  # the password typed for this sending
    finally:
        keyring.set_keyring(prev)


def test_cancel_stops_between_records(db, srv):
    import threading

    from models.base.errors import Cancelled

    cancel = threading.Event()
    with open_store(db, create=False) as st:
        gen = run_sync(st, SyncSettings(server=srv.url, user="canbo"), password=PW, cancel=cancel,
                       retry=RetryPolicy(base_delay=0.001))
        next(gen)
        next(gen)
        next(gen)  # the first record has gone when the second is announced
        cancel.set()
        with pytest.raises(Cancelled):
            next(gen)
    assert [r["state"] for r in outbox(db)] == ["sent"]


# ---------------------------------------------------------------------- the real questionnaires


@pytest.mark.parametrize("form_id, scenario", [("enterprise_digital", "enterprise_interview.json"),
                                               ("household_digital", "household_of_five.json")])
def test_bundled_questionnaires_go_as_instances_of_their_xform(tmp_path, form_id, scenario):
    import json
    from pathlib import Path

    from models.records.editor import create_record, save_session

    answers = json.loads((Path(__file__).resolve().parents[1] / "forms" / "scenarios" / scenario)
                         .read_text(encoding="utf-8"))
    path = str(tmp_path / "tinh.db")
    with open_store(path) as st:
        st.set_settings({"role": "clerk", "user_name": "Lan", "commune": "18073", "province": "42"})
        st.install_bundled_forms()
        form = st.form(form_id)
        rid = create_record(st, form_id)
        ed = RecordEditor(st, rid)
        ed.session.load(answers)
        save_session(st, rid, ed.session, action="import")
        set_status(st, rid, "complete")
        expected = build_instance(st, rid, rid)
    assert check_instance(expected, form.xform) == []
    with OpenRosaTestServer() as srv:
        srv.publish(form.form_id, form.version, form.xform)
        s = sync(path, srv)
        assert s.sent == 1
        got = srv.instance(rid)
    assert got == expected
    root = etree.fromstring(got)
    assert (root.get("id"), root.get("version")) == (form.form_id, form.version)
    if form_id == "household_digital":
        assert len(root.findall(".//mem")) == len(answers["mem"])
