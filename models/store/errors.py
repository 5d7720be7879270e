"""What can go wrong with the SQLite file: opening it, its forms and records, backups and restores."""

from __future__ import annotations

from models.base.errors import AppError, Code, Template


class StoreCode(Code):
    """The database file, its forms and records, backups and restores."""

    DB_NEWER = Template(
        "Cơ sở dữ liệu '{path}' được tạo bởi phiên bản mới hơn của ứng dụng (có bước nâng cấp '{name}' mà "
        "phiên bản này không biết). Hãy cập nhật ứng dụng; dữ liệu không bị thay đổi.",
        "The database '{path}' was made by a newer version of the application (it has the upgrade step "
        "'{name}' this version does not know). Update the application; nothing was changed.",
    )
    DB_OPEN = Template(
        "Không mở được cơ sở dữ liệu '{path}': {detail}. Hãy kiểm tra tệp và quyền ghi thư mục.",
        "The database '{path}' cannot be opened: {detail}. Check the file and that the folder is writable.",
    )
    DB_READ_ONLY = Template(
        "Tệp cơ sở dữ liệu '{path}' là tệp chỉ đọc nên ứng dụng không lưu được câu trả lời nào vào đó. Hãy chép "
        "tệp sang một thư mục khác trên máy (ví dụ Tài liệu) rồi mở bản chép, hoặc bỏ thuộc tính chỉ đọc của tệp "
        "(chuột phải vào tệp → Properties → bỏ chọn Read-only). Tệp không bị hỏng và không có gì bị thay đổi.",
        "The database file '{path}' is read-only, so nothing could be saved into it. Copy the file to another "
        "folder on this computer (e.g. Documents) and open the copy, or clear the file's read-only attribute "
        "(right-click the file → Properties → untick Read-only). The file is not damaged and nothing was changed.",
    )
    DB_FOLDER_READ_ONLY = Template(
        "Thư mục '{folder}' chứa cơ sở dữ liệu không ghi được (thư mục chỉ đọc, USB/đĩa chống ghi hoặc không có "
        "quyền), nên ứng dụng không lưu được gì vào '{path}'. Hãy chép tệp sang một thư mục ghi được (ví dụ Tài "
        "liệu) rồi mở bản chép, hoặc bỏ chế độ chống ghi. Tệp không bị hỏng và không có gì bị thay đổi.",
        "The folder '{folder}' holding the database cannot be written (a read-only folder, a write-protected "
        "stick or disc, or no permission), so nothing could be saved into '{path}'. Copy the file to a writable "
        "folder (e.g. Documents) and open the copy, or remove the write protection. The file is not damaged and "
        "nothing was changed.",
    )
    DB_CORRUPT = Template(
        "Tệp '{path}' không phải cơ sở dữ liệu hợp lệ hoặc đã hỏng ({detail}). Hãy khôi phục từ bản sao lưu.",
        "'{path}' is not a valid database or is damaged ({detail}). Restore it from a backup.",
    )
    FORM_NOT_FOUND = Template(
        "Không có biểu mẫu '{form_id}'{version_text} trong cơ sở dữ liệu. Hãy thêm biểu mẫu đó trước.",
        "There is no form '{form_id}'{version_text} in the database. Add that form first.",
    )
    FORM_VERSION_CLASH = Template(
        "Biểu mẫu '{form_id}' phiên bản '{version}' đã có nhưng nội dung khác. Hãy tăng 'version' trên trang "
        "settings của biểu mẫu mới rồi thêm lại (phiếu cũ giữ phiên bản cũ).",
        "Form '{form_id}' version '{version}' already exists with different content. Raise 'version' on the "
        "new form's settings sheet and add it again (old records keep the old version).",
    )
    FORM_FILE_CLASH = Template(
        "Biểu mẫu '{form_id}' phiên bản '{version}' đã có tệp đính kèm '{file_name}' với nội dung khác. Hãy tăng "
        "'version' trên trang settings của biểu mẫu rồi thêm lại cùng tệp mới (phiếu cũ giữ tệp cũ).",
        "Form '{form_id}' version '{version}' already has an attachment '{file_name}' with different content. "
        "Raise 'version' on the form's settings sheet and add it again with the new file (old records keep the "
        "old file).",
    )
    RECORD_NOT_FOUND = Template(
        "Không có phiếu '{record_id}'.",
        "There is no record '{record_id}'.",
    )
    BACKUP_FAILED = Template(
        "Không tạo được bản sao lưu vào '{path}': {detail}. Dữ liệu hiện tại vẫn an toàn. Hãy cắm lại USB, bỏ "
        "khóa chống ghi hoặc chọn thư mục khác trong Cài đặt → Sao lưu, rồi thử lại.",
        "The backup to '{path}' could not be made: {detail}. The current data is safe. Plug the USB stick in "
        "again, remove its write protection or choose another folder in Settings → Backup, then try again.",
    )
    RESTORE_INVALID = Template(
        "Tệp '{path}' không phải bản sao lưu hợp lệ của ứng dụng ({detail}). Không có gì bị thay đổi. Hãy chọn "
        "một bản sao lưu khác (tệp khaosat-backup-….db).",
        "'{path}' is not a valid backup of this application ({detail}). Nothing was changed. Choose another "
        "backup (a khaosat-backup-….db file).",
    )
    DB_WRITER_BUSY = Template(
        "Cơ sở dữ liệu '{path}' đang được một việc khác ghi vào ({what}, tiến trình {pid}, từ {since}): có thể "
        "là một cửa sổ ứng dụng khác hoặc một lệnh đang chạy. Hãy đợi việc đó xong (hoặc đóng cửa sổ kia) rồi "
        "thử lại. Chưa có gì bị thay đổi.",
        "The database '{path}' is being written by another task ({what}, process {pid}, since {since}): "
        "another application window or a command that is running. Wait until it finishes (or close the other "
        "window), then try again. Nothing was changed.",
    )
    DB_WRITER_WAITING = Template(
        "Đang chờ việc khác trên cùng cơ sở dữ liệu xong ({what}, tiến trình {pid}, từ {since})…",
        "Waiting for another task on the same database to finish ({what}, process {pid}, since {since})…",
    )


class StoreError(AppError):
    codes = StoreCode
