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
    DB_WAL_MISSING = Template(
        "Tệp nhật ký ghi '{wal}' của cơ sở dữ liệu '{path}' đã bị xóa hoặc chuyển đi sau khi ứng dụng bị tắt "
        "đột ngột: những gì đã lưu từ lần dồn dữ liệu cuối ({frames} trang dữ liệu, thường là các câu trả lời "
        "gần nhất) không còn trong tệp. Hãy đặt lại tệp '{wal}' nếu còn (ví dụ trong Thùng rác hoặc trên USB) rồi "
        "mở lại, hoặc khôi phục bản sao lưu tốt gần nhất. Muốn tiếp tục với dữ liệu còn lại, hãy xóa tệp '{shm}'.",
        "The write-ahead log '{wal}' of the database '{path}' was deleted or moved after the application was "
        "stopped abruptly: what was saved since the last checkpoint ({frames} pages of data, usually the latest "
        "answers) is no longer in the file. Put the file '{wal}' back if you still have it (the Recycle Bin, a "
        "USB stick) and open again, or restore the newest good backup. To go on with the data that is left, "
        "delete the file '{shm}'.",
    )
    PIN_NEEDED = Template(
        "Cơ sở dữ liệu '{path}' được mã hoá. Hãy nhập mã PIN (khi chạy lệnh: đặt biến môi trường KHAOSAT_PIN) "
        "hoặc dùng mã khôi phục. Không có gì bị thay đổi.",
        "The database '{path}' is encrypted. Enter the PIN (for a command: set the environment variable "
        "KHAOSAT_PIN) or use the recovery code. Nothing was changed.",
    )
    PIN_WRONG = Template(
        "Mã PIN không đúng (lần sai thứ {tries}). {wait_text}Nếu quên mã PIN, hãy dùng mã khôi phục trên tờ giấy "
        "đã in khi cài đặt.",
        "Wrong PIN (wrong try number {tries}). {wait_text}If the PIN is forgotten, use the recovery code on the "
        "sheet printed at setup.",
    )
    PIN_WAIT = Template(
        "Đã nhập sai mã PIN nhiều lần: hãy đợi {seconds} giây rồi thử lại. Nếu quên mã PIN, hãy dùng mã khôi phục.",
        "Too many wrong PINs: wait {seconds} seconds and try again. If the PIN is forgotten, use the recovery code.",
    )
    PIN_TOO_SHORT = Template(
        "Mã PIN cần ít nhất {minimum} ký tự (nên dùng một cụm từ dài hơn). Hãy chọn mã khác.",
        "The PIN needs at least {minimum} characters (a longer phrase is better). Choose another one.",
    )
    RECOVERY_WRONG = Template(
        "Mã khôi phục không đúng: hãy kiểm tra lại từng nhóm 4 ký tự trên tờ giấy đã in (14 nhóm).",
        "The recovery code is not right: check each group of 4 characters on the printed sheet (14 groups).",
    )
    ENCRYPT_FAILED = Template(
        "Không mã hoá được cơ sở dữ liệu '{path}': {detail}. Tệp gốc được giữ nguyên, không có gì bị thay đổi.",
        "The database '{path}' could not be encrypted: {detail}. The original file was kept; nothing was changed.",
    )
    ALREADY_ENCRYPTED = Template(
        "Cơ sở dữ liệu '{path}' đã được mã hoá (hoặc không phải tệp SQLite). Không có gì bị thay đổi.",
        "The database '{path}' is already encrypted (or is not an SQLite file). Nothing was changed.",
    )
    PERSON_INVALID = Template(
        "Không thêm được người dùng: {detail}. Hãy sửa rồi thử lại; không có gì bị thay đổi.",
        "The user cannot be added: {detail}. Correct it and try again; nothing was changed.",
    )
    PERSON_NEEDS_PIN = Template(
        "Cơ sở dữ liệu '{path}' chưa được mã hoá bằng mã PIN nên chưa thêm được người dùng có mã PIN riêng. Hãy mở "
        "ứng dụng để đặt mã PIN (hoặc chạy 'db encrypt') trước.",
        "The database '{path}' is not encrypted with a PIN yet, so users with PINs of their own cannot be added. "
        "Open the application to choose a PIN (or run 'db encrypt') first.",
    )
    KEYS_MISSING = Template(
        "Không có tệp khoá '{path}' bên cạnh cơ sở dữ liệu mã hoá '{db}'. Hãy chép tệp .keys đi kèm vào cùng thư "
        "mục, hoặc mở bằng mã khôi phục. Không có gì bị thay đổi.",
        "The key file '{path}' is missing beside the encrypted database '{db}'. Copy the .keys file that belongs "
        "to it into the same folder, or open it with the recovery code. Nothing was changed.",
    )
    KEYS_UNREADABLE = Template(
        "Không đọc được tệp khoá '{path}' ({detail}). Hãy chép lại tệp .keys đi kèm cơ sở dữ liệu, hoặc mở bằng mã "
        "khôi phục.",
        "The key file '{path}' cannot be read ({detail}). Copy the database's .keys file again, or open it with the "
        "recovery code.",
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
        "Không có phiếu '{record_id}'. Mã phiếu có dạng uuid:…; hãy xem mã trong danh sách phiếu (hoặc 'review "
        "list', 'conflicts list'). Không có gì bị thay đổi.",
        "There is no record '{record_id}'. Record ids look like uuid:…; find the id in the record list (or "
        "'review list', 'conflicts list'). Nothing was changed.",
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
    DB_OPEN_HERE = Template(
        "Cơ sở dữ liệu '{path}' vẫn đang được mở trong ứng dụng này ({count} kết nối) nên không thể thay thế "
        "hay chuyển đổi tệp của nó. Hãy đóng các cửa sổ khác đang dùng nó (nhập phiếu, báo cáo, xuất số liệu) "
        "hoặc khởi động lại ứng dụng, rồi thử lại. Chưa có gì bị thay đổi.",
        "The database '{path}' is still open in this application ({count} connection(s)), so its file cannot "
        "be replaced or converted. Close the other windows using it (record entry, reports, exports) or restart "
        "the application, then try again. Nothing was changed.",
    )
    DB_WRITER_WAITING = Template(
        "Đang chờ việc khác trên cùng cơ sở dữ liệu xong ({what}, tiến trình {pid}, từ {since})…",
        "Waiting for another task on the same database to finish ({what}, process {pid}, since {since})…",
    )


class StoreError(AppError):
    codes = StoreCode
