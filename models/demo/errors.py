"""What can go wrong when making demo data."""

from __future__ import annotations

from models.base.errors import AppError, Code, Template


class DemoCode(Code):
    """Demo data: the commune, the numbers asked for, the database chosen."""

    DEMO_BAD_COMMUNE = Template(
        "Không có xã/phường mã '{commune}' trong danh mục đơn vị hành chính từ 01/07/2025. Hãy dùng mã 5 chữ "
        "số, ví dụ 09025 (Xã Yên Lạc, Phú Thọ) hoặc 18073 (Phường Thành Sen, Hà Tĩnh).",
        "There is no commune with code '{commune}' in the administrative units in force from 1 July 2025. Use a "
        "5-digit code, e.g. 09025 (Yen Lac Commune, Phu Tho) or 18073 (Thanh Sen Ward, Ha Tinh).",
    )
    DEMO_BAD_COUNT = Template(
        "Số phiếu cần tạo không hợp lệ ({detail}): hãy nhập số nguyên từ 0 trở lên.",
        "The number of records to make is not valid ({detail}): enter whole numbers from 0 up.",
    )
    DEMO_REAL_DB = Template(
        "Cơ sở dữ liệu '{path}' đã có {count} phiếu thật nên không thêm dữ liệu mẫu vào đó. Hãy chọn một tệp "
        "khác (ví dụ demo.db).",
        "The database '{path}' already holds {count} real records, so no demo data is added to it. Choose "
        "another file (e.g. demo.db).",
    )


class DemoError(AppError):
    codes = DemoCode
