"""``forms list | check PATH | evaluate PATH --answers FILE.json``, and the form versions that came down in a
package from a sender not trusted here: ``forms held | install-held | refuse-held`` (the same service functions
as Settings → Forms, ``models.exchange.forms_down``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cli.common import db_command, lang_of, open_existing


def register(sub) -> None:
    p = sub.add_parser("forms", help="biểu mẫu XLSForm: liệt kê, kiểm tra, đánh giá / forms: list, check, evaluate")
    fs = p.add_subparsers(dest="forms_command", metavar="<list|check|evaluate|held|install-held|refuse-held>",
                          required=True)

    q = fs.add_parser("list", help="các biểu mẫu có sẵn / the bundled forms")
    q.add_argument("--json", action="store_true", help="in JSON / print JSON")
    q.set_defaults(func=cmd_list)

    q = fs.add_parser("check", help="kiểm tra một XLSForm / check an XLSForm")
    q.add_argument("path")
    q.set_defaults(func=cmd_check)

    q = fs.add_parser("evaluate", help="đánh giá câu trả lời theo biểu mẫu / evaluate answers against a form")
    q.add_argument("path")
    q.add_argument("--answers", required=True, help="tệp JSON câu trả lời / answers JSON file")
    q.add_argument("--today", default=None, help="ngày hôm nay giả định (YYYY-MM-DD) / assume today's date")
    q.set_defaults(func=cmd_evaluate)

    db_command(fs, "held", "biểu mẫu nhận trong gói, chờ cài đặt / forms received in packages, waiting "
                           "to be installed", cmd_held)
    q = db_command(fs, "install-held", "cài đặt một biểu mẫu đang chờ / install a waiting form", cmd_install_held)
    q.add_argument("form_id", metavar="FORM_ID")
    q.add_argument("version", metavar="VERSION")
    q.add_argument("--sender", default=None, metavar="FINGERPRINT",
                   help="bản do người gửi này gửi (khi nhiều người gửi) / the copy this sender sent")
    q = db_command(fs, "refuse-held", "từ chối một biểu mẫu đang chờ / refuse a waiting form", cmd_refuse_held)
    q.add_argument("form_id", metavar="FORM_ID")
    q.add_argument("version", metavar="VERSION")



def _input_or_exit(path: str, lang: str) -> None:
    """A form path that is a folder or missing is an input problem like any other (exit 1)."""
    from cli import Exit
    from cli.common import input_file
    from models.base.errors import AppError

    try:
        input_file(path)
    except AppError as err:
        print(err.message(lang), file=sys.stderr)
        raise Exit(1) from None


def cmd_list(args) -> int:
    from models.store.database import BUNDLED_DIR, form_from_source

    rows = []
    for path in sorted(BUNDLED_DIR.glob("*.xlsx")):
        f = form_from_source(path.read_bytes(), ".xlsx", path.name)
        s = f.summary()
        rows.append({**s, "file": path.name})
    if getattr(args, "json", False):
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    vi = lang_of(args) == "vi"
    print("\t".join(["form_id", "phiên bản" if vi else "version", "câu hỏi" if vi else "questions",
                     "tiêu đề" if vi else "title"]))
    for r in rows:
        print(f"{r['form_id']}\t{r['version']}\t{r['questions']}\t{r['title']}")
    return 0


def cmd_check(args) -> int:
    from forms import check_form

    lang = lang_of(args)
    _input_or_exit(args.path, lang)
    form, problems = check_form(args.path)
    if problems:  # on standard error, as every command's problems (the exit code says 1)
        for p in problems:
            print(p.line(lang), file=sys.stderr)
        return 1
    assert form is not None
    s = form.summary()
    if lang == "vi":
        print(f"Hợp lệ: {args.path}: '{s['form_id']}' phiên bản {s['version'] or '-'}, {s['questions']} câu hỏi, "
              f"{s['groups']} nhóm, {s['repeats']} bảng lặp, {s['calculations']} phép tính, "
              f"ngôn ngữ {', '.join(s['languages'])}.")
    else:
        print(f"Valid: {args.path}: '{s['form_id']}' version {s['version'] or '-'}, {s['questions']} questions, "
              f"{s['groups']} groups, {s['repeats']} repeats, {s['calculations']} calculations, "
              f"languages {', '.join(s['languages'])}.")
    for n in form.notices:  # the form's own problems that do not stop it loading, with their place
        print(("Cảnh báo: " if lang == "vi" else "Warning: ") + n.line(lang))
    for w in form.warnings:  # one line each (pyxform's may hold line breaks)
        print(("Cảnh báo của pyxform: " if lang == "vi" else "pyxform warning: ") + " ".join(w.split()))
    for line in attachment_lines(form, lang):
        print(line)
    return 0


def attachment_lines(form, lang: str, *, missing_only: bool = False) -> list[str]:
    """One line per file the form reads (its external data): found beside the form, or not (then its
    choice lists are empty and pulldata()/instance() read nothing until the file is added)."""
    out = []
    for file in form.needs:
        if file in form.attachments:
            if missing_only:
                continue
            out.append(f"Tệp đính kèm {file}: đã đọc từ thư mục của biểu mẫu." if lang == "vi"
                       else f"Attachment {file}: read from the form's folder.")
        elif lang == "vi":
            out.append(f"Cần tệp đính kèm {file}: không thấy bên cạnh biểu mẫu. Hãy đặt tệp {file} vào cùng "
                       "thư mục với biểu mẫu (danh sách lựa chọn và pulldata() lấy dữ liệu từ tệp này).")
        else:
            out.append(f"Needs attachment {file}: not found beside the form. Put {file} in the form's folder "
                       "(its choice lists and pulldata() read from this file).")
    return out


def cmd_evaluate(args) -> int:
    from cli.messages import CliCode, CliError
    from forms import load_form
    from forms.engine import cleaned_paths, evaluate_answers
    from models.base.errors import Bilingual, os_detail

    lang = lang_of(args)
    _input_or_exit(args.path, lang)
    form = load_form(args.path)
    try:  # utf-8-sig: Notepad on Windows saves JSON with a byte-order mark
        answers = json.loads(Path(args.answers).read_text(encoding="utf-8-sig"))
    except OSError as err:
        raise CliError(CliCode.BAD_ANSWERS, path=args.answers, detail=os_detail(err)) from None
    except json.JSONDecodeError as err:
        raise CliError(CliCode.BAD_ANSWERS, path=args.answers, detail=Bilingual(
            f"lỗi cú pháp JSON ở dòng {err.lineno}, cột {err.colno}",
            f"a JSON syntax error at line {err.lineno}, column {err.colno}")) from None
    except UnicodeDecodeError:
        raise CliError(CliCode.BAD_ANSWERS, path=args.answers, detail=Bilingual(
            "tệp không phải văn bản UTF-8", "the file is not UTF-8 text")) from None
    except RecursionError:
        raise CliError(CliCode.BAD_ANSWERS, path=args.answers,
                       detail=Bilingual("lồng nhau quá sâu", "nested too deeply")) from None
    if not isinstance(answers, dict):
        kind = {list: ("một danh sách", "a list"), str: ("một chuỗi", "a string")}.get(
            type(answers), ("một giá trị đơn", "a single value"))
        raise CliError(CliCode.BAD_ANSWERS, path=args.answers, detail=Bilingual(
            f"nội dung là {kind[0]}, không phải đối tượng {{…}}", f"it holds {kind[1]}, not an object {{…}}"))
    for line in attachment_lines(form, lang, missing_only=True):  # the JSON stays alone on standard output
        print(line, file=sys.stderr)
    result = evaluate_answers(form, answers, today=args.today, lang=lang)
    cleaned = cleaned_paths(answers)
    if cleaned:  # said on standard error: the JSON stays alone on standard output
        from cli.messages import CliOutput

        print(CliOutput.OUT_CLEANED.render({"paths": ", ".join(f"'{p}'" for p in cleaned[:20]) +
                                            (" …" if len(cleaned) > 20 else ""), "file": args.answers}, lang),
              file=sys.stderr)
    json.dump(result.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


# ------------------------------------------------------------------- forms that came down in a package



def cmd_held(args) -> int:
    from cli.messages import CliOutput
    from models.exchange.forms_down import pending

    with open_existing(args.db) as store:
        rows = pending(store)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    lang = lang_of(args)
    if not rows:
        print(CliOutput.OUT_NO_FORMS_HELD.render({}, lang))
        return 0
    print(CliOutput.OUT_FORMS_HELD_HEADER.render({}, lang))
    yes_no = ("có", "không") if lang == "vi" else ("yes", "no")
    for r in rows:
        print(f"{r['form_id']}\t{r['version']}\t{r['title']}\t{r['sender_name']}\t{r['sender']}\t"
              f"{yes_no[0] if r['sender_trusted'] else yes_no[1]}\t{r['received_at']}")
    return 0


def _decided(args, code, data: dict) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(code.render(data, lang_of(args)))


def cmd_install_held(args) -> int:
    from cli.clerk_cmd import _fingerprint
    from cli.messages import CliOutput
    from models.exchange.forms_down import install_pending

    with open_existing(args.db) as store:
        install_pending(store, args.form_id, args.version, sender=_fingerprint(args.sender))
        latest = store.latest_version(args.form_id)
    _decided(args, CliOutput.OUT_FORM_INSTALLED, {"form_id": args.form_id, "version": args.version,
                                                  "decision": "installed", "latest_version": latest})
    return 0


def cmd_refuse_held(args) -> int:
    from cli.messages import CliOutput
    from models.exchange.forms_down import refuse_pending

    with open_existing(args.db) as store:
        refuse_pending(store, args.form_id, args.version)
    _decided(args, CliOutput.OUT_FORM_REFUSED, {"form_id": args.form_id, "version": args.version,
                                                "decision": "refused"})
    return 0
