<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
  <context>
    <name>ConflictDialog</name>
    <message>
      <source>Giải quyết xung đột</source>
      <translation>Resolve conflict</translation>
    </message>
    <message>
      <source>Phiên bản %1</source>
      <translation>Version %1</translation>
    </message>
    <message>
      <source>Phiếu “%1” đã được sửa ở hai nơi. Các ô tô màu là chỗ khác nhau: chọn phiên bản cho từng câu hỏi hoặc sửa giá trị cuối, rồi lưu.</source>
      <translation>Record “%1” was changed in two places. Coloured cells differ: choose a version for each question or edit the final value, then save.</translation>
    </message>
    <message>
      <source>(chưa có tên)</source>
      <translation>(no name yet)</translation>
    </message>
    <message>
      <source>%1: sửa lúc %2 · %3 · %4</source>
      <translation>%1: changed %2 · %3 · %4</translation>
    </message>
    <message>
      <source>Mã phiên bản: %1</source>
      <translation>Revision id: %1</translation>
    </message>
    <message>
      <source>Tất cả theo %1</source>
      <translation>All from %1</translation>
    </message>
    <message>
      <source>Lưu quyết định</source>
      <translation>Save decision</translation>
    </message>
    <message>
      <source>Hủy</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>giải quyết xung đột</source>
      <translation>resolving a conflict</translation>
    </message>
  </context>
  <context>
    <name>ConsolidationPage</name>
    <message>
      <source>Tổng hợp dữ liệu</source>
      <translation>Consolidation</translation>
    </message>
    <message>
      <source>Chọn tệp gói…</source>
      <translation>Choose package files…</translation>
    </message>
    <message>
      <source>Xuất gói…</source>
      <translation>Export package…</translation>
    </message>
    <message>
      <source>Tạo gói trả lại…</source>
      <translation>Make return package…</translation>
    </message>
    <message>
      <source>Khóa công khai của máy này…</source>
      <translation>This installation's public key…</translation>
    </message>
    <message>
      <source>Tin cậy tệp khóa…</source>
      <translation>Trust a key file…</translation>
    </message>
    <message>
      <source>Nhập tệp khóa công khai (.pub) của điều tra viên, xã hoặc tỉnh để gói của họ được cập nhật mọi phiếu</source>
      <translation>Import the public key file (.pub) of an enumerator, commune or province so their packages may update every record</translation>
    </message>
    <message>
      <source>Chưa nhập gói nào trong phiên này.</source>
      <translation>No package imported in this session yet.</translation>
    </message>
    <message>
      <source>Tin cậy người gửi…</source>
      <translation>Trust sender…</translation>
    </message>
    <message>
      <source>Chưa có dữ liệu để hợp nhất. Các bước:
1. Nhận tệp gói (.ksp) từ điều tra viên (USB, Zalo, e-mail) rồi kéo thả vào khung trên hoặc bấm “Chọn tệp gói…”.
2. Xử lý các phiếu xung đột và có thể trùng, rồi duyệt hoặc trả lại từng phiếu ở thẻ “Chờ duyệt”.
3. Gửi phiếu trả lại cho điều tra viên bằng “Tạo gói trả lại…”; gửi dữ liệu của xã lên tỉnh bằng “Xuất gói…”.
Muốn gói được mã hóa cho máy này: gửi tệp “Khóa công khai của máy này…” cho điều tra viên.</source>
      <translation>Nothing to consolidate yet. The steps:
1. Receive the package files (.ksp) from the enumerators (USB, Zalo, e-mail) and drop them on the box above or press “Choose package files…”.
2. Settle conflicts and possible duplicates, then approve or send back each record on the “Awaiting review” tab.
3. Send returned records to the enumerators with “Make return packages…”; send the commune's data to the province with “Export package…”.
To have packages encrypted for this computer, give the enumerators the file from “This computer's public key…”.</translation>
    </message>
    <message>
      <source>Phiếu</source>
      <translation>Record</translation>
    </message>
    <message>
      <source>Biểu mẫu</source>
      <translation>Form</translation>
    </message>
    <message>
      <source>Điều tra viên</source>
      <translation>Enumerator</translation>
    </message>
    <message>
      <source>Xã</source>
      <translation>Commune</translation>
    </message>
    <message>
      <source>Số phiên bản</source>
      <translation>Versions</translation>
    </message>
    <message>
      <source>Phiếu A</source>
      <translation>Record A</translation>
    </message>
    <message>
      <source>Phiếu B</source>
      <translation>Record B</translation>
    </message>
    <message>
      <source>Trùng theo</source>
      <translation>Matching on</translation>
    </message>
    <message>
      <source>Thôn</source>
      <translation>Village</translation>
    </message>
    <message>
      <source>Sửa lần cuối</source>
      <translation>Last change</translation>
    </message>
    <message>
      <source>Nhập lúc</source>
      <translation>Imported</translation>
    </message>
    <message>
      <source>Xã gửi</source>
      <translation>Sending commune</translation>
    </message>
    <message>
      <source>Người gửi</source>
      <translation>Sender</translation>
    </message>
    <message>
      <source>Tệp</source>
      <translation>File</translation>
    </message>
    <message>
      <source>Kết quả</source>
      <translation>Result</translation>
    </message>
    <message>
      <source>Gói đã nhập</source>
      <translation>Imported packages</translation>
    </message>
    <message>
      <source>Mở</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>(chưa có tên)</source>
      <translation>(no name yet)</translation>
    </message>
    <message>
      <source>Xung đột (%1)</source>
      <translation>Conflicts (%1)</translation>
    </message>
    <message>
      <source>Có thể trùng (%1)</source>
      <translation>Possible duplicates (%1)</translation>
    </message>
    <message>
      <source>Chờ duyệt (%1)</source>
      <translation>Awaiting review (%1)</translation>
    </message>
    <message>
      <source>mã số thuế</source>
      <translation>tax code</translation>
    </message>
    <message>
      <source>số điện thoại</source>
      <translation>phone number</translation>
    </message>
    <message>
      <source>chủ hộ, năm sinh, thôn</source>
      <translation>household head, birth year, village</translation>
    </message>
    <message>
      <source>thêm %1 · cập nhật %2 · không đổi %3 · xung đột %4 · có thể trùng %5 · từ chối %6</source>
      <translation>added %1 · updated %2 · unchanged %3 · conflicts %4 · possible duplicates %5 · refused %6</translation>
    </message>
    <message>
      <source>Chọn tệp gói dữ liệu</source>
      <translation>Choose package files</translation>
    </message>
    <message>
      <source>Gói dữ liệu (*.ksp *.zip *.pkg);;Mọi tệp (*)</source>
      <translation>Packages (*.ksp *.zip *.pkg);;All files (*)</translation>
    </message>
    <message>
      <source>Đang nhập %1 gói…</source>
      <translation>Importing %1 packages…</translation>
    </message>
    <message>
      <source>Đang nhập gói dữ liệu…</source>
      <translation>Importing packages…</translation>
    </message>
    <message>
      <source>nhập gói</source>
      <translation>package import</translation>
    </message>
    <message>
      <source>✗ %1 bị từ chối: %2</source>
      <translation>✗ %1 refused: %2</translation>
    </message>
    <message>
      <source>người gửi đã tin cậy</source>
      <translation>trusted sender</translation>
    </message>
    <message>
      <source>người gửi đã biết, chưa tin cậy</source>
      <translation>known sender, not trusted yet</translation>
    </message>
    <message>
      <source>người gửi MỚI</source>
      <translation>NEW sender</translation>
    </message>
    <message>
      <source>✓ %1 từ %2 (%3, %4, mã khóa %5): %6</source>
      <translation>✓ %1 from %2 (%3, %4, key %5): %6</translation>
    </message>
    <message numerus="yes">
      <source>⚠ %n phiếu do người khác gửi hoặc tạo ở máy này không bị thay thế: thay đổi của người gửi chưa được tin cậy (mã khóa %1) được giữ lại thành xung đột để xem xét. Nếu đã gọi điện đối chiếu mã khóa với người gửi, bấm “Tin cậy người gửi…” để áp dụng.</source>
      <translation>
        <numerusform>⚠ %n record sent by someone else or made here was not replaced: the changes of a sender not trusted yet (key %1) are kept as conflicts for review. If you have phoned the sender and compared the key, press “Trust sender…” to apply them.</numerusform>
        <numerusform>⚠ %n records sent by someone else or made here were not replaced: the changes of a sender not trusted yet (key %1) are kept as conflicts for review. If you have phoned the sender and compared the key, press “Trust sender…” to apply them.</numerusform>
      </translation>
    </message>
    <message>
      <source>Đang tin cậy người gửi…</source>
      <translation>Trusting the sender…</translation>
    </message>
    <message>
      <source>tin cậy người gửi</source>
      <translation>trusting a sender</translation>
    </message>
    <message numerus="yes">
      <source>Đã tin cậy %1 (mã khóa %2). Đã áp dụng %3 thay đổi bị giữ lại; %n phiếu vẫn còn xung đột cần xử lý.</source>
      <translation>
        <numerusform>%1 is trusted now (key %2). Held changes applied: %3; %n record still has a conflict to resolve.</numerusform>
        <numerusform>%1 is trusted now (key %2). Held changes applied: %3; %n records still have a conflict to resolve.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Đã tạo %1: %n phiếu.</source>
      <translation>
        <numerusform>Wrote %1: %n record.</numerusform>
        <numerusform>Wrote %1: %n records.</numerusform>
      </translation>
    </message>
    <message>
      <source>Đang xuất gói…</source>
      <translation>Exporting the package…</translation>
    </message>
    <message>
      <source>xuất gói</source>
      <translation>package export</translation>
    </message>
    <message numerus="yes">
      <source>Gói trả lại cho điều tra viên %1 (%n phiếu)</source>
      <translation>
        <numerusform>Return package for enumerator %1 (%n record)</numerusform>
        <numerusform>Return package for enumerator %1 (%n records)</numerusform>
      </translation>
    </message>
    <message>
      <source>Máy của %1 đã gửi gói ký bằng KHÓA MỚI, mã khóa:

%2

Chỉ tin cậy nếu đã gọi điện cho người gửi và họ đọc đúng mã khóa này (ví dụ họ vừa cài lại máy). Khóa cũ của máy đó sẽ không còn được tin cậy. Tin cậy khóa mới?</source>
      <translation>The computer of %1 sent a package signed with a NEW KEY, key id:

%2

Trust it only if you have phoned the sender and they read out this very key id (e.g. they just reinstalled). The computer's old key will no longer be trusted. Trust the new key?</translation>
    </message>
    <message>
      <source>Tin cậy %1, mã khóa:

%2

Chỉ tin cậy nếu đã gọi điện cho người gửi và họ đọc đúng mã khóa này. Sau đó gói của họ được cập nhật mọi phiếu, và các thay đổi đang bị giữ lại được áp dụng ngay. Tin cậy người gửi này?</source>
      <translation>Trust %1, key id:

%2

Trust them only if you have phoned the sender and they read out this very key id. Their packages may then update every record, and their changes held so far are applied now. Trust this sender?</translation>
    </message>
    <message>
      <source>Tin cậy người gửi</source>
      <translation>Trust sender</translation>
    </message>
    <message>
      <source>Chọn tệp khóa công khai</source>
      <translation>Choose the public key file</translation>
    </message>
    <message>
      <source>Khóa công khai (*.pub);;Mọi tệp (*)</source>
      <translation>Public keys (*.pub);;All files (*)</translation>
    </message>
    <message>
      <source>Không nhập được.</source>
      <translation>The import failed.</translation>
    </message>
    <message>
      <source>Đã hủy; các gói đã nhập xong vẫn được giữ, gói đang nhập dở không thay đổi gì.</source>
      <translation>Cancelled; packages already imported are kept, the one in progress changed nothing.</translation>
    </message>
    <message>
      <source>Lưu gói dữ liệu</source>
      <translation>Save package</translation>
    </message>
    <message>
      <source>Gói dữ liệu (*.ksp)</source>
      <translation>Packages (*.ksp)</translation>
    </message>
    <message>
      <source>Mã hóa cho %1.</source>
      <translation>Encrypted for %1.</translation>
    </message>
    <message>
      <source>Gói trả lại</source>
      <translation>Return package</translation>
    </message>
    <message>
      <source>Không có phiếu nào đang bị trả lại.</source>
      <translation>No record is returned for correction.</translation>
    </message>
    <message>
      <source>Lưu khóa công khai của máy này</source>
      <translation>Save this computer's public key</translation>
    </message>
    <message>
      <source>Khóa công khai (*.pub)</source>
      <translation>Public keys (*.pub)</translation>
    </message>
    <message>
      <source>Đang ghi khóa công khai…</source>
      <translation>Writing the public key…</translation>
    </message>
    <message>
      <source>ghi khóa công khai</source>
      <translation>writing the public key</translation>
    </message>
    <message>
      <source>Đã ghi khóa công khai vào %1. Mã khóa: %2 (đọc cho người gửi để đối chiếu).</source>
      <translation>Wrote the public key to %1. Fingerprint: %2 (read it to the sender to compare).</translation>
    </message>
  </context>
  <context>
    <name>DuplicateDialog</name>
    <message>
      <source>Phiếu có thể trùng</source>
      <translation>Possible duplicates</translation>
    </message>
    <message>
      <source>Phiếu A</source>
      <translation>Record A</translation>
    </message>
    <message>
      <source>Phiếu B</source>
      <translation>Record B</translation>
    </message>
    <message>
      <source>Hai phiếu này có cùng mã nhận diện (mã số thuế, chủ hộ/năm sinh/thôn hoặc số điện thoại). Nếu là hai đơn vị khác nhau, chọn “Giữ cả hai”. Nếu là một, chọn phiếu giữ lại, chọn giá trị từng câu rồi “Gộp thành một”: phiếu kia bị xóa mềm và ghi liên kết.</source>
      <translation>These two records share an identifying key (tax code, household head/birth year/village or phone). If they are two different units, choose “Keep both”. If they are one, choose the record to keep, pick each value, then “Merge into one”: the other record is soft-deleted with a link.</translation>
    </message>
    <message>
      <source>Giữ lại:</source>
      <translation>Keep:</translation>
    </message>
    <message>
      <source>%1: %2 (%3, %4, sửa lúc %5)</source>
      <translation>%1: %2 (%3, %4, changed %5)</translation>
    </message>
    <message>
      <source>(chưa có tên)</source>
      <translation>(no name yet)</translation>
    </message>
    <message>
      <source>Giữ cả hai</source>
      <translation>Keep both</translation>
    </message>
    <message>
      <source>Gộp thành một</source>
      <translation>Merge into one</translation>
    </message>
    <message>
      <source>Để sau</source>
      <translation>Later</translation>
    </message>
    <message>
      <source>quyết định phiếu trùng</source>
      <translation>duplicate decision</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <source>Xuất gói dữ liệu</source>
      <translation>Export package</translation>
    </message>
    <message>
      <source>Tất cả phiếu</source>
      <translation>All records</translation>
    </message>
    <message>
      <source>Chỉ phiếu thay đổi kể từ gói trước gửi cùng người nhận</source>
      <translation>Only records changed since the last package to the same receiver</translation>
    </message>
    <message>
      <source>Chỉ phiếu đã hoàn thành hoặc đã duyệt</source>
      <translation>Only complete or approved records</translation>
    </message>
    <message>
      <source>Mã hóa cho người nhận (tệp khóa công khai, không bắt buộc):</source>
      <translation>Encrypt for the receiver (public key file, optional):</translation>
    </message>
    <message>
      <source>Chọn…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source>Xuất…</source>
      <translation>Export…</translation>
    </message>
    <message>
      <source>Hủy</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Tệp khóa công khai của người nhận</source>
      <translation>The receiver's public key file</translation>
    </message>
    <message>
      <source>Khóa công khai (*.pub *.json);;Mọi tệp (*)</source>
      <translation>Public keys (*.pub *.json);;All files (*)</translation>
    </message>
  </context>
  <context>
    <name>ReviewDialog</name>
    <message>
      <source>Duyệt phiếu</source>
      <translation>Review record</translation>
    </message>
    <message>
      <source>Câu hỏi</source>
      <translation>Question</translation>
    </message>
    <message>
      <source>Trả lời</source>
      <translation>Answer</translation>
    </message>
    <message>
      <source>%1 · %2 · trạng thái: %3 · sửa lần cuối %4 · %5 vấn đề chưa xử lý</source>
      <translation>%1 · %2 · status: %3 · last change %4 · open issues: %5</translation>
    </message>
    <message>
      <source>(chưa có tên)</source>
      <translation>(no name yet)</translation>
    </message>
    <message>
      <source>Nhận xét (bấm đúp để ghi)</source>
      <translation>Comment (double-click to write)</translation>
    </message>
    <message>
      <source>Nhận xét chung cho phiếu:</source>
      <translation>Comment on the whole record:</translation>
    </message>
    <message>
      <source>Duyệt</source>
      <translation>Approve</translation>
    </message>
    <message>
      <source>Trả lại để sửa</source>
      <translation>Send back for correction</translation>
    </message>
    <message>
      <source>Đóng</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>duyệt phiếu</source>
      <translation>review decision</translation>
    </message>
  </context>
  <context>
    <name>_DropZone</name>
    <message>
      <source>Kéo thả tệp gói dữ liệu (.ksp) vào đây</source>
      <translation>Drop package files (.ksp) here</translation>
    </message>
  </context>
  <context>
    <name>_FieldChoiceTable</name>
    <message>
      <source>Câu hỏi</source>
      <translation>Question</translation>
    </message>
    <message>
      <source>Chọn</source>
      <translation>Choice</translation>
    </message>
    <message>
      <source>Giá trị cuối</source>
      <translation>Final value</translation>
    </message>
    <message>
      <source>Sửa</source>
      <translation>Edit</translation>
    </message>
  </context>
  <context>
    <name>consolidation</name>
    <message>
      <source>Đang lưu quyết định…</source>
      <translation>Saving the decision…</translation>
    </message>
    <message>
      <source>điều tra viên</source>
      <translation>enumerator</translation>
    </message>
    <message>
      <source>cán bộ xã</source>
      <translation>commune clerk</translation>
    </message>
    <message>
      <source>cấp tỉnh</source>
      <translation>province</translation>
    </message>
    <message>
      <source>(không có)</source>
      <translation>(absent)</translation>
    </message>
    <message>
      <source>đã xóa</source>
      <translation>deleted</translation>
    </message>
    <message>
      <source>không</source>
      <translation>no</translation>
    </message>
    <message>
      <source>Dòng {0}</source>
      <translation>Line {0}</translation>
    </message>
    <message>
      <source>trên máy này</source>
      <translation>on this computer</translation>
    </message>
    <message>
      <source>máy khác</source>
      <translation>another computer</translation>
    </message>
  </context>
</TS>
