"""Make the screenshots in this folder: every screen at 1366x768, in Vietnamese and English.

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_screenshots.py

Uses a fresh demo database (python main.py demo ...) in a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

W, H = 1366, 768


def shot(widget, name: str) -> None:
    for _ in range(5):  # let layouts settle as they would on screen
        QApplication.processEvents()
    widget.grab().save(str(HERE / f"{name}.png"))
    print("wrote", name)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from models.demo import generate as demo
    from models.records.editor import RecordEditor, create_record
    from models.store.database import open_store
    from ui.app import install_translators, make_main_window
    from ui.entry.window import FormEntryWindow
    from ui.records_page import DuplicatesDialog
    from ui.setup_dialog import SetupDialog

    tmp = Path(tempfile.mkdtemp(prefix="khaosat-shots-"))
    db = tmp / "demo.db"
    demo.run(str(db), commune="09025", enterprises=40, households=60, seed=3, enumerator="DTV01", skeletons=20)
    st = open_store(db)
    for lang in ("vi", "en"):
        install_translators(app, lang)
        # first run
        fresh = open_store(tmp / f"fresh_{lang}.db")
        d = SetupDialog(fresh, lang=lang)
        d.show()
        shot(d, f"setup_{lang}")
        # a province's name from before the 2025 merger finds the province it became, and says so
        d.fields.province.setFocus()
        d.fields.province.lineEdit().setText("Vĩnh Phúc")
        d.fields.province.lineEdit().textEdited.emit("Vĩnh Phúc")
        shot(d, f"setup_former_province_{lang}")
        d.fields.province.completer().popup().hide()
        d.close()
        fresh.close()
        # the record list
        win = make_main_window(st, lang)
        win.resize(W, H)
        win.show()
        shot(win, f"records_{lang}")
        page = win.page("records")
        page.search.setText("nguyen")
        page.apply_filter()
        page.status_box.setCurrentIndex(page.status_box.findData("draft"))
        shot(win, f"records_search_{lang}")
        page.search.setText("")
        page.status_box.setCurrentIndex(0)
        page.apply_filter()
        # settings
        win.nav.setCurrentRow(win.nav.count() - 1)
        sp = win.page("settings")
        for i, key in enumerate(("setup", "forms", "backup", "people")):
            sp.tabs.setCurrentIndex(i)
            shot(win, f"settings_{key}_{lang}")
        win.nav.setCurrentRow(0)
        # duplicates
        rid = st.execute("SELECT id FROM records WHERE form_id = 'household_digital' AND "
                         "json_extract(answers, '$.phone') IS NOT NULL LIMIT 1").fetchone()[0]
        dup = create_record(st, "household_digital")
        ed = RecordEditor(st, dup)
        ed.set("consent", "1")
        ed.set("head_name", st.record(rid)["label"])
        ed.set("phone", st.record(rid)["answers"]["phone"])
        ed.set("village", st.record(rid)["village"])
        from models.records.duplicates import duplicates_of

        dd = DuplicatesDialog(page, duplicates_of(st, dup))
        dd.show()
        shot(dd, f"duplicates_{lang}")
        dd.close()
        # entry: enterprise with a constraint message
        rid = create_record(st, "enterprise_digital")
        ew = FormEntryWindow(st, rid, ui_lang=lang, form_lang=lang)
        ew.resize(W, H)
        ew.show()
        QApplication.processEvents()
        for path, value in (("interview_date", "2025-09-02"), ("village", "Thôn Đông"), ("ref_year", "2024"),
                            ("consent", "1"), ("unit_type", "1"), ("unit_name", "Công ty TNHH Minh Phát"),
                            ("tax_code", "0100233480"), ("est_year", "2015")):
            ew._on_committed(path, value, True)
            if path in ew.widgets:
                ew.widgets[path].visited = True
        ew.show_section(1, focus=False)
        ew.go_to("tax_code")
        shot(ew, f"entry_constraint_{lang}")
        ew.mark_complete()
        shot(ew, f"entry_issues_{lang}")
        ew.close()
        # entry: household roster with an amber warning
        rid = create_record(st, "household_digital")
        hw = FormEntryWindow(st, rid, ui_lang=lang, form_lang=lang)
        hw.resize(W, H)
        hw.show()
        QApplication.processEvents()
        for path, value in (("interview_date", "2025-09-02"), ("village", "Thôn Đông"), ("hh_no", "12"),
                            ("consent", "1"), ("head_name", "Nguyễn Văn Bình"), ("hh_size", "3"),
                            ("mem[1].m_name", "Nguyễn Văn Bình"), ("mem[1].m_rel", "1"), ("mem[1].m_sex", "1"),
                            ("mem[1].m_byear", "1975"), ("mem[2].m_name", "Trần Thị Mơ"), ("mem[2].m_rel", "4"),
                            ("mem[2].m_sex", "2"), ("mem[2].m_byear", "1920"), ("mem[3].m_name", "Nguyễn Thu Hà"),
                            ("mem[3].m_rel", "3"), ("mem[3].m_sex", "2"), ("mem[3].m_byear", "2003")):
            hw._on_committed(path, value, True)
        hw.go_to("mem[2].m_byear")
        hw.widgets["mem[2].m_byear"].visited = True
        hw.refresh_issue_displays(["mem[2].m_byear"])
        shot(hw, f"entry_roster_warning_{lang}")
        hw.go_to("mem[1].m_edu")
        shot(hw, f"entry_roster_{lang}")
        hw.close()
        win.close()
    st.close()
    transfer_and_consolidation(app, tmp, db)


def _wait(worker_owner) -> None:
    import time

    t0 = time.monotonic()
    while worker_owner.worker is not None and time.monotonic() - t0 < 120:
        QApplication.processEvents()
        time.sleep(0.01)


def _answer_questions(monkey_boxes: bool = True):
    """Message boxes answer themselves (the screenshots show the screens, not the boxes)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    QMessageBox.warning = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    QMessageBox.exec = lambda self: 0


def transfer_and_consolidation(app, tmp: Path, db: Path) -> None:
    """The enumerator's transfer page and the returned record; the clerk's consolidation views;
    reports, sync, Qt's own buttons, the damaged-database message."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from models.exchange.packages import export_package, export_to_file, import_into
    from models.records.editor import RecordEditor, create_record
    from models.records.review import send_back
    from models.store.database import open_store
    from models.store.errors import StoreCode, StoreError
    from ui.app import install_translators, make_main_window
    from ui.consolidation_dialogs import ConflictDialog, DuplicateDialog, ReviewDialog
    from ui.entry.window import FormEntryWindow
    from ui.recovery import damaged_box

    _answer_questions()
    st = open_store(db)
    clerk_db = tmp / "clerk.db"
    clerk = open_store(clerk_db)
    clerk.set_settings({"role": "clerk", "user_name": "Phạm Thu Hà", "user_code": "CB01", "province": "25",
                        "commune": "09025", "language": "vi"})
    clerk.install_bundled_forms()
    # a household entered twice (a possible duplicate for the clerk)
    src = st.execute("SELECT id FROM records WHERE form_id = 'household_digital' AND status = 'complete' "
                     "ORDER BY id LIMIT 1").fetchone()[0]
    rec = st.record(src)
    twin = create_record(st, "household_digital")
    ed = RecordEditor(st, twin)
    for k in ("consent", "head_name", "phone", "village"):
        if rec["answers"].get(k):
            ed.set(k, rec["answers"][k])
    export_package(st, tmp / "dtv01.ksp", mode="changes")
    for _ in import_into(clerk, [str(tmp / "dtv01.ksp")], backup=False):
        pass
    returned = st.execute("SELECT id FROM records WHERE form_id = 'household_digital' AND status = 'complete' "
                          "ORDER BY id LIMIT 1 OFFSET 3").fetchone()[0]
    send_back(clerk, returned, comment="Kiểm tra lại số điện thoại và năm sinh các thành viên.",
              questions={"phone": "Số điện thoại sai đầu số, hỏi lại hộ.",
                         "mem[1].m_byear": "Năm sinh không khớp với số định danh."})
    # a conflict: both sides change the same household
    conflicted = st.execute("SELECT id FROM records WHERE form_id = 'household_digital' AND status = 'complete' "
                            "ORDER BY id LIMIT 1 OFFSET 5").fetchone()[0]
    RecordEditor(clerk, conflicted).set("comment", "Cán bộ xã đã gọi lại cho hộ.")
    RecordEditor(st, conflicted).set("comment", "Hộ hẹn bổ sung thông tin.")
    export_to_file(clerk, str(tmp / "tra_lai.ksp"), enumerator="DTV01")
    clerk.close()
    st.close()
    st = open_store(db)
    export_package(st, tmp / "dtv01_b.ksp", mode="changes")
    st.close()
    clerk = open_store(clerk_db)
    for _ in import_into(clerk, [str(tmp / "dtv01_b.ksp")], backup=False):
        pass
    clerk.close()
    st = open_store(db)
    for lang in ("vi", "en"):
        install_translators(app, lang)
        # ---- the enumerator: transfer page, after the return package came in
        win = make_main_window(st, lang)
        win.resize(W, H)
        win.show()
        win.nav.setCurrentRow(1)
        tp = win.page("transfer")
        if lang == "vi":
            QFileDialog.getOpenFileNames = staticmethod(lambda *a, **k: ([str(tmp / "tra_lai.ksp")], ""))
            tp.import_files([str(tmp / "tra_lai.ksp")])
            _wait(tp)
        tp.refresh()
        shot(win, f"transfer_{lang}")
        # the record list with the returned record's marker, and the record with the comments
        win.nav.setCurrentRow(0)
        rp = win.page("records")
        rp.status_box.setCurrentIndex(rp.status_box.findData("returned"))
        rp.apply_filter()
        shot(win, f"records_returned_{lang}")
        rp.status_box.setCurrentIndex(0)
        rp.apply_filter()
        ew = FormEntryWindow(st, returned, ui_lang=lang, form_lang=lang)
        ew.resize(W, H)
        ew.show()
        QApplication.processEvents()
        ew.go_to("phone")
        shot(ew, f"entry_returned_{lang}")
        ew.close()
        # reports (the interface language is the documents' language)
        win.nav.setCurrentRow(2)
        shot(win, f"reports_{lang}")
        win.close()
        # an empty record list
        fresh = open_store(tmp / f"empty_{lang}.db")
        fresh.set_settings({"role": "enumerator", "user_name": "Lê Thị Hoa", "user_code": "DTV02",
                            "province": "25", "commune": "09025", "language": lang})
        fresh.install_bundled_forms()
        ew2 = make_main_window(fresh, lang)
        ew2.resize(W, H)
        ew2.show()
        shot(ew2, f"records_empty_{lang}")
        ew2.close()
        fresh.close()
        # ---- the clerk: consolidation lists and views, sync
        cs = open_store(clerk_db)
        cs.set_settings({"language": lang})
        cw = make_main_window(cs, lang)
        cw.resize(W, H)
        cw.show()
        cw.nav.setCurrentRow(1)
        cp = cw.page("consolidation")
        cp.refresh()
        cp.tabs.setCurrentIndex(2)
        shot(cw, f"consolidation_{lang}")
        for name, dlg in (("conflict", ConflictDialog(str(clerk_db), conflicted)),
                          ("duplicate", _duplicate_dialog(DuplicateDialog, clerk_db, cp)),
                          ("review", ReviewDialog(str(clerk_db), cp.review.item(0, 0).data(256)))):
            if dlg is None:
                continue
            dlg.resize(1300, 720)
            if hasattr(dlg, "table") and hasattr(dlg.table, "fit"):
                dlg.table.fit(1270)
            dlg.show()
            shot(dlg, f"{name}_{lang}")
            dlg.close()
        cw.nav.setCurrentRow(3)
        shot(cw, f"sync_{lang}")
        cw.close()
        cs.close()
        empty = open_store(tmp / f"clerk_empty_{lang}.db")
        empty.set_settings({"role": "clerk", "user_name": "Phạm Thu Hà", "user_code": "CB01", "province": "25",
                            "commune": "09025", "language": lang})
        ew3 = make_main_window(empty, lang)
        ew3.resize(W, H)
        ew3.show()
        ew3.nav.setCurrentRow(1)
        shot(ew3, f"consolidation_empty_{lang}")
        ew3.close()
        empty.close()
        # Qt's own buttons follow the language; the damaged-database message at start
        box = QMessageBox(QMessageBox.Icon.Question, "Khảo sát số",
                          "Chuyển phiếu vào thùng rác?" if lang == "vi" else "Move the record to the recycle bin?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.show()
        shot(box, f"qt_buttons_{lang}")
        box.close()
        # Qt's own file dialog (as on Linux; Windows and macOS show their native one)
        fd = QFileDialog(None, "Chọn tệp XLSForm" if lang == "vi" else "Choose an XLSForm file", str(ROOT / "forms"),
                         "XLSForm (*.xlsx *.xls)")
        fd.setOption(QFileDialog.Option.DontUseNativeDialog)
        fd.resize(760, 440)
        fd.show()
        shot(fd, f"file_dialog_{lang}")
        fd.close()
        box, _b, _n = damaged_box(StoreError(StoreCode.DB_CORRUPT, path=str(tmp / "khaosat.db"),
                                             detail="file is not a database"),
                                  lang)
        box.show()
        shot(box, f"damaged_database_{lang}")
        box.close()
        # the PIN: chosen at the first start, the recovery code shown once, asked at every start
        from models.store import cipher
        from ui.lock import ChoosePinDialog, PinDialog, RecoveryCodeDialog, welcome_text

        cp = ChoosePinDialog(welcome_text(), None, lang)
        cp.show()
        shot(cp, f"pin_choose_{lang}")
        cp.close()
        locked = tmp / f"locked_{lang}.db"
        key = cipher.new_key()
        cipher.write_envelope(locked, cipher.new_envelope(key, "246813"))
        rc = RecoveryCodeDialog(cipher.recovery_code(key), str(locked), None, lang)
        rc.show()
        shot(rc, f"pin_recovery_code_{lang}")
        rc.kept.setChecked(True)
        rc.close()
        pd = PinDialog(str(locked), lang)
        pd.pin.setText("000000")
        pd._try()  # a wrong PIN: the message under the field
        pd.show()
        shot(pd, f"pin_unlock_{lang}")
        pd.close()
    st.close()


def _duplicate_dialog(cls, clerk_db: Path, page):
    if not page.duplicates.rowCount():
        return None
    a, b = page.duplicates.item(0, 0).data(256)
    return cls(str(clerk_db), a, b)


if __name__ == "__main__":
    main()
    os._exit(0)
