"""What every command shares: the language of the command line, argparse in Vietnamese, checks of the
paths a user types (``--db``, input files, ``--out``) and running a service generator."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

#: exit codes (README "Command line")
EXIT_OK, EXIT_INPUT, EXIT_REFUSED, EXIT_UNEXPECTED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_PIPE = 141  # the reader of the output went away (`| head`), as a Unix tool killed by SIGPIPE

#: argparse's own messages (Python 3.11) in Vietnamese; ``%`` placeholders as argparse fills them
ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "không hiểu các tham số: %s",
    "not allowed with argument %s": "không dùng cùng với %s",
    "ignored explicit argument %r": "giá trị %r bị bỏ qua (tùy chọn này không nhận giá trị)",
    "the following arguments are required: %s": "thiếu các tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ: có thể là %(matches)s",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (cần %(type)s)",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn %(value)r không hợp lệ (chọn một trong %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
}
#: type names argparse puts in "invalid %(type)s value"
TYPE_NAMES_VI = {"int": "số nguyên", "float": "số"}


def scan_lang(argv: list[str]) -> str:
    """The language asked for anywhere on the command line (``--lang en`` before or after the command)."""
    lang = "vi"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    return lang if lang in ("vi", "en") else "vi"


@contextmanager
def argparse_language(lang: str):
    """argparse's messages (usage, errors, help headings) in ``lang`` while parsing."""
    import argparse

    saved = argparse._, argparse.ngettext
    if lang == "vi":
        def tr(text: str) -> str:
            return ARGPARSE_VI.get(text, text)

        def ntr(singular: str, plural: str, n: int) -> str:
            return ARGPARSE_VI.get(singular if n == 1 else plural, singular if n == 1 else plural)

        argparse._, argparse.ngettext = tr, ntr
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def make_parser_class():
    import argparse

    class Parser(argparse.ArgumentParser):
        """A usage error is an input problem: exit 1 (not argparse's 2, which means "refused" here),
        in the language of the command line, with where to find help."""

        lang = "vi"

        def error(self, message: str):
            if Parser.lang == "vi":
                for en, vi in TYPE_NAMES_VI.items():
                    message = message.replace(f"(cần {en})", f"(cần {vi})")
            self.print_usage(sys.stderr)
            hint = (f"Xem hướng dẫn: {self.prog} --help" if Parser.lang == "vi"
                    else f"For help: {self.prog} --help")
            self.exit(EXIT_INPUT, argparse._("%(prog)s: error: %(message)s\n") % {"prog": self.prog,
                                                                                   "message": message}
                      + hint + "\n")

    return Parser


def add_lang_everywhere(parser) -> None:
    """``--lang vi|en`` on every command, so it may stand before or after the command's name."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                add_lang_everywhere(sub)
            return
    if "--lang" not in parser._option_string_actions:
        parser.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS,
                            help="ngôn ngữ thông báo (và của tệp xuất) / language of messages (and of exported files)")


def lang_of(args) -> str:
    return getattr(args, "lang", None) or "vi"


# ---------------------------------------------------------------------- paths a user typed
def existing_db(path: str) -> str:
    """A database the command reads: it must exist (only ``demo`` and the application's first start make
    one), and be a file."""
    from cli.messages import CliCode, CliError

    if os.path.isdir(path):
        raise CliError(CliCode.DB_IS_FOLDER, path=path, example=os.path.join(path, "khaosat.db"))
    if not os.path.exists(path):
        raise CliError(CliCode.DB_MISSING, path=path)
    return path


def db_path_usable(path: str) -> str:
    """A database the command may create: not a folder."""
    from cli.messages import CliCode, CliError

    if os.path.isdir(path):
        raise CliError(CliCode.DB_IS_FOLDER, path=path, example=os.path.join(path, "khaosat.db"))
    return path


def input_file(path: str) -> str:
    from cli.messages import CliCode, CliError

    if os.path.isdir(path):
        raise CliError(CliCode.INPUT_IS_FOLDER, path=path)
    if not os.path.exists(path):
        raise CliError(CliCode.INPUT_MISSING, path=path)
    return path


def out_file(path: str, ext: str, command: str, kind: str) -> str:
    """An output file must carry its format's extension (``report --out x.txt`` is refused)."""
    from cli.messages import CliCode, CliError

    if Path(path).suffix.lower() != ext:
        example = str(Path(path).with_suffix(ext)) if Path(path).suffix else path + ext
        raise CliError(CliCode.OUT_BAD_EXTENSION, path=path, expected=ext, command=command, kind=kind,
                       example=example)
    return path


def drain(gen, *, show: bool = False):
    """Run a service generator (progress ticks) to its result, showing progress on a terminal."""
    from models.base.progress import run

    if not (show and sys.stderr.isatty()):
        return run(gen)

    def tick(p) -> None:
        if getattr(p, "total", 0):
            print(f"\r{p.done}/{p.total} {p.message}"[:60], end="", file=sys.stderr)

    result = run(gen, tick)
    print("\r" + " " * 60 + "\r", end="", file=sys.stderr)
    return result


def db_command(parsers, name: str, help_text: str, func):
    """A sub-command working on one database: ``--db`` (required) and ``--json``, run by ``func``."""
    q = parsers.add_parser(name, help=help_text)
    q.add_argument("--db", required=True, help="cơ sở dữ liệu / database")
    q.add_argument("--json", action="store_true", help="in JSON / print JSON")
    q.set_defaults(func=func)
    return q


def open_existing(path: str):
    """An existing database, opened (a mistyped --db must not make a new installation with a new key)."""
    from models.store.database import open_store

    return open_store(existing_db(path), create=False)
