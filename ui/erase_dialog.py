"""Erasing a respondent's personal data (a data-protection request): the confirmation that names the
questions, asks for the reason, and runs :func:`models.exchange.erase.erase_record` as a ``WriteJob``.

Reached from the record list ("Xoá dữ liệu cá nhân…", also Ctrl+Shift+Delete on the list). Every personal
question of the form (its ``pii`` column) is listed, checked; a person may uncheck some. The button that
erases is enabled once a reason is typed and a question is checked; Enter in the reason presses it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.base.errors import AppError
from ui.messages import show_error
from ui.worker import WriteJob


class EraseDialog(QDialog):
    """The confirmation: which questions (checkable, all checked), why (required)."""

    def __init__(self, parent: QWidget | None, *, record_label: str, fields: list[tuple[str, str]]):
        super().__init__(parent)
        self.setObjectName("erase_dialog")
        self.setWindowTitle(self.tr("Xoá dữ liệu cá nhân"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Xoá dữ liệu cá nhân của phiếu '{0}' theo yêu cầu của người trả lời. Các câu trả lời "
                               "dưới đây bị xoá khỏi phiếu, mọi bản cũ và nhật ký thay đổi, ở máy này và ở mọi máy "
                               "nhận gói sau này; không thể hoàn tác. Các câu khác được giữ, phiếu vẫn được tính "
                               "trong báo cáo.").format(record_label))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.fields = QListWidget()
        self.fields.setObjectName("erase_fields")
        for name, label in fields:
            item = QListWidgetItem(f"{label} ({name})" if label and label != name else name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.fields.addItem(item)
        self.fields.setCurrentRow(0)
        lay.addWidget(self.fields)
        why = QLabel(self.tr("&Lý do (ghi vào nhật ký, ví dụ: đơn yêu cầu ngày…):"))
        self.reason = QLineEdit()
        self.reason.setObjectName("erase_reason")
        why.setBuddy(self.reason)
        lay.addWidget(why)
        lay.addWidget(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_btn = self.buttons.addButton(self.tr("Xoá dữ liệu cá nhân"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.erase_btn.setObjectName("erase_confirm")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Huỷ"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self.fields.itemChanged.connect(self._update)
        self.reason.returnPressed.connect(self._enter)
        self._update()
        self.reason.setFocus()

    def chosen(self) -> list[str]:
        return [self.fields.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.fields.count())
                if self.fields.item(i).checkState() == Qt.CheckState.Checked]

    def _update(self, *_a) -> None:
        self.erase_btn.setEnabled(bool(self.reason.text().strip()) and bool(self.chosen()))
        self.erase_btn.setDefault(self.erase_btn.isEnabled())

    def _enter(self) -> None:
        if self.erase_btn.isEnabled():
            self.accept()


def erase_personal_data(parent: QWidget, store, record_id: str, *, label: str = "", lang: str = "vi",
                        done=None) -> None:
    """Ask, then erase on the database's one writer; ``done(result)`` after it succeeded."""
    from models.exchange.erase import erase_record, personal_fields

    try:
        form_id, names = personal_fields(store, record_id)
        form = store.form(form_id, store.record(record_id)["form_version"])
    except AppError as err:
        show_error(parent, err)
        return
    if not names:
        from models.exchange.errors import EraseCode, EraseError

        show_error(parent, EraseError(EraseCode.ERASE_NO_FIELDS, record_id=record_id, form_id=form_id))
        return
    shown = []
    for n in names:
        e = form.get(n)
        shown.append((n, form.text(e.labels, lang).strip() if e is not None else n))
    d = EraseDialog(parent, record_label=label or record_id, fields=shown)
    if d.exec() != QDialog.DialogCode.Accepted:
        return
    job = (WriteJob(erase_record, db=store.path,
                    title=QCoreApplication.translate("EraseDialog", "Đang xoá dữ liệu cá nhân…"),
                    what=QCoreApplication.translate("EraseDialog", "xoá dữ liệu cá nhân"), record_id=record_id,
                    reason=d.reason.text(), fields=d.chosen())
           .on_failure(lambda err: show_error(parent, err)))
    if done is not None:
        job.on_success(done)
    job.start(parent)
