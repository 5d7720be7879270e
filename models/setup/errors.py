"""What can go wrong with the installation's setup (role, user, place)."""

from __future__ import annotations

from models.base.errors import AppError, Code, Template


class SetupCode(Code):
    """A setup that is not complete."""

    SETUP_INVALID = Template(
        "Thông tin cài đặt chưa đủ: {detail}",
        "The setup is not complete: {detail}",
    )


class SetupError(AppError):
    codes = SetupCode
