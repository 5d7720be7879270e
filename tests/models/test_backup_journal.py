"""Safety copies that do not grow with the database: a full copy when due, otherwise the received
packages in a content-addressed journal and a restore point (docs/backups.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from models.base.errors import AppError
from models.base.progress import run
from models.exchange import journal
from models.exchange.packages import export_package, import_into
from models.records.editor import RecordEditor
from models.store import backup
from models.store.database import open_store
from models.store.errors import StoreCode
from tests.models.pkg_helpers import add_enterprise, add_household, make_db, state


def _csv(store, out: Path) -> dict[str, bytes]:
    from exports.tabular import run_export

    run_export(store, out=out, fmt="csv")
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture
def world(tmp_path):
    """A commune clerk's database with its backups on a "USB stick", and three packages from two
    enumerators (the third one updates a record of the first)."""
    e1 = make_db(tmp_path / "e1.db", code="E01")
    e2 = make_db(tmp_path / "e2.db", name="Trần Thị Bình", code="E02")
    r1 = add_enterprise(e1, "Cơ sở May Hòa Bình", tax="0101234567", complete=True)
    add_household(e1, "Lê Văn Cường", complete=True)
    add_enterprise(e2, "Hợp tác xã Chè Tân Cương", phone="0912345678", complete=True)
    pk = {}
    export_package(e1, tmp_path / "p1.ksp")
    pk[1] = tmp_path / "p1.ksp"
    export_package(e2, tmp_path / "p2.ksp")
    pk[2] = tmp_path / "p2.ksp"
    ed = RecordEditor(e1, r1)
    ed.set("workers", "12")
    export_package(e1, tmp_path / "p3.ksp")
    pk[3] = tmp_path / "p3.ksp"
    e1.close()
    e2.close()
    clerk = make_db(tmp_path / "clerk.db", role="commune", name="Phạm Thị Dung", code="X01")
    clerk.set_settings({backup.FOLDER_KEY: str(tmp_path / "usb")})
    yield clerk, pk, r1
    clerk.close()


def _import(store, f, user="Phạm Thị Dung"):
    [s] = run(import_into(store, [str(f)], user=user))
    assert not s.refused, s.reason_en
    return s


def test_only_the_first_import_copies_the_database_the_next_ones_journal_their_packages(world, tmp_path):
    clerk, pk, _r1 = world
    usb = tmp_path / "usb"
    s1 = _import(clerk, pk[1])
    assert s1.backup == "made" and len(backup.list_backups(usb)) == 1
    s2 = _import(clerk, pk[2])
    s3 = _import(clerk, pk[3])
    assert s2.backup == s3.backup == "made"
    assert len(backup.list_backups(usb)) == 1  # no second copy of the database
    points = [p for p in backup.list_restore_points(usb) if p.suffix == ".point"]
    assert len(points) == 2
    jdir = backup.journal_dir(usb, "clerk")
    import hashlib

    names = {p.name for p in jdir.glob("*.ksp")}
    assert names == {hashlib.sha256(pk[i].read_bytes()).hexdigest() + ".ksp" for i in (1, 2, 3)}
    newest = json.loads(points[0].read_text(encoding="utf-8"))
    assert newest["full"] == backup.list_backups(usb)[0].name
    assert [e["sha256"] for e in newest["packages"]] == [hashlib.sha256(pk[i].read_bytes()).hexdigest()
                                                         for i in (1, 2)]
    # the disk the safety copies take grows with the packages, not with the database
    assert sum(p.stat().st_size for p in jdir.glob("*.ksp")) == sum(pk[i].stat().st_size for i in (1, 2, 3))


def test_restoring_a_point_brings_back_the_database_as_it_was_before_that_import(world, tmp_path):
    clerk, pk, r1 = world
    _import(clerk, pk[1])
    _import(clerk, pk[2])
    before, csv_before = state(clerk), _csv(clerk, tmp_path / "csv-before")
    s3 = _import(clerk, pk[3])
    assert clerk.record(r1)["answers"]["workers"] == "12" and state(clerk) != before
    point = Path(s3.backup and backup.list_restore_points(tmp_path / "usb")[0])
    assert point.suffix == ".point"
    info = journal.check(point)
    assert info["records"] == len(before["records"])
    path = clerk.path
    clerk.close()
    safety = journal.restore(path, point)
    st = open_store(path, create=False)
    try:
        assert state(st) == before  # every record, revision and conflict as before the import
        assert _csv(st, tmp_path / "csv-after") == csv_before  # byte-identical export
        assert st.record(r1)["answers"]["workers"] == "5"
        assert backup.journal_state(st) is None  # the next import copies the restored database whole
        s = _import(st, pk[3])
        assert st.record(r1)["answers"]["workers"] == "12"
        assert s.backup == "made" and len(backup.list_backups(tmp_path / "usb")) == 2
    finally:
        st.close()
    old = open_store(safety, create=False)  # the database before the restore is kept
    try:
        assert old.record(r1)["answers"]["workers"] == "12"
    finally:
        old.close()


def test_a_change_made_here_between_imports_means_a_full_copy(world, tmp_path):
    clerk, pk, _r1 = world
    _import(clerk, pk[1])
    rid = add_enterprise(clerk, "Cửa hàng Tạp hóa Minh Anh")  # the clerk enters a record by hand
    _import(clerk, pk[2])
    assert len(backup.list_backups(tmp_path / "usb")) == 2  # a point could not bring that record back
    newest = backup.list_backups(tmp_path / "usb")[0]
    copy = open_store(newest, create=False)
    try:
        assert copy.record(rid) is not None
    finally:
        copy.close()
    _import(clerk, pk[3])  # nothing changed by hand since: the journal again
    assert len(backup.list_backups(tmp_path / "usb")) == 2


def test_a_point_whose_package_was_changed_is_refused_and_changes_nothing(world, tmp_path):
    clerk, pk, _r1 = world
    _import(clerk, pk[1])
    _import(clerk, pk[2])
    _import(clerk, pk[3])
    point = backup.list_restore_points(tmp_path / "usb")[0]
    [victim] = [p for p in backup.journal_dir(tmp_path / "usb", "clerk").glob("*.ksp")
                if p.stem in point.read_text(encoding="utf-8")][:1]
    data = bytearray(victim.read_bytes())
    data[100] ^= 1
    victim.write_bytes(bytes(data))
    now = state(clerk)
    path = clerk.path
    clerk.close()
    with pytest.raises(AppError) as e:
        journal.restore(path, point)
    assert e.value.code is StoreCode.RESTORE_INVALID and victim.name in e.value.message("en")
    st = open_store(path, create=False)
    try:
        assert state(st) == now
    finally:
        st.close()
    # a point whose full copy was removed
    for full in backup.list_backups(tmp_path / "usb"):
        os.unlink(full)
    with pytest.raises(AppError) as e:
        journal.check(point)
    assert e.value.code is StoreCode.RESTORE_INVALID and "full copy" in e.value.message("en")


def test_full_copies_stay_within_the_disk_budget(world, tmp_path):
    clerk, pk, _r1 = world
    usb = tmp_path / "usb"
    clerk.set_settings({backup.BUDGET_KEY: "1"})  # less than one copy: only the newest stays
    _import(clerk, pk[1])
    add_enterprise(clerk, "Cửa hàng Điện máy Quang")
    _import(clerk, pk[2])  # a full copy again (a change by hand), the first is over the budget
    assert len(backup.list_backups(usb)) == 1
    add_enterprise(clerk, "Quán Cà phê Hương")
    _import(clerk, pk[3])
    assert len(backup.list_backups(usb)) == 1
    assert [p for p in usb.glob("*.point")] == []  # no point is left without its full copy


def test_the_daily_copy_is_the_full_copy_the_next_imports_build_on(world, tmp_path):
    clerk, pk, _r1 = world
    usb = tmp_path / "usb"
    daily = backup.auto_backup(clerk, "daily")
    assert daily.state == "made" and daily.kind == "full"
    s = _import(clerk, pk[1])
    assert s.backup == "made"
    assert len(backup.list_backups(usb)) == 1  # the import kept its package instead of copying again
    point = backup.read_point(backup.list_restore_points(usb)[0])
    assert Path(point.full) == backup.list_backups(usb)[0] and point.packages == []
    # a copy a day old is due again before the next import
    state = backup.journal_state(clerk)
    state["at"] = "2000-01-01T00:00:00Z"
    clerk.set_settings({backup.JOURNAL_KEY: json.dumps(state)})
    _import(clerk, pk[2])
    assert len(backup.list_backups(usb)) == 2


def test_an_encrypted_databases_journal_is_encrypted_and_its_restore_point_still_restores(tmp_path, monkeypatch):
    """Issue 18: the journal holds the received packages, which carry the answers in the clear unless made
    for this receiver; beside an encrypted database they are kept encrypted under its key, and a restore
    point restores through them."""
    from models.store import cipher

    e1 = make_db(tmp_path / "e1.db", code="E01")
    add_enterprise(e1, "Cơ sở May Hòa Bình", tax="0101234567", complete=True)
    export_package(e1, tmp_path / "p1.ksp")
    add_household(e1, "Lê Văn Cường", complete=True)
    export_package(e1, tmp_path / "p2.ksp")
    e1.close()
    monkeypatch.setenv("KHAOSAT_PIN", "246813")
    cipher.forget()
    try:
        clerk = make_db(tmp_path / "clerk.db", role="commune", name="Phạm Thị Dung", code="X01")
        clerk.set_settings({backup.FOLDER_KEY: str(tmp_path / "usb")})
        _import(clerk, tmp_path / "p1.ksp")
        before = _csv(clerk, tmp_path / "before")  # what the point before the second import stands for
        _import(clerk, tmp_path / "p2.ksp")
        clerk.close()
        usb = tmp_path / "usb"
        kept = list(backup.journal_dir(usb, "clerk").glob("*.ksp"))
        assert kept and all(cipher.is_encrypted_file(p) for p in kept)
        for p in kept:
            raw = p.read_bytes()
            assert "Lê Văn Cường".encode() not in raw and b"0101234567" not in raw and b"PK\x03\x04" not in raw
        [point] = [p for p in backup.list_restore_points(usb) if p.suffix == ".point"]
        journal.restore(tmp_path / "clerk.db", point)
        clerk = open_store(tmp_path / "clerk.db")
        try:
            assert _csv(clerk, tmp_path / "after") == before
        finally:
            clerk.close()
        # a journaled package changed on the stick refuses the restore
        assert json.loads(point.read_text(encoding="utf-8"))["packages"]
        for victim in kept:
            data = bytearray(victim.read_bytes())
            data[-20] ^= 1
            victim.write_bytes(bytes(data))
        with pytest.raises(AppError) as e:
            journal.check(point)
        assert e.value.code is StoreCode.RESTORE_INVALID and "was changed" in e.value.message("en")
    finally:
        cipher.forget()


def test_restoring_a_point_made_before_an_erasure_does_not_bring_the_values_back(world, tmp_path):
    """Issue 18: the erasures the database knows are applied again to what a restore point rebuilds (the
    full copy and the journaled packages, which hold the values as they were received)."""
    from models.exchange import erase

    clerk, pk, r1 = world
    _import(clerk, pk[1])
    _import(clerk, pk[2])
    s3 = _import(clerk, pk[3])
    point = Path(s3.backup and backup.list_restore_points(tmp_path / "usb")[0])
    assert point.suffix == ".point"
    erase.erase_record(clerk, r1, reason="yêu cầu của chủ cơ sở")
    assert "tax_code" not in clerk.record(r1)["answers"]
    path = clerk.path
    clerk.close()
    journal.restore(path, point)
    st = open_store(path, create=False)
    try:
        ans = st.record(r1)["answers"]
        assert "unit_name" not in ans and "tax_code" not in ans and ans["workers"] == "5"
        assert [r["action"] for r in st.audit(r1)].count("erase") == 1
        assert b"0101234567" not in Path(path).read_bytes()
        assert "0101234567" not in json.dumps(st.rows("SELECT * FROM audit"), ensure_ascii=False)
    finally:
        st.close()
