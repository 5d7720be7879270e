"""Every area's codes: both languages, the same placeholders, no language leak, every code renders.

Walks every member of every enum of codes (``cli.messages.code_enums``) and the raise/catch machinery
around them (area error classes, pickling, stored contexts)."""

from __future__ import annotations

import pickle
import re
import unicodedata
from pathlib import Path
from string import Formatter

import pytest

from cli.messages import CODE_MODULES, code_enums
from models.base.errors import (
    AppError,
    Bilingual,
    Code,
    FileCode,
    FileError,
    context_from_plain,
    os_detail,
    plain_context,
)

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = [m for codes in code_enums() for m in codes]
IDS = [f"{type(m).__name__}.{m.name}" for m in MEMBERS]

#: combining marks of Vietnamese letters once decomposed (NFD): grave, acute, circumflex, tilde, breve,
#: hook above, horn, dot below; with đ/Đ (no decomposition) they make every letter English does not use
_VI_MARKS = {"\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u031b", "\u0323"}


def vietnamese_letters(text: str) -> list[str]:
    """The letters of ``text`` that only Vietnamese uses (ă â đ ê ô ơ ư, and any letter with a tone mark)."""
    found = []
    for ch in text:
        if ch in "đĐ" or (ch.isalpha() and _VI_MARKS & set(unicodedata.normalize("NFD", ch))):
            found.append(ch)
    return found


def fields(template: str) -> dict[str, str]:
    """The placeholders of a template: name -> format spec."""
    return {name: spec or "" for _lit, name, spec, _conv in Formatter().parse(template) if name is not None}


def test_the_leak_check_itself_sees_vietnamese_letters():
    assert vietnamese_letters("Không mở được tệp") == ["ô", "ở", "đ", "ư", "ợ", "ệ"]
    assert vietnamese_letters("ă â ê ơ Ư Đ") == ["ă", "â", "ê", "ơ", "Ư", "Đ"]
    assert vietnamese_letters("The file 'x.db' cannot be opened — check it… (e.g. “Send now”) → OK") == []


def test_every_area_declares_its_codes_in_a_listed_module():
    """A new area enum must be walked too: every ``class X(Code)`` in the code is in ``code_enums()``."""
    declared = set()
    for folder in ("models", "exports", "cli"):
        for path in (ROOT / folder).rglob("*.py"):
            for name in re.findall(r"^class (\w+)\((?:models\.base\.errors\.)?Code\):", path.read_text("utf-8"),
                                   re.MULTILINE):
                module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                declared.add((module, name))
    walked = {(e.__module__, e.__name__) for e in code_enums()}
    assert declared == walked
    assert {m for m, _ in walked} == set(CODE_MODULES)
    assert len(MEMBERS) > 100


def test_code_names_are_unique_across_areas():
    """The name is what logs and stored rows keep: one name, one code."""
    names = [m.name for m in MEMBERS]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    for codes in code_enums():
        assert len(codes.__members__) == len(codes), f"{codes.__name__} has aliases"


@pytest.mark.parametrize("code", MEMBERS, ids=IDS)
def test_both_languages_present_with_the_same_placeholders(code: Code):
    vi, en = code.template.vi, code.template.en
    assert vi.strip() and en.strip()
    assert vi != en
    assert set(fields(vi)) == set(fields(en))
    # a count written "{n:#record|records}" in English is a number in Vietnamese too
    for name, spec in fields(en).items():
        assert not fields(vi)[name].startswith("#"), name
        assert spec == "" or spec.startswith("#"), (name, spec)


@pytest.mark.parametrize("code", MEMBERS, ids=IDS)
def test_english_template_has_no_vietnamese(code: Code):
    assert vietnamese_letters(code.template.en) == []


@pytest.mark.parametrize("code", MEMBERS, ids=IDS)
def test_every_code_renders_in_both_languages(code: Code):
    ctx = {name: 2 if spec.startswith("#") else Bilingual(f"<vi:{name}>", f"<en:{name}>")
           for name, spec in fields(code.template.en).items()}
    vi, en = code.render(ctx, "vi"), code.render(ctx, "en")
    for name, value in ctx.items():
        if isinstance(value, Bilingual):
            assert value.vi in vi and value.en in en, name
    assert "<en:" not in vi and "<vi:" not in en
    assert vietnamese_letters(en) == []
    # a value left out shows as "?" instead of failing (a message must always be shown)
    assert code.render({}, "vi") and code.render({}, "en")


# ---------------------------------------------------------------------- raising and catching


def test_each_area_raises_with_its_own_codes():
    from exports.errors import ExportCode, ExportError
    from models.exchange.errors import PackageCode, PackageError
    from models.store.errors import StoreCode, StoreError

    err = PackageError(PackageCode.PKG_ALTERED, path="a.ksp")
    assert isinstance(err, AppError) and err.code is PackageCode.PKG_ALTERED and err.code.name == "PKG_ALTERED"
    assert str(err) == err.message("en") and "a.ksp" in err.message("vi")
    with pytest.raises(TypeError):
        PackageError(StoreCode.DB_CORRUPT, path="x.db")
    with pytest.raises(TypeError):
        StoreError("DB_CORRUPT", path="x.db")
    with pytest.raises(TypeError):
        ExportError(FileCode.WRITE_FAILED, path="x.csv")
    assert ExportError(ExportCode.EXPORT_OUT_EXISTS, path="x").code is ExportCode.EXPORT_OUT_EXISTS


def test_an_error_survives_pickling_as_its_class_with_its_bilingual_detail():
    """An export's second process sends its error back through a pipe."""
    err = FileError(FileCode.WRITE_FAILED, path="/x/y.csv", detail=Bilingual("ổ đĩa đã đầy", "the disk is full"))
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is FileError and back.code is FileCode.WRITE_FAILED
    assert back.context == err.context
    assert back.message("vi") == err.message("vi") and back.message("en") == err.message("en")
    assert "ổ đĩa đã đầy" in back.message("vi") and "the disk is full" in back.message("en")


def test_a_stored_context_keeps_both_languages():
    """The sync log keeps a message's context as JSON and renders it later, in the reader's language."""
    import json

    from models.sync.errors import SyncCode, SyncError

    err = SyncError(SyncCode.SYNC_NETWORK, server="https://x.vn", count=3,
                    detail=Bilingual("máy chủ từ chối kết nối", "connection refused"))
    ctx = context_from_plain(json.loads(json.dumps(plain_context(err.context))))
    assert ctx == err.context
    vi, en = SyncCode.SYNC_NETWORK.render(ctx, "vi"), SyncCode.SYNC_NETWORK.render(ctx, "en")
    assert "máy chủ từ chối kết nối" in vi and "connection refused" not in vi
    assert "connection refused" in en and "từ chối" not in en


def test_os_detail_logs_the_system_text_only(caplog):
    import errno
    import logging

    exc = PermissionError(errno.EACCES, "Permission denied")
    with caplog.at_level(logging.INFO, logger="khaosat"):
        d = os_detail(exc)
    assert "Permission denied" in caplog.text
    assert "Permission denied" not in d.vi + d.en
    assert "không có quyền" in d.vi and "no permission" in d.en and vietnamese_letters(d.en) == []


# ---------------------------------------------------------------------- the two message bugs


def test_form_not_found_is_in_one_language(tmp_path):
    from models.store.database import open_store
    from models.store.errors import StoreCode, StoreError

    with open_store(tmp_path / "s.db") as store, pytest.raises(StoreError) as e:
        store.form("ho_gia_dinh", "2025.9")
    assert e.value.code is StoreCode.FORM_NOT_FOUND
    vi, en = e.value.message("vi"), e.value.message("en")
    assert "(phiên bản 2025.9)" in vi
    assert "(version 2025.9)" in en and vietnamese_letters(en) == []


def test_a_missing_database_is_explained_in_one_language(tmp_path):
    from models.store.database import open_store
    from models.store.errors import StoreCode, StoreError

    with pytest.raises(StoreError) as e:
        open_store(tmp_path / "missing.db", create=False)
    assert e.value.code is StoreCode.DB_OPEN and not (tmp_path / "missing.db").exists()
    vi, en = e.value.message("vi"), e.value.message("en")
    assert "không tìm thấy tệp" in vi and "not found" not in vi
    assert "file not found" in en and vietnamese_letters(en) == []
