"""``backup restore`` — replace a (damaged) database with a verified backup from the command line.

Without ``--from`` the newest good backup of the database is used (the folder chosen in the settings,
then ``khaosat-sao-luu`` beside the database: ``models.store.backup.newest_good_backup``). The backup is
checked first (a refused file changes nothing); the database replaced is kept beside it
(``<db>.before-restore.<time>.bak``). Close the application before restoring.
"""

from __future__ import annotations

from cli.common import lang_of


def register(sub) -> None:
    p = sub.add_parser("backup", help="bản sao lưu: khôi phục / backups: restore")
    ps = p.add_subparsers(dest="backup_command", metavar="<restore>", required=True)
    q = ps.add_parser("restore", help="thay cơ sở dữ liệu bằng một bản sao lưu đã kiểm tra / replace the database "
                      "with a verified backup")
    q.add_argument("--db", required=True, help="cơ sở dữ liệu cần khôi phục / the database to restore")
    q.add_argument("--from", dest="source", default=None, metavar="BACKUP",
                   help="tệp sao lưu (mặc định: bản tốt gần nhất) / the backup file (default: the newest good one)")
    q.set_defaults(func=cmd_restore)


def cmd_restore(args) -> int:
    from cli.common import db_path_usable, input_file
    from cli.messages import CliCode, CliError, CliOutput
    from models.base.paths import default_backup_dir
    from models.exchange.journal import restore  # the erasures known now are applied again to the copy
    from models.store.backup import check_backup, newest_good_backup

    lang = lang_of(args)
    db = db_path_usable(args.db)
    if args.source:
        input_file(args.source)
        source, info = args.source, check_backup(args.source)
    else:
        found = newest_good_backup(db)
        if found is None:
            raise CliError(CliCode.NO_GOOD_BACKUP, path=db, folder=str(default_backup_dir(db)))
        source, info = str(found[0]), found[1]
    safety = restore(db, source)
    print(CliOutput.OUT_RESTORED.render({"records": info["records"], "backup": source, "db": db,
                                         "safety": safety or "—"}, lang))
    return 0
