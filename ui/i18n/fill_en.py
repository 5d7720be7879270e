"""The English of our strings, filled into ui/i18n/khaosat_en.ts when the code adds strings.

Run through ``python ui/i18n/update_catalogue.py`` (lupdate over ui/, this fill, lrelease: see README.md);
by hand, ``python ui/i18n/fill_en.py ui/i18n/khaosat_en.ts`` fills a catalogue lupdate has just updated.

Translators may equally edit khaosat_en.ts in Qt Linguist; this table only keeps the catalogue complete
when strings are added in the code. A string found here replaces the catalogue's translation of that
source text in every context; strings missing here keep the translation they have, and those without
one are reported and left unfinished.
"""

from __future__ import annotations

import sys

from lxml import etree

EN = {
    # erasing a respondent's personal data (ui/erase_dialog.py, ui/records_page.py, ui/entry/window.py)
    "Xoá dữ liệu cá nhân…": "Erase personal data…",
    "Xoá dữ liệu cá nhân": "Erase personal data",
    "Xoá họ tên, CCCD, số điện thoại… của người trả lời (theo cột 'pii' của biểu mẫu) khỏi phiếu, ở máy này và mọi "
    "máy nhận gói sau này":
        "Erase the respondent's name, ID card number, phone number… (the form's 'pii' column) from the record, on "
        "this computer and on every computer that receives a package from now on",
    "Xoá dữ liệu cá nhân của phiếu '{0}' theo yêu cầu của người trả lời. Các câu trả lời dưới đây bị xoá khỏi phiếu, "
    "mọi bản cũ và nhật ký thay đổi, ở máy này và ở mọi máy nhận gói sau này; không thể hoàn tác. Các câu khác được "
    "giữ, phiếu vẫn được tính trong báo cáo.":
        "Erase the personal data of record '{0}' at the respondent's request. The answers below are removed from "
        "the record, every earlier version and the audit trail, on this computer and on every computer that "
        "receives a package from now on; this cannot be undone. The other answers are kept, and the record still "
        "counts in reports.",
    "&Lý do (ghi vào nhật ký, ví dụ: đơn yêu cầu ngày…):": "&Reason (kept in the audit trail, e.g. request of…):",
    "Đang xoá dữ liệu cá nhân…": "Erasing personal data…",
    "xoá dữ liệu cá nhân": "erasing personal data",
    "(đã xoá dữ liệu cá nhân)": "(personal data erased)",
    "Dữ liệu cá nhân của phiếu này đã được xoá lúc {0} bởi {1} ({2}). Lý do: {3}":
        "The personal data of this record was erased on {0} by {1} ({2}). Reason: {3}",
    # people on a shared laptop (ui/settings_page.py)
    "Người dùng": "Users", "Thêm người dùng…": "Add a user…", "Thêm người dùng": "Add a user", "Thêm": "Add",
    "Mã PIN riêng (ít nhất {0} ký tự)": "Own PIN (at least {0} characters)",
    "Nhập họ tên (ít nhất 2 ký tự).": "Enter the name (at least 2 characters).",
    "thêm người dùng": "adding a user",
    "Mỗi người dùng chung máy có mã PIN riêng: mã PIN mở ứng dụng cho biết ai đang làm, và nhật ký thay đổi, quyết "
    "định duyệt phiếu, gói dữ liệu ghi tên người đó. Mã PIN chọn lúc cài đặt vẫn là mã của máy (người trong "
    "\"Thông tin cài đặt\").":
        "Each person sharing this computer has a PIN of their own: the PIN that opens the application tells who is "
        "working, and the audit trail, review decisions and data packages name that person. The PIN chosen at setup "
        "stays the computer's own (the person in \"Setup\").",
    "Cơ sở dữ liệu này chưa được mã hoá bằng mã PIN nên chưa thêm được người dùng.":
        "This database is not encrypted with a PIN yet, so no users can be added.",
    # new records from outside this unit's area, held for a person (ui/held_dialog.py, ui/consolidation.py)
    "Phiếu ngoài địa bàn…": "Records outside the area…",
    "Phiếu ngoài địa bàn (%1)…": "Records outside the area (%1)…",
    "Phiếu mới thuộc xã ngoài địa bàn của máy này: đang được giữ, chưa vào cơ sở dữ liệu, chờ nhận hoặc từ chối":
        "New records of communes outside this unit's area: held, not in the database, waiting to be accepted "
        "or refused",
    "Phiếu ngoài địa bàn đang được giữ": "Records from outside the area, held",
    "Các phiếu mới dưới đây thuộc xã ngoài địa bàn của máy này nên chưa được đưa vào cơ sở dữ liệu. "
    "Hãy hỏi người gửi rồi chọn phiếu và bấm “Nhận vào cơ sở dữ liệu” hoặc “Từ chối”.":
        "The new records below belong to communes outside this unit's area, so they are not in the database "
        "yet. Ask the sender, then select records and press “Accept into the database” or “Refuse”.",
    "Lý do": "Why", "Gói gửi đến": "Brought by", "Nhận lúc": "Received", "Xã": "Commune",
    "Nhận vào cơ sở dữ liệu": "Accept into the database", "Từ chối": "Refuse",
    "Không còn phiếu nào đang được giữ.": "No record is held any more.",
    "Từ chối phiếu": "Refuse records",
    "Từ chối %n phiếu? Các phiếu này sẽ không được đưa vào cơ sở dữ liệu (nếu gói khác gửi lại, "
    "chúng lại được giữ để hỏi).": ("Refuse %n record? It will not enter the database (if another package brings "
                                   "it again, it is held again for a decision).",
                                   "Refuse %n records? They will not enter the database (if another package "
                                   "brings them again, they are held again for a decision)."),
    "Đã nhận %n phiếu vào cơ sở dữ liệu.": ("Accepted %n record into the database.",
                                            "Accepted %n records into the database."),
    "Đã từ chối %n phiếu.": ("Refused %n record.", "Refused %n records."),
    "Đang xử lý phiếu đang được giữ…": "Deciding the held records…",
    "nhận hoặc từ chối phiếu ngoài địa bàn": "accept or refuse records from outside the area",
    "⚠ %n phiếu mới thuộc xã ngoài địa bàn của máy này đang được giữ, chưa vào cơ sở "
    "dữ liệu: bấm “Phiếu ngoài địa bàn…” để nhận hoặc từ chối.": (
        "⚠ %n new record of a commune outside this unit's area is held, not in the database: press “Records "
        "outside the area…” to accept or refuse it.",
        "⚠ %n new records of communes outside this unit's area are held, not in the database: press “Records "
        "outside the area…” to accept or refuse them."),
    "   … và %n phiếu khác": ("   … and %n more record", "   … and %n more records"),
    # damage met while working: the newest good backup offered on the spot (ui/recovery.py)
    "Bản sao lưu tốt gần nhất: %1 (lúc %2, số phiếu: %3). Khôi phục bản này ngay? Tệp hỏng "
    "được giữ lại bên cạnh để có thể gửi đi kiểm tra.": "The newest good backup: %1 (made %2, records: %3). "
    "Restore it now? The damaged file is kept beside it, so that it can be sent for checking.",
    "Khôi phục bản tốt gần nhất": "Restore the newest good backup", "Đóng": "Close",
    "Tiếp tục với dữ liệu còn lại": "Go on with the data that is left",
    # characters removed from an answer on save (ui/entry/window.py)
    "Đã bỏ ký tự điều khiển không lưu được (ví dụ ký tự NUL) khỏi câu trả lời %1; "
    "hãy xem lại câu trả lời đã lưu.": "Removed control characters an answer cannot hold (such as NUL) from the "
    "answer %1; check the answer saved.",
    # the PIN, the recovery code, the lock (ui/lock.py) and masked exports (ui/reports.py)
    "Khảo sát số — Mở khoá dữ liệu": "Khảo sát số — Unlock the data",
    "Dữ liệu trên máy này được mã hoá. Hãy nhập mã PIN để mở:\n{0}":
        "The data on this computer is encrypted. Enter the PIN to open it:\n{0}",
    "Mã PIN": "PIN", "Dùng mã khôi phục…": "Use the recovery code…",
    "Đã nhập sai mã PIN nhiều lần: hãy đợi {0} giây.": "Too many wrong PINs: wait {0} seconds.",
    "Mở bằng mã khôi phục": "Open with the recovery code",
    "Nhập mã khôi phục trên tờ giấy đã in khi cài đặt (14 nhóm 4 ký tự), rồi chọn mã PIN mới.":
        "Enter the recovery code from the sheet printed at setup (14 groups of 4 characters), then choose a new PIN.",
    "Mã khôi phục": "Recovery code", "Mã PIN mới": "New PIN", "Nhập lại mã PIN mới": "New PIN again",
    "Huỷ": "Cancel", "Hai lần nhập mã PIN mới không giống nhau.": "The two new PINs are not the same.",
    "Khảo sát số — Bảo vệ dữ liệu": "Khảo sát số — Protect the data",
    "Mã PIN (ít nhất {0} ký tự)": "PIN (at least {0} characters)", "Nhập lại mã PIN": "PIN again",
    "Tiếp tục": "Continue", "Hai lần nhập mã PIN không giống nhau.": "The two PINs are not the same.",
    "Mã khôi phục — chỉ hiện một lần": "Recovery code — shown only once",
    "Nếu quên mã PIN, chỉ mã khôi phục này mở được dữ liệu (cả các bản sao lưu). Hãy in tờ mã khôi phục hoặc chép tay, "
    "rồi cất ở nơi an toàn của xã — không để cùng máy tính.":
        "If the PIN is forgotten, only this recovery code opens the data (and its backups). Print the recovery sheet "
        "or copy the code by hand, and keep it somewhere safe at the commune — not with the computer.",
    "Lưu tờ mã khôi phục (PDF) để in…": "Save the recovery sheet (PDF) to print…",
    "Tôi đã in hoặc chép lại mã khôi phục": "I have printed or copied the recovery code",
    "Lưu tờ mã khôi phục": "Save the recovery sheet",
    "Chào mừng! Dữ liệu khảo sát có thông tin cá nhân nên được mã hoá trên máy này. Hãy chọn mã PIN để mở ứng dụng "
    "(mỗi lần khởi động và sau khi khoá).":
        "Welcome! Survey data holds personal information, so it is encrypted on this computer. Choose the PIN that "
        "opens the application (at every start and after it locks).",
    "Từ phiên bản này, dữ liệu trên máy được mã hoá để bảo vệ thông tin cá nhân (Luật Bảo vệ dữ liệu cá nhân). Hãy "
    "chọn mã PIN: cơ sở dữ liệu và các bản sao lưu sẽ được mã hoá ngay, mọi phiếu được kiểm tra lại trước khi xoá "
    "tệp cũ.":
        "From this version on, the data on this computer is encrypted to protect personal information (the Personal "
        "Data Protection Law). Choose a PIN: the database and its backups are encrypted now, and every record is "
        "checked before the old file is removed.",
    "Khảo sát số — Đã khoá": "Khảo sát số — Locked",
    "Ứng dụng đã khoá vì lâu không dùng. Mọi câu trả lời đã được lưu. Nhập mã PIN để tiếp tục đúng chỗ đang làm.":
        "The application locked after a while without use. Every answer is saved. Enter the PIN to go on where you "
        "were.",
    "Thay dữ liệu cá nhân bằng mã băm hoặc để trống (theo cột 'pii' của biểu mẫu)":
        "Replace personal data by hashes or blanks (as the form's 'pii' column says)",
    "Tên, số CCCD, điện thoại, e-mail: cùng một giá trị cho cùng một mã trong tệp xuất này, nhưng không đọc lại được.":
        "Names, ID numbers, phones, e-mail: the same value gives the same code within this export, but cannot be "
        "read back.",
    # ODK Collect's instances by cable (ui/consolidation.py, issue 14)
    "Nhập từ ODK Collect…": "Import from ODK Collect…",
    "Nhập các phiếu đã lưu trên điện thoại cắm qua cáp USB: chọn thư mục instances của ODK Collect":
        "Import the records saved on a phone connected by USB cable: choose ODK Collect's instances folder",
    "Chọn thư mục instances của ODK Collect": "Choose ODK Collect's instances folder",
    "Đang nhập phiếu ODK Collect…": "Importing ODK Collect records…",
    "nhập phiếu ODK Collect": "importing ODK Collect records",
    # media questions (ui/entry/media.py)
    "Xóa tệp (Delete)": "Remove the file (Delete)",
    "Không chụp ảnh bằng máy ảnh được: bản Qt của ứng dụng không có Qt Multimedia. Hãy chụp bằng điện thoại "
    "hoặc máy ảnh rồi đính kèm tệp.": "No camera here: the application's Qt has no Qt Multimedia. Take the "
    "picture with a phone or a camera and attach the file.",
    "Ký lại… (Ctrl+O)": "Sign again… (Ctrl+O)", "Ký tên / vẽ… (Enter)": "Sign / draw… (Enter)",
    "Thay tệp… (Ctrl+O)": "Replace the file… (Ctrl+O)", "Đính kèm tệp… (Enter)": "Attach a file… (Enter)",
    "Chưa đính kèm tệp.": "No file attached.",
    "Ảnh (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.heic)": "Images (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.heic)",
    "Âm thanh (*.m4a *.mp3 *.wav *.ogg *.amr *.aac)": "Audio (*.m4a *.mp3 *.wav *.ogg *.amr *.aac)",
    "Video (*.mp4 *.3gp *.mov *.avi *.mkv *.webm)": "Video (*.mp4 *.3gp *.mov *.avi *.mkv *.webm)",
    "Mọi tệp (*)": "All files (*)", "Chọn tệp đính kèm": "Choose the file to attach",
    "Bản đồ OpenStreetMap (*.osm)": "OpenStreetMap map (*.osm)",
    "Đính kèm tệp bản đồ OpenStreetMap (.osm) lưu từ JOSM hoặc OpenMapKit.":
        "Attach an OpenStreetMap map file (.osm) saved from JOSM or OpenMapKit.",
    "Các thẻ cần điền: %1.": "Tags to fill: %1.",
    "Cảnh báo:": "Warnings:",
    "Chụp ảnh… (Ctrl+M)": "Take picture… (Ctrl+M)", "Không có máy ảnh": "No camera",
    "Vẽ lên ảnh… (Ctrl+D)": "Draw on the image… (Ctrl+D)", "Vẽ lên ảnh": "Draw on the image",
    "Không tìm thấy máy ảnh (webcam) nào trên máy này. Hãy cắm webcam rồi bấm lại, hoặc chụp bằng điện thoại "
    "rồi đính kèm tệp (Enter).": "No camera (webcam) was found on this computer. Plug in a webcam and press "
    "again, or take the picture with a phone and attach the file (Enter).",
    "Không chụp ảnh bằng máy ảnh được: không nạp được Qt Multimedia (%1). Hãy chụp bằng điện thoại hoặc máy "
    "ảnh rồi đính kèm tệp.": "No camera here: Qt Multimedia cannot be loaded (%1). Take the picture with a "
    "phone or a camera and attach the file.",
    "Vẽ lên ảnh bằng chuột hoặc bút (nét đỏ), rồi bấm Lưu: ảnh đã vẽ thay ảnh cũ.":
        "Draw on the image with the mouse or a pen (red strokes), then press Save: the drawn image replaces "
        "the old one.",
    "Chụp ảnh": "Take picture", "Chụp": "Take",
    "Hướng máy ảnh vào đối tượng rồi bấm Chụp (Enter).": "Point the camera at the subject, then press Take "
    "(Enter).",
    "Máy ảnh báo lỗi: %1. Hãy đóng rồi thử lại, hoặc đính kèm ảnh chụp sẵn.": "The camera reports an error: "
    "%1. Close and try again, or attach a picture taken before.",
    "Ký tên": "Signature", "Vẽ hình": "Drawing",
    "Ký hoặc vẽ trong khung bằng chuột hoặc bút, rồi bấm Lưu.":
        "Sign or draw in the box with the mouse or a pen, then press Save.",
    "Lưu": "Save", "Xóa hết": "Clear",
    "Trang này hiện không mở được; chi tiết đã ghi vào nhật ký.":
        "This page cannot be opened at the moment; the details were written to the log.",
    "Đồng ý (OK)": "Agree (OK)", "ngày/tháng/năm": "day/month/year", "Kiểm tra trùng": "Check duplicates",
    "giờ:phút": "hours:minutes", "ngày/tháng/năm giờ:phút": "day/month/year hours:minutes",
    "vĩ độ kinh độ, ví dụ 21.0285 105.8542": "latitude longitude, e.g. 21.0285 105.8542",
    "vĩ độ kinh độ; vĩ độ kinh độ; … (dấu ; giữa các điểm)": "latitude longitude; latitude longitude; … "
    "(a ; between points)", "(chưa chọn)": "(not chosen)",
    "cùng mã số thuế": "same tax code", "cùng số điện thoại": "same phone number",
    "cùng số định danh của chủ hộ": "same head's ID number",
    "cùng tên chủ hộ, năm sinh chủ hộ và thôn": "same head's name, head's birth year and village",
    "Không thấy phiếu nào có vẻ trùng với phiếu này.": "No record looks like a duplicate of this one.",
    "{0} phiếu có thể trùng (nhấn đúp để mở):": "{0} possible duplicates (double-click to open):",
    "Ngôn ngữ phiếu:": "Questionnaire language:", "◀ Trang trước": "◀ Previous page",
    "Trang sau ▶": "Next page ▶", "Danh sách vấn đề": "Issue list", "Kiểm tra và hoàn thành": "Check and complete",
    # heads-down entry keys (ui/entry/window.py, ui/entry/questions.py; issue 13)
    "Trang trước (Ctrl+PgUp)": "Previous page (Ctrl+PgUp)", "Trang sau (Ctrl+PgDown)": "Next page (Ctrl+PgDown)",
    "Danh sách vấn đề (F8)": "Issue list (F8)", "Kiểm tra và hoàn thành (F9)": "Check and complete (F9)",
    "Ngôn ngữ phiếu (Ctrl+L)": "Questionnaire language (Ctrl+L)",
    "Các phần của phiếu (F6; Enter để đến phần đang chọn)": "Sections of the questionnaire (F6; Enter goes to "
    "the selected section)",
    "Đang gõ mã {0}… (gõ tiếp chữ số, hoặc Enter/Space để chọn {0})": "Typing code {0}… (type the next digit, "
    "or Enter/Space to choose {0})",
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
    "Biểu mẫu nhận được trong gói, đang chờ quyết định (người gửi chưa được tin cậy):":
        "Forms received in packages, waiting for a decision (the sender is not trusted):",
    "Phiên bản": "Version", "Mã khóa người gửi": "Sender's key fingerprint",
    "Cài đặt biểu mẫu đã chọn": "Install the selected form",
    "Hãy chọn một biểu mẫu trong danh sách.": "Choose a form in the list.",
    "Đã cài đặt {0} phiên bản {1}. Phiếu mới sẽ dùng phiên bản mới nhất.":
        "Installed {0} version {1}. New records use the newest version.",
    "cài đặt biểu mẫu": "installing a form", "từ chối biểu mẫu": "refusing a form",
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
    "Biểu mẫu cần các tệp đính kèm sau nhưng không thấy chúng bên cạnh tệp biểu mẫu: {0}. Danh sách "
    "lựa chọn và pulldata() lấy dữ liệu từ các tệp này. Chọn các tệp ngay bây giờ?":
        "The form needs these attachments, which are not beside the form file: {0}. Its choice lists and "
        "pulldata() read from them. Choose the files now?",
    "Chọn tệp đính kèm của biểu mẫu": "Choose the form's attachments",
    "Tệp dữ liệu (*.csv *.xml *.geojson);;Mọi tệp (*)": "Data files (*.csv *.xml *.geojson);;All files (*)",
    "Vẫn còn thiếu tệp đính kèm: {0}. Hãy chọn tệp đúng tên như biểu mẫu ghi, hoặc thêm lại "
    "biểu mẫu từ thư mục có các tệp này.":
        "Attachments still missing: {0}. Choose the files with the names the form uses, or add the form again "
        "from the folder that holds them.",
    "Đã thêm các tệp đính kèm của biểu mẫu '{0}'.": "The attachments of form '{0}' were added.",
    "thêm tệp đính kèm": "adding attachments",
    "Chọn thư mục sao lưu (ví dụ USB)": "Choose the backup folder (e.g. a USB stick)",
    "Chọn bản sao lưu": "Choose a backup",
    "Bản sao lưu (*.db *.point);;Mọi tệp (*)": "Backups (*.db *.point);;All files (*)", "Khôi phục?": "Restore?",
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
# ---- strings added by the ui-fixes work (transfer page, review comments, empty states, recovery …)
EN.update({
    "Gửi dữ liệu": "Transfer", "Lỗi": "Error",
    "%n phiếu có thể trùng (nhấn đúp để mở):": ("%n possible duplicate (double-click to open):",
                                                  "%n possible duplicates (double-click to open):"),
    "Cán bộ xã đã trả lại phiếu này để sửa.": "The commune clerk sent this record back for correction.",
    "Cán bộ xã trả lại phiếu này để sửa.": "The commune clerk sent this record back for correction.",
    "Nhận xét: {0}": "Comment: {0}",
    "Các câu cần xem lại (bấm để đến câu):": "Questions to look at again (click to go there):",
    "Sửa xong, bấm “Kiểm tra và hoàn thành” rồi gửi lại cho cán bộ xã.":
        "When corrected, press “Check and complete”, then send it back to the clerk.",
    "chỉ xem": "view only",
    "%n vấn đề": ("%n issue", "%n issues"),
    "%n vấn đề cần xử lý": ("%n issue to resolve", "%n issues to resolve"),
    "Sửa phiếu đã hoàn thành?": "Edit a completed record?",
    "Phiếu này đã hoàn thành. Nếu sửa, phiếu sẽ chuyển về Nháp; sửa xong cần bấm “Kiểm tra và hoàn thành” lại "
    "để phiếu được tính là hoàn thành.\n\nSửa phiếu?":
        "This record is complete. Editing it turns it back into a draft; when you are done, press “Check and "
        "complete” again so that it counts as complete.\n\nEdit the record?",
    "Nhận xét của cán bộ xã: {0}": "The clerk's comment: {0}",
    "%n câu có nhận xét — mở phiếu để xem.": ("%n question has a comment — open the record to see it.",
                                              "%n questions have comments — open the record to see them."),
    "%n phiếu": ("%n record", "%n records"), "{0} (tổng {1})": "{0} (of {1})",
    "Thùng rác trống.": "The recycle bin is empty.",
    "Không có phiếu nào khớp “{0}”. Hãy thử gõ ít chữ hơn (có dấu hay không dấu đều được), kiểm tra bộ lọc, hoặc "
    "xóa ô tìm để xem mọi phiếu.":
        "No record matches “{0}”. Try fewer letters (with or without diacritics), check the filters, or clear "
        "the search box to see every record.",
    "Không có phiếu nào theo bộ lọc đang chọn. Chọn “Mọi …” ở các ô lọc để xem mọi phiếu.":
        "No record matches the chosen filters. Choose “All …” in the filter boxes to see every record.",
    "Chưa có phiếu nào. Bấm “+ Phiếu mới” (Ctrl+N) để bắt đầu phỏng vấn.":
        "No records yet. Press “+ New record” (Ctrl+N) to start an interview.",
    "Phiếu cán bộ xã trả lại để sửa: nhập gói ở trang “Gửi dữ liệu”.":
        "Records the clerk sends back for correction: import the package on the “Transfer” page.",
    "Phiếu của điều tra viên: nhập các gói dữ liệu (.ksp) ở trang “Hợp nhất”.":
        "The enumerators' records: import their packages (.ksp) on the “Consolidation” page.",
    # recovery at start
    "Có thể khôi phục ngay từ một bản sao lưu (tệp .db trong thư mục sao lưu, thường là USB). Tệp hỏng được giữ "
    "lại bên cạnh để có thể gửi đi kiểm tra.":
        "You can restore a backup right now (a .db file in the backup folder, usually a USB stick). The damaged "
        "file is kept beside it so it can be sent for checking.",
    "Khôi phục từ bản sao lưu…": "Restore from a backup…", "Thoát": "Quit", "Chọn bản sao lưu": "Choose a backup",
    "Bản sao lưu (*.db *.point *.bak);;Mọi tệp (*)": "Backups (*.db *.point *.bak);;All files (*)",
        # consolidation
    "%1: sửa lúc %2 · %3 · %4": "%1: changed %2 · %3 · %4", "Mã phiên bản: %1": "Revision id: %1",
    "Chưa có dữ liệu để hợp nhất. Các bước:\n"
    "1. Nhận tệp gói (.ksp) từ điều tra viên (USB, Zalo, e-mail) rồi kéo thả vào khung trên hoặc bấm “Chọn tệp "
    "gói…”.\n"
    "2. Xử lý các phiếu xung đột và có thể trùng, rồi duyệt hoặc trả lại từng phiếu ở thẻ “Chờ duyệt”.\n"
    "3. Gửi phiếu trả lại cho điều tra viên bằng “Tạo gói trả lại…”; gửi dữ liệu của xã lên tỉnh bằng “Xuất "
    "gói…”.\n"
    "Muốn gói được mã hóa cho máy này: gửi tệp “Khóa công khai của máy này…” cho điều tra viên.":
        "Nothing to consolidate yet. The steps:\n"
        "1. Receive the package files (.ksp) from the enumerators (USB, Zalo, e-mail) and drop them on the box "
        "above or press “Choose package files…”.\n"
        "2. Settle conflicts and possible duplicates, then approve or send back each record on the “Awaiting "
        "review” tab.\n"
        "3. Send returned records to the enumerators with “Make return packages…”; send the commune's data to "
        "the province with “Export package…”.\n"
        "To have packages encrypted for this computer, give the enumerators the file from “This computer's "
        "public key…”.",
    "✓ %1 từ %2 (%3, %4, mã khóa %5): %6": "✓ %1 from %2 (%3, %4, key %5): %6",
    "%1: %2 (%3, %4, sửa lúc %5)": "%1: %2 (%3, %4, changed %5)",
    "%1 · %2 · trạng thái: %3 · sửa lần cuối %4 · %5 vấn đề chưa xử lý":
        "%1 · %2 · status: %3 · last change %4 · open issues: %5",
    "Nhận xét (bấm đúp để ghi)": "Comment (double-click to write)", "trên máy này": "on this computer",
    "máy khác": "another computer", "điều tra viên": "enumerator", "cán bộ xã": "commune clerk",
    "cấp tỉnh": "province", "đã xóa": "deleted", "không": "no", "(không có)": "(absent)",
    "Nháp": "Draft", "Hoàn thành": "Complete", "Bị trả lại": "Returned", "Đã duyệt": "Approved",
    "Dòng {0}": "Line {0}",
    # sync
    "nhập mỗi lần gửi (máy này không có kho khóa để lưu)": "type it for each sending (no key store on this computer)",
    # transfer page
    "Gửi dữ liệu cho cán bộ xã": "Send data to the commune clerk",
    "Dữ liệu đi bằng một tệp gói (.ksp): chép vào USB hoặc gửi qua Zalo, e-mail cho cán bộ xã. Gói được ký bằng "
    "khóa của máy này; nếu có tệp khóa công khai của xã (hoặc tỉnh), gói được mã hóa để chỉ người nhận đọc được.":
        "Data travel as a package file (.ksp): copy it to a USB stick or send it by Zalo or e-mail to the clerk. "
        "The package is signed with this computer's key; with the commune's (or province's) public key file it "
        "is encrypted so that only the receiver can read it.",
    "1. Gửi phiếu cho cán bộ xã": "1. Send records to the clerk",
    "Phiếu mới hoặc đã sửa kể từ gói trước gửi cùng người nhận (nên dùng)":
        "New or changed since the last package to the same receiver (recommended)",
    "Tất cả phiếu trên máy": "Every record on this computer", "Chỉ phiếu đã hoàn thành": "Complete records only",
    "Mã hóa cho người nhận — tệp khóa công khai của xã hoặc tỉnh (không bắt buộc):":
        "Encrypt for the receiver — the commune's or province's public key file (optional):",
    "không mã hóa": "not encrypted", "Chọn…": "Choose…", "Bỏ": "Clear",
    "Xuất gói gửi cán bộ xã…": "Export a package for the clerk…", "2. Nhận phiếu trả lại": "2. Receive returned records",
    "Cán bộ xã trả lại các phiếu cần sửa kèm nhận xét trong một gói. Nhập gói đó, rồi mở các phiếu “Bị trả lại” "
    "ở trang Phiếu khảo sát: nhận xét hiện ngay trên phiếu và bên cạnh từng câu.":
        "The clerk returns records to correct, with comments, in a package. Import it, then open the “Returned” "
        "records on the Records page: the comments show at the top of the record and beside each question.",
    "Nhập gói trả lại…": "Import a return package…", "3. Khóa công khai của máy này": "3. This computer's public key",
    "Gửi tệp khóa công khai cho cán bộ xã để gói trả lại được mã hóa cho máy này. Khi cần, đọc mã khóa qua điện "
    "thoại để hai bên đối chiếu.":
        "Give the public key file to the clerk so that return packages are encrypted for this computer. When "
        "needed, read the key id over the phone so both sides can compare it.",
    "Lưu tệp khóa công khai…": "Save the public key file…", "Gửi lúc": "Sent", "Tệp": "File", "Loại": "Kind",
    "Mã hóa cho": "Encrypted for", "Nhập lúc": "Imported", "Người gửi": "Sender", "Kết quả": "Result",
    "Gói đã gửi": "Packages sent", "Gói đã nhận": "Packages received",
        "Gói sẽ được mã hóa cho mã khóa {0}.": "Packages will be encrypted for key {0}.",
    "Không có tệp khóa: gói chỉ được ký, không mã hóa.": "No key file: packages are signed, not encrypted.",
    "Mã khóa của máy này: {0}": "This computer's key id: {0}",
    "%n phiếu đang bị trả lại để sửa: xem danh sách bên dưới, rồi mở phiếu ở trang Phiếu khảo sát.": (
        "%n record is returned for correction: see the list below, then open it on the Records page.",
        "%n records are returned for correction: see the list below, then open them on the Records page."),
    "Phiếu": "Record", "Nhận xét của cán bộ xã": "The clerk's comment", "Số câu có nhận xét": "Questions commented",
    "Phiếu bị trả lại ({0})": "Returned records ({0})",
    "Không có phiếu nào đang bị trả lại.": "No record is returned for correction.",
    "tất cả": "all", "thay đổi": "changes", "đã hoàn thành": "complete", "trả lại": "return",
    "thêm {0} · cập nhật {1} · không đổi {2} · xung đột {3}": "added {0} · updated {1} · unchanged {2} · conflicts {3}",
    "Tệp khóa công khai của cán bộ xã hoặc tỉnh": "The clerk's or province's public key file",
    "Khóa công khai (*.pub *.json);;Mọi tệp (*)": "Public keys (*.pub *.json);;All files (*)",
    "Lưu gói gửi cán bộ xã": "Save the package for the clerk", "Gói dữ liệu (*.ksp)": "Packages (*.ksp)",
    "Đang xuất gói…": "Exporting the package…",
    "Mã hóa cho mã khóa {0}.": "Encrypted for key {0}.",
    "Hãy chép tệp này vào USB hoặc gửi qua Zalo, e-mail cho cán bộ xã.":
        "Copy this file to a USB stick or send it by Zalo or e-mail to the clerk.",
    "Chọn gói trả lại": "Choose the return package",
    "Gói dữ liệu (*.ksp *.zip *.pkg);;Mọi tệp (*)": "Packages (*.ksp *.zip *.pkg);;All files (*)",
    "Đang nhập gói…": "Importing the package…", "✗ {0} bị từ chối: {1}": "✗ {0} refused: {1}",
    "• {0} đã được nhập trước đây; không có gì thay đổi.": "• {0} was imported before; nothing changed.",
        "Lưu khóa công khai của máy này": "Save this computer's public key", "Khóa công khai (*.pub)": "Public keys (*.pub)",
    "Đã ghi khóa công khai vào {0}. Mã khóa: {1}.": "Wrote the public key to {0}. Key id: {1}.",
})

# ---- trusting package senders (pkg2: consolidation and transfer pages)
EN.update({
    "Tin cậy tệp khóa…": "Trust a key file…",
    "Nhập tệp khóa công khai (.pub) của điều tra viên, xã hoặc tỉnh để gói của họ được cập nhật mọi phiếu":
        "Import the public key file (.pub) of an enumerator, commune or province so their packages may update "
        "every record",
    "Tin cậy người gửi…": "Trust sender…", "Tin cậy người gửi": "Trust sender",
    "người gửi đã tin cậy": "trusted sender", "người gửi đã biết, chưa tin cậy": "known sender, not trusted yet",
        "Máy của %1 đã gửi gói ký bằng KHÓA MỚI, mã khóa:\n\n%2\n\nChỉ tin cậy nếu đã gọi điện cho người gửi và họ "
    "đọc đúng mã khóa này (ví dụ họ vừa cài lại máy). Khóa cũ của máy đó sẽ không còn được tin cậy. Tin cậy khóa "
    "mới?":
        "The computer of %1 sent a package signed with a NEW KEY, key id:\n\n%2\n\nTrust it only if you have "
        "phoned the sender and they read out this very key id (e.g. they just reinstalled). The computer's old "
        "key will no longer be trusted. Trust the new key?",
    "Tin cậy %1, mã khóa:\n\n%2\n\nChỉ tin cậy nếu đã gọi điện cho người gửi và họ đọc đúng mã khóa này. Sau "
    "đó gói của họ được cập nhật mọi phiếu, và các thay đổi đang bị giữ lại được áp dụng ngay. Tin cậy người gửi "
    "này?":
        "Trust %1, key id:\n\n%2\n\nTrust them only if you have phoned the sender and they read out this very "
        "key id. Their packages may then update every record, and their changes held so far are applied now. "
        "Trust this sender?",
    "Chọn tệp khóa công khai": "Choose the public key file",
    "Khóa công khai (*.pub);;Mọi tệp (*)": "Public keys (*.pub);;All files (*)",
        "Từ nay máy này tin cậy người gửi {0}, mã khóa {1}. Nếu chưa chắc, hãy gọi điện cho cán bộ xã để đối chiếu "
    "mã khóa.":
        "From now on this computer trusts the sender {0}, key id {1}. If in doubt, phone the commune clerk and "
        "compare the key id.",
        "Tin cậy {0}, mã khóa:\n\n{1}\n\nChỉ tin cậy nếu đã gọi điện cho cán bộ xã và họ đọc đúng mã khóa này. "
    "Tin cậy người gửi này?":
        "Trust {0}, key id:\n\n{1}\n\nTrust them only if you have phoned the commune clerk and they read out "
        "this very key id. Trust this sender?",
    })

# backups (settings page): the default folder beside the database, rotation
EN.update({
    "Dùng thư mục mặc định": "Use the default folder",
    "Thư mục sao lưu (mặc định, cạnh cơ sở dữ liệu): {0}": "Backup folder (the default, beside the database): {0}",
    "Ứng dụng tự sao lưu ít nhất mỗi ngày một lần và trước mỗi lần nhập dữ liệu, vào thư mục trên, và giữ {0} bản "
    "tự động gần nhất (trong giới hạn dung lượng). Giữa hai bản sao đầy đủ, trước mỗi lần nhập, ứng dụng giữ các "
    "gói nhận được và ghi một điểm khôi phục (tệp .point) thay vì chép lại toàn bộ dữ liệu; khôi phục một điểm "
    "cũng chỉ là một thao tác. Bản sao được kiểm tra toàn vẹn sau khi tạo. Nên chọn một thư mục trên USB hoặc ổ "
    "đĩa khác để dữ liệu vẫn còn khi máy hỏng; khi không ghi được vào thư mục đã chọn, bản sao được ghi vào thư "
    "mục mặc định.":
        "The application backs up at least once a day and before every data import, into the folder above, and "
        "keeps the newest {0} automatic copies (within a disk budget). Between two full copies, before each "
        "import, it keeps the received packages and writes a restore point (a .point file) instead of copying "
        "all the data again; restoring a point is one action too. Each copy is checked for integrity after it "
        "is made. Choose a "
        "folder on a USB stick or another disk so the data survive if this computer breaks; when the chosen "
        "folder cannot be written, the copy goes to the default folder.",
})

# English plurals: counts of records and changes through Qt's numerus forms
EN.update({
    "Đã sao lưu %n phiếu vào:\n{0}": ("Backed up %n record to:\n{0}", "Backed up %n records to:\n{0}"),
    "Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu này (%n phiếu)? Dữ liệu hiện tại được giữ thành một bản an "
    "toàn bên cạnh cơ sở dữ liệu.": tuple(
        f"Replace all current data with this backup (%n {w})? The current data are kept as a safety copy next to "
        "the database." for w in ("record", "records")),
    "Đã khôi phục %n phiếu từ bản sao lưu. Tệp hỏng được giữ ở:\n{0}": tuple(
        f"Restored %n {w} from the backup. The damaged file is kept in:\n{{0}}" for w in ("record", "records")),
    "Trên máy: %n phiếu ({0} hoàn thành, {1} nháp, {2} bị trả lại, {3} đã duyệt). Chưa gửi (mới hoặc đã sửa): {4} "
    "phiếu.": tuple(f"On this computer: %n {w} ({{0}} complete, {{1}} draft, {{2}} returned, {{3}} approved). "
                    "Not sent yet (new or changed): {4}." for w in ("record", "records")),
    "Đã tạo gói {0} với %n phiếu.": ("Made the package {0} with %n record.", "Made the package {0} with %n records."),
    "✓ {0} từ {1}: cập nhật %n phiếu, thêm {2}, không đổi {3}, xung đột {4}.": tuple(
        f"✓ {{0}} from {{1}}: updated %n {w}, added {{2}}, unchanged {{3}}, conflicts {{4}}."
        for w in ("record", "records")),
    "⚠ %n phiếu do người khác gửi hoặc tạo ở máy này không bị thay thế: thay đổi của người gửi chưa được tin cậy "
    "(mã khóa %1) được giữ lại thành xung đột để xem xét. Nếu đã gọi điện đối chiếu mã khóa với người gửi, bấm "
    "“Tin cậy người gửi…” để áp dụng.": tuple(
        f"⚠ %n {w} sent by someone else or made here {v} not replaced: the changes of a sender not trusted "
        "yet (key %1) are kept as conflicts for review. If you have phoned the sender and compared the key, "
        "press “Trust sender…” to apply them." for w, v in (("record", "was"), ("records", "were"))),
    "Đã tin cậy %1 (mã khóa %2). Đã áp dụng %3 thay đổi bị giữ lại; %n phiếu vẫn còn xung đột cần xử lý.": (
        "%1 is trusted now (key %2). Held changes applied: %3; %n record still has a conflict to resolve.",
        "%1 is trusted now (key %2). Held changes applied: %3; %n records still have a conflict to resolve."),
    "⚠ %n phiếu không bị thay đổi: gói do người gửi chưa được tin cậy (mã khóa {0}) tạo ra, các thay đổi được "
    "giữ lại để xem xét. Chỉ bấm “Tin cậy người gửi…” sau khi đã gọi điện đối chiếu mã khóa.": tuple(
        f"⚠ %n {w} not changed: the package was made by a sender not trusted yet (key {{0}}); its changes "
        "are kept for review. Press “Trust sender…” only after phoning the sender to compare the key id."
        for w in ("record was", "records were")),
    "Đã tin cậy {0} (mã khóa {1}); đã áp dụng %n thay đổi bị giữ lại.": (
        "{0} is trusted now (key {1}); applied %n held change.", "{0} is trusted now (key {1}); applied %n held changes."),
    "Đã tạo %1: %n phiếu.": ("Wrote %1: %n record.", "Wrote %1: %n records."),
    "Gói trả lại cho điều tra viên %1 (%n phiếu)": ("Return package for enumerator %1 (%n record)",
                                                     "Return package for enumerator %1 (%n records)"),
    "Đã xuất %n phiếu vào:": ("Exported %n record to:", "Exported %n records to:"),
    "Đã gửi %n phiếu; máy chủ đã có %2; lỗi %3; chưa gửi %4.": (
        "Sent %n record; already on the server %2; failed %3; not sent %4.",
        "Sent %n records; already on the server %2; failed %3; not sent %4."),
})

# the one writer (ui/hub.py, ui/worker.py): what a job waiting for another says, and the jobs' names
EN.update({
    "Đang chờ việc khác ghi xong dữ liệu ({0})…": "Waiting for another job to finish writing ({0})…",
    "một việc khác": "another job", "một chương trình khác": "another program",
    "Đang lưu…": "Saving…", "Đang lưu cài đặt…": "Saving the settings…", "lưu cài đặt": "saving the settings",
    "Đang khôi phục…": "Restoring…", "khôi phục": "restoring", "sao lưu tự động": "automatic backup",
    "sao lưu": "backup", "thêm biểu mẫu": "adding a form", "giải quyết xung đột": "resolving a conflict",
    "nhập gói": "package import", "xuất gói": "package export", "Đang tin cậy người gửi…": "Trusting the sender…",
    "tin cậy người gửi": "trusting a sender", "Đang ghi khóa công khai…": "Writing the public key…",
    "ghi khóa công khai": "writing the public key", "quyết định phiếu trùng": "duplicate decision",
    "duyệt phiếu": "review decision", "Đang lưu quyết định…": "Saving the decision…",
    "Đang lưu cài đặt máy chủ…": "Saving the server settings…", "lưu cài đặt máy chủ": "saving the server settings",
    "gửi phiếu lên máy chủ": "sending records to the server", "quyết định xung đột": "conflict decision",
    "Đang lưu tệp khóa…": "Saving the key file…", "lưu tệp khóa": "saving the key file",
})


PAGE_TITLES = ["Phiếu khảo sát", "Gửi dữ liệu", "Hợp nhất", "Báo cáo", "Đồng bộ", "Cài đặt"]


def main(path: str = "ui/i18n/khaosat_en.ts") -> int:
    """Fill the catalogue ``path`` from EN, adding the page titles (which lupdate cannot see); 1 when
    some string is left without a translation."""
    tree = etree.parse(path, etree.XMLParser(remove_blank_text=True))
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
        numerus = m.get("numerus") == "yes"
        if src in EN:
            value = EN[src]
            if isinstance(value, tuple) and not numerus:
                # a plural lupdate did not mark as one (lupdate 6.11 misses some translate(..., n) calls)
                m.set("numerus", "yes")
                numerus = True
            if numerus:  # (singular, plural): English has two forms
                forms = value if isinstance(value, tuple) else (value, value)
                tr.text = None
                for child in list(tr):
                    tr.remove(child)
                for f in forms:
                    etree.SubElement(tr, "numerusform").text = f
            else:
                tr.text = value
            tr.attrib.pop("type", None)
        elif numerus:
            if not any((n.text or "").strip() for n in tr.iter("numerusform")):
                missing.append(src)
        elif not (tr.text or "").strip():
            missing.append(src)
    tree.write(path, encoding="utf-8", xml_declaration=True, pretty_print=True)
    for s in missing:
        print("missing:", s, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

