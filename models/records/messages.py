"""Messages for flat answer paths, duplicates and review (added to models.base.errors.MESSAGES)."""

from __future__ import annotations

from models.base.errors import MESSAGES

MESSAGES.update({
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
