"""Structured attacks on transfer packages (random bytes and flipped bytes are in
tests/models/test_packages_props.py): valid ZIPs with altered manifest fields or records, re-signed
by an attacker's key; replayed old packages; zip bombs and lying sizes; unsafe entry names.

Every case ends in a clear refusal (``PKG_*``, nothing applied) or a correct import — never another
exception, never a half-applied package. Bounded here (``FUZZ_EXAMPLES``); ``bench/fuzz.sh`` runs longer.
"""

from __future__ import annotations

import os
import shutil
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.base.errors import AppError
from models.exchange.errors import PackageError
from models.exchange.keys import identity, write_public_key
from models.exchange.merge import VERSION_FIELDS
from models.exchange.packages import export_package, import_into, inspect_package, read_package
from models.records.editor import RecordEditor
from models.store.database import open_store
from models.store.revisions import content_hash, make_rev
from tests.models.pkg_helpers import add_enterprise, add_household, make_db
from tests.reliability.forge import Parts, attacker_identity
from tests.reliability.helpers import drain

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
HOSTILE = ["", "'; DROP TABLE records; --", "../../../etc/passwd", "/etc/passwd", "C:\\Windows\\x", "\u202e",
           "\x00", "Ω" * 100_000, "forms/1.md", "records.jsonl.gz", "manifest.json", "uuid:x", "1-" + "0" * 32]
VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63), st.floats(),
                   st.text(max_size=20), st.sampled_from(HOSTILE), st.lists(st.integers(), max_size=3),
                   st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2), st.just("<delete>"))
MANIFEST_PATHS = [
    ("format",), ("format_version",), ("package_id",), ("created_at",), ("kind",), ("app",), ("sender",),
    ("sender", "name"), ("sender", "device_id"), ("sender", "commune"), ("sender", "role"), ("receiver",),
    ("counts",), ("counts", "records"), ("forms",), ("forms", 0), ("forms", 0, "form_id"), ("forms", 0, "version"),
    ("forms", 0, "part"), ("forms", 0, "file_type"), ("forms", 0, "file_name"), ("forms", 0, "sha256"),
    ("encryption",), ("parts",), ("parts", 0), ("parts", 0, "name"), ("parts", 0, "size"), ("parts", 0, "sha256"),
    ("parts", 3, "name"),
]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    d = tmp_path_factory.mktemp("pkgfuzz")
    src = make_db(d / "e.db", name="Trần Văn Nam", code="E07")
    ids = [add_enterprise(src, "Công ty Hoa Sen", tax="0101234567", phone="0912345678", complete=True),
           add_household(src, "Đỗ Thị Lan", members=2)]
    export_package(src, d / "p1.ksp")
    RecordEditor(src, ids[1]).set("village", "Thôn Mới")
    export_package(src, d / "p2.ksp", mode="changes")
    clerk = make_db(d / "template.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    write_public_key(clerk, d / "clerk.pub")
    clerk.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    clerk.close()
    from models.exchange.keys import read_public_key

    export_package(src, d / "enc.ksp", to=read_public_key(d / "clerk.pub"))
    src.close()
    return World({"dir": d, "ids": ids, "p1": (d / "p1.ksp").read_bytes(), "p2": (d / "p2.ksp").read_bytes(),
                  "enc": (d / "enc.ksp").read_bytes(), "template": d / "template.db", "attacker": attacker_identity()})


class World(dict):
    def __repr__(self) -> str:  # hypothesis prints the arguments of a failing example
        return "<packages, databases and keys>"


_n = [0]


def _import(world, blob: bytes, tmp_dir):
    """Import ``blob`` into a fresh copy of the clerk's database; (summary, store)."""
    _n[0] += 1
    db = tmp_dir / f"clerk{_n[0]}.db"
    shutil.copyfile(world["template"], db)
    path = tmp_dir / f"x{_n[0]}.ksp"
    path.write_bytes(blob)
    store = open_store(db)
    [summary] = drain(import_into(store, [str(path)], backup=False))
    assert store.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    if summary.refused:
        assert summary.reason and summary.reason_en and summary.added == summary.updated == 0
        for table in ("records", "pkg_imports", "pkg_received", "pkg_senders", "audit", "forms"):
            assert store.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    else:
        n = store.execute("SELECT count(*) FROM pkg_imports").fetchone()[0]
        assert n == 1 and store.count_records() + store.execute(
            "SELECT count(*) FROM records WHERE deleted = 1").fetchone()[0] >= 1
        for (rid,) in store.execute("SELECT id FROM records").fetchall():
            RecordEditor(store, rid)  # every record imported opens for editing
    try:
        inspect_package(path, store=store)
    except AppError as err:
        assert isinstance(err, PackageError), err.code
    return summary, store


def _set(obj, path, value):
    *head, last = path
    for k in head:
        obj = obj[k]
    if value == "<delete>":
        del obj[last]
    else:
        obj[last] = value


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
@given(path=st.sampled_from(MANIFEST_PATHS), value=VALUES, resign=st.booleans(), digests=st.booleans(),
       base=st.sampled_from(["p1", "enc"]))
def test_altered_manifest_fields(world, tmp_path, path, value, resign, digests, base):
    p = Parts.of(world[base])
    try:
        _set(p.manifest, path, value)
    except (KeyError, IndexError, TypeError):
        return  # the field is not there in this package
    if digests:
        p.refresh_digests()
    signer = world["attacker"] if resign else None  # None: the sender's signature over the old manifest
    try:
        blob = p.build(signer)
    except (TypeError, AttributeError, ValueError):
        return  # nothing the JSON encoder can write
    summary, store = _import(world, blob, tmp_path)
    if signer is None:
        assert summary.refused  # any change to the manifest breaks the sender's signature
    elif not summary.refused:
        assert summary.sender_fingerprint == signer.fingerprint and not summary.sender_known
    store.close()


def _consistent(v: dict) -> dict:
    """What an attacker who knows the format does: recompute the content hash and the revision."""
    try:
        v["content_hash"] = content_hash(v)
        v["rev"] = make_rev(v["rev_gen"], v["ancestry"][-1] if v["ancestry"] else "", v["content_hash"])
    except Exception:  # noqa: BLE001, S110 - a version too broken to hash stays broken
        pass
    return v


ANSWER_VALUES = st.one_of(st.text(max_size=10), st.sampled_from(HOSTILE), st.integers(), st.none(),
                          st.lists(st.dictionaries(st.sampled_from(["m_name", "m_byear", "x"]), st.text(max_size=5),
                                                   max_size=2), max_size=3),
                          st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
@given(i=st.integers(0, 1), field=st.sampled_from([*VERSION_FIELDS, "answers.*", "extra"]), value=VALUES,
       answer_key=st.sampled_from(["head_name", "mem", "unit_name", "workers", "select", "../x", "\u202e"]),
       answer=ANSWER_VALUES, fix=st.booleans())
def test_altered_records(world, tmp_path, i, field, value, answer_key, answer, fix):
    p = Parts.of(world["p1"])
    versions = p.lines("records.jsonl.gz")
    v = versions[i]
    if field == "answers.*":
        v["answers"][answer_key] = answer
        v["data"][answer_key] = answer
    elif field == "extra":
        v["__proto__"] = value
    elif value == "<delete>":
        v.pop(field, None)
    else:
        v[field] = value
    if fix:
        _consistent(v)
    p.set_lines("records.jsonl.gz", versions)
    p.refresh_digests()
    summary, store = _import(world, p.build(world["attacker"]), tmp_path)
    if not summary.refused and field == "answers.*" and fix:
        rec = store.record(v["id"])
        assert rec["answers"][answer_key] == answer  # stored as sent (the engine ignores what does not fit)
    store.close()


@settings(max_examples=max(20, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(which=st.sampled_from(["audit", "decisions"]), row=st.integers(0, 3), value=VALUES,
       shape=st.sampled_from(["replace", "short", "object", "foreign"]))
def test_altered_audit_and_decisions(world, tmp_path, which, row, value, shape):
    p = Parts.of(world["p1"])
    name = f"{which}.jsonl.gz"
    rows = p.lines(name)
    if shape == "replace" and rows:
        r = list(rows[row % len(rows)])
        r[row % len(r)] = value
        rows[row % len(rows)] = r
    elif shape == "short":
        rows.append(["x"])
    elif shape == "object":
        rows.append({"record_id": value})
    else:  # a row about a record the package does not carry
        rows.append(["uuid:someone-else", "2025", "u", "d", "set", "p", None, "x", "1-" + "a" * 32][:9]
                    if which == "audit" else ["uuid:a", "uuid:b", "keep", "", "2025", "u", "d"])
    p.set_lines(name, rows)
    p.refresh_digests()
    _import(world, p.build(world["attacker"]), tmp_path)[1].close()


# ---------------------------------------------------------------------------------------- named attacks


def test_a_package_resigned_by_an_attacker_is_marked_as_a_new_sender(world, tmp_path):
    """Anyone can make a valid package with their own key (the format is open): it imports, but as a
    NEW sender with a fingerprint that differs from the real enumerator's, which the clerk compares."""
    real = read_package("p1.ksp", data=world["p1"]).sender.fingerprint
    p = Parts.of(world["p1"])
    summary, store = _import(world, p.build(world["attacker"]), tmp_path)
    assert not summary.refused and not summary.sender_known
    assert summary.sender == "Trần Văn Nam"  # the name is only what the package claims
    assert summary.sender_fingerprint == world["attacker"].fingerprint != real
    store.close()


def test_sender_keys_swapped_without_the_private_key_are_refused(world, tmp_path):
    p = Parts.of(world["p1"])
    p.manifest["sender"]["name"] = "Cán bộ tỉnh"
    blob = p.build(world["attacker"], as_sender=False)  # signed by the attacker, claims the real key
    summary, store = _import(world, blob, tmp_path)
    assert summary.refused and "signature" in summary.reason_en
    store.close()


def test_replayed_old_package_changes_nothing(world, tmp_path):
    """The newer package first, then the older one (replayed, or arriving late): nothing goes back."""
    db = tmp_path / "clerk.db"
    shutil.copyfile(world["template"], db)
    (tmp_path / "p1.ksp").write_bytes(world["p1"])
    (tmp_path / "p2.ksp").write_bytes(world["p2"])
    store = open_store(db)
    [s2] = drain(import_into(store, [str(tmp_path / "p2.ksp")], backup=False))
    hh = world["ids"][1]
    assert s2.added == 1 and store.record(hh)["answers"]["village"] == "Thôn Mới"
    [s1] = drain(import_into(store, [str(tmp_path / "p1.ksp")], backup=False))
    assert s1.updated == 0 and s1.conflicts == 0 and s1.added == 1  # the enterprise is new; the household older
    assert store.record(hh)["answers"]["village"] == "Thôn Mới"
    [again] = drain(import_into(store, [str(tmp_path / "p1.ksp")], backup=False))
    assert again.already_imported and again.added == again.updated == 0
    store.close()


def test_an_old_revision_replayed_under_an_attacker_key_cannot_roll_back(world, tmp_path):
    db = tmp_path / "clerk.db"
    shutil.copyfile(world["template"], db)
    (tmp_path / "p2.ksp").write_bytes(world["p2"])
    store = open_store(db)
    drain(import_into(store, [str(tmp_path / "p2.ksp")], backup=False))
    old = Parts.of(world["p1"])
    (tmp_path / "old.ksp").write_bytes(old.build(world["attacker"]))
    [s] = drain(import_into(store, [str(tmp_path / "old.ksp")], backup=False))
    # claiming the real device with another key is refused outright
    assert s.refused and s.key_changed and s.known_fingerprint != world["attacker"].fingerprint
    assert store.record(world["ids"][1])["answers"]["village"] == "Thôn Mới"
    # under a device id of its own, the old revision is older than what is here: nothing changes
    old.manifest["sender"]["device_id"] = "attacker-device"
    old.manifest["package_id"] = "old-again"
    (tmp_path / "old2.ksp").write_bytes(old.build(world["attacker"]))
    [s] = drain(import_into(store, [str(tmp_path / "old2.ksp")], backup=False))
    assert not s.refused and s.updated == 0 and s.conflicts == 0 and s.held == 0
    assert store.record(world["ids"][1])["answers"]["village"] == "Thôn Mới"
    store.close()


def test_a_zip_bomb_is_refused_before_it_fills_the_memory(world, tmp_path):
    p = Parts.of(world["p1"])
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = co.compress(b"\n" * (64 * 1024 * 1024)) + co.flush()  # 64 MB of newlines in 64 KB
    assert len(bomb) * 100 < 64 * 1024 * 1024
    p.set_part("records.jsonl.gz", bomb)
    p.refresh_digests()
    summary, store = _import(world, p.build(world["attacker"]), tmp_path)
    assert summary.refused and "too large" in summary.reason_en and "records.jsonl.gz" in summary.reason_en
    store.close()


def test_lying_sizes_are_refused(world, tmp_path):
    p = Parts.of(world["p1"])
    p.refresh_digests()
    p.manifest["parts"][0]["size"] = 10**15
    summary, store = _import(world, p.build(world["attacker"]), tmp_path)
    assert summary.refused and "SHA-256" in summary.reason_en
    store.close()
    # a ZIP whose directory declares an entry far larger than the file
    data = bytearray(world["p1"])
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (2**31).to_bytes(4, "little")  # uncompressed size in the central directory
    summary, store = _import(world, bytes(data), tmp_path)
    assert summary.refused
    store.close()


@pytest.mark.parametrize("name", ["../evil.md", "/etc/evil", "forms/../../evil", "C:/evil", "forms\\evil",
                                  "forms/\u202eevil.md", "forms/evil\x00.md", "forms/", "forms//x.md"])
def test_unsafe_entry_names_are_refused(world, tmp_path, name):
    p = Parts.of(world["p1"])
    p.set_part(name, b"x")
    p.refresh_digests()
    for raw in (False, True):  # the application's layout (UTF-8 names allowed), and an ordinary ZIP
        summary, store = _import(world, p.build(world["attacker"], raw=raw), tmp_path)
        assert summary.refused, name
        assert "\u202e" not in summary.reason and "\x00" not in summary.reason  # shown escaped, not obeyed
        store.close()
    assert not (tmp_path.parent / "evil.md").exists() and not os.path.exists("/etc/evil")


def test_an_encrypted_package_altered_and_resigned_is_refused(world, tmp_path):
    p = Parts.of(world["enc"])
    name, blob = p.parts[0]
    p.set_part(name, blob[:-1] + bytes([blob[-1] ^ 1]))
    p.refresh_digests()
    summary, store = _import(world, p.build(world["attacker"]), tmp_path)
    assert summary.refused and "decrypted" in summary.reason_en
    store.close()


def test_an_encrypted_package_opens_only_for_its_receiver(world, tmp_path):
    other = make_db(tmp_path / "other.db", role="clerk", name="Xã khác", code="C09", forms=False)
    identity(other)
    (tmp_path / "enc.ksp").write_bytes(world["enc"])
    [s] = drain(import_into(other, [str(tmp_path / "enc.ksp")], backup=False))
    assert s.refused and "another receiver" in s.reason_en and other.count_records() == 0
    other.close()
    summary, store = _import(world, world["enc"], tmp_path)
    assert not summary.refused and summary.added == 2
    store.close()


def _resigned(world, change) -> bytes:
    p = Parts.of(world["p1"])
    change(p)
    p.refresh_digests()
    return p.build(world["attacker"])


def _records(change):
    def apply(p):
        rows = p.lines("records.jsonl.gz")
        change(rows)
        p.set_lines("records.jsonl.gz", rows)
    return apply


def _audit(change):
    def apply(p):
        rows = p.lines("audit.jsonl.gz")
        change(rows)
        p.set_lines("audit.jsonl.gz", rows)
    return apply


def _fixed(v: dict) -> dict:
    return _consistent(v)


CASES = {  # what the fuzzing found (each crashed before it was fixed), and relatives
    "issues beyond SQLite's integers": _records(lambda r: r[0].update(issues=2**63)),
    "issues beyond SQLite's integers, self-consistent": _records(lambda r: _fixed(r[0].update(issues=2**63) or r[0])),
    "an audit row without its time": _audit(lambda r: r[1].__setitem__(1, None)),
    "an audit row without its record": _audit(lambda r: r[0].__setitem__(0, None)),
    "package_id a list": lambda p: p.manifest.update(package_id=["x"]),
    "forms a number": lambda p: p.manifest.update(forms=5),
    "counts a list": lambda p: p.manifest.update(counts=[]),
    "a record without form": _records(lambda r: r[0].pop("form_id")),
    "a record whose form is a list": _records(lambda r: r[0].update(form_id=["pkg_ent"])),
    "a right-to-left mark in a part name": lambda p: p.set_part("forms/\u202e1.md", b"x"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_found_by_fuzzing(world, tmp_path, case):
    summary, store = _import(world, _resigned(world, CASES[case]), tmp_path)
    assert summary.refused, case
    store.close()


@pytest.mark.parametrize("line", [b"{\"id\": NaN}", b"[" * 100_000 + b"]" * 100_000, b"{\"x\": Infinity}"])
def test_json_lines_python_reads_but_sqlite_does_not(world, tmp_path, line):
    import gzip

    summary, store = _import(world, _resigned(world, lambda p: p.set_part(
        "records.jsonl.gz", gzip.compress(line + b"\n", mtime=0))), tmp_path)
    assert summary.refused and "records.jsonl.gz" in summary.reason_en
    store.close()
