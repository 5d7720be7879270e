"""``python main.py forms …`` as a user's script would run it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD = """| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | relevant | constraint | required | calculation | repeat_count |
| | integer | n | Số người | People | | . >= 1 and . <= 20 | yes | | |
| | begin repeat | p | Người | Person | | | | | ${n} |
| | integer | age | Tuổi | Age | | . >= 0 and . <= 120 | yes | | |
| | select_one yn | net | Dùng Internet? | Uses internet? | ${age} >= 5 | | yes | | |
| | end repeat | | | | | | | | |
| | calculate | users | | | | | | count(${net}[. = 'yes']) | |
| choices |
| | list_name | name | label::Tiếng Việt (vi) | label::English (en) |
| | yn | yes | Có | Yes |
| | yn | no | Không | No |
| settings |
| | form_id | version | default_language |
| | probe | 1 | Tiếng Việt (vi) |
"""


def run(*args, cwd=ROOT):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


def test_check_valid_and_broken(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    p = run("forms", "check", str(good))
    assert p.returncode == 0 and "Hợp lệ" in p.stdout and "3 câu hỏi" in p.stdout
    bad = tmp_path / "bad.md"
    bad.write_text("| survey |\n| | type | name | label |\n| | integer | a | A |\n| | no_such_type | b | B |\n"
                   "| | integer | c | C |\n| | end group | | |\n", encoding="utf-8")
    p = run("forms", "check", str(bad))
    assert p.returncode == 1 and "Traceback" not in p.stdout + p.stderr
    assert not p.stdout.strip()  # problems go to standard error, as for every command
    lines = p.stderr.strip().splitlines()
    assert lines[0].startswith("survey:3: ") and "no_such_type" in lines[0]
    assert lines[1].startswith("survey:5: ")
    p = run("--lang", "en", "forms", "check", str(bad))
    assert "is not supported" in p.stderr


def test_check_unreadable_file(tmp_path):
    f = tmp_path / "x.xlsx"
    f.write_bytes(b"\x00garbage")
    p = run("forms", "check", str(f))
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert p.stderr.startswith("x.xlsx: Không đọc được tệp biểu mẫu")


def test_evaluate(tmp_path):
    form = tmp_path / "f.md"
    form.write_text(GOOD, encoding="utf-8")
    ans = tmp_path / "a.json"
    ans.write_text(json.dumps({"n": 2, "p": [{"age": 30, "net": "yes"}, {"age": 2}]}), encoding="utf-8")
    out = json.loads(run("forms", "evaluate", str(form), "--answers", str(ans)).stdout)
    assert out["values"]["users"] == "1" and out["hidden"] == ["p[2].net"] and out["issues"] == []
    ans.write_text(json.dumps({"n": 1, "p": [{"age": 300, "net": "no"}]}), encoding="utf-8")
    out = json.loads(run("forms", "evaluate", str(form), "--answers", str(ans)).stdout)
    assert {"path": "p[1].age", "kind": "constraint", "message": "Giá trị không hợp lệ."} in out["issues"]


def test_evaluate_says_which_answers_lost_control_characters(tmp_path):
    """Issue 16 #7: characters an answer cannot hold are removed, and the command says where (stderr)."""
    form = tmp_path / "f.md"
    form.write_text(GOOD, encoding="utf-8")
    ans = tmp_path / "a.json"
    ans.write_text(json.dumps({"n": 1, "p": [{"age": 30, "net": "ye\u0000s"}]}), encoding="utf-8")
    p = run("--lang", "en", "forms", "evaluate", str(form), "--answers", str(ans))
    assert p.returncode == 0 and "yes" in json.dumps(json.loads(p.stdout)["values"]) and "\\u0000" not in p.stdout
    assert "Removed control characters" in p.stderr and "'p[1].net'" in p.stderr and "a.json" in p.stderr
    ans.write_text(json.dumps({"n": 1, "p": [{"age": 30, "net": "yes"}]}), encoding="utf-8")
    p = run("forms", "evaluate", str(form), "--answers", str(ans))
    assert p.returncode == 0 and "ký tự điều khiển" not in p.stderr


def test_evaluate_bad_answers_file(tmp_path):
    form = tmp_path / "f.md"
    form.write_text(GOOD, encoding="utf-8")
    ans = tmp_path / "a.json"
    ans.write_text("{not json", encoding="utf-8")
    p = run("forms", "evaluate", str(form), "--answers", str(ans))
    assert p.returncode == 1 and "a.json" in p.stderr and "Traceback" not in p.stderr  # 1: the input has problems
    assert "dòng 1, cột 2" in p.stderr and "Expecting" not in p.stderr
    ans.write_text("[1, 2]", encoding="utf-8")
    p = run("forms", "evaluate", str(form), "--answers", str(ans))
    assert p.returncode == 1 and "JSON" in p.stderr and "danh sách" in p.stderr and "list" not in p.stderr
    p = run("--lang", "en", "forms", "evaluate", str(form), "--answers", str(tmp_path / "none.json"))
    assert p.returncode == 1 and "does not exist" in p.stderr and "không" not in p.stderr


def test_check_keeps_library_warnings_out_of_its_lines(tmp_path):
    """openpyxl's UserWarning about the workbook goes to the log, not among the sheet:row: lines."""
    from tests.forms.test_question_types import _workbook_with_a_broken_sheet_entry

    path = _workbook_with_a_broken_sheet_entry(tmp_path)
    p = run("forms", "check", str(path))
    assert p.returncode == 0 and "Hợp lệ" in p.stdout
    assert "Warning" not in p.stdout + p.stderr and "warn(" not in p.stderr and not p.stderr.strip()


def test_check_of_a_refused_form_and_evaluate_speak_english_when_asked(tmp_path):
    form = tmp_path / "f.md"
    form.write_text("| survey |\n| | type | name | label | required |\n| | integer | n | Số người | yes |\n"
                    "| | text | building | Nhà | | search('nha') |\n", encoding="utf-8")
    form.write_text(form.read_text(encoding="utf-8").replace("| required |", "| required | appearance |"),
                    encoding="utf-8")
    p = run("--lang", "en", "forms", "check", str(form))
    assert p.returncode == 1
    assert p.stderr.strip().splitlines() == [
        "survey:3: The search() appearance (a lookup in ODK Collect's CSV files on a phone) cannot work "
        "on a laptop (row 3 'building': appearance search('nha')). Remove those rows or change their type."]
    form.write_text("| survey |\n| | type | name | label | required |\n| | integer | n | Số người | yes |\n"
                    "| | time | t | Giờ | |\n", encoding="utf-8")
    ans = tmp_path / "a.json"
    ans.write_text(json.dumps({"t": "nửa đêm"}), encoding="utf-8")
    out = json.loads(run("--lang", "en", "forms", "evaluate", str(form), "--answers", str(ans)).stdout)
    assert [i["message"] for i in out["issues"]] == [
        "This question is required.",
        "Not a valid time: use hours:minutes:seconds, e.g. 14:30:00 or 14:30:00.000+07:00."]


def test_check_prints_each_pyxform_warning_on_one_line(tmp_path):
    form = tmp_path / "f.md"
    form.write_text("| survey |\n| | type | name | label | comment |\n| | | | | only a comment |\n"
                    "| | integer | a | A | |\n", encoding="utf-8")
    p = run("forms", "check", str(form))
    assert p.returncode == 0
    lines = p.stdout.strip().splitlines()
    assert lines[0].startswith("Hợp lệ") and len(lines) == 2
    assert lines[1].startswith("Cảnh báo của pyxform: [row : 2] Row without name, text, or label is being skipped")


EXTERNAL = """| survey |
| | type | name | label | calculation |
| | select_one_from_file fruits.csv | fruit | Fruit | |
| | calculate | color | | pulldata('fruits', 'color', 'name', ${fruit}) |
"""


def test_check_lists_absent_attachments_and_evaluate_uses_those_beside_the_form(tmp_path):
    form = tmp_path / "fruit.md"
    form.write_text(EXTERNAL, encoding="utf-8")
    p = run("--lang", "en", "forms", "check", str(form))
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[-1].startswith("Needs attachment fruits.csv: not found beside the form.")
    p = run("forms", "check", str(form))
    assert p.stdout.splitlines()[-1].startswith("Cần tệp đính kèm fruits.csv: không thấy bên cạnh biểu mẫu.")
    ans = tmp_path / "a.json"
    ans.write_text(json.dumps({"fruit": "kiwi"}), encoding="utf-8")
    p = run("--lang", "en", "forms", "evaluate", str(form), "--answers", str(ans))
    out = json.loads(p.stdout)  # the JSON stays alone on standard output; the notice goes to standard error
    assert out["values"].get("color", "") == "" and "Needs attachment fruits.csv" in p.stderr
    assert out["issues"] == [{"path": "fruit", "kind": "constraint",
                              "message": "The choice 'kiwi' is not in the list."}]
    (tmp_path / "fruits.csv").write_text("name,label,color\nkiwi,Kiwi,green\n", encoding="utf-8")
    p = run("--lang", "en", "forms", "check", str(form))
    assert p.stdout.splitlines()[-1] == "Attachment fruits.csv: read from the form's folder."
    p = run("--lang", "en", "forms", "evaluate", str(form), "--answers", str(ans))
    out = json.loads(p.stdout)
    assert out["values"]["color"] == "green" and out["issues"] == [] and p.stderr == ""


def test_check_a_form_that_shares_names_and_one_that_refers_to_a_shared_name(tmp_path):
    from tests.forms.shared_names import SHARED
    from tests.helpers import md

    good = tmp_path / "shared.md"
    good.write_text(md(SHARED), encoding="utf-8")
    p = run("forms", "check", str(good))
    assert p.returncode == 0 and "Hợp lệ" in p.stdout and "3 bảng lặp" in p.stdout, p.stdout + p.stderr
    bad = tmp_path / "ambiguous.md"
    bad.write_text("| survey |\n| | type | name | label | relevant |\n| | begin group | a | A | |\n"
                   "| | integer | age | X | |\n| | end group | | | |\n| | begin repeat | r | R | |\n"
                   "| | integer | age | Y | |\n| | text | z | Z | ${age} > 1 |\n| | end repeat | | | |\n",
                   encoding="utf-8")
    p = run("--lang", "en", "forms", "check", str(bad))
    assert p.returncode == 1
    assert "survey:7:" in p.stdout + p.stderr and "(rows 3, 6)" in p.stdout + p.stderr, p.stdout + p.stderr
