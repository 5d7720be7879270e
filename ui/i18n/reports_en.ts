<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../reports.py" line="267"/>
        <source>Xuất số liệu</source>
        <translation>Export data</translation>
    </message>
    <message>
        <location filename="../reports.py" line="282"/>
        <source>Nháp</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../reports.py" line="282"/>
        <source>Hoàn thành</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../reports.py" line="283"/>
        <source>Trả lại</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../reports.py" line="283"/>
        <source>Đã duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../reports.py" line="289"/>
        <source>mã xã, để trống = tất cả</source>
        <translation>commune code, empty = all</translation>
    </message>
    <message>
        <location filename="../reports.py" line="290"/>
        <source>Lọc theo ngày phỏng vấn</source>
        <translation>Filter by interview date</translation>
    </message>
    <message>
        <location filename="../reports.py" line="303"/>
        <source>Tên câu hỏi</source>
        <translation>Question names</translation>
    </message>
    <message>
        <location filename="../reports.py" line="304"/>
        <source>Nhãn câu hỏi</source>
        <translation>Question labels</translation>
    </message>
    <message>
        <location filename="../reports.py" line="306"/>
        <source>Mã</source>
        <translation>Codes</translation>
    </message>
    <message>
        <location filename="../reports.py" line="307"/>
        <source>Nhãn</source>
        <translation>Labels</translation>
    </message>
    <message>
        <location filename="../reports.py" line="309"/>
        <source>Giữ nguyên</source>
        <translation>Keep</translation>
    </message>
    <message>
        <location filename="../reports.py" line="310"/>
        <source>Che bớt</source>
        <translation>Mask</translation>
    </message>
    <message>
        <location filename="../reports.py" line="311"/>
        <source>Bỏ các cột</source>
        <translation>Drop the columns</translation>
    </message>
    <message>
        <location filename="../reports.py" line="316"/>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../reports.py" line="326"/>
        <source>Xuất</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../reports.py" line="327"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../reports.py" line="330"/>
        <source>Định dạng</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../reports.py" line="331"/>
        <source>Biểu mẫu</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../reports.py" line="332"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../reports.py" line="333"/>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <location filename="../reports.py" line="334"/>
        <source>Ngày</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location filename="../reports.py" line="335"/>
        <source>Tiêu đề cột</source>
        <translation>Column headers</translation>
    </message>
    <message>
        <location filename="../reports.py" line="336"/>
        <source>Phương án trả lời</source>
        <translation>Choices</translation>
    </message>
    <message>
        <location filename="../reports.py" line="337"/>
        <source>Dữ liệu cá nhân</source>
        <translation>Personal data</translation>
    </message>
    <message>
        <location filename="../reports.py" line="338"/>
        <source>Ngôn ngữ nhãn</source>
        <translation>Label language</translation>
    </message>
    <message>
        <location filename="../reports.py" line="339"/>
        <source>Lưu vào</source>
        <translation>Save to</translation>
    </message>
    <message>
        <location filename="../reports.py" line="357"/>
        <source>Tất cả biểu mẫu</source>
        <translation>All forms</translation>
    </message>
    <message>
        <location filename="../reports.py" line="381"/>
        <source>Lưu tệp Excel</source>
        <translation>Save the Excel file</translation>
    </message>
    <message>
        <location filename="../reports.py" line="383"/>
        <source>Chọn thư mục lưu</source>
        <translation>Choose a folder</translation>
    </message>
    <message>
        <location filename="../reports.py" line="405"/>
        <source>Hãy chọn nơi lưu (tệp Excel hoặc thư mục).</source>
        <translation>Choose where to save (an Excel file or a folder).</translation>
    </message>
    <message>
        <location filename="../reports.py" line="408"/>
        <source>Hãy chọn ít nhất một trạng thái.</source>
        <translation>Choose at least one status.</translation>
    </message>
    <message>
        <location filename="../reports.py" line="421"/>
        <source>Đang xuất…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../reports.py" line="422"/>
        <source>Đang xuất số liệu…</source>
        <translation>Exporting data…</translation>
    </message>
    <message>
        <location filename="../reports.py" line="439"/>
        <source>Đã xuất %1 phiếu vào:</source>
        <translation>Exported %1 records to:</translation>
    </message>
    <message>
        <location filename="../reports.py" line="452"/>
        <source>Đã hủy.</source>
        <translation>Cancelled.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../reports.py" line="89"/>
        <source>Báo cáo cấp xã</source>
        <translation>Commune report</translation>
    </message>
    <message>
        <location filename="../reports.py" line="89"/>
        <source>Báo cáo cấp tỉnh</source>
        <translation>Province report</translation>
    </message>
    <message>
        <location filename="../reports.py" line="90"/>
        <source>Phiếu trắng để in</source>
        <translation>Blank questionnaire to print</translation>
    </message>
    <message>
        <location filename="../reports.py" line="90"/>
        <source>Tất cả phiếu đã điền</source>
        <translation>All filled questionnaires</translation>
    </message>
    <message>
        <location filename="../reports.py" line="96"/>
        <source>Xem trước</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../reports.py" line="97"/>
        <source>Lưu PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <location filename="../reports.py" line="99"/>
        <source>Xuất số liệu…</source>
        <translation>Export data…</translation>
    </message>
    <message>
        <location filename="../reports.py" line="100"/>
        <source>Chọn loại tài liệu rồi bấm “Xem trước”.</source>
        <translation>Choose a document, then press “Preview”.</translation>
    </message>
    <message>
        <location filename="../reports.py" line="105"/>
        <source>Tài liệu PDF</source>
        <translation>PDF documents</translation>
    </message>
    <message>
        <location filename="../reports.py" line="107"/>
        <source>Loại</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../reports.py" line="108"/>
        <source>Biểu mẫu</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../reports.py" line="109"/>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../reports.py" line="114"/>
        <source>Số liệu cho phân tích</source>
        <translation>Data for analysis</translation>
    </message>
    <message>
        <location filename="../reports.py" line="116"/>
        <source>CSV, Excel, Stata, SPSS có nhãn biến và nhãn giá trị.</source>
        <translation>CSV, Excel, Stata, SPSS with variable and value labels.</translation>
    </message>
    <message>
        <location filename="../reports.py" line="178"/>
        <location filename="../reports.py" line="179"/>
        <source>Đang lập tài liệu…</source>
        <translation>Making the document…</translation>
    </message>
    <message>
        <location filename="../reports.py" line="200"/>
        <source>Đã hủy.</source>
        <translation>Cancelled.</translation>
    </message>
    <message numerus="yes">
        <location filename="../reports.py" line="222"/>
        <source>%n trang</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../reports.py" line="223"/>
        <source>Xem trước xong. Bấm “Lưu PDF…” để lưu.</source>
        <translation>Preview ready. Press “Save PDF…” to save it.</translation>
    </message>
    <message>
        <location filename="../reports.py" line="230"/>
        <source>Lưu PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <location filename="../reports.py" line="243"/>
        <source>Đã lưu: %1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
</TS>
