"""The command line: ``python main.py <command> ...``; with no command the GUI starts.

Each area registers its subcommands from its own module (``cli/forms_cmd.py``, ...). Every command
prints clear messages (Vietnamese by default, ``--lang en`` before or after the command for English;
argparse's own usage errors too) and exits with 0 on success, 1 when the input has problems (a form
with errors, an answers file that is not valid, a mistyped command or option), 2 when an operation is
refused (with the reason), 3 on an unexpected error (its details go to the log), 130 when interrupted.
No traceback reaches the user.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys

from cli.common import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_PIPE, EXIT_REFUSED, EXIT_UNEXPECTED, lang_of, scan_lang

#: modules that add subcommands; each has ``register(subparsers)``
COMMAND_MODULES = ["cli.forms_cmd", "cli.demo_cmd", "cli.package_cmd", "cli.export_cmd", "cli.sync_cmd",
                   "cli.backup_cmd", "cli.db_cmd", "cli.clerk_cmd", "cli.collect_cmd"]
log = logging.getLogger("khaosat")


class Exit(Exception):
    def __init__(self, code: int):
        self.code = code


def build_parser(lang: str = "vi"):
    """The parser, with argparse's own texts in ``lang`` (help headings are fixed when it is built)."""
    import argparse

    from cli.common import add_lang_everywhere, argparse_language, make_parser_class

    parser_class = make_parser_class()
    parser_class.lang = lang
    with argparse_language(lang):
        p = parser_class(
            prog="main.py",
            description="Khảo sát số: thu thập số liệu khảo sát chuyển đổi số cấp xã, ngoại tuyến. "
            "Không có lệnh: mở giao diện. / Commune digital-adoption survey tool; no command opens the GUI.",
        )
        p.add_argument("--lang", choices=("vi", "en"), default=None,
                       help="ngôn ngữ thông báo / language of messages (vi mặc định / default)")
        p.add_argument("--self-test", action="store_true",
                       help="tự kiểm tra không giao diện rồi thoát / headless self-test, then exit")
        p.add_argument("--db", dest="gui_db", default=None, help=argparse.SUPPRESS)
        sub = p.add_subparsers(dest="command", metavar="<lệnh/command>")
        for name in COMMAND_MODULES:
            importlib.import_module(name).register(sub)
        add_lang_everywhere(p)
    return p


def setup_logging() -> str:
    from models.base.paths import log_path

    path = str(log_path())
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def gui_options(argv: list[str]) -> dict[str, str | None] | None:
    """``[--db PATH] [--lang vi|en]`` alone (how the application is started): the options for the
    GUI, read without building the command parser (it imports every command module); None for
    anything else."""
    opts: dict[str, str | None] = {"db": None, "lang": None}
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, value = arg.partition("=")
        if name not in ("--db", "--lang"):
            return None
        if not eq:
            if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                return None
            value = argv[i + 1]
            i += 1
        if name == "--lang" and value not in ("vi", "en"):
            return None
        opts[name[2:]] = value
        i += 1
    return opts


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    gui = gui_options(argv)
    if gui is not None:  # start-up: straight to the window
        with contextlib.suppress(OSError):
            setup_logging()
        from ui.app import run_gui

        return run_gui(db_path=gui["db"], lang=gui["lang"])
    lang = scan_lang(argv)
    parser = build_parser(lang)
    from cli.common import argparse_language

    with argparse_language(lang):
        try:
            args = parser.parse_args(argv)
        except SystemExit as stop:  # --help (0) or a usage error (1, already explained)
            return int(stop.code or 0) if isinstance(stop.code, int) else EXIT_INPUT
    try:
        logfile = setup_logging()
    except OSError:
        logfile = ""
    lang = lang_of(args)
    if not args.command and not args.self_test:
        from ui.app import run_gui

        return run_gui(db_path=args.gui_db, lang=args.lang)
    from cli.messages import INPUT_ERRORS
    from forms.errors import FormError
    from models.base.errors import AppError, Cancelled

    try:
        if args.self_test:
            from cli.selftest_cmd import run_self_test

            return run_self_test(lang=lang)
        return int(args.func(args) or 0)
    except Exit as e:
        return e.code
    except FormError as err:
        for line in err.lines(lang):
            print(line, file=sys.stderr)
        return EXIT_INPUT
    except AppError as err:
        print(err.message(lang), file=sys.stderr)
        _name_backup(err, args, lang)
        return EXIT_INPUT if err.code in INPUT_ERRORS else EXIT_REFUSED
    except (Cancelled, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader of the output went away (``| head``): nothing to say, as Unix tools say nothing;
        # what is still buffered goes nowhere instead of failing again when Python exits
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    except Exception as err:
        from models.base.errors import damaged, is_damage

        if is_damage(err):  # SQLITE_CORRUPT / NOTADB met while working: say so, not "unexpected"
            log.warning("the database is damaged: %r", err)
            found = damaged(err, str(getattr(args, "db", "") or ""))
            print(found.message(lang), file=sys.stderr)
            _name_backup(found, args, lang)
            return EXIT_REFUSED
        # the command name only: arguments can carry secrets (an ODK app-user link holds a token)
        log.exception("unexpected error in the command %r", args.command or "--self-test")
        msg = ("Lỗi không mong đợi; chi tiết đã ghi vào {}." if lang == "vi"
               else "Unexpected error; the details were written to {}.").format(logfile or "log")
        print(msg, file=sys.stderr)
        return EXIT_UNEXPECTED


def _name_backup(err, args, lang: str) -> None:
    """For a damaged database (found at start or while working): the newest good backup and the command
    that restores it, or where none was found (standard error)."""
    import os

    from models.base.errors import FileCode
    from models.store.errors import StoreCode

    db = str(getattr(args, "db", "") or "")
    hurt = (FileCode.DB_DAMAGED, StoreCode.DB_CORRUPT, StoreCode.DB_WAL_MISSING)
    if err.code not in hurt or not db or getattr(args, "func", None) is None \
            or getattr(args, "backup_command", None) == "restore" or not os.path.isfile(db):
        return
    from cli.messages import CliOutput
    from models.base.formats import local_time_text
    from models.base.paths import default_backup_dir
    from models.store.backup import newest_good_backup

    try:
        found = newest_good_backup(db)
    except Exception:  # looking for a backup never hides the message said already
        log.exception("looking for a backup of %s", db)
        return
    if found is None:
        print(CliOutput.OUT_DAMAGED_NO_BACKUP.render({"db": db, "folder": str(default_backup_dir(db))}, lang),
              file=sys.stderr)
        return
    path, info = found
    from datetime import UTC, datetime

    made = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat()
    print(CliOutput.OUT_DAMAGED_BACKUP.render({"db": db, "backup": str(path), "records": info["records"],
                                               "time": local_time_text(made, missing="?")}, lang), file=sys.stderr)
