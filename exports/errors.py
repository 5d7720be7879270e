"""What can go wrong with an export, a report or a printed questionnaire."""

from __future__ import annotations

from models.base.errors import AppError, Code, Template


class ExportCode(Code):
    """Exports, reports and printed questionnaires."""

    EXPORT_NOTHING = Template(
        "Không có phiếu nào khớp điều kiện lọc ({filters}). Hãy nới điều kiện lọc (biểu mẫu, trạng thái, "
        "xã, khoảng ngày).",
        "No record matches the filters ({filters}). Widen the filters (form, status, commune, date range).",
    )
    EXPORT_BAD_DATE = Template(
        "Ngày '{value}' không hợp lệ. Hãy nhập theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-03-31.",
        "The date '{value}' is not valid. Use YEAR-MONTH-DAY, e.g. 2025-03-31.",
    )
    EXPORT_BAD_FORMAT = Template(
        "Định dạng '{fmt}' không được hỗ trợ. Hãy chọn một trong: {choices}.",
        "The format '{fmt}' is not supported. Choose one of: {choices}.",
    )
    EXPORT_OUT_EXISTS = Template(
        "'{path}' đã có và không phải thư mục. Hãy chọn tên khác hoặc một thư mục.",
        "'{path}' exists and is not a folder. Choose another name or a folder.",
    )
    PRINT_NOTHING = Template(
        "Không có phiếu nào để in ({detail}). Hãy kiểm tra mã phiếu hoặc chọn --all.",
        "There is no record to print ({detail}). Check the record ids or use --all.",
    )


class ExportError(AppError):
    codes = ExportCode
