"""Messages for transfer packages, merging, duplicates and review (added to models.errors.MESSAGES).

Kept in their own module so the shared catalogue in models/errors.py is not edited by every area;
every module of this area imports it, so the codes exist whenever one of them can be raised.
"""

from __future__ import annotations

from models.errors import MESSAGES

_WHAT_TO_DO_VI = "Hãy xin người gửi xuất lại gói và gửi lại (qua USB, Zalo hoặc e-mail). Không có gì bị thay đổi."
_WHAT_TO_DO_EN = "Ask the sender to export the package again and resend it (USB, Zalo or e-mail). Nothing was changed."

MESSAGES.update({
    "PKG_UNREADABLE": (
        "Tệp '{path}' không phải gói dữ liệu hợp lệ hoặc đã bị cắt cụt/hỏng ({detail}). " + _WHAT_TO_DO_VI,
        "'{path}' is not a valid transfer package, or it is truncated or damaged ({detail}). " + _WHAT_TO_DO_EN,
    ),
    "PKG_UNSAFE": (
        "Gói '{path}' chứa mục không an toàn '{name}' ({detail}); gói bị từ chối để không ghi ra ngoài thư mục. "
        + _WHAT_TO_DO_VI,
        "The package '{path}' holds an unsafe entry '{name}' ({detail}); it was refused so nothing is written "
        "outside its folder. " + _WHAT_TO_DO_EN,
    ),
    "PKG_VERSION": (
        "Gói '{path}' dùng định dạng phiên bản {version}, phiên bản ứng dụng này chỉ đọc được {known}. Hãy cập "
        "nhật ứng dụng rồi nhập lại. Không có gì bị thay đổi.",
        "The package '{path}' uses format version {version}; this application reads {known}. Update the "
        "application and import it again. Nothing was changed.",
    ),
    "PKG_SIGNATURE": (
        "Chữ ký của gói '{path}' không hợp lệ: gói đã bị sửa sau khi ký hoặc không do ứng dụng tạo ra. "
        + _WHAT_TO_DO_VI,
        "The signature of the package '{path}' is not valid: it was changed after signing or was not made by "
        "this application. " + _WHAT_TO_DO_EN,
    ),
    "PKG_DIGEST": (
        "Phần '{name}' của gói '{path}' không khớp mã kiểm tra SHA-256 ({detail}): tệp đã bị sửa hoặc hỏng khi "
        "chép. " + _WHAT_TO_DO_VI,
        "The part '{name}' of the package '{path}' does not match its SHA-256 digest ({detail}): the file was "
        "altered or damaged in copying. " + _WHAT_TO_DO_EN,
    ),
    "PKG_ALTERED": (
        "Gói '{path}' đã bị thay đổi sau khi tạo (cấu trúc tệp khác với bản đã ký). " + _WHAT_TO_DO_VI,
        "The package '{path}' was changed after it was made (its structure differs from what was signed). "
        + _WHAT_TO_DO_EN,
    ),
    "PKG_NOT_FOR_US": (
        "Gói '{path}' được mã hóa cho người nhận khác (mã khóa {recipient}); máy này có mã khóa {ours}. Hãy "
        "nhập gói trên đúng máy nhận, hoặc xin người gửi xuất lại với tệp khóa công khai của máy này.",
        "The package '{path}' is encrypted for another receiver (key {recipient}); this installation's key is "
        "{ours}. Import it on the right computer, or ask the sender to export again with this installation's "
        "public key file.",
    ),
    "PKG_DECRYPT": (
        "Không giải mã được phần '{name}' của gói '{path}': tệp đã bị sửa hoặc khóa không đúng. " + _WHAT_TO_DO_VI,
        "Part '{name}' of the package '{path}' cannot be decrypted: the file was altered or the key is wrong. "
        + _WHAT_TO_DO_EN,
    ),
    "PKG_CONTENT": (
        "Nội dung gói '{path}' không hợp lệ: {detail}. " + _WHAT_TO_DO_VI,
        "The content of the package '{path}' is not valid: {detail}. " + _WHAT_TO_DO_EN,
    ),
    "PKG_FORM": (
        "Gói '{path}' mang biểu mẫu '{form_id}' phiên bản '{version}' {detail}. Không có gì bị thay đổi.",
        "The package '{path}' carries form '{form_id}' version '{version}' {detail}. Nothing was changed.",
    ),
    "PKG_TOO_LARGE": (
        "Gói '{path}' quá lớn ({detail}). Hãy xuất thành nhiều gói nhỏ hơn (ví dụ theo từng điều tra viên).",
        "The package '{path}' is too large ({detail}). Export several smaller packages (e.g. per enumerator).",
    ),
    "PKG_NOTHING": (
        "Không có phiếu nào để đưa vào gói ({detail}). Không tạo tệp '{path}'.",
        "There are no records to put in a package ({detail}). '{path}' was not made.",
    ),
    "PKG_KEYFILE": (
        "Tệp khóa công khai '{path}' không hợp lệ: {detail}. Hãy xin lại tệp khóa (lệnh 'package key --out').",
        "The public key file '{path}' is not valid: {detail}. Ask for the key file again ('package key --out').",
    ),
    "PKG_READ": (
        "Không đọc được tệp '{path}': {detail}. Hãy kiểm tra USB/thư mục rồi thử lại.",
        "'{path}' cannot be read: {detail}. Check the USB stick or folder and try again.",
    ),
    "MERGE_NO_CONFLICT": (
        "Phiếu '{record_id}' không còn xung đột cần giải quyết (có thể đã được giải quyết ở máy khác).",
        "Record '{record_id}' has no open conflict (it may have been resolved on another computer).",
    ),
    "MERGE_BAD_PATH": (
        "Đường dẫn câu hỏi '{path}' không hợp lệ.",
        "The question path '{path}' is not valid.",
    ),
    "DUP_SAME_RECORD": (
        "Không thể gộp phiếu '{record_id}' với chính nó.",
        "Record '{record_id}' cannot be merged with itself.",
    ),
    "DUP_OTHER_FORM": (
        "Chỉ gộp được hai phiếu cùng biểu mẫu ('{form_a}' khác '{form_b}').",
        "Only two records of the same form can be merged ('{form_a}' is not '{form_b}').",
    ),
    "REVIEW_NOT_READY": (
        "Phiếu '{record_id}' đang ở trạng thái '{status}': chỉ duyệt hoặc trả lại được phiếu đã hoàn thành.",
        "Record '{record_id}' is '{status}': only complete records can be approved or sent back.",
    ),
    "REVIEW_NO_COMMENT": (
        "Khi trả lại phiếu '{record_id}', hãy ghi nhận xét cho phiếu hoặc cho ít nhất một câu hỏi.",
        "When sending record '{record_id}' back, write a comment on the record or on at least one question.",
    ),
})
