"""Fill English translations into ui_en.ts after ``pyside6-lupdate`` (run from the repository root):

    pyside6-lupdate -no-obsolete ui/*.py ui/entry/*.py -ts ui/i18n/ui_en.ts
    python ui/i18n/fill_en.py
    pyside6-lrelease ui/i18n/ui_en.ts -qm ui/i18n/ui_en.qm

Translators may equally edit ui_en.ts in Qt Linguist; this table only keeps the catalogue complete
when strings are added in the code. Strings missing here are reported and left unfinished.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

EN = {
    "Trang này hiện không mở được; chi tiết đã ghi vào nhật ký.":
        "This page cannot be opened at the moment; the details were written to the log.",
    "Đồng ý (OK)": "Agree (OK)", "ngày/tháng/năm": "day/month/year", "Kiểm tra trùng": "Check duplicates",
    "cùng mã số thuế": "same tax code", "cùng số điện thoại": "same phone number",
    "cùng số định danh": "same ID number", "cùng tên và thôn": "same name and village",
    "Không thấy phiếu nào có vẻ trùng với phiếu này.": "No record looks like a duplicate of this one.",
    "{0} phiếu có thể trùng (nhấn đúp để mở):": "{0} possible duplicates (double-click to open):",
    "Ngôn ngữ phiếu:": "Questionnaire language:", "◀ Trang trước": "◀ Previous page",
    "Trang sau ▶": "Next page ▶", "Danh sách vấn đề": "Issue list", "Kiểm tra và hoàn thành": "Check and complete",
    "Nháp": "Draft", "Hoàn thành": "Complete", "Bị trả lại": "Returned", "Đã duyệt": "Approved",
    "không áp dụng": "not applicable", "xong": "done", "{0} vấn đề": "{0} issues", "Đã lưu lúc {0}": "Saved at {0}",
    "Giảm xuống {0} sẽ bỏ {1} dòng đã có câu trả lời: {2}.\n\nCác câu trả lời được giữ lại trong nhật ký và sẽ "
    "trở lại nếu tăng số này lên. Tiếp tục?":
        "Lowering it to {0} drops {1} lines that have answers: {2}.\n\nThe answers are kept in the audit trail "
        "and come back if the number goes up again. Continue?",
    "Bỏ bớt thành viên?": "Drop members?", "Xóa thành viên?": "Remove member?",
    "Xóa dòng {0} {1}? Các dòng sau sẽ lùi lên một số. Câu trả lời vẫn còn trong nhật ký.":
        "Remove line {0} {1}? The following lines move up by one. The answers stay in the audit trail.",
    "Phiếu đã hoàn thành và được lưu.": "The record is complete and saved.",
    "Phiếu đã kiểm tra xong, không còn vấn đề.": "The record was checked: no open issues.",
    "Chưa trả lời": "Not answered", "Không hợp lệ": "Not valid", "Cần xác nhận": "Needs confirmation",
    "Dòng {0}: ": "Line {0}: ", "{0} vấn đề cần xử lý": "{0} issues to resolve",
    "Không còn vấn đề nào": "No issues left", "Khảo sát số": "Khảo sát số (digital survey)", "&Tệp": "&File",
    "Phiếu mới": "New record", "Sao lưu ngay": "Back up now", "Thoát": "Quit", "&Ngôn ngữ": "&Language",
    "Điều tra viên": "Enumerator", "Cán bộ xã": "Commune clerk", "Cấp tỉnh": "Province", "Khôi phục": "Restore",
    "Đã khôi phục. Dữ liệu trước đó được giữ ở:\n{0}": "Restored. The previous data are kept in:\n{0}",
    "Lý do xác nhận giá trị này là đúng (Enter để lưu)": "Why this value is right (Enter to save)",
    "Đã xác nhận: {0}": "Confirmed: {0}", "Biểu mẫu": "Form", "Người trả lời / đơn vị": "Respondent / unit",
    "Thôn/tổ": "Village", "Trạng thái": "Status", "Vấn đề": "Issues", "Sửa lần cuối": "Last change",
    "(chưa có tên)": "(no name yet)", "Tìm theo tên, mã số thuế, số điện thoại…": "Search names, tax codes, phones…",
    "Thùng rác": "Recycle bin", "+ Phiếu mới": "+ New record", "Mở": "Open", "Đánh dấu hoàn thành": "Mark complete",
    "Xóa": "Delete", "Mọi biểu mẫu": "All forms", "Mọi trạng thái": "All statuses", "Mọi thôn/tổ": "All villages",
    "Mọi điều tra viên": "All enumerators", "{0} phiếu (tổng {1})": "{0} records (of {1})",
    "Chưa có biểu mẫu": "No form yet", "Hãy thêm một biểu mẫu trong Cài đặt → Biểu mẫu.":
        "Add a form in Settings → Forms.", "Chọn biểu mẫu:": "Choose the form:", "Chưa hoàn thành": "Not complete",
    "Mở phiếu để xem các vấn đề?": "Open the record to see the issues?", "Xóa phiếu?": "Delete record?",
    "Chuyển phiếu '{0}' vào thùng rác? Có thể khôi phục lại bất cứ lúc nào.":
        "Move record '{0}' to the recycle bin? It can be restored at any time.",
    "+ Thêm thành viên": "+ Add member", "Xóa thành viên đang chọn": "Remove the selected member",
    "Số dòng theo câu: {0}": "Number of lines set by: {0}", "Dòng": "Line", "Dòng {0}: {1}": "Line {0}: {1}",
    "Dòng {0}": "Line {0}", "Gõ để tìm…": "Type to search…",
    "Mã thiết bị (tạo một lần, không đổi): {0}": "Device id (made once, never changes): {0}",
    "Lưu cài đặt": "Save settings", "Thông tin cài đặt": "Setup", "Mã": "Id", "Các phiên bản": "Versions",
    "Số phiếu": "Records", "Thêm biểu mẫu từ tệp XLSForm…": "Add a form from an XLSForm file…",
    "Phiên bản mới của một biểu mẫu dùng cho phiếu mới; phiếu cũ giữ phiên bản đã nhập.":
        "A newer version of a form serves new records; older records keep the version they were entered with.",
    "Chọn thư mục sao lưu…": "Choose backup folder…", "Khôi phục từ bản sao lưu…": "Restore from a backup…",
    "Ứng dụng tự sao lưu ít nhất mỗi ngày một lần và trước mỗi lần nhập dữ liệu, vào thư mục đã chọn (nên là "
    "USB). Bản sao được kiểm tra toàn vẹn sau khi tạo.":
        "The application backs up at least once a day and before every data import, into the chosen folder "
        "(preferably a USB stick). Each copy is checked for integrity after it is made.",
    "Sao lưu": "Backup", "Thư mục sao lưu: {0}": "Backup folder: {0}",
    "Chưa chọn thư mục sao lưu.": "No backup folder chosen.", "Lần sao lưu gần nhất: {0}": "Last backup: {0}",
    "Chưa sao lưu lần nào.": "No backup yet.", "Cài đặt": "Settings", "Đã lưu cài đặt.": "Settings saved.",
    "Chọn tệp XLSForm": "Choose an XLSForm file", "XLSForm (*.xlsx *.xls *.md *.csv)": "XLSForm (*.xlsx *.xls *.md *.csv)",
    "Biểu mẫu có lỗi": "The form has errors",
    "Không thêm được '{0}'. Hãy sửa các lỗi sau rồi thử lại:": "'{0}' was not added. Fix these problems and try again:",
    "Đã thêm biểu mẫu '{0}' phiên bản {1}.": "Added form '{0}' version {1}.",
    "Phiếu mới sẽ dùng phiên bản này; phiếu cũ giữ phiên bản cũ.":
        "New records use this version; older records keep theirs.",
    "Biểu mẫu '{0}' phiên bản {1} đã có sẵn.": "Form '{0}' version {1} is already there.",
    "Chọn thư mục sao lưu (ví dụ USB)": "Choose the backup folder (e.g. a USB stick)",
    "Đã sao lưu {0} phiếu vào:\n{1}": "Backed up {0} records to:\n{1}", "Chọn bản sao lưu": "Choose a backup",
    "Bản sao lưu (*.db);;Mọi tệp (*)": "Backups (*.db);;All files (*)", "Khôi phục?": "Restore?",
    "Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu này ({0} phiếu)? Dữ liệu hiện tại được giữ thành một bản an "
    "toàn bên cạnh cơ sở dữ liệu.":
        "Replace all current data with this backup ({0} records)? The current data are kept as a safety copy "
        "next to the database.",
    "Khảo sát số — Cài đặt lần đầu": "Khảo sát số — First-time setup",
    "Chào mừng! Hãy cho biết ai dùng máy này và ở đâu. Có thể đổi sau trong Cài đặt.":
        "Welcome! Tell us who uses this computer and where. You can change it later in Settings.",
    "Mã thiết bị: {0}": "Device id: {0}", "Bắt đầu": "Start", "Cấp tỉnh (Sở)": "Province (department)",
    "Ví dụ: Nguyễn Thị Lan": "E.g. Nguyễn Thị Lan", "Ví dụ: DTV01": "E.g. DTV01", "Vai trò": "Role",
    "Họ và tên": "Full name", "Mã người dùng": "User code", "Tỉnh/thành phố": "Province",
    "Xã/phường/đặc khu": "Commune/ward", "Ngôn ngữ giao diện": "Interface language", "Đang xử lý…": "Working…",
    "Hủy": "Cancel", "Lỗi": "Error",
    # page titles (context "pages", see ui/pages.py)
    "Các biểu mẫu": "Forms", "hơn {0} phiếu (tổng {1})": "more than {0} records (of {1})",
    "Phiếu khảo sát": "Records", "Hợp nhất": "Consolidation", "Báo cáo": "Reports", "Đồng bộ": "Sync",
}
PAGE_TITLES = ["Phiếu khảo sát", "Hợp nhất", "Báo cáo", "Đồng bộ", "Cài đặt"]


def main(path: str = "ui/i18n/ui_en.ts") -> int:
    tree = etree.parse(path)
    root = tree.getroot()
    missing = []
    ctx = next((c for c in root.iter("context") if c.findtext("name") == "pages"), None)
    if ctx is None:
        ctx = etree.SubElement(root, "context")
        etree.SubElement(ctx, "name").text = "pages"
    have = {m.findtext("source") for m in ctx.iter("message")}
    for t in PAGE_TITLES:
        if t not in have:
            m = etree.SubElement(ctx, "message")
            etree.SubElement(m, "source").text = t
            etree.SubElement(m, "translation")
    for m in root.iter("message"):
        src = m.findtext("source")
        tr = m.find("translation")
        if src in EN:
            tr.text = EN[src]
            tr.attrib.pop("type", None)
        elif not (tr.text or "").strip():
            missing.append(src)
    tree.write(path, encoding="utf-8", xml_declaration=True, pretty_print=True)
    for s in missing:
        print("missing:", s, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
