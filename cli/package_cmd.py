"""``package export | import | inspect | key | senders | history | held`` — transfer packages from the
command line.

``package import`` prints one summary line ``added=… updated=… unchanged=… conflicts=… duplicates=…
refused=…`` (``--json``: a list with one object per package), then one line for each record held or
flagged for what it claims (why, in the language asked for) and, when new records from outside this
unit's area are held, what to do about them; it exits 2 when a package is refused, with the reason on
standard error. ``package held`` lists those records, ``--accept``/``--refuse`` decides them.
"""

from __future__ import annotations

import contextlib
import json
import sys

from cli.common import lang_of, open_existing
from cli.messages import CliOutput
from models.base.formats import local_time_text


def register(sub) -> None:
    p = sub.add_parser("package", help="gói dữ liệu chuyển giao: xuất, nhập, xem, khóa / transfer packages")
    ps = p.add_subparsers(dest="package_command", metavar="<export|import|inspect|key|senders|history|held>",
                          required=True)

    q = ps.add_parser("export", help="xuất gói dữ liệu / write a package")
    q.add_argument("--db", required=True, help="cơ sở dữ liệu / database")
    q.add_argument("--out", required=True, help="tệp gói cần tạo (.ksp) / package file to write")
    q.add_argument("--to", default=None, metavar="KEYFILE",
                   help="mã hóa cho người nhận (tệp khóa công khai) / encrypt for this receiver's public key file")
    g = q.add_mutually_exclusive_group()
    g.add_argument("--complete-only", action="store_true",
                   help="chỉ phiếu đã hoàn thành/đã duyệt / complete and approved records only")
    g.add_argument("--changed", action="store_true",
                   help="chỉ phiếu thay đổi kể từ gói trước gửi cùng người nhận / "
                        "only what changed since the last package to the same receiver")
    g.add_argument("--forms-only", action="store_true",
                   help="chỉ các biểu mẫu đã thêm (phiên bản mới nhất), không có phiếu, để gửi xuống xã và điều tra "
                        "viên / only the forms added here (newest versions), no record: to send them down")
    q.add_argument("--returned", metavar="ENUMERATOR", default=None,
                   help="gói trả lại cho điều tra viên (mã) / return package for an enumerator (code)")
    q.add_argument("--record", nargs="+", action="extend", default=None, metavar="ID",
                   help="chỉ những phiếu này / only these records")
    q.add_argument("--json", action="store_true", help="in JSON / print JSON")
    q.set_defaults(func=cmd_export)

    q = ps.add_parser("import", help="nhập một hoặc nhiều gói / import one or more packages")
    q.add_argument("--db", required=True, help="cơ sở dữ liệu (tạo nếu chưa có; không để lại tệp mới nếu mọi gói bị "
                   "từ chối) / database (created if missing; not left behind when every package is refused)")
    q.add_argument("files", nargs="+", metavar="FILE")
    q.add_argument("--json", action="store_true", help="in JSON / print JSON")
    q.set_defaults(func=cmd_import)

    q = ps.add_parser("inspect", help="xem và kiểm tra một gói, không nhập / check a package without importing")
    q.add_argument("file")
    q.add_argument("--db", default=None, help="để giải mã và biết người gửi đã quen chưa / to decrypt and know "
                   "whether the sender is known")
    q.add_argument("--json", action="store_true", help="in JSON / print JSON")
    q.set_defaults(func=cmd_inspect)

    q = ps.add_parser("held", help="phiếu mới ngoài địa bàn đang được giữ: xem, nhận, từ chối / new records from "
                      "outside this unit's area held for a decision: list, accept, refuse")
    q.add_argument("--db", required=True, help="cơ sở dữ liệu / database")
    q.add_argument("--accept", nargs="+", metavar="RECORD_ID", default=[],
                   help="nhận các phiếu này vào cơ sở dữ liệu / accept these records into the database")
    q.add_argument("--refuse", nargs="+", metavar="RECORD_ID", default=[],
                   help="từ chối các phiếu này / refuse these records")
    q.add_argument("--json", action="store_true", help="in JSON / print JSON")
    q.set_defaults(func=cmd_held)

    q = ps.add_parser("key", help="in hoặc ghi khóa công khai của máy này / print or write this installation's "
                      "public key")
    q.add_argument("--db", required=True, help="cơ sở dữ liệu / database")
    q.add_argument("--out", default=None, help="ghi tệp khóa công khai / write the public key file")
    q.set_defaults(func=cmd_key)

    q = ps.add_parser("senders", help="những người gửi đã biết / known senders")
    q.add_argument("--db", required=True)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_senders)

    q = ps.add_parser("history", help="các gói đã nhập (ai gửi, xã nào) / packages imported (who, which commune)")
    q.add_argument("--db", required=True)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_history)



#: package kinds and sender roles as people say them
KINDS = {"all": ("mọi phiếu", "all records"),
         "complete": ("phiếu hoàn thành/đã duyệt", "complete and approved records"),
         "changes": ("phần thay đổi", "changes"), "return": ("gói trả lại", "return package"),
         "forms": ("biểu mẫu", "forms")}
ROLES = {"enumerator": ("điều tra viên", "enumerator"), "clerk": ("cán bộ xã", "commune clerk"),
         "province": ("cấp tỉnh", "province")}


def _count(n, one: str, many: str) -> str:
    """``1 record``, ``2 records`` (Vietnamese has one form)."""
    return f"{n} {one if n == 1 else many}"


def _word(table: dict, value, vi: bool) -> str:
    pair = table.get(str(value or ""))
    return (pair[0] if vi else pair[1]) if pair else str(value or "")


def cmd_export(args) -> int:
    from models.exchange.keys import read_public_key
    from models.exchange.packages import export_package
    from models.exchange.returns import export_return_package

    vi = lang_of(args) == "vi"
    to = read_public_key(args.to) if args.to else None
    store = open_existing(args.db)
    try:
        ids = list(dict.fromkeys(args.record)) if args.record else None
        for rid in ids or ():
            store.record(rid)  # an unknown id is refused by name before anything is written
        if args.returned is not None:
            res = export_return_package(store, args.out, enumerator=args.returned, to=to, record_ids=ids)
        else:
            mode = "complete" if args.complete_only else "changes" if args.changed else "all"
            res = export_package(store, args.out, to=to, mode=mode, record_ids=ids, forms_only=args.forms_only)
    finally:
        store.close()
    if args.json:
        print(json.dumps(res.as_dict(), ensure_ascii=False))
    else:
        enc = ((f"mã hóa cho {res.encrypted_for}" if vi else f"encrypted for {res.encrypted_for}") if res.encrypted_for
               else "không mã hóa" if vi else "not encrypted")
        print(CliOutput.OUT_PACKAGE.render({"path": res.path, "records": res.records, "forms": res.forms,
                                            "encryption": enc}, "vi" if vi else "en"))
    return 0


def cmd_import(args) -> int:
    import os

    from cli.common import db_path_usable, drain
    from models.exchange.packages import import_into, summary_line
    from models.store.database import open_store

    lang = lang_of(args)
    new_db = not os.path.exists(db_path_usable(args.db))
    # the one command besides ``demo`` that makes a database (README "Command line"); one made by
    # this import has nothing to protect: no safety copy of it
    store = open_store(args.db, create=True)
    try:
        summaries = drain(import_into(store, args.files, backup=not new_db))
    finally:
        store.close()
    for s in summaries:
        if s.refused:
            print(s.reason if lang == "vi" else s.reason_en, file=sys.stderr)
    if new_db and summaries and all(s.refused for s in summaries):
        _remove_new_db(args.db)  # a mistyped --db with only refused packages leaves nothing behind
    if args.json:
        out = [s.as_dict() for s in summaries]
        if lang != "vi":  # the fields a person reads, in the language asked for
            for d in out:
                d["backup"] = d["backup_en"]
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(summary_line(summaries))
        for s in summaries:
            for _rid, vi_text, en_text in s.flags:
                print(f"  {vi_text if lang == 'vi' else en_text}")
        waiting = sum(s.outside for s in summaries)
        if waiting:
            print(CliOutput.OUT_HELD_WAITING.render({"count": waiting, "db": args.db}, lang))
        for s in summaries:  # forms that came down (models.exchange.forms_down)
            name = os.path.basename(s.file)
            if s.forms_added:
                print(CliOutput.OUT_FORMS_ADDED.render({"file": name, "forms": ", ".join(s.forms_added)}, lang))
            if s.forms_held:
                print(CliOutput.OUT_FORMS_HELD.render({"file": name, "forms": ", ".join(s.forms_held),
                                                       "sender": s.sender or "?",
                                                       "fingerprint": s.sender_fingerprint}, lang))
            if s.erasures_held:
                print(CliOutput.OUT_ERASURES_HELD.render({"file": name, "n": len(s.erasures_held),
                                                          "ids": ", ".join(s.erasures_held), "sender": s.sender or "?",
                                                          "fingerprint": s.sender_fingerprint}, lang))
        for line in import_notes(summaries, lang):
            print(line)
    return 2 if any(s.refused for s in summaries) else 0


def cmd_held(args) -> int:
    from models.exchange.held import accept_held, held_records, refuse_held

    lang = lang_of(args)
    from cli.messages import CliCode, CliError

    store = open_existing(args.db)
    try:
        waiting = {h.record_id for h in held_records(store)}
        for rid in [*args.accept, *args.refuse]:
            if rid not in waiting or (rid in args.accept and rid in args.refuse):
                raise CliError(CliCode.HELD_UNKNOWN, record_id=rid, path=args.db)
        if args.accept:
            accept_held(store, args.accept)
        if args.refuse:
            refuse_held(store, args.refuse)
        held = held_records(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"record_id": h.record_id, "form_id": h.form_id, "commune": h.commune, "label": h.label,
                           "source": h.source, "reason": h.reason.text(lang), "received_at": h.received_at,
                           "versions": h.versions} for h in held], ensure_ascii=False, indent=2))
        return 0
    if args.accept or args.refuse:
        print(CliOutput.OUT_HELD_DONE.render({"accepted": len(args.accept), "refused": len(args.refuse),
                                              "left": len(held)}, lang))
    elif not held:
        print(CliOutput.OUT_HELD_NONE.render({}, lang))
    for h in held:
        print(f"{h.record_id}\t{h.commune}\t{h.label}\t{h.reason.text(lang)}\t{h.source}")
    return 0


def import_notes(summaries, lang: str) -> list[str]:
    """What a person must know beyond the counts, per package: a new or untrusted sender (who, from which
    commune, the fingerprint to compare), records whose changes are held, new records outside this unit's
    area."""
    import os

    out = []
    for s in summaries:
        if s.refused or s.already_imported:
            continue
        ctx = {"file": os.path.basename(s.file), "name": s.sender or "?", "fingerprint": s.sender_fingerprint,
               "commune": s.commune or "?", "role": _word(ROLES, s.role, lang == "vi") or "?"}
        if not s.sender_trusted:
            code = CliOutput.OUT_SENDER_UNTRUSTED if s.sender_known else CliOutput.OUT_SENDER_NEW
            out.append(code.render(ctx, lang))
        if s.held:
            out.append(CliOutput.OUT_HELD.render({**ctx, "n": s.held, "ids": ", ".join(s.held_ids)}, lang))
        if s.outside:
            out.append(CliOutput.OUT_OUTSIDE.render({**ctx, "n": s.outside, "ids": ", ".join(s.outside_ids)}, lang))
    return out


def _remove_new_db(path: str) -> None:
    import os

    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(path + suffix)


def cmd_inspect(args) -> int:
    from cli.common import input_file
    from models.exchange.packages import inspect_package

    input_file(args.file)
    store = open_existing(args.db) if args.db else None
    try:
        info = inspect_package(args.file, store=store)
    finally:
        if store is not None:
            store.close()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    vi = lang_of(args) == "vi"
    s = info["sender"]
    c = info.get("counts") or {}
    lines = [
        (f"Gói {info['file']}" if vi else f"Package {info['file']}"),
        (f"  định dạng phiên bản {info['format_version']}, mã gói {info['package_id']}, tạo lúc "
         f"{local_time_text(info['created_at'])}, loại: {_word(KINDS, info['kind'], vi)}" if vi else
         f"  format version {info['format_version']}, id {info['package_id']}, "
         f"made {local_time_text(info['created_at'])}, "
         f"kind: {_word(KINDS, info['kind'], vi)}"),
        (f"  người gửi: {s.get('name')} ({s.get('code')}, {_word(ROLES, s.get('role'), vi)}, xã {s.get('commune')}), "
         f"máy {s.get('device_id')}" if vi else
         f"  sender: {s.get('name')} ({s.get('code')}, {_word(ROLES, s.get('role'), vi)}, commune "
         f"{s.get('commune')}), device {s.get('device_id')}"),
        (f"  mã khóa người gửi: {info['sender_fingerprint']}" if vi else
         f"  sender key fingerprint: {info['sender_fingerprint']}"),
    ]
    if "sender_known" in info:
        lines.append(("  người gửi đã biết" if info["sender_known"] else "  người gửi MỚI (chưa từng nhận gói)")
                     if vi else ("  known sender" if info["sender_known"] else "  NEW sender (never seen before)"))
    if info.get("encrypted"):
        r = info.get("receiver") or {}
        lines.append(f"  mã hóa cho: {r.get('name', '')} {r.get('fingerprint', '')}" if vi else
                      f"  encrypted for: {r.get('name', '')} {r.get('fingerprint', '')}")
    lines.append(f"  {c.get('records', 0)} phiếu, {c.get('versions', 0)} phiên bản, {c.get('audit', 0)} dòng "
                  f"nhật ký, {c.get('forms', 0)} biểu mẫu" if vi else
                  "  " + ", ".join(_count(c.get(k, 0), one, many) for k, one, many in (
                      ("records", "record", "records"), ("versions", "version", "versions"),
                      ("audit", "audit row", "audit rows"), ("forms", "form", "forms"))))
    for f in info.get("forms", []):
        lines.append(f"    {f['form_id']} {f['version']} ({f['file_name']})")
    lines.append("  chữ ký: hợp lệ; mã kiểm tra SHA-256: khớp" if vi else "  signature: valid; SHA-256 digests: match")
    if info.get("already_imported"):
        lines.append("  gói này đã được nhập" if vi else "  this package was imported already")
    print("\n".join(lines))
    return 0


def cmd_key(args) -> int:
    from models.exchange.keys import public_key_document, write_public_key

    store = open_existing(args.db)
    try:
        if args.out:
            key = write_public_key(store, args.out)
            vi = lang_of(args) == "vi"
            print(f"Đã ghi khóa công khai vào {args.out}; mã khóa {key.fingerprint}" if vi else
                   f"Wrote the public key to {args.out}; fingerprint {key.fingerprint}")
        else:
            print(json.dumps(public_key_document(store), ensure_ascii=False, indent=2))
    finally:
        store.close()
    return 0


def cmd_senders(args) -> int:
    from models.exchange.keys import senders

    store = open_existing(args.db)
    try:
        rows = senders(store)
    finally:
        store.close()
    for r in rows:
        r.pop("sign_public", None)
        r.pop("enc_public", None)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        vi = lang_of(args) == "vi"
        print(CliOutput.OUT_SENDERS_HEADER.render({}, "vi" if vi else "en"))
        yes_no = ("có", "không") if vi else ("yes", "no")
        for r in rows:
            print(f"{r['fingerprint']}\t{r['name']}\t{r['code']}\t{_word(ROLES, r['role'], vi)}\t{r['commune']}\t"
                  f"{local_time_text(r['first_seen'])}\t{local_time_text(r['last_seen'])}\t{r['packages']}\t"
                  f"{yes_no[0] if r.get('trusted') else yes_no[1]}")
    return 0


def cmd_history(args) -> int:
    from models.exchange.packages import import_history

    store = open_existing(args.db)
    try:
        rows = import_history(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(CliOutput.OUT_HISTORY_HEADER.render({}, lang_of(args)))
        for r in rows:
            s = r["summary"]
            print(f"{local_time_text(r['imported_at'])}\t{r['commune']}\t{r['sender_name']}\t{r['file_name']}\t"
                  + " ".join(f"{k}={s.get(k, 0)}" for k in ("added", "updated", "unchanged", "conflicts",
                                                             "duplicates")))
    return 0
