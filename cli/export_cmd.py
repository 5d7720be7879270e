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

from cli.common import drain, lang_of
from cli.messages import CliOutput


def register(sub) -> None:
    p = sub.add_parser("export", help="xuất số liệu CSV/XLSX/Stata/SPSS / export data files",
                       description="Xuất số liệu ra tệp thống kê / export records as statistics files.")
    p.add_argument("--db", required=True, help="cơ sở dữ liệu / database file")
    p.add_argument("--format", required=True, choices=("csv", "xlsx", "dta", "sav"))
    p.add_argument("--out", required=True,
                   help="tệp (có đuôi định dạng) hoặc thư mục / file (with the extension) or folder")
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
    p.add_argument("--mask-pii", action="store_true",
                   help="thay tên, CCCD, điện thoại, e-mail bằng mã băm có muối hoặc để trống, theo cột 'pii' của "
                        "biểu mẫu / replace names, ID, phone, e-mail by salted hashes or blanks, as the form's "
                        "'pii' column says")
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
    p.set_defaults(func=cmd_print)
    # --lang (messages and the files' labels) is added to every command by cli.common.add_lang_everywhere


def _store(args):
    from cli.common import open_existing

    return open_existing(args.db)


#: the extensions of files the export writes; ``--out`` with one of these must match ``--format``
DATA_EXTENSIONS = (".csv", ".xlsx", ".xls", ".dta", ".sav", ".pdf", ".zip", ".txt", ".json", ".ods", ".docx")
KINDS = {"csv": "CSV", "xlsx": "Excel (.xlsx)", "dta": "Stata (.dta)", "sav": "SPSS (.sav)"}


def _check_export_out(out: str, fmt: str) -> None:
    """``--out f.csv`` with ``--format xlsx`` would make a folder named f.csv: refused."""
    from pathlib import Path

    from cli.messages import CliCode, CliError

    suffix = Path(out).suffix.lower()
    if suffix in DATA_EXTENSIONS and suffix != "." + fmt:
        raise CliError(CliCode.OUT_BAD_EXTENSION, path=out, expected="." + fmt, command=f"export --format {fmt}",
                       kind=KINDS[fmt], example=str(Path(out).with_suffix("." + fmt)))


def _check_communes(store, communes: list[str]) -> None:
    """Every ``--commune`` must have records in the database (a typo would make an empty report)."""
    from cli.messages import CliCode, CliError
    from models.records.queries import distinct_values

    for code in communes:
        if not store.count_records(commune=code):
            known = distinct_values(store, "commune")
            raise CliError(CliCode.UNKNOWN_COMMUNE, commune=code, path=store.path,
                           known=", ".join(known) or "-")


def _check_print_choice(store, args) -> None:
    """Name what is missing before anything is written: an unknown record id, or nothing for --all."""
    from cli.messages import CliCode, CliError
    from models.base.errors import AppError

    if args.record:
        for rid in args.record:
            try:
                store.record(rid)
            except AppError:
                raise CliError(CliCode.PRINT_NO_RECORD, record_id=rid, path=store.path) from None
    elif args.all:
        statuses = args.status or [None]
        found = sum(store.count_records(**({"status": s} if s else {})) for s in statuses)
        if not found:
            which = ""
            if args.status:
                from models.base.errors import Bilingual

                names = {"draft": ("nháp", "draft"), "complete": ("hoàn thành", "complete"),
                         "returned": ("bị trả lại", "returned"), "approved": ("đã duyệt", "approved")}
                vi = ", ".join(names[s][0] for s in args.status)
                en = ", ".join(names[s][1] for s in args.status)
                which = Bilingual(f"ở trạng thái {vi} ", f"with the status {en} ")
            raise CliError(CliCode.PRINT_NOTHING_ALL, path=store.path, which=which)


def _personal(args) -> str:
    """``--mask-pii`` is ``personal="pii"``; it cannot be combined with ``--personal drop|mask``."""
    if not getattr(args, "mask_pii", False):
        return args.personal
    if args.personal != "keep":
        from cli.messages import CliCode, CliError

        raise CliError(CliCode.OPTIONS_CLASH, first="--mask-pii", second=f"--personal {args.personal}")
    return "pii"


def cmd_export(args) -> int:
    from exports.tabular import export_data, make_filter

    lang = lang_of(args)
    _check_export_out(args.out, args.format)
    flt = make_filter(form_ids=args.form, statuses=args.status, communes=args.commune,
                      date_from=args.date_from, date_to=args.date_to)
    store = _store(args)
    try:
        res = drain(export_data(store, out=args.out, fmt=args.format, filter=flt, lang=lang, headers=args.headers,
                                 choices=args.choices, personal=_personal(args)), show=True)
    finally:
        store.close()
    rows = ", ".join(f"{t}: {n}" for t, n in res.rows.items())
    print(CliOutput.OUT_EXPORTED.render({"records": res.records, "rows": rows}, lang))
    for f in res.files:
        print("  " + f)
    return 0


def cmd_report(args) -> int:
    from exports.report import make_report
    from models.indicators.compute import load_indicators

    lang = lang_of(args)
    from cli.common import out_file
    from exports.tabular import check_date

    out_file(args.out, ".pdf", "report", "PDF")
    defs = load_indicators(args.indicators) if args.indicators else None
    store = _store(args)
    try:
        _check_communes(store, args.commune)
        res = drain(make_report(store, out=args.out, level=args.level, lang=lang, communes=args.commune or None,
                                 statuses=args.status or None, date_from=check_date(args.date_from) or None,
                                 date_to=check_date(args.date_to) or None, definitions=defs), show=True)
    finally:
        store.close()
    print(CliOutput.OUT_REPORT.render({"pages": res.pages, "path": res.path}, lang))
    return 0


def cmd_print(args) -> int:
    from cli.common import out_file
    from exports.questionnaire import print_blank, print_records

    lang = lang_of(args)
    out_file(args.out, ".pdf", "print", "PDF")
    store = _store(args)
    try:
        _check_print_choice(store, args)
        if args.blank:
            res = print_blank(store, out=args.out, form_id=args.blank, lang=lang)
        else:
            res = drain(print_records(store, out=args.out, record_ids=args.record, all_records=args.all,
                                       statuses=args.status or None, lang=lang), show=True)
    finally:
        store.close()
    if args.blank:
        print(CliOutput.OUT_PRINTED_BLANK.render({"pages": res.pages, "path": res.path}, lang))
    else:
        print(CliOutput.OUT_PRINTED.render({"records": res.records, "pages": res.pages, "path": res.path}, lang))
    return 0
