"""A clerk's work from the command line (docs/cli.md): ``record show|set|erase``, ``review list|approve|send-back``,
``conflicts list|show|resolve``, ``duplicates list|keep-both|merge``, ``senders list|trust``.

Each subcommand is a thin call of the service function the screens call (``models.records.review``,
``models.exchange.erase``,
``models.exchange.merge``, ``models.records.duplicates``, ``models.exchange.trust``, ``RecordEditor``);
``--json`` prints what it returned. Bad input (an unknown record, a record not awaiting review, a version or
field that is not there) is refused with a message in both languages and changes nothing.
"""

from __future__ import annotations

import json
from typing import Any

from cli.common import db_command, lang_of, open_existing
from cli.messages import CliCode, CliError, CliOutput


def register(sub) -> None:
    _record(sub)
    _review(sub)
    _conflicts(sub)
    _duplicates(sub)
    _senders(sub)



def _record(sub) -> None:
    p = sub.add_parser("record", help="xem hoặc sửa một phiếu / show or edit one record")
    ps = p.add_subparsers(dest="record_command", metavar="<show|set|erase>", required=True)
    q = db_command(ps, "show", "xem một phiếu / show one record", cmd_record_show)
    q.add_argument("record_id", metavar="ID")
    q = db_command(ps, "set", "sửa câu trả lời (có ghi nhật ký) / change answers (audited)", cmd_record_set)
    q.add_argument("record_id", metavar="ID")
    q.add_argument("values", nargs="+", metavar="FIELD=VALUE",
                   help="câu hỏi=giá trị, ví dụ village='Thôn 2' hoặc mem[1].m_name=An / question=value")
    q.add_argument("--complete", action="store_true",
                   help="rồi đánh dấu hoàn thành nếu không còn vấn đề / then mark complete if nothing is open")
    q = db_command(ps, "erase", "xoá dữ liệu cá nhân của một phiếu (theo cột 'pii' của biểu mẫu) / erase the "
                                "personal data of one record (the form's 'pii' column)", cmd_record_erase)
    q.add_argument("record_id", metavar="ID")
    q.add_argument("--reason", default="", help="lý do, ghi vào nhật ký (bắt buộc) / the reason, kept in the "
                                                "audit trail (required)")
    q.add_argument("--field", action="append", default=[], metavar="NAME",
                   help="chỉ xoá câu này (lặp lại được; mặc định: mọi câu cá nhân) / erase only this question "
                        "(repeatable; default: every personal question)")


def _review(sub) -> None:
    p = sub.add_parser("review", help="duyệt phiếu / review records")
    ps = p.add_subparsers(dest="review_command", metavar="<list|approve|send-back>", required=True)
    db_command(ps, "list", "phiếu chờ duyệt / records awaiting review", cmd_review_list)
    q = db_command(ps, "approve", "duyệt phiếu / approve a record", cmd_review_approve)
    q.add_argument("record_id", metavar="ID")
    q.add_argument("--comment", default="", help="nhận xét / comment")
    q = db_command(ps, "send-back", "trả lại phiếu để sửa / send a record back", cmd_review_send_back)
    q.add_argument("record_id", metavar="ID")
    q.add_argument("--reason", default="", help="lý do / reason")
    q.add_argument("--question", action="append", default=[], metavar="FIELD=COMMENT",
                   help="nhận xét cho một câu hỏi (lặp lại được) / a comment on one question (repeatable)")


def _conflicts(sub) -> None:
    p = sub.add_parser("conflicts", help="phiếu có nhiều bản xung đột / records with conflicting versions")
    ps = p.add_subparsers(dest="conflicts_command", metavar="<list|show|resolve>", required=True)
    db_command(ps, "list", "các phiếu đang xung đột / records in conflict", cmd_conflicts_list)
    q = db_command(ps, "show", "so sánh các bản của một phiếu / compare a record's versions", cmd_conflicts_show)
    q.add_argument("record_id", metavar="ID")
    q = db_command(ps, "resolve", "giải quyết xung đột / resolve a conflict", cmd_conflicts_resolve)
    q.add_argument("record_id", metavar="ID")
    q.add_argument("--version", default=None, metavar="REV",
                   help="giữ nguyên một bản (và là bản gốc cho --take/--set) / keep this version (and start from it)")
    q.add_argument("--take", action="append", default=[], metavar="FIELD=REV",
                   help="lấy giá trị một câu hỏi từ một bản (lặp lại được) / take a field from a version")
    q.add_argument("--set", action="append", default=[], dest="set_values", metavar="FIELD=VALUE",
                   help="ghi giá trị mới cho một câu hỏi (lặp lại được) / give a field a new value")


def _duplicates(sub) -> None:
    p = sub.add_parser("duplicates", help="phiếu có thể trùng / possible duplicate records")
    ps = p.add_subparsers(dest="duplicates_command", metavar="<list|keep-both|merge>", required=True)
    db_command(ps, "list", "các cặp có thể trùng / possible duplicate pairs", cmd_duplicates_list)
    q = db_command(ps, "keep-both", "hai phiếu là hai đơn vị khác nhau / the two are different units",
                   cmd_duplicates_keep_both)
    q.add_argument("record_a", metavar="ID_A")
    q.add_argument("record_b", metavar="ID_B")
    q = db_command(ps, "merge", "gộp phiếu OTHER vào SURVIVOR / merge OTHER into SURVIVOR", cmd_duplicates_merge)
    q.add_argument("survivor", metavar="SURVIVOR")
    q.add_argument("other", metavar="OTHER")
    q.add_argument("--take", action="append", default=[], metavar="FIELD",
                   help="lấy câu trả lời này từ OTHER (lặp lại được) / take this answer from OTHER")


def _senders(sub) -> None:
    p = sub.add_parser("senders", help="người gửi gói và sự tin cậy / package senders and trust")
    ps = p.add_subparsers(dest="senders_command", metavar="<list|trust>", required=True)
    db_command(ps, "list", "những người gửi đã biết / known senders", cmd_senders_list)
    q = db_command(ps, "trust", "tin cậy một người gửi sau khi đối chiếu mã khóa / trust a sender", cmd_senders_trust)
    g = q.add_mutually_exclusive_group(required=True)
    g.add_argument("fingerprint", nargs="?", default=None, metavar="FINGERPRINT",
                   help="mã khóa, ví dụ '8F07 E0CD 7531 1DC0 D720' / the key fingerprint")
    g.add_argument("--key", default=None, metavar="FILE", help="tệp khóa công khai / public key file")


# ---------------------------------------------------------------------------------------- helpers



def _pairs(items: list[str], what: str) -> dict[str, str]:
    """``NAME=VALUE`` items as a dict; one without '=' is refused (exit 1) naming it."""
    out: dict[str, str] = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise CliError(CliCode.BAD_PAIR, item=item, what=what)
        out[name.strip()] = value
    return out


def _say(args, code: CliOutput, ctx: dict[str, Any], data: Any) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(code.render(ctx, lang_of(args)))


def _table(args, rows: list[dict[str, Any]], cols: tuple[str, ...]) -> None:
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        print("\t".join("" if r.get(c) is None else str(r.get(c)) for c in cols))


def _fingerprint(text: str | None) -> str | None:
    """A fingerprint as typed (any case, with or without spaces) in the form it is shown: '4572 F486 8861 …'."""
    if text is None:
        return None
    bare = "".join(text.split()).upper()
    if len(bare) == 20 and all(c in "0123456789ABCDEF" for c in bare):
        return " ".join(bare[i:i + 4] for i in range(0, 20, 4))
    return text.strip()


def _check_paths(form, paths, record_id: str) -> None:
    """Every path names a question of ``form``; else refused, naming the first that does not."""
    from models.records.flat import DELETED_PATH, STATUS_PATH

    for p in paths:
        name = p.rsplit(".", 1)[-1].split("[")[0]
        if p not in (STATUS_PATH, DELETED_PATH) and name not in form:
            raise CliError(CliCode.UNKNOWN_FIELD, field=p, record_id=record_id, form_id=form.form_id)


# ---------------------------------------------------------------------------------------- record


def cmd_record_show(args) -> int:
    from models.exchange.erase import summary
    from models.store.schema import row_to_version

    with open_existing(args.db) as store:
        v = row_to_version(store.record(args.record_id))
        erased = summary(store, args.record_id)
    if args.json:
        if erased:
            v["erasures"] = erased  # when, by whom, which questions, why (never the values)
        print(json.dumps(v, ensure_ascii=False, indent=2))
        return 0
    from models.records.flat import flatten

    print(f"{v['id']}\t{v['form_id']} {v['form_version']}\t{v['status']}\t{v['label']}\t{v['rev']}")
    from models.base.formats import local_time_text

    for e in erased:  # the time as the screens show it, in local time (the JSON keeps the stored UTC)
        print(CliOutput.OUT_ERASED_AT.render({"at": local_time_text(e["at"]), "user": e["user"],
                                              "fields": ", ".join(e["fields"]), "reason": e["reason"]},
                                             lang_of(args)))
    for path, value in flatten(v["answers"]).items():
        print(f"  {path}\t{value}")
    return 0


def cmd_record_set(args) -> int:
    from models.records.editor import RecordEditor

    values = _pairs(args.values, "FIELD=VALUE")
    with open_existing(args.db) as store:
        ed = RecordEditor(store, args.record_id, lang=lang_of(args))
        _check_paths(ed.form, values, args.record_id)
        if ed.read_only:  # refused before the first answer is saved
            from models.records.errors import RecordCode, RecordError

            raise RecordError(RecordCode.RECORD_READ_ONLY, record_id=args.record_id)
        for path, value in values.items():
            ed.set(path, value)
        issues = ed.mark_complete() if args.complete else []
        rec = store.record(args.record_id)
    open_issues = [i.as_dict() for i in issues]
    data = {"record_id": args.record_id, "rev": rec["rev"], "status": rec["status"], "changed": sorted(values),
            "issues": open_issues}
    _say(args, CliOutput.OUT_RECORD_SET, {"record_id": args.record_id, "n": len(values), "status": rec["status"]},
         data)
    if not args.json:
        for i in open_issues:
            print(f"  {i['path']}: {i['message']}")
    return 2 if open_issues else 0


def cmd_record_erase(args) -> int:
    from models.exchange.erase import erase_record

    with open_existing(args.db) as store:
        res = erase_record(store, args.record_id, reason=args.reason, fields=args.field or None)
    _say(args, CliOutput.OUT_ERASED, {"record_id": res.record_id, "n": len(res.fields),
                                       "fields": ", ".join(res.fields), "user": res.user}, res.as_dict())
    return 0


# ---------------------------------------------------------------------------------------- review


def cmd_review_list(args) -> int:
    from models.records.review import awaiting_review

    with open_existing(args.db) as store:
        rows = awaiting_review(store)
    _table(args, rows, ("id", "form_id", "enumerator", "commune", "village", "label", "issues"))
    return 0


def cmd_review_approve(args) -> int:
    from models.records.review import approve

    with open_existing(args.db) as store:
        approve(store, args.record_id, comment=args.comment)
        rec = store.record(args.record_id)
    _say(args, CliOutput.OUT_APPROVED, {"record_id": args.record_id},
         {"record_id": args.record_id, "status": rec["status"], "rev": rec["rev"]})
    return 0


def cmd_review_send_back(args) -> int:
    from models.records.review import send_back

    questions = _pairs(args.question, "FIELD=COMMENT")
    with open_existing(args.db) as store:
        rec = store.record(args.record_id)
        _check_paths(store.form(rec["form_id"], rec["form_version"]), questions, args.record_id)
        send_back(store, args.record_id, comment=args.reason, questions=questions)
        rec = store.record(args.record_id)
    _say(args, CliOutput.OUT_SENT_BACK, {"record_id": args.record_id, "n": len(questions)},
         {"record_id": args.record_id, "status": rec["status"], "rev": rec["rev"], "review": rec["review"]})
    return 0


# ---------------------------------------------------------------------------------------- conflicts


def cmd_conflicts_list(args) -> int:
    from models.exchange.merge import open_conflicts

    with open_existing(args.db) as store:
        rows = open_conflicts(store)
    _table(args, rows, ("record_id", "form_id", "enumerator", "commune", "versions", "held", "label"))
    return 0


def _leaves(store, record_id: str) -> list[dict[str, Any]]:
    from models.exchange.errors import MergeCode, MergeError
    from models.exchange.merge import held_revisions, leaves_of

    leaves = leaves_of(store, record_id)
    if len(leaves) < 2:
        raise MergeError(MergeCode.MERGE_NO_CONFLICT, record_id=record_id)
    held = held_revisions(store, record_id)
    for v in leaves:
        v["held"] = v["rev"] in held
    return leaves


def cmd_conflicts_show(args) -> int:
    from models.exchange.merge import side_by_side

    lang = lang_of(args)
    with open_existing(args.db) as store:
        leaves = _leaves(store, args.record_id)
        rows = side_by_side(store, leaves, lang=lang)
    versions = [{"rev": v["rev"], "device_id": v["device_id"], "enumerator": v["enumerator"],
                 "modified_at": v["modified_at"], "held": v["held"], "current": k == 0}
                for k, v in enumerate(leaves)]
    if args.json:
        print(json.dumps({"record_id": args.record_id, "versions": versions, "fields": rows}, ensure_ascii=False,
                         indent=2))
        return 0
    for k, v in enumerate(versions):
        flag = [] if not v["held"] else ["giữ lại" if lang == "vi" else "held"]
        if v["current"]:
            flag.append("hiện hành" if lang == "vi" else "current")
        print(f"[{k + 1}] {v['rev']}\t{v['enumerator']}\t{v['modified_at']}\t{', '.join(flag)}")
    for r in rows:
        mark = " " if r["same"] else "*"
        print(f"{mark} {r['path']}\t" + "\t".join("" if x is None else str(x) for x in r["values"]))
    return 0


def cmd_conflicts_resolve(args) -> int:
    from models.exchange.errors import MergeCode, MergeError
    from models.exchange.merge import resolve
    from models.records.flat import flatten

    take, given = _pairs(args.take, "FIELD=REV"), _pairs(args.set_values, "FIELD=VALUE")
    if args.version is None and not take and not given:
        raise CliError(CliCode.RESOLVE_NOTHING, record_id=args.record_id)
    with open_existing(args.db) as store:
        leaves = _leaves(store, args.record_id)
        by_rev = {v["rev"]: v for v in leaves}
        for rev in [args.version, *take.values()]:
            if rev is not None and rev not in by_rev:
                raise MergeError(MergeCode.MERGE_NO_VERSION, record_id=args.record_id, rev=rev,
                                 versions=", ".join(by_rev))
        _check_paths(store.form(leaves[0]["form_id"], leaves[0]["form_version"]), [*take, *given], args.record_id)
        values: dict[str, str | None] = {}
        for path, rev in take.items():
            values[path] = flatten(by_rev[rev]["answers"]).get(path)
        values.update(given)
        changes = resolve(store, args.record_id, values, base_rev=args.version or leaves[0]["rev"])
        rec = store.record(args.record_id)
    _say(args, CliOutput.OUT_RESOLVED, {"record_id": args.record_id, "rev": rec["rev"]},
         {"record_id": args.record_id, "rev": rec["rev"], "updated": sorted(changes.updated)})
    return 0


# ---------------------------------------------------------------------------------------- duplicates


def cmd_duplicates_list(args) -> int:
    from models.records.duplicates import possible_duplicates

    with open_existing(args.db) as store:
        rows = possible_duplicates(store)
    _table(args, rows, ("record_a", "record_b", "form_id", "key_name", "value"))
    return 0


def cmd_duplicates_keep_both(args) -> int:
    from models.records.duplicates import keep_both

    with open_existing(args.db) as store:
        keep_both(store, args.record_a, args.record_b)
    _say(args, CliOutput.OUT_KEPT_BOTH, {"a": args.record_a, "b": args.record_b},
         {"record_a": args.record_a, "record_b": args.record_b, "decision": "keep_both"})
    return 0


def cmd_duplicates_merge(args) -> int:
    from models.records.duplicates import merge_records
    from models.records.flat import flatten

    with open_existing(args.db) as store:
        survivor, other = store.record(args.survivor), store.record(args.other)
        _check_paths(store.form(survivor["form_id"], survivor["form_version"]), args.take, args.survivor)
        theirs = flatten(other["answers"])
        changes = merge_records(store, args.survivor, args.other, {p: theirs.get(p) for p in args.take})
    _say(args, CliOutput.OUT_MERGED, {"survivor": args.survivor, "other": args.other},
         {"survivor": args.survivor, "removed": sorted(changes.removed)})
    return 0


# ---------------------------------------------------------------------------------------- senders


def cmd_senders_list(args) -> int:
    from models.exchange.keys import senders

    with open_existing(args.db) as store:
        rows = senders(store)
    out = [{"fingerprint": r["fingerprint"], "name": r["name"], "trusted": bool(r.get("trusted")),
            "code": r.get("code", ""), "role": r.get("role", ""), "commune": r.get("commune", ""),
            "device_id": r.get("device_id", ""), "first_seen": r.get("first_seen", ""),
            "last_seen": r.get("last_seen", ""), "packages": r.get("packages", 0)} for r in rows]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    vi = lang_of(args) == "vi"
    print(CliOutput.OUT_SENDERS_HEADER.render({}, "vi" if vi else "en"))
    yes_no = ("có", "không") if vi else ("yes", "no")
    for r in out:
        print(f"{r['fingerprint']}\t{r['name']}\t{r['code']}\t{r['role']}\t{r['commune']}\t{r['first_seen']}\t"
              f"{r['last_seen']}\t{r['packages']}\t{yes_no[0] if r['trusted'] else yes_no[1]}")
    return 0


def cmd_senders_trust(args) -> int:
    from cli.common import input_file
    from models.exchange.trust import trust_named_sender

    if args.key:
        input_file(args.key)
    with open_existing(args.db) as store:
        res = trust_named_sender(store, fingerprint=_fingerprint(args.fingerprint), key_file=args.key)
    _say(args, CliOutput.OUT_TRUSTED, {"name": res.name or "?", "fingerprint": res.fingerprint,
                                       "applied": res.applied, "still": res.still_conflicts}, res.as_dict())
    return 0
