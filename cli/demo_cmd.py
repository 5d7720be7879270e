"""``python main.py demo``: fill a database with realistic synthetic interviews (models/demo/generate.py)."""

from __future__ import annotations

import sys

from cli.common import lang_of


def register(sub) -> None:
    p = sub.add_parser(
        "demo",
        help="tạo dữ liệu mẫu (phiếu giả lập) / fill a database with synthetic interviews",
        description="Tạo cơ sở dữ liệu mẫu như máy của một điều tra viên sau vài tuần làm việc. / "
        "Make a database as an enumerator's laptop looks after some weeks of fieldwork.",
    )
    p.add_argument("--db", required=True, help="tệp cơ sở dữ liệu (tạo mới nếu chưa có) / database file")
    p.add_argument("--commune", required=True, help="mã xã/phường 5 chữ số, ví dụ 09025 / 5-digit commune code")
    p.add_argument("--enterprises", type=int, default=0, help="số phiếu doanh nghiệp / enterprise records")
    p.add_argument("--households", type=int, default=0, help="số phiếu hộ gia đình / household records")
    p.add_argument("--seed", type=int, default=None, help="hạt giống ngẫu nhiên / random seed")
    p.add_argument("--enumerator", default=None, help="mã điều tra viên / enumerator code")
    p.add_argument("--quiet", action="store_true", help="không in tiến độ / no progress")
    p.set_defaults(func=run_demo)


def run_demo(args) -> int:
    from cli.common import db_path_usable
    from cli.messages import CliOutput
    from models.base.progress import run
    from models.demo.generate import generate

    lang = lang_of(args)
    show = not args.quiet and sys.stderr.isatty()
    res = run(generate(db_path_usable(args.db), commune=args.commune, enterprises=args.enterprises,
                       households=args.households, seed=args.seed, enumerator=args.enumerator),
              (lambda tick: print(f"\r{tick.message}", end="", file=sys.stderr)) if show else None)
    if show:
        print(file=sys.stderr)
    secs = f"{res.seconds:.1f}"
    print(CliOutput.OUT_DEMO.render({"enterprises": res.enterprises, "households": res.households,
                                     "path": res.db_path, "commune": res.commune, "drafts": res.drafts,
                                     "with_issues": res.with_issues,
                                     "seconds": secs.replace(".", ",") if lang == "vi" else secs}, lang))
    return 0
