"""One catalogue of form errors, in the style of pyxform's ``ErrorCode``.

Every message says *where* (file, sheet, row, column), *what* is wrong and *how to fix it*, in
Vietnamese (the default) and English. Domain code raises :class:`FormError` carrying
:class:`Problem` objects (code + context); the text is made only when a message is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from string import Formatter
from typing import Any


class _Fmt(Formatter):
    def get_value(self, key, args, kwargs):
        if isinstance(key, str):
            v = kwargs.get(key)
            return "?" if v is None else v
        return super().get_value(key, args, kwargs)


_FMT = _Fmt()


@dataclass(frozen=True)
class Template:
    vi: str
    en: str


class ErrorCode(Enum):
    # Reading the file
    READ_FAILED = Template(
        "Không đọc được tệp biểu mẫu: {detail_vi}. Hãy kiểm tra tệp là XLSForm (.xlsx, .xls, .md hoặc .csv) "
        "và mở được bằng Excel/LibreOffice.",
        "The form file cannot be read: {detail}. Check that it is an XLSForm (.xlsx, .xls, .md or .csv) "
        "that opens in Excel/LibreOffice.",
    )
    ATTACHMENT_UNREADABLE = Template(
        "Không đọc được tệp đính kèm '{attachment}' của biểu mẫu: {detail_vi}. Hãy sửa tệp hoặc thay bằng "
        "tệp đúng (CSV có dòng tiêu đề, XML dạng <root><item>…, GeoJSON FeatureCollection).",
        "The form's attachment '{attachment}' cannot be read: {detail}. Fix the file or replace it with the "
        "right one (CSV with a header row, XML as <root><item>…, a GeoJSON FeatureCollection).",
    )
    FILE_TYPE = Template(
        "Loại tệp '{suffix}' không được hỗ trợ. Hãy lưu biểu mẫu dưới dạng .xlsx.",
        "The file type '{suffix}' is not supported. Save the form as .xlsx.",
    )
    NO_SURVEY = Template(
        "Không có trang tính 'survey' hoặc trang này trống. Một XLSForm cần trang 'survey' với các cột "
        "type, name, label.",
        "There is no 'survey' sheet, or it is empty. An XLSForm needs a 'survey' sheet with the columns "
        "type, name and label.",
    )
    # Types and names
    TYPE_MISSING = Template(
        "Dòng có tên '{name}' chưa có kiểu câu hỏi. "
        "Hãy điền cột 'type' (ví dụ: text, integer, select_one ds).",
        "The row named '{name}' has no question type. Fill in the 'type' column (e.g. text, integer, "
        "select_one list).",
    )
    TYPE_UNSUPPORTED = Template(
        "Kiểu câu hỏi '{type}' không được hỗ trợ. Các kiểu được hỗ trợ: {supported}. Hãy đổi sang một "
        "kiểu trong danh sách hoặc bỏ dòng này.",
        "The question type '{type}' is not supported. Supported types: {supported}. Change it to one of "
        "these or remove the row.",
    )
    NAME_MISSING = Template(
        "Câu hỏi kiểu '{type}' chưa có tên. Hãy điền cột 'name' (chữ cái, chữ số, dấu gạch dưới; bắt đầu "
        "bằng chữ cái).",
        "The '{type}' question has no name. Fill in the 'name' column (letters, digits, underscores; "
        "starting with a letter).",
    )
    NAME_INVALID = Template(
        "Tên '{name}' không hợp lệ. Tên chỉ gồm chữ cái không dấu, chữ số, '_', '-' hoặc '.', bắt đầu bằng "
        "chữ cái hoặc '_'.",
        "The name '{name}' is not valid. Use only unaccented letters, digits, '_', '-' or '.', starting "
        "with a letter or '_'.",
    )
    NAME_DUPLICATE = Template(
        "Tên '{name}' đã dùng ở dòng {other_row} trong cùng nhóm. Các câu hỏi, nhóm và nhóm lặp trong cùng "
        "một nhóm cần tên khác nhau (không phân biệt chữ hoa, chữ thường). Hãy đổi một trong hai tên.",
        "The name '{name}' is already used on row {other_row} in the same group. Questions, groups and "
        "repeats in one group need different names (upper and lower case count as the same). Rename one "
        "of them.",
    )
    REPEAT_NAME_DUPLICATE = Template(
        "Nhóm lặp '{name}' trùng tên với nhóm lặp ở dòng {other_row}. Tên nhóm lặp phải"
        " là duy nhất trong cả biểu mẫu. Hãy đổi một trong hai tên.",
        "The repeat '{name}' has the same name as the repeat on row {other_row}. "
        "Repeat names must be unique in the whole form. Rename one of them.",
    )
    EXPR_AMBIGUOUS_REF = Template(
        "Cột '{column}' tham chiếu ${{{ref}}} nhưng có nhiều câu hỏi tên '{ref}' (dòng {rows}). Hãy đổi tên "
        "để câu hỏi được tham chiếu có tên riêng trong cả biểu mẫu.",
        "The '{column}' column refers to ${{{ref}}} but several questions are named '{ref}' (rows {rows}). "
        "Rename them so that the question referred to has a name of its own in the whole form.",
    )
    KEY_CLASH = Template(
        "Câu hỏi '{name}' ở nhiều nhóm được lưu với khoá '{key}', nhưng khoá đó đã là tên của dòng "
        "{other_row}. Hãy đổi một trong hai tên.",
        "The question '{name}' (in several groups) is stored under the key '{key}', but that key is already "
        "the name on row {other_row}. Rename one of them.",
    )
    GROUP_UNMATCHED = Template(
        "'{type}' không khớp với nhóm đang mở ({open}). Hãy kiểm tra các cặp begin/end group và begin/end "
        "repeat.",
        "'{type}' does not match the open group ({open}). Check the begin/end group and begin/end repeat "
        "pairs.",
    )
    GROUP_UNCLOSED = Template(
        "Nhóm '{name}' mở ở dòng này nhưng chưa đóng. Hãy thêm một dòng '{end}'.",
        "The group '{name}' opened on this row is never closed. Add an '{end}' row.",
    )
    CHOICES_MISSING = Template(
        "Danh sách lựa chọn '{list_name}' không có trên trang 'choices'. Hãy thêm các dòng với list_name = "
        "'{list_name}' hoặc sửa tên danh sách.",
        "The choice list '{list_name}' is not on the 'choices' sheet. Add rows with list_name = "
        "'{list_name}' or correct the list name.",
    )
    FEATURE_NOT_YET = Template(
        "{feature_vi} chưa được hỗ trợ trong phiên bản này ({rows_vi}). Hãy bỏ các dòng đó hoặc đổi sang "
        "kiểu khác để dùng biểu mẫu.",
        "{feature} are not supported in this version yet ({rows}). Remove those rows or change their type "
        "to use the form.",
    )
    FEATURE_NOT_ON_LAPTOP = Template(
        "{feature_vi} không dùng được trên máy tính xách tay ({rows_vi}). Hãy bỏ các dòng đó hoặc đổi "
        "sang kiểu khác.",
        "{feature} cannot work on a laptop ({rows}). Remove those rows or change their type.",
    )
    CHOICE_LIST_NAME = Template(
        "Câu hỏi '{type}' cần tên danh sách lựa chọn, ví dụ 'select_one co_khong'.",
        "A '{type}' question needs a choice list name, e.g. 'select_one yes_no'.",
    )
    # Expressions
    EXPR_SYNTAX = Template(
        "Biểu thức ở cột '{column}' không đọc được: {detail_vi} (vị trí {pos}: «{excerpt}»). "
        "Hãy sửa cú pháp.",
        "The expression in column '{column}' cannot be read: {detail} (position {pos}: «{excerpt}»). "
        "Fix its syntax.",
    )
    EXPR_UNKNOWN_REF = Template(
        "Cột '{column}' tham chiếu ${{{ref}}} nhưng không có câu hỏi nào tên '{ref}'. Hãy sửa tên hoặc thêm "
        "câu hỏi đó.",
        "The '{column}' column refers to ${{{ref}}} but no question is named '{ref}'. Correct the name or "
        "add that question.",
    )
    EXPR_UNKNOWN_FUNCTION = Template(
        "Cột '{column}' dùng hàm '{function}()' không được hỗ trợ. Hãy dùng các hàm của ODK (ví dụ "
        "selected, count-selected, if, coalesce, regex, today).",
        "The '{column}' column uses the function '{function}()', which is not supported. Use ODK's "
        "functions (e.g. selected, count-selected, if, coalesce, regex, today).",
    )
    EXPR_ARGUMENTS = Template(
        "Cột '{column}': hàm '{function}()' nhận {expected} tham số nhưng ở đây có {count}. "
        "Hãy sửa số tham số.",
        "Column '{column}': the function '{function}()' takes {expected} arguments but has {count} here. "
        "Correct the arguments.",
    )
    EXPR_UNSUPPORTED = Template(
        "Cột '{column}': {detail}.",
        "Column '{column}': {detail}.",
    )
    CYCLE = Template(
        "Vòng lặp trong công thức: {cycle}. Một câu hỏi không thể phụ thuộc (qua relevant/calculation) vào "
        "chính nó. Hãy bỏ một tham chiếu trong vòng.",
        "Circular logic: {cycle}. A question cannot depend (through relevant/calculation) on itself. "
        "Remove one reference from the cycle.",
    )
    CALCULATE_EMPTY = Template(
        "Câu hỏi calculate '{name}' chưa có công thức ở cột 'calculation'.",
        "The calculate '{name}' has no formula in the 'calculation' column.",
    )
    WARNING_MESSAGE_ONLY = Template(
        "Có 'warning_message' nhưng cột 'warning' trống. Hãy thêm biểu thức kiểm tra mềm vào cột 'warning'.",
        "There is a 'warning_message' but the 'warning' column is empty. Add the soft-check expression "
        "in the 'warning' column.",
    )
    # Warnings: the form loads (FormDef.notices)
    INSTANCE_NAME_EMPTY = Template(
        "Cột '{column}' ghi '{text}': đây không phải tên câu hỏi nào (một đường dẫn XPath '{path}' không có "
        "trong biểu mẫu), nên tên của mỗi bản ghi sẽ để trống, như ODK. Hãy viết tên cố định trong dấu nháy "
        "(ví dụ '{quoted}') hoặc một biểu thức như concat(${{ten}}, '-', ${{ngay}}).",
        "Column '{column}' holds '{text}': that is no question's name (an XPath path '{path}' the form does "
        "not have), so each record's name will be empty, as in ODK. Write a fixed name in quotes (e.g. "
        "'{quoted}') or an expression such as concat(${{name}}, '-', ${{date}}).",
    )
    DEFAULT_IGNORED = Template(
        "Câu hỏi '{name}' ({type}) có giá trị mặc định '{value}' ở cột 'default' không phải giá trị hợp lệ của "
        "kiểu này, nên ODK và ứng dụng bỏ qua nó (câu hỏi bắt đầu trống). Hãy ghi giá trị mặc định như ODK đọc, "
        "ví dụ ngày 2024-01-31 (định dạng ô là văn bản trong Excel), hoặc xóa nó.",
        "Question '{name}' ({type}) has the default '{value}' in column 'default', which is not a valid value of "
        "its type, so ODK and the application ignore it (the question starts empty). Write the default as ODK "
        "reads it, e.g. the date 2024-01-31 (the cell formatted as text in Excel), or delete it.",
    )
    ENTITIES_IGNORED = Template(
        "Trang 'entities' (thực thể của ODK Central) được bỏ qua: bản ghi của biểu mẫu này không tạo hay "
        "cập nhật thực thể trên ODK Central. Nếu cần thực thể, hãy tạo chúng trên ODK Central; nếu không, "
        "có thể xóa trang 'entities'.",
        "The 'entities' sheet (ODK Central entities) is ignored: this form's records do not create or update "
        "entities on ODK Central. If you need entities, create them on ODK Central; otherwise the 'entities' "
        "sheet can be deleted.",
    )
    # Anything pyxform itself reports
    PYXFORM = Template(
        "{detail}",
        "{detail}",
    )


@dataclass(frozen=True)
class Problem:
    """One problem in a form: where, which code, and the values for its message."""

    code: ErrorCode
    sheet: str | None = None
    row: int | None = None
    context: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        tpl = self.code.value.vi if lang == "vi" else self.code.value.en
        ctx = dict(self.context)
        ctx.setdefault("detail_vi", ctx.get("detail"))
        return _FMT.format(tpl, **ctx)

    def location(self) -> str:
        if self.sheet and self.row:
            return f"{self.sheet}:{self.row}"
        if self.sheet:
            return self.sheet
        return self.context.get("file", "") or "form"

    def line(self, lang: str = "vi") -> str:
        """``sheet:row: message`` as ``forms check`` prints it."""
        return f"{self.location()}: {self.message(lang)}"


class FormError(Exception):
    """A form that cannot be used; ``problems`` lists everything found, each with its place."""

    def __init__(self, problems: list[Problem], path: str | None = None):
        self.problems = problems
        self.path = path
        super().__init__("\n".join(p.line("en") for p in problems))

    def lines(self, lang: str = "vi") -> list[str]:
        return [p.line(lang) for p in self.problems]
