"""What sync says: why a run is refused (address, credentials, key store, network, certificate,
server) and, per record, what the server answered — the codes the sync log keeps by name."""

from __future__ import annotations

from models.base.errors import AppError, Code, Template


class SyncCode(Code):
    """Sync messages; the second half are the per-record outcomes and run notes of the sync log."""

    SYNC_BAD_URL = Template(
        "Địa chỉ máy chủ '{url}' không hợp lệ: {detail}. Hãy nhập dạng https://tên-máy-chủ (kèm số dự án "
        "của ODK Central), hoặc dán nguyên liên kết người dùng ứng dụng của Central "
        "(https://máy-chủ/v1/key/…/projects/SỐ).",
        "The server address '{url}' is not valid: {detail}. Enter it as https://server-name (with the ODK "
        "Central project number), or paste Central's whole app-user link (https://server/v1/key/…/projects/N).",
    )
    SYNC_NO_SERVER = Template(
        "Chưa cài đặt máy chủ để gửi số liệu. Hãy nhập địa chỉ máy chủ trong phần Cài đặt đồng bộ "
        "(hoặc dùng --server).",
        "No server is set up for sending records. Enter the server address in the sync settings (or use --server).",
    )
    SYNC_NO_USER = Template(
        "Chưa có tên đăng nhập cho máy chủ '{server}'. Hãy nhập tên người dùng (hoặc dán liên kết người dùng "
        "ứng dụng của Central, không cần mật khẩu).",
        "No user name is set for the server '{server}'. Enter the user name (or paste Central's app-user "
        "link, which needs no password).",
    )
    SYNC_INSECURE = Template(
        "Không gửi mật khẩu hay mã truy cập qua kết nối không mã hóa ({url}). Hãy dùng địa chỉ bắt đầu bằng "
        "https:// (ODK Central chỉ nhận mật khẩu qua HTTPS).",
        "A password or access token is not sent over an unencrypted connection ({url}). Use an address "
        "starting with https:// (ODK Central accepts passwords only over HTTPS).",
    )
    SYNC_NO_PASSWORD = Template(
        "Chưa có mật khẩu cho tài khoản '{user}' trên máy chủ '{server}'. Hãy nhập mật khẩu trong phần Cài đặt "
        "đồng bộ (được cất trong kho khóa của hệ điều hành), hoặc đặt biến môi trường SURVEY_SYNC_PASSWORD.",
        "There is no password for the account '{user}' on '{server}'. Enter it in the sync settings (it is "
        "kept in the operating system's key store), or set the environment variable SURVEY_SYNC_PASSWORD.",
    )
    SYNC_KEYRING_SAVED = Template(
        "Đã lưu địa chỉ máy chủ '{server}', số dự án và tên đăng nhập. Riêng mật khẩu (hoặc liên kết đăng nhập) "
        "không lưu được vì máy này không có kho khóa của hệ điều hành. Mỗi lần gửi, hãy nhập mật khẩu vào ô "
        "“Mật khẩu” rồi bấm “Gửi ngay” (mật khẩu chỉ dùng cho lần gửi đó, không ghi vào máy); nếu dùng liên "
        "kết người dùng ứng dụng, hãy dán lại liên kết vào ô địa chỉ. Muốn máy nhớ mật khẩu: nhờ cán bộ kỹ "
        "thuật bật kho khóa (Windows Credential Manager).",
        "The server address '{server}', the project number and the user name were saved. The password (or the "
        "sign-in link) could not be stored because this computer has no usable key store. For each sending, "
        "type the password in the “Password” field and press “Send now” (it is used for that sending only and "
        "not written anywhere); with an app-user link, paste the link into the address field again. To have "
        "the password remembered, ask a technician to enable the key store (Windows Credential Manager).",
    )
    SYNC_KEYRING = Template(
        "Không dùng được kho khóa của hệ điều hành ({detail}). Mật khẩu không được lưu. Hãy đặt biến môi "
        "trường SURVEY_SYNC_PASSWORD khi gửi, hoặc cài đặt kho khóa (Windows Credential Manager, macOS "
        "Keychain, GNOME Keyring/KWallet).",
        "The operating system's key store cannot be used ({detail}). The password was not saved. Set the "
        "environment variable SURVEY_SYNC_PASSWORD when sending, or set up a key store (Windows Credential "
        "Manager, macOS Keychain, GNOME Keyring/KWallet).",
    )
    SYNC_AUTH = Template(
        "Máy chủ '{server}' từ chối đăng nhập (HTTP {status}). Hãy kiểm tra tên người dùng và mật khẩu, hoặc "
        "xin tỉnh liên kết/mã QR người dùng ứng dụng mới (liên kết cũ có thể đã bị thu hồi). Không có phiếu "
        "nào được gửi.",
        "The server '{server}' refused the credentials (HTTP {status}). Check the user name and password, "
        "or ask the province for a new app-user link/QR code (the old one may have been revoked). No record "
        "was sent.",
    )
    SYNC_TOKEN_MISSING = Template(
        "Máy này đã lưu máy chủ '{server}' với liên kết người dùng ứng dụng, nhưng không còn giữ được mã truy cập "
        "(máy không có kho khóa của hệ điều hành). Hãy dán lại liên kết người dùng ứng dụng (hoặc nội dung mã QR) "
        "vào ô địa chỉ máy chủ (hoặc --server), rồi gửi lại.",
        "This computer saved the server '{server}' with an app-user link but could not keep its access token (no "
        "usable key store). Paste the app-user link (or the QR code's text) into the server address field (or "
        "--server) again, then send again.",
    )
    SYNC_HTTPS_ONLY = Template(
        "Máy chủ '{server}' chỉ nhận tên đăng nhập và mật khẩu qua HTTPS (HTTP 401). Hãy dùng địa chỉ https://, "
        "hoặc dán liên kết người dùng ứng dụng của Central (không cần mật khẩu). Không có phiếu nào được gửi.",
        "The server '{server}' accepts a user name and password only over HTTPS (HTTP 401). Use its https:// "
        "address, or paste Central's app-user link (no password needed). No record was sent.",
    )
    SYNC_PULL_WEB_USER = Template(
        "Tải phiếu từ '{server}' cần một tài khoản Web User của ODK Central (e-mail và mật khẩu) có quyền xem "
        "dự án (Project Viewer hoặc Project Manager); liên kết người dùng ứng dụng chỉ dùng để gửi. Hãy dùng "
        "--server https://máy-chủ --project SỐ --user EMAIL và mật khẩu trong SURVEY_SYNC_PASSWORD.",
        "Downloading records from '{server}' needs an ODK Central Web User (e-mail and password) who may read "
        "the project (Project Viewer or Project Manager); an app-user link can only send. Use --server "
        "https://server --project N --user EMAIL and the password in SURVEY_SYNC_PASSWORD.",
    )
    SYNC_PULL_FORBIDDEN = Template(
        "Tài khoản không được xem các phiếu trên '{server}' (HTTP 403). Hãy nhờ quản trị viên của tỉnh cấp vai "
        "trò 'Project Viewer' cho dự án này.",
        "The account may not read the submissions on '{server}' (HTTP 403). Ask the province's administrator "
        "for the 'Project Viewer' role on this project.",
    )
    SYNC_FORBIDDEN = Template(
        "Tài khoản không có quyền gửi số liệu lên '{server}' (HTTP 403). Hãy nhờ quản trị viên của tỉnh cấp "
        "quyền 'Data Collector' cho dự án này.",
        "The account may not submit to '{server}' (HTTP 403). Ask the province's administrator for the "
        "'Data Collector' role on this project.",
    )
    SYNC_NETWORK = Template(
        "Không kết nối được tới máy chủ '{server}' ({detail}). Hãy kiểm tra kết nối Internet rồi gửi lại (nút "
        "“Gửi ngay” trên trang Đồng bộ); các phiếu chưa gửi vẫn nằm trong hàng đợi.",
        "The server '{server}' cannot be reached ({detail}). Check the Internet connection and send again (the "
        "“Send now” button on the Sync page); records not sent stay in the queue.",
    )
    SYNC_TLS = Template(
        "Không xác minh được chứng chỉ bảo mật của '{server}' ({detail}). Không có gì được gửi. Nếu tỉnh dùng "
        "chứng chỉ riêng, hãy chọn tệp chứng chỉ gốc (CA) của tỉnh trong Cài đặt đồng bộ.",
        "The security certificate of '{server}' cannot be verified ({detail}). Nothing was sent. If the "
        "province uses its own certificate authority, choose its CA file in the sync settings.",
    )
    SYNC_CAPTIVE = Template(
        "Kết nối bị một trang đăng nhập Wi-Fi hoặc máy chủ trung gian chặn lại (HTTP {status}, không phải "
        "máy chủ OpenRosa). Hãy mở trình duyệt để đăng nhập mạng rồi gửi lại. Không có phiếu nào bị đánh dấu "
        "là đã gửi.",
        "The connection was intercepted by a Wi-Fi login page or a proxy (HTTP {status}, not an OpenRosa "
        "server). Open a browser to log in to the network, then send again. No record was marked as sent.",
    )
    SYNC_NOT_OPENROSA = Template(
        "Địa chỉ '{server}' không phải máy chủ OpenRosa (ODK Central/KoboToolbox): {detail}. Hãy kiểm tra địa "
        "chỉ và số dự án.",
        "'{server}' is not an OpenRosa server (ODK Central/KoboToolbox): {detail}. Check the address and the "
        "project number.",
    )
    SYNC_NOT_FOUND = Template(
        "Máy chủ không có địa chỉ '{server}' (HTTP 404). Hãy kiểm tra số dự án.",
        "The server has no address '{server}' (HTTP 404). Check the project number.",
    )
    SYNC_SERVER_ERROR = Template(
        "Máy chủ '{server}' đang gặp lỗi (HTTP {status}: {detail}). Hãy thử lại sau; phiếu chưa gửi vẫn nằm "
        "trong hàng đợi.",
        "The server '{server}' has a problem (HTTP {status}: {detail}). Try again later; records not sent "
        "stay in the queue.",
    )
    # per-record outcomes shown in the sync log
    SYNC_SENT = Template("Đã gửi; máy chủ xác nhận (HTTP {status}).", "Sent; the server confirmed it (HTTP {status}).")
    SYNC_SENT_CORRECTION = Template(
        "Đã gửi bản sửa thay cho bản đã gửi trước ({deprecated}); máy chủ xác nhận (HTTP {status}).",
        "Sent the correction replacing the earlier copy ({deprecated}); the server confirmed it (HTTP {status}).",
    )
    SYNC_ALREADY = Template(
        "Máy chủ đã có đúng bản này (HTTP {status}).",
        "The server already has exactly this copy (HTTP {status}).",
    )
    SYNC_UNCHANGED = Template(
        "Nội dung không đổi từ lần gửi trước; không cần gửi lại.",
        "The content has not changed since it was sent; nothing to send.",
    )
    SYNC_CONFLICT = Template(
        "Máy chủ đã có một phiếu cùng mã nhưng nội dung khác (HTTP 409: {detail}). Không có gì bị ghi đè; "
        "cần người quyết định: gửi thay thế, gửi thành phiếu riêng, hoặc giữ bản trên máy chủ.",
        "The server already has a record with the same id but different content (HTTP 409: {detail}). "
        "Nothing was overwritten; a person must decide: replace it, send as a separate record, or keep the "
        "server's copy.",
    )
    SYNC_DELETED_ON_SERVER = Template(
        "Phiếu này đã bị xóa trên máy chủ (HTTP {status}: {detail}). Không gửi lại tự động; cần người quyết "
        "định: gửi thành phiếu riêng (mới), hoặc để nguyên như trên máy chủ (đã xóa).",
        "This record was deleted on the server (HTTP {status}: {detail}). It is not sent again by itself; a "
        "person must decide: send it as a separate (new) record, or leave it as the server has it (deleted).",
    )
    SYNC_RECORD_NOTE = Template("Phiếu '{label}': {message}", "Record '{label}': {message}")
    SYNC_CONFLICT_WAITING = Template(
        "Đang chờ quyết định về xung đột với bản trên máy chủ; chưa gửi.",
        "Waiting for a decision about the conflict with the server's copy; not sent.",
    )
    SYNC_REJECTED = Template(
        "Máy chủ từ chối phiếu (HTTP {status}: {detail}). Phiếu vẫn nằm trong hàng đợi; hãy báo tỉnh kiểm "
        "tra biểu mẫu trên máy chủ.",
        "The server refused the record (HTTP {status}: {detail}). It stays in the queue; ask the province to "
        "check the form on the server.",
    )
    SYNC_TOO_LARGE = Template(
        "Phiếu quá lớn so với giới hạn của máy chủ (HTTP 413).",
        "The record is larger than the server accepts (HTTP 413).",
    )
    SYNC_VERSION_UNKNOWN = Template(
        "Máy chủ không nhận phiếu của biểu mẫu '{form_id}' phiên bản '{version}' (HTTP {status}: {detail}). "
        "Hãy nhờ tỉnh tải lên phiên bản này (tệp {xform_file}).",
        "The server does not accept records of form '{form_id}' version '{version}' (HTTP {status}: {detail}). "
        "Ask the province to upload this version (file {xform_file}).",
    )
    SYNC_FORM_MISSING = Template(
        "Máy chủ chưa có biểu mẫu '{form_id}'. Đã ghi tệp XForm '{xform_file}': hãy gửi tệp này cho tỉnh để "
        "tải lên ODK Central/KoboToolbox và công bố (Publish), rồi gửi lại. {count} phiếu chưa được gửi.",
        "The server does not have the form '{form_id}'. The XForm file '{xform_file}' was written: give it "
        "to the province to upload to ODK Central/KoboToolbox and publish, then send again. "
        "{count:#record was|records were} not sent.",
    )
    SYNC_FORM_UNLISTED = Template(
        "Máy chủ không cho người dùng này gửi vào biểu mẫu '{form_id}': biểu mẫu chưa được công bố, đã đóng "
        "(Closed/Closing), hoặc người dùng ứng dụng chưa được cấp quyền (Form Access). Hãy nhờ tỉnh kiểm tra "
        "biểu mẫu trên ODK Central; nếu chưa có, tải lên tệp XForm '{xform_file}' và công bố. {count} phiếu chưa "
        "được gửi.",
        "The server does not let this user send to the form '{form_id}': it is not published, it is closed "
        "(Closed/Closing), or the app user has no access to it (Form Access). Ask the province to check the form "
        "in ODK Central; if it is not there, upload the XForm file '{xform_file}' and publish it. "
        "{count:#record was|records were} not sent.",
    )
    SYNC_FORM_OLDER = Template(
        "Máy chủ có biểu mẫu '{form_id}' phiên bản '{server_version}', cũ hơn phiên bản '{version}' của các "
        "phiếu. Đã ghi tệp XForm '{xform_file}': hãy nhờ tỉnh tải phiên bản mới lên máy chủ, rồi gửi lại. "
        "{count} phiếu chưa được gửi.",
        "The server has form '{form_id}' version '{server_version}', older than the records' version "
        "'{version}'. The XForm file '{xform_file}' was written: ask the province to upload the new version, "
        "then send again. {count:#record was|records were} not sent.",
    )
    SYNC_INSTANCE_MISMATCH = Template(
        "Phiếu không khớp cấu trúc XForm của biểu mẫu '{form_id}' ({detail}); không gửi. Hãy báo lỗi này "
        "cho nhóm phát triển.",
        "The record does not match the XForm structure of form '{form_id}' ({detail}); not sent. Report this "
        "to the developers.",
    )
    SYNC_NETWORK_RECORD = Template(
        "Mất kết nối khi gửi ({detail}); phiếu vẫn nằm trong hàng đợi và sẽ được gửi lại đúng bản này.",
        "The connection was lost while sending ({detail}); the record stays in the queue and exactly this "
        "copy will be sent again.",
    )
    SYNC_IGNORED = Template(
        "Đã quyết định giữ bản trên máy chủ; bản này không được gửi.",
        "It was decided to keep the server's copy; this copy is not sent.",
    )
    SYNC_CHECKING = Template("Đang kiểm tra kết nối tới '{server}'…", "Checking the connection to '{server}'…")
    SYNC_SUMMARY = Template(
        "Kết quả gửi: {sent} phiếu đã gửi, {already} phiếu máy chủ đã có, {failed} phiếu lỗi, {skipped} phiếu "
        "bỏ qua ({conflicts} xung đột chờ quyết định).",
        "Sync result: {sent:#record|records} sent, {already} already on the server, {failed} failed, {skipped} "
        "skipped ({conflicts:#conflict|conflicts} waiting for a decision).",
    )
    SYNC_CHECK_OK = Template(
        "Kết nối tốt tới '{server}' (OpenRosa {version}); {forms} biểu mẫu trên máy chủ.",
        "Connected to '{server}' (OpenRosa {version}); {forms:#form|forms} on the server.",
    )
    SYNC_ENCRYPT_KEY = Template(
        "Khóa công khai (public_key) của biểu mẫu '{form_id}' không hợp lệ ({detail}). Hãy nhờ tỉnh kiểm tra "
        "trang settings của biểu mẫu.",
        "The public key of form '{form_id}' is not valid ({detail}). Ask the province to check the form's "
        "settings sheet.",
    )


class SyncError(AppError):
    codes = SyncCode
    code: SyncCode  # AppError checks it is one
