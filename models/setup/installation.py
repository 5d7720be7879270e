"""The installation's setup: who uses this copy of the application, where, in which language."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.base.changes import FORMS, NOTHING, Changes
from models.base.errors import AppError, Bilingual
from models.setup import admin_units
from models.setup.errors import SetupCode, SetupError

ROLES = ("enumerator", "clerk", "province")
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Setup:
    role: str
    user_name: str
    user_code: str
    province: str
    commune: str
    language: str = "vi"


def current(store) -> Setup:
    s = store.settings()
    return Setup(s.get("role", ""), s.get("user_name", ""), s.get("user_code", ""), s.get("province", ""),
                 s.get("commune", ""), s.get("language", "vi") or "vi")


def problems(setup: Setup) -> dict[str, tuple[str, str]]:
    """Field -> (Vietnamese, English) message for every problem; empty when the setup is valid."""
    out: dict[str, tuple[str, str]] = {}
    if setup.role not in ROLES:
        out["role"] = ("Chọn vai trò.", "Choose a role.")
    if len(setup.user_name.strip()) < 2:
        out["user_name"] = ("Nhập họ tên (ít nhất 2 ký tự).", "Enter your name (at least 2 characters).")
    code = setup.user_code.strip()
    if not code or len(code) > 20 or any(c.isspace() for c in code):
        out["user_code"] = ("Nhập mã (không dấu cách, tối đa 20 ký tự), ví dụ DTV01.",
                            "Enter a code (no spaces, at most 20 characters), e.g. DTV01.")
    if admin_units.province(setup.province) is None:
        out["province"] = ("Chọn tỉnh/thành phố trong danh sách.", "Choose a province from the list.")
    if setup.role != "province" or setup.commune:  # a province's user needs none, but one given must be right
        c = admin_units.commune(setup.commune)
        p = admin_units.province(setup.province)
        if c is None or (p is not None and c.province != p.code):
            out["commune"] = ("Chọn xã/phường thuộc tỉnh đã chọn.", "Choose a commune of the chosen province.")
    if setup.language not in LANGUAGES:
        out["language"] = ("Chọn ngôn ngữ.", "Choose a language.")
    return out


def save_setup(store, setup: Setup) -> Changes:
    """Store the setup (one transaction); refuses an incomplete one with a clear message."""
    bad = problems(setup)
    if bad:
        which = next(iter(bad))
        raise SetupError(SetupCode.SETUP_INVALID, field=which, detail=Bilingual(*bad[which]))
    province = admin_units.province(setup.province)
    assert province is not None  # problems() refuses a province not in the list
    commune = admin_units.commune(setup.commune) if setup.commune else None  # a commune given is in the list
    return store.set_settings({"role": setup.role, "user_name": setup.user_name.strip(),
                        "user_code": setup.user_code.strip(), "province": province.code,
                        "commune": commune.code if commune is not None else "",
                        "language": setup.language})


@dataclass(frozen=True)
class FormAdded:
    form_id: str
    version: str
    title: str
    added: bool  # False: exactly this version was already there
    newer: bool  # True: it is now the version new records use
    changes: Changes = field(default=Changes.of(FORMS), compare=False, repr=False)
    #: the attachments the form reads that are still absent (not beside the form, not given)
    missing: tuple[str, ...] = ()
    #: the form's own problems that did not stop it loading (forms.errors.Problem: place and message)
    notices: tuple = ()


def add_form_file(store, path: str) -> FormAdded:
    """Add a questionnaire from an XLSForm file (.xlsx, .xls, .md, .csv).

    A broken form raises :class:`forms.FormError` (its messages name sheet, row and how to fix);
    the same form_id and version with different content raises ``FORM_VERSION_CLASH``. Records
    keep the version they were entered with; a newer version serves new records.
    """
    from forms import load_form

    form = load_form(path)  # its attachments: the files of those names beside it
    try:
        before = store.latest_version(form.form_id)
    except AppError:
        before = ""
    added = store.add_form(form)
    latest = store.latest_version(form.form_id)
    missing = store.form(form.form_id, form.version).missing_attachments  # with those stored before
    return FormAdded(form.form_id, form.version, form.title, added, latest == form.version and before != latest,
                     Changes.of(FORMS) if added else NOTHING, missing, tuple(form.notices))


def add_form_attachments(store, form_id: str, version: str, paths: list[str]) -> FormAdded:
    """Add files a stored form version reads (its external data) from the paths a person chose.

    A file counts by its name, as the form names it; one file chosen for the one file still missing
    is taken as that file whatever its name. Files the form does not read are ignored. The form is
    loaded with the files first, so an unreadable file raises :class:`forms.FormError` naming it and
    nothing is stored."""
    import os

    from forms import load_form

    form = store.form(form_id, version)
    missing = form.missing_attachments
    files: dict[str, bytes] = {}
    for path in paths:
        name = os.path.basename(path)
        if name not in missing and len(missing) == 1 and len(paths) == 1:
            name = missing[0]
        if name in missing:
            try:
                with open(path, "rb") as fh:
                    files[name] = fh.read()
            except OSError as err:  # said as a problem of the attachment, like an unreadable one
                from forms.errors import ErrorCode, FormError, Problem

                detail = err.strerror or type(err).__name__
                raise FormError([Problem(ErrorCode.ATTACHMENT_UNREADABLE, context={
                    "attachment": name, "detail": detail, "detail_vi": f"lỗi hệ điều hành ({detail})",
                    "file": form.source_name})], form.source_name) from None
    full = load_form(form.source, file_type=form.file_type, name=form.source_name,
                     attachments={**form.attachments, **files})
    added = store.add_form_files(form_id, version, files)
    return FormAdded(form_id, version, form.title, added, False, Changes.of(FORMS) if added else NOTHING,
                     full.missing_attachments)
