"""Attachments in merging and the conflict view (issue 12 part D, item 4): a file's digest is part of
its revision's content, both sides of a conflict keep their files, the view shows each file's name and
size, and a resolution keeps the file of the side chosen."""

from __future__ import annotations

import hashlib

from models.exchange.compare import comparison_rows, media_text
from models.exchange.merge import leaves_of, resolve
from models.exchange.packages import export_package, import_into
from models.records.editor import RecordEditor
from models.store import files as store_files
from tests.models.media_helpers import add_media_form, add_shop, png
from tests.models.pkg_helpers import make_db


def test_a_conflict_on_a_photo_keeps_both_files_and_the_resolution_takes_the_chosen_one(tmp_path):
    e1 = make_db(tmp_path / "e1.db")
    add_media_form(e1)
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    rid = add_shop(e1, "Tạp hoá Minh Anh", png(10, 10))
    export_package(e1, tmp_path / "p1.ksp")
    list(import_into(clerk, [tmp_path / "p1.ksp"]))
    assert clerk.record(rid)["rev"] == e1.record(rid)["rev"]  # the same content, files included
    theirs, ours = png(20, 10, (0, 90, 0)), png(30, 10, (0, 0, 90))
    RecordEditor(clerk, rid).attach("photo", ours, file_name="1712345670000.png")
    RecordEditor(e1, rid).attach("photo", theirs, file_name="1712345679999.png")
    export_package(e1, tmp_path / "p2.ksp", mode="changes")
    list(import_into(clerk, [tmp_path / "p2.ksp"]))
    leaves = leaves_of(clerk, rid)
    assert len(leaves) == 2
    assert {n for v in leaves for n in v["files"]} == {"1712345670000.png", "1712345679999.png"}
    rows = {r["path"]: r for r in comparison_rows(clerk, leaves, lang="en")}
    photo = rows["photo"]
    assert not photo["same"] and sorted(photo["values"]) == ["1712345670000.png", "1712345679999.png"]
    assert media_text(photo, "1712345679999.png", "en") == f"1712345679999.png ({len(theirs)} B)"
    resolve(clerk, rid, {"photo": "1712345679999.png"})
    rec = clerk.record(rid)
    assert rec["answers"]["photo"] == "1712345679999.png"
    assert rec["files"] == {"1712345679999.png": {"sha256": hashlib.sha256(theirs).hexdigest(),
                                                  "size": len(theirs), "type": "image/png"}}
    assert store_files.file_bytes(clerk, hashlib.sha256(theirs).hexdigest()) == theirs
    # the resolution travels back: the enumerator's database converges on the same revision and files
    export_package(clerk, tmp_path / "p3.ksp", mode="changes")
    list(import_into(e1, [tmp_path / "p3.ksp"]))
    assert e1.record(rid)["rev"] == rec["rev"] and e1.record(rid)["files"] == rec["files"]
    e1.close()
    clerk.close()


def test_the_same_name_with_other_bytes_is_not_the_same_answer(tmp_path):
    e1 = make_db(tmp_path / "e1.db")
    add_media_form(e1)
    rid = add_shop(e1, "Tạp hoá Minh Anh", png(10, 10))
    a = e1.record(rid)
    b = dict(a, files={"1712345678901.png": {"sha256": "1" * 64, "size": 5, "type": "image/png"}})
    row = {r["path"]: r for r in comparison_rows(e1, [a, b], lang="vi")}["photo"]
    assert row["values"][0] == row["values"][1] and not row["same"]
    e1.close()
