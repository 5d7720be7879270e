"""Shared PDF pieces: the embedded fonts, paragraph styles, the report wording in both languages.

Fonts: DejaVu Sans (regular, bold) and DejaVu Sans Condensed ship in ``exports/fonts`` with their
licence (``LICENSE-DejaVu.txt``); they cover Vietnamese fully and are embedded (subset) in every
PDF. System fonts are never used.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC
from pathlib import Path
from xml.sax.saxutils import escape

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SANS, SANS_BOLD, COND, COND_BOLD = "KSSans", "KSSans-Bold", "KSSansCond", "KSSansCond-Bold"
_LOCK = threading.Lock()
_DONE = False


def register_fonts() -> None:
    """Register the bundled TTFs with reportlab once per process."""
    global _DONE
    with _LOCK:
        if _DONE:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file in ((SANS, "DejaVuSans.ttf"), (SANS_BOLD, "DejaVuSans-Bold.ttf"),
                           (COND, "DejaVuSansCondensed.ttf"), (COND_BOLD, "DejaVuSansCondensed-Bold.ttf")):
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
        addMapping(COND, 0, 0, COND)
        addMapping(COND, 1, 0, COND_BOLD)
        addMapping(COND, 0, 1, COND)
        addMapping(COND, 1, 1, COND_BOLD)
        _DONE = True


_STYLES = None


def styles():
    """Paragraph styles (built once)."""
    global _STYLES
    if _STYLES is not None:
        return _STYLES
    register_fonts()
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=SANS, fontSize=9, leading=11.5)
    st = {
        "base": base,
        "title": ParagraphStyle("title", base, fontName=SANS_BOLD, fontSize=14, leading=18, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=9.5, leading=12, textColor=colors.HexColor("#333333")),
        "h1": ParagraphStyle("h1", base, fontName=SANS_BOLD, fontSize=11.5, leading=14, spaceBefore=8,
                             spaceAfter=4, textColor=colors.HexColor("#12355b")),
        "h2": ParagraphStyle("h2", base, fontName=SANS_BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2),
        "q": ParagraphStyle("q", base, fontSize=9, leading=11.5, spaceBefore=3),
        "qnum": ParagraphStyle("qnum", base, fontName=SANS_BOLD, fontSize=9, leading=11.5),
        "choice": ParagraphStyle("choice", base, fontSize=8.5, leading=10.5, leftIndent=14),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")),
        "note": ParagraphStyle("note", base, fontSize=8, leading=10, textColor=colors.HexColor("#555555"),
                               leftIndent=14),
        "cell": ParagraphStyle("cell", base, fontName=COND, fontSize=7.8, leading=9.4),
        "cellb": ParagraphStyle("cellb", base, fontName=COND_BOLD, fontSize=7.8, leading=9.4),
        "cellr": ParagraphStyle("cellr", base, fontName=COND, fontSize=7.8, leading=9.4, alignment=2),
        "answer": ParagraphStyle("answer", base, fontName=SANS_BOLD, fontSize=9, leading=11.5,
                                 textColor=colors.HexColor("#0b3d91")),
    }
    _STYLES = st
    return st


def esc(text) -> str:
    """Text for a Paragraph (reportlab reads a small XML)."""
    return escape(str(text if text is not None else ""))


#: report wording: key -> (Vietnamese, English)
TEXT = {
    "blank_sub": ("Phiếu giấy dùng khi không có máy tính. Đánh dấu ☒ vào ô phù hợp; ghi số/chữ vào chỗ trống.",
                  "Paper form for when a laptop is not available. Tick ☒ the boxes; write numbers/text in the blanks."),
    "form": ("Biểu mẫu", "Form"),
    "version": ("phiên bản", "version"),
    "go_to": ("→ chuyển đến {}", "→ go to {}"),
    "end_interview": ("→ kết thúc phỏng vấn", "→ end the interview"),
    "ask_if": ("Chỉ hỏi khi: {}", "Ask only if: {}"),
    "select_all": ("(chọn tất cả các phương án phù hợp)", "(tick all that apply)"),
    "write_in": ("Ghi tên và mã: ", "Write the name and code: "),
    "repeat_intro": ("Hỏi lần lượt cho từng {} và ghi vào bảng bên dưới (mỗi cột một người).",
                     "Ask for each {} in turn and fill in the grid below (one column each)."),
    "roster": ("Bảng ghi", "Grid"),
    "roster_more": ("Nếu có hơn {} người: ghi tiếp từ người thứ {} vào bảng ghi tiếp ở cuối phiếu (sao thêm nếu cần).",
                    "More than {} people: continue from person {} on the continuation grid at the end (copy it as "
                    "needed)."),
    "roster_cont": ("Bảng ghi tiếp — {}", "Continuation grid — {}"),
    "roster_cont_note": ("Ghi tiếp các cột theo thứ tự; sao thêm trang này nếu cần và đánh số lại cột.",
                         "Continue the columns in order; copy this page as needed and renumber the columns."),
    "record": ("Phiếu", "Record"),
    "checksum": ("mã kiểm tra", "checksum"),
    "page": ("Trang {}", "Page {}"),
    "status": ("Trạng thái", "Status"),
    "commune": ("Xã/phường", "Commune"),
    "village": ("Thôn", "Village"),
    "enumerator": ("Điều tra viên", "Enumerator"),
    "respondent": ("Người trả lời", "Respondent"),
    "sign_hint": ("(ký, ghi rõ họ tên)", "(signature and full name)"),
    "date": ("Ngày", "Date"),
    "created": ("Tạo lúc", "Created"),
    "modified": ("Sửa lần cuối", "Last modified"),
    "erased": ("Dữ liệu cá nhân", "Personal data"),
    "erased_text": ("đã xoá lúc {at} {tz} bởi {user} (câu {fields}). Lý do: {reason}",
                    "erased on {at} {tz} by {user} (questions {fields}). Reason: {reason}"),
    "member": ("Dòng {}", "Line {}"),
    "no_answers": ("(không có câu trả lời)", "(no answers)"),
    "commune_report": ("Báo cáo kết quả khảo sát chuyển đổi số cấp xã", "Commune digital adoption survey report"),
    "province_report": ("Báo cáo tổng hợp cấp tỉnh", "Province summary report"),
    "province": ("Tỉnh/thành phố", "Province"),
    "period": ("Thời gian thu thập", "Data collected"),
    "counted": ("Phiếu được tính", "Records counted"),
    "counted_note": ("Chỉ tính phiếu có trạng thái: {}. Phiếu nháp và phiếu trả lại chỉ có trong phần chất "
                     "lượng số liệu.", "Only records with status {} are counted. Drafts and returned records "
                     "appear in the data-quality section only."),
    "generated": ("Lập lúc", "Generated"),
    "vn_time": ("(giờ Việt Nam)", "(Vietnam time)"),
    "index": ("Chỉ số", "Index"),
    "pillar": ("Trụ cột", "Pillar"),
    "score": ("Điểm (0–100)", "Score (0–100)"),
    "weight": ("Trọng số", "Weight"),
    "indicators_used": ("Chỉ tiêu dùng", "Indicators used"),
    "dropped": ("Không đủ số liệu, bỏ ra: {}", "Not enough data, left out: {}"),
    "partial": ("Chỉ số tính trên các chỉ tiêu/trụ cột có đủ số liệu (trọng số được chia lại).",
                "The index uses the indicators/pillars with enough data (weights re-scaled)."),
    "code": ("Mã", "Code"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "value": ("Giá trị", "Value"),
    "numerator": ("Tử số", "Numerator"),
    "denominator": ("Mẫu số", "Denominator"),
    "n": ("Số phiếu", "Records"),
    "target": ("Mục tiêu", "Target"),
    "suppressed": ("ít mẫu", "too few"),
    "suppressed_note": ("“ít mẫu”: mẫu số dưới ngưỡng tối thiểu nên không công bố giá trị.",
                        "“too few”: the denominator is below the minimum, so no value is published."),
    "charts": ("Tỷ lệ ứng dụng và mục tiêu Quyết định 411", "Adoption rates and the Decision 411 targets"),
    "chart_legend": ("Thanh: giá trị của xã (%). Vạch đỏ: mục tiêu.",
                     "Bars: the commune's value (%). Red mark: target."),
    "quality": ("Chất lượng số liệu", "Data quality"),
    "all_records": ("Tổng số phiếu (chưa xóa)", "Records (not deleted)"),
    "drafts": ("Phiếu nháp", "Drafts"),
    "returned": ("Phiếu bị trả lại", "Returned"),
    "complete": ("Hoàn thành (chờ duyệt)", "Complete (awaiting approval)"),
    "approved": ("Đã duyệt", "Approved"),
    "open_issues": ("Vấn đề còn mở (trên {} phiếu)", "Open issues (in {} records)"),
    "conflicts": ("Xung đột chưa giải quyết", "Unresolved conflicts"),
    "deleted": ("Phiếu đã xóa", "Deleted records"),
    "ranking": ("Xếp hạng các xã theo chỉ số", "Communes ranked by the index"),
    "rank": ("Hạng", "Rank"),
    "total": ("Toàn tỉnh", "Province total"),
    "by_commune": ("Chỉ tiêu theo xã", "Indicators by commune"),
    "total_note": ("Dòng “Toàn tỉnh” tính từ toàn bộ phiếu của các xã gộp lại (có trọng số hộ), không phải trung "
                   "bình điểm các xã, nên có thể thấp hơn hoặc cao hơn mọi xã.",
                   "The “Province total” row is computed from all the communes' records pooled (with household "
                   "weights), not as the mean of the communes' scores, so it can be below or above every commune."),
    "total_extra": ("Toàn tỉnh còn dùng chỉ tiêu mà một số xã bỏ ra vì ít mẫu: {}.",
                    "The province total also uses indicators that some communes left out for too few records: {}."),
    "no_data": ("Chưa có phiếu nào được tính (hoàn thành hoặc đã duyệt).",
                "No record is counted yet (complete or approved)."),
    "weights_note": ("Trọng số hộ: w = số hộ của xã ÷ số hộ được phỏng vấn (khi có cài đặt số hộ), nếu không w = 1.",
                     "Household weight: w = households in the commune ÷ households interviewed (when set), else 1."),
    "pp": ("điểm %", "pp"),
}


def tr(key: str, lang: str) -> str:
    vi, en = TEXT[key]
    return en if lang == "en" else vi


STATUS_TEXT = {"draft": ("Nháp", "Draft"), "complete": ("Hoàn thành", "Complete"),
               "returned": ("Trả lại", "Returned"), "approved": ("Đã duyệt", "Approved")}


def status_text(status: str, lang: str) -> str:
    pair = STATUS_TEXT.get(status)
    return (pair[1] if lang == "en" else pair[0]) if pair else status


def fmt_number(x: float | None, digits: int = 1, lang: str = "vi") -> str:
    """Numbers in the reader's convention: 1.234,5 in Vietnamese, 1,234.5 in English."""
    if x is None:
        return "—"
    text = f"{x:,.{digits}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


#: Vietnam's time (UTC+7 all year, no daylight saving): the application stores times in UTC and a
#: printed document shows them as the people who read it live them, whatever the computer's setting
VN_TZ_OFFSET_HOURS = 7


def fmt_date(value: str | None) -> str:
    """``"2025-08-01"`` (or the date part of an ISO time) → ``"01/08/2025"``, the survey's
    convention in both languages; other text unchanged, '' for nothing."""
    from models.base.formats import date_text

    return date_text(value)


def local_time(value: str | None):
    """An ISO time (UTC ``…Z`` as stored, or with its own offset) as an aware datetime in Vietnam's
    time; None when it is not a time. A time without a zone is taken as UTC (the store's)."""
    from datetime import datetime, timedelta, timezone

    text = (value or "").strip()
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(timezone(timedelta(hours=VN_TZ_OFFSET_HOURS)))


def fmt_datetime(value: str | None) -> str:
    """A stored ISO time → ``"dd/MM/yyyy HH:mm"`` in Vietnam's time; other text unchanged."""
    dt = local_time(value)
    return dt.strftime("%d/%m/%Y %H:%M") if dt is not None else (value or "")


def fmt_answer_number(value: str, lang: str = "vi") -> str:
    """A canonical answer (``"14510"``, ``"12970.5"``, ``"-3"``) in the reader's convention:
    ``14.510`` / ``12.970,5`` in Vietnamese, ``14,510`` / ``12,970.5`` in English, grouped as the
    entry screen does (``ui/fmt.format_number``: four-digit whole numbers such as years stay as they
    are); a whole number stored as ``"14510.0"`` prints without its ``,0``. Anything else is returned
    unchanged."""
    import re

    from models.base.formats import number_text

    v = (value or "").strip()
    if re.fullmatch(r"-?\d+\.\d+", v):
        return number_text(v.rstrip("0").rstrip("."), lang)  # "14510.0" -> "14510", "12.50" -> "12.5"
    return number_text(value, lang)


def write_atomic(out, write) -> int:
    """Make the PDF ``out`` through ``write(part_path) -> pages`` into ``out + ".part"``, then put it in
    place in one step: a failed or cancelled build leaves no half file and keeps an older ``out``. An
    OSError (a folder chosen as the name, a full or read-only disk) names ``out``."""
    import os

    from models.base.errors import os_error

    part = str(out) + ".part"
    try:
        pages = write(part)
        os.replace(part, out)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(part)
        if isinstance(err, OSError):
            raise os_error(err, str(out)) from None
        raise
    return pages
