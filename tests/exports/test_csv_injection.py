"""CSV injection (issue 16 #6): what LibreOffice really evaluates when it opens an exported CSV, and the
defusing rules (OWASP's CSV-injection guidance) that keep every hostile text plain text."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from exports.tabular import _Lines, defuse

#: texts found to get through before (issue 16) and their neighbours
HOSTILE = ["=1+1", " =1+1", "\n=1+1", "\uff1d1+1", ";=1+1", '"=1+1', "\t=1+1", "\r=1+1", "+1+1", "@SUM(1+1)",
           "a;=1+1", "a,=1+1", "a\t=1+1", "  =1+1", "\u3000=1+1", "\u00a0=1+1", "\uff0b1+1", "=1+1;",
           "x\n=1+1", "x\r\n =1+1", "|=1+1", "a| =1+1", "\ufeff=1+1", "\u200b=1+1", "=+1+1", "-1+1",
           'x;"=1+1', "=HYPERLINK(\"http://x.example\",\"Xem\")"]
#: ordinary text and numbers, which must come out exactly as they went in
PLAIN = ["-5", "-0.5", "12", "Nguyễn Văn An", "a; b", "Thôn 1, xã X", "ghi chú\ndòng hai", "'trích'"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_defused_where_a_spreadsheet_would_start_a_cell(text):
    out = defuse(text)
    assert out.startswith("'") or out[0] not in "=+-@\uff1d\uff0b\uff0d\uff20 \t\r\n\"\u3000\u00a0\ufeff\u200b"
    for sep in (";", "\t", "|", "\n", "\r"):  # after a separator another reader may split on
        for piece in out.split(sep)[1:]:
            start = piece.lstrip(" \"\u3000\u00a0\ufeff\u200b\n")[:1]
            assert start not in ("=", "+", "-", "@", "\uff1d", "\uff0b"), (text, out)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_and_numbers_are_unchanged(text):
    assert defuse(text) == text


def test_the_fast_and_the_careful_csv_writers_agree():
    rows = [[str(i), t, "x"] for i, t in enumerate(HOSTILE + PLAIN)]
    careful = "".join(_Lines().line(r) + "\r\n" for r in rows)
    assert _Lines().text(rows, 2) == careful
    assert [r[1] for r in csv.reader(io.StringIO(careful, newline=""))] == [defuse(t) for t in HOSTILE + PLAIN]


#: LibreOffice's CSV import options (field separators, quote, UTF-8, first line, …, trim spaces, …,
#: evaluate formulas): comma as written, and the separators a person may choose in its import dialog
_OPTIONS = {"comma": "44,34,76,1",
            "any separator, trimmed": "44/59/9/124,34,76,1,,0,false,true,false,false,true,false,true",
            "semicolon": "59,34,76,1,,0,false,true,false,false,true,false,true",
            "tab": "9,34,76,1,,0,false,true,false,false,true,false,true",
            "bar": "124,34,76,1,,0,false,true,false,false,true,false,true"}


def _evaluated(tmp_path, rows: list[list[str]], name: str) -> dict[str, list[list[str]]]:
    """The cells LibreOffice shows for a CSV of ``rows`` written as the export writes it, by options."""
    src = tmp_path / f"{name}.csv"
    src.write_text("\ufeff" + _Lines().text(rows, len(rows[0]) - 1), encoding="utf-8", newline="")
    out = {}
    for label, opts in _OPTIONS.items():
        dest = tmp_path / label.replace(" ", "_").replace(",", "")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                        f"--infilter=CSV:{opts}", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                        "--outdir", str(dest), str(src)], check=True, capture_output=True, timeout=120)
        with open(dest / f"{name}.csv", encoding="utf-8", newline="") as fh:
            out[label] = list(csv.reader(fh))
    return out


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (Debian: libreoffice-calc-nogui) is not installed: what it evaluates "
                           "cannot be checked here")
def test_libreoffice_evaluates_none_of_the_exported_texts(tmp_path, monkeypatch):
    rows = [[str(i), t, "x"] for i, t in enumerate(HOSTILE, 100)]  # no row number reads as 2
    # the check can fail: without defusing, LibreOffice runs some of these texts
    monkeypatch.setattr("exports.tabular.defuse", lambda v: v)
    raw = _evaluated(tmp_path, rows, "raw")
    assert ["100", "2", "x"] in raw["comma"]
    assert any(c == "2" or c.startswith("Err:") for r in raw["semicolon"] for c in r)
    monkeypatch.undo()
    for label, cells in _evaluated(tmp_path, rows, "defused").items():
        shown = [c for r in cells for c in r[1:]] if label == "comma" else [c for r in cells for c in r]
        assert not [c for c in shown if c.strip() == "2" or c.startswith(("Err:", "#"))], label
        if label == "comma":
            def lines(t: str) -> str:
                return t.replace("\r\n", "\n").replace("\r", "\n")  # LibreOffice writes \n for each break

            assert [lines(r[1]) for r in cells] == [lines(defuse(t)) for t in HOSTILE]  # each text whole
