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
    from models import demo
    from models.records import RecordEditor, create_record
    from models.store import open_store
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
        for i, key in enumerate(("setup", "forms", "backup")):
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
        from models.queries import duplicates

        dd = DuplicatesDialog(page, duplicates(st, dup))
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


if __name__ == "__main__":
    main()
    os._exit(0)
