<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
  <context>
    <name>AcknowledgeQuestion</name>
    <message>
      <source>Đồng ý (OK)</source>
      <translation>Agree (OK)</translation>
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
    <name>QuestionWidget</name>
    <message>
      <source>Lý do xác nhận giá trị này là đúng (Enter để lưu)</source>
      <extracomment>a select_one with more choices than this (or appearance minimal/autocomplete) is a searchable combo text answers are saved this long after the last keystroke (and always when the field is left) digits typed within this time make one choice number (codes such as 10 or 98)</extracomment>
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
      <source>Sao lưu</source>
      <translation>Backup</translation>
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
      <source>lưu cài đặt</source>
      <translation>saving the settings</translation>
    </message>
    <message>
      <source>thêm biểu mẫu</source>
      <translation>adding a form</translation>
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
    <message numerus="yes">
      <source>Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu này (%n phiếu)? Dữ liệu hiện tại được giữ thành một bản an toàn bên cạnh cơ sở dữ liệu.</source>
      <translation>
        <numerusform>Replace all current data with this backup (%n record)? The current data are kept as a safety copy next to the database.</numerusform>
        <numerusform>Replace all current data with this backup (%n records)? The current data are kept as a safety copy next to the database.</numerusform>
      </translation>
    </message>
    <message>
      <source>Ứng dụng tự sao lưu ít nhất mỗi ngày một lần và trước mỗi lần nhập dữ liệu, vào thư mục trên, và giữ {0} bản tự động gần nhất. Bản sao được kiểm tra toàn vẹn sau khi tạo. Nên chọn một thư mục trên USB hoặc ổ đĩa khác để dữ liệu vẫn còn khi máy hỏng; khi không ghi được vào thư mục đã chọn, bản sao được ghi vào thư mục mặc định.</source>
      <translation>The application backs up at least once a day and before every data import, into the folder above, and keeps the newest {0} automatic copies. Each copy is checked for integrity after it is made. Choose a folder on a USB stick or another disk so the data survive if this computer breaks; when the chosen folder cannot be written, the copy goes to the default folder.</translation>
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
      <source>Bản sao lưu (*.db);;Mọi tệp (*)</source>
      <translation>Backups (*.db);;All files (*)</translation>
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
    <name>hub</name>
    <message>
      <source>Đang chờ việc khác ghi xong dữ liệu ({0})…</source>
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
      <source>Có thể khôi phục ngay từ một bản sao lưu (tệp .db trong thư mục sao lưu, thường là USB). Tệp hỏng được giữ lại bên cạnh để có thể gửi đi kiểm tra.</source>
      <translation>You can restore a backup right now (a .db file in the backup folder, usually a USB stick). The damaged file is kept beside it so it can be sent for checking.</translation>
    </message>
    <message>
      <source>Khôi phục từ bản sao lưu…</source>
      <translation>Restore from a backup…</translation>
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
      <source>Bản sao lưu (*.db *.bak);;Mọi tệp (*)</source>
      <translation>Backups (*.db *.bak);;All files (*)</translation>
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
