"""What can go wrong with the report's indicator definitions."""

from __future__ import annotations

from models.base.errors import AppError, Code, Template


class IndicatorCode(Code):
    """The indicator definitions (forms/indicators.toml or a file given)."""

    INDICATORS_INVALID = Template(
        "Tệp định nghĩa chỉ tiêu '{path}' có lỗi ở '{indicator}': {detail}. Hãy sửa tệp rồi thử lại.",
        "The indicator definitions '{path}' have a problem at '{indicator}': {detail}. Fix the file and try again.",
    )


class IndicatorError(AppError):
    codes = IndicatorCode
