"""Every PDF (blank, filled, report) is written through one atomic step, exports.pdfbase.write_atomic."""

from __future__ import annotations

import pytest

from exports.pdfbase import write_atomic
from exports.questionnaire import print_blank
from models.base.errors import AppError
from tests.exports.fixtures import make_store


def test_a_failed_build_keeps_the_older_file_and_leaves_no_part(tmp_path):
    out = tmp_path / "r.pdf"
    out.write_bytes(b"%PDF older")

    def broken(part):
        with open(part, "wb") as f:
            f.write(b"%PDF half")
        raise RuntimeError("layout failed")

    with pytest.raises(RuntimeError):
        write_atomic(str(out), broken)
    assert out.read_bytes() == b"%PDF older" and sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]


def test_a_folder_as_the_name_is_a_clear_message_naming_it(tmp_path):
    store, _ids = make_store(tmp_path / "a.db")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    tmp_path = out_dir
    (tmp_path / "thu_muc.pdf").mkdir()
    with pytest.raises(AppError) as e:
        print_blank(store, out=str(tmp_path / "thu_muc.pdf"), form_id="hh_test")
    assert "thu_muc.pdf" in e.value.message("vi") and ".part" not in e.value.message("vi")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thu_muc.pdf"]
    res = print_blank(store, out=str(tmp_path / "ok.pdf"), form_id="hh_test")
    assert res.pages >= 1 and (tmp_path / "ok.pdf").read_bytes().startswith(b"%PDF")
    store.close()
