"""The record list's Qt model: a window onto the database, never all rows in memory.

``rowCount`` is one SQL count; rows are fetched in blocks of :data:`BLOCK` when the view asks
for them (by keyset when the previous block is cached, so scrolling down is an index seek; by
OFFSET after a jump). Blocks are kept in a small LRU cache, so 500,000 records scroll without
delay and with flat memory. All SQL is in :mod:`models.records.queries`.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from models.records import queries
from ui.fmt import format_datetime_utc, status_text

BLOCK = 256
#: a search with many matches plus other filters is counted up to this, then loaded as needed
COUNT_CAP = 5000
from models.setup.form_names import SHORT_TITLES, short_title, title_for  # noqa: E402,F401

MAX_BLOCKS = 64

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
# looked up once: the view asks data() for about ten roles of every visible cell
_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


_ICON = None


def _comment_icon():
    """A small speech bubble (drawn, so it needs no icon file or emoji font): returned records."""
    global _ICON
    if _ICON is None:
        from PySide6.QtCore import QPointF, QRectF
        from PySide6.QtGui import QIcon, QPainter, QPixmap, QPolygonF

        pix = QPixmap(16, 16)
        pix.fill(QColor(0, 0, 0, 0))
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QColor("#8a5300"))
        p.setBrush(QColor("#ffb74d"))
        p.drawRoundedRect(QRectF(1, 1, 14, 10), 3, 3)
        p.drawPolygon(QPolygonF([QPointF(4, 10), QPointF(4, 15), QPointF(8, 10)]))
        p.end()
        _ICON = QIcon(pix)
    return _ICON


class RecordTableModel(QAbstractTableModel):
    COL_FORM, COL_LABEL, COL_VILLAGE, COL_STATUS, COL_ISSUES, COL_MODIFIED, COL_ENUMERATOR = range(7)
    SORT_KEYS = ("form", "label", "village", "status", "issues", "modified", "enumerator")

    def __init__(self, store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.flt = queries.RecordFilter()
        self.sort_key = "modified"
        self.descending = True
        self._count = 0
        self.more = False  # True: there are more than _count rows (counting stopped at the cap)
        self._blocks: OrderedDict[int, list[queries.ListRow]] = OrderedDict()
        self._form_titles: dict[str, str] = {}
        self._erased: set[str] = set()  # ids of the rows loaded whose personal data was erased
        self.lang = "vi"
        self.reload()

    # ---- what the view shows
    def headers(self) -> list[str]:
        return [self.tr("Biểu mẫu"), self.tr("Người trả lời / đơn vị"), self.tr("Thôn/tổ"), self.tr("Trạng thái"),
                self.tr("Vấn đề"), self.tr("Sửa lần cuối"), self.tr("Điều tra viên")]

    def status_text(self, status: str) -> str:
        return status_text(status)

    def returned_tooltip(self, record_id: str) -> str:
        """The clerk's comments on a returned record (read when the mouse rests on its status)."""
        from models.base.errors import AppError
        from models.records.review import comments_for

        try:
            comments = comments_for(self.store, record_id)
        except AppError:
            return ""
        lines = [self.tr("Cán bộ xã trả lại phiếu này để sửa.")]
        if comments.get(""):
            lines.append(self.tr("Nhận xét: {0}").format(comments[""]))
        n = len([p for p in comments if p])
        if n:
            lines.append(self.tr("%n câu có nhận xét — mở phiếu để xem.", "", n))
        return "\n".join(lines)

    def set_filter(self, flt: queries.RecordFilter) -> None:
        self.flt = flt
        self.reload()

    def reload(self) -> None:
        """Count again and drop cached rows (after a filter, sort or data change)."""
        self.beginResetModel()
        self._blocks.clear()
        self._erased = set()
        self._form_titles = queries.form_titles(self.store)
        n, exact = queries.count_capped(self.store, self.flt, COUNT_CAP)
        self.more = not exact
        self._count = n
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and self.more

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:
        """Capped count: extend the list by what the next blocks hold (the view is near the end)."""
        if parent.isValid() or not self.more:
            return
        last = self.row(self._count - 1)
        got = queries.page(self.store, self.flt, sort=self.sort_key, descending=self.descending,
                           offset=self._count, limit=COUNT_CAP + 1, after=last)
        add = got[:COUNT_CAP]
        self.more = len(got) > COUNT_CAP
        if add:
            self.beginInsertRows(QModelIndex(), self._count, self._count + len(add) - 1)
            self._count += len(add)
            self.endInsertRows()

    def row(self, r: int) -> queries.ListRow | None:
        if r < 0 or r >= self._count:
            return None
        b = r // BLOCK
        block = self._blocks.get(b)
        if block is None:
            block = self._fetch(b)
        else:
            self._blocks.move_to_end(b)
        i = r - b * BLOCK
        return block[i] if i < len(block) else None

    def _fetch(self, b: int) -> list[queries.ListRow]:
        prev = self._blocks.get(b - 1)
        after = prev[-1] if prev and len(prev) == BLOCK else None
        rows = queries.page(self.store, self.flt, sort=self.sort_key, descending=self.descending,
                            offset=b * BLOCK, limit=BLOCK, after=after)
        self._blocks[b] = rows
        # a record without a name because its personal data was erased says so, not "no name yet"
        self._erased.update(queries.erased_among(self.store, [r.id for r in rows if not r.label]))
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return rows

    # ---- QAbstractTableModel
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
            return self.headers()[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.row(index.row())
        if row is None:
            return None
        c = index.column()
        if role == _DISPLAY:
            if c == self.COL_FORM:
                return short_title(row.form_id, self._form_titles.get(row.form_id, ""), self.lang)
            if c == self.COL_LABEL:
                if row.label:
                    return row.label
                return self.tr("(đã xoá dữ liệu cá nhân)") if row.id in self._erased else self.tr("(chưa có tên)")
            if c == self.COL_VILLAGE:
                return row.village
            if c == self.COL_STATUS:
                return self.status_text(row.status)
            if c == self.COL_ISSUES:
                return str(row.issues) if row.issues else ""
            if c == self.COL_MODIFIED:
                return format_datetime_utc(row.modified_at, self.lang)
            if c == self.COL_ENUMERATOR:
                return row.enumerator
        elif role == _FOREGROUND:
            if c == self.COL_ISSUES and row.issues:
                return QBrush(QColor("#b3261e"))
            if c == self.COL_STATUS and row.status == "complete":
                return QBrush(QColor("#1b5e20"))
            if c == self.COL_STATUS and row.status == "returned":
                return QBrush(QColor("#8a5300"))
            if c == self.COL_LABEL and not row.label:
                return QBrush(QColor("#777777"))
        elif role == _TOOLTIP and c == self.COL_FORM:
            return f"{title_for(row.form_id, self._form_titles.get(row.form_id, ''), self.lang)} " \
                   f"({row.form_id} {row.form_version})"
        elif role == _DECORATION and c == self.COL_STATUS and row.status == "returned":
            return _comment_icon()
        elif role == _TOOLTIP and c == self.COL_STATUS and row.status == "returned":
            return self.returned_tooltip(row.id)
        elif role == _ALIGNMENT and c == self.COL_ISSUES:
            return _CENTER
        elif role == ID_ROLE:
            return row.id
        elif role == ROW_ROLE:
            return row
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.SORT_KEYS):
            return
        self.sort_key = self.SORT_KEYS[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.beginResetModel()
        self._blocks.clear()
        self.endResetModel()

    def record_id(self, r: int) -> str:
        row = self.row(r)
        return row.id if row else ""

    def position_of(self, record_id: str) -> int:
        return queries.position_of(self.store, self.flt, record_id, sort=self.sort_key, descending=self.descending)
