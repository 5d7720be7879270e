"""The recovery-code sheet: one A4 page the commune prints and keeps (``ui/lock.py``).

It holds the database's recovery code (``models/store/cipher.py``: the data key, 14 groups of four),
which database it opens, when it was made, and what to do with the sheet — in Vietnamese and English.
Written to a ``.part`` file and renamed, so an interrupted write leaves no half sheet.
"""

from __future__ import annotations

import os
from datetime import datetime

from exports.pdfbase import SANS, SANS_BOLD, register_fonts


def write_recovery_sheet(path: str, code: str, db_path: str, *, lang: str = "vi") -> str:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    register_fonts()
    part = path + ".part"
    c = canvas.Canvas(part, pagesize=A4)
    c.setTitle("Mã khôi phục / Recovery code")
    w, h = A4
    y = h - 25 * mm
    c.setFont(SANS_BOLD, 18)
    c.drawString(20 * mm, y, "Khảo sát số — Mã khôi phục dữ liệu")
    y -= 8 * mm
    c.setFont(SANS, 12)
    c.drawString(20 * mm, y, "Khảo sát số — Data recovery code")
    y -= 14 * mm
    c.setFont(SANS, 10)
    from reportlab.lib.utils import simpleSplit

    for text in (f"Cơ sở dữ liệu / Database: {db_path}",
                 f"Ngày lập / Made on: {datetime.now().strftime('%d/%m/%Y %H:%M')}"):
        for line in simpleSplit(text, SANS, 10, w - 40 * mm):
            c.drawString(20 * mm, y, line)
            y -= 6 * mm
    y -= 8 * mm
    groups = code.split("-")
    c.setFont(SANS_BOLD, 20)
    for row in range(0, len(groups), 5):
        c.drawString(25 * mm, y, "  ".join(groups[row:row + 5]))
        y -= 11 * mm
    y -= 6 * mm
    c.setFont(SANS, 10)
    notes_vi = [
        "Khi quên mã PIN, mã này mở được cơ sở dữ liệu và mọi bản sao lưu của nó.",
        "Cất tờ này ở nơi an toàn của xã (tủ có khoá), KHÔNG để cùng máy tính hay USB sao lưu.",
        "Ai có tờ này và tệp dữ liệu thì đọc được dữ liệu: không chụp ảnh, không gửi qua Zalo hay e-mail.",
    ]
    notes_en = [
        "If the PIN is forgotten, this code opens the database and every backup of it.",
        "Keep this sheet somewhere safe at the commune (a locked cabinet), NOT with the laptop or backup stick.",
        "Whoever holds this sheet and the data file can read the data: do not photograph it or send it by Zalo "
        "or e-mail.",
    ]
    for text in (notes_vi if lang == "vi" else notes_en) + [""] + (notes_en if lang == "vi" else notes_vi):
        for line in simpleSplit(text, SANS, 10, w - 40 * mm) or [""]:
            c.drawString(20 * mm, y, line)
            y -= 6 * mm
    c.showPage()
    c.save()
    os.replace(part, path)
    return path
