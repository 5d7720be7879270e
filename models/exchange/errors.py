"""What can go wrong when records move between installations: transfer packages (reading, checking,
decrypting, importing, writing), key files and sender trust, and resolving merge conflicts."""

from __future__ import annotations

from models.base.errors import AppError, Code, Template

_WHAT_TO_DO_VI = "Hãy xin người gửi xuất lại gói và gửi lại (qua USB, Zalo hoặc e-mail). Không có gì bị thay đổi."
_WHAT_TO_DO_EN = "Ask the sender to export the package again and resend it (USB, Zalo or e-mail). Nothing was changed."


class PackageCode(Code):
    """A transfer package or a key file that cannot be used, and why."""

    PKG_UNREADABLE = Template(
        "Tệp '{path}' không phải gói dữ liệu hợp lệ hoặc đã bị cắt cụt/hỏng ({detail}). " + _WHAT_TO_DO_VI,
        "'{path}' is not a valid transfer package, or it is truncated or damaged ({detail}). " + _WHAT_TO_DO_EN,
    )
    PKG_UNSAFE = Template(
        "Gói '{path}' chứa mục không an toàn '{name}' ({detail}); gói bị từ chối để không ghi ra ngoài thư mục. "
        + _WHAT_TO_DO_VI,
        "The package '{path}' holds an unsafe entry '{name}' ({detail}); it was refused so nothing is written "
        "outside its folder. " + _WHAT_TO_DO_EN,
    )
    PKG_VERSION = Template(
        "Gói '{path}' dùng định dạng phiên bản {version}, phiên bản ứng dụng này chỉ đọc được {known}. Hãy cập "
        "nhật ứng dụng rồi nhập lại. Không có gì bị thay đổi.",
        "The package '{path}' uses format version {version}; this application reads {known}. Update the "
        "application and import it again. Nothing was changed.",
    )
    PKG_SIGNATURE = Template(
        "Chữ ký của gói '{path}' không hợp lệ: gói đã bị sửa sau khi ký hoặc không do ứng dụng tạo ra. "
        + _WHAT_TO_DO_VI,
        "The signature of the package '{path}' is not valid: it was changed after signing or was not made by "
        "this application. " + _WHAT_TO_DO_EN,
    )
    PKG_DIGEST = Template(
        "Phần '{name}' của gói '{path}' không khớp mã kiểm tra SHA-256 ({detail}): tệp đã bị sửa hoặc hỏng khi "
        "chép. " + _WHAT_TO_DO_VI,
        "The part '{name}' of the package '{path}' does not match its SHA-256 digest ({detail}): the file was "
        "altered or damaged in copying. " + _WHAT_TO_DO_EN,
    )
    PKG_ALTERED = Template(
        "Gói '{path}' đã bị thay đổi sau khi tạo (cấu trúc tệp khác với bản đã ký). " + _WHAT_TO_DO_VI,
        "The package '{path}' was changed after it was made (its structure differs from what was signed). "
        + _WHAT_TO_DO_EN,
    )
    PKG_NOT_FOR_US = Template(
        "Gói '{path}' được mã hóa cho người nhận khác (mã khóa {recipient}); máy này có mã khóa {ours}. Hãy "
        "nhập gói trên đúng máy nhận, hoặc xin người gửi xuất lại với tệp khóa công khai của máy này.",
        "The package '{path}' is encrypted for another receiver (key {recipient}); this installation's key is "
        "{ours}. Import it on the right computer, or ask the sender to export again with this installation's "
        "public key file.",
    )
    PKG_DECRYPT = Template(
        "Không giải mã được phần '{name}' của gói '{path}': tệp đã bị sửa hoặc khóa không đúng. " + _WHAT_TO_DO_VI,
        "Part '{name}' of the package '{path}' cannot be decrypted: the file was altered or the key is wrong. "
        + _WHAT_TO_DO_EN,
    )
    PKG_CONTENT = Template(
        "Nội dung gói '{path}' không hợp lệ: {detail}. " + _WHAT_TO_DO_VI,
        "The content of the package '{path}' is not valid: {detail}. " + _WHAT_TO_DO_EN,
    )
    ODK_INSTANCE = Template(
        "Không nhập được phiếu ODK '{path}': {detail}. Các phiếu khác vẫn được nhập; phiếu này không làm thay "
        "đổi gì.",
        "The ODK record '{path}' cannot be imported: {detail}. The other records are imported; this one "
        "changed nothing.",
    )
    PKG_FORM = Template(
        "Gói '{path}' mang biểu mẫu '{form_id}' phiên bản '{version}' {detail}. Không có gì bị thay đổi.",
        "The package '{path}' carries form '{form_id}' version '{version}' {detail}. Nothing was changed.",
    )
    PKG_FORM_NOT_HELD = Template(
        "Biểu mẫu '{form_id}' phiên bản '{version}'{sender} không có trong danh sách biểu mẫu chờ cài đặt (Cài "
        "đặt → Biểu mẫu, hoặc lệnh 'forms held'): có thể đã được cài đặt, bị từ chối hoặc chưa từng được gửi "
        "đến. Hãy chọn một biểu mẫu trong danh sách đó. Không có gì bị thay đổi.",
        "Form '{form_id}' version '{version}'{sender} is not among the forms waiting to be installed (Settings → "
        "Forms, or the command 'forms held'): it may have been installed or refused already, or never sent here. "
        "Choose one from that list. Nothing was changed.",
    )
    PKG_MEDIA_MISSING = Template(
        "Không tạo được gói '{path}': tệp đính kèm '{file}' của phiếu '{record_id}' không còn trong cơ sở dữ "
        "liệu. Hãy mở phiếu, đính kèm lại tệp đó (hoặc xóa câu trả lời) rồi xuất gói lại.",
        "The package '{path}' cannot be made: the file '{file}' attached to record '{record_id}' is no longer in "
        "the database. Open the record, attach the file again (or clear the answer) and export again.",
    )
    PKG_TOO_LARGE = Template(
        "Gói '{path}' quá lớn ({detail}). Hãy xuất thành nhiều gói nhỏ hơn (ví dụ theo từng điều tra viên).",
        "The package '{path}' is too large ({detail}). Export several smaller packages (e.g. per enumerator).",
    )
    PKG_NOTHING = Template(
        "Không có phiếu nào để đưa vào gói ({detail}). Không tạo tệp '{path}'.",
        "There are no records to put in a package ({detail}). '{path}' was not made.",
    )
    PKG_KEYFILE = Template(
        "Tệp khóa công khai '{path}' không hợp lệ: {detail}. Hãy xin lại tệp khóa (lệnh 'package key --out').",
        "The public key file '{path}' is not valid: {detail}. Ask for the key file again ('package key --out').",
    )
    PKG_READ = Template(
        "Không đọc được tệp '{path}': {detail}. Hãy kiểm tra USB/thư mục rồi thử lại.",
        "'{path}' cannot be read: {detail}. Check the USB stick or folder and try again.",
    )
    PKG_KEY_CHANGED = Template(
        "Gói '{path}' được ký bằng khóa mới (mã khóa {fingerprint}) nhưng máy gửi '{name}' ({device_id}) đã "
        "được biết ở đây với khóa khác (mã khóa {known}). Gói bị từ chối để không ai mạo danh máy đó. Hãy gọi "
        "điện cho người gửi để đối chiếu mã khóa: nếu đúng là họ đã cài lại máy, hãy tin cậy khóa mới "
        "(nút 'Tin cậy người gửi' hoặc nhập tệp khóa công khai mới của họ) rồi nhập lại. Không có gì bị thay đổi.",
        "The package '{path}' is signed with a new key (fingerprint {fingerprint}) but the sending device "
        "'{name}' ({device_id}) is known here with another key (fingerprint {known}). It was refused so nobody "
        "can pretend to be that device. Phone the sender and compare the fingerprints: if they really "
        "reinstalled, trust the new key ('Trust sender' button, or import their new public key file) and "
        "import again. Nothing was changed.",
    )
    PKG_UNKNOWN_SENDER = Template(
        "Chưa có người gửi nào với mã khóa '{fingerprint}' ở máy này. Hãy nhập một gói của họ trước, hoặc nhập "
        "tệp khóa công khai của họ.",
        "No sender with fingerprint '{fingerprint}' is known here. Import one of their packages first, or "
        "import their public key file.",
    )
    PKG_UNEXPECTED = Template(
        "Không nhập được gói '{path}' do lỗi không lường trước khi đọc nội dung. Các gói khác vẫn được nhập; "
        "gói này không làm thay đổi gì. Hãy gửi tệp nhật ký (logs/khaosat.log) cho bộ phận hỗ trợ và xin người "
        "gửi xuất lại gói.",
        "The package '{path}' could not be imported because of an unexpected error while reading it. The other "
        "packages were still imported; this one changed nothing. Send the log file (logs/khaosat.log) to "
        "support and ask the sender to export the package again.",
    )


class PackageError(AppError):
    codes = PackageCode


class MergeCode(Code):
    """Resolving a conflict between two versions of a record."""

    MERGE_NO_CONFLICT = Template(
        "Phiếu '{record_id}' không còn xung đột cần giải quyết (có thể đã được giải quyết ở máy khác).",
        "Record '{record_id}' has no open conflict (it may have been resolved on another computer).",
    )
    MERGE_NO_VERSION = Template(
        "Phiếu '{record_id}' không có bản '{rev}' trong các bản đang xung đột ({versions}). Hãy chọn một trong "
        "các bản đó (xem danh sách bằng 'conflicts show'). Không có gì bị thay đổi.",
        "Record '{record_id}' has no version '{rev}' among its conflicting versions ({versions}). Choose one of "
        "them (list them with 'conflicts show'). Nothing was changed.",
    )


class MergeError(AppError):
    codes = MergeCode


class EraseCode(Code):
    """Erasing one respondent's personal data (``models.exchange.erase``)."""

    ERASE_NO_REASON = Template(
        "Hãy ghi lý do xoá dữ liệu cá nhân của phiếu '{record_id}' (ví dụ: \"người trả lời yêu cầu xoá, đơn "
        "ngày 05/12\"); lý do được lưu trong nhật ký. Không có gì bị thay đổi.",
        "Give the reason for erasing the personal data of record '{record_id}' (for example \"the respondent "
        "asked for it, request of 5 December\"); the reason is kept in the audit trail. Nothing was changed.",
    )
    ERASE_NOT_PERSONAL = Template(
        "Câu '{field}' của phiếu '{record_id}' không phải dữ liệu cá nhân theo biểu mẫu '{form_id}' (cột 'pii'). "
        "Các câu xoá được: {fields}. Không có gì bị thay đổi.",
        "The question '{field}' of record '{record_id}' is not personal data in the form '{form_id}' (its 'pii' "
        "column). The questions that can be erased: {fields}. Nothing was changed.",
    )
    ERASE_NO_FIELDS = Template(
        "Biểu mẫu '{form_id}' của phiếu '{record_id}' không đánh dấu câu nào là dữ liệu cá nhân (cột 'pii'), nên "
        "không có gì để xoá. Hãy thêm cột 'pii' vào biểu mẫu. Không có gì bị thay đổi.",
        "The form '{form_id}' of record '{record_id}' marks no question as personal data (its 'pii' column), so "
        "there is nothing to erase. Add a 'pii' column to the form. Nothing was changed.",
    )


class EraseError(AppError):
    codes = EraseCode
