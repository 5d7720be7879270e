"""Who may change what, malformed packages, size limits, export bookkeeping and
messages without English OS text for transfer packages."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import zipfile
import zlib

import pytest

from models.base.changes import SENDERS, Changes
from models.base.errors import AppError
from models.exchange.codec import _gzip, _jsonl
from models.exchange.errors import PackageCode
from models.exchange.keys import Identity, b64, identity, read_public_key, senders, write_public_key
from models.exchange.merge import VERSION_FIELDS, leaves_of
from models.exchange.packages import (
    _zip_bytes,
    export_package,
    inspect_package,
    read_package,
    records_from_package,
    summary_line,
    trust_named_sender,
    trust_sender,
)
from models.exchange.returns import export_return_package
from models.records.editor import RecordEditor
from models.records.review import send_back
from models.store.revisions import content_hash, make_rev
from tests.models.pkg_helpers import add_household, import_files, make_db


def new_identity() -> Identity:
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    s, e = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    raw = (ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    pub = (ser.Encoding.Raw, ser.PublicFormat.Raw)
    return Identity(s.private_bytes(*raw), s.public_key().public_bytes(*pub), e.private_bytes(*raw),
                    e.public_key().public_bytes(*pub))


def rebuild(src, out, signer: Identity, *, edit_versions=None, sender=None, parts_edit=None) -> None:
    """Take a package apart, change it, and sign it again with ``signer`` (what anyone can do)."""
    with zipfile.ZipFile(src) as z:
        entries = [(n, z.read(n)) for n in z.namelist()]
    m = json.loads(entries[0][1])
    parts = dict(entries[2:])
    if edit_versions is not None:
        vs = [json.loads(line) for line in gzip.decompress(parts["records.jsonl.gz"]).decode().splitlines()]
        vs = edit_versions(vs)
        parts["records.jsonl.gz"] = _gzip(_jsonl(vs))
        parts["audit.jsonl.gz"] = _gzip(_jsonl([]))
    if parts_edit is not None:
        parts_edit(parts)
    m["package_id"] = m["package_id"] + "-x"
    m["sender"].update(sign_public=b64(signer.sign_public), enc_public=b64(signer.enc_public),
                       fingerprint=signer.fingerprint, **(sender or {}))
    for p in m["parts"]:
        p["sha256"] = hashlib.sha256(parts[p["name"]]).hexdigest()
        p["size"] = len(parts[p["name"]])
    mb = json.dumps(m).encode()
    out.write_bytes(_zip_bytes([("manifest.json", mb), ("manifest.sig", signer.sign(mb))]
                               + [(p["name"], parts[p["name"]]) for p in m["parts"]]))


def forge_update(name: str):
    """Versions edited into a newer revision of every record with head_name = ``name`` (no secret needed)."""
    def edit(vs):
        for v in vs:
            v["answers"]["head_name"] = v["data"]["head_name"] = name
            v["ancestry"] = [*v["ancestry"], v["rev"]]
            v["rev_gen"] += 1
            v["content_hash"] = content_hash(v)
            v["rev"] = make_rev(v["rev_gen"], v["ancestry"][-1], v["content_hash"])
        return vs
    return edit


@pytest.fixture
def commune(tmp_path):
    e1 = make_db(tmp_path / "e1.db", name="Nguyễn Văn An", code="E01")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    rid = add_household(e1, "Trần Thị Bình", complete=True)
    export_package(e1, tmp_path / "e1.ksp")
    [s] = import_files(clerk, [tmp_path / "e1.ksp"])
    assert s.added == 1 and not s.sender_known and not s.sender_trusted  # introduced, not yet trusted
    yield e1, clerk, rid
    e1.close()
    clerk.close()


# ---------------------------------------------------------------------------------------- who may change what


def test_a_forged_update_claiming_the_real_device_is_refused_naming_both_keys(commune, tmp_path):
    e1, clerk, rid = commune
    forger = new_identity()
    rebuild(tmp_path / "e1.ksp", tmp_path / "forged.ksp", forger, edit_versions=forge_update("FORGED"))
    [s] = import_files(clerk, [tmp_path / "forged.ksp"])
    assert s.refused and s.key_changed and s.known_fingerprint == identity(e1).fingerprint
    for text in (s.reason, s.reason_en):
        assert forger.fingerprint in text and identity(e1).fingerprint in text
    assert "khóa" in s.reason and "Không có gì bị thay đổi" in s.reason
    assert clerk.record(rid)["answers"]["head_name"] == "Trần Thị Bình"
    assert leaves_of(clerk, rid)[1:] == []


def test_a_forged_update_from_a_new_device_is_held_as_a_conflict_never_a_replacement(commune, tmp_path):
    e1, clerk, rid = commune
    forger = new_identity()
    rebuild(tmp_path / "e1.ksp", tmp_path / "forged.ksp", forger, edit_versions=forge_update("FORGED"),
            sender={"device_id": "some-new-device", "name": "Nguyễn Văn An"})
    [s] = import_files(clerk, [tmp_path / "forged.ksp"])
    assert not s.refused and s.updated == 0 and s.held == 1 and s.conflicts == 0 and s.held_ids == [rid]
    assert not s.sender_trusted and s.sender_fingerprint == forger.fingerprint
    assert summary_line([s]).endswith(" held=1")
    rec = clerk.record(rid)
    assert rec["answers"]["head_name"] == "Trần Thị Bình"  # the real version stays current (reports use it)
    assert [v["answers"]["head_name"] for v in leaves_of(clerk, rid)] == ["Trần Thị Bình", "FORGED"]
    assert [r["outcome"] for r in records_from_package(clerk, s.package_id)] == ["held"]
    # importing it again changes nothing more
    [again] = import_files(clerk, [tmp_path / "forged.ksp"])
    assert again.already_imported and len(leaves_of(clerk, rid)) == 2
    # The real enumerator's own later edit still applies as usual
    RecordEditor(e1, rid).set("village", "Thôn 9")
    export_package(e1, tmp_path / "e1b.ksp", mode="changes")
    [real] = import_files(clerk, [tmp_path / "e1b.ksp"])
    assert not real.refused and real.held == 0
    assert clerk.record(rid)["answers"]["village"] == "Thôn 9"


def test_trusting_a_sender_applies_its_held_updates_and_the_next_ones(commune, tmp_path):
    e1, clerk, rid = commune
    other = make_db(tmp_path / "other.db", role="clerk", name="Cán bộ xã khác", code="C02", forms=False)
    import_files(other, [tmp_path / "e1.ksp"])
    RecordEditor(other, rid).set("phone", "0912000111")
    export_package(other, tmp_path / "other.ksp")
    [s] = import_files(clerk, [tmp_path / "other.ksp"])
    assert s.held == 1 and clerk.record(rid)["answers"].get("phone") is None
    assert s.changes.updated == {rid}  # held as a conflict: the record's lists and windows follow
    res = trust_sender(clerk, s.sender_fingerprint)
    assert (res.applied, res.still_conflicts, res.name) == (1, 0, "Cán bộ xã khác")
    assert res.changes == Changes.of(SENDERS, updated=[rid])
    assert clerk.record(rid)["answers"]["phone"] == "0912000111" and leaves_of(clerk, rid)[1:] == []
    assert [r["outcome"] for r in records_from_package(clerk, s.package_id)] == ["updated"]
    assert any(a["action"] == "trust" for a in clerk.audit(rid))
    assert {r["fingerprint"]: r["trusted"] for r in senders(clerk)}[s.sender_fingerprint] == 1
    RecordEditor(other, rid).set("phone", "0912000222")
    export_package(other, tmp_path / "other2.ksp", mode="changes")
    [s2] = import_files(clerk, [tmp_path / "other2.ksp"])
    assert s2.sender_trusted and s2.updated == 1 and s2.held == 0
    assert clerk.record(rid)["answers"]["phone"] == "0912000222"
    with pytest.raises(AppError) as err:
        trust_sender(clerk, "0000 0000 0000 0000 0000")
    assert err.value.code is PackageCode.PKG_UNKNOWN_SENDER
    other.close()


def test_a_public_key_file_pre_trusts_its_holder(commune, tmp_path):
    e1, clerk, rid = commune
    prov = make_db(tmp_path / "prov.db", role="province", name="Sở KH&CN", code="P01", forms=False)
    import_files(prov, [tmp_path / "e1.ksp"])
    RecordEditor(prov, rid).set("phone", "0988000111")
    export_package(prov, tmp_path / "prov.ksp")
    write_public_key(prov, tmp_path / "prov.pub")
    res = trust_named_sender(clerk, key_file=str(tmp_path / "prov.pub"))
    assert res.fingerprint == identity(prov).fingerprint and res.applied == 0
    assert res.changes == Changes.of(SENDERS)  # trusted, no held update to apply
    [s] = import_files(clerk, [tmp_path / "prov.ksp"])
    assert s.sender_trusted and s.updated == 1 and s.held == 0
    assert clerk.record(rid)["answers"]["phone"] == "0988000111"
    prov.close()


def test_a_reinstalled_device_is_accepted_once_its_new_key_is_trusted(commune, tmp_path):
    e1, clerk, rid = commune
    new_key = new_identity()
    rebuild(tmp_path / "e1.ksp", tmp_path / "new.ksp", new_key, edit_versions=forge_update("Trần Thị Bình B"))
    [s] = import_files(clerk, [tmp_path / "new.ksp"])
    assert s.key_changed
    res = trust_named_sender(clerk, package=str(tmp_path / "new.ksp"))
    assert res.fingerprint == new_key.fingerprint
    [s] = import_files(clerk, [tmp_path / "new.ksp"])
    assert not s.refused and s.updated == 1 and clerk.record(rid)["answers"]["head_name"] == "Trần Thị Bình B"
    trust = {r["fingerprint"]: r["trusted"] for r in senders(clerk)}
    assert trust == {new_key.fingerprint: 1, identity(e1).fingerprint: 0}
    # The old key no longer speaks for the device
    RecordEditor(e1, rid).set("village", "Thôn 3")
    export_package(e1, tmp_path / "old-key.ksp", mode="changes")
    [old] = import_files(clerk, [tmp_path / "old-key.ksp"])
    assert old.refused and old.key_changed and old.known_fingerprint == new_key.fingerprint


def test_a_package_claiming_this_installations_own_device_with_another_key_is_refused(commune, tmp_path):
    e1, clerk, rid = commune
    rebuild(tmp_path / "e1.ksp", tmp_path / "me.ksp", new_identity(), edit_versions=forge_update("X"),
            sender={"device_id": clerk.device_id})
    [s] = import_files(clerk, [tmp_path / "me.ksp"])
    assert s.refused and s.known_fingerprint == identity(clerk).fingerprint


def test_the_usual_exchange_needs_no_trust_step(commune, tmp_path):
    """Enumerator → clerk → return package → enumerator → clerk, and clerk → province, all apply without
    anyone trusting a key: each sender updates what it brought, and the clerk's first return package to an
    enumerator (who trusts nobody yet) is trusted on first use."""
    e1, clerk, rid = commune
    send_back(clerk, rid, comment="Kiểm tra lại thôn", questions={"village": "Sai thôn?"})
    export_return_package(clerk, str(tmp_path / "back.ksp"), enumerator="E01")
    [s] = import_files(e1, [tmp_path / "back.ksp"])
    assert not s.refused and s.updated == 1 and s.held == 0 and s.trusted_first_use and s.sender_trusted
    assert e1.record(rid)["status"] == "returned"
    ed = RecordEditor(e1, rid)
    ed.set("village", "Thôn 7")
    assert ed.mark_complete() == []
    export_package(e1, tmp_path / "fixed.ksp", mode="changes")
    [s] = import_files(clerk, [tmp_path / "fixed.ksp"])
    assert s.updated == 1 and s.held == 0 and clerk.record(rid)["answers"]["village"] == "Thôn 7"
    prov = make_db(tmp_path / "prov.db", role="province", name="Sở", code="P01", forms=False)
    export_package(clerk, tmp_path / "to-prov.ksp")
    [s] = import_files(prov, [tmp_path / "to-prov.ksp"])
    assert s.added == 1 and not s.sender_trusted
    from models.records.review import approve

    approve(clerk, rid)
    export_package(clerk, tmp_path / "to-prov2.ksp", mode="changes")
    [s] = import_files(prov, [tmp_path / "to-prov2.ksp"])
    assert s.updated == 1 and s.held == 0 and prov.record(rid)["status"] == "approved"
    # once the enumerator trusts its clerk, a reply from any other new key is held
    stranger = new_identity()
    rebuild(tmp_path / "fixed.ksp", tmp_path / "stranger.ksp", stranger, edit_versions=forge_update("Kẻ lạ"),
            sender={"device_id": "stranger-device"})
    [s] = import_files(e1, [tmp_path / "stranger.ksp"])
    assert s.held == 1 and not s.trusted_first_use and e1.record(rid)["answers"]["head_name"] == "Trần Thị Bình"
    prov.close()


def test_inspect_says_whether_the_sender_is_trusted(commune, tmp_path):
    e1, clerk, rid = commune
    info = inspect_package(tmp_path / "e1.ksp", store=clerk)
    assert info["sender_known"] and not info["sender_trusted"]
    trust_sender(clerk, info["sender_fingerprint"])
    assert inspect_package(tmp_path / "e1.ksp", store=clerk)["sender_trusted"]


# ---------------------------------------------------------------------------------------- malformed packages


def _drop(field):
    def edit(vs):
        del vs[0][field]
        return vs
    return edit


def _retype(field, value):
    def edit(vs):
        vs[0][field] = value
        return vs
    return edit


# "files" may be absent: a package written before attachments existed (test_an_old_package_without_files)
REQUIRED = [f for f in VERSION_FIELDS if f != "files"]
BAD = [_drop(f) for f in REQUIRED] + [
    _retype("form_id", 5), _retype("answers", []), _retype("ancestry", "x"), _retype("rev_gen", "1"),
    _retype("deleted", 2), _retype("issues", -1), _retype("status", "lost"), _retype("id", ""),
    _retype("rev", "1-zz"), _retype("content_hash", "0" * 32), _retype("data", None), _retype("id", 7),
    _retype("files", []), _retype("files", {"../a.jpg": {"sha256": "0" * 64, "size": 1, "type": ""}}),
    _retype("files", {"a.jpg": {"sha256": "xyz", "size": 1, "type": ""}}),
]


@pytest.mark.parametrize("edit", BAD, ids=[f"drop-{f}" for f in REQUIRED] + [f"bad-{i}" for i in range(15)])
def test_a_malformed_signed_package_is_refused_and_the_others_still_import(tmp_path, edit):
    e1 = make_db(tmp_path / "e1.db")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    add_household(e1, "Lê Văn Cường")
    export_package(e1, tmp_path / "good.ksp")
    rebuild(tmp_path / "good.ksp", tmp_path / "bad.ksp", new_identity(), edit_versions=edit)
    add_household(e1, "Phạm Thị Dung")
    export_package(e1, tmp_path / "good2.ksp", mode="changes")
    bad, good = import_files(clerk, [tmp_path / "bad.ksp", tmp_path / "good2.ksp"])
    assert bad.refused and "không hợp lệ" in bad.reason and "is not valid" in bad.reason_en, bad.reason_en
    assert bad.added == bad.updated == 0
    assert good.added == 1 and not good.refused
    assert clerk.count_records() == 1


def test_an_old_package_without_files_still_imports(tmp_path):
    """Packages written before attachments existed have no "files" in their lines: read as no files, and
    the revision (hashed without files when there are none) still matches its content."""
    e1 = make_db(tmp_path / "e1.db")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    rid = add_household(e1, "Lê Văn Cường")
    export_package(e1, tmp_path / "good.ksp")
    rebuild(tmp_path / "good.ksp", tmp_path / "old.ksp", new_identity(), edit_versions=_drop("files"))
    [s] = import_files(clerk, [tmp_path / "old.ksp"])
    assert s.added == 1 and not s.refused, s.reason_en
    assert clerk.record(rid)["files"] == {} and clerk.record(rid)["rev"] == e1.record(rid)["rev"]


def test_an_unexpected_error_refuses_that_file_only_and_is_logged(tmp_path, monkeypatch, caplog):
    import models.exchange.importing as pk

    e1 = make_db(tmp_path / "e1.db")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    add_household(e1, "Lê Văn Cường")
    export_package(e1, tmp_path / "a.ksp")
    add_household(e1, "Phạm Thị Dung")
    export_package(e1, tmp_path / "b.ksp", mode="changes")
    real = pk._add_decisions
    calls = []

    def boom(store, rows):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a bug")
        return real(store, rows)

    monkeypatch.setattr(pk, "_add_decisions", boom)
    with caplog.at_level(logging.ERROR, logger="khaosat"):
        a, b = import_files(clerk, [tmp_path / "a.ksp", tmp_path / "b.ksp"])
    assert a.refused and a.added == 0 and "a.ksp" in a.reason and "nhật ký" in a.reason
    assert "RuntimeError: a bug" in caplog.text  # the traceback is in the log, not in the message
    assert "a bug" not in a.reason
    assert b.added == 1 and clerk.count_records() == 1  # the first file's transaction was rolled back

    def bad_prepare(*args, **kwargs):
        raise ValueError("reader bug")

    monkeypatch.setattr(pk, "_prepare_one", bad_prepare)
    [c] = import_files(clerk, [tmp_path / "a.ksp"])
    assert c.refused and "a.ksp" in c.reason


# ---------------------------------------------------------------------------------------- size limits


def test_limits_fit_a_laptop():
    import models.exchange.codec as pk

    assert pk.MAX_FILE == 512 * 1024**2 and pk.MAX_UNPACKED == 1024**3


def test_a_small_gzip_bomb_is_refused_with_a_clear_message(tmp_path):
    e1 = make_db(tmp_path / "e1.db")
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    add_household(e1, "Lê Văn Cường")
    export_package(e1, tmp_path / "good.ksp")
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = co.compress(b" " * (40 * 1024**2)) + co.flush()  # 40 MiB of spaces in ~40 KB

    def put(parts):
        parts["audit.jsonl.gz"] = bomb

    rebuild(tmp_path / "good.ksp", tmp_path / "bomb.ksp", new_identity(), parts_edit=put)
    assert os.path.getsize(tmp_path / "bomb.ksp") < 200_000
    [s] = import_files(clerk, [tmp_path / "bomb.ksp"])
    assert s.refused and "bom nén" in s.reason and "audit.jsonl.gz" in s.reason and "zip bomb" in s.reason_en
    assert clerk.count_records() == 0


def test_the_unpacked_total_of_all_parts_is_capped(tmp_path, monkeypatch):
    import models.exchange.codec as pk

    e1 = make_db(tmp_path / "e1.db")
    for i in range(30):
        add_household(e1, f"Hộ {i}", members=3)
    export_package(e1, tmp_path / "p.ksp")
    pkg = read_package(tmp_path / "p.ksp")
    sizes = {n: len(zlib.decompress(b, 31)) for n, b in pkg.parts.items() if n.endswith(".gz")}
    # every part alone fits, all of them together do not
    monkeypatch.setattr(pk, "MAX_UNPACKED", sum(sizes.values()) - 1)
    assert max(sizes.values()) < pk.MAX_UNPACKED
    with pytest.raises(AppError) as err:
        pkg.versions(), pkg.audit(), pkg.decisions()
    assert err.value.code is PackageCode.PKG_TOO_LARGE and "MiB" in err.value.message("vi")


def test_a_file_beyond_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    import models.exchange.codec as pk

    e1 = make_db(tmp_path / "e1.db")
    add_household(e1, "Lê Văn Cường")
    export_package(e1, tmp_path / "p.ksp")
    monkeypatch.setattr(pk, "MAX_FILE", 1000)
    with pytest.raises(AppError) as err:
        read_package(tmp_path / "p.ksp")
    assert err.value.code is PackageCode.PKG_TOO_LARGE and "tối đa" in err.value.message("vi")


# ---------------------------------------------------------------------------------------- export bookkeeping


def test_a_failing_rename_leaves_nothing_marked_as_sent(tmp_path, monkeypatch):
    import errno

    e1 = make_db(tmp_path / "e1.db")
    rid = add_household(e1, "Lê Văn Cường")

    def pulled_out(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", pulled_out)
    with pytest.raises(AppError):
        export_package(e1, tmp_path / "out.ksp", mode="changes")
    monkeypatch.undo()
    assert not (tmp_path / "out.ksp").exists() and not list(tmp_path.glob("*.part"))
    assert e1.record(rid)["sealed"] == 0
    assert e1.execute("SELECT count(*) FROM pkg_sent").fetchone()[0] == 0
    assert e1.execute("SELECT count(*) FROM pkg_exports").fetchone()[0] == 0
    assert export_package(e1, tmp_path / "retry.ksp", mode="changes").records == 1  # still "changed"


# ---------------------------------------------------------------------------------------- messages without English OS text


ENGLISH_OS_TEXT = ("No such file", "Is a directory", "BadZipFile", "File is not a zip", "Permission denied",
                   "format is not", "Expecting", "not JSON")


@pytest.mark.parametrize("case", ["missing", "folder", "not-a-zip", "keyfile-format", "keyfile-json"])
def test_vietnamese_package_messages_carry_no_english_os_text(tmp_path, case):
    if case == "missing":
        call = lambda: read_package(tmp_path / "nothing.ksp")  # noqa: E731
    elif case == "folder":
        (tmp_path / "dir.ksp").mkdir()
        call = lambda: read_package(tmp_path / "dir.ksp")  # noqa: E731
    elif case == "not-a-zip":
        (tmp_path / "x.ksp").write_bytes(b"hello, this is not a package at all" * 3)
        call = lambda: read_package(tmp_path / "x.ksp")  # noqa: E731
    elif case == "keyfile-format":
        (tmp_path / "k.pub").write_text(json.dumps({"format": "other"}))
        call = lambda: read_public_key(tmp_path / "k.pub")  # noqa: E731
    else:
        (tmp_path / "k.pub").write_text("{'bad'")
        call = lambda: read_public_key(tmp_path / "k.pub")  # noqa: E731
    with pytest.raises(AppError) as err:
        call()
    vi, en = err.value.message("vi"), err.value.message("en")
    assert not any(t in vi for t in ENGLISH_OS_TEXT), vi
    assert "?" not in vi.replace("'?'", "")  # every placeholder filled
    assert ".ksp" in vi or ".pub" in vi  # names the file
    assert vi != en


# ---------------------------------------------------------------------------------------- private keys


def test_private_keys_are_not_in_the_text_of_an_identity(tmp_path):
    st = make_db(tmp_path / "e1.db")
    ident = identity(st)
    text = repr(ident) + str(ident)
    assert ident.sign_private.hex() not in text and repr(ident.sign_private) not in text
    assert repr(ident.enc_private) not in text and repr(ident.sign_public) in text
