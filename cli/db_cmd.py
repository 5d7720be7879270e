"""``python main.py db encrypt``: encrypt a plain database and its copies (``models/store/encryption.py``)."""

from __future__ import annotations

from cli.common import lang_of


def register(sub) -> None:
    p = sub.add_parser(
        "db",
        help="mã hoá cơ sở dữ liệu / encrypt the database",
        description="Mã hoá cơ sở dữ liệu và các bản sao lưu của nó bằng mã PIN trong biến môi trường KHAOSAT_PIN. / "
        "Encrypt the database and its backups with the PIN in the environment variable KHAOSAT_PIN.",
    )
    dsub = p.add_subparsers(dest="db_command", metavar="encrypt", required=True)
    e = dsub.add_parser("encrypt", help="mã hoá tệp thường / encrypt a plain database",
                        description="In mã khôi phục một lần duy nhất: hãy in ra và cất giữ. / "
                        "Prints the recovery code once: print it and keep it safe.")
    e.add_argument("--db", required=True, help="tệp cơ sở dữ liệu / database file")
    e.add_argument("--json", action="store_true", help="kết quả dạng JSON / result as JSON")
    e.set_defaults(func=run_encrypt)


def run_encrypt(args) -> int:
    import json

    from cli.common import existing_db
    from cli.messages import CliCode, CliError
    from models.store import cipher
    from models.store.encryption import encrypt_database

    lang = lang_of(args)
    pin = cipher.pin_from_env()
    if pin is None:
        raise CliError(CliCode.PIN_ENV_MISSING)
    code = encrypt_database(existing_db(args.db), pin)
    if args.json:
        print(json.dumps({"db": args.db, "encrypted": True, "recovery_code": code}, ensure_ascii=False))
        return 0
    if lang == "vi":
        print(f"Đã mã hoá '{args.db}' và các bản sao lưu của nó. Mã khôi phục (chỉ hiện một lần — hãy in ra và "
              f"cất giữ; nó mở được dữ liệu khi quên mã PIN):\n{code}")
    else:
        print(f"Encrypted '{args.db}' and its backups. Recovery code (shown only once — print it and keep it "
              f"safe; it opens the data when the PIN is forgotten):\n{code}")
    return 0
