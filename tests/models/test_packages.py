"""Transfer packages: export, import, idempotence, order, newer/older/conflict, refusals, encryption."""

from __future__ import annotations

import hashlib
import io
import json
import os
from models.base.driver import sqlite3
import zipfile

import pytest

from models.base.changes import Changes
from models.base.errors import AppError
from models.base.progress import run as run_steps
from models.exchange.errors import PackageCode
from models.exchange.keys import identity, read_public_key, write_public_key
from models.exchange.merge import leaves_of, open_conflicts, resolve, side_by_side
from models.exchange.packages import (
    _zip_bytes,
    export_package,
    import_into,
    inspect_package,
    read_package,
    summary_line,
    trust_sender,
)
from models.records.editor import RecordEditor, set_status
from models.store.database import open_store
from tests.models.pkg_helpers import add_enterprise, add_household, import_files, make_db, state


def dump(path) -> list:
    """Every row of every table, to prove a refused package changed nothing."""
    c = sqlite3.connect(path)
    out = []
    for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'records_fts%' "
                          "ORDER BY name"):
        out.append((t, sorted(map(repr, c.execute(f'SELECT * FROM "{t}"').fetchall()))))
    c.close()
    return out


@pytest.fixture
def two(tmp_path):
    """Two enumerators' databases with a few records each, and a clerk's empty database."""
    e1 = make_db(tmp_path / "e1.db")
    e2 = make_db(tmp_path / "e2.db", name="Lê Văn Cường", code="E02")
    ids1 = [add_enterprise(e1, "Công ty Ánh Dương", tax="0101234567", complete=True),
            add_household(e1, "Trần Thị Bình", members=2)]
    ids2 = [add_enterprise(e2, "HTX Nông nghiệp Xanh", tax="0309876543"),
            add_household(e2, "Phạm Văn Dũng", byear="1965", members=1, complete=True)]
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    yield e1, e2, clerk, ids1, ids2
    for s in (e1, e2, clerk):
        s.close()


def test_export_then_import_adds_records_forms_and_audit(two, tmp_path):
    e1, _e2, clerk, ids1, _ = two
    res = export_package(e1, tmp_path / "p1.ksp")
    assert (res.records, res.forms) == (2, 2)
    [s] = import_files(clerk, [tmp_path / "p1.ksp"])
    assert (s.added, s.updated, s.unchanged, s.conflicts, s.refused) == (2, 0, 0, 0, 0)
    assert {f["form_id"] for f in clerk.forms()} == {"pkg_ent", "pkg_hh"}  # the receiver had no forms
    for rid in ids1:
        a, b = e1.record(rid), clerk.record(rid)
        for k in ("rev", "answers", "data", "status", "label", "ancestry", "content_hash"):
            assert a[k] == b[k], k
        assert b["sealed"] == 1
        assert [r["action"] for r in clerk.audit(rid)] == [r["action"] for r in e1.audit(rid)]
    assert s.sender == "Nguyễn Văn An" and not s.sender_known
    # the records are searchable on the receiver
    from models.records.queries import RecordFilter, page
    assert ids1[0] in [r.id for r in page(clerk, RecordFilter(text="Ánh Dương"))]


def test_export_seals_so_the_next_edit_starts_a_new_generation(two, tmp_path):
    e1, _e2, _clerk, ids1, _ = two
    rid = ids1[1]
    before = e1.record(rid)
    assert before["sealed"] == 0
    export_package(e1, tmp_path / "p.ksp")
    assert e1.record(rid)["sealed"] == 1
    RecordEditor(e1, rid).set("village", "Thôn 9")
    after = e1.record(rid)
    assert after["rev_gen"] == before["rev_gen"] + 1 and after["ancestry"][-1] == before["rev"]


def test_import_twice_and_overlapping_packages_add_nothing(two, tmp_path):
    e1, _e2, clerk, ids1, _ = two
    export_package(e1, tmp_path / "a.ksp")
    add_enterprise(e1, "Cửa hàng Minh Phát", tax="0105555555")
    export_package(e1, tmp_path / "b.ksp")  # overlaps a.ksp (same two records) + one new
    first = import_files(clerk, [tmp_path / "a.ksp", tmp_path / "b.ksp"])
    assert summary_line(first) == "added=3 updated=0 unchanged=2 conflicts=0 duplicates=0 refused=0"
    snap = dump(clerk.path)
    again = import_files(clerk, [tmp_path / "a.ksp", tmp_path / "b.ksp"])
    assert summary_line(again) == "added=0 updated=0 unchanged=5 conflicts=0 duplicates=0 refused=0"
    assert all(s.already_imported for s in again)
    assert dump(clerk.path) == snap


def test_order_does_not_matter(two, tmp_path):
    e1, e2, _clerk, ids1, ids2 = two
    export_package(e1, tmp_path / "a1.ksp")
    export_package(e2, tmp_path / "b1.ksp")
    RecordEditor(e1, ids1[0]).set("workers", "12")
    export_package(e1, tmp_path / "a2.ksp", mode="changes")
    files = [tmp_path / "a1.ksp", tmp_path / "b1.ksp", tmp_path / "a2.ksp"]
    x = make_db(tmp_path / "x.db", forms=False)
    y = make_db(tmp_path / "y.db", forms=False)
    import_files(x, files)
    import_files(y, list(reversed(files)))
    assert state(x) == state(y)
    assert x.record(ids1[0])["answers"]["workers"] == "12"


def test_newer_replaces_older_and_older_arrival_is_ignored(two, tmp_path):
    e1, _e2, clerk, ids1, _ = two
    rid = ids1[1]
    export_package(e1, tmp_path / "old.ksp")
    RecordEditor(e1, rid).set("village", "Thôn 7")
    export_package(e1, tmp_path / "new.ksp", mode="changes")
    [s] = import_files(clerk, [tmp_path / "new.ksp"])
    assert (s.added, s.updated) == (1, 0)
    [s] = import_files(clerk, [tmp_path / "old.ksp"])   # the older revision arrives later
    assert (s.added, s.updated, s.unchanged, s.conflicts) == (1, 0, 1, 0)
    assert clerk.record(rid)["answers"]["village"] == "Thôn 7"
    RecordEditor(e1, rid).set("village", "Thôn 8")
    export_package(e1, tmp_path / "newer.ksp", mode="changes")
    [s] = import_files(clerk, [tmp_path / "newer.ksp"])
    assert (s.updated, s.conflicts) == (1, 0)
    assert clerk.record(rid)["answers"]["village"] == "Thôn 8"


def test_changed_on_both_sides_is_a_conflict_kept_in_full_and_resolved_per_field(two, tmp_path):
    e1, _e2, clerk, ids1, _ = two
    rid = ids1[1]
    export_package(e1, tmp_path / "p.ksp")
    import_files(clerk, [tmp_path / "p.ksp"])
    RecordEditor(clerk, rid).set("phone", "0912000111")     # the clerk corrects the phone
    ed = RecordEditor(e1, rid)                                  # meanwhile the enumerator edits
    ed.set("village", "Thôn 5")
    ed.set("phone", "0987654321")
    export_package(e1, tmp_path / "p2.ksp", mode="changes")
    [s] = import_files(clerk, [tmp_path / "p2.ksp"])
    assert (s.conflicts, s.updated) == (1, 0) and s.conflict_ids == [rid]
    leaves = leaves_of(clerk, rid)
    assert len(leaves) == 2
    assert {v["answers"]["phone"] for v in leaves} == {"0912000111", "0987654321"}  # both kept in full
    assert [c["record_id"] for c in open_conflicts(clerk)] == [rid]
    from models.indicators.compute import count_conflicts  # the report's data-quality figure sees it

    assert count_conflicts(clerk) == 1 and count_conflicts(clerk, [clerk.record(rid)["commune"]]) == 1
    assert count_conflicts(clerk, ["99999"]) == 0
    rows = {r["path"]: r for r in side_by_side(clerk, leaves)}
    assert not rows["phone"]["same"] and not rows["village"]["same"] and rows["head_name"]["same"]
    before = clerk.record(rid)["rev"]
    changed = resolve(clerk, rid, {"phone": "0912000111", "village": "Thôn 5"}, user="Cán bộ xã")
    rec = clerk.record(rid)
    assert changed == Changes.of(updated=[rid])  # what the screens follow
    assert rec["answers"]["phone"] == "0912000111" and rec["answers"]["village"] == "Thôn 5"
    rev = rec["rev"]
    assert {v["rev"] for v in leaves} <= set(rec["ancestry"]) and rev not in {before, *(v["rev"] for v in leaves)}
    assert open_conflicts(clerk) == [] and count_conflicts(clerk) == 0
    audit = [a for a in clerk.audit(rid) if a["action"] == "resolve"]
    assert audit and json.loads(audit[0]["new"])["phone"] == "0912000111" and audit[0]["user"] == "Cán bộ xã"
    # the resolution travels: the enumerator gets it as a plain update
    export_package(clerk, tmp_path / "back.ksp", mode="changes")
    [s] = import_files(e1, [tmp_path / "back.ksp"])
    assert s.updated == 1 and s.conflicts == 0
    assert e1.record(rid)["rev"] == rev


def test_a_resolution_from_another_device_supersedes_an_open_conflict(two, tmp_path):
    e1, _e2, clerk, ids1, _ = two
    rid = ids1[0]
    export_package(e1, tmp_path / "p.ksp")
    import_files(clerk, [tmp_path / "p.ksp"])
    prov = make_db(tmp_path / "prov.db", role="province", forms=False)
    # the province trusts the clerk's key file (the record is E01's, who owns it there): both edits count
    # at the province as at the clerk, so both show the same current version (an untrusted clerk's edit
    # would be held at the province, whatever the order of the packages: tests/models/test_converge.py)
    trust_sender(prov, identity(clerk).fingerprint, key=write_public_key(clerk, tmp_path / "clerk.pub"))
    RecordEditor(clerk, rid).set("workers", "7")
    RecordEditor(e1, rid).set("workers", "9")
    export_package(clerk, tmp_path / "c.ksp", mode="changes")
    export_package(e1, tmp_path / "e.ksp", mode="changes")
    import_files(prov, [tmp_path / "c.ksp", tmp_path / "e.ksp"])
    import_files(clerk, [tmp_path / "e.ksp"])
    assert len(leaves_of(prov, rid)) == 2 and len(leaves_of(clerk, rid)) == 2
    assert prov.record(rid)["rev"] == clerk.record(rid)["rev"]  # the same current version everywhere
    resolve(clerk, rid, {"workers": "8"})
    export_package(clerk, tmp_path / "r.ksp", mode="changes")
    [s] = import_files(prov, [tmp_path / "r.ksp"])
    assert s.updated == 1 and leaves_of(prov, rid)[0]["answers"]["workers"] == "8"
    assert len(leaves_of(prov, rid)) == 1
    prov.close()


def test_export_modes_changes_and_complete_only(two, tmp_path):
    e1, _e2, _clerk, ids1, _ = two
    res = export_package(e1, tmp_path / "c.ksp", mode="complete")
    assert res.records == 1  # only the complete enterprise
    assert inspect_package(tmp_path / "c.ksp")["records"] == [ids1[0]]
    export_package(e1, tmp_path / "all.ksp", mode="all")
    with pytest.raises(AppError) as e:
        export_package(e1, tmp_path / "none.ksp", mode="changes")
    assert e.value.code is PackageCode.PKG_NOTHING and not (tmp_path / "none.ksp").exists()
    RecordEditor(e1, ids1[1]).set("village", "Thôn 3")
    res = export_package(e1, tmp_path / "ch.ksp", mode="changes")
    assert res.records == 1 and inspect_package(tmp_path / "ch.ksp")["records"] == [ids1[1]]
    # another receiver (by key) has had nothing yet: it gets everything changed for it
    prov = make_db(tmp_path / "prov.db", role="province", forms=False)
    key = write_public_key(prov, tmp_path / "prov.pub")
    res = export_package(e1, tmp_path / "to_prov.ksp", mode="changes", to=key)
    assert res.records == 2 and res.encrypted_for == key.fingerprint
    prov.close()


def test_encrypted_for_a_receiver(two, tmp_path):
    e1, _e2, clerk, ids1, _ = two
    key = write_public_key(clerk, tmp_path / "clerk.pub")
    assert read_public_key(tmp_path / "clerk.pub").fingerprint == identity(clerk).fingerprint
    export_package(e1, tmp_path / "enc.ksp", to=key)
    raw = (tmp_path / "enc.ksp").read_bytes()
    assert "Ánh Dương".encode() not in raw and b"0101234567" not in raw
    with zipfile.ZipFile(tmp_path / "enc.ksp") as z:
        assert all(n.endswith(".enc") for n in z.namelist()[2:])
    info = inspect_package(tmp_path / "enc.ksp")
    assert info["encrypted"] and not info["readable"] and info["sender"]["name"] == "Nguyễn Văn An"
    other = make_db(tmp_path / "other.db", forms=False)
    snap = dump(other.path)
    [s] = import_files(other, [tmp_path / "enc.ksp"])
    assert s.refused and "mã hóa cho người nhận khác" in s.reason and dump(other.path) == snap
    [s] = import_files(clerk, [tmp_path / "enc.ksp"])
    assert s.added == 2 and clerk.record(ids1[0])["answers"]["tax_code"] == "0101234567"
    other.close()


def test_key_file_altered_is_refused(two, tmp_path):
    _e1, _e2, clerk, _, _ = two
    write_public_key(clerk, tmp_path / "k.pub")
    doc = json.loads((tmp_path / "k.pub").read_text(encoding="utf-8"))
    doc["commune"] = "99999"
    (tmp_path / "bad.pub").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(AppError) as e:
        read_public_key(tmp_path / "bad.pub")
    assert e.value.code is PackageCode.PKG_KEYFILE


def test_known_senders_are_remembered(two, tmp_path):
    e1, _e2, clerk, _, _ = two
    export_package(e1, tmp_path / "a.ksp")
    add_enterprise(e1, "Quán Cà phê Hồng", phone="0903333444")
    export_package(e1, tmp_path / "b.ksp", mode="changes")
    [a] = import_files(clerk, [tmp_path / "a.ksp"])
    [b] = import_files(clerk, [tmp_path / "b.ksp"])
    assert not a.sender_known and b.sender_known
    row = clerk.execute("SELECT name, code, role, commune, packages FROM pkg_senders").fetchall()
    assert row == [("Nguyễn Văn An", "E01", "enumerator", "09025", 2)]
    assert inspect_package(tmp_path / "b.ksp", store=clerk)["sender_known"] is True


# ---------------------------------------------------------------------- refusals


@pytest.fixture
def package(two, tmp_path):
    e1, _e2, clerk, _, _ = two
    export_package(e1, tmp_path / "p.ksp")
    return tmp_path / "p.ksp", e1, clerk


def _refused(clerk, path, code):
    snap = dump(clerk.path)
    [s] = import_files(clerk, [path])
    assert s.refused == 1 and s.added == 0, s
    with pytest.raises(AppError) as e:
        read_package(path, ident=identity(clerk))
    assert e.value.code is code, (e.value.code, e.value.message("en"))
    assert os.path.basename(str(path)) in s.reason and "Không có gì bị thay đổi" in s.reason
    assert dump(clerk.path) == snap
    return s


def test_truncated_package_is_refused(package, tmp_path):
    path, _e1, clerk = package
    data = path.read_bytes()
    for n in (0, 10, len(data) // 3, len(data) - 1):
        (tmp_path / "t.ksp").write_bytes(data[:n])
        snap = dump(clerk.path)
        [s] = import_files(clerk, [tmp_path / "t.ksp"])
        assert s.refused == 1 and dump(clerk.path) == snap


def test_flipped_byte_in_a_record_is_refused(package, tmp_path):
    path, _e1, clerk = package
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("records.jsonl.gz")
    data[info.header_offset + 30 + len(info.filename) + 20] ^= 0x01
    (tmp_path / "f.ksp").write_bytes(bytes(data))
    _refused(clerk, tmp_path / "f.ksp", PackageCode.PKG_UNREADABLE)  # the ZIP's CRC catches it first


def _rebuild(path, out, *, manifest_edit=None, entries_edit=None, key=None):
    """Re-make a package with a change, re-signed with the sender's own key (a well-formed forgery)."""
    with zipfile.ZipFile(path) as z:
        entries = [(n, z.read(n)) for n in z.namelist()]
    m = json.loads(entries[0][1])
    if manifest_edit:
        manifest_edit(m)
    if entries_edit:
        entries = entries_edit(entries, m)
    mb = json.dumps(m).encode() if (manifest_edit or key) else entries[0][1]
    sig = key.sign(mb) if key is not None else entries[1][1]
    out.write_bytes(_zip_bytes([("manifest.json", mb), ("manifest.sig", sig), *entries[2:]]))


def test_altered_manifest_fails_the_signature(package, tmp_path):
    path, _e1, clerk = package
    _rebuild(path, tmp_path / "m.ksp", manifest_edit=lambda m: m["sender"].update(name="Kẻ giả mạo"))
    _refused(clerk, tmp_path / "m.ksp", PackageCode.PKG_SIGNATURE)


def test_replaced_part_fails_its_digest(package, tmp_path):
    path, e1, clerk = package

    def swap(entries, m):
        return [(n, b if n != "audit.jsonl.gz" else b + b"x") for n, b in entries]

    _rebuild(path, tmp_path / "d.ksp", entries_edit=swap)
    _refused(clerk, tmp_path / "d.ksp", PackageCode.PKG_DIGEST)


def test_unknown_format_version_is_refused(package, tmp_path):
    path, e1, clerk = package
    _rebuild(path, tmp_path / "v.ksp", manifest_edit=lambda m: m.update(format_version=2), key=identity(e1))
    s = _refused(clerk, tmp_path / "v.ksp", PackageCode.PKG_VERSION)
    assert "phiên bản 2" in s.reason


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "forms/../../x", "C:/x", "a\\..\\b"])
def test_entries_that_would_write_outside_the_folder_are_refused(package, tmp_path, name):
    path, e1, clerk = package
    with zipfile.ZipFile(path) as z:
        entries = [(n, z.read(n)) for n in z.namelist()]
    m = json.loads(entries[0][1])
    m["parts"].append({"name": name, "sha256": hashlib.sha256(b"x").hexdigest(), "size": 1})
    mb = json.dumps(m).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:  # a ZIP writer that keeps the name as given
        for n, b in [("manifest.json", mb), ("manifest.sig", identity(e1).sign(mb)), *entries[2:], (name, b"x")]:
            zi = zipfile.ZipInfo("tmp")
            zi.filename = zi.orig_filename = n
            z.writestr(zi, b)
    (tmp_path / "u.ksp").write_bytes(buf.getvalue())
    _refused(clerk, tmp_path / "u.ksp", PackageCode.PKG_UNSAFE)


def test_symlink_and_duplicate_entries_are_refused(package, tmp_path):
    path, e1, clerk = package
    with zipfile.ZipFile(path) as z:
        entries = [(n, z.read(n)) for n in z.namelist()]
    for kind in ("link", "dup"):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for n, b in entries:
                z.writestr(n, b)
            zi = zipfile.ZipInfo("records.jsonl.gz" if kind == "dup" else "link")
            if kind == "link":
                zi.external_attr = (0o120777 << 16)
            import warnings
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                z.writestr(zi, b"/etc/passwd")
        (tmp_path / f"{kind}.ksp").write_bytes(buf.getvalue())
        _refused(clerk, tmp_path / f"{kind}.ksp", PackageCode.PKG_UNSAFE)


def test_a_well_signed_package_with_an_inconsistent_revision_is_refused(package, tmp_path):
    """A sender's bug (content changed without a new revision) must not spread: refused, nothing written."""
    import gzip
    path, e1, clerk = package

    def tamper(entries, m):
        out = []
        for n, b in entries:
            if n == "records.jsonl.gz":
                lines = gzip.decompress(b).decode().splitlines()
                v = json.loads(lines[0])
                v["answers"]["village"] = "Thôn giả"
                lines[0] = json.dumps(v, ensure_ascii=False)
                b = gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0)
                p = next(p for p in m["parts"] if p["name"] == n)
                p["sha256"], p["size"] = hashlib.sha256(b).hexdigest(), len(b)
            out.append((n, b))
        return out

    _rebuild(path, tmp_path / "c.ksp", entries_edit=tamper, key=identity(e1))
    snap = dump(clerk.path)
    [s] = import_files(clerk, [tmp_path / "c.ksp"])
    assert s.refused and "content hash" in s.reason_en and dump(clerk.path) == snap


def test_a_form_clash_refuses_the_package(two, tmp_path):
    from forms import load_form
    from tests.models.pkg_helpers import ENTERPRISE

    e1, _e2, _clerk, _, _ = two
    export_package(e1, tmp_path / "p.ksp")
    other = make_db(tmp_path / "o.db", forms=False)
    other.add_form(load_form(ENTERPRISE.replace("Số lao động", "Số người làm")))  # same id+version, other file
    snap = dump(other.path)
    [s] = import_files(other, [tmp_path / "p.ksp"])
    assert s.refused and "pkg_ent" in s.reason and dump(other.path) == snap
    other.close()


def test_one_refused_package_does_not_stop_the_others(package, tmp_path):
    path, _e1, clerk = package
    (tmp_path / "junk.ksp").write_bytes(b"not a package at all" * 10)
    res = import_files(clerk, [tmp_path / "junk.ksp", path])
    assert [s.refused for s in res] == [1, 0] and res[1].added == 2
    assert summary_line(res) == "added=2 updated=0 unchanged=0 conflicts=0 duplicates=0 refused=1"


def test_import_into_a_new_database(package, tmp_path):
    from models.base.changes import FORMS, PACKAGES, RECORDS, SENDERS

    path, _e1, _clerk = package
    fresh = open_store(tmp_path / "fresh.db", create=True)
    try:
        res = import_files(fresh, [str(path)])
        ids = {r[0] for r in fresh.execute("SELECT id FROM records")}
        again = import_files(fresh, [str(path)])
    finally:
        fresh.close()
    assert res[0].added == 2
    # what it changed: the two records, the sender, the history and the forms it carried
    assert res[0].changes.added == ids and len(ids) == 2 and not res[0].changes.updated
    assert res[0].changes.areas == {RECORDS, SENDERS, PACKAGES, FORMS}
    assert "changes" not in res[0].as_dict()  # not part of the summary's JSON
    assert again[0].already_imported and not again[0].changes  # imported before: nothing changed
    s = open_store(tmp_path / "fresh.db")
    assert s.count_records() == 2
    s.close()


def test_status_changes_travel(two, tmp_path):
    e1, _e2, clerk, ids1, _ = two
    export_package(e1, tmp_path / "a.ksp")
    import_files(clerk, [tmp_path / "a.ksp"])
    set_status(clerk, ids1[0], "approved")
    export_package(clerk, tmp_path / "b.ksp", mode="changes")
    [s] = import_files(e1, [tmp_path / "b.ksp"])
    assert s.updated == 1 and e1.record(ids1[0])["status"] == "approved"


def test_a_safety_copy_is_made_before_importing(package, monkeypatch):
    """``models.store.backup.auto_backup(store, reason="import")`` runs once per import, not for a package
    already imported (which writes nothing)."""
    import sys
    import types

    path, _e1, clerk = package
    calls = []

    imported = []

    def auto_backup(store, reason="daily", packages=()):
        calls.append((store.path, reason, store.count_records(), list(packages)))
        return types.SimpleNamespace(status="made", error=None)

    def journal_imported(store, status, applied):  # the packages applied, for the backup journal
        imported.append(list(applied))

    monkeypatch.setitem(sys.modules, "models.store.backup", types.SimpleNamespace(
        auto_backup=auto_backup, journal_imported=journal_imported))
    gen = import_into(clerk, [str(path)], user="Cán bộ xã")
    res = list(run_steps(gen))
    assert calls == [(clerk.path, "import", 0, [str(path)])] and res[0].backup == "made" and res[0].added == 2
    assert imported == [[(str(path), "Cán bộ xã")]]
    list(run_steps(import_into(clerk, [str(path)])))
    assert len(calls) == 1


def test_answers_with_unicode_line_separators_travel(two, tmp_path):
    """JSON leaves U+2028, U+2029 and U+0085 unescaped: the package's lines must not break at them."""
    e1, _e2, clerk, _ids1, _ = two
    name = "Công ty\u2028Hai dòng\x85 và\u2029 ba"
    rid = add_enterprise(e1, name, tax="0101")
    export_package(e1, tmp_path / "p.ksp")
    [s] = import_files(clerk, [tmp_path / "p.ksp"])
    assert (s.refused, s.added) == (0, 3), s.reason_en
    assert clerk.record(rid)["answers"]["unit_name"] == name


@pytest.mark.parametrize("value", ["1", "2", "3", "4", "5", "6", "7", "8"])
def test_an_edit_during_an_open_conflict_is_the_version_every_device_shows(two, tmp_path, value):
    # The version shown while a conflict is open is the leaf with the highest (generation, revision) on
    # every device. An edit made on the conflicted record must stay that leaf: before, it kept its
    # generation, and about half of the edits (by revision hash) were shown here and not elsewhere.
    e1, _e2, clerk, ids1, _ = two
    rid = ids1[0]
    export_package(e1, tmp_path / "p.ksp")
    import_files(clerk, [tmp_path / "p.ksp"])
    RecordEditor(e1, rid).set("workers", "9")
    RecordEditor(clerk, rid).set("workers", "7")
    export_package(e1, tmp_path / "e.ksp", mode="changes")
    [s] = import_files(clerk, [tmp_path / "e.ksp"])
    assert s.conflicts == 1
    RecordEditor(clerk, rid).set("workers", "1" + value)  # the clerk edits while the conflict is open
    cur = clerk.record(rid)
    assert cur["answers"]["workers"] == "1" + value
    assert (cur["rev_gen"], cur["rev"]) == max((v["rev_gen"], v["rev"]) for v in leaves_of(clerk, rid))
    export_package(clerk, tmp_path / "c.ksp", mode="all")
    import_files(e1, [tmp_path / "c.ksp"])
    assert state(e1) == state(clerk)
    assert e1.record(rid)["answers"]["workers"] == "1" + value


def test_an_import_that_adds_records_makes_the_lists_statistics(two, tmp_path, monkeypatch):
    # made on the import's (worker) thread, not by the record list's first query on the screen
    import models.records.queries as q

    e1, _e2, clerk, _ids1, _ = two
    monkeypatch.setattr(q, "STATS_MIN_RECORDS", 2)
    export_package(e1, tmp_path / "p.ksp")

    def stats():
        try:
            return clerk.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'records'").fetchone()[0]
        except sqlite3.OperationalError:  # no statistics table yet
            return 0

    assert stats() == 0
    import_files(clerk, [tmp_path / "p.ksp"])
    assert stats() > 0
    assert q.ensure_statistics(clerk) is False  # the list finds them current
