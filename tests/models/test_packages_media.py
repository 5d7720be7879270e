"""Files attached to records travel in transfer packages (issue 12 part D, item 4): one part per file
(``media/<sha256>``) listed in the signed manifest with its digest and size, written and read in
pieces, encrypted like the other parts; old packages (without media) still read."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from models.base.errors import AppError
from models.exchange.errors import PackageCode
from models.exchange.keys import read_public_key, write_public_key
from models.exchange.packages import export_package, import_into, read_package
from models.store import files as store_files
from tests.models.media_helpers import add_media_form, add_shop, png
from tests.models.pkg_helpers import make_db


def _import(store, path):
    out = list(import_into(store, [path]))
    return out


@pytest.fixture
def sender(tmp_path):
    s = make_db(tmp_path / "e1.db")
    add_media_form(s)
    yield s
    s.close()


def test_a_record_with_a_photo_and_a_signature_travels_with_its_files(sender, tmp_path):
    photo, sig = png(30, 20), png(4, 4, (0, 0, 0))
    rid = add_shop(sender, "Tạp hoá Minh Anh", photo, sig=sig)
    export_package(sender, tmp_path / "p.ksp")
    with zipfile.ZipFile(tmp_path / "p.ksp") as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    digests = sorted(hashlib.sha256(b).hexdigest() for b in (photo, sig))
    assert [n for n in names if n.startswith("media/")] == [f"media/{d}" for d in digests]
    assert manifest["counts"]["media"] == 2
    assert {m["sha256"]: m["size"] for m in manifest["media"]} == \
        {hashlib.sha256(b).hexdigest(): len(b) for b in (photo, sig)}
    listed = {p["name"]: p for p in manifest["parts"]}
    assert listed[f"media/{digests[0]}"]["sha256"] == digests[0]  # signed with the manifest
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    _import(clerk, tmp_path / "p.ksp")
    rec = clerk.record(rid)
    assert rec["rev"] == sender.record(rid)["rev"] and rec["files"] == sender.record(rid)["files"]
    assert store_files.file_bytes(clerk, rec["files"]["1712345678901.png"]["sha256"]) == photo
    assert store_files.file_bytes(clerk, rec["files"]["1712345678902.png"]["sha256"]) == sig
    clerk.close()


def test_an_encrypted_package_carries_the_files_encrypted(sender, tmp_path):
    photo = png(50, 40)
    rid = add_shop(sender, "Cơ sở Hòa Bình", photo)
    clerk = make_db(tmp_path / "clerk.db", role="clerk", name="Cán bộ xã", code="C01", forms=False)
    write_public_key(clerk, tmp_path / "clerk.key")
    export_package(sender, tmp_path / "p.ksp", to=read_public_key(tmp_path / "clerk.key"))
    with zipfile.ZipFile(tmp_path / "p.ksp") as zf:
        media = [n for n in zf.namelist() if n.startswith("media/")]
        assert media and all(n.endswith(".enc") for n in media)
        assert photo not in zf.read(media[0])
    _import(clerk, tmp_path / "p.ksp")
    assert store_files.file_bytes(clerk, clerk.record(rid)["files"]["1712345678901.png"]["sha256"]) == photo
    clerk.close()


def test_a_changed_media_byte_refuses_the_package(sender, tmp_path):
    photo = png(30, 20)
    add_shop(sender, "Tạp hoá Minh Anh", photo)
    export_package(sender, tmp_path / "p.ksp")
    data = bytearray((tmp_path / "p.ksp").read_bytes())
    at = bytes(data).index(photo[:16])
    data[at + 20] ^= 1
    (tmp_path / "bad.ksp").write_bytes(bytes(data))
    with pytest.raises(AppError) as err:
        read_package(tmp_path / "bad.ksp")
    assert err.value.code in (PackageCode.PKG_DIGEST, PackageCode.PKG_UNREADABLE)


def test_packages_are_read_in_pieces_not_whole(sender, tmp_path, monkeypatch):
    """The parts held in memory stay under MAX_FILE; a media part larger than that still travels."""
    import models.exchange.codec as codec

    big = png(2, 2) + bytes(range(256)) * 4000  # ~1 MB
    add_shop(sender, "Cơ sở lớn", big)
    export_package(sender, tmp_path / "p.ksp")
    monkeypatch.setattr(codec, "MAX_FILE", 200_000)
    assert (tmp_path / "p.ksp").stat().st_size > codec.MAX_FILE
    pkg = read_package(tmp_path / "p.ksp")
    assert sum(len(b) for b in pkg.parts.values()) < 200_000 and len(pkg.media) == 1
    (part,) = pkg.media
    assert b"".join(pkg.media_chunks(part, chunk=4096)) == big
