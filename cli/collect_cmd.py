"""``collect``: import ODK Collect's saved instances from a phone (its ``instances/`` folder, or a ZIP of it).

    python main.py collect --db DB /media/phone/Android/data/org.odk.collect.android/files/projects/ID/instances
    python main.py collect --db DB instances.zip [--json]

For forms this database knows; idempotent by instance id; a correction made on the phone is a new
revision, and one that meets an edit made here is a conflict kept for a person. Prints
``added=… updated=… unchanged=… conflicts=… refused=…`` and each refused instance with its reason.
Exit 0 when everything was taken, 1 when some instance was refused or is in conflict.
"""

from __future__ import annotations

import json


def register(sub) -> None:
    p = sub.add_parser(
        "collect",
        help="nhập phiếu ODK Collect từ điện thoại (thư mục instances hoặc tệp ZIP) / import ODK Collect's "
             "saved instances from a phone",
        description="Nhập các phiếu đã lưu của ODK Collect (thư mục instances của điện thoại cắm qua cáp USB, "
        "hoặc tệp ZIP của thư mục đó) vào cơ sở dữ liệu. / Import ODK Collect's saved instances (the phone's "
        "instances folder over a USB cable, or a ZIP of it) into the database.",
    )
    p.add_argument("--db", required=True, help="cơ sở dữ liệu / the database file")
    p.add_argument("path", help="thư mục instances hoặc tệp ZIP / the instances folder or a ZIP of it")
    p.add_argument("--json", action="store_true", help="in JSON / print JSON")
    p.set_defaults(func=cmd_collect)


def cmd_collect(args) -> int:
    from cli.common import existing_db, lang_of
    from models.exchange.odk_instances import import_collect
    from models.store import runlock
    from models.store.database import open_store

    lang = lang_of(args)
    db = existing_db(args.db)
    with runlock.acquire_now(db, "import"), open_store(db, create=False) as store:
        summary = import_collect(store, args.path, user=store.settings().get("user_name", ""))
    return report(summary, args, lang)


def report(summary, args, lang: str) -> int:
    """Print what an import of ODK instances did (``collect``, ``sync pull``): JSON, or each refused
    instance with its reason and the counts; exit 1 when some were refused or wait in a conflict."""

    if args.json:
        print(json.dumps(summary.as_dict(lang), ensure_ascii=False, indent=2))
    else:
        for source, reason in summary.reasons:
            print(f"{source}: {reason.text(lang)}")
        print(summary.line())
    return 0 if summary.refused == 0 and summary.conflicts == 0 else 1
