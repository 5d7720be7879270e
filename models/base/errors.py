"""Application errors: a code plus context; the message (Vietnamese or English) is made on display.

Every message says what happened, where (file, record, question) and what to do. Screens and the
command line show :meth:`AppError.message`; no traceback reaches a user.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

#: English detail text -> its Vietnamese translation. The short explanations put into a message's
#: ``{detail}`` (an OS error, a refused connection, a missing key store) are kept and logged in English
#: and shown in the reader's language: :func:`bi` registers one, the formatter translates it.
DETAILS: dict[str, str] = {}


def bi(vi: str, en: str) -> str:
    """A detail text in both languages: returns the English text (what logs and stored contexts keep)
    and registers the Vietnamese one, which Vietnamese messages show instead."""
    DETAILS[en] = vi
    return en


class _Fmt(Formatter):
    lang = "en"

    def get_value(self, key, args, kwargs):
        if isinstance(key, str):
            v = kwargs.get(key)
            if v is None:
                return "?"
            if self.lang == "vi" and isinstance(v, str):
                return DETAILS.get(v, v)
            return v
        return super().get_value(key, args, kwargs)

    def format_field(self, value, format_spec):
        """``{n:#record|records}`` → "1 record" / "3 records": English counts agree with their noun
        (Vietnamese nouns do not change, its templates write ``{n} phiếu``)."""
        if format_spec.startswith("#") and "|" in format_spec:
            one, other = format_spec[1:].split("|", 1)
            return f"{value} {one if value == 1 else other}"
        return super().format_field(value, format_spec)


class _FmtVi(_Fmt):
    lang = "vi"


_FMT = _Fmt()
_FMT_VI = _FmtVi()


def render(code: str, context: dict[str, Any], lang: str = "vi") -> str:
    """The message for ``code`` in ``lang`` with ``context`` filled in (details translated)."""
    vi, en = MESSAGES.get(code, ("{detail}", "{detail}"))
    return (_FMT_VI.format(vi, **context) if lang == "vi" else _FMT.format(en, **context))

#: code -> (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "DB_NEWER": (
        "Cơ sở dữ liệu '{path}' được tạo bởi phiên bản mới hơn của ứng dụng (có bước nâng cấp '{name}' mà "
        "phiên bản này không biết). Hãy cập nhật ứng dụng; dữ liệu không bị thay đổi.",
        "The database '{path}' was made by a newer version of the application (it has the upgrade step "
        "'{name}' this version does not know). Update the application; nothing was changed.",
    ),
    "DB_OPEN": (
        "Không mở được cơ sở dữ liệu '{path}': {detail}. Hãy kiểm tra tệp và quyền ghi thư mục.",
        "The database '{path}' cannot be opened: {detail}. Check the file and that the folder is writable.",
    ),
    "DB_READ_ONLY": (
        "Tệp cơ sở dữ liệu '{path}' là tệp chỉ đọc nên ứng dụng không lưu được câu trả lời nào vào đó. Hãy chép "
        "tệp sang một thư mục khác trên máy (ví dụ Tài liệu) rồi mở bản chép, hoặc bỏ thuộc tính chỉ đọc của tệp "
        "(chuột phải vào tệp → Properties → bỏ chọn Read-only). Tệp không bị hỏng và không có gì bị thay đổi.",
        "The database file '{path}' is read-only, so nothing could be saved into it. Copy the file to another "
        "folder on this computer (e.g. Documents) and open the copy, or clear the file's read-only attribute "
        "(right-click the file → Properties → untick Read-only). The file is not damaged and nothing was changed.",
    ),
    "DB_FOLDER_READ_ONLY": (
        "Thư mục '{folder}' chứa cơ sở dữ liệu không ghi được (thư mục chỉ đọc, USB/đĩa chống ghi hoặc không có "
        "quyền), nên ứng dụng không lưu được gì vào '{path}'. Hãy chép tệp sang một thư mục ghi được (ví dụ Tài "
        "liệu) rồi mở bản chép, hoặc bỏ chế độ chống ghi. Tệp không bị hỏng và không có gì bị thay đổi.",
        "The folder '{folder}' holding the database cannot be written (a read-only folder, a write-protected "
        "stick or disc, or no permission), so nothing could be saved into '{path}'. Copy the file to a writable "
        "folder (e.g. Documents) and open the copy, or remove the write protection. The file is not damaged and "
        "nothing was changed.",
    ),
    "DB_CORRUPT": (
        "Tệp '{path}' không phải cơ sở dữ liệu hợp lệ hoặc đã hỏng ({detail}). Hãy khôi phục từ bản sao lưu.",
        "'{path}' is not a valid database or is damaged ({detail}). Restore it from a backup.",
    ),
    "DISK_FULL": (
        "Ổ đĩa chứa '{path}' đã đầy nên không ghi được ({detail}). Dữ liệu đã lưu trước đó vẫn an toàn. Hãy "
        "giải phóng dung lượng rồi thử lại.",
        "The disk holding '{path}' is full, so nothing could be written ({detail}). Everything saved before is "
        "safe. Free some space and try again.",
    ),
    "READ_ONLY": (
        "Không ghi được vào '{path}' (chỉ đọc hoặc không có quyền). Dữ liệu đã lưu vẫn an toàn. Hãy chọn "
        "thư mục khác hoặc bỏ khóa chống ghi của USB.",
        "'{path}' cannot be written (read-only or no permission). Saved data is safe. Choose another folder "
        "or remove the USB stick's write protection.",
    ),
    "WRITE_FAILED": (
        "Không ghi được '{path}': {detail}. Dữ liệu đã lưu vẫn an toàn.",
        "'{path}' could not be written: {detail}. Saved data is safe.",
    ),
    "DB_BUSY": (
        "Cơ sở dữ liệu '{path}' đang bận: một chương trình khác đang ghi vào đó (có thể là một cửa sổ Khảo sát "
        "số khác mở cùng tệp này) và chưa xong sau {seconds} giây. Việc vừa làm chưa được lưu; dữ liệu đã lưu "
        "trước đó vẫn an toàn. Hãy đóng chương trình kia (hoặc chờ nó xong) rồi làm lại.",
        "The database '{path}' is busy: another program is writing to it (perhaps another Khảo sát số window "
        "with the same file open) and has not finished after {seconds} seconds. What you just did was not "
        "saved; everything saved before is safe. Close the other program (or wait for it to finish) and do "
        "it again.",
    ),
    "FORM_NOT_FOUND": (
        "Không có biểu mẫu '{form_id}'{version_text} trong cơ sở dữ liệu. Hãy thêm biểu mẫu đó trước.",
        "There is no form '{form_id}'{version_text} in the database. Add that form first.",
    ),
    "FORM_VERSION_CLASH": (
        "Biểu mẫu '{form_id}' phiên bản '{version}' đã có nhưng nội dung khác. Hãy tăng 'version' trên trang "
        "settings của biểu mẫu mới rồi thêm lại (phiếu cũ giữ phiên bản cũ).",
        "Form '{form_id}' version '{version}' already exists with different content. Raise 'version' on the "
        "new form's settings sheet and add it again (old records keep the old version).",
    ),
    "RECORD_NOT_FOUND": (
        "Không có phiếu '{record_id}'.",
        "There is no record '{record_id}'.",
    ),
    "RECORD_READ_ONLY": (
        "Phiếu '{record_id}' đã được duyệt hoặc đang trong thùng rác nên chỉ xem được. Muốn sửa: cán bộ xã "
        "trả lại phiếu (nếu đã duyệt), hoặc khôi phục phiếu từ thùng rác.",
        "Record '{record_id}' is approved or in the recycle bin, so it can only be viewed. To edit it, the "
        "clerk sends it back (if approved), or restore it from the recycle bin.",
    ),
    "RECORD_CHANGED": (
        "Phiếu '{record_id}' vừa được thay đổi ở nơi khác (nhập gói, cán bộ xã duyệt/sửa, hoặc một cửa sổ "
        "khác) trong lúc đang mở. Giá trị vừa nhập chưa được lưu; phiếu đã được tải lại với nội dung mới "
        "nhất — hãy xem lại rồi nhập lại nếu cần.",
        "Record '{record_id}' was just changed elsewhere (a package import, the clerk's review, or another "
        "window) while it was open. The value just entered was not saved; the record has been reloaded with "
        "its latest content — check it and enter the value again if needed.",
    ),
    "RECORD_FIELD_CHANGED": (
        "Câu trả lời '{path}' của phiếu '{record_id}' vừa được sửa ở nơi khác (nhập gói hoặc cán bộ xã) trong "
        "lúc đang mở, nên giá trị vừa nhập chưa được lưu. Phiếu đã được tải lại với giá trị mới nhất — hãy xem "
        "lại rồi nhập lại nếu vẫn cần sửa.",
        "The answer '{path}' of record '{record_id}' was just changed elsewhere (a package import or the clerk) "
        "while the record was open, so the value just entered was not saved. The record has been reloaded with "
        "the latest value — check it and enter yours again if it still needs changing.",
    ),
    "BAD_STATUS": (
        "Không thể chuyển phiếu từ '{old}' sang '{new}'.",
        "A record cannot go from '{old}' to '{new}'.",
    ),
    "NOT_COMPLETE": (
        "Phiếu còn {count} vấn đề chưa xử lý nên chưa thể đánh dấu hoàn thành.",
        "The record cannot be marked complete yet: open issues left: {count}.",
    ),
    # ---- exports and reports (exports/, models/indicators/compute.py)
    "INDICATORS_INVALID": (
        "Tệp định nghĩa chỉ tiêu '{path}' có lỗi ở '{indicator}': {detail}. Hãy sửa tệp rồi thử lại.",
        "The indicator definitions '{path}' have a problem at '{indicator}': {detail}. Fix the file and try again.",
    ),
    "EXPORT_NOTHING": (
        "Không có phiếu nào khớp điều kiện lọc ({filters}). Hãy nới điều kiện lọc (biểu mẫu, trạng thái, "
        "xã, khoảng ngày).",
        "No record matches the filters ({filters}). Widen the filters (form, status, commune, date range).",
    ),
    "EXPORT_BAD_DATE": (
        "Ngày '{value}' không hợp lệ. Hãy nhập theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-03-31.",
        "The date '{value}' is not valid. Use YEAR-MONTH-DAY, e.g. 2025-03-31.",
    ),
    "EXPORT_BAD_FORMAT": (
        "Định dạng '{fmt}' không được hỗ trợ. Hãy chọn một trong: {choices}.",
        "The format '{fmt}' is not supported. Choose one of: {choices}.",
    ),
    "EXPORT_OUT_EXISTS": (
        "'{path}' đã có và không phải thư mục. Hãy chọn tên khác hoặc một thư mục.",
        "'{path}' exists and is not a folder. Choose another name or a folder.",
    ),
    "PRINT_NOTHING": (
        "Không có phiếu nào để in ({detail}). Hãy kiểm tra mã phiếu hoặc chọn --all.",
        "There is no record to print ({detail}). Check the record ids or use --all.",
    ),
    "BAD_ANSWERS": (
        "Tệp câu trả lời '{path}' không hợp lệ: {detail}. Cần một đối tượng JSON, ví dụ "
        "{{\"ten\": \"An\", \"thanh_vien\": [{{\"tuoi\": 30}}]}}.",
        "The answers file '{path}' is not valid: {detail}. It must hold a JSON object, e.g. "
        "{{\"name\": \"An\", \"members\": [{{\"age\": 30}}]}}.",
    ),
    "BACKUP_FAILED": (
        "Không tạo được bản sao lưu vào '{path}': {detail}. Dữ liệu hiện tại vẫn an toàn. Hãy cắm lại USB, bỏ "
        "khóa chống ghi hoặc chọn thư mục khác trong Cài đặt → Sao lưu, rồi thử lại.",
        "The backup to '{path}' could not be made: {detail}. The current data is safe. Plug the USB stick in "
        "again, remove its write protection or choose another folder in Settings → Backup, then try again.",
    ),
    "RESTORE_INVALID": (
        "Tệp '{path}' không phải bản sao lưu hợp lệ của ứng dụng ({detail}). Không có gì bị thay đổi. Hãy chọn "
        "một bản sao lưu khác (tệp khaosat-backup-….db).",
        "'{path}' is not a valid backup of this application ({detail}). Nothing was changed. Choose another "
        "backup (a khaosat-backup-….db file).",
    ),
    "DEMO_BAD_COMMUNE": (
        "Không có xã/phường mã '{commune}' trong danh mục đơn vị hành chính từ 01/07/2025. Hãy dùng mã 5 chữ "
        "số, ví dụ 09025 (Xã Yên Lạc, Phú Thọ) hoặc 18073 (Phường Thành Sen, Hà Tĩnh).",
        "There is no commune with code '{commune}' in the administrative units in force from 1 July 2025. Use a "
        "5-digit code, e.g. 09025 (Yen Lac Commune, Phu Tho) or 18073 (Thanh Sen Ward, Ha Tinh).",
    ),
    "DEMO_BAD_COUNT": (
        "Số phiếu cần tạo không hợp lệ ({detail}): hãy nhập số nguyên từ 0 trở lên.",
        "The number of records to make is not valid ({detail}): enter whole numbers from 0 up.",
    ),
    "DEMO_REAL_DB": (
        "Cơ sở dữ liệu '{path}' đã có {count} phiếu thật nên không thêm dữ liệu mẫu vào đó. Hãy chọn một tệp "
        "khác (ví dụ demo.db).",
        "The database '{path}' already holds {count} real records, so no demo data is added to it. Choose "
        "another file (e.g. demo.db).",
    ),
    "SETUP_INVALID": (
        "Thông tin cài đặt chưa đủ: {detail}",
        "The setup is not complete: {detail_en}",
    ),
    # ---- the command line (cli/)
    "DB_MISSING": (
        "Không có cơ sở dữ liệu '{path}'. Hãy kiểm tra lại đường dẫn sau --db (lệnh này chỉ dùng cơ sở dữ liệu "
        "đã có; 'demo' hoặc lần mở ứng dụng đầu tiên mới tạo cơ sở dữ liệu mới).",
        "There is no database '{path}'. Check the path after --db (this command only uses an existing "
        "database; 'demo' or the application's first start makes a new one).",
    ),
    "DB_IS_FOLDER": (
        "'{path}' là một thư mục, không phải tệp cơ sở dữ liệu. Hãy ghi đường dẫn tới tệp, ví dụ "
        "{example}.",
        "'{path}' is a folder, not a database file. Give the path of the file, e.g. {example}.",
    ),
    "INPUT_IS_FOLDER": (
        "'{path}' là một thư mục, không phải tệp. Hãy ghi đường dẫn tới tệp cần dùng.",
        "'{path}' is a folder, not a file. Give the path of the file to use.",
    ),
    "INPUT_MISSING": (
        "Không tìm thấy tệp '{path}'. Hãy kiểm tra lại tên và thư mục của tệp.",
        "The file '{path}' does not exist. Check the file's name and folder.",
    ),
    "OUT_BAD_EXTENSION": (
        "Tệp kết quả '{path}' phải có đuôi {expected} (lệnh '{command}' ghi tệp {kind}). Hãy đổi tên, ví dụ "
        "{example}.",
        "The output file '{path}' must end in {expected} (the command '{command}' writes a {kind} file). "
        "Rename it, e.g. {example}.",
    ),
    "UNKNOWN_COMMUNE": (
        "Không có xã/phường mã '{commune}' trong cơ sở dữ liệu '{path}' (các xã có phiếu: {known}). Hãy kiểm tra "
        "mã xã sau --commune.",
        "There is no commune with code '{commune}' in the database '{path}' (communes with records: {known}). "
        "Check the code after --commune.",
    ),
    "PRINT_NOTHING_ALL": (
        "Cơ sở dữ liệu '{path}' không có phiếu nào {which}để in. Hãy bỏ hoặc đổi điều kiện --status, hoặc "
        "dùng --blank MÃ_BIỂU_MẪU để in phiếu trắng.",
        "The database '{path}' has no record {which}to print. Drop or change --status, or use --blank FORM_ID "
        "to print a blank questionnaire.",
    ),
    "PRINT_NO_RECORD": (
        "Không có phiếu '{record_id}' trong cơ sở dữ liệu '{path}'. Mã phiếu có dạng uuid:…; hãy xem mã trong "
        "danh sách phiếu của ứng dụng hoặc dùng --all để in mọi phiếu.",
        "There is no record '{record_id}' in the database '{path}'. Record ids look like uuid:…; find the id in "
        "the application's record list, or use --all to print every record.",
    ),
    "SELF_TEST_FAILED": (
        "Tự kiểm tra không đạt ở bước '{step}': {detail}. Cài đặt ứng dụng có thể thiếu tệp; hãy cài lại.",
        "The self-test failed at the step '{step}': {detail}. The installation may be missing files; install "
        "the application again.",
    ),
}

#: what the command line reports when a command succeeded (rendered like the messages above)
MESSAGES.update({
    "OUT_EXPORTED": ("Đã xuất {records} phiếu ({rows}):", "Exported {records:#record|records} ({rows}):"),
    "OUT_REPORT": ("Đã lập báo cáo {pages} trang: {path}", "Report written, {pages:#page|pages}: {path}"),
    "OUT_PRINTED": ("Đã in {records} phiếu, {pages} trang: {path}",
                    "Printed {records:#record|records}, {pages:#page|pages}: {path}"),
    "OUT_PRINTED_BLANK": ("Đã in phiếu trắng {pages} trang: {path}",
                          "Blank questionnaire written, {pages:#page|pages}: {path}"),
    "OUT_PACKAGE": ("Đã tạo gói {path}: {records} phiếu, {forms} biểu mẫu, {encryption}",
                    "Wrote {path}: {records:#record|records}, {forms:#form|forms}, {encryption}"),
    "OUT_DEMO": (
        "Đã tạo {enterprises} phiếu doanh nghiệp và {households} phiếu hộ trong '{path}' (xã {commune}; "
        "{drafts} phiếu nháp, {with_issues} phiếu còn vấn đề; {seconds} giây).",
        "Made {enterprises:#enterprise record|enterprise records} and {households:#household record|household "
        "records} in '{path}' (commune {commune}; {drafts:#draft|drafts}, {with_issues} with open issues; "
        "{seconds} s).",
    ),
    "OUT_SYNC_CONFLICTS": (
        "{n} phiếu xung đột với bản trên máy chủ đang chờ quyết định (xem Nhật ký đồng bộ).",
        "{n:#record conflicts|records conflict} with the server's copy, waiting for a decision (see the sync "
        "log).",
    ),
    "OUT_SENDERS_HEADER": (
        "Mã khóa\tHọ tên\tMã người dùng\tVai trò\tXã\tLần đầu\tLần cuối\tSố gói\tTin cậy",
        "Key id\tName\tUser code\tRole\tCommune\tFirst seen\tLast seen\tPackages\tTrusted",
    ),
    "OUT_HISTORY_HEADER": (
        "Nhập lúc\tXã\tNgười gửi\tTệp\tKết quả",
        "Imported at\tCommune\tSender\tFile\tResult",
    ),
})


class AppError(Exception):
    """A failure a user can understand and act on."""

    def __init__(self, code: str, **context: Any):
        self.code = code
        self.context = context
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        return render(self.code, self.context, lang)


class Cancelled(Exception):
    """A long operation stopped because the user asked; shown silently."""


def os_reason(err: BaseException) -> str:
    """Why an operating-system call failed, in words a user understands (a :func:`bi` text); the raw
    library text belongs in the log only."""
    import errno

    n = getattr(err, "errno", None)
    if isinstance(err, FileNotFoundError) or n == errno.ENOENT:
        return bi("không tìm thấy tệp hoặc thư mục", "the file or folder does not exist")
    if isinstance(err, IsADirectoryError) or n == errno.EISDIR:
        return bi("đây là một thư mục, không phải tệp", "it is a folder, not a file")
    if isinstance(err, NotADirectoryError) or n == errno.ENOTDIR:
        return bi("một phần của đường dẫn là tệp chứ không phải thư mục",
                  "part of the path is a file, not a folder")
    if n == errno.ENOSPC:
        return bi("ổ đĩa đã đầy", "the disk is full")
    if n == errno.EROFS:
        return bi("ổ đĩa chỉ đọc (USB/thẻ nhớ bị khóa chống ghi?)",
                  "the disk is read-only (is the USB stick write-protected?)")
    if isinstance(err, PermissionError) or n in (errno.EACCES, errno.EPERM):
        return bi("không có quyền truy cập (tệp chỉ đọc hoặc đang mở trong chương trình khác?)",
                  "no permission (is the file read-only or open in another program?)")
    if n == errno.ENAMETOOLONG:
        return bi("đường dẫn quá dài", "the path is too long")
    if n == errno.EEXIST:
        return bi("đã có tệp cùng tên", "a file with that name already exists")
    if n in (errno.EIO,):
        return bi("lỗi đọc/ghi của ổ đĩa (USB bị rút ra?)", "a disk input/output error (was the USB stick removed?)")
    if n is not None:
        return bi(f"lỗi hệ điều hành số {n}", f"operating-system error {n}")
    return bi("lỗi không rõ của hệ điều hành", "an unknown operating-system error")


def os_error(err: OSError, path: str) -> AppError:
    """Map a low-level write failure to a clear message (disk full, read-only, other); the raw text of
    the error goes to the log, the message carries a translated reason."""
    import errno
    import logging
    import sqlite3

    logging.getLogger("khaosat").info("write to %s failed: %r", path, err)
    if isinstance(err, sqlite3.Error):
        text = str(err).lower()
        if "full" in text:
            return AppError("DISK_FULL", detail=bi("ổ đĩa đã đầy", "the disk is full"), path=path)
        if "readonly" in text or "read-only" in text or "read only" in text:
            return AppError("READ_ONLY", path=path)
        if "database is locked" in text or "database table is locked" in text:
            return AppError("DB_BUSY", path=path, seconds=30)
        if "unable to open" in text:
            return AppError("WRITE_FAILED", path=path, detail=bi(
                "không mở được tệp (thư mục không tồn tại hoặc không ghi được)",
                "the file cannot be opened (the folder does not exist or cannot be written)"))
        return AppError("WRITE_FAILED", path=path, detail=bi("lỗi cơ sở dữ liệu SQLite", "an SQLite database error"))
    if getattr(err, "errno", None) == errno.ENOSPC:
        return AppError("DISK_FULL", detail=os_reason(err), path=path)
    if getattr(err, "errno", None) in (errno.EROFS, errno.EACCES, errno.EPERM):
        return AppError("READ_ONLY", path=path)
    return AppError("WRITE_FAILED", path=path, detail=os_reason(err))
