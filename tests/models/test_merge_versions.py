"""merge_versions' guarantees, on versions built by hand: what is current whatever the arrival order, newer
replaces older, older changes nothing, both sides of a conflict are kept, held versions are never current;
versions carry no hidden markers and prepared work counts only for the versions it was made from."""

from __future__ import annotations

import copy
import itertools
import json

import pytest

from models.exchange.errors import PackageCode, PackageError
from models.exchange.merge import (
    VERSION_FIELDS,
    Version,
    build_version,
    leaves_of,
    merge_versions,
    precompute,
)
from models.records.flat import flatten
from models.store.schema import row_to_version
from tests.models.pkg_helpers import add_enterprise, make_db


def _child(store, parent: dict, village: str) -> dict:
    values = flatten(parent["answers"])
    values["village"] = village
    return build_version(store, parent, values, ancestry=[*parent["ancestry"], parent["rev"]],
                         gen=parent["rev_gen"] + 1)


@pytest.fixture(scope="module")
def lineage(tmp_path_factory):
    """v1 → v2a → v3a, and v2b beside v2a (an edit on another device)."""
    d = tmp_path_factory.mktemp("lineage")
    src = make_db(d / "src.db")
    rid = add_enterprise(src, "Công ty Ánh Dương", tax="0101234567")
    v1 = row_to_version(src.record(rid))
    v2a = _child(src, v1, "Thôn Đông")
    v2b = _child(src, v1, "Thôn Tây")
    v3a = _child(src, v2a, "Xóm Mới")
    src.close()
    return {"v1": v1, "v2a": v2a, "v2b": v2b, "v3a": v3a}


class _Db:
    def __init__(self, path):
        self.store = make_db(path, role="clerk")
        self.writes = 0

    def merge(self, versions, **kw):
        with self.store.write():
            return merge_versions(self.store, versions, before_writes=self._wrote, **kw)

    def _wrote(self):
        self.writes += 1

    def state(self):
        rows = self.store.execute("SELECT id, rev FROM records ORDER BY id").fetchall()
        leaves = sorted(self.store.execute("SELECT record_id, rev, held FROM record_conflicts").fetchall())
        return rows, leaves


def _key(v):
    return (v["rev_gen"], v["rev"])


def test_the_current_version_is_the_highest_leaf_whatever_the_arrival_order(lineage, tmp_path):
    names = ["v1", "v2a", "v2b", "v3a"]
    want_current = max([lineage["v3a"], lineage["v2b"]], key=_key)["rev"]
    seen = set()
    for n, order in enumerate(itertools.permutations(names)):
        one_by_one = _Db(tmp_path / f"a{n}.db")
        for name in order:
            one_by_one.merge([copy.deepcopy(lineage[name])])
        together = _Db(tmp_path / f"b{n}.db")
        together.merge([copy.deepcopy(lineage[name]) for name in order])
        assert one_by_one.state() == together.state()
        rows, leaves = one_by_one.state()
        assert [r[1] for r in rows] == [want_current]
        assert {r[1] for r in leaves} | {want_current} == {lineage["v3a"]["rev"], lineage["v2b"]["rev"]}
        seen.add(repr(one_by_one.state()))
        one_by_one.store.close()
        together.store.close()
    assert len(seen) == 1


def test_newer_replaces_older_and_older_or_same_changes_nothing(lineage, tmp_path):
    db = _Db(tmp_path / "t.db")
    assert db.merge([copy.deepcopy(lineage["v1"])]).added
    out = db.merge([copy.deepcopy(lineage["v3a"])])
    rid = lineage["v1"]["id"]
    assert out.updated == [rid] and out.received == [(rid, lineage["v3a"]["rev"], "updated")]
    before = (db.state(), db.writes)
    for name in ("v1", "v2a", "v3a"):
        out = db.merge([copy.deepcopy(lineage[name])])
        assert out.unchanged == [lineage["v1"]["id"]] and not out.received and not out.current
    assert (db.state(), db.writes) == before  # nothing written, not even asked to be
    assert db.store.record(lineage["v1"]["id"])["rev"] == lineage["v3a"]["rev"]
    db.store.close()


def test_edits_on_both_sides_are_all_kept_in_full(lineage, tmp_path):
    db = _Db(tmp_path / "t.db")
    rid = lineage["v1"]["id"]
    db.merge([copy.deepcopy(lineage["v1"])])
    db.merge([copy.deepcopy(lineage["v2a"])])
    out = db.merge([copy.deepcopy(lineage["v2b"])], note="p.ksp (An)")
    assert out.conflicts == [rid]
    kept = leaves_of(db.store, rid)
    assert sorted(v["rev"] for v in kept) == sorted([lineage["v2a"]["rev"], lineage["v2b"]["rev"]])
    assert kept[0]["rev"] == max([lineage["v2a"], lineage["v2b"]], key=_key)["rev"]
    for v in kept:
        original = lineage["v2a"] if v["rev"] == lineage["v2a"]["rev"] else lineage["v2b"]
        assert v == original
    trail = db.store.execute("SELECT action, old, new FROM audit WHERE record_id = ? AND action = 'conflict'",
                             [rid]).fetchall()
    assert trail and all(old == "p.ksp (An)" for _a, old, _n in trail)
    db.store.close()


def test_held_versions_are_never_current_until_promoted(lineage, tmp_path):
    db = _Db(tmp_path / "t.db")
    rid = lineage["v1"]["id"]
    db.merge([copy.deepcopy(lineage["v1"])])
    out = db.merge([copy.deepcopy(lineage["v3a"])], held={rid})
    assert out.held == [rid] and out.conflicts == [rid]
    assert out.received == [(rid, lineage["v3a"]["rev"], "held")]
    assert db.state() == ([(rid, lineage["v1"]["rev"])], [(rid, lineage["v3a"]["rev"], 1)])
    assert db.merge([copy.deepcopy(lineage["v2a"])], held={rid}).unchanged == [rid]  # older than a leaf
    stored = [json.loads(v) for (v,) in db.store.execute("SELECT version FROM record_conflicts")]
    out = db.merge(stored, promote=True)
    assert out.updated == [rid]
    assert db.state() == ([(rid, lineage["v3a"]["rev"])], [])
    db.store.close()


def test_versions_carry_no_hidden_markers(lineage, tmp_path):
    db = _Db(tmp_path / "t.db")
    rid = lineage["v1"]["id"]
    given = [copy.deepcopy(lineage[n]) for n in ("v1", "v2a", "v2b")]
    before = copy.deepcopy(given)
    out = db.merge(given)
    assert given == before  # the merge keeps what it knows about a version outside it
    assert all(list(v) == list(VERSION_FIELDS) for v in out.current)
    held = [copy.deepcopy(lineage["v3a"])]
    db.merge(held, held={rid})
    assert held == [lineage["v3a"]]
    for (version,) in db.store.execute("SELECT version FROM record_conflicts"):
        assert list(json.loads(version)) == list(VERSION_FIELDS)
    db.store.close()


def test_prepared_work_counts_only_for_the_very_versions_it_was_made_from(lineage, tmp_path):
    db = _Db(tmp_path / "t.db")
    good = copy.deepcopy(lineage["v1"])
    pre = precompute([good])
    assert isinstance(pre.versions[0], Version) and pre.versions[0].problem == ""
    pre.versions[0].text = "văn bản chuẩn bị sẵn"
    db.merge([good], pre=pre)
    assert db.store.execute("SELECT text FROM records_fts").fetchone()[0] == "văn bản chuẩn bị sẵn"

    other = _Db(tmp_path / "o.db")
    copy_of_good = copy.deepcopy(good)
    other.merge([copy_of_good], pre=pre)  # prepared for another dict with the same content: not used
    assert "bản chuẩn bị" not in other.store.execute("SELECT text FROM records_fts").fetchone()[0]

    bad = copy.deepcopy(lineage["v2b"])
    bad["answers"]["unit_name"] = "Công ty giả"  # its content no longer matches its revision
    forged = precompute([copy.deepcopy(bad)])
    forged.versions[0].problem = ""  # "checked, well-formed": about another dict, so it proves nothing
    with pytest.raises(PackageError) as err:
        db.merge([bad], pre=forged, where="p.ksp")
    assert err.value.code is PackageCode.PKG_CONTENT and "p.ksp" in err.value.message("en")
    assert db.writes == 1  # the bad version was refused before anything was written
    db.store.close()
    other.store.close()
