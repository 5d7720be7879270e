"""Erasure of one respondent's personal data (issue 18): everywhere in the database, in the audit trail
without the values, travelling in packages A -> B -> C, sticky against packages that still carry the
old values, applied from a trusted sender or the owner and held otherwise, and surviving a restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forms import load_form
from models.base.errors import AppError
from models.exchange import erase
from models.exchange.errors import EraseCode
from models.exchange.packages import export_package, trust_sender
from models.records.editor import RecordEditor, create_record
from models.store.errors import StoreCode
from tests.models.pkg_helpers import check_derived, import_files, make_db

PERSON = """| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | pii |
| | text | resp_name | Họ tên người trả lời | Respondent | hash |
| | text | cccd | Số CCCD | ID card number | hash |
| | text | phone | Số điện thoại | Phone | blank |
| | text | village | Thôn | Village | no |
| | integer | hh_size | Số nhân khẩu | Household size | no |
| | begin repeat | mem | Thành viên | Member | |
| | text | m_name | Họ tên | Name | yes |
| | integer | m_byear | Năm sinh | Year of birth | |
| | end repeat | | | | |
| settings |
| | form_id | version | default_language | form_title | instance_name |
| | pii_hh | 1 | Tiếng Việt (vi) | Hộ gia đình | concat(${resp_name}, ' - ', ${village}) |
"""

NAME, CCCD, PHONE, MEMBER = "Trịnh Thị Xuyến", "036189004217", "0912345678", "Lò Văn Khởi"


def db(path, **kw):
    store = make_db(path, forms=False, **kw)
    store.add_form(load_form(PERSON))
    return store


def interview(store, *, name=NAME, cccd=CCCD, phone=PHONE, member=MEMBER) -> str:
    rid = create_record(store, "pii_hh")
    ed = RecordEditor(store, rid)
    ed.set("resp_name", name)
    ed.set("cccd", cccd)
    ed.set("phone", phone)
    ed.set("village", "Thôn 3")
    ed.set("hh_size", "4")
    ed.add_instance("mem")
    ed.set("mem[1].m_name", member)
    ed.set("mem[1].m_byear", "1950")
    assert ed.mark_complete() == []
    return rid


def key_of(store) -> str:
    from models.exchange.keys import identity

    return identity(store).fingerprint


def raw_bytes(path) -> bytes:
    out = b""
    for p in (Path(path), Path(f"{path}-wal")):
        if p.exists():
            out += p.read_bytes()
    return out


def personal_values_anywhere(store, path) -> list[str]:
    """The personal values found in the raw bytes of the database file and its WAL, or through SQL in any
    table (every text column of every row)."""
    found = []
    blob = raw_bytes(path)
    for v in (NAME, CCCD, PHONE, MEMBER):
        if v.encode("utf-8") in blob:
            found.append(f"bytes:{v}")
    tables = [r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for t in tables:
        for row in store.execute(f'SELECT * FROM "{t}"'):
            text = " ".join(str(x) for x in row if isinstance(x, str))
            for v in (NAME, CCCD, PHONE, MEMBER):
                if v in text:
                    found.append(f"{t}:{v}")
    return found


def test_an_erasure_removes_the_values_everywhere_and_keeps_that_it_happened(tmp_path):
    a = db(tmp_path / "a.db")
    rid = interview(a)
    other = interview(a, name="Phạm Văn Đồng", cccd="001122334455", phone="0987000111", member="Hà Thị Mai")
    assert personal_values_anywhere(a, tmp_path / "a.db")  # the check can see them before

    res = erase.erase_record(a, rid, reason="Người trả lời yêu cầu xoá (đơn ngày 05/12)")

    assert res.fields == ["resp_name", "cccd", "phone", "m_name"]
    assert personal_values_anywhere(a, tmp_path / "a.db") == []
    rec = a.record(rid)
    assert rec["answers"]["village"] == "Thôn 3" and rec["answers"]["hh_size"] == "4"
    assert rec["answers"]["mem"][0]["m_byear"] == "1950" and "m_name" not in rec["answers"]["mem"][0]
    assert "resp_name" not in rec["data"] and "cccd" not in rec["answers"]
    assert rec["status"] == "complete" and rec["deleted"] == 0
    # the other record is untouched
    assert a.record(other)["answers"]["resp_name"] == "Phạm Văn Đồng"
    # the audit trail says who, when, which fields and why, never the values
    rows = [r for r in a.audit(rid) if r["action"] == "erase"]
    assert len(rows) == 1
    assert rows[0]["user"] == "Nguyễn Văn An" and rows[0]["path"] == "resp_name,cccd,phone,m_name"
    assert rows[0]["new"] == "Người trả lời yêu cầu xoá (đơn ngày 05/12)" and rows[0]["old"] is None
    sets = [r for r in a.audit(rid) if r["action"] == "set"]
    assert {r["path"] for r in sets} >= {"resp_name", "cccd", "phone", "village"}
    assert all(r["old"] is None and r["new"] is None for r in sets if r["path"] in ("resp_name", "cccd", "phone"))
    assert any(r["new"] == "Thôn 3" for r in sets if r["path"] == "village")
    check_derived(a)
    # the search no longer finds it by name or number
    assert a.execute("SELECT count(*) FROM records_fts WHERE records_fts MATCH ?", [CCCD]).fetchone()[0] == 0
    assert a.execute("SELECT count(*) FROM records_fts WHERE records_fts MATCH ?", ["001122334455"]).fetchone()[0] == 1


def test_bad_input_changes_nothing(tmp_path):
    a = db(tmp_path / "a.db")
    rid = interview(a)
    before = a.record(rid)
    with pytest.raises(AppError) as err:
        erase.erase_record(a, rid, reason="  ")
    assert err.value.code is EraseCode.ERASE_NO_REASON
    with pytest.raises(AppError) as err:
        erase.erase_record(a, rid, reason="yêu cầu", fields=["hh_size"])
    assert err.value.code is EraseCode.ERASE_NOT_PERSONAL and "resp_name" in str(err.value)
    with pytest.raises(AppError) as err:
        erase.erase_record(a, "uuid:nope", reason="yêu cầu")
    assert err.value.code is StoreCode.RECORD_NOT_FOUND
    assert a.record(rid) == before
    assert a.execute("SELECT count(*) FROM erasures").fetchone()[0] == 0


def test_one_field_only(tmp_path):
    a = db(tmp_path / "a.db")
    rid = interview(a)
    erase.erase_record(a, rid, reason="yêu cầu", fields=["cccd"])
    ans = a.record(rid)["answers"]
    assert "cccd" not in ans and ans["resp_name"] == NAME and ans["phone"] == PHONE


def test_the_erasure_travels_a_to_b_to_c_and_is_sticky(tmp_path):
    a = db(tmp_path / "a.db", name="Enumerator A", code="E01")
    b = db(tmp_path / "b.db", role="clerk", name="Clerk B", code="C01")
    c = db(tmp_path / "c.db", role="province", name="Province C", code="P01")
    rid = interview(a)
    old_pkg = tmp_path / "old.ksp"
    export_package(a, old_pkg)  # a package with the values, before the erasure
    import_files(b, [old_pkg])
    assert b.record(rid)["answers"]["cccd"] == CCCD
    b_old = tmp_path / "b_old.ksp"
    export_package(b, b_old)  # the clerk sends it on to the province with the values
    import_files(c, [b_old])

    erase.erase_record(a, rid, reason="yêu cầu của người trả lời")
    p1 = tmp_path / "a1.ksp"
    export_package(a, p1)
    trust_sender(b, key_of(a))  # the clerk confirmed the enumerator's fingerprint on the phone
    [s] = import_files(b, [p1])
    assert not s.refused, s.reason
    assert s.erased == [rid] and s.erasures_held == []
    assert personal_values_anywhere(b, tmp_path / "b.db") == []
    assert b.record(rid)["answers"]["village"] == "Thôn 3"
    assert [r["action"] for r in b.audit(rid)].count("erase") == 1

    p2 = tmp_path / "b1.ksp"
    export_package(b, p2)
    [s] = import_files(c, [p2])
    assert not s.refused, s.reason
    # the province does not trust the clerk yet: the erasure waits (nothing destroyed on a claim)
    assert c.record(rid)["answers"]["cccd"] == CCCD
    assert [e.state for e in erase.erasures_of(c, rid, state=None)] == ["held"]
    trust_sender(c, key_of(b))  # trusting it afterwards applies it, as trusting it first would have
    assert personal_values_anywhere(c, tmp_path / "c.db") == []
    assert [r["action"] for r in c.audit(rid)].count("erase") == 1

    # packages still carrying the old values, imported after, bring nothing back: the enumerator's own
    # (which the province had never seen), and the clerk's old one again
    for store, path in ((b, "b.db"), (c, "c.db")):
        for old in (old_pkg, b_old):
            import_files(store, [old])
        assert personal_values_anywhere(store, tmp_path / path) == []
        assert "cccd" not in store.record(rid)["answers"]
    check_derived(b)
    check_derived(c)


def test_an_edit_made_without_the_erasure_is_erased_when_it_arrives(tmp_path):
    a = db(tmp_path / "a.db", name="Enumerator A")
    b = db(tmp_path / "b.db", role="clerk", name="Clerk B", code="C01")
    rid = interview(a)
    p0 = tmp_path / "p0.ksp"
    export_package(a, p0)
    import_files(b, [p0])
    # the clerk erases; the enumerator, who never received it, corrects the phone number meanwhile
    erase.erase_record(b, rid, reason="yêu cầu")
    RecordEditor(a, rid).set("phone", "0912000999")
    RecordEditor(a, rid).set("hh_size", "5")
    p1 = tmp_path / "p1.ksp"
    export_package(a, p1)
    [s] = import_files(b, [p1])
    assert not s.refused, s.reason
    rec = b.record(rid)
    assert rec["answers"]["hh_size"] == "5"  # the non-personal correction is kept
    assert "phone" not in rec["answers"] and "resp_name" not in rec["answers"]
    assert personal_values_anywhere(b, tmp_path / "b.db") == []
    blob = raw_bytes(tmp_path / "b.db")
    assert b"0912000999" not in blob
    for (text,) in b.execute("SELECT old || ' ' || new FROM audit WHERE record_id = ? AND path = 'phone'", [rid]):
        assert text is None


def test_an_erasure_from_an_untrusted_sender_is_held_until_it_is_trusted(tmp_path):
    a = db(tmp_path / "a.db", name="Enumerator A", code="E01")
    b = db(tmp_path / "b.db", role="clerk", name="Clerk B", code="C01")
    x = db(tmp_path / "x.db", name="Someone else", code="E09")
    rid = interview(a)
    p0 = tmp_path / "p0.ksp"
    export_package(a, p0)
    import_files(b, [p0])
    import_files(x, [p0])
    erase.erase_record(x, rid, reason="giả mạo?")
    px = tmp_path / "px.ksp"
    export_package(x, px)
    [s] = import_files(b, [px])
    assert not s.refused, s.reason
    assert s.erasures_held == [rid] and s.erased == []
    assert b.record(rid)["answers"]["cccd"] == CCCD  # held: nothing erased
    assert [e.state for e in erase.erasures_of(b, rid, state=None)] == ["held"]
    trust_sender(b, s.sender_fingerprint)
    assert [e.state for e in erase.erasures_of(b, rid, state=None)] == ["applied"]
    assert personal_values_anywhere(b, tmp_path / "b.db") == []


def test_a_restore_does_not_bring_erased_values_back(tmp_path):
    from models.exchange.journal import restore
    from models.store import backup
    from models.store.database import open_store

    path = tmp_path / "a.db"
    a = db(path)
    rid = interview(a)
    copy = backup.backup_now(a, str(tmp_path / "bk")).path
    erase.erase_record(a, rid, reason="yêu cầu")
    a.close()
    restore(path, copy)
    with open_store(path, create=False) as a:
        assert "cccd" not in a.record(rid)["answers"]
        assert [r["action"] for r in a.audit(rid)].count("erase") == 1
        assert personal_values_anywhere(a, path) == []
        json.dumps(erase.summary(a, rid))


def test_an_open_editor_sees_the_erasure_and_an_erased_question_cannot_be_typed_again(tmp_path):
    from models.records.errors import RecordCode

    a = db(tmp_path / "a.db")
    rid = interview(a)
    ed = RecordEditor(a, rid)  # an entry window open on the record meanwhile
    erase.erase_record(a, rid, reason="yêu cầu")
    assert ed.changed_elsewhere()
    ed.set("hh_size", "6")  # reloads, then saves on top of the erased version
    assert "cccd" not in a.record(rid)["answers"] and a.record(rid)["answers"]["hh_size"] == "6"
    with pytest.raises(AppError) as err:
        ed.set("cccd", "036189004217")
    assert err.value.code is RecordCode.FIELD_ERASED
    with pytest.raises(AppError):
        ed.set("mem[1].m_name", "Ai đó")
    assert personal_values_anywhere(a, tmp_path / "a.db") == []


def test_a_media_question_marked_pii_loses_its_file_and_its_bytes(tmp_path):
    from tests.models.media_helpers import MEDIA_FORM, png

    form = MEDIA_FORM.replace("| appearance |", "| appearance | pii |", 1)
    lines = []
    for line in form.splitlines():
        if line.startswith("| | image | sig "):
            line += " blank |"
        elif line.startswith("| | ") and "form_id" not in line and "pkg_media" not in line:
            line += " |"
        lines.append(line)
    a = make_db(tmp_path / "a.db", forms=False)
    a.add_form(load_form("\n".join(lines) + "\n"))
    rid = create_record(a, "pkg_media")
    ed = RecordEditor(a, rid)
    ed.set("shop", "Tạp hoá Minh")
    sig, photo = png(rgb=(1, 2, 3)), png(rgb=(9, 9, 9))
    ed.attach("sig", sig, original_name="sig.png")
    ed.attach("photo", photo, original_name="shop.png")
    import hashlib

    sig_sha, photo_sha = hashlib.sha256(sig).hexdigest(), hashlib.sha256(photo).hexdigest()
    assert erase.personal_fields(a, rid)[1] == ["sig"]
    erase.erase_record(a, rid, reason="yêu cầu")
    rec = a.record(rid)
    assert "sig" not in rec["answers"] and rec["answers"]["shop"] == "Tạp hoá Minh" and rec["answers"]["photo"]
    assert [f["sha256"] for f in rec["files"].values()] == [photo_sha]
    held = {r[0] for r in a.execute("SELECT sha256 FROM record_files")}
    assert photo_sha in held and sig_sha not in held
    assert sig not in raw_bytes(tmp_path / "a.db")


def test_exports_still_count_the_record_with_its_personal_questions_blank(tmp_path):
    from exports.tabular import run_export

    a = db(tmp_path / "a.db")
    rid = interview(a)
    interview(a, name="Phạm Văn Đồng", cccd="001122334455", phone="0987000111", member="Hà Thị Mai")
    erase.erase_record(a, rid, reason="yêu cầu")
    out = tmp_path / "csv"
    run_export(a, out=out, fmt="csv")
    text = (out / "pii_hh.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert len(lines) == 3  # the header and both records
    header = lines[0].split(",")
    row = next(line for line in lines[1:] if rid in line).split(",")
    assert row[header.index("resp_name")] == "" and row[header.index("cccd")] == ""
    assert row[header.index("hh_size")] == "4" and row[header.index("village")] == "Thôn 3"
    for v in (NAME, CCCD, PHONE):
        assert v not in text
    assert "Phạm Văn Đồng" in text
    members = (out / "pii_hh__mem.csv").read_text(encoding="utf-8-sig")
    assert MEMBER not in members and "1950" in members
    # the printed questionnaire says the personal data was erased (the questions are not just missing)
    from exports.questionnaire import print_records
    from models.base.progress import run
    from tests.exports.test_pdf import flat, text_of

    run(print_records(a, out=str(tmp_path / "r.pdf"), record_ids=[rid]))
    printed = flat(text_of(tmp_path / "r.pdf")[0])
    assert "Dữ liệu cá nhân" in printed and "đã xoá lúc" in printed and "Lý do: yêu cầu" in printed
    assert NAME not in printed and CCCD not in printed


def test_an_encrypted_database_is_erased_and_rebuilt_too(tmp_path, monkeypatch):
    """On an encrypted database the bytes are ciphertext anyway; the erasure works the same there, and
    its rebuild (VACUUM under SQLCipher) keeps the file encrypted and sound."""
    from models.store import cipher
    from models.store.database import open_store

    cipher.forget()
    monkeypatch.setenv("KHAOSAT_PIN", "246813")
    try:
        a = db(tmp_path / "enc.db")
        rid = interview(a)
        pages_before = a.execute("PRAGMA freelist_count").fetchone()[0]
        erase.erase_record(a, rid, reason="yêu cầu")
        assert a.execute("PRAGMA freelist_count").fetchone()[0] == 0 <= pages_before  # rebuilt: no free page
        assert a.integrity_ok()
        a.close()
        assert (tmp_path / "enc.db").read_bytes()[:16] != b"SQLite format 3\x00"  # still ciphertext
        a = open_store(tmp_path / "enc.db", create=False)
        assert "cccd" not in a.record(rid)["answers"] and a.record(rid)["answers"]["village"] == "Thôn 3"
        assert personal_values_anywhere(a, tmp_path / "enc.db") == []
        check_derived(a)
        a.close()
    finally:
        cipher.forget()


@pytest.mark.parametrize("change", ["no_erasure_part", "malformed_line", "claim_not_blank", "claim_other_field"])
def test_a_package_whose_erasure_claims_do_not_hold_is_refused_and_changes_nothing(tmp_path, change):
    """Versions that no longer match their content hash pass only with the questions they claim erased
    blank; a package re-signed with a broken claim or a malformed erasure line is refused whole. Without
    its erasure line (a sender relaying an erased version whose erasure it holds) the erased version is
    taken as it is, and nothing else is erased."""
    from models.exchange.keys import identity
    from tests.models.pkg_helpers import state
    from tests.reliability.forge import Parts

    a = db(tmp_path / "a.db", name="Enumerator A")
    b = db(tmp_path / "b.db", role="clerk", name="Clerk B", code="C01")
    rid = interview(a)
    erase.erase_record(a, rid, reason="yêu cầu")
    p = tmp_path / "p.ksp"
    export_package(a, p)
    parts = Parts.of(p.read_bytes())
    [line] = parts.lines("erasures.jsonl.gz")
    versions = parts.lines("records.jsonl.gz")
    assert versions[0]["erased"] == ["cccd", "m_name", "phone", "resp_name"]
    if change == "no_erasure_part":
        parts.parts = [(n, x) for n, x in parts.parts if n != "erasures.jsonl.gz"]
        parts.manifest["parts"] = [e for e in parts.manifest["parts"] if e["name"] != "erasures.jsonl.gz"]
    elif change == "malformed_line":
        parts.set_lines("erasures.jsonl.gz", [line[:5]])
    elif change == "claim_not_blank":
        versions[0]["answers"]["cccd"] = "999999999999"
        versions[0]["data"]["cccd"] = "999999999999"
        parts.set_lines("records.jsonl.gz", versions)
    else:
        versions[0]["erased"] = ["hh_size"]
        parts.set_lines("records.jsonl.gz", versions)
    parts.refresh_digests()
    forged = tmp_path / "forged.ksp"
    forged.write_bytes(parts.build(identity(a)))
    before = state(b)
    [s] = import_files(b, [forged])
    assert b.execute("SELECT count(*) FROM erasures").fetchone()[0] == 0
    if change == "no_erasure_part":
        assert not s.refused, s.reason_en
        ans = b.record(rid)["answers"]
        assert "cccd" not in ans and ans["village"] == "Thôn 3"
        return
    assert s.refused and "PKG_CONTENT" not in s.reason_en and "content" in s.reason_en.lower()
    assert state(b) == before


REQUIRED_PERSON = """| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | pii | required |
| | text | resp_name | Họ tên người trả lời | Respondent | hash | yes |
| | text | cccd | Số CCCD | ID card number | hash | yes |
| | text | village | Thôn | Village | no | yes |
| settings |
| | form_id | version | default_language | form_title |
| | pii_req | 1 | Tiếng Việt (vi) | Hộ gia đình |
"""


def test_an_erased_required_question_does_not_stop_a_record_being_completed_again(tmp_path):
    """Erased answers cannot be given again, so they are not "required": a record sent back after an
    erasure can be corrected and completed, and approving or resolving it counts no issue for them."""
    from models.records.review import approve, send_back

    s = make_db(tmp_path / "r.db", forms=False)
    s.add_form(load_form(REQUIRED_PERSON))
    rid = create_record(s, "pii_req")
    ed = RecordEditor(s, rid)
    for name, value in (("resp_name", NAME), ("cccd", CCCD), ("village", "Thôn 3")):
        ed.set(name, value)
    assert ed.mark_complete() == []
    erase.erase_record(s, rid, reason="yêu cầu")
    send_back(s, rid, comment="Sai thôn", questions={"village": "Thôn 4?"})
    ed = RecordEditor(s, rid)
    assert [i.name for i in ed.issues()] == []  # the erased questions are not "required"
    ed.set("village", "Thôn 4")
    assert ed.mark_complete() == [] and s.record(rid)["status"] == "complete"
    approve(s, rid)
    rec = s.record(rid)
    assert rec["status"] == "approved" and rec["issues"] == 0
    assert "resp_name" not in rec["answers"] and rec["answers"]["village"] == "Thôn 4"
    ed = RecordEditor(s, rid)
    ed.session.waived = frozenset()  # without the waiver the same answers would be missing
    ed.session.evaluate_all()
    assert sorted(i.name for i in ed.issues()) == ["cccd", "resp_name"]
    s.close()
