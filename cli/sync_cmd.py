"""``sync``: send complete/approved records to ODK Central or KoboToolbox over OpenRosa.

    python main.py sync --db DB --server URL --project ID --user NAME [--json]
    python main.py sync --db DB --server https://host/v1/key/TOKEN/projects/ID      # app-user link
    python main.py sync --db DB                                # the server saved in the settings

The password comes from the environment variable ``SURVEY_SYNC_PASSWORD`` or the operating system's
key store (never from the command line). Prints ``sent=… already=… failed=… skipped=…`` (or JSON
with ``--json``). Exit 0 when everything due is on the server, 1 when some records were not sent
(failed, conflict waiting, form missing on the server), 2 when the run was refused (credentials,
TLS, captive portal, no connection).
"""

from __future__ import annotations

import argparse
import json
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "sync",
        help="gửi phiếu lên ODK Central/KoboToolbox (OpenRosa) / send records to ODK Central/KoboToolbox",
        description="Gửi các phiếu hoàn thành/đã duyệt lên máy chủ của tỉnh (ODK Central, KoboToolbox). Mật khẩu lấy "
        "từ biến môi trường SURVEY_SYNC_PASSWORD hoặc kho khóa của hệ điều hành. / Send complete or approved "
        "records to the province's server. The password comes from SURVEY_SYNC_PASSWORD or the OS key store.",
    )
    p.add_argument("action", nargs="?", choices=("push", "pull"), default="push",
                   help="push: gửi phiếu (mặc định); pull: tải phiếu của các biểu mẫu từ ODK Central về (cần Web "
                        "User) / push: send records (default); pull: download the forms' submissions from Central "
                        "(needs a Web User)")
    p.add_argument("--db", required=True, help="cơ sở dữ liệu / the database file")
    p.add_argument("--server", default=None,
                   help="địa chỉ máy chủ hoặc liên kết người dùng ứng dụng của Central / server address or "
                        "Central app-user link (mặc định: theo cài đặt / default: the saved settings)")
    p.add_argument("--project", default="", help="số dự án ODK Central / Central project number")
    p.add_argument("--user", default="", help="tên đăng nhập / user name")
    p.add_argument("--kind", choices=("central", "openrosa"), default="",
                   help="loại máy chủ (tự nhận biết nếu bỏ trống) / server kind (detected if omitted)")
    p.add_argument("--status", default="",
                   help="trạng thái được gửi, cách nhau bởi dấu phẩy (mặc định complete,approved) / statuses to send")
    p.add_argument("--ca-bundle", default="", help="tệp chứng chỉ gốc (CA) riêng của tỉnh / extra CA file (PEM)")
    p.add_argument("--xform-dir", default="",
                   help="thư mục ghi tệp XForm khi máy chủ thiếu biểu mẫu / folder for XForm files to upload")
    p.add_argument("--save", action="store_true",
                   help="lưu cài đặt máy chủ vào cơ sở dữ liệu (mật khẩu trong SURVEY_SYNC_PASSWORD vào kho khóa) "
                        "/ save these server settings (a password in SURVEY_SYNC_PASSWORD goes to the key store)")
    p.add_argument("--timeout", type=float, default=30.0, help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true", help="in JSON / print JSON")
    p.set_defaults(func=cmd_sync)


def cmd_sync(args) -> int:
    from cli.common import lang_of
    from models.base.errors import AppError

    try:
        return _cmd_sync(args)
    except AppError as err:
        if args.json:  # a refused run is still an answer a script reads (exit 2; the message on stderr too)
            lang = lang_of(args)
            print(json.dumps({"error": err.message(lang), "code": err.code.name, "sent": 0, "already": 0,
                              "failed": 0, "skipped": 0, "conflicts": 0, "notes": [err.message(lang)]},
                             ensure_ascii=False, indent=2))
        raise


def _cmd_sync(args) -> int:
    import os

    from cli.common import lang_of, open_existing
    from cli.messages import CliOutput
    from models.base.errors import Bilingual
    from models.base.progress import run
    from models.store.database import STATUSES
    from models.sync import credentials
    from models.sync.errors import SyncCode, SyncError
    from models.sync.service import SyncSettings, load_settings, run_sync, save_settings

    lang = lang_of(args)
    with open_existing(args.db) as store:
        settings = load_settings(store)
        if args.server:
            settings = SyncSettings(server=args.server, project=args.project, user=args.user, kind=args.kind,
                                    ca_bundle=settings.ca_bundle, statuses=settings.statuses,
                                    xform_dir=settings.xform_dir)
        elif args.project or args.user:
            settings.project = args.project or settings.project
            settings.user = args.user or settings.user
        if args.status:
            statuses = tuple(s.strip() for s in args.status.split(",") if s.strip())
            bad = [s for s in statuses if s not in STATUSES]
            if bad:
                raise SyncError(SyncCode.SYNC_BAD_URL, url=",".join(bad),
                                detail=Bilingual("trạng thái phải là một trong " + ", ".join(STATUSES),
                                                 "the status must be one of " + ", ".join(STATUSES)))
            settings.statuses = statuses
        if args.ca_bundle:
            settings.ca_bundle = args.ca_bundle
        if args.xform_dir:
            settings.xform_dir = args.xform_dir
        if not settings.server:
            raise SyncError(SyncCode.SYNC_NO_SERVER)
        if args.save:
            try:
                save_settings(store, settings, password=os.environ.get(credentials.ENV_PASSWORD) or None)
            except SyncError as err:
                if err.code is not SyncCode.SYNC_KEYRING_SAVED:
                    raise
                # the address was saved, the secret could not be: this run still has it (the link, or
                # SURVEY_SYNC_PASSWORD), so it goes on; the message says what a later run needs
                print(err.message(lang), file=sys.stderr)
    interactive = sys.stderr.isatty() and not args.json
    if args.action == "pull":
        return _pull(args, settings, lang, interactive)

    def show(tick) -> None:
        if interactive and tick.message:
            print(f"[{tick.done}/{tick.total}] {tick.message}" if tick.total else tick.message, file=sys.stderr)

    with open_existing(args.db) as store:
        summary = run(run_sync(store, settings, lang=lang, timeout=args.timeout), show)
    if args.json:
        print(json.dumps(summary.as_dict(lang), ensure_ascii=False, indent=2))
    else:
        for m in summary.messages(lang):
            print(m)
        if summary.conflicts:
            print(CliOutput.OUT_SYNC_CONFLICTS.render({"n": summary.conflicts}, lang))
        print(summary.line())
    return 0 if summary.failed == 0 and summary.skipped == 0 else 1


def _pull(args, settings, lang: str, interactive: bool) -> int:
    """``sync pull``: Central's submissions of the forms this database knows, as records."""
    from cli.common import open_existing
    from models.base.progress import run
    from models.sync.pull import run_pull

    def show(tick) -> None:
        if interactive and tick.message:
            print(f"[{tick.done}/{tick.total}] {tick.message}" if tick.total else tick.message, file=sys.stderr)

    ep = settings.endpoint()
    with open_existing(args.db) as store:
        summary = run(run_pull(store, ep, ca_bundle=settings.ca_bundle, lang=lang, timeout=max(args.timeout, 60.0)),
                      show)
    from cli.collect_cmd import report

    return report(summary, args, lang)
