"""Application errors: a typed code plus context; the message (Vietnamese or English) is made on display.

Every message says what happened, where (file, record, question) and what to do. Screens and the
command line show :meth:`AppError.message`; no traceback reaches a user.

Each area declares its own codes next to its code, in the style of ``forms.errors.ErrorCode``: an
enum derived from :class:`Code` whose members carry their :class:`Template` (Vietnamese, English), and
an :class:`AppError` subclass raised with them (``StoreError(StoreCode.DB_OPEN, path=…, detail=…)``),
so callers catch an area (``except PackageError``) and compare members (``err.code is
StoreCode.DB_CORRUPT``). A member's ``name`` is the stable code that logs and stored rows keep
(``"DB_CORRUPT"``). Nothing is registered anywhere: a message is found from its member.

The codes of this module are the ones every area shares: a file or database that cannot be written
(:class:`FileCode`, made by :func:`os_error`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from string import Formatter
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from models.base.driver import sqlite3


class Bilingual:
    """A text in both languages carried as one value (a message's ``{detail}``, a word put into a
    template): a message shows the reader's language; ``str()`` (what logs keep) is the English."""

    __slots__ = ("en", "vi")
    vi: str
    en: str

    def __init__(self, vi: str, en: str):
        object.__setattr__(self, "vi", vi)
        object.__setattr__(self, "en", en)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Bilingual is immutable")

    def text(self, lang: str = "vi") -> str:
        return self.vi if lang == "vi" else self.en

    def __str__(self) -> str:
        return self.en

    def __repr__(self) -> str:
        return f"Bilingual({self.vi!r}, {self.en!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bilingual) and (self.vi, self.en) == (other.vi, other.en)

    def __hash__(self) -> int:
        return hash((self.vi, self.en))

    def __reduce__(self):
        return (Bilingual, (self.vi, self.en))


class _Fmt(Formatter):
    """Fills a template: a missing value shows as ``?``, a :class:`Bilingual` in the formatter's
    language; ``{n:#record|records}`` → "1 record" / "3 records" (English counts agree with their
    noun; Vietnamese nouns do not change, its templates write ``{n} phiếu``)."""

    def __init__(self, lang: str):
        self.lang = lang

    def get_value(self, key, args, kwargs):
        if isinstance(key, str):
            v = kwargs.get(key)
            if v is None:
                return "?"
            return v.text(self.lang) if isinstance(v, Bilingual) else v
        return super().get_value(key, args, kwargs)

    def format_field(self, value, format_spec):
        if format_spec.startswith("#") and "|" in format_spec:
            one, other = format_spec[1:].split("|", 1)
            return f"{value} {one if value == 1 else other}"
        return super().format_field(value, format_spec)


_FMT = {"vi": _Fmt("vi"), "en": _Fmt("en")}


class Template:
    """A message in Vietnamese and English. Compared by identity, so two codes with the same texts
    stay two members of their enum (never aliases)."""

    __slots__ = ("en", "vi")

    def __init__(self, vi: str, en: str):
        self.vi = vi
        self.en = en

    def __repr__(self) -> str:
        return f"Template({self.vi!r}, {self.en!r})"


class Code(Enum):
    """Base of every area's enum of message codes. A member's value is its :class:`Template`, its
    ``name`` the stable code string (logs, stored rows)."""

    @property
    def template(self) -> Template:
        return self.value

    def render(self, context: Mapping[str, Any] | None = None, lang: str = "vi") -> str:
        """The message in ``lang`` with ``context`` filled in (a :class:`Bilingual` in that language)."""
        t = self.value
        return _FMT["vi" if lang == "vi" else "en"].format(t.vi if lang == "vi" else t.en, **(context or {}))

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}>"

    def __reduce_ex__(self, protocol):
        # pickled by name (Enum pickles by value, and a Template is equal only to itself)
        return getattr, (type(self), self.name)


class AppError(Exception):
    """A failure a user can understand and act on: a :class:`Code` member of the area's enum
    (``codes``) plus the values its message shows. Raise an area's subclass, not this class."""

    #: the enum whose members this class is raised with
    codes: ClassVar[type[Code]] = Code

    def __init__(self, code: Code, **context: Any):
        if not isinstance(code, self.codes):
            raise TypeError(f"{type(self).__name__} is raised with a {self.codes.__name__}, not {code!r}")
        self.code = code
        self.context = context
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        return self.code.render(self.context, lang)

    def __reduce__(self):
        # picklable (an export's second process sends its error back): rebuilt from code and context
        return (_rebuild, (type(self), self.code, self.context))


def _rebuild(cls: type[AppError], code: Code, context: dict[str, Any]) -> AppError:
    return cls(code, **context)


class Cancelled(Exception):
    """A long operation stopped because the user asked; shown silently."""


def plain_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """A message's context as values JSON keeps (stored and rendered later, e.g. the sync log): a
    :class:`Bilingual` becomes ``{"vi": …, "en": …}``, anything else but text and numbers its text.
    :func:`context_from_plain` turns it back."""
    out: dict[str, Any] = {}
    for k, v in context.items():
        if isinstance(v, Bilingual):
            out[k] = {"vi": v.vi, "en": v.en}
        elif isinstance(v, (str, int, float)) or v is None:
            out[k] = v
        else:
            out[k] = str(v)
    return out


def context_from_plain(plain: Mapping[str, Any]) -> dict[str, Any]:
    """The context :func:`plain_context` stored, with its bilingual texts back."""
    return {k: Bilingual(v["vi"], v["en"]) if isinstance(v, dict) and set(v) == {"vi", "en"} else v
            for k, v in plain.items()}


# ---------------------------------------------------------------------- files and disks (every area)


class FileCode(Code):
    """A file or database that cannot be written: what :func:`os_error` makes of an OS or SQLite error."""

    DISK_FULL = Template(
        "Ổ đĩa chứa '{path}' đã đầy nên không ghi được ({detail}). Dữ liệu đã lưu trước đó vẫn an toàn. Hãy "
        "giải phóng dung lượng rồi thử lại.",
        "The disk holding '{path}' is full, so nothing could be written ({detail}). Everything saved before is "
        "safe. Free some space and try again.",
    )
    READ_ONLY = Template(
        "Không ghi được vào '{path}' (chỉ đọc hoặc không có quyền). Dữ liệu đã lưu vẫn an toàn. Hãy chọn "
        "thư mục khác hoặc bỏ khóa chống ghi của USB.",
        "'{path}' cannot be written (read-only or no permission). Saved data is safe. Choose another folder "
        "or remove the USB stick's write protection.",
    )
    WRITE_FAILED = Template(
        "Không ghi được '{path}': {detail}. Dữ liệu đã lưu vẫn an toàn.",
        "'{path}' could not be written: {detail}. Saved data is safe.",
    )
    DB_DAMAGED = Template(
        "Cơ sở dữ liệu '{path}' bị hỏng ({detail}) nên việc vừa làm không thực hiện được. Đừng tiếp tục nhập "
        "vào tệp này: hãy khôi phục bản sao lưu tốt gần nhất (Cài đặt → Sao lưu → \"Khôi phục từ bản sao "
        "lưu…\"); tệp hỏng được giữ lại bên cạnh.",
        "The database '{path}' is damaged ({detail}), so what you just did could not be done. Do not go on "
        "entering data into this file: restore the newest good backup (Settings → Backups → \"Restore from a "
        "backup…\"); the damaged file is kept beside it.",
    )
    DB_BUSY = Template(
        "Cơ sở dữ liệu '{path}' đang bận: một chương trình khác đang ghi vào đó (có thể là một cửa sổ Khảo sát "
        "số khác mở cùng tệp này) và chưa xong sau {seconds} giây. Việc vừa làm chưa được lưu; dữ liệu đã lưu "
        "trước đó vẫn an toàn. Hãy đóng chương trình kia (hoặc chờ nó xong) rồi làm lại.",
        "The database '{path}' is busy: another program is writing to it (perhaps another window of this "
        "application with the same file open) and has not finished after {seconds} seconds. What you just did was not "
        "saved; everything saved before is safe. Close the other program (or wait for it to finish) and do "
        "it again.",
    )


class FileError(AppError):
    codes = FileCode


def os_detail(err: BaseException) -> Bilingual:
    """Why an operating-system call failed, in words a user understands, in both languages. The
    operating system's own (English) text goes to the log only."""
    import logging

    logging.getLogger("khaosat").info("file error: %r", err)
    return _os_words(err)


def _os_words(err: BaseException) -> Bilingual:
    import errno

    n = getattr(err, "errno", None)
    if isinstance(err, FileNotFoundError) or n == errno.ENOENT:
        return Bilingual("không tìm thấy tệp hoặc thư mục", "the file or folder does not exist")
    if isinstance(err, IsADirectoryError) or n == errno.EISDIR:
        return Bilingual("đây là một thư mục, không phải tệp", "it is a folder, not a file")
    if isinstance(err, NotADirectoryError) or n == errno.ENOTDIR:
        return Bilingual("một phần của đường dẫn là tệp chứ không phải thư mục",
                         "part of the path is a file, not a folder")
    if n == errno.ENOSPC:
        return Bilingual("ổ đĩa đã đầy", "the disk is full")
    if n == errno.EROFS:
        return Bilingual("ổ đĩa chỉ đọc (USB/thẻ nhớ bị khóa chống ghi?)",
                         "the disk is read-only (is the USB stick write-protected?)")
    if isinstance(err, PermissionError) or n in (errno.EACCES, errno.EPERM):
        return Bilingual("không có quyền truy cập (tệp chỉ đọc hoặc đang mở trong chương trình khác?)",
                         "no permission (is the file read-only or open in another program?)")
    if n == errno.ENAMETOOLONG:
        return Bilingual("đường dẫn quá dài", "the path is too long")
    if n == errno.EEXIST:
        return Bilingual("đã có tệp cùng tên", "a file with that name already exists")
    if n == errno.EIO:
        return Bilingual("lỗi đọc/ghi của ổ đĩa (USB bị rút ra?)",
                         "a disk input/output error (was the USB stick removed?)")
    if n is not None:
        return Bilingual(f"lỗi hệ điều hành số {n}", f"operating-system error {n}")
    return Bilingual("lỗi không rõ của hệ điều hành", "an unknown operating-system error")


def is_damage(err: BaseException) -> bool:
    """Whether an SQLite error says the database file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB)."""
    from models.base.driver import sqlite3

    if not isinstance(err, sqlite3.DatabaseError):
        return False
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(err).lower()
    return "malformed" in text or "not a database" in text


def damaged(err: BaseException, path: str) -> FileError:
    """DB_DAMAGED for an SQLite error met while working on ``path`` (:func:`is_damage`)."""
    name = getattr(err, "sqlite_errorname", "") or ""
    words = ("tệp không còn là cơ sở dữ liệu SQLite", "the file is no longer an SQLite database") \
        if name == "SQLITE_NOTADB" or "not a database" in str(err).lower() else \
        ("SQLite thấy dữ liệu trong tệp bị hỏng", "SQLite found damaged data in the file")
    return FileError(FileCode.DB_DAMAGED, path=path, detail=Bilingual(*words))


def os_error(err: OSError | sqlite3.Error, path: str) -> FileError:
    """Map a low-level write failure (an OS or SQLite error) to a clear message (disk full, read-only,
    other); the raw text of the error goes to the log, the message carries a translated reason."""
    import errno
    import logging

    from models.base.driver import sqlite3

    logging.getLogger("khaosat").info("write to %s failed: %r", path, err)
    if isinstance(err, sqlite3.Error) and is_damage(err):
        return damaged(err, path)
    if isinstance(err, sqlite3.Error):
        text = str(err).lower()
        if "full" in text:
            return FileError(FileCode.DISK_FULL, detail=Bilingual("ổ đĩa đã đầy", "the disk is full"),
                             path=path)
        if "readonly" in text or "read-only" in text or "read only" in text:
            return FileError(FileCode.READ_ONLY, path=path)
        if "database is locked" in text or "database table is locked" in text:
            return FileError(FileCode.DB_BUSY, path=path, seconds=30)
        if "unable to open" in text:
            return FileError(FileCode.WRITE_FAILED, path=path, detail=Bilingual(
                "không mở được tệp (thư mục không tồn tại hoặc không ghi được)",
                "the file cannot be opened (the folder does not exist or cannot be written)"))
        return FileError(FileCode.WRITE_FAILED, path=path,
                         detail=Bilingual("lỗi cơ sở dữ liệu SQLite", "an SQLite database error"))
    n = getattr(err, "errno", None)
    if n == errno.ENOSPC:
        return FileError(FileCode.DISK_FULL, detail=_os_words(err), path=path)
    if n in (errno.EROFS, errno.EACCES, errno.EPERM):
        return FileError(FileCode.READ_ONLY, path=path)
    return FileError(FileCode.WRITE_FAILED, path=path, detail=_os_words(err))
