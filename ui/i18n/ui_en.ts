<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AcknowledgeQuestion</name>
    <message>
        <location filename="../entry/questions.py" line="461"/>
        <source>Đồng ý (OK)</source>
        <translation>Agree (OK)</translation>
    </message>
</context>
<context>
    <name>DateQuestion</name>
    <message>
        <location filename="../entry/questions.py" line="250"/>
        <source>ngày/tháng/năm</source>
        <translation>day/month/year</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <location filename="../records_page.py" line="312"/>
        <source>Kiểm tra trùng</source>
        <translation>Check duplicates</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="314"/>
        <source>cùng mã số thuế</source>
        <translation>same tax code</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="314"/>
        <source>cùng số điện thoại</source>
        <translation>same phone number</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="315"/>
        <source>cùng số định danh</source>
        <translation>same ID number</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="315"/>
        <source>cùng tên và thôn</source>
        <translation>same name and village</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="317"/>
        <source>Không thấy phiếu nào có vẻ trùng với phiếu này.</source>
        <translation>No record looks like a duplicate of this one.</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="319"/>
        <source>{0} phiếu có thể trùng (nhấn đúp để mở):</source>
        <translation>{0} possible duplicates (double-click to open):</translation>
    </message>
</context>
<context>
    <name>FormEntryWindow</name>
    <message>
        <location filename="../entry/window.py" line="102"/>
        <source>Ngôn ngữ phiếu:</source>
        <translation>Questionnaire language:</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="112"/>
        <source>◀ Trang trước</source>
        <translation>◀ Previous page</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="113"/>
        <source>Trang sau ▶</source>
        <translation>Next page ▶</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="114"/>
        <source>Danh sách vấn đề</source>
        <translation>Issue list</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="116"/>
        <source>Kiểm tra và hoàn thành</source>
        <translation>Check and complete</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="244"/>
        <source>Nháp</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="244"/>
        <location filename="../entry/window.py" line="626"/>
        <source>Hoàn thành</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="244"/>
        <source>Bị trả lại</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="245"/>
        <source>Đã duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="305"/>
        <source>không áp dụng</source>
        <translation>not applicable</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="308"/>
        <source>xong</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="313"/>
        <source>{0} vấn đề</source>
        <translation>{0} issues</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="347"/>
        <source>Đã lưu lúc {0}</source>
        <translation>Saved at {0}</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="427"/>
        <source>Giảm xuống {0} sẽ bỏ {1} dòng đã có câu trả lời: {2}.

Các câu trả lời được giữ lại trong nhật ký và sẽ trở lại nếu tăng số này lên. Tiếp tục?</source>
        <translation>Lowering it to {0} drops {1} lines that have answers: {2}.

The answers are kept in the audit trail and come back if the number goes up again. Continue?</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="430"/>
        <source>Bỏ bớt thành viên?</source>
        <translation>Drop members?</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="451"/>
        <source>Xóa thành viên?</source>
        <translation>Remove member?</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="452"/>
        <source>Xóa dòng {0} {1}? Các dòng sau sẽ lùi lên một số. Câu trả lời vẫn còn trong nhật ký.</source>
        <translation>Remove line {0} {1}? The following lines move up by one. The answers stay in the audit trail.</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="625"/>
        <source>Phiếu đã hoàn thành và được lưu.</source>
        <translation>The record is complete and saved.</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="626"/>
        <source>Phiếu đã kiểm tra xong, không còn vấn đề.</source>
        <translation>The record was checked: no open issues.</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="630"/>
        <source>Chưa trả lời</source>
        <translation>Not answered</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="630"/>
        <source>Không hợp lệ</source>
        <translation>Not valid</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="631"/>
        <source>Cần xác nhận</source>
        <translation>Needs confirmation</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="637"/>
        <source>Dòng {0}: </source>
        <translation>Line {0}: </translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="643"/>
        <source>{0} vấn đề cần xử lý</source>
        <translation>{0} issues to resolve</translation>
    </message>
    <message>
        <location filename="../entry/window.py" line="644"/>
        <source>Không còn vấn đề nào</source>
        <translation>No issues left</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="82"/>
        <source>Trang này hiện không mở được; chi tiết đã ghi vào nhật ký.</source>
        <translation>This page cannot be opened at the moment; the details were written to the log.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="27"/>
        <source>Khảo sát số</source>
        <translation>Khảo sát số (digital survey)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="111"/>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="112"/>
        <source>Phiếu mới</source>
        <translation>New record</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="116"/>
        <source>Sao lưu ngay</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="121"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="125"/>
        <source>&amp;Ngôn ngữ</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="145"/>
        <source>Điều tra viên</source>
        <translation>Enumerator</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="145"/>
        <source>Cán bộ xã</source>
        <translation>Commune clerk</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="146"/>
        <source>Cấp tỉnh</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="181"/>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="182"/>
        <source>Đã khôi phục. Dữ liệu trước đó được giữ ở:
{0}</source>
        <translation>Restored. The previous data are kept in:
{0}</translation>
    </message>
</context>
<context>
    <name>QuestionWidget</name>
    <message>
        <location filename="../entry/questions.py" line="70"/>
        <source>Lý do xác nhận giá trị này là đúng (Enter để lưu)</source>
        <extracomment>a select_one with more choices than this (or appearance minimal/autocomplete) is a searchable combo text answers are saved this long after the last keystroke (and always when the field is left)</extracomment>
        <translation>Why this value is right (Enter to save)</translation>
    </message>
    <message>
        <location filename="../entry/questions.py" line="125"/>
        <source>Đã xác nhận: {0}</source>
        <translation>Confirmed: {0}</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <location filename="../record_model.py" line="50"/>
        <source>Biểu mẫu</source>
        <extracomment>a search with many matches plus other filters is counted up to this, then loaded as needed short names of the bundled questionnaires for the list (other forms show their title)</extracomment>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="50"/>
        <source>Người trả lời / đơn vị</source>
        <translation>Respondent / unit</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="50"/>
        <source>Thôn/tổ</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="50"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="51"/>
        <source>Vấn đề</source>
        <translation>Issues</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="51"/>
        <source>Sửa lần cuối</source>
        <translation>Last change</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="51"/>
        <source>Điều tra viên</source>
        <translation>Enumerator</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="54"/>
        <source>Nháp</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="54"/>
        <source>Hoàn thành</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="54"/>
        <source>Bị trả lại</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="55"/>
        <source>Đã duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../record_model.py" line="140"/>
        <source>(chưa có tên)</source>
        <translation>(no name yet)</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <location filename="../records_page.py" line="43"/>
        <source>Tìm theo tên, mã số thuế, số điện thoại…</source>
        <translation>Search names, tax codes, phones…</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="57"/>
        <source>Thùng rác</source>
        <translation>Recycle bin</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="85"/>
        <source>+ Phiếu mới</source>
        <translation>+ New record</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="87"/>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="89"/>
        <source>Đánh dấu hoàn thành</source>
        <translation>Mark complete</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="91"/>
        <source>Kiểm tra trùng</source>
        <translation>Check duplicates</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="93"/>
        <location filename="../records_page.py" line="169"/>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="128"/>
        <source>Mọi biểu mẫu</source>
        <translation>All forms</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="129"/>
        <source>Mọi trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="131"/>
        <source>Mọi thôn/tổ</source>
        <translation>All villages</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="132"/>
        <source>Mọi điều tra viên</source>
        <translation>All enumerators</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="162"/>
        <source>hơn {0} phiếu (tổng {1})</source>
        <translation>more than {0} records (of {1})</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="165"/>
        <source>{0} phiếu (tổng {1})</source>
        <translation>{0} records (of {1})</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="169"/>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="194"/>
        <source>Chưa có biểu mẫu</source>
        <translation>No form yet</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="195"/>
        <source>Hãy thêm một biểu mẫu trong Cài đặt → Biểu mẫu.</source>
        <translation>Add a form in Settings → Forms.</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="201"/>
        <source>Phiếu mới</source>
        <translation>New record</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="201"/>
        <source>Chọn biểu mẫu:</source>
        <translation>Choose the form:</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="255"/>
        <source>Chưa hoàn thành</source>
        <translation>Not complete</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="256"/>
        <source>Mở phiếu để xem các vấn đề?</source>
        <translation>Open the record to see the issues?</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="274"/>
        <source>Xóa phiếu?</source>
        <translation>Delete record?</translation>
    </message>
    <message>
        <location filename="../records_page.py" line="275"/>
        <source>Chuyển phiếu '{0}' vào thùng rác? Có thể khôi phục lại bất cứ lúc nào.</source>
        <translation>Move record '{0}' to the recycle bin? It can be restored at any time.</translation>
    </message>
</context>
<context>
    <name>RosterWidget</name>
    <message>
        <location filename="../entry/roster.py" line="46"/>
        <source>+ Thêm thành viên</source>
        <translation>+ Add member</translation>
    </message>
    <message>
        <location filename="../entry/roster.py" line="48"/>
        <source>Xóa thành viên đang chọn</source>
        <translation>Remove the selected member</translation>
    </message>
    <message>
        <location filename="../entry/roster.py" line="62"/>
        <source>Số dòng theo câu: {0}</source>
        <translation>Number of lines set by: {0}</translation>
    </message>
    <message>
        <location filename="../entry/roster.py" line="95"/>
        <source>Dòng</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../entry/roster.py" line="95"/>
        <source>Vấn đề</source>
        <translation>Issues</translation>
    </message>
    <message>
        <location filename="../entry/roster.py" line="182"/>
        <source>Dòng {0}: {1}</source>
        <translation>Line {0}: {1}</translation>
    </message>
    <message>
        <location filename="../entry/roster.py" line="182"/>
        <source>Dòng {0}</source>
        <translation>Line {0}</translation>
    </message>
</context>
<context>
    <name>SearchCombo</name>
    <message>
        <location filename="../widgets.py" line="62"/>
        <source>Gõ để tìm…</source>
        <translation>Type to search…</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../settings_page.py" line="40"/>
        <source>Mã thiết bị (tạo một lần, không đổi): {0}</source>
        <translation>Device id (made once, never changes): {0}</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="43"/>
        <source>Lưu cài đặt</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="48"/>
        <source>Thông tin cài đặt</source>
        <translation>Setup</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="54"/>
        <location filename="../settings_page.py" line="156"/>
        <source>Biểu mẫu</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="54"/>
        <source>Mã</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="54"/>
        <source>Các phiên bản</source>
        <translation>Versions</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="55"/>
        <source>Số phiếu</source>
        <translation>Records</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="59"/>
        <source>Thêm biểu mẫu từ tệp XLSForm…</source>
        <translation>Add a form from an XLSForm file…</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="63"/>
        <source>Phiên bản mới của một biểu mẫu dùng cho phiếu mới; phiếu cũ giữ phiên bản đã nhập.</source>
        <translation>A newer version of a form serves new records; older records keep the version they were entered with.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="67"/>
        <source>Các biểu mẫu</source>
        <translation>Forms</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="76"/>
        <source>Chọn thư mục sao lưu…</source>
        <translation>Choose backup folder…</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="85"/>
        <source>Sao lưu ngay</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="88"/>
        <source>Khôi phục từ bản sao lưu…</source>
        <translation>Restore from a backup…</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="95"/>
        <source>Ứng dụng tự sao lưu ít nhất mỗi ngày một lần và trước mỗi lần nhập dữ liệu, vào thư mục đã chọn (nên là USB). Bản sao được kiểm tra toàn vẹn sau khi tạo.</source>
        <translation>The application backs up at least once a day and before every data import, into the chosen folder (preferably a USB stick). Each copy is checked for integrity after it is made.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="101"/>
        <location filename="../settings_page.py" line="180"/>
        <source>Sao lưu</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="111"/>
        <source>Thư mục sao lưu: {0}</source>
        <translation>Backup folder: {0}</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="112"/>
        <source>Chưa chọn thư mục sao lưu.</source>
        <translation>No backup folder chosen.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="116"/>
        <source>Lần sao lưu gần nhất: {0}</source>
        <translation>Last backup: {0}</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="117"/>
        <source>Chưa sao lưu lần nào.</source>
        <translation>No backup yet.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="122"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="122"/>
        <source>Đã lưu cài đặt.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="128"/>
        <source>Chọn tệp XLSForm</source>
        <translation>Choose an XLSForm file</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="129"/>
        <source>XLSForm (*.xlsx *.xls *.md *.csv)</source>
        <translation>XLSForm (*.xlsx *.xls *.md *.csv)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="139"/>
        <source>Biểu mẫu có lỗi</source>
        <translation>The form has errors</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="140"/>
        <source>Không thêm được '{0}'. Hãy sửa các lỗi sau rồi thử lại:</source>
        <translation>'{0}' was not added. Fix these problems and try again:</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="151"/>
        <source>Đã thêm biểu mẫu '{0}' phiên bản {1}.</source>
        <translation>Added form '{0}' version {1}.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="153"/>
        <source>Phiếu mới sẽ dùng phiên bản này; phiếu cũ giữ phiên bản cũ.</source>
        <translation>New records use this version; older records keep theirs.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="155"/>
        <source>Biểu mẫu '{0}' phiên bản {1} đã có sẵn.</source>
        <translation>Form '{0}' version {1} is already there.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="161"/>
        <location filename="../settings_page.py" line="170"/>
        <source>Chọn thư mục sao lưu (ví dụ USB)</source>
        <translation>Choose the backup folder (e.g. a USB stick)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="181"/>
        <source>Đã sao lưu {0} phiếu vào:
{1}</source>
        <translation>Backed up {0} records to:
{1}</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="185"/>
        <source>Chọn bản sao lưu</source>
        <translation>Choose a backup</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="186"/>
        <source>Bản sao lưu (*.db);;Mọi tệp (*)</source>
        <translation>Backups (*.db);;All files (*)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="195"/>
        <source>Khôi phục?</source>
        <translation>Restore?</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="196"/>
        <source>Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu này ({0} phiếu)? Dữ liệu hiện tại được giữ thành một bản an toàn bên cạnh cơ sở dữ liệu.</source>
        <translation>Replace all current data with this backup ({0} records)? The current data are kept as a safety copy next to the database.</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../setup_dialog.py" line="103"/>
        <source>Khảo sát số — Cài đặt lần đầu</source>
        <translation>Khảo sát số — First-time setup</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="105"/>
        <source>Chào mừng! Hãy cho biết ai dùng máy này và ở đâu. Có thể đổi sau trong Cài đặt.</source>
        <translation>Welcome! Tell us who uses this computer and where. You can change it later in Settings.</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="112"/>
        <source>Mã thiết bị: {0}</source>
        <translation>Device id: {0}</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="116"/>
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
</context>
<context>
    <name>SetupWidget</name>
    <message>
        <location filename="../setup_dialog.py" line="24"/>
        <source>Điều tra viên</source>
        <translation>Enumerator</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="24"/>
        <source>Cán bộ xã</source>
        <translation>Commune clerk</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="25"/>
        <source>Cấp tỉnh (Sở)</source>
        <translation>Province (department)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="28"/>
        <source>Ví dụ: Nguyễn Thị Lan</source>
        <translation>E.g. Nguyễn Thị Lan</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="30"/>
        <source>Ví dụ: DTV01</source>
        <translation>E.g. DTV01</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="38"/>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="38"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="39"/>
        <source>Mã người dùng</source>
        <translation>User code</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="40"/>
        <source>Tỉnh/thành phố</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="41"/>
        <source>Xã/phường/đặc khu</source>
        <translation>Commune/ward</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="42"/>
        <source>Ngôn ngữ giao diện</source>
        <translation>Interface language</translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <location filename="../worker.py" line="149"/>
        <source>Đang xử lý…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../worker.py" line="149"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../messages.py" line="38"/>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
</context>
<context><name>pages</name><message><source>Phiếu khảo sát</source><translation>Records</translation></message><message><source>Hợp nhất</source><translation>Consolidation</translation></message><message><source>Báo cáo</source><translation>Reports</translation></message><message><source>Đồng bộ</source><translation>Sync</translation></message><message><source>Cài đặt</source><translation>Settings</translation></message></context></TS>
