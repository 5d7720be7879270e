<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
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
</TS>
