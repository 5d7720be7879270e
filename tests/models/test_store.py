"""The local store: durability settings, migrations, records, audit, revisions, views, search."""

from models.base.driver import sqlite3

import pytest

from forms import load_form
from models.base.errors import AppError, FileCode
from models.records.editor import RecordEditor, create_record, set_deleted, set_status
from models.records.errors import RecordCode
from models.records.queries import RecordFilter, page
from models.store.database import open_store
from models.store.errors import StoreCode
from tests.helpers import md

FORM_V1 = md("""
| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | constraint | required | repeat_count | relevant | warning |
| | text | province | Tỉnh | Province | | | | | |
| | text | enum_name | Điều tra viên | Enumerator | | | | | |
| | text | head_name | Chủ hộ | Head | | yes | | | |
| | text | phone | Điện thoại | Phone | regex(., '^0[0-9]{9}$') | | | | |
| | text | village | Thôn | Village | | | | | |
| | integer | hh_size | Số người | People | . >= 1 and . <= 30 | yes | | | . <= 15 |
| | begin repeat | mem | Thành viên | Member | | | ${hh_size} | | |
| | text | m_name | Tên | Name | | yes | | | |
| | integer | m_age | Tuổi | Age | . <= 120 | yes | | | |
| | end repeat | | | | | | | | |
| settings |
| | form_id | version | default_language |
| | hh | 1 | Tiếng Việt (vi) |
""")
FORM_V2 = FORM_V1.replace("| | hh | 1 |", "| | hh | 2 |").replace(
    "| | text | village | Thôn | Village | | | | | |",
    "| | text | village | Thôn | Village | | | | | |\n| | text | email | Email | E-mail | | | | | |")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "t.db")
    s.set_settings({"role": "enumerator", "user_name": "Lê Thị Hoa", "user_code": "E07", "province": "42",
                    "commune": "18073"})
    s.add_form(load_form(FORM_V1))
    yield s
    s.close()


def test_pragmas_and_device_id(tmp_path):
    s = open_store(tmp_path / "a.db")
    assert s.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert s.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    dev = s.device_id
    assert len(dev) == 36
    s.close()
    s = open_store(tmp_path / "a.db")
    assert s.device_id == dev  # created once
    s.close()


def test_newer_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "n.db"
    open_store(path).close()
    c = sqlite3.connect(path)
    c.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('khaosat', 'm999_future', 'x')")
    c.commit()
    c.close()
    before = path.read_bytes()
    with pytest.raises(AppError) as e:
        open_store(path)
    assert e.value.code is StoreCode.DB_NEWER and "m999_future" in e.value.message("vi")
    assert path.read_bytes() == before


def test_pending_migrations_make_a_backup_first(tmp_path, monkeypatch):
    from models.store import migrations

    path = tmp_path / "m.db"
    open_store(path).close()

    @migrations.MIGRATIONS(name="m900_test_extra")
    def extra(db):
        db.execute("CREATE TABLE extra_test (x)")

    try:
        s = open_store(path)
        applied = len(migrations.known_names()) - 1  # every migration but the extra one (areas add their own)
        backups = list(tmp_path.glob(f"m.db.v{applied}.*.bak"))
        assert len(backups) == 1
        assert s.execute("SELECT count(*) FROM extra_test").fetchone()[0] == 0
        s.close()
    finally:
        migrations.MIGRATIONS._migrations.pop()


def test_not_a_database_is_refused(tmp_path):
    p = tmp_path / "x.db"
    p.write_text("hello, this is not sqlite")
    with pytest.raises(AppError) as e:
        open_store(p)
    assert e.value.code is StoreCode.DB_CORRUPT


def test_create_prefills_from_setup_and_records_audit(store):
    rid = create_record(store, "hh")
    rec = store.record(rid)
    assert rid.startswith("uuid:") and rec["status"] == "draft" and rec["form_version"] == "1"
    assert rec["answers"]["province"] == "42" and rec["answers"]["enum_name"] == "Lê Thị Hoa"
    assert rec["enumerator"] == "E07" and rec["device_id"] == store.device_id
    assert rec["rev"].startswith("1-") and rec["ancestry"] == []
    assert [a["action"] for a in store.audit(rid)] == ["create"]


def test_every_change_is_saved_and_audited(store):
    rid = create_record(store, "hh")
    ed = RecordEditor(store, rid)
    ed.set("head_name", "Nguyễn Văn An")
    ed.set("hh_size", "2")
    ed.set("mem[1].m_name", "Nguyễn Văn An")
    ed.set("mem[1].m_age", "45")
    ed.set("head_name", "Nguyễn Văn Ân")
    rec = store.record(rid)
    assert rec["answers"]["head_name"] == "Nguyễn Văn Ân" and rec["answers"]["mem"][0]["m_age"] == "45"
    assert rec["label"] == "Nguyễn Văn Ân"
    assert rec["last_path"] == "head_name"
    sets = [(a["path"], a["old"], a["new"]) for a in store.audit(rid) if a["action"] == "set"]
    assert sets[0] == ("head_name", None, "Nguyễn Văn An")
    assert sets[-1] == ("head_name", "Nguyễn Văn An", "Nguyễn Văn Ân")
    # member 2 is still missing its answers
    assert rec["issues"] == 2
    # a fresh editor (a reopened draft) sees everything
    again = RecordEditor(store, rid)
    assert again.session.value("mem[1].m_name") == "Nguyễn Văn An" and again.last_path == "head_name"


def test_revision_stays_while_unsealed_and_grows_after_sealing(store):
    rid = create_record(store, "hh")
    ed = RecordEditor(store, rid)
    ed.set("head_name", "A")
    r1 = store.record(rid)
    ed.set("head_name", "B")
    r2 = store.record(rid)
    assert r1["rev_gen"] == r2["rev_gen"] == 1 and r1["rev"] != r2["rev"]
    store.execute("UPDATE records SET sealed = 1 WHERE id = ?", [rid])
    ed.set("head_name", "C")
    r3 = store.record(rid)
    assert r3["rev_gen"] == 2 and r3["ancestry"] == [r2["rev"]] and r3["sealed"] == 0
    # identical content from the same parent gives the same revision id (CouchDB-style)
    from models.store.revisions import content_hash, make_rev

    assert r3["rev"] == make_rev(2, r2["rev"], content_hash(r3))


def test_status_workflow_and_complete_requires_no_open_issues(store):
    rid = create_record(store, "hh")
    ed = RecordEditor(store, rid)
    issues = ed.mark_complete()
    assert {i.path for i in issues} == {"head_name", "hh_size"}
    assert store.record(rid)["status"] == "draft"
    ed.set("head_name", "Trần B")
    ed.set("hh_size", "1")
    ed.set("mem[1].m_name", "Trần B")
    ed.set("mem[1].m_age", "50")
    assert ed.mark_complete() == [] and store.record(rid)["status"] == "complete"
    set_status(store, rid, "approved")
    with pytest.raises(AppError) as e:
        RecordEditor(store, rid).set("head_name", "X")
    assert e.value.code is RecordCode.RECORD_READ_ONLY
    with pytest.raises(AppError):
        set_status(store, rid, "draft")
    set_status(store, rid, "returned")
    ed = RecordEditor(store, rid)
    ed.set("head_name", "Trần Bình")
    assert store.record(rid)["status"] == "returned"
    statuses = [(a["old"], a["new"]) for a in store.audit(rid) if a["action"] == "status"]
    assert statuses == [("draft", "complete"), ("complete", "approved"), ("approved", "returned")]


def test_editing_a_complete_record_reopens_it(store):
    rid = create_record(store, "hh")
    ed = RecordEditor(store, rid)
    for p, v in [("head_name", "X"), ("hh_size", "1"), ("mem[1].m_name", "X"), ("mem[1].m_age", "30")]:
        ed.set(p, v)
    assert ed.mark_complete() == []
    ed.set("phone", "0912345678")
    assert store.record(rid)["status"] == "draft"


def test_soft_delete_and_restore(store):
    rid = create_record(store, "hh")
    set_deleted(store, rid, True)
    assert store.record(rid)["deleted"] == 1 and store.count_records(form_id="hh") == 0
    set_deleted(store, rid, False)
    assert store.count_records(form_id="hh") == 1
    assert [a["action"] for a in store.audit(rid)][-2:] == ["delete", "restore"]


def test_views_have_a_column_per_question_and_survive_a_new_version(store):
    rid = create_record(store, "hh")
    ed = RecordEditor(store, rid)
    ed.set("head_name", "Phạm C")
    ed.set("hh_size", "2")
    ed.set("mem[1].m_age", "40")
    ed.set("mem[2].m_age", "12")
    row = store.execute("SELECT _id, _status, head_name, hh_size FROM hh").fetchone()
    assert row == (rid, "draft", "Phạm C", 2)
    members = store.execute("SELECT _parent_id, _mem_line, m_age FROM hh__mem ORDER BY _mem_line").fetchall()
    assert members == [(rid, 1, 40), (rid, 2, 12)]
    store.add_form(load_form(FORM_V2))
    rid2 = create_record(store, "hh")
    RecordEditor(store, rid2).set("email", "a@b.vn")
    rows = store.execute("SELECT _form_version, email FROM hh ORDER BY _form_version").fetchall()
    assert rows == [("1", None), ("2", "a@b.vn")]
    # the old record keeps its version and its answers
    assert store.record(rid)["form_version"] == "1" and RecordEditor(store, rid).form.version == "1"


def test_same_version_with_other_content_is_refused(store):
    changed = FORM_V1.replace("Chủ hộ", "Tên chủ hộ")
    with pytest.raises(AppError) as e:
        store.add_form(load_form(changed))
    assert e.value.code is StoreCode.FORM_VERSION_CLASH
    assert store.add_form(load_form(FORM_V1)) is False  # the very same file: nothing to do


def test_full_text_search_ignores_diacritics(store):
    a = create_record(store, "hh")
    RecordEditor(store, a).set("head_name", "Nguyễn Thị Ánh")
    b = create_record(store, "hh")
    ed = RecordEditor(store, b)
    ed.set("head_name", "Trần Văn Bình")
    ed.set("phone", "0987654321")
    def search(text):  # the record list's search box
        return [r.id for r in page(store, RecordFilter(text=text))]

    assert search("nguyen anh") == [a]
    assert search("Bình") == [b]
    assert search("0987") == [b]
    assert search("tran van") == [b]
    assert search("zzz") == []
    assert sorted(search("")) == sorted([a, b])  # an empty box: the whole list


def test_disk_errors_become_clear_messages(store, monkeypatch):
    rid = create_record(store, "hh")
    ed = RecordEditor(store, rid)
    real = store.db.conn

    class FullDisk:
        """The real connection, except that writing the record fails as on a full disk."""

        def __getattr__(self, name):
            return getattr(real, name)

        def execute(self, sql, *args):
            if sql.startswith("UPDATE records"):
                raise sqlite3.OperationalError("database or disk is full")
            return real.execute(sql, *args)

    monkeypatch.setattr(store.db, "conn", FullDisk())
    with pytest.raises(AppError) as e:
        ed.set("head_name", "X")
    assert e.value.code is FileCode.DISK_FULL and "đầy" in e.value.message("vi")
    monkeypatch.undo()
    assert not real.in_transaction  # rolled back
    assert store.record(rid)["answers"].get("head_name") is None
    assert [a["action"] for a in store.audit(rid)] == ["create"]  # no audit row without the change


def test_a_save_waits_for_another_writer_instead_of_failing(store, tmp_path):
    """Two connections: a read-then-write save must not fail because the other committed between."""
    import threading

    from models.store.database import open_store

    rid = create_record(store, "hh")
    ed = RecordEditor(store, rid)
    other = open_store(store.path)
    started, release = threading.Event(), threading.Event()

    def hold_lock():
        with other.write():
            other.execute("UPDATE settings SET value = value WHERE key = 'device_id'")
            started.set()
            release.wait(5)

    t = threading.Thread(target=hold_lock)
    t.start()
    started.wait(5)
    threading.Timer(0.3, release.set).start()
    ed.set("head_name", "Chờ được")  # blocks until the other writer commits, then saves
    t.join()
    other.close()
    assert store.record(rid)["answers"]["head_name"] == "Chờ được"


def test_an_editor_never_overwrites_a_version_it_has_not_seen(store):
    rid = create_record(store, "hh")
    open_window = RecordEditor(store, rid)  # e.g. an entry window left open
    RecordEditor(store, rid).set("village", "Thôn 5")  # the record changes elsewhere meanwhile
    open_window.set("head_name", "Ngô Văn C")  # goes on top of the newer version
    rec = store.record(rid)
    assert rec["answers"]["village"] == "Thôn 5" and rec["answers"]["head_name"] == "Ngô Văn C"
    assert open_window.session.value("village") == "Thôn 5"  # the editor now holds the newer version
    RecordEditor(store, rid).set("phone", "0912345678")
    with pytest.raises(AppError) as e:
        open_window.set("phone", "0987654321")  # the same answer changed elsewhere: refused
    assert e.value.code is RecordCode.RECORD_FIELD_CHANGED and "phone" in e.value.message("vi")
    assert store.record(rid)["answers"]["phone"] == "0912345678"
    assert open_window.session.value("phone") == "0912345678"


def test_approved_records_cannot_be_completed_again_or_edited(store):
    rid = create_record(store, "hh")
    ed = RecordEditor(store, rid)
    for p, v in [("head_name", "X"), ("hh_size", "1"), ("mem[1].m_name", "X"), ("mem[1].m_age", "30")]:
        ed.set(p, v)
    assert ed.mark_complete() == []
    set_status(store, rid, "approved")
    ed = RecordEditor(store, rid)
    assert ed.read_only
    with pytest.raises(AppError) as e:
        ed.mark_complete()
    assert e.value.code is RecordCode.RECORD_READ_ONLY
    with pytest.raises(AppError):
        set_status(store, rid, "complete")  # only sending back leaves "approved"
    assert store.record(rid)["status"] == "approved"


def test_saves_of_different_answers_under_contention_retry_on_their_own(store):
    """Issue 16 #7: two sessions saving different questions of one record got a false RECORD_CHANGED
    when the other saved again between the reload and the second try: the person had to retype."""
    rid = create_record(store, "hh")
    a, b = RecordEditor(store, rid), RecordEditor(store, rid)
    save, n = a._save, [0]

    def racing(*args, **kw):
        if n[0] < 4:  # the other session saves another answer just before each of this one's tries
            n[0] += 1
            b.set("phone", f"091234567{n[0]}")
        return save(*args, **kw)

    a._save = racing
    a.set("village", "Thôn 9")
    rec = store.record(rid)
    assert rec["answers"]["village"] == "Thôn 9" and rec["answers"]["phone"] == "0912345674" and n[0] == 4
    # the same answer changed by the other session is still refused, for a person to look at
    a._save = save
    RecordEditor(store, rid).set("village", "Thôn 10")
    with pytest.raises(AppError) as e:
        a.set("village", "Thôn 11")
    assert e.value.code is RecordCode.RECORD_FIELD_CHANGED


def test_control_characters_an_answer_cannot_hold_are_removed_and_said_so(store):
    """Issue 16 #7: set() removed NUL and other control characters silently."""
    rid = create_record(store, "hh")
    ed = RecordEditor(store, rid)
    ch = ed.set("head_name", "Ngô\x00 Văn\x0b C")
    assert ch.cleaned == {"head_name"} and store.record(rid)["answers"]["head_name"] == "Ngô Văn C"
    ch = ed.set("village", "Thôn\t5")  # a tab is text an answer may hold
    assert not ch.cleaned and store.record(rid)["answers"]["village"] == "Thôn\t5"
