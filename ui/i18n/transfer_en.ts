<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
</TS>
