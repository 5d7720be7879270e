"""What can go wrong with one record: editing, status changes, answer paths, duplicates, review."""

from __future__ import annotations

from models.base.errors import AppError, Code, Template


class RecordCode(Code):
    """One record: editing, its status, its answer paths, duplicates, review."""

    FIELD_ERASED = Template(
        "Câu '{path}' của phiếu '{record_id}' đã bị xoá dữ liệu cá nhân theo yêu cầu của người trả lời, nên không "
        "nhập lại được. Nếu người đó đồng ý cung cấp lại, hãy lập phiếu mới. Không có gì bị thay đổi.",
        "The personal data of the question '{path}' of record '{record_id}' was erased at the respondent's "
        "request, so it cannot be entered again. If the person agrees to give it again, make a new record. "
        "Nothing was changed.",
    )
    RECORD_READ_ONLY = Template(
        "Phiếu '{record_id}' đã được duyệt hoặc đang trong thùng rác nên chỉ xem được. Muốn sửa: cán bộ xã "
        "trả lại phiếu (nếu đã duyệt), hoặc khôi phục phiếu từ thùng rác.",
        "Record '{record_id}' is approved or in the recycle bin, so it can only be viewed. To edit it, the "
        "clerk sends it back (if approved), or restore it from the recycle bin.",
    )
    RECORD_CHANGED = Template(
        "Phiếu '{record_id}' vừa được thay đổi ở nơi khác (nhập gói, cán bộ xã duyệt/sửa, hoặc một cửa sổ "
        "khác) trong lúc đang mở. Giá trị vừa nhập chưa được lưu; phiếu đã được tải lại với nội dung mới "
        "nhất — hãy xem lại rồi nhập lại nếu cần.",
        "Record '{record_id}' was just changed elsewhere (a package import, the clerk's review, or another "
        "window) while it was open. The value just entered was not saved; the record has been reloaded with "
        "its latest content — check it and enter the value again if needed.",
    )
    RECORD_FIELD_CHANGED = Template(
        "Câu trả lời '{path}' của phiếu '{record_id}' vừa được sửa ở nơi khác (nhập gói hoặc cán bộ xã) trong "
        "lúc đang mở, nên giá trị vừa nhập chưa được lưu. Phiếu đã được tải lại với giá trị mới nhất — hãy xem "
        "lại rồi nhập lại nếu vẫn cần sửa.",
        "The answer '{path}' of record '{record_id}' was just changed elsewhere (a package import or the clerk) "
        "while the record was open, so the value just entered was not saved. The record has been reloaded with "
        "the latest value — check it and enter yours again if it still needs changing.",
    )
    BAD_STATUS = Template(
        "Không thể chuyển phiếu từ '{old}' sang '{new}'.",
        "A record cannot go from '{old}' to '{new}'.",
    )
    NOT_COMPLETE = Template(
        "Phiếu còn {count} vấn đề chưa xử lý nên chưa thể đánh dấu hoàn thành.",
        "The record cannot be marked complete yet: open issues left: {count}.",
    )
    MERGE_BAD_PATH = Template(
        "Đường dẫn câu hỏi '{path}' không hợp lệ.",
        "The question path '{path}' is not valid.",
    )
    DUP_SAME_RECORD = Template(
        "Không thể gộp phiếu '{record_id}' với chính nó.",
        "Record '{record_id}' cannot be merged with itself.",
    )
    DUP_OTHER_FORM = Template(
        "Chỉ gộp được hai phiếu cùng biểu mẫu ('{form_a}' khác '{form_b}').",
        "Only two records of the same form can be merged ('{form_a}' is not '{form_b}').",
    )
    REVIEW_NOT_READY = Template(
        "Phiếu '{record_id}' đang ở trạng thái '{status}': chỉ duyệt hoặc trả lại được phiếu đã hoàn thành.",
        "Record '{record_id}' is '{status}': only complete records can be approved or sent back.",
    )
    REVIEW_NO_COMMENT = Template(
        "Khi trả lại phiếu '{record_id}', hãy ghi nhận xét cho phiếu hoặc cho ít nhất một câu hỏi.",
        "When sending record '{record_id}' back, write a comment on the record or on at least one question.",
    )
    FILE_TOO_LARGE = Template(
        "Tệp '{file}' ({size}) lớn hơn giới hạn {limit} cho một tệp đính kèm câu hỏi '{path}'. Hãy chọn tệp "
        "nhỏ hơn (ví dụ ảnh chụp ở độ phân giải thấp hơn, hoặc thu nhỏ tệp) rồi đính kèm lại.",
        "The file '{file}' ({size}) is larger than the limit of {limit} for a file attached to question "
        "'{path}'. Choose a smaller file (e.g. a photo taken at a lower resolution, or the file made "
        "smaller) and attach it again.",
    )
    FILE_NOT_MEDIA = Template(
        "Câu hỏi '{path}' không phải câu hỏi đính kèm tệp (ảnh, âm thanh, video, tệp, chữ ký): không đính "
        "kèm được tệp '{file}' vào đó.",
        "Question '{path}' is not a question that takes a file (image, audio, video, file, signature): the "
        "file '{file}' cannot be attached to it.",
    )
    FILE_NOT_OSM = Template(
        "Tệp '{file}' không phải tệp bản đồ OpenStreetMap ({detail}) nên không đính kèm được vào câu hỏi "
        "'{path}'. Câu hỏi này nhận tệp .osm (XML có phần tử gốc <osm>) xuất từ JOSM hoặc OpenMapKit: hãy "
        "lưu lại vùng bản đồ thành tệp .osm rồi đính kèm tệp đó.",
        "The file '{file}' is not an OpenStreetMap file ({detail}), so it cannot be attached to question "
        "'{path}'. This question takes an .osm file (XML with an <osm> root element) exported by JOSM or "
        "OpenMapKit: save the map area as an .osm file and attach that file.",
    )


class RecordError(AppError):
    codes = RecordCode
