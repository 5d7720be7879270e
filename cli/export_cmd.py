"""Commands ``export``, ``report`` and ``print``: files for people who do not use the application.

    python main.py export --db DB --format csv|xlsx|dta|sav --out PATH [--form ID] [--lang vi|en]
    python main.py report --db DB --out FILE.pdf [--level commune|province] [--lang vi|en]
    python main.py print  --db DB --out FILE.pdf (--record ID… | --all | --blank FORM_ID)

``--out`` for ``export``: a path ending in the format's extension is a file (its repeats go beside
it as ``<name>__<repeat>.<ext>``); any other path is a folder that is created (see
exports/tabular.py). ``--lang`` sets both the language of messages and of the labels in the files.
"""

from __future__ import annotations

import argparse
import sys


def register(sub) -> None:
    p = sub.add_parser("export", help="xuất số liệu CSV/XLSX/Stata/SPSS / export data files",
                       description="Xuất số liệu ra tệp thống kê / export records as statistics files.")
    p.add_argument("--db", required=True, help="cơ sở dữ liệu / database file")
    p.add_argument("--format", required=True, choices=("csv", "xlsx", "dta", "sav"))
    p.add_argument("--out", required=True, help="tệp (có đuôi định dạng) hoặc thư mục / file (with the extension) or folder")
    p.add_argument("--form", action="append", default=[], help="chỉ biểu mẫu này (lặp lại được) / only this form")
    p.add_argument("--status", action="append", default=[], choices=("draft", "complete", "returned", "approved"),
                   help="chỉ trạng thái này / only this status (mặc định: tất cả / default: all)")
    p.add_argument("--commune", action="append", default=[], help="chỉ xã này (mã) / only this commune (code)")
    p.add_argument("--from", dest="date_from", default=None, help="từ ngày / from date YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", default=None, help="đến ngày / to date YYYY-MM-DD")
    p.add_argument("--headers", choices=("names", "labels"), default="names",
                   help="tiêu đề cột: tên câu hỏi hay nhãn / column headers: names or labels (CSV, XLSX)")
    p.add_argument("--choices", choices=("codes", "labels"), default="codes",
                   help="phương án: mã hay nhãn / choices as codes or labels (CSV, XLSX)")
    p.add_argument("--personal", choices=("keep", "drop", "mask"), default="keep",
                   help="dữ liệu cá nhân: giữ, bỏ, che / personal data: keep, drop, mask")
    _lang_option(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("report", help="báo cáo PDF cấp xã/tỉnh / commune or province PDF report",
                       description="Báo cáo chỉ tiêu và chỉ số ứng dụng số / indicators and the index as a PDF.")
    p.add_argument("--db", required=True)
    p.add_argument("--out", required=True, help="tệp PDF / PDF file")
    p.add_argument("--level", choices=("commune", "province"), default="commune")
    p.add_argument("--commune", action="append", default=[], help="mã xã / commune code (repeatable)")
    p.add_argument("--status", action="append", default=[], choices=("draft", "complete", "returned", "approved"),
                   help="trạng thái được tính / statuses counted (mặc định / default: complete, approved)")
    p.add_argument("--from", dest="date_from", default=None, help="từ ngày / from date YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", default=None, help="đến ngày / to date YYYY-MM-DD")
    p.add_argument("--indicators", default=None, help=argparse.SUPPRESS)
    _lang_option(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("print", help="in phiếu PDF (đã điền hoặc trắng) / print questionnaires as PDF",
                       description="Phiếu đã điền hoặc phiếu trắng / filled or blank questionnaires.")
    p.add_argument("--db", required=True)
    p.add_argument("--out", required=True, help="tệp PDF / PDF file")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--record", nargs="+", metavar="ID", help="mã phiếu / record ids")
    g.add_argument("--all", action="store_true", help="mọi phiếu chưa xóa / every record not deleted")
    g.add_argument("--blank", metavar="FORM_ID", help="phiếu trắng của biểu mẫu / blank form")
    p.add_argument("--status", action="append", default=[], choices=("draft", "complete", "returned", "approved"),
                   help="với --all: chỉ trạng thái này / with --all: only this status")
    _lang_option(p)
    p.set_defaults(func=cmd_print)


def _lang_option(p) -> None:
    # also accepted after the command (``report ... --lang en``); SUPPRESS keeps a global --lang
    p.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS,
                   help="ngôn ngữ của tệp và thông báo / language of the files and messages")


def _lang(args) -> str:
    return getattr(args, "lang", None) or "vi"


def _store(args):
    from models.store import open_store

    return open_store(args.db, create=False)


def _drain(gen, lang: str):
    """Run a service generator, showing progress on a terminal."""
    tty = sys.stderr.isatty()
    while True:
        try:
            tick = next(gen)
        except StopIteration as stop:
            if tty:
                print("\r" + " " * 60 + "\r", end="", file=sys.stderr)
            return stop.value
        if tty and getattr(tick, "total", 0):
            print(f"\r{tick.done}/{tick.total} {tick.message}"[:60], end="", file=sys.stderr)


def cmd_export(args) -> int:
    from exports.tabular import export_data, make_filter

    lang = _lang(args)
    flt = make_filter(form_ids=args.form, statuses=args.status, communes=args.commune,
                      date_from=args.date_from, date_to=args.date_to)
    store = _store(args)
    try:
        res = _drain(export_data(store, out=args.out, fmt=args.format, filter=flt, lang=lang, headers=args.headers,
                                 choices=args.choices, personal=args.personal), lang)
    finally:
        store.close()
    rows = ", ".join(f"{t}: {n}" for t, n in res.rows.items())
    print((f"Đã xuất {res.records} phiếu ({rows}):" if lang == "vi" else f"Exported {res.records} records ({rows}):"))
    for f in res.files:
        print("  " + f)
    return 0


def cmd_report(args) -> int:
    from exports.report import make_report
    from models.indicators import load_indicators

    lang = _lang(args)
    from exports.tabular import check_date

    defs = load_indicators(args.indicators) if args.indicators else None
    store = _store(args)
    try:
        res = _drain(make_report(store, out=args.out, level=args.level, lang=lang, communes=args.commune or None,
                                 statuses=args.status or None, date_from=check_date(args.date_from) or None,
                                 date_to=check_date(args.date_to) or None, definitions=defs), lang)
    finally:
        store.close()
    print((f"Đã lập báo cáo {res.pages} trang: {res.path}" if lang == "vi"
           else f"Report written, {res.pages} pages: {res.path}"))
    return 0


def cmd_print(args) -> int:
    from exports.questionnaire import print_blank, print_records

    lang = _lang(args)
    store = _store(args)
    try:
        if args.blank:
            res = print_blank(store, out=args.out, form_id=args.blank, lang=lang)
        else:
            res = _drain(print_records(store, out=args.out, record_ids=args.record, all_records=args.all,
                                       statuses=args.status or None, lang=lang), lang)
    finally:
        store.close()
    if args.blank:
        print(f"Đã in phiếu trắng {res.pages} trang: {res.path}" if lang == "vi"
              else f"Blank questionnaire written, {res.pages} pages: {res.path}")
    else:
        print(f"Đã in {res.records} phiếu, {res.pages} trang: {res.path}" if lang == "vi"
              else f"Printed {res.records} records, {res.pages} pages: {res.path}")
    return 0
