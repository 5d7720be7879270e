"""A whole enterprise interview through the real widgets, keyboard only."""

from models.records.editor import create_record
from tests.ui.driver import focused_question, run_interview
from ui.entry.window import FormEntryWindow

ANSWERS = {
    "interview_date": "02/09/2025", "village": "Thôn Bãi Sậy", "ref_year": "2024", "consent": "1",
    "unit_type": "1", "unit_name": "Công ty TNHH Miến dong Hoàng Anh", "tax_code": "0100233488",
    "est_year": "2012", "vsic": "C", "vsic_div": "10", "main_product": "Miến dong", "ocop_subject": "1",
    "resp_role": "1", "phone": "0987654321", "email": "hoanganh@gmail.com",
    "emp_total": "25", "emp_si": "18", "revenue": "12.500,5", "capital": "8000",
    "use_computer": "1", "emp_computer": "6", "use_internet": "1", "emp_internet": "20", "net_type": "fbb mbb_phone",
    "lan": "1", "email_ott": "3", "it_staff": "2", "hire_diff": "2", "trained": "1", "trained_n": "4",
    "software": "acc sales inv", "einvoice": "1", "einv_pos": "0", "esign": "1", "econtract": "1",
    "egov": "tax si", "presence": "fb zalo mkt", "web_moit": "8", "sells_online": "1",
    "sell_channels": "mkt social_chat", "marketplaces": "shopee tts", "n_shops": "2", "n_products": "12",
    "esales_pct": "30", "esales_b2c_pct": "80", "livestream": "1", "crossborder": "0",
    "delivery": "vtp ghtk", "buys_online": "1", "online_ads": "1", "barriers": "",
    "pay_methods": "cash transfer qr", "wallets": "momo", "cashless_pct": "60", "biz_account": "1",
    "ocop": "4", "ocop_n": "2", "qr_trace": "1", "qr_products": "2", "support": "train content",
    "plan12": "2", "comment": "",
}


def test_enterprise_interview_keyboard_only(qtbot, store, no_dialogs):
    rid = create_record(store, "enterprise_digital")
    win = FormEntryWindow(store, rid)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: focused_question(win) is not None)
    visited = run_interview(qtbot, win, ANSWERS)
    assert "tax_code" in visited and "emp_si" in visited and "barriers" not in visited  # relevance
    win.mark_complete()
    issues = win.session.issues()
    assert issues == [], [(i.path, i.message) for i in issues]
    rec = store.record(rid)
    assert rec["status"] == "complete"
    assert rec["data"]["revenue"] == "12500.5"  # typed the Vietnamese way, stored canonically
    assert rec["data"]["size_class"]  # calculations ran
    assert rec["label"] == "Công ty TNHH Miến dong Hoàng Anh"
    # every answer was saved as it was entered: one audit row per change
    sets = [a for a in store.audit(rid) if a["action"] == "set"]
    assert len(sets) >= len(visited) - 5
    # the revenue shows the Vietnamese way on screen
    win.go_to("revenue")
    assert win.widgets["revenue"].edit.text() == "12.500,5"
