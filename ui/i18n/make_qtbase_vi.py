"""Write ``qtbase_vi.ts`` (Vietnamese for Qt's own strings) and compile it (run from the repository root):

    python ui/i18n/make_qtbase_vi.py
    pyside6-lrelease ui/i18n/qtbase_vi.ts -qm ui/i18n/qtbase_vi.qm

Qt ships no Vietnamese catalogue (there is no ``qtbase_vi.qm`` in PySide6's translations), so the
buttons of message boxes and button boxes, the text fields' context menu and Qt's own file dialog
stayed English in the Vietnamese interface. The source texts and their contexts are Qt's own (the
same as in the ``qtbase_*.qm`` Qt ships for other languages); ``ui/app.py`` installs the catalogue
when the interface is Vietnamese. ``tests/ui/test_qt_vietnamese.py`` checks it on real widgets.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

EDIT_MENU = {"&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép", "&Paste": "&Dán",
             "Delete": "Xóa", "Select All": "Chọn tất cả"}

#: context -> {source: translation}
VI: dict[str, dict[str, str]] = {
    # standard buttons of QMessageBox / QDialogButtonBox
    "QPlatformTheme": {
        "OK": "Đồng ý", "Save": "Lưu", "Save All": "Lưu tất cả", "Open": "Mở", "&Yes": "&Có",
        "Yes to &All": "Có với &tất cả", "&No": "&Không", "N&o to All": "K&hông với tất cả", "Abort": "Hủy bỏ",
        "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng", "Cancel": "Hủy", "Discard": "Bỏ thay đổi",
        "Help": "Trợ giúp", "Apply": "Áp dụng", "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
        "Don't Save": "Không lưu", "Close without Saving": "Đóng, không lưu",
    },
    "QGnomeTheme": {"&OK": "Đồn&g ý", "&Save": "&Lưu", "&Cancel": "&Hủy", "&Close": "Đón&g",
                    "Close without Saving": "Đóng, không lưu"},
    "QDialogButtonBox": {"OK": "Đồng ý"},
    "QMessageBox": {"Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…",
                    "About Qt": "Về Qt"},
    "QProgressDialog": {"Cancel": "Hủy"},
    "QInputDialog": {"Enter a value:": "Nhập giá trị:"},
    "QDialog": {"What's This?": "Đây là gì?"},
    "QWhatsThisAction": {"What's This?": "Đây là gì?"},
    "QErrorMessage": {"&OK": "Đồn&g ý", "&Show this message again": "&Hiện lại thông báo này",
                      "Warning:": "Cảnh báo:", "Information:": "Thông tin:", "Fatal Error:": "Lỗi nghiêm trọng:",
                      "Critical Error:": "Lỗi nghiêm trọng:", "Debug Message:": "Thông báo gỡ lỗi:"},
    # context menus of text fields
    "QLineEdit": dict(EDIT_MENU),
    "QWidgetTextControl": {**EDIT_MENU, "Copy &Link Location": "Sao chép địa chỉ &liên kết"},
    "QAbstractSpinBox": {"&Select All": "&Chọn tất cả", "&Step up": "&Tăng", "Step &down": "&Giảm"},
    "QUnicodeControlCharacterMenu": {"Insert Unicode control character": "Chèn ký tự điều khiển Unicode"},
    "QComboBox": {"Open the combo box selection popup": "Mở danh sách chọn", "True": "Đúng", "False": "Sai"},
    "QScrollBar": {"Scroll here": "Cuộn tới đây", "Left edge": "Cạnh trái", "Top": "Trên cùng",
                   "Right edge": "Cạnh phải", "Bottom": "Dưới cùng", "Page left": "Trang bên trái",
                   "Page up": "Trang trên", "Page right": "Trang bên phải", "Page down": "Trang dưới",
                   "Scroll left": "Cuộn sang trái", "Scroll up": "Cuộn lên", "Scroll right": "Cuộn sang phải",
                   "Scroll down": "Cuộn xuống"},
    "QTabBar": {"Scroll Left": "Cuộn sang trái", "Scroll Right": "Cuộn sang phải"},
    # Qt's own file dialog (Windows shows its native dialog in the system's language)
    "QFileDialog": {
        "&Look in:": "&Tìm trong:", "Files of &type:": "&Loại tệp:",  # Qt 6 (with their accelerators)
        "Look in:": "Tìm trong:", "File &name:": "&Tên tệp:", "Files of type:": "Loại tệp:", "&Open": "&Mở",
        "&Save": "&Lưu", "&Choose": "&Chọn", "Open": "Mở", "Save As": "Lưu thành", "Find Directory": "Chọn thư mục",
        "Directory:": "Thư mục:", "Directories": "Thư mục", "All Files (*)": "Mọi tệp (*)",
        "All files (*)": "Mọi tệp (*)", "Back": "Lùi", "Forward": "Tiến", "Parent Directory": "Thư mục cha",
        "Create New Folder": "Tạo thư mục mới", "Create a New Folder": "Tạo thư mục mới",
        "New Folder": "Thư mục mới", "&New Folder": "Thư mục &mới", "List View": "Dạng danh sách",
        "Detail View": "Dạng chi tiết", "&Rename": "Đổi &tên", "&Delete": "&Xóa", "Delete": "Xóa",
        "Remove": "Bỏ", "Show &hidden files": "Hiện tệp ẩ&n", "Show ": "Hiện ",
        "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nThay thế tệp này?",
        "Are you sure you want to delete '%1'?": "Chắc chắn xóa '%1'?",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
            "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục.",
        "'%1' is write protected.\nDo you want to delete it anyway?": "'%1' đang được chống ghi.\nVẫn xóa?",
        "Could not delete directory.": "Không xóa được thư mục.", "Recent Places": "Nơi đã mở gần đây",
        "My Computer": "Máy tính", "Go back": "Quay lại", "Go forward": "Đi tiếp",
        "Go to the parent directory": "Lên thư mục cha", "Change to list view mode": "Xem dạng danh sách",
        "Change to detail view mode": "Xem dạng chi tiết", "Sidebar": "Thanh bên",
        "List of places and bookmarks": "Các nơi và dấu trang", "Files": "Tệp", "Folder": "Thư mục",
        "File Folder": "Thư mục", "File": "Tệp", "%1 File": "Tệp %1", "Unknown": "Không rõ", "Drive": "Ổ đĩa",
        "Shortcut": "Lối tắt", "Alias": "Bí danh",
    },
    # the file list's "Type" column and the sidebar (Qt 6 names them here)
    "QAbstractFileIconProvider": {"Drive": "Ổ đĩa", "Folder": "Thư mục", "File": "Tệp", "%1 File": "Tệp %1",
                                  "Shortcut": "Lối tắt", "Alias": "Bí danh", "File Folder": "Thư mục",
                                  "Unknown": "Không rõ"},
    "QFileSystemModel": {
        "Name": "Tên", "Size": "Cỡ", "Type": "Loại", "Kind": "Loại", "Date Modified": "Ngày sửa",
        "My Computer": "Máy tính", "Computer": "Máy tính", "Invalid filename": "Tên tệp không hợp lệ",
        '<b>The name "%1" cannot be used.</b><p>Try using another name, with fewer characters or no punctuation '
        'marks.': '<b>Không dùng được tên "%1".</b><p>Hãy đặt tên khác, ngắn hơn hoặc không có dấu câu.',
    },
}


def write(path: Path = HERE / "qtbase_vi.ts") -> int:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", '<TS version="2.1" language="vi_VN">']
    n = 0
    for ctx, msgs in VI.items():
        lines.append("<context>")
        lines.append(f"    <name>{escape(ctx)}</name>")
        for src, tr in msgs.items():
            lines += ["    <message>", f"        <source>{escape(src)}</source>",
                      f"        <translation>{escape(tr)}</translation>", "    </message>"]
            n += 1
        lines.append("</context>")
    lines.append("</TS>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


if __name__ == "__main__":
    print(write(*(Path(a) for a in sys.argv[1:])), "messages")
