<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
  <context>
    <name>ExportDialog</name>
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
      <source>Chọn…</source>
      <translation>Choose…</translation>
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
    <name>ReportsPage</name>
    <message>
      <source>Báo cáo cấp xã</source>
      <extracomment>preview PDFs hold personal data (every filled questionnaire): they live in the application's own folder (not the shared temp folder), are deleted when replaced, when the page goes and when the application quits, and whatever a crash left behind is removed the next time the page opens a preview folder untouched for this long was left by a run that ended without cleaning up</extracomment>
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
</TS>
