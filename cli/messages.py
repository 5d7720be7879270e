"""What the command line says itself: refusals of what was typed (paths, ids, answers files, the
self-test) and the lines a command prints when it succeeded. Also the list of every area's codes
(:func:`code_enums`), which the self-test and the tests walk."""

from __future__ import annotations

import importlib

from models.base.errors import AppError, Code, Template


class CliCode(Code):
    """A command refused because of what was typed (``BAD_ANSWERS`` exits 1, the others 2)."""

    BAD_ANSWERS = Template(
        "Tệp câu trả lời '{path}' không hợp lệ: {detail}. Cần một đối tượng JSON, ví dụ "
        "{{\"ten\": \"An\", \"thanh_vien\": [{{\"tuoi\": 30}}]}}.",
        "The answers file '{path}' is not valid: {detail}. It must hold a JSON object, e.g. "
        "{{\"name\": \"An\", \"members\": [{{\"age\": 30}}]}}.",
    )
    DB_MISSING = Template(
        "Không có cơ sở dữ liệu '{path}'. Hãy kiểm tra lại đường dẫn sau --db (lệnh này chỉ dùng cơ sở dữ liệu "
        "đã có; 'demo' hoặc lần mở ứng dụng đầu tiên mới tạo cơ sở dữ liệu mới).",
        "There is no database '{path}'. Check the path after --db (this command only uses an existing "
        "database; 'demo' or the application's first start makes a new one).",
    )
    OPTIONS_CLASH = Template(
        "Không dùng được {first} cùng với {second}: hãy chọn một trong hai. Không có gì bị thay đổi.",
        "{first} cannot be used together with {second}: choose one of them. Nothing was changed.",
    )
    PIN_ENV_MISSING = Template(
        "Chưa có mã PIN: hãy đặt biến môi trường KHAOSAT_PIN (ít nhất 6 ký tự) rồi chạy lại lệnh. Không có gì bị "
        "thay đổi.",
        "No PIN given: set the environment variable KHAOSAT_PIN (at least 6 characters) and run the command again. "
        "Nothing was changed.",
    )
    DB_IS_FOLDER = Template(
        "'{path}' là một thư mục, không phải tệp cơ sở dữ liệu. Hãy ghi đường dẫn tới tệp, ví dụ "
        "{example}.",
        "'{path}' is a folder, not a database file. Give the path of the file, e.g. {example}.",
    )
    INPUT_IS_FOLDER = Template(
        "'{path}' là một thư mục, không phải tệp. Hãy ghi đường dẫn tới tệp cần dùng.",
        "'{path}' is a folder, not a file. Give the path of the file to use.",
    )
    INPUT_MISSING = Template(
        "Không tìm thấy tệp '{path}'. Hãy kiểm tra lại tên và thư mục của tệp.",
        "The file '{path}' does not exist. Check the file's name and folder.",
    )
    OUT_BAD_EXTENSION = Template(
        "Tệp kết quả '{path}' phải có đuôi {expected} (lệnh '{command}' ghi tệp {kind}). Hãy đổi tên, ví dụ "
        "{example}.",
        "The output file '{path}' must end in {expected} (the command '{command}' writes a {kind} file). "
        "Rename it, e.g. {example}.",
    )
    UNKNOWN_COMMUNE = Template(
        "Không có xã/phường mã '{commune}' trong cơ sở dữ liệu '{path}' (các xã có phiếu: {known}). Hãy kiểm tra "
        "mã xã sau --commune.",
        "There is no commune with code '{commune}' in the database '{path}' (communes with records: {known}). "
        "Check the code after --commune.",
    )
    PRINT_NOTHING_ALL = Template(
        "Cơ sở dữ liệu '{path}' không có phiếu nào {which}để in. Hãy bỏ hoặc đổi điều kiện --status, hoặc "
        "dùng --blank MÃ_BIỂU_MẪU để in phiếu trắng.",
        "The database '{path}' has no record {which}to print. Drop or change --status, or use --blank FORM_ID "
        "to print a blank questionnaire.",
    )
    PRINT_NO_RECORD = Template(
        "Không có phiếu '{record_id}' trong cơ sở dữ liệu '{path}'. Mã phiếu có dạng uuid:…; hãy xem mã trong "
        "danh sách phiếu của ứng dụng hoặc dùng --all để in mọi phiếu.",
        "There is no record '{record_id}' in the database '{path}'. Record ids look like uuid:…; find the id in "
        "the application's record list, or use --all to print every record.",
    )
    HELD_UNKNOWN = Template(
        "Phiếu '{record_id}' không nằm trong số phiếu đang được giữ của cơ sở dữ liệu '{path}'; không có gì được "
        "thay đổi. Hãy xem danh sách bằng: khaosat package held --db {path}",
        "The record '{record_id}' is not among the records held in the database '{path}'; nothing was changed. "
        "List them with: khaosat package held --db {path}",
    )
    NO_GOOD_BACKUP = Template(
        "Không tìm thấy bản sao lưu tốt nào của '{path}' (đã tìm trong thư mục sao lưu đã chọn và '{folder}'). "
        "Hãy tìm bản sao lưu (USB, thư mục khác) rồi chạy: khaosat backup restore --db {path} --from TỆP_SAO_LƯU",
        "No good backup of '{path}' was found (looked in the chosen backup folder and in '{folder}'). Find a "
        "backup (a USB stick, another folder) and run: khaosat backup restore --db {path} --from BACKUP_FILE",
    )
    SELF_TEST_FAILED = Template(
        "Tự kiểm tra không đạt ở bước '{step}': {detail}. Cài đặt ứng dụng có thể thiếu tệp; hãy cài lại.",
        "The self-test failed at the step '{step}': {detail}. The installation may be missing files; install "
        "the application again.",
    )
    BAD_PAIR = Template(
        "'{item}' không đúng dạng {what} (thiếu dấu '='). Ví dụ: phone=0912345678.",
        "'{item}' is not of the form {what} (there is no '='). For example: phone=0912345678.",
    )
    UNKNOWN_FIELD = Template(
        "Biểu mẫu '{form_id}' của phiếu '{record_id}' không có câu hỏi '{field}'. Hãy dùng tên câu hỏi (cột name "
        "của biểu mẫu), ví dụ village hoặc mem[1].m_name; 'record show' liệt kê các câu trả lời. Không có gì bị "
        "thay đổi.",
        "The form '{form_id}' of record '{record_id}' has no question '{field}'. Use the question's name (the "
        "form's name column), e.g. village or mem[1].m_name; 'record show' lists the answers. Nothing was "
        "changed.",
    )
    RESOLVE_NOTHING = Template(
        "Chưa nói cách giải quyết xung đột của phiếu '{record_id}': hãy chọn một bản (--version REV), hoặc từng "
        "câu hỏi (--take CÂU_HỎI=REV, --set CÂU_HỎI=GIÁ_TRỊ). 'conflicts show' liệt kê các bản.",
        "How to resolve the conflict of record '{record_id}' was not given: choose a version (--version REV), or "
        "field by field (--take FIELD=REV, --set FIELD=VALUE). 'conflicts show' lists the versions.",
    )


class CliError(AppError):
    codes = CliCode


#: the codes that mean "the input has problems" (exit 1); every other refusal exits 2
INPUT_ERRORS = frozenset({CliCode.BAD_ANSWERS, CliCode.OPTIONS_CLASH, CliCode.BAD_PAIR, CliCode.RESOLVE_NOTHING})


class CliOutput(Code):
    """What a command reports when it succeeded (rendered like the messages)."""

    OUT_EXPORTED = Template("Đã xuất {records} phiếu ({rows}):", "Exported {records:#record|records} ({rows}):")
    OUT_REPORT = Template("Đã lập báo cáo {pages} trang: {path}", "Report written, {pages:#page|pages}: {path}")
    OUT_PRINTED = Template("Đã in {records} phiếu, {pages} trang: {path}",
                           "Printed {records:#record|records}, {pages:#page|pages}: {path}")
    OUT_PRINTED_BLANK = Template("Đã in phiếu trắng {pages} trang: {path}",
                                 "Blank questionnaire written, {pages:#page|pages}: {path}")
    OUT_HELD_WAITING = Template(
        "{count} phiếu mới ở ngoài địa bàn đang được giữ, chưa vào cơ sở dữ liệu: nhận hoặc từ chối trong ứng dụng "
        "(trang Tổng hợp hoặc Chuyển dữ liệu → “Phiếu ngoài địa bàn…”) hoặc bằng lệnh: khaosat package held --db {db} "
        "--accept MÃ_PHIẾU… / --refuse MÃ_PHIẾU…",
        "Held, not in the database: {count:#new record|new records} from outside this unit's area. Decide: "
        "accept or refuse in the application (the Consolidation or Transfer page → “Records outside the "
        "area…”) or with: khaosat package held --db {db} --accept RECORD_ID… / --refuse RECORD_ID…")
    OUT_CLEANED = Template(
        "Đã bỏ ký tự điều khiển không lưu được (ví dụ ký tự NUL) khỏi câu trả lời {paths} của tệp '{file}': kết quả "
        "dùng câu trả lời không có các ký tự đó; hãy sửa tệp nếu cần.",
        "Removed control characters an answer cannot hold (such as NUL) from the answer {paths} of the file "
        "'{file}': the result uses the answer without them; correct the file if needed.")
    OUT_RESTORED = Template(
        "Đã khôi phục '{db}' từ bản sao lưu '{backup}' ({records} phiếu). Tệp trước đó được giữ ở: {safety}",
        "Restored '{db}' from the backup '{backup}' ({records:#record|records}). The file before it is kept at: "
        "{safety}")
    OUT_DAMAGED_BACKUP = Template(
        "Bản sao lưu tốt gần nhất: '{backup}' ({records} phiếu, lúc {time}). Khôi phục bằng lệnh: "
        "khaosat backup restore --db {db} --from \"{backup}\"",
        "The newest good backup: '{backup}' ({records:#record|records}, made {time}). Restore it with: "
        "khaosat backup restore --db {db} --from \"{backup}\"")
    OUT_DAMAGED_NO_BACKUP = Template(
        "Không tìm thấy bản sao lưu tốt nào của tệp này (đã tìm trong thư mục sao lưu đã chọn và '{folder}'). "
        "Hãy tìm bản sao lưu (USB, thư mục khác) rồi chạy: khaosat backup restore --db {db} --from TỆP_SAO_LƯU",
        "No good backup of this file was found (looked in the chosen backup folder and in '{folder}'). Find a "
        "backup (a USB stick, another folder) and run: khaosat backup restore --db {db} --from BACKUP_FILE")
    OUT_HELD_NONE = Template("Không có phiếu nào đang được giữ.", "No record is held.")
    OUT_HELD_DONE = Template("Đã nhận {accepted} phiếu vào cơ sở dữ liệu, đã từ chối {refused} phiếu; còn giữ {left}.",
                             "Accepted {accepted:#record|records} into the database, refused {refused}; "
                             "{left} still held.")
    OUT_PACKAGE = Template("Đã tạo gói {path}: {records} phiếu, {forms} biểu mẫu, {encryption}",
                           "Wrote {path}: {records:#record|records}, {forms:#form|forms}, {encryption}")
    OUT_FORMS_ADDED = Template("{file}: đã cài biểu mẫu {forms}.", "{file}: installed the form {forms}.")
    OUT_FORMS_HELD = Template(
        "{file}: biểu mẫu {forms} do {sender} ({fingerprint}) gửi đang chờ, vì người gửi chưa được tin cậy. "
        "So mã khóa với người gửi qua điện thoại rồi tin cậy người gửi để cài đặt (hoặc cài/từ chối trong Cài đặt "
        "→ Biểu mẫu).",
        "{file}: the form {forms} sent by {sender} ({fingerprint}) is waiting, because the sender is not trusted. "
        "Compare the key fingerprint with the sender by phone, then trust the sender to install it (or install "
        "or refuse it in Settings → Forms).")
    OUT_ERASURES_HELD = Template(
        "{file}: lần xoá dữ liệu cá nhân của {n} phiếu ({ids}) do {sender} ({fingerprint}) gửi đang chờ, chưa xoá gì, "
        "vì người gửi chưa được tin cậy. So mã khóa với người gửi qua điện thoại rồi tin cậy người gửi ('senders "
        "trust') để áp dụng.",
        "{file}: the erasure of personal data of {n:#record|records} ({ids}) sent by {sender} ({fingerprint}) is "
        "waiting, nothing was erased, because the sender is not trusted. Compare the key fingerprint with the "
        "sender by phone, then trust the sender ('senders trust') to apply it.")
    OUT_DEMO = Template(
        "Đã tạo {enterprises} phiếu doanh nghiệp và {households} phiếu hộ trong '{path}' (xã {commune}; "
        "{drafts} phiếu nháp, {with_issues} phiếu còn vấn đề; {seconds} giây).",
        "Made {enterprises:#enterprise record|enterprise records} and {households:#household record|household "
        "records} in '{path}' (commune {commune}; {drafts:#draft|drafts}, {with_issues} with open issues; "
        "{seconds} s).",
    )
    OUT_SYNC_CONFLICTS = Template(
        "{n} phiếu xung đột với bản trên máy chủ đang chờ quyết định (xem Nhật ký đồng bộ).",
        "{n:#record conflicts|records conflict} with the server's copy, waiting for a decision (see the sync "
        "log).",
    )
    OUT_SENDERS_HEADER = Template(
        "Mã khóa\tHọ tên\tMã người dùng\tVai trò\tXã\tLần đầu\tLần cuối\tSố gói\tTin cậy",
        "Key id\tName\tUser code\tRole\tCommune\tFirst seen\tLast seen\tPackages\tTrusted",
    )
    OUT_RECORD_SET = Template(
        "Đã sửa {n} câu trả lời của phiếu {record_id} (có ghi nhật ký); trạng thái: {status}.",
        "Changed {n:#answer|answers} of record {record_id} (audited); status: {status}.",
    )
    OUT_APPROVED = Template("Đã duyệt phiếu {record_id}.", "Approved record {record_id}.")
    OUT_ERASED_AT = Template(
        "  Dữ liệu cá nhân đã được xoá lúc {at} bởi {user} ({fields}). Lý do: {reason}",
        "  Personal data erased on {at} by {user} ({fields}). Reason: {reason}",
    )
    OUT_ERASED = Template(
        "Đã xoá dữ liệu cá nhân ({fields}) của phiếu {record_id}; nhật ký ghi {user}, thời điểm và lý do, không "
        "ghi giá trị. Lần xoá đi theo các gói gửi sau: hãy xuất gói cho cấp trên.",
        "Erased the personal data ({fields}) of record {record_id}; the audit trail keeps {user}, the time and "
        "the reason, not the values. The erasure travels in the next packages: export one for the level above.",
    )
    OUT_SENT_BACK = Template(
        "Đã trả lại phiếu {record_id} kèm lý do và {n} nhận xét theo câu hỏi; gói trả lại: 'package export "
        "--returned MÃ_ĐTV'.",
        "Sent record {record_id} back with the reason and {n:#comment|comments} on questions; the return "
        "package: 'package export --returned ENUMERATOR'.",
    )
    OUT_RESOLVED = Template("Đã giải quyết xung đột của phiếu {record_id}: bản mới {rev}.",
                            "Resolved the conflict of record {record_id}: new version {rev}.")
    OUT_KEPT_BOTH = Template("Đã ghi nhận {a} và {b} là hai đơn vị khác nhau.",
                             "Recorded {a} and {b} as two different units.")
    OUT_MERGED = Template("Đã gộp phiếu {other} vào phiếu {survivor} (phiếu {other} vào thùng rác).",
                          "Merged record {other} into record {survivor} ({other} is in the recycle bin).")
    OUT_TRUSTED = Template(
        "Đã tin cậy {name} (mã khóa {fingerprint}): áp dụng {applied} thay đổi được giữ lại; {still} phiếu còn "
        "xung đột cần xem xét.",
        "Trusted {name} (fingerprint {fingerprint}): {applied:#held update|held updates} applied; "
        "{still:#record still conflicts|records still conflict} for a person to decide.",
    )
    OUT_SENDER_NEW = Template(
        "⚠ {file}: người gửi MỚI {name} ({role}, xã {commune}, mã khóa {fingerprint}), chưa được tin cậy: phiếu "
        "mới của họ được thêm; thay đổi của họ với phiếu do người khác gửi hoặc tạo ở máy này được giữ lại để "
        "xem xét. Gọi điện đối chiếu mã khóa rồi tin cậy: senders trust --db CSDL \"{fingerprint}\".",
        "⚠ {file}: NEW sender {name} ({role}, commune {commune}, fingerprint {fingerprint}), not trusted: their "
        "new records were added; their changes to records another sender brought or made here are held for "
        "review. Phone them to compare the fingerprint, then trust them: senders trust --db DB \"{fingerprint}\".",
    )
    OUT_SENDER_UNTRUSTED = Template(
        "⚠ {file}: người gửi {name} (xã {commune}, mã khóa {fingerprint}) chưa được tin cậy: thay đổi của họ với "
        "phiếu do người khác gửi hoặc tạo ở máy này được giữ lại để xem xét.",
        "⚠ {file}: the sender {name} (commune {commune}, fingerprint {fingerprint}) is not trusted: their changes "
        "to records another sender brought or made here are held for review.",
    )
    OUT_HELD = Template(
        "⚠ {file}: {n} phiếu có thay đổi được giữ lại (không áp dụng cho đến khi tin cậy người gửi hoặc giải quyết: "
        "conflicts list): {ids}",
        "⚠ {file}: {n:#record has|records have} changes held (not applied until the sender is trusted or a person "
        "resolves them: conflicts list): {ids}",
    )
    OUT_OUTSIDE = Template(
        "⚠ {file}: {n} phiếu mới ở ngoài địa bàn của máy này (đang được giữ, chưa vào cơ sở dữ liệu): {ids}",
        "⚠ {file}: {n:#new record is|new records are} outside this unit's area (held, not in the database): {ids}",
    )
    OUT_FORMS_HELD_HEADER = Template(
        "Biểu mẫu\tPhiên bản\tTiêu đề\tNgười gửi\tMã khóa\tTin cậy\tNhận lúc",
        "Form\tVersion\tTitle\tSender\tFingerprint\tTrusted\tReceived at",
    )
    OUT_NO_FORMS_HELD = Template("Không có biểu mẫu nào chờ cài đặt.", "No form is waiting to be installed.")
    OUT_FORM_INSTALLED = Template(
        "Đã cài đặt biểu mẫu {form_id} phiên bản {version}. Phiếu mới sẽ dùng phiên bản mới nhất; phiếu đã có "
        "giữ phiên bản của chúng.",
        "Installed form {form_id} version {version}. New records use the newest version; existing records keep "
        "theirs.",
    )
    OUT_FORM_REFUSED = Template(
        "Đã từ chối biểu mẫu {form_id} phiên bản {version}: không được cài đặt, và không bị giữ lại lần nữa khi "
        "cùng người gửi gửi lại.",
        "Refused form {form_id} version {version}: it is not installed, and not held again when the same sender "
        "sends it again.",
    )
    OUT_HISTORY_HEADER = Template(
        "Nhập lúc\tXã\tNgười gửi\tTệp\tKết quả",
        "Imported at\tCommune\tSender\tFile\tResult",
    )


#: every module that declares an area's codes (a :class:`Code` enum), from the bottom up
CODE_MODULES = (
    "models.base.errors",
    "models.store.errors",
    "models.setup.errors",
    "models.records.errors",
    "models.exchange.errors",
    "models.sync.errors",
    "models.indicators.errors",
    "models.demo.errors",
    "exports.errors",
    "cli.messages",
)


def code_enums() -> list[type[Code]]:
    """Every area's enum of codes, in the order of :data:`CODE_MODULES`."""
    out: list[type[Code]] = []
    for name in CODE_MODULES:
        module = importlib.import_module(name)
        out.extend(v for v in vars(module).values()
                   if isinstance(v, type) and issubclass(v, Code) and v is not Code and v.__module__ == name)
    return out
