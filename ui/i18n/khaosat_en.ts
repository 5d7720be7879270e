<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
  <context>
    <name>AcknowledgeQuestion</name>
    <message>
      <source>Đồng ý (OK)</source>
      <translation>Agree (OK)</translation>
    </message>
  </context>
  <context>
    <name>AddPersonDialog</name>
    <message>
      <source>Thêm người dùng</source>
      <translation>Add a user</translation>
    </message>
    <message>
      <source>Điều tra viên</source>
      <translation>Enumerator</translation>
    </message>
    <message>
      <source>Cán bộ xã</source>
      <translation>Commune clerk</translation>
    </message>
    <message>
      <source>Cấp tỉnh (Sở)</source>
      <translation>Province (department)</translation>
    </message>
    <message>
      <source>Họ và tên</source>
      <translation>Full name</translation>
    </message>
    <message>
      <source>Mã người dùng</source>
      <translation>User code</translation>
    </message>
    <message>
      <source>Vai trò</source>
      <translation>Role</translation>
    </message>
    <message>
      <source>Mã PIN riêng (ít nhất {0} ký tự)</source>
      <translation>Own PIN (at least {0} characters)</translation>
    </message>
    <message>
      <source>Thêm</source>
      <translation>Add</translation>
    </message>
    <message>
      <source>Huỷ</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Nhập họ tên (ít nhất 2 ký tự).</source>
      <translation>Enter the name (at least 2 characters).</translation>
    </message>
  </context>
  <context>
    <name>CameraDialog</name>
    <message>
      <source>Chụp ảnh</source>
      <translation>Take picture</translation>
    </message>
    <message>
      <source>Hướng máy ảnh vào đối tượng rồi bấm Chụp (Enter).</source>
      <translation>Point the camera at the subject, then press Take (Enter).</translation>
    </message>
    <message>
      <source>Chụp</source>
      <translation>Take</translation>
    </message>
    <message>
      <source>Hủy</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Máy ảnh báo lỗi: %1. Hãy đóng rồi thử lại, hoặc đính kèm ảnh chụp sẵn.</source>
      <translation>The camera reports an error: %1. Close and try again, or attach a picture taken before.</translation>
    </message>
  </context>
  <context>
    <name>ChoiceQuestion</name>
    <message>
      <source>Đang gõ mã {0}… (gõ tiếp chữ số, hoặc Enter/Space để chọn {0})</source>
      <translation>Typing code {0}… (type the next digit, or Enter/Space to choose {0})</translation>
    </message>
  </context>
  <context>
    <name>ChoosePinDialog</name>
    <message>
      <source>Khảo sát số — Bảo vệ dữ liệu</source>
      <translation>Khảo sát số — Protect the data</translation>
    </message>
    <message>
      <source>Mã PIN (ít nhất {0} ký tự)</source>
      <translation>PIN (at least {0} characters)</translation>
    </message>
    <message>
      <source>Nhập lại mã PIN</source>
      <translation>PIN again</translation>
    </message>
    <message>
      <source>Tiếp tục</source>
      <translation>Continue</translation>
    </message>
    <message>
      <source>Thoát</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>Hai lần nhập mã PIN không giống nhau.</source>
      <translation>The two PINs are not the same.</translation>
    </message>
  </context>
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
      <source>Nhập từ ODK Collect…</source>
      <translation>Import from ODK Collect…</translation>
    </message>
    <message>
      <source>Nhập các phiếu đã lưu trên điện thoại cắm qua cáp USB: chọn thư mục instances của ODK Collect</source>
      <translation>Import the records saved on a phone connected by USB cable: choose ODK Collect's instances folder</translation>
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
      <source>Phiếu ngoài địa bàn…</source>
      <translation>Records outside the area…</translation>
    </message>
    <message>
      <source>Phiếu mới thuộc xã ngoài địa bàn của máy này: đang được giữ, chưa vào cơ sở dữ liệu, chờ nhận hoặc từ chối</source>
      <translation>New records of communes outside this unit's area: held, not in the database, waiting to be accepted or refused</translation>
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
      <source>Phiếu ngoài địa bàn (%1)…</source>
      <translation>Records outside the area (%1)…</translation>
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
      <source>Chọn thư mục instances của ODK Collect</source>
      <translation>Choose ODK Collect's instances folder</translation>
    </message>
    <message>
      <source>Đang nhập phiếu ODK Collect…</source>
      <translation>Importing ODK Collect records…</translation>
    </message>
    <message>
      <source>nhập phiếu ODK Collect</source>
      <translation>importing ODK Collect records</translation>
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
    <message numerus="yes">
      <source>⚠ %n phiếu mới thuộc xã ngoài địa bàn của máy này đang được giữ, chưa vào cơ sở dữ liệu: bấm “Phiếu ngoài địa bàn…” để nhận hoặc từ chối.</source>
      <translation>
        <numerusform>⚠ %n new record of a commune outside this unit's area is held, not in the database: press “Records outside the area…” to accept or refuse it.</numerusform>
        <numerusform>⚠ %n new records of communes outside this unit's area are held, not in the database: press “Records outside the area…” to accept or refuse them.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>   … và %n phiếu khác</source>
      <translation>
        <numerusform>   … and %n more record</numerusform>
        <numerusform>   … and %n more records</numerusform>
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
    <name>DateQuestion</name>
    <message>
      <source>ngày/tháng/năm</source>
      <translation>day/month/year</translation>
    </message>
  </context>
  <context>
    <name>DateTimeQuestion</name>
    <message>
      <source>ngày/tháng/năm giờ:phút</source>
      <translation>day/month/year hours:minutes</translation>
    </message>
  </context>
  <context>
    <name>DrawDialog</name>
    <message>
      <source>Vẽ lên ảnh</source>
      <extracomment>the largest an image drawn over is shown (and saved): it is scaled down to fit</extracomment>
      <translation>Draw on the image</translation>
    </message>
    <message>
      <source>Ký tên</source>
      <translation>Signature</translation>
    </message>
    <message>
      <source>Vẽ hình</source>
      <translation>Drawing</translation>
    </message>
    <message>
      <source>Vẽ lên ảnh bằng chuột hoặc bút (nét đỏ), rồi bấm Lưu: ảnh đã vẽ thay ảnh cũ.</source>
      <translation>Draw on the image with the mouse or a pen (red strokes), then press Save: the drawn image replaces the old one.</translation>
    </message>
    <message>
      <source>Ký hoặc vẽ trong khung bằng chuột hoặc bút, rồi bấm Lưu.</source>
      <translation>Sign or draw in the box with the mouse or a pen, then press Save.</translation>
    </message>
    <message>
      <source>Lưu</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>Xóa hết</source>
      <translation>Clear</translation>
    </message>
    <message>
      <source>Hủy</source>
      <translation>Cancel</translation>
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
    <name>DuplicatesDialog</name>
    <message>
      <source>Kiểm tra trùng</source>
      <translation>Check duplicates</translation>
    </message>
    <message>
      <source>cùng mã số thuế</source>
      <translation>same tax code</translation>
    </message>
    <message>
      <source>cùng số điện thoại</source>
      <translation>same phone number</translation>
    </message>
    <message>
      <source>cùng số định danh của chủ hộ</source>
      <translation>same head's ID number</translation>
    </message>
    <message>
      <source>cùng tên chủ hộ, năm sinh chủ hộ và thôn</source>
      <translation>same head's name, head's birth year and village</translation>
    </message>
    <message>
      <source>Không thấy phiếu nào có vẻ trùng với phiếu này.</source>
      <translation>No record looks like a duplicate of this one.</translation>
    </message>
    <message numerus="yes">
      <source>%n phiếu có thể trùng (nhấn đúp để mở):</source>
      <translation>
        <numerusform>%n possible duplicate (double-click to open):</numerusform>
        <numerusform>%n possible duplicates (double-click to open):</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>EraseDialog</name>
    <message>
      <source>Xoá dữ liệu cá nhân</source>
      <translation>Erase personal data</translation>
    </message>
    <message>
      <source>Xoá dữ liệu cá nhân của phiếu '{0}' theo yêu cầu của người trả lời. Các câu trả lời dưới đây bị xoá khỏi phiếu, mọi bản cũ và nhật ký thay đổi, ở máy này và ở mọi máy nhận gói sau này; không thể hoàn tác. Các câu khác được giữ, phiếu vẫn được tính trong báo cáo.</source>
      <translation>Erase the personal data of record '{0}' at the respondent's request. The answers below are removed from the record, every earlier version and the audit trail, on this computer and on every computer that receives a package from now on; this cannot be undone. The other answers are kept, and the record still counts in reports.</translation>
    </message>
    <message>
      <source>&amp;Lý do (ghi vào nhật ký, ví dụ: đơn yêu cầu ngày…):</source>
      <translation>&amp;Reason (kept in the audit trail, e.g. request of…):</translation>
    </message>
    <message>
      <source>Huỷ</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Đang xoá dữ liệu cá nhân…</source>
      <translation>Erasing personal data…</translation>
    </message>
    <message>
      <source>xoá dữ liệu cá nhân</source>
      <translation>erasing personal data</translation>
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
    <message>
      <source>Xuất số liệu</source>
      <translation>Export data</translation>
    </message>
    <message>
      <source>mã xã, để trống = tất cả</source>
      <translation>commune code, empty = all</translation>
    </message>
    <message>
      <source>Lọc theo ngày phỏng vấn</source>
      <translation>Filter by interview date</translation>
    </message>
    <message>
      <source>Tên câu hỏi</source>
      <translation>Question names</translation>
    </message>
    <message>
      <source>Nhãn câu hỏi</source>
      <translation>Question labels</translation>
    </message>
    <message>
      <source>Mã</source>
      <translation>Id</translation>
    </message>
    <message>
      <source>Nhãn</source>
      <translation>Labels</translation>
    </message>
    <message>
      <source>Giữ nguyên</source>
      <translation>Keep</translation>
    </message>
    <message>
      <source>Che bớt</source>
      <translation>Mask</translation>
    </message>
    <message>
      <source>Bỏ các cột</source>
      <translation>Drop the columns</translation>
    </message>
    <message>
      <source>Thay dữ liệu cá nhân bằng mã băm hoặc để trống (theo cột 'pii' của biểu mẫu)</source>
      <translation>Replace personal data by hashes or blanks (as the form's 'pii' column says)</translation>
    </message>
    <message>
      <source>Tên, số CCCD, điện thoại, e-mail: cùng một giá trị cho cùng một mã trong tệp xuất này, nhưng không đọc lại được.</source>
      <translation>Names, ID numbers, phones, e-mail: the same value gives the same code within this export, but cannot be read back.</translation>
    </message>
    <message>
      <source>Xuất</source>
      <translation>Export</translation>
    </message>
    <message>
      <source>Đóng</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>Định dạng</source>
      <translation>Format</translation>
    </message>
    <message>
      <source>Biểu mẫu</source>
      <translation>Form</translation>
    </message>
    <message>
      <source>Trạng thái</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Xã</source>
      <translation>Commune</translation>
    </message>
    <message>
      <source>Ngày</source>
      <translation>Dates</translation>
    </message>
    <message>
      <source>Tiêu đề cột</source>
      <translation>Column headers</translation>
    </message>
    <message>
      <source>Phương án trả lời</source>
      <translation>Choices</translation>
    </message>
    <message>
      <source>Dữ liệu cá nhân</source>
      <translation>Personal data</translation>
    </message>
    <message>
      <source>Ngôn ngữ nhãn</source>
      <translation>Label language</translation>
    </message>
    <message>
      <source>Lưu vào</source>
      <translation>Save to</translation>
    </message>
    <message>
      <source>Tất cả biểu mẫu</source>
      <translation>All forms</translation>
    </message>
    <message>
      <source>Lưu tệp Excel</source>
      <translation>Save the Excel file</translation>
    </message>
    <message>
      <source>Chọn thư mục lưu</source>
      <translation>Choose a folder</translation>
    </message>
    <message>
      <source>Hãy chọn nơi lưu (tệp Excel hoặc thư mục).</source>
      <translation>Choose where to save (an Excel file or a folder).</translation>
    </message>
    <message>
      <source>Hãy chọn ít nhất một trạng thái.</source>
      <translation>Choose at least one status.</translation>
    </message>
    <message>
      <source>Đang xuất…</source>
      <translation>Exporting…</translation>
    </message>
    <message>
      <source>Đang xuất số liệu…</source>
      <translation>Exporting data…</translation>
    </message>
    <message numerus="yes">
      <source>Đã xuất %n phiếu vào:</source>
      <translation>
        <numerusform>Exported %n record to:</numerusform>
        <numerusform>Exported %n records to:</numerusform>
      </translation>
    </message>
    <message>
      <source>Đã hủy.</source>
      <translation>Cancelled.</translation>
    </message>
  </context>
  <context>
    <name>FormEntryWindow</name>
    <message>
      <source>Ngôn ngữ phiếu:</source>
      <translation>Questionnaire language:</translation>
    </message>
    <message>
      <source>◀ Trang trước</source>
      <translation>◀ Previous page</translation>
    </message>
    <message>
      <source>Trang sau ▶</source>
      <translation>Next page ▶</translation>
    </message>
    <message>
      <source>Danh sách vấn đề</source>
      <translation>Issue list</translation>
    </message>
    <message>
      <source>Kiểm tra và hoàn thành</source>
      <translation>Check and complete</translation>
    </message>
    <message>
      <source>Cán bộ xã đã trả lại phiếu này để sửa.</source>
      <translation>The commune clerk sent this record back for correction.</translation>
    </message>
    <message>
      <source>Nhận xét: {0}</source>
      <translation>Comment: {0}</translation>
    </message>
    <message>
      <source>Các câu cần xem lại (bấm để đến câu):</source>
      <translation>Questions to look at again (click to go there):</translation>
    </message>
    <message>
      <source>Sửa xong, bấm “Kiểm tra và hoàn thành” rồi gửi lại cho cán bộ xã.</source>
      <translation>When corrected, press “Check and complete”, then send it back to the clerk.</translation>
    </message>
    <message>
      <source>Hoàn thành</source>
      <translation>Complete</translation>
    </message>
    <message>
      <source>chỉ xem</source>
      <translation>view only</translation>
    </message>
    <message>
      <source>không áp dụng</source>
      <translation>not applicable</translation>
    </message>
    <message>
      <source>xong</source>
      <translation>done</translation>
    </message>
    <message numerus="yes">
      <source>%n vấn đề</source>
      <translation>
        <numerusform>%n issue</numerusform>
        <numerusform>%n issues</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n vấn đề cần xử lý</source>
      <translation>
        <numerusform>%n issue to resolve</numerusform>
        <numerusform>%n issues to resolve</numerusform>
      </translation>
    </message>
    <message>
      <source>Đã lưu lúc {0}</source>
      <translation>Saved at {0}</translation>
    </message>
    <message>
      <source>Trang trước (Ctrl+PgUp)</source>
      <translation>Previous page (Ctrl+PgUp)</translation>
    </message>
    <message>
      <source>Trang sau (Ctrl+PgDown)</source>
      <translation>Next page (Ctrl+PgDown)</translation>
    </message>
    <message>
      <source>Danh sách vấn đề (F8)</source>
      <translation>Issue list (F8)</translation>
    </message>
    <message>
      <source>Kiểm tra và hoàn thành (F9)</source>
      <translation>Check and complete (F9)</translation>
    </message>
    <message>
      <source>Ngôn ngữ phiếu (Ctrl+L)</source>
      <translation>Questionnaire language (Ctrl+L)</translation>
    </message>
    <message>
      <source>Các phần của phiếu (F6; Enter để đến phần đang chọn)</source>
      <translation>Sections of the questionnaire (F6; Enter goes to the selected section)</translation>
    </message>
    <message>
      <source>Dữ liệu cá nhân của phiếu này đã được xoá lúc {0} bởi {1} ({2}). Lý do: {3}</source>
      <translation>The personal data of this record was erased on {0} by {1} ({2}). Reason: {3}</translation>
    </message>
    <message>
      <source>(chưa có tên)</source>
      <translation>(no name yet)</translation>
    </message>
    <message>
      <source>(đã xoá dữ liệu cá nhân)</source>
      <translation>(personal data erased)</translation>
    </message>
    <message>
      <source>Đã bỏ ký tự điều khiển không lưu được (ví dụ ký tự NUL) khỏi câu trả lời %1; hãy xem lại câu trả lời đã lưu.</source>
      <translation>Removed control characters an answer cannot hold (such as NUL) from the answer %1; check the answer saved.</translation>
    </message>
    <message>
      <source>Sửa phiếu đã hoàn thành?</source>
      <translation>Edit a completed record?</translation>
    </message>
    <message>
      <source>Phiếu này đã hoàn thành. Nếu sửa, phiếu sẽ chuyển về Nháp; sửa xong cần bấm “Kiểm tra và hoàn thành” lại để phiếu được tính là hoàn thành.

Sửa phiếu?</source>
      <translation>This record is complete. Editing it turns it back into a draft; when you are done, press “Check and complete” again so that it counts as complete.

Edit the record?</translation>
    </message>
    <message>
      <source>Giảm xuống {0} sẽ bỏ {1} dòng đã có câu trả lời: {2}.

Các câu trả lời được giữ lại trong nhật ký và sẽ trở lại nếu tăng số này lên. Tiếp tục?</source>
      <translation>Lowering it to {0} drops {1} lines that have answers: {2}.

The answers are kept in the audit trail and come back if the number goes up again. Continue?</translation>
    </message>
    <message>
      <source>Bỏ bớt thành viên?</source>
      <translation>Drop members?</translation>
    </message>
    <message>
      <source>Xóa thành viên?</source>
      <translation>Remove member?</translation>
    </message>
    <message>
      <source>Xóa dòng {0} {1}? Các dòng sau sẽ lùi lên một số. Câu trả lời vẫn còn trong nhật ký.</source>
      <translation>Remove line {0} {1}? The following lines move up by one. The answers stay in the audit trail.</translation>
    </message>
    <message>
      <source>Phiếu đã hoàn thành và được lưu.</source>
      <translation>The record is complete and saved.</translation>
    </message>
    <message>
      <source>Phiếu đã kiểm tra xong, không còn vấn đề.</source>
      <translation>The record was checked: no open issues.</translation>
    </message>
    <message>
      <source>Chưa trả lời</source>
      <translation>Not answered</translation>
    </message>
    <message>
      <source>Không hợp lệ</source>
      <translation>Not valid</translation>
    </message>
    <message>
      <source>Cần xác nhận</source>
      <translation>Needs confirmation</translation>
    </message>
    <message>
      <source>Dòng {0}: </source>
      <translation>Line {0}: </translation>
    </message>
    <message>
      <source>Không còn vấn đề nào</source>
      <translation>No issues left</translation>
    </message>
  </context>
  <context>
    <name>GeoListQuestion</name>
    <message>
      <source>vĩ độ kinh độ; vĩ độ kinh độ; … (dấu ; giữa các điểm)</source>
      <translation>latitude longitude; latitude longitude; … (a ; between points)</translation>
    </message>
  </context>
  <context>
    <name>GeopointQuestion</name>
    <message>
      <source>vĩ độ kinh độ, ví dụ 21.0285 105.8542</source>
      <translation>latitude longitude, e.g. 21.0285 105.8542</translation>
    </message>
  </context>
  <context>
    <name>HeldRecordsDialog</name>
    <message>
      <source>Phiếu ngoài địa bàn đang được giữ</source>
      <translation>Records from outside the area, held</translation>
    </message>
    <message>
      <source>Các phiếu mới dưới đây thuộc xã ngoài địa bàn của máy này nên chưa được đưa vào cơ sở dữ liệu. Hãy hỏi người gửi rồi chọn phiếu và bấm “Nhận vào cơ sở dữ liệu” hoặc “Từ chối”.</source>
      <translation>The new records below belong to communes outside this unit's area, so they are not in the database yet. Ask the sender, then select records and press “Accept into the database” or “Refuse”.</translation>
    </message>
    <message>
      <source>Phiếu</source>
      <translation>Record</translation>
    </message>
    <message>
      <source>Xã</source>
      <translation>Commune</translation>
    </message>
    <message>
      <source>Lý do</source>
      <translation>Why</translation>
    </message>
    <message>
      <source>Gói gửi đến</source>
      <translation>Brought by</translation>
    </message>
    <message>
      <source>Nhận lúc</source>
      <translation>Received</translation>
    </message>
    <message>
      <source>Nhận vào cơ sở dữ liệu</source>
      <translation>Accept into the database</translation>
    </message>
    <message>
      <source>Từ chối</source>
      <translation>Refuse</translation>
    </message>
    <message>
      <source>Không còn phiếu nào đang được giữ.</source>
      <translation>No record is held any more.</translation>
    </message>
    <message>
      <source>Từ chối phiếu</source>
      <translation>Refuse records</translation>
    </message>
    <message numerus="yes">
      <source>Từ chối %n phiếu? Các phiếu này sẽ không được đưa vào cơ sở dữ liệu (nếu gói khác gửi lại, chúng lại được giữ để hỏi).</source>
      <translation>
        <numerusform>Refuse %n record? It will not enter the database (if another package brings it again, it is held again for a decision).</numerusform>
        <numerusform>Refuse %n records? They will not enter the database (if another package brings them again, they are held again for a decision).</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Đã nhận %n phiếu vào cơ sở dữ liệu.</source>
      <translation>
        <numerusform>Accepted %n record into the database.</numerusform>
        <numerusform>Accepted %n records into the database.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Đã từ chối %n phiếu.</source>
      <translation>
        <numerusform>Refused %n record.</numerusform>
        <numerusform>Refused %n records.</numerusform>
      </translation>
    </message>
    <message>
      <source>Đang xử lý phiếu đang được giữ…</source>
      <translation>Deciding the held records…</translation>
    </message>
    <message>
      <source>nhận hoặc từ chối phiếu ngoài địa bàn</source>
      <translation>accept or refuse records from outside the area</translation>
    </message>
  </context>
  <context>
    <name>IdleLock</name>
    <message>
      <source>Khảo sát số — Đã khoá</source>
      <extracomment>minutes without a key press or mouse move before the application locks (setting ``lock_minutes``) a gap this long between two ticks of the watch timer means the computer was asleep</extracomment>
      <translation>Khảo sát số — Locked</translation>
    </message>
    <message>
      <source>Ứng dụng đã khoá vì lâu không dùng. Mọi câu trả lời đã được lưu. Nhập mã PIN để tiếp tục đúng chỗ đang làm.</source>
      <translation>The application locked after a while without use. Every answer is saved. Enter the PIN to go on where you were.</translation>
    </message>
  </context>
  <context>
    <name>Job</name>
    <message>
      <source>Đang xử lý…</source>
      <translation>Working…</translation>
    </message>
    <message>
      <source>Hủy</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Trang này hiện không mở được; chi tiết đã ghi vào nhật ký.</source>
      <translation>This page cannot be opened at the moment; the details were written to the log.</translation>
    </message>
    <message>
      <source>Khảo sát số</source>
      <extracomment>settings key: "&lt;commune&gt;|&lt;province&gt;|&lt;language&gt;|&lt;place name&gt;" for the status bar</extracomment>
      <translation>Khảo sát số (digital survey)</translation>
    </message>
    <message>
      <source>&amp;Tệp</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>Phiếu mới</source>
      <translation>New record</translation>
    </message>
    <message>
      <source>Sao lưu ngay</source>
      <translation>Back up now</translation>
    </message>
    <message>
      <source>Thoát</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>&amp;Ngôn ngữ</source>
      <translation>&amp;Language</translation>
    </message>
    <message>
      <source>Điều tra viên</source>
      <translation>Enumerator</translation>
    </message>
    <message>
      <source>Cán bộ xã</source>
      <translation>Commune clerk</translation>
    </message>
    <message>
      <source>Cấp tỉnh</source>
      <translation>Province</translation>
    </message>
    <message>
      <source>Đang lưu cài đặt…</source>
      <translation>Saving the settings…</translation>
    </message>
    <message>
      <source>lưu cài đặt</source>
      <translation>saving the settings</translation>
    </message>
    <message>
      <source>Khôi phục</source>
      <translation>Restore</translation>
    </message>
    <message>
      <source>Đã khôi phục. Dữ liệu trước đó được giữ ở:
{0}</source>
      <translation>Restored. The previous data are kept in:
{0}</translation>
    </message>
    <message>
      <source>Đang khôi phục…</source>
      <translation>Restoring…</translation>
    </message>
    <message>
      <source>khôi phục</source>
      <translation>restoring</translation>
    </message>
    <message>
      <source>sao lưu tự động</source>
      <translation>automatic backup</translation>
    </message>
  </context>
  <context>
    <name>MediaQuestion</name>
    <message>
      <source>Xóa tệp (Delete)</source>
      <translation>Remove the file (Delete)</translation>
    </message>
    <message>
      <source>Chụp ảnh… (Ctrl+M)</source>
      <translation>Take picture… (Ctrl+M)</translation>
    </message>
    <message>
      <source>Vẽ lên ảnh… (Ctrl+D)</source>
      <translation>Draw on the image… (Ctrl+D)</translation>
    </message>
    <message>
      <source>Không chụp ảnh bằng máy ảnh được: bản Qt của ứng dụng không có Qt Multimedia. Hãy chụp bằng điện thoại hoặc máy ảnh rồi đính kèm tệp.</source>
      <translation>No camera here: the application's Qt has no Qt Multimedia. Take the picture with a phone or a camera and attach the file.</translation>
    </message>
    <message>
      <source>Đính kèm tệp bản đồ OpenStreetMap (.osm) lưu từ JOSM hoặc OpenMapKit.</source>
      <translation>Attach an OpenStreetMap map file (.osm) saved from JOSM or OpenMapKit.</translation>
    </message>
    <message>
      <source>Các thẻ cần điền: %1.</source>
      <translation>Tags to fill: %1.</translation>
    </message>
    <message>
      <source>Ký lại… (Ctrl+O)</source>
      <translation>Sign again… (Ctrl+O)</translation>
    </message>
    <message>
      <source>Ký tên / vẽ… (Enter)</source>
      <translation>Sign / draw… (Enter)</translation>
    </message>
    <message>
      <source>Thay tệp… (Ctrl+O)</source>
      <translation>Replace the file… (Ctrl+O)</translation>
    </message>
    <message>
      <source>Đính kèm tệp… (Enter)</source>
      <translation>Attach a file… (Enter)</translation>
    </message>
    <message>
      <source>Chưa đính kèm tệp.</source>
      <translation>No file attached.</translation>
    </message>
    <message>
      <source>Ảnh (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.heic)</source>
      <translation>Images (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.heic)</translation>
    </message>
    <message>
      <source>Âm thanh (*.m4a *.mp3 *.wav *.ogg *.amr *.aac)</source>
      <translation>Audio (*.m4a *.mp3 *.wav *.ogg *.amr *.aac)</translation>
    </message>
    <message>
      <source>Video (*.mp4 *.3gp *.mov *.avi *.mkv *.webm)</source>
      <translation>Video (*.mp4 *.3gp *.mov *.avi *.mkv *.webm)</translation>
    </message>
    <message>
      <source>Bản đồ OpenStreetMap (*.osm)</source>
      <translation>OpenStreetMap map (*.osm)</translation>
    </message>
    <message>
      <source>Mọi tệp (*)</source>
      <translation>All files (*)</translation>
    </message>
    <message>
      <source>Chọn tệp đính kèm</source>
      <translation>Choose the file to attach</translation>
    </message>
    <message>
      <source>Không có máy ảnh</source>
      <translation>No camera</translation>
    </message>
    <message>
      <source>Không chụp ảnh bằng máy ảnh được: không nạp được Qt Multimedia (%1). Hãy chụp bằng điện thoại hoặc máy ảnh rồi đính kèm tệp.</source>
      <translation>No camera here: Qt Multimedia cannot be loaded (%1). Take the picture with a phone or a camera and attach the file.</translation>
    </message>
    <message>
      <source>Không tìm thấy máy ảnh (webcam) nào trên máy này. Hãy cắm webcam rồi bấm lại, hoặc chụp bằng điện thoại rồi đính kèm tệp (Enter).</source>
      <translation>No camera (webcam) was found on this computer. Plug in a webcam and press again, or take the picture with a phone and attach the file (Enter).</translation>
    </message>
  </context>
  <context>
    <name>PinDialog</name>
    <message>
      <source>Khảo sát số — Mở khoá dữ liệu</source>
      <translation>Khảo sát số — Unlock the data</translation>
    </message>
    <message>
      <source>Dữ liệu trên máy này được mã hoá. Hãy nhập mã PIN để mở:
{0}</source>
      <translation>The data on this computer is encrypted. Enter the PIN to open it:
{0}</translation>
    </message>
    <message>
      <source>Mã PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>Mở</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>Dùng mã khôi phục…</source>
      <translation>Use the recovery code…</translation>
    </message>
    <message>
      <source>Thoát</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>Đã nhập sai mã PIN nhiều lần: hãy đợi {0} giây.</source>
      <translation>Too many wrong PINs: wait {0} seconds.</translation>
    </message>
  </context>
  <context>
    <name>QuestionWidget</name>
    <message>
      <source>Lý do xác nhận giá trị này là đúng (Enter để lưu)</source>
      <extracomment>a select_one with more choices than this (or appearance minimal/autocomplete) is a searchable combo text answers are saved this long after the last keystroke (and always when the field is left) an attached file by name: (its entry {sha256, size, type} or None, its bytes or None)</extracomment>
      <translation>Why this value is right (Enter to save)</translation>
    </message>
    <message>
      <source>Nhận xét của cán bộ xã: {0}</source>
      <translation>The clerk's comment: {0}</translation>
    </message>
    <message>
      <source>Đã xác nhận: {0}</source>
      <translation>Confirmed: {0}</translation>
    </message>
  </context>
  <context>
    <name>RangeQuestion</name>
    <message>
      <source>(chưa chọn)</source>
      <translation>(not chosen)</translation>
    </message>
  </context>
  <context>
    <name>RecordTableModel</name>
    <message>
      <source>Biểu mẫu</source>
      <extracomment>a search with many matches plus other filters is counted up to this, then loaded as needed</extracomment>
      <translation>Form</translation>
    </message>
    <message>
      <source>Người trả lời / đơn vị</source>
      <translation>Respondent / unit</translation>
    </message>
    <message>
      <source>Thôn/tổ</source>
      <translation>Village</translation>
    </message>
    <message>
      <source>Trạng thái</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Vấn đề</source>
      <translation>Issues</translation>
    </message>
    <message>
      <source>Sửa lần cuối</source>
      <translation>Last change</translation>
    </message>
    <message>
      <source>Điều tra viên</source>
      <translation>Enumerator</translation>
    </message>
    <message>
      <source>Cán bộ xã trả lại phiếu này để sửa.</source>
      <translation>The commune clerk sent this record back for correction.</translation>
    </message>
    <message>
      <source>Nhận xét: {0}</source>
      <translation>Comment: {0}</translation>
    </message>
    <message numerus="yes">
      <source>%n câu có nhận xét — mở phiếu để xem.</source>
      <translation>
        <numerusform>%n question has a comment — open the record to see it.</numerusform>
        <numerusform>%n questions have comments — open the record to see them.</numerusform>
      </translation>
    </message>
    <message>
      <source>(chưa có tên)</source>
      <translation>(no name yet)</translation>
    </message>
    <message>
      <source>(đã xoá dữ liệu cá nhân)</source>
      <translation>(personal data erased)</translation>
    </message>
  </context>
  <context>
    <name>RecordsPage</name>
    <message>
      <source>Tìm theo tên, mã số thuế, số điện thoại…</source>
      <translation>Search names, tax codes, phones…</translation>
    </message>
    <message>
      <source>Thùng rác</source>
      <translation>Recycle bin</translation>
    </message>
    <message>
      <source>+ Phiếu mới</source>
      <translation>+ New record</translation>
    </message>
    <message>
      <source>Mở</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>Đánh dấu hoàn thành</source>
      <translation>Mark complete</translation>
    </message>
    <message>
      <source>Kiểm tra trùng</source>
      <translation>Check duplicates</translation>
    </message>
    <message>
      <source>Xóa</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>Xoá dữ liệu cá nhân…</source>
      <translation>Erase personal data…</translation>
    </message>
    <message>
      <source>Xoá họ tên, CCCD, số điện thoại… của người trả lời (theo cột 'pii' của biểu mẫu) khỏi phiếu, ở máy này và mọi máy nhận gói sau này</source>
      <translation>Erase the respondent's name, ID card number, phone number… (the form's 'pii' column) from the record, on this computer and on every computer that receives a package from now on</translation>
    </message>
    <message>
      <source>Mọi biểu mẫu</source>
      <translation>All forms</translation>
    </message>
    <message>
      <source>Mọi trạng thái</source>
      <translation>All statuses</translation>
    </message>
    <message>
      <source>Mọi thôn/tổ</source>
      <translation>All villages</translation>
    </message>
    <message>
      <source>Mọi điều tra viên</source>
      <translation>All enumerators</translation>
    </message>
    <message>
      <source>hơn {0} phiếu (tổng {1})</source>
      <translation>more than {0} records (of {1})</translation>
    </message>
    <message numerus="yes">
      <source>%n phiếu</source>
      <translation>
        <numerusform>%n record</numerusform>
        <numerusform>%n records</numerusform>
      </translation>
    </message>
    <message>
      <source>{0} (tổng {1})</source>
      <translation>{0} (of {1})</translation>
    </message>
    <message>
      <source>Thùng rác trống.</source>
      <translation>The recycle bin is empty.</translation>
    </message>
    <message>
      <source>Không có phiếu nào khớp “{0}”. Hãy thử gõ ít chữ hơn (có dấu hay không dấu đều được), kiểm tra bộ lọc, hoặc xóa ô tìm để xem mọi phiếu.</source>
      <translation>No record matches “{0}”. Try fewer letters (with or without diacritics), check the filters, or clear the search box to see every record.</translation>
    </message>
    <message>
      <source>Không có phiếu nào theo bộ lọc đang chọn. Chọn “Mọi …” ở các ô lọc để xem mọi phiếu.</source>
      <translation>No record matches the chosen filters. Choose “All …” in the filter boxes to see every record.</translation>
    </message>
    <message>
      <source>Chưa có phiếu nào. Bấm “+ Phiếu mới” (Ctrl+N) để bắt đầu phỏng vấn.</source>
      <translation>No records yet. Press “+ New record” (Ctrl+N) to start an interview.</translation>
    </message>
    <message>
      <source>Phiếu cán bộ xã trả lại để sửa: nhập gói ở trang “Gửi dữ liệu”.</source>
      <translation>Records the clerk sends back for correction: import the package on the “Transfer” page.</translation>
    </message>
    <message>
      <source>Phiếu của điều tra viên: nhập các gói dữ liệu (.ksp) ở trang “Hợp nhất”.</source>
      <translation>The enumerators' records: import their packages (.ksp) on the “Consolidation” page.</translation>
    </message>
    <message>
      <source>Khôi phục</source>
      <translation>Restore</translation>
    </message>
    <message>
      <source>Chưa có biểu mẫu</source>
      <translation>No form yet</translation>
    </message>
    <message>
      <source>Hãy thêm một biểu mẫu trong Cài đặt → Biểu mẫu.</source>
      <translation>Add a form in Settings → Forms.</translation>
    </message>
    <message>
      <source>Phiếu mới</source>
      <translation>New record</translation>
    </message>
    <message>
      <source>Chọn biểu mẫu:</source>
      <translation>Choose the form:</translation>
    </message>
    <message>
      <source>Chưa hoàn thành</source>
      <translation>Not complete</translation>
    </message>
    <message>
      <source>Mở phiếu để xem các vấn đề?</source>
      <translation>Open the record to see the issues?</translation>
    </message>
    <message>
      <source>Xóa phiếu?</source>
      <translation>Delete record?</translation>
    </message>
    <message>
      <source>Chuyển phiếu '{0}' vào thùng rác? Có thể khôi phục lại bất cứ lúc nào.</source>
      <translation>Move record '{0}' to the recycle bin? It can be restored at any time.</translation>
    </message>
  </context>
  <context>
    <name>RecoveryCodeDialog</name>
    <message>
      <source>Mã khôi phục — chỉ hiện một lần</source>
      <translation>Recovery code — shown only once</translation>
    </message>
    <message>
      <source>Nếu quên mã PIN, chỉ mã khôi phục này mở được dữ liệu (cả các bản sao lưu). Hãy in tờ mã khôi phục hoặc chép tay, rồi cất ở nơi an toàn của xã — không để cùng máy tính.</source>
      <translation>If the PIN is forgotten, only this recovery code opens the data (and its backups). Print the recovery sheet or copy the code by hand, and keep it somewhere safe at the commune — not with the computer.</translation>
    </message>
    <message>
      <source>Lưu tờ mã khôi phục (PDF) để in…</source>
      <translation>Save the recovery sheet (PDF) to print…</translation>
    </message>
    <message>
      <source>Tôi đã in hoặc chép lại mã khôi phục</source>
      <translation>I have printed or copied the recovery code</translation>
    </message>
    <message>
      <source>Tiếp tục</source>
      <translation>Continue</translation>
    </message>
    <message>
      <source>Lưu tờ mã khôi phục</source>
      <translation>Save the recovery sheet</translation>
    </message>
  </context>
  <context>
    <name>RecoveryEntryDialog</name>
    <message>
      <source>Mở bằng mã khôi phục</source>
      <translation>Open with the recovery code</translation>
    </message>
    <message>
      <source>Nhập mã khôi phục trên tờ giấy đã in khi cài đặt (14 nhóm 4 ký tự), rồi chọn mã PIN mới.</source>
      <translation>Enter the recovery code from the sheet printed at setup (14 groups of 4 characters), then choose a new PIN.</translation>
    </message>
    <message>
      <source>Mã khôi phục</source>
      <translation>Recovery code</translation>
    </message>
    <message>
      <source>Mã PIN mới</source>
      <translation>New PIN</translation>
    </message>
    <message>
      <source>Nhập lại mã PIN mới</source>
      <translation>New PIN again</translation>
    </message>
    <message>
      <source>Mở</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>Huỷ</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Hai lần nhập mã PIN mới không giống nhau.</source>
      <translation>The two new PINs are not the same.</translation>
    </message>
  </context>
  <context>
    <name>ReportsPage</name>
    <message>
      <source>Báo cáo cấp xã</source>
      <extracomment>preview PDFs hold personal data (every filled questionnaire): they live in the application's own folder (not the shared temp folder), are deleted when replaced, when the page goes and when the application quits, and whatever a crash left behind is removed the next time the page opens a preview folder untouched for this long was left by a run that ended without cleaning up held by every use of PDFium (not thread-safe), whichever thread it runs on</extracomment>
      <translation>Commune report</translation>
    </message>
    <message>
      <source>Báo cáo cấp tỉnh</source>
      <translation>Province report</translation>
    </message>
    <message>
      <source>Phiếu trắng để in</source>
      <translation>Blank questionnaire to print</translation>
    </message>
    <message>
      <source>Tất cả phiếu đã điền</source>
      <translation>All filled questionnaires</translation>
    </message>
    <message>
      <source>Xem trước</source>
      <translation>Preview</translation>
    </message>
    <message>
      <source>Lưu PDF…</source>
      <translation>Save PDF…</translation>
    </message>
    <message>
      <source>Xuất số liệu…</source>
      <translation>Export data…</translation>
    </message>
    <message>
      <source>Chọn loại tài liệu rồi bấm “Xem trước”.</source>
      <translation>Choose a document, then press “Preview”.</translation>
    </message>
    <message>
      <source>Tài liệu PDF</source>
      <translation>PDF documents</translation>
    </message>
    <message>
      <source>Loại</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>Biểu mẫu</source>
      <translation>Form</translation>
    </message>
    <message>
      <source>Ngôn ngữ</source>
      <translation>Language</translation>
    </message>
    <message>
      <source>Số liệu cho phân tích</source>
      <translation>Data for analysis</translation>
    </message>
    <message>
      <source>CSV, Excel, Stata, SPSS có nhãn biến và nhãn giá trị.</source>
      <translation>CSV, Excel, Stata, SPSS with variable and value labels.</translation>
    </message>
    <message>
      <source>Đang lập tài liệu…</source>
      <translation>Making the document…</translation>
    </message>
    <message>
      <source>Đã hủy.</source>
      <translation>Cancelled.</translation>
    </message>
    <message numerus="yes">
      <source>%n trang</source>
      <translation>
        <numerusform>%n page</numerusform>
        <numerusform>%n pages</numerusform>
      </translation>
    </message>
    <message>
      <source>Xem trước xong. Bấm “Lưu PDF…” để lưu.</source>
      <translation>Preview ready. Press “Save PDF…” to save it.</translation>
    </message>
    <message>
      <source>Lưu PDF</source>
      <translation>Save PDF</translation>
    </message>
    <message>
      <source>Đã lưu: %1</source>
      <translation>Saved: %1</translation>
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
    <name>RosterWidget</name>
    <message>
      <source>+ Thêm thành viên</source>
      <translation>+ Add member</translation>
    </message>
    <message>
      <source>Xóa thành viên đang chọn</source>
      <translation>Remove the selected member</translation>
    </message>
    <message>
      <source>Số dòng theo câu: {0}</source>
      <translation>Number of lines set by: {0}</translation>
    </message>
    <message>
      <source>Dòng</source>
      <translation>Line</translation>
    </message>
    <message>
      <source>Vấn đề</source>
      <translation>Issues</translation>
    </message>
    <message>
      <source>Dòng {0}: {1}</source>
      <translation>Line {0}: {1}</translation>
    </message>
    <message>
      <source>Dòng {0}</source>
      <translation>Line {0}</translation>
    </message>
  </context>
  <context>
    <name>SearchCombo</name>
    <message>
      <source>Gõ để tìm…</source>
      <translation>Type to search…</translation>
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <source>Mã thiết bị (tạo một lần, không đổi): {0}</source>
      <translation>Device id (made once, never changes): {0}</translation>
    </message>
    <message>
      <source>Lưu cài đặt</source>
      <translation>Save settings</translation>
    </message>
    <message>
      <source>Thông tin cài đặt</source>
      <translation>Setup</translation>
    </message>
    <message>
      <source>Biểu mẫu</source>
      <translation>Form</translation>
    </message>
    <message>
      <source>Mã</source>
      <translation>Id</translation>
    </message>
    <message>
      <source>Các phiên bản</source>
      <translation>Versions</translation>
    </message>
    <message>
      <source>Số phiếu</source>
      <translation>Records</translation>
    </message>
    <message>
      <source>Thêm biểu mẫu từ tệp XLSForm…</source>
      <translation>Add a form from an XLSForm file…</translation>
    </message>
    <message>
      <source>Phiên bản mới của một biểu mẫu dùng cho phiếu mới; phiếu cũ giữ phiên bản đã nhập.</source>
      <translation>A newer version of a form serves new records; older records keep the version they were entered with.</translation>
    </message>
    <message>
      <source>Biểu mẫu nhận được trong gói, đang chờ quyết định (người gửi chưa được tin cậy):</source>
      <translation>Forms received in packages, waiting for a decision (the sender is not trusted):</translation>
    </message>
    <message>
      <source>Phiên bản</source>
      <translation>Version</translation>
    </message>
    <message>
      <source>Người gửi</source>
      <translation>Sender</translation>
    </message>
    <message>
      <source>Mã khóa người gửi</source>
      <translation>Sender's key fingerprint</translation>
    </message>
    <message>
      <source>Cài đặt biểu mẫu đã chọn</source>
      <translation>Install the selected form</translation>
    </message>
    <message>
      <source>Từ chối</source>
      <translation>Refuse</translation>
    </message>
    <message>
      <source>Các biểu mẫu</source>
      <translation>Forms</translation>
    </message>
    <message>
      <source>Chọn thư mục sao lưu…</source>
      <translation>Choose backup folder…</translation>
    </message>
    <message>
      <source>Dùng thư mục mặc định</source>
      <translation>Use the default folder</translation>
    </message>
    <message>
      <source>Sao lưu ngay</source>
      <translation>Back up now</translation>
    </message>
    <message>
      <source>Khôi phục từ bản sao lưu…</source>
      <translation>Restore from a backup…</translation>
    </message>
    <message>
      <source>Ứng dụng tự sao lưu ít nhất mỗi ngày một lần và trước mỗi lần nhập dữ liệu, vào thư mục trên, và giữ {0} bản tự động gần nhất (trong giới hạn dung lượng). Giữa hai bản sao đầy đủ, trước mỗi lần nhập, ứng dụng giữ các gói nhận được và ghi một điểm khôi phục (tệp .point) thay vì chép lại toàn bộ dữ liệu; khôi phục một điểm cũng chỉ là một thao tác. Bản sao được kiểm tra toàn vẹn sau khi tạo. Nên chọn một thư mục trên USB hoặc ổ đĩa khác để dữ liệu vẫn còn khi máy hỏng; khi không ghi được vào thư mục đã chọn, bản sao được ghi vào thư mục mặc định.</source>
      <translation>The application backs up at least once a day and before every data import, into the folder above, and keeps the newest {0} automatic copies (within a disk budget). Between two full copies, before each import, it keeps the received packages and writes a restore point (a .point file) instead of copying all the data again; restoring a point is one action too. Each copy is checked for integrity after it is made. Choose a folder on a USB stick or another disk so the data survive if this computer breaks; when the chosen folder cannot be written, the copy goes to the default folder.</translation>
    </message>
    <message>
      <source>Sao lưu</source>
      <translation>Backup</translation>
    </message>
    <message>
      <source>Họ và tên</source>
      <translation>Full name</translation>
    </message>
    <message>
      <source>Mã người dùng</source>
      <translation>User code</translation>
    </message>
    <message>
      <source>Vai trò</source>
      <translation>Role</translation>
    </message>
    <message>
      <source>Thêm người dùng…</source>
      <translation>Add a user…</translation>
    </message>
    <message>
      <source>Người dùng</source>
      <translation>Users</translation>
    </message>
    <message>
      <source>Đang lưu…</source>
      <translation>Saving…</translation>
    </message>
    <message>
      <source>Thư mục sao lưu: {0}</source>
      <translation>Backup folder: {0}</translation>
    </message>
    <message>
      <source>Điều tra viên</source>
      <translation>Enumerator</translation>
    </message>
    <message>
      <source>Cán bộ xã</source>
      <translation>Commune clerk</translation>
    </message>
    <message>
      <source>Cấp tỉnh (Sở)</source>
      <translation>Province (department)</translation>
    </message>
    <message>
      <source>Mỗi người dùng chung máy có mã PIN riêng: mã PIN mở ứng dụng cho biết ai đang làm, và nhật ký thay đổi, quyết định duyệt phiếu, gói dữ liệu ghi tên người đó. Mã PIN chọn lúc cài đặt vẫn là mã của máy (người trong "Thông tin cài đặt").</source>
      <translation>Each person sharing this computer has a PIN of their own: the PIN that opens the application tells who is working, and the audit trail, review decisions and data packages name that person. The PIN chosen at setup stays the computer's own (the person in "Setup").</translation>
    </message>
    <message>
      <source>Cơ sở dữ liệu này chưa được mã hoá bằng mã PIN nên chưa thêm được người dùng.</source>
      <translation>This database is not encrypted with a PIN yet, so no users can be added.</translation>
    </message>
    <message>
      <source>thêm người dùng</source>
      <translation>adding a user</translation>
    </message>
    <message>
      <source>Hãy chọn một biểu mẫu trong danh sách.</source>
      <translation>Choose a form in the list.</translation>
    </message>
    <message>
      <source>cài đặt biểu mẫu</source>
      <translation>installing a form</translation>
    </message>
    <message>
      <source>Đã cài đặt {0} phiên bản {1}. Phiếu mới sẽ dùng phiên bản mới nhất.</source>
      <translation>Installed {0} version {1}. New records use the newest version.</translation>
    </message>
    <message>
      <source>từ chối biểu mẫu</source>
      <translation>refusing a form</translation>
    </message>
    <message>
      <source>lưu cài đặt</source>
      <translation>saving the settings</translation>
    </message>
    <message>
      <source>Cảnh báo:</source>
      <translation>Warnings:</translation>
    </message>
    <message>
      <source>thêm biểu mẫu</source>
      <translation>adding a form</translation>
    </message>
    <message>
      <source>Biểu mẫu cần các tệp đính kèm sau nhưng không thấy chúng bên cạnh tệp biểu mẫu: {0}. Danh sách lựa chọn và pulldata() lấy dữ liệu từ các tệp này. Chọn các tệp ngay bây giờ?</source>
      <translation>The form needs these attachments, which are not beside the form file: {0}. Its choice lists and pulldata() read from them. Choose the files now?</translation>
    </message>
    <message>
      <source>Chọn tệp đính kèm của biểu mẫu</source>
      <translation>Choose the form's attachments</translation>
    </message>
    <message>
      <source>Tệp dữ liệu (*.csv *.xml *.geojson);;Mọi tệp (*)</source>
      <translation>Data files (*.csv *.xml *.geojson);;All files (*)</translation>
    </message>
    <message>
      <source>Vẫn còn thiếu tệp đính kèm: {0}. Hãy chọn tệp đúng tên như biểu mẫu ghi, hoặc thêm lại biểu mẫu từ thư mục có các tệp này.</source>
      <translation>Attachments still missing: {0}. Choose the files with the names the form uses, or add the form again from the folder that holds them.</translation>
    </message>
    <message>
      <source>Đã thêm các tệp đính kèm của biểu mẫu '{0}'.</source>
      <translation>The attachments of form '{0}' were added.</translation>
    </message>
    <message>
      <source>thêm tệp đính kèm</source>
      <translation>adding attachments</translation>
    </message>
    <message>
      <source>sao lưu</source>
      <translation>backup</translation>
    </message>
    <message numerus="yes">
      <source>Đã sao lưu %n phiếu vào:
{0}</source>
      <translation>
        <numerusform>Backed up %n record to:
{0}</numerusform>
        <numerusform>Backed up %n records to:
{0}</numerusform>
      </translation>
    </message>
    <message>
      <source>Bản sao lưu (*.db *.point);;Mọi tệp (*)</source>
      <translation>Backups (*.db *.point);;All files (*)</translation>
    </message>
    <message numerus="yes">
      <source>Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu này (%n phiếu)? Dữ liệu hiện tại được giữ thành một bản an toàn bên cạnh cơ sở dữ liệu.</source>
      <translation>
        <numerusform>Replace all current data with this backup (%n record)? The current data are kept as a safety copy next to the database.</numerusform>
        <numerusform>Replace all current data with this backup (%n records)? The current data are kept as a safety copy next to the database.</numerusform>
      </translation>
    </message>
    <message>
      <source>Thư mục sao lưu (mặc định, cạnh cơ sở dữ liệu): {0}</source>
      <translation>Backup folder (the default, beside the database): {0}</translation>
    </message>
    <message>
      <source>Lần sao lưu gần nhất: {0}</source>
      <translation>Last backup: {0}</translation>
    </message>
    <message>
      <source>Chưa sao lưu lần nào.</source>
      <translation>No backup yet.</translation>
    </message>
    <message>
      <source>Cài đặt</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>Đã lưu cài đặt.</source>
      <translation>Settings saved.</translation>
    </message>
    <message>
      <source>Chọn tệp XLSForm</source>
      <translation>Choose an XLSForm file</translation>
    </message>
    <message>
      <source>XLSForm (*.xlsx *.xls *.md *.csv)</source>
      <translation>XLSForm (*.xlsx *.xls *.md *.csv)</translation>
    </message>
    <message>
      <source>Biểu mẫu có lỗi</source>
      <translation>The form has errors</translation>
    </message>
    <message>
      <source>Không thêm được '{0}'. Hãy sửa các lỗi sau rồi thử lại:</source>
      <translation>'{0}' was not added. Fix these problems and try again:</translation>
    </message>
    <message>
      <source>Đã thêm biểu mẫu '{0}' phiên bản {1}.</source>
      <translation>Added form '{0}' version {1}.</translation>
    </message>
    <message>
      <source>Phiếu mới sẽ dùng phiên bản này; phiếu cũ giữ phiên bản cũ.</source>
      <translation>New records use this version; older records keep theirs.</translation>
    </message>
    <message>
      <source>Biểu mẫu '{0}' phiên bản {1} đã có sẵn.</source>
      <translation>Form '{0}' version {1} is already there.</translation>
    </message>
    <message>
      <source>Chọn thư mục sao lưu (ví dụ USB)</source>
      <translation>Choose the backup folder (e.g. a USB stick)</translation>
    </message>
    <message>
      <source>Chọn bản sao lưu</source>
      <translation>Choose a backup</translation>
    </message>
    <message>
      <source>Khôi phục?</source>
      <translation>Restore?</translation>
    </message>
  </context>
  <context>
    <name>SetupDialog</name>
    <message>
      <source>Khảo sát số — Cài đặt lần đầu</source>
      <translation>Khảo sát số — First-time setup</translation>
    </message>
    <message>
      <source>Chào mừng! Hãy cho biết ai dùng máy này và ở đâu. Có thể đổi sau trong Cài đặt.</source>
      <translation>Welcome! Tell us who uses this computer and where. You can change it later in Settings.</translation>
    </message>
    <message>
      <source>Mã thiết bị: {0}</source>
      <translation>Device id: {0}</translation>
    </message>
    <message>
      <source>Bắt đầu</source>
      <translation>Start</translation>
    </message>
  </context>
  <context>
    <name>SetupWidget</name>
    <message>
      <source>Điều tra viên</source>
      <translation>Enumerator</translation>
    </message>
    <message>
      <source>Cán bộ xã</source>
      <translation>Commune clerk</translation>
    </message>
    <message>
      <source>Cấp tỉnh (Sở)</source>
      <translation>Province (department)</translation>
    </message>
    <message>
      <source>Ví dụ: Nguyễn Thị Lan</source>
      <translation>E.g. Nguyễn Thị Lan</translation>
    </message>
    <message>
      <source>Ví dụ: DTV01</source>
      <translation>E.g. DTV01</translation>
    </message>
    <message>
      <source>Vai trò</source>
      <translation>Role</translation>
    </message>
    <message>
      <source>Họ và tên</source>
      <translation>Full name</translation>
    </message>
    <message>
      <source>Mã người dùng</source>
      <translation>User code</translation>
    </message>
    <message>
      <source>Tỉnh/thành phố</source>
      <translation>Province</translation>
    </message>
    <message>
      <source>Xã/phường/đặc khu</source>
      <translation>Commune/ward</translation>
    </message>
    <message>
      <source>Ngôn ngữ giao diện</source>
      <translation>Interface language</translation>
    </message>
  </context>
  <context>
    <name>SyncPage</name>
    <message>
      <source>Máy chủ của tỉnh (ODK Central hoặc KoboToolbox)</source>
      <translation>The province's server (ODK Central or KoboToolbox)</translation>
    </message>
    <message>
      <source>https://máy-chủ — hoặc dán liên kết người dùng ứng dụng của Central</source>
      <translation>https://server — or paste Central's app-user link</translation>
    </message>
    <message>
      <source>Dán nguyên liên kết https://…/v1/key/…/projects/… (hoặc nội dung mã QR) do tỉnh cấp: không cần tên đăng nhập và mật khẩu.</source>
      <translation>Paste the whole https://…/v1/key/…/projects/… link (or the QR code's text) from the province: no user name or password needed.</translation>
    </message>
    <message>
      <source>số dự án trên ODK Central, ví dụ 3</source>
      <translation>the ODK Central project number, e.g. 3</translation>
    </message>
    <message>
      <source>chỉ khi tỉnh dùng chứng chỉ riêng (tệp .pem)</source>
      <translation>only if the province uses its own certificates (.pem file)</translation>
    </message>
    <message>
      <source>Chọn…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source>Phiếu hoàn thành</source>
      <translation>Complete records</translation>
    </message>
    <message>
      <source>Phiếu đã duyệt</source>
      <translation>Approved records</translation>
    </message>
    <message>
      <source>Địa chỉ máy chủ:</source>
      <translation>Server address:</translation>
    </message>
    <message>
      <source>Dự án:</source>
      <translation>Project:</translation>
    </message>
    <message>
      <source>Tên đăng nhập:</source>
      <translation>User name:</translation>
    </message>
    <message>
      <source>Mật khẩu:</source>
      <translation>Password:</translation>
    </message>
    <message>
      <source>Chứng chỉ gốc (CA):</source>
      <translation>Root certificate (CA):</translation>
    </message>
    <message>
      <source>Gửi các phiếu:</source>
      <translation>Send records:</translation>
    </message>
    <message>
      <source>Lưu cài đặt</source>
      <translation>Save settings</translation>
    </message>
    <message>
      <source>Kiểm tra kết nối</source>
      <translation>Check connection</translation>
    </message>
    <message>
      <source>Gửi ngay</source>
      <translation>Send now</translation>
    </message>
    <message>
      <source>Xung đột chờ quyết định</source>
      <translation>Conflicts waiting for a decision</translation>
    </message>
    <message>
      <source>Phiếu</source>
      <translation>Record</translation>
    </message>
    <message>
      <source>Mã đã gửi</source>
      <translation>Id sent</translation>
    </message>
    <message>
      <source>Máy chủ trả lời</source>
      <translation>Server's answer</translation>
    </message>
    <message>
      <source>Gửi thay thế bản trên máy chủ</source>
      <translation>Replace the server's copy</translation>
    </message>
    <message>
      <source>Gửi thành phiếu riêng</source>
      <translation>Send as a separate record</translation>
    </message>
    <message>
      <source>Giữ bản trên máy chủ</source>
      <translation>Keep the server's copy</translation>
    </message>
    <message>
      <source>Nhật ký đồng bộ</source>
      <translation>Sync log</translation>
    </message>
    <message>
      <source>Thời gian</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>Kết quả</source>
      <translation>Result</translation>
    </message>
    <message>
      <source>Chi tiết</source>
      <translation>Details</translation>
    </message>
    <message>
      <source>không cần (đăng nhập bằng liên kết người dùng ứng dụng)</source>
      <translation>not needed (signed in with the app-user link)</translation>
    </message>
    <message>
      <source>đã lưu trong kho khóa của hệ điều hành</source>
      <translation>saved in the operating system's key store</translation>
    </message>
    <message>
      <source>nhập mỗi lần gửi (máy này không có kho khóa để lưu)</source>
      <translation>type it for each sending (no key store on this computer)</translation>
    </message>
    <message>
      <source>chưa lưu</source>
      <translation>not saved</translation>
    </message>
    <message>
      <source>Đã gửi: %1 bản; đang chờ gửi lại: %2; xung đột: %3.</source>
      <translation>Sent: %1 copies; waiting to be resent: %2; conflicts: %3.</translation>
    </message>
    <message>
      <source>Chưa cài đặt máy chủ. Nhập địa chỉ do tỉnh cung cấp rồi bấm Lưu cài đặt.</source>
      <translation>No server set up. Enter the address from the province, then press Save settings.</translation>
    </message>
    <message>
      <source>Đã gửi</source>
      <translation>Sent</translation>
    </message>
    <message>
      <source>Máy chủ đã có</source>
      <translation>Already on server</translation>
    </message>
    <message>
      <source>Lỗi</source>
      <translation>Error</translation>
    </message>
    <message>
      <source>Xung đột</source>
      <translation>Conflict</translation>
    </message>
    <message>
      <source>Chưa gửi</source>
      <translation>Not sent</translation>
    </message>
    <message>
      <source>Lượt gửi</source>
      <translation>Sync run</translation>
    </message>
    <message>
      <source>Hãy chọn ít nhất một loại phiếu để gửi (hoàn thành hoặc đã duyệt).</source>
      <translation>Choose at least one kind of record to send (complete or approved).</translation>
    </message>
    <message>
      <source>Đã lưu cài đặt máy chủ. Mật khẩu (nếu có) nằm trong kho khóa của hệ điều hành.</source>
      <translation>Server settings saved. The password (if any) is in the operating system's key store.</translation>
    </message>
    <message>
      <source>Đang lưu cài đặt máy chủ…</source>
      <translation>Saving the server settings…</translation>
    </message>
    <message>
      <source>lưu cài đặt máy chủ</source>
      <translation>saving the server settings</translation>
    </message>
    <message>
      <source>Đang kiểm tra kết nối…</source>
      <translation>Checking the connection…</translation>
    </message>
    <message>
      <source>• %1: máy chủ chưa có biểu mẫu này</source>
      <translation>• %1: the server does not have this form</translation>
    </message>
    <message>
      <source>• %1: máy chủ có phiên bản %2, máy này có %3</source>
      <translation>• %1: the server has version %2, this computer has %3</translation>
    </message>
    <message>
      <source>• %1: cùng phiên bản %2</source>
      <translation>• %1: same version %2</translation>
    </message>
    <message>
      <source>Đang gửi…</source>
      <translation>Sending…</translation>
    </message>
    <message>
      <source>Đang gửi phiếu lên máy chủ…</source>
      <translation>Sending records to the server…</translation>
    </message>
    <message>
      <source>gửi phiếu lên máy chủ</source>
      <translation>sending records to the server</translation>
    </message>
    <message numerus="yes">
      <source>Đã gửi %n phiếu; máy chủ đã có %2; lỗi %3; chưa gửi %4.</source>
      <translation>
        <numerusform>Sent %n record; already on the server %2; failed %3; not sent %4.</numerusform>
        <numerusform>Sent %n records; already on the server %2; failed %3; not sent %4.</numerusform>
      </translation>
    </message>
    <message>
      <source>Gửi phiếu '%1' của máy này thay cho bản đang có trên máy chủ?</source>
      <translation>Send this computer's record '%1' in place of the server's copy?</translation>
    </message>
    <message>
      <source>Gửi phiếu '%1' thành một phiếu riêng (máy chủ sẽ có cả hai bản)?</source>
      <translation>Send record '%1' as a separate record (the server will have both)?</translation>
    </message>
    <message>
      <source>Giữ bản trên máy chủ và không gửi bản này của phiếu '%1'?</source>
      <translation>Keep the server's copy and not send this copy of record '%1'?</translation>
    </message>
    <message>
      <source>Đang lưu quyết định…</source>
      <translation>Saving the decision…</translation>
    </message>
    <message>
      <source>quyết định xung đột</source>
      <translation>conflict decision</translation>
    </message>
    <message>
      <source>Chọn tệp chứng chỉ gốc của tỉnh</source>
      <translation>Choose the province's root certificate file</translation>
    </message>
    <message>
      <source>Chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)</source>
      <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
      <source>Đồng bộ</source>
      <translation>Sync</translation>
    </message>
  </context>
  <context>
    <name>TimeQuestion</name>
    <message>
      <source>giờ:phút</source>
      <translation>hours:minutes</translation>
    </message>
  </context>
  <context>
    <name>TransferPage</name>
    <message>
      <source>Gửi dữ liệu cho cán bộ xã</source>
      <translation>Send data to the commune clerk</translation>
    </message>
    <message>
      <source>Dữ liệu đi bằng một tệp gói (.ksp): chép vào USB hoặc gửi qua Zalo, e-mail cho cán bộ xã. Gói được ký bằng khóa của máy này; nếu có tệp khóa công khai của xã (hoặc tỉnh), gói được mã hóa để chỉ người nhận đọc được.</source>
      <translation>Data travel as a package file (.ksp): copy it to a USB stick or send it by Zalo or e-mail to the clerk. The package is signed with this computer's key; with the commune's (or province's) public key file it is encrypted so that only the receiver can read it.</translation>
    </message>
    <message>
      <source>1. Gửi phiếu cho cán bộ xã</source>
      <translation>1. Send records to the clerk</translation>
    </message>
    <message>
      <source>Phiếu mới hoặc đã sửa kể từ gói trước gửi cùng người nhận (nên dùng)</source>
      <translation>New or changed since the last package to the same receiver (recommended)</translation>
    </message>
    <message>
      <source>Tất cả phiếu trên máy</source>
      <translation>Every record on this computer</translation>
    </message>
    <message>
      <source>Chỉ phiếu đã hoàn thành</source>
      <translation>Complete records only</translation>
    </message>
    <message>
      <source>Mã hóa cho người nhận — tệp khóa công khai của xã hoặc tỉnh (không bắt buộc):</source>
      <translation>Encrypt for the receiver — the commune's or province's public key file (optional):</translation>
    </message>
    <message>
      <source>không mã hóa</source>
      <translation>not encrypted</translation>
    </message>
    <message>
      <source>Chọn…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source>Bỏ</source>
      <translation>Clear</translation>
    </message>
    <message>
      <source>Xuất gói gửi cán bộ xã…</source>
      <translation>Export a package for the clerk…</translation>
    </message>
    <message>
      <source>2. Nhận phiếu trả lại</source>
      <translation>2. Receive returned records</translation>
    </message>
    <message>
      <source>Cán bộ xã trả lại các phiếu cần sửa kèm nhận xét trong một gói. Nhập gói đó, rồi mở các phiếu “Bị trả lại” ở trang Phiếu khảo sát: nhận xét hiện ngay trên phiếu và bên cạnh từng câu.</source>
      <translation>The clerk returns records to correct, with comments, in a package. Import it, then open the “Returned” records on the Records page: the comments show at the top of the record and beside each question.</translation>
    </message>
    <message>
      <source>Nhập gói trả lại…</source>
      <translation>Import a return package…</translation>
    </message>
    <message>
      <source>Tin cậy người gửi…</source>
      <translation>Trust sender…</translation>
    </message>
    <message>
      <source>Phiếu ngoài địa bàn…</source>
      <translation>Records outside the area…</translation>
    </message>
    <message>
      <source>3. Khóa công khai của máy này</source>
      <translation>3. This computer's public key</translation>
    </message>
    <message>
      <source>Gửi tệp khóa công khai cho cán bộ xã để gói trả lại được mã hóa cho máy này. Khi cần, đọc mã khóa qua điện thoại để hai bên đối chiếu.</source>
      <translation>Give the public key file to the clerk so that return packages are encrypted for this computer. When needed, read the key id over the phone so both sides can compare it.</translation>
    </message>
    <message>
      <source>Lưu tệp khóa công khai…</source>
      <translation>Save the public key file…</translation>
    </message>
    <message>
      <source>Phiếu</source>
      <translation>Record</translation>
    </message>
    <message>
      <source>Nhận xét của cán bộ xã</source>
      <translation>The clerk's comment</translation>
    </message>
    <message>
      <source>Số câu có nhận xét</source>
      <translation>Questions commented</translation>
    </message>
    <message>
      <source>Gửi lúc</source>
      <translation>Sent</translation>
    </message>
    <message>
      <source>Tệp</source>
      <translation>File</translation>
    </message>
    <message>
      <source>Số phiếu</source>
      <translation>Records</translation>
    </message>
    <message>
      <source>Loại</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>Mã hóa cho</source>
      <translation>Encrypted for</translation>
    </message>
    <message>
      <source>Nhập lúc</source>
      <translation>Imported</translation>
    </message>
    <message>
      <source>Người gửi</source>
      <translation>Sender</translation>
    </message>
    <message>
      <source>Kết quả</source>
      <translation>Result</translation>
    </message>
    <message>
      <source>Gói đã gửi</source>
      <translation>Packages sent</translation>
    </message>
    <message>
      <source>Gói đã nhận</source>
      <translation>Packages received</translation>
    </message>
    <message>
      <source>Phiếu ngoài địa bàn (%1)…</source>
      <translation>Records outside the area (%1)…</translation>
    </message>
    <message>
      <source>Đang lưu tệp khóa…</source>
      <translation>Saving the key file…</translation>
    </message>
    <message>
      <source>lưu tệp khóa</source>
      <translation>saving the key file</translation>
    </message>
    <message>
      <source>xuất gói</source>
      <translation>package export</translation>
    </message>
    <message numerus="yes">
      <source>Đã tạo gói {0} với %n phiếu.</source>
      <translation>
        <numerusform>Made the package {0} with %n record.</numerusform>
        <numerusform>Made the package {0} with %n records.</numerusform>
      </translation>
    </message>
    <message>
      <source>nhập gói</source>
      <translation>package import</translation>
    </message>
    <message numerus="yes">
      <source>✓ {0} từ {1}: cập nhật %n phiếu, thêm {2}, không đổi {3}, xung đột {4}.</source>
      <translation>
        <numerusform>✓ {0} from {1}: updated %n record, added {2}, unchanged {3}, conflicts {4}.</numerusform>
        <numerusform>✓ {0} from {1}: updated %n records, added {2}, unchanged {3}, conflicts {4}.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>⚠ %n phiếu không bị thay đổi: gói do người gửi chưa được tin cậy (mã khóa {0}) tạo ra, các thay đổi được giữ lại để xem xét. Chỉ bấm “Tin cậy người gửi…” sau khi đã gọi điện đối chiếu mã khóa.</source>
      <translation>
        <numerusform>⚠ %n record was not changed: the package was made by a sender not trusted yet (key {0}); its changes are kept for review. Press “Trust sender…” only after phoning the sender to compare the key id.</numerusform>
        <numerusform>⚠ %n records were not changed: the package was made by a sender not trusted yet (key {0}); its changes are kept for review. Press “Trust sender…” only after phoning the sender to compare the key id.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>⚠ %n phiếu mới thuộc xã ngoài địa bàn của máy này đang được giữ, chưa vào cơ sở dữ liệu: bấm “Phiếu ngoài địa bàn…” để nhận hoặc từ chối.</source>
      <translation>
        <numerusform>⚠ %n new record of a commune outside this unit's area is held, not in the database: press “Records outside the area…” to accept or refuse it.</numerusform>
        <numerusform>⚠ %n new records of communes outside this unit's area are held, not in the database: press “Records outside the area…” to accept or refuse them.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Đã tin cậy {0} (mã khóa {1}); đã áp dụng %n thay đổi bị giữ lại.</source>
      <translation>
        <numerusform>{0} is trusted now (key {1}); applied %n held change.</numerusform>
        <numerusform>{0} is trusted now (key {1}); applied %n held changes.</numerusform>
      </translation>
    </message>
    <message>
      <source>Gói sẽ được mã hóa cho mã khóa {0}.</source>
      <translation>Packages will be encrypted for key {0}.</translation>
    </message>
    <message>
      <source>Không có tệp khóa: gói chỉ được ký, không mã hóa.</source>
      <translation>No key file: packages are signed, not encrypted.</translation>
    </message>
    <message>
      <source>Mã khóa của máy này: {0}</source>
      <translation>This computer's key id: {0}</translation>
    </message>
    <message>
      <source>(chưa có tên)</source>
      <translation>(no name yet)</translation>
    </message>
    <message>
      <source>Không có phiếu nào đang bị trả lại.</source>
      <translation>No record is returned for correction.</translation>
    </message>
    <message numerus="yes">
      <source>Trên máy: %n phiếu ({0} hoàn thành, {1} nháp, {2} bị trả lại, {3} đã duyệt). Chưa gửi (mới hoặc đã sửa): {4} phiếu.</source>
      <translation>
        <numerusform>On this computer: %n record ({0} complete, {1} draft, {2} returned, {3} approved). Not sent yet (new or changed): {4}.</numerusform>
        <numerusform>On this computer: %n records ({0} complete, {1} draft, {2} returned, {3} approved). Not sent yet (new or changed): {4}.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n phiếu đang bị trả lại để sửa: xem danh sách bên dưới, rồi mở phiếu ở trang Phiếu khảo sát.</source>
      <translation>
        <numerusform>%n record is returned for correction: see the list below, then open it on the Records page.</numerusform>
        <numerusform>%n records are returned for correction: see the list below, then open them on the Records page.</numerusform>
      </translation>
    </message>
    <message>
      <source>Phiếu bị trả lại ({0})</source>
      <translation>Returned records ({0})</translation>
    </message>
    <message>
      <source>tất cả</source>
      <translation>all</translation>
    </message>
    <message>
      <source>thay đổi</source>
      <translation>changes</translation>
    </message>
    <message>
      <source>đã hoàn thành</source>
      <translation>complete</translation>
    </message>
    <message>
      <source>trả lại</source>
      <translation>return</translation>
    </message>
    <message>
      <source>thêm {0} · cập nhật {1} · không đổi {2} · xung đột {3}</source>
      <translation>added {0} · updated {1} · unchanged {2} · conflicts {3}</translation>
    </message>
    <message>
      <source>Tệp khóa công khai của cán bộ xã hoặc tỉnh</source>
      <translation>The clerk's or province's public key file</translation>
    </message>
    <message>
      <source>Khóa công khai (*.pub *.json);;Mọi tệp (*)</source>
      <translation>Public keys (*.pub *.json);;All files (*)</translation>
    </message>
    <message>
      <source>Lưu gói gửi cán bộ xã</source>
      <translation>Save the package for the clerk</translation>
    </message>
    <message>
      <source>Gói dữ liệu (*.ksp)</source>
      <translation>Packages (*.ksp)</translation>
    </message>
    <message>
      <source>Đang xuất gói…</source>
      <translation>Exporting the package…</translation>
    </message>
    <message>
      <source>Mã hóa cho mã khóa {0}.</source>
      <translation>Encrypted for key {0}.</translation>
    </message>
    <message>
      <source>Hãy chép tệp này vào USB hoặc gửi qua Zalo, e-mail cho cán bộ xã.</source>
      <translation>Copy this file to a USB stick or send it by Zalo or e-mail to the clerk.</translation>
    </message>
    <message>
      <source>Chọn gói trả lại</source>
      <translation>Choose the return package</translation>
    </message>
    <message>
      <source>Gói dữ liệu (*.ksp *.zip *.pkg);;Mọi tệp (*)</source>
      <translation>Packages (*.ksp *.zip *.pkg);;All files (*)</translation>
    </message>
    <message>
      <source>Đang nhập gói…</source>
      <translation>Importing the package…</translation>
    </message>
    <message>
      <source>✗ {0} bị từ chối: {1}</source>
      <translation>✗ {0} refused: {1}</translation>
    </message>
    <message>
      <source>• {0} đã được nhập trước đây; không có gì thay đổi.</source>
      <translation>• {0} was imported before; nothing changed.</translation>
    </message>
    <message>
      <source>Từ nay máy này tin cậy người gửi {0}, mã khóa {1}. Nếu chưa chắc, hãy gọi điện cho cán bộ xã để đối chiếu mã khóa.</source>
      <translation>From now on this computer trusts the sender {0}, key id {1}. If in doubt, phone the commune clerk and compare the key id.</translation>
    </message>
    <message>
      <source>Tin cậy {0}, mã khóa:

{1}

Chỉ tin cậy nếu đã gọi điện cho cán bộ xã và họ đọc đúng mã khóa này. Tin cậy người gửi này?</source>
      <translation>Trust {0}, key id:

{1}

Trust them only if you have phoned the commune clerk and they read out this very key id. Trust this sender?</translation>
    </message>
    <message>
      <source>Tin cậy người gửi</source>
      <translation>Trust sender</translation>
    </message>
    <message>
      <source>Đang tin cậy người gửi…</source>
      <translation>Trusting the sender…</translation>
    </message>
    <message>
      <source>tin cậy người gửi</source>
      <translation>trusting a sender</translation>
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
      <source>Đã ghi khóa công khai vào {0}. Mã khóa: {1}.</source>
      <translation>Wrote the public key to {0}. Key id: {1}.</translation>
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
  <context>
    <name>hub</name>
    <message>
      <source>Đang chờ việc khác ghi xong dữ liệu ({0})…</source>
      <extracomment>seconds a UI-thread save waits for a transaction of the application's own writer before giving up</extracomment>
      <translation>Waiting for another job to finish writing ({0})…</translation>
    </message>
    <message>
      <source>một việc khác</source>
      <translation>another job</translation>
    </message>
    <message>
      <source>một chương trình khác</source>
      <translation>another program</translation>
    </message>
  </context>
  <context>
    <name>lock</name>
    <message>
      <source>Khảo sát số</source>
      <translation>Khảo sát số (digital survey)</translation>
    </message>
    <message>
      <source>Chào mừng! Dữ liệu khảo sát có thông tin cá nhân nên được mã hoá trên máy này. Hãy chọn mã PIN để mở ứng dụng (mỗi lần khởi động và sau khi khoá).</source>
      <translation>Welcome! Survey data holds personal information, so it is encrypted on this computer. Choose the PIN that opens the application (at every start and after it locks).</translation>
    </message>
    <message>
      <source>Từ phiên bản này, dữ liệu trên máy được mã hoá để bảo vệ thông tin cá nhân (Luật Bảo vệ dữ liệu cá nhân). Hãy chọn mã PIN: cơ sở dữ liệu và các bản sao lưu sẽ được mã hoá ngay, mọi phiếu được kiểm tra lại trước khi xoá tệp cũ.</source>
      <translation>From this version on, the data on this computer is encrypted to protect personal information (the Personal Data Protection Law). Choose a PIN: the database and its backups are encrypted now, and every record is checked before the old file is removed.</translation>
    </message>
  </context>
  <context>
    <name>messages</name>
    <message>
      <source>Lỗi</source>
      <translation>Error</translation>
    </message>
  </context>
  <context>
    <name>recovery</name>
    <message>
      <source>Khảo sát số</source>
      <extracomment>errors at start that a verified backup can repair</extracomment>
      <translation>Khảo sát số (digital survey)</translation>
    </message>
    <message>
      <source>Bản sao lưu tốt gần nhất: %1 (lúc %2, số phiếu: %3). Khôi phục bản này ngay? Tệp hỏng được giữ lại bên cạnh để có thể gửi đi kiểm tra.</source>
      <translation>The newest good backup: %1 (made %2, records: %3). Restore it now? The damaged file is kept beside it, so that it can be sent for checking.</translation>
    </message>
    <message>
      <source>Khôi phục bản tốt gần nhất</source>
      <translation>Restore the newest good backup</translation>
    </message>
    <message>
      <source>Có thể khôi phục ngay từ một bản sao lưu (tệp .db trong thư mục sao lưu, thường là USB). Tệp hỏng được giữ lại bên cạnh để có thể gửi đi kiểm tra.</source>
      <translation>You can restore a backup right now (a .db file in the backup folder, usually a USB stick). The damaged file is kept beside it so it can be sent for checking.</translation>
    </message>
    <message>
      <source>Khôi phục từ bản sao lưu…</source>
      <translation>Restore from a backup…</translation>
    </message>
    <message>
      <source>Đóng</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>Thoát</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>Chọn bản sao lưu</source>
      <translation>Choose a backup</translation>
    </message>
    <message>
      <source>Bản sao lưu (*.db *.point *.bak);;Mọi tệp (*)</source>
      <translation>Backups (*.db *.point *.bak);;All files (*)</translation>
    </message>
    <message>
      <source>Tiếp tục với dữ liệu còn lại</source>
      <translation>Go on with the data that is left</translation>
    </message>
    <message numerus="yes">
      <source>Đã khôi phục %n phiếu từ bản sao lưu. Tệp hỏng được giữ ở:
{0}</source>
      <translation>
        <numerusform>Restored %n record from the backup. The damaged file is kept in:
{0}</numerusform>
        <numerusform>Restored %n records from the backup. The damaged file is kept in:
{0}</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>status</name>
    <message>
      <source>Nháp</source>
      <translation>Draft</translation>
    </message>
    <message>
      <source>Hoàn thành</source>
      <translation>Complete</translation>
    </message>
    <message>
      <source>Bị trả lại</source>
      <translation>Returned</translation>
    </message>
    <message>
      <source>Đã duyệt</source>
      <translation>Approved</translation>
    </message>
  </context>
  <context>
    <name>pages</name>
    <message>
      <source>Phiếu khảo sát</source>
      <translation>Records</translation>
    </message>
    <message>
      <source>Gửi dữ liệu</source>
      <translation>Transfer</translation>
    </message>
    <message>
      <source>Hợp nhất</source>
      <translation>Consolidation</translation>
    </message>
    <message>
      <source>Báo cáo</source>
      <translation>Reports</translation>
    </message>
    <message>
      <source>Đồng bộ</source>
      <translation>Sync</translation>
    </message>
    <message>
      <source>Cài đặt</source>
      <translation>Settings</translation>
    </message>
  </context>
</TS>
