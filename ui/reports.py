"""The reports screen: make a PDF (commune or province report, blank or filled questionnaires),
preview its pages, save it; and the export dialog for statistics files.

Thin by design: each slot collects the widgets' values and runs one service from ``exports`` as a
:class:`ui.worker.ReadJob` (its own read connection, whatever the writer is doing; progress dialog
after 500 ms, cancel). Pages are rendered for the
preview with pypdfium2 (QtPdf is not part of PySide6-Essentials) in the worker thread, as raw
bitmaps turned into QImages on the GUI thread. PDFium is not thread-safe: every use of it holds
:data:`PDFIUM_LOCK` (two previews can render at once: a page rebuilt after a language change while the
old page's job still runs), and every PDFium object is closed inside it, never left to the garbage
collector of another thread.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.store.database import STATUSES
from ui.fmt import status_text
from ui.worker import ReadJob

PREVIEW_SCALE = 1.1  # pixels per PDF point in the preview
#: preview PDFs hold personal data (every filled questionnaire): they live in the application's own
#: folder (not the shared temp folder), are deleted when replaced, when the page goes and when the
#: application quits, and whatever a crash left behind is removed the next time the page opens
PREVIEW_DIR = "previews"


def preview_dir():
    from models.base.paths import data_dir

    d = data_dir() / PREVIEW_DIR
    d.mkdir(parents=True, exist_ok=True)
    return d


def _remove_tree(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)


#: a preview folder untouched for this long was left by a run that ended without cleaning up
STALE_PREVIEW_SECONDS = 6 * 3600


def clean_stale_previews() -> None:
    """Remove preview folders a crashed run left behind (another running instance's are recent)."""
    import time

    now = time.time()
    for d in preview_dir().iterdir():
        try:
            if now - d.stat().st_mtime > STALE_PREVIEW_SECONDS:
                _remove_tree(str(d))
        except OSError:
            pass


#: held by every use of PDFium (not thread-safe), whichever thread it runs on
PDFIUM_LOCK = threading.Lock()


def _render_pages(path: str, scale: float = PREVIEW_SCALE, limit: int = 60) -> list[tuple[bytes, int, int, int, int]]:
    """(raw RGB/RGBA bytes, width, height, stride, channels) of the first ``limit`` pages of a PDF."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path)
        try:
            out = []
            for i in range(min(len(pdf), limit)):
                page = pdf[i]
                try:
                    bitmap = page.render(scale=scale, rev_byteorder=True)
                    try:
                        out.append((bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                                    bitmap.n_channels))
                    finally:
                        bitmap.close()
                finally:
                    page.close()
            return out
        finally:
            pdf.close()


def _make_pdf(*, kind: str, store, out: str, lang: str, form_id: str = "", indicators: str | None = None,
              cancel=None):
    """The job: one exports service, then the preview bitmaps."""
    from exports.questionnaire import print_blank, print_records
    from exports.report import make_report
    from models.indicators.compute import load_indicators

    if kind == "blank":
        res = print_blank(store, out=out, form_id=form_id, lang=lang)
    else:
        if kind in ("commune", "province"):
            defs = load_indicators(indicators) if indicators else None
            gen = make_report(store, out=out, level=kind, lang=lang, definitions=defs, cancel=cancel)
        else:
            gen = print_records(store, out=out, all_records=True, lang=lang, cancel=cancel)
        res = yield from gen
    return {"path": out, "pages": res.pages, "images": _render_pages(out)}


class ReportsPage(QWidget):
    """Choose a document, preview it, save it; open the export dialog."""

    pdf_ready = Signal(str)  # path of the previewed PDF

    def __init__(self, store_path: str, parent: QWidget | None = None, *, indicators: str | None = None):
        super().__init__(parent)
        self.store_path = str(store_path)
        self.indicators = indicators  # another definitions file than forms/indicators.toml
        clean_stale_previews()
        self._tmpdir = tempfile.mkdtemp(prefix="ks-preview-", dir=str(preview_dir()))
        self._pdf: str | None = None
        self.worker: ReadJob | None = None
        self._build()
        self._connect_signals()
        self._load_forms()
        self._apply_defaults()
        # closeEvent never reaches a page inside the main window: clean up when it is destroyed
        # (language change, restore) and when the application quits
        tmp = self._tmpdir
        self.destroyed.connect(lambda *_a, tmp=tmp: _remove_tree(tmp))
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.discard_preview)

    def _apply_defaults(self) -> None:
        """The interface language for the documents; the province report for the province."""
        from ui.messages import ui_lang

        self.lang.setCurrentIndex(max(self.lang.findData(ui_lang()), 0))
        role = self._role()
        self.kind.setCurrentIndex(max(self.kind.findData("province" if role == "province" else "commune"), 0))

    def _role(self) -> str:
        from models.store.database import open_store

        try:
            store = open_store(self.store_path, create=False)
        except Exception:  # the form list reports it
            return ""
        try:
            return store.setting("role")
        finally:
            store.close()

    def discard_preview(self) -> None:
        """Delete the preview's PDF (personal data) and its folder."""
        self._pdf = None
        _remove_tree(self._tmpdir)

    # ---- layout
    def _build(self) -> None:
        self.kind = QComboBox()
        for key, text in (("commune", self.tr("Báo cáo cấp xã")), ("province", self.tr("Báo cáo cấp tỉnh")),
                          ("blank", self.tr("Phiếu trắng để in")), ("filled", self.tr("Tất cả phiếu đã điền"))):
            self.kind.addItem(text, key)
        self.form = QComboBox()
        self.lang = QComboBox()
        self.lang.addItem("Tiếng Việt", "vi")
        self.lang.addItem("English", "en")
        self.preview_button = QPushButton(self.tr("Xem trước"))
        self.save_button = QPushButton(self.tr("Lưu PDF…"))
        self.save_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("Xuất số liệu…"))
        self.status = QLabel(self.tr("Chọn loại tài liệu rồi bấm “Xem trước”."))
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)

        box = QGroupBox(self.tr("Tài liệu PDF"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Loại"), self.kind)
        form.addRow(self.tr("Biểu mẫu"), self.form)
        form.addRow(self.tr("Ngôn ngữ"), self.lang)
        form.addRow(self.preview_button)
        form.addRow(self.save_button)
        side = QVBoxLayout()
        side.addWidget(box)
        data_box = QGroupBox(self.tr("Số liệu cho phân tích"))
        dl = QVBoxLayout(data_box)
        hint = QLabel(self.tr("CSV, Excel, Stata, SPSS có nhãn biến và nhãn giá trị."))
        hint.setWordWrap(True)
        dl.addWidget(hint)
        dl.addWidget(self.export_button)
        side.addWidget(data_box)
        side.addWidget(self.progress)
        side.addWidget(self.status)
        side.addStretch(1)
        left = QWidget()
        left.setLayout(side)
        left.setFixedWidth(390)  # labels of both languages and the forms' short names fit
        self.form.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.form.setMinimumContentsLength(18)

        self.pages = QVBoxLayout()
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        holder = QWidget()
        holder.setLayout(self.pages)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(holder)
        self.page_count = QLabel("")
        right = QVBoxLayout()
        right.addWidget(self.page_count)
        right.addWidget(self.scroll, 1)
        lay = QHBoxLayout(self)
        lay.addWidget(left)
        lay.addLayout(right, 1)
        self._on_kind_changed()

    def _connect_signals(self) -> None:
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)

    def _load_forms(self) -> None:
        from models.store.database import open_store

        self.form.clear()
        try:
            store = open_store(self.store_path, create=False)
        except Exception as err:  # shown, never raised into Qt
            from ui.messages import show_error

            show_error(self, err)
            return
        from models.setup.form_names import short_title, title_for
        from ui.messages import ui_lang

        try:
            for f in store.forms():
                self.form.addItem(f"{short_title(f['form_id'], f['title'], ui_lang())} ({f['version']})", f["form_id"])
                self.form.setItemData(self.form.count() - 1, f"{title_for(f['form_id'], f['title'], ui_lang())} "
                                      f"({f['form_id']} {f['version']})", Qt.ItemDataRole.ToolTipRole)
        finally:
            store.close()

    # ---- slots
    def _on_kind_changed(self, *_: Any) -> None:
        self.form.setEnabled(self.kind.currentData() == "blank")

    def _on_preview_clicked(self) -> None:
        kind = self.kind.currentData()
        self._previews = getattr(self, "_previews", 0) + 1
        os.makedirs(self._tmpdir, exist_ok=True)
        out = os.path.join(self._tmpdir, f"{kind}-{self._previews}.pdf")
        self.preview_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Đang lập tài liệu…"))
        self.worker = (ReadJob(_make_pdf, db=self.store_path, title=self.tr("Đang lập tài liệu…"), kind=kind,
                               out=out, lang=self.lang.currentData(), form_id=self.form.currentData() or "",
                               indicators=self.indicators)
                       .on_success(self._on_pdf_made).on_progress(self._on_progress)
                       .on_failure(self._on_failed).on_cancel(self._on_cancelled))
        self.worker.start(self)

    def _on_progress(self, tick) -> None:
        if getattr(tick, "total", 0):
            self.progress.setRange(0, int(tick.total))
            self.progress.setValue(int(tick.done))

    def _on_failed(self, err) -> None:
        from ui.messages import error_text, show_error

        self._done_working()
        self.status.setText(error_text(err))
        show_error(self, err)

    def _on_cancelled(self) -> None:
        self._done_working()
        self.status.setText(self.tr("Đã hủy."))

    def _done_working(self) -> None:
        self.progress.setVisible(False)
        self.preview_button.setEnabled(True)

    def _on_pdf_made(self, result: dict) -> None:
        self._done_working()
        if self._pdf and self._pdf != result["path"]:
            _unlink(self._pdf)  # the previous preview is no longer shown
        self._pdf = result["path"]
        while self.pages.count():
            item = self.pages.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for raw, w, h, stride, channels in result["images"]:
            fmt = QImage.Format.Format_RGBA8888 if channels == 4 else QImage.Format.Format_RGB888
            img = QImage(raw, w, h, stride, fmt).copy()
            label = QLabel()
            pix = QPixmap.fromImage(img)
            label.setPixmap(pix)
            label.setFixedSize(pix.size())
            label.setObjectName("preview_page")
            self.pages.addWidget(label)
        self.page_count.setText(self.tr("%n trang", "", result["pages"]))
        self.status.setText(self.tr("Xem trước xong. Bấm “Lưu PDF…” để lưu."))
        self.save_button.setEnabled(True)
        self.pdf_ready.emit(self._pdf)

    def _on_save_clicked(self) -> None:
        if not self._pdf:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu PDF"), self._suggested_name(), "PDF (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        from models.base.errors import AppError
        from models.store.database import copy_file

        try:
            copy_file(self._pdf, path)  # appears only when complete: a full USB stick leaves nothing
        except AppError as err:
            from ui.messages import show_error

            show_error(self, err)
            return
        self.status.setText(self.tr("Đã lưu: %1").replace("%1", path))

    def _suggested_name(self) -> str:
        kind = self.kind.currentData()
        return {"commune": "bao_cao_xa.pdf", "province": "bao_cao_tinh.pdf", "blank": "phieu_trang.pdf",
                "filled": "phieu_da_dien.pdf"}.get(kind, "tai_lieu.pdf")

    def _on_export_clicked(self) -> None:
        dlg = ExportDialog(self.store_path, self)
        dlg.exec()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        self.discard_preview()
        super().closeEvent(event)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


class ExportDialog(QDialog):
    """Statistics files: format, filters, labels, personal data, destination; progress while it runs."""

    exported = Signal(object)  # ExportResult

    def __init__(self, store_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store_path = str(store_path)
        self.setWindowTitle(self.tr("Xuất số liệu"))
        self.worker: ReadJob | None = None
        self.result = None
        self._build()
        self._connect_signals()
        self._load_forms()

    def _build(self) -> None:
        self.fmt = QComboBox()
        for key, text in (("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv, UTF-8)"), ("dta", "Stata (.dta)"),
                          ("sav", "SPSS (.sav)")):
            self.fmt.addItem(text, key)
        self.form = QComboBox()
        self.statuses = {}
        status_row = QHBoxLayout()
        for key in STATUSES:
            cb = QCheckBox(status_text(key))
            cb.setChecked(True)
            self.statuses[key] = cb
            status_row.addWidget(cb)
        self.commune = QLineEdit()
        self.commune.setPlaceholderText(self.tr("mã xã, để trống = tất cả"))
        self.use_dates = QCheckBox(self.tr("Lọc theo ngày phỏng vấn"))
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")  # the survey's convention in both languages (ui/fmt.py)
            d.setEnabled(False)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        self.headers = QComboBox()
        self.headers.addItem(self.tr("Tên câu hỏi"), "names")
        self.headers.addItem(self.tr("Nhãn câu hỏi"), "labels")
        self.choices = QComboBox()
        self.choices.addItem(self.tr("Mã"), "codes")
        self.choices.addItem(self.tr("Nhãn"), "labels")
        self.personal = QComboBox()
        self.personal.addItem(self.tr("Giữ nguyên"), "keep")
        self.personal.addItem(self.tr("Che bớt"), "mask")
        self.personal.addItem(self.tr("Bỏ các cột"), "drop")
        self.mask_pii = QCheckBox(self.tr("Thay dữ liệu cá nhân bằng mã băm hoặc để trống "
                                          "(theo cột 'pii' của biểu mẫu)"))
        self.mask_pii.setObjectName("mask_pii")
        self.mask_pii.setToolTip(self.tr("Tên, số CCCD, điện thoại, e-mail: cùng một giá trị cho cùng một mã trong tệp "
                                         "xuất này, nhưng không đọc lại được."))
        self.mask_pii.toggled.connect(lambda on: self.personal.setEnabled(not on))
        personal_box = QVBoxLayout()
        personal_box.setContentsMargins(0, 0, 0, 0)
        personal_box.addWidget(self.personal)
        personal_box.addWidget(self.mask_pii)
        self.lang = QComboBox()
        self.lang.addItem("Tiếng Việt", "vi")
        self.lang.addItem("English", "en")
        from ui.messages import ui_lang

        self.lang.setCurrentIndex(max(self.lang.findData(ui_lang()), 0))
        self.out = QLineEdit()
        self.browse = QPushButton(self.tr("Chọn…"))
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(self.browse)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("Xuất"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)

        form = QFormLayout()
        form.addRow(self.tr("Định dạng"), self.fmt)
        form.addRow(self.tr("Biểu mẫu"), self.form)
        form.addRow(self.tr("Trạng thái"), status_row)
        form.addRow(self.tr("Xã"), self.commune)
        form.addRow(self.tr("Ngày"), dates)
        form.addRow(self.tr("Tiêu đề cột"), self.headers)
        form.addRow(self.tr("Phương án trả lời"), self.choices)
        form.addRow(self.tr("Dữ liệu cá nhân"), personal_box)
        form.addRow(self.tr("Ngôn ngữ nhãn"), self.lang)
        form.addRow(self.tr("Lưu vào"), out_row)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(560, 420)

    def _connect_signals(self) -> None:
        self.use_dates.toggled.connect(self._on_use_dates_toggled)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.close_button.clicked.connect(self.reject)
        self.fmt.currentIndexChanged.connect(self._on_fmt_changed)

    def _load_forms(self) -> None:
        from models.store.database import open_store

        self.form.addItem(self.tr("Tất cả biểu mẫu"), "")
        try:
            store = open_store(self.store_path, create=False)
        except Exception as err:
            self.message.setText(str(err))
            return
        from models.setup.form_names import title_for
        from ui.messages import ui_lang

        try:
            for f in store.forms():
                self.form.addItem(f"{title_for(f['form_id'], f['title'], ui_lang())} ({f['form_id']})", f["form_id"])
        finally:
            store.close()

    def _on_use_dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)

    def _on_fmt_changed(self, *_: Any) -> None:
        stats = self.fmt.currentData() in ("dta", "sav")
        self.headers.setEnabled(not stats)
        self.choices.setEnabled(not stats)

    def _on_browse_clicked(self) -> None:
        fmt = self.fmt.currentData()
        if fmt == "xlsx":
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu tệp Excel"), "khao_sat.xlsx", "Excel (*.xlsx)")
        else:
            path = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục lưu"))
        if path:
            self.out.setText(path)

    def values(self) -> dict[str, Any]:
        return {
            "fmt": self.fmt.currentData(),
            "form_ids": [self.form.currentData()] if self.form.currentData() else [],
            "statuses": [k for k, cb in self.statuses.items() if cb.isChecked()],
            "communes": [c.strip() for c in self.commune.text().replace(";", ",").split(",") if c.strip()],
            "date_from": self.date_from.date().toString("yyyy-MM-dd") if self.use_dates.isChecked() else "",
            "date_to": self.date_to.date().toString("yyyy-MM-dd") if self.use_dates.isChecked() else "",
            "headers": self.headers.currentData(), "choices": self.choices.currentData(),
            "personal": "pii" if self.mask_pii.isChecked() else self.personal.currentData(),
            "lang": self.lang.currentData(), "out": self.out.text().strip(),
        }

    def _on_export_clicked(self) -> None:
        from exports.tabular import export_data, make_filter
        from models.base.errors import AppError

        v = self.values()
        if not v["out"]:
            self.message.setText(self.tr("Hãy chọn nơi lưu (tệp Excel hoặc thư mục)."))
            return
        if not v["statuses"]:
            self.message.setText(self.tr("Hãy chọn ít nhất một trạng thái."))
            return
        try:
            flt = make_filter(form_ids=v["form_ids"], statuses=v["statuses"], communes=v["communes"],
                              date_from=v["date_from"], date_to=v["date_to"])
        except AppError as err:
            from ui.messages import error_text

            self.message.setText(error_text(err))
            return
        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.message.setText(self.tr("Đang xuất…"))
        self.worker = (ReadJob(export_data, db=self.store_path, title=self.tr("Đang xuất số liệu…"), out=v["out"],
                               fmt=v["fmt"], filter=flt, lang=v["lang"], headers=v["headers"],
                               choices=v["choices"], personal=v["personal"])
                       .on_success(self._on_exported).on_progress(self._on_progress).on_failure(self._on_failed)
                       .on_cancel(self._on_cancelled))
        self.worker.start(self)

    def _on_progress(self, tick) -> None:
        if getattr(tick, "total", 0):
            self.progress.setRange(0, int(tick.total))
            self.progress.setValue(int(tick.done))

    def _on_exported(self, result) -> None:
        self.result = result
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        files = "\n".join(result.files)
        self.message.setText(self.tr("Đã xuất %n phiếu vào:", "", result.records) + "\n" + files)
        self.exported.emit(result)

    def _on_failed(self, err) -> None:
        from ui.messages import error_text

        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        self.message.setText(error_text(err))

    def _on_cancelled(self) -> None:
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        self.message.setText(self.tr("Đã hủy."))


__all__ = ["ReportsPage", "ExportDialog"]
