<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../consolidation_dialogs.py" line="121"/>
        <source>Giải quyết xung đột</source>
        <translation>Resolve conflict</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="128"/>
        <source>Phiên bản %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="130"/>
        <source>Phiếu “%1” đã được sửa ở hai nơi. Các ô tô màu là chỗ khác nhau: chọn phiên bản cho từng câu hỏi hoặc sửa giá trị cuối, rồi lưu.</source>
        <translation>Record “%1” was changed in two places. Coloured cells differ: choose a version for each question or edit the final value, then save.</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="143"/>
        <source>Tất cả theo %1</source>
        <translation>All from %1</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="147"/>
        <source>Lưu quyết định</source>
        <translation>Save decision</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="149"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConsolidationPage</name>
    <message>
        <location filename="../consolidation.py" line="101"/>
        <source>Tổng hợp dữ liệu</source>
        <translation>Consolidation</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="110"/>
        <source>Chọn tệp gói…</source>
        <translation>Choose package files…</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="111"/>
        <source>Xuất gói…</source>
        <translation>Export package…</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="112"/>
        <source>Tạo gói trả lại…</source>
        <translation>Make return package…</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="113"/>
        <source>Khóa công khai của máy này…</source>
        <translation>This installation's public key…</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="121"/>
        <source>Chưa nhập gói nào trong phiên này.</source>
        <translation>No package imported in this session yet.</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="126"/>
        <location filename="../consolidation.py" line="130"/>
        <source>Phiếu</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="126"/>
        <location filename="../consolidation.py" line="128"/>
        <location filename="../consolidation.py" line="130"/>
        <source>Biểu mẫu</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="126"/>
        <location filename="../consolidation.py" line="129"/>
        <location filename="../consolidation.py" line="130"/>
        <source>Điều tra viên</source>
        <translation>Enumerator</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="126"/>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="127"/>
        <source>Số phiên bản</source>
        <translation>Versions</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="128"/>
        <source>Phiếu A</source>
        <translation>Record A</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="128"/>
        <source>Phiếu B</source>
        <translation>Record B</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="129"/>
        <source>Trùng theo</source>
        <translation>Matching on</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="130"/>
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="131"/>
        <source>Sửa lần cuối</source>
        <translation>Last changed</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="132"/>
        <source>Nhập lúc</source>
        <translation>Imported at</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="132"/>
        <source>Xã gửi</source>
        <translation>Sending commune</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="132"/>
        <source>Người gửi</source>
        <translation>Sender</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="132"/>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="133"/>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="137"/>
        <source>Gói đã nhập</source>
        <translation>Imported packages</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="141"/>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="175"/>
        <source>Xung đột (%1)</source>
        <translation>Conflicts (%1)</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="176"/>
        <source>Có thể trùng (%1)</source>
        <translation>Possible duplicates (%1)</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="177"/>
        <source>Chờ duyệt (%1)</source>
        <translation>Awaiting review (%1)</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="180"/>
        <source>mã số thuế</source>
        <translation>tax code</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="180"/>
        <source>số điện thoại</source>
        <translation>phone number</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="181"/>
        <source>chủ hộ, năm sinh, thôn</source>
        <translation>household head, birth year, village</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="184"/>
        <source>thêm %1 · cập nhật %2 · không đổi %3 · xung đột %4 · có thể trùng %5 · từ chối %6</source>
        <translation>added %1 · updated %2 · unchanged %3 · conflicts %4 · possible duplicates %5 · refused %6</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="191"/>
        <source>Chọn tệp gói dữ liệu</source>
        <translation>Choose package files</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="192"/>
        <source>Gói dữ liệu (*.ksp *.zip *.pkg);;Mọi tệp (*)</source>
        <translation>Packages (*.ksp *.zip *.pkg);;All files (*)</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="204"/>
        <source>Đang nhập %1 gói…</source>
        <translation>Importing %1 packages…</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="206"/>
        <source>Đang nhập gói dữ liệu…</source>
        <translation>Importing packages…</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="230"/>
        <source>✗ %1 bị từ chối: %2</source>
        <translation>✗ %1 refused: %2</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="234"/>
        <source>người gửi đã biết</source>
        <translation>known sender</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="234"/>
        <source>người gửi MỚI</source>
        <translation>NEW sender</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="235"/>
        <source>✓ %1 từ %2 (xã %3, %4, mã khóa %5): %6</source>
        <translation>✓ %1 from %2 (commune %3, %4, key %5): %6</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="250"/>
        <source>Không nhập được.</source>
        <translation>The import failed.</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="254"/>
        <source>Đã hủy; các gói đã nhập xong vẫn được giữ, gói đang nhập dở không thay đổi gì.</source>
        <translation>Cancelled; packages already imported are kept, the one in progress changed nothing.</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="305"/>
        <source>Lưu gói dữ liệu</source>
        <translation>Save package</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="305"/>
        <location filename="../consolidation.py" line="340"/>
        <source>Gói dữ liệu (*.ksp)</source>
        <translation>Packages (*.ksp)</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="320"/>
        <source>Đã tạo %1: %2 phiếu.</source>
        <translation>Wrote %1: %2 records.</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="322"/>
        <source>Mã hóa cho %1.</source>
        <translation>Encrypted for %1.</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="335"/>
        <source>Gói trả lại</source>
        <translation>Return package</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="335"/>
        <source>Không có phiếu nào đang bị trả lại.</source>
        <translation>No record is currently sent back.</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="339"/>
        <source>Gói trả lại cho điều tra viên %1 (%2 phiếu)</source>
        <translation>Return package for enumerator %1 (%2 records)</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="347"/>
        <source>Lưu khóa công khai của máy này</source>
        <translation>Save this installation's public key</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="348"/>
        <source>Khóa công khai (*.pub)</source>
        <translation>Public keys (*.pub)</translation>
    </message>
    <message>
        <location filename="../consolidation.py" line="356"/>
        <source>Đã ghi khóa công khai vào %1. Mã khóa: %2 (đọc cho người gửi để đối chiếu).</source>
        <translation>Wrote the public key to %1. Fingerprint: %2 (read it to the sender to compare).</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <location filename="../consolidation_dialogs.py" line="182"/>
        <source>Phiếu có thể trùng</source>
        <translation>Possible duplicates</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="190"/>
        <source>Phiếu A</source>
        <translation>Record A</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="190"/>
        <source>Phiếu B</source>
        <translation>Record B</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="192"/>
        <source>Hai phiếu này có cùng mã nhận diện (mã số thuế, chủ hộ/năm sinh/thôn hoặc số điện thoại). Nếu là hai đơn vị khác nhau, chọn “Giữ cả hai”. Nếu là một, chọn phiếu giữ lại, chọn giá trị từng câu rồi “Gộp thành một”: phiếu kia bị xóa mềm và ghi liên kết.</source>
        <translation>These two records share an identifying key (tax code, household head/birth year/village or phone). If they are two different units, choose “Keep both”. If they are one, choose the record to keep, pick each value, then “Merge into one”: the other record is soft-deleted with a link.</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="200"/>
        <source>Giữ lại:</source>
        <translation>Keep:</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="211"/>
        <source>Giữ cả hai</source>
        <translation>Keep both</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="212"/>
        <source>Gộp thành một</source>
        <translation>Merge into one</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="213"/>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../consolidation_dialogs.py" line="361"/>
        <source>Xuất gói dữ liệu</source>
        <translation>Export package</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="365"/>
        <source>Tất cả phiếu</source>
        <translation>All records</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="365"/>
        <source>Chỉ phiếu thay đổi kể từ gói trước gửi cùng người nhận</source>
        <translation>Only records changed since the last package to the same receiver</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="367"/>
        <source>Chỉ phiếu đã hoàn thành hoặc đã duyệt</source>
        <translation>Only complete or approved records</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="373"/>
        <source>Mã hóa cho người nhận (tệp khóa công khai, không bắt buộc):</source>
        <translation>Encrypt for the receiver (public key file, optional):</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="376"/>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="381"/>
        <source>Xuất…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="382"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="393"/>
        <source>Tệp khóa công khai của người nhận</source>
        <translation>The receiver's public key file</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="394"/>
        <source>Khóa công khai (*.pub *.json);;Mọi tệp (*)</source>
        <translation>Public keys (*.pub *.json);;All files (*)</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../consolidation_dialogs.py" line="266"/>
        <source>Duyệt phiếu</source>
        <translation>Review record</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="276"/>
        <source>%1 · điều tra viên %2 · trạng thái %3 · %4 vấn đề chưa xử lý</source>
        <translation>%1 · enumerator %2 · status %3 · %4 open issues</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="282"/>
        <source>Câu hỏi</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="282"/>
        <source>Trả lời</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="282"/>
        <source>Nhận xét</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="297"/>
        <source>Nhận xét chung cho phiếu:</source>
        <translation>Comment on the whole record:</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="303"/>
        <source>Duyệt</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="304"/>
        <source>Trả lại để sửa</source>
        <translation>Send back for correction</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="305"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>_DropZone</name>
    <message>
        <location filename="../consolidation.py" line="47"/>
        <source>Kéo thả tệp gói dữ liệu (.ksp) vào đây</source>
        <translation>Drop package files (.ksp) here</translation>
    </message>
</context>
<context>
    <name>_FieldChoiceTable</name>
    <message>
        <location filename="../consolidation_dialogs.py" line="40"/>
        <source>Câu hỏi</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="40"/>
        <source>Chọn</source>
        <translation>Choice</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="40"/>
        <source>Giá trị cuối</source>
        <translation>Final value</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="55"/>
        <source>(không có)</source>
        <translation>(absent)</translation>
    </message>
    <message>
        <location filename="../consolidation_dialogs.py" line="61"/>
        <source>Sửa</source>
        <translation>Edit</translation>
    </message>
</context>
</TS>
