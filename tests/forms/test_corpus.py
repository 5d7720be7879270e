"""``forms check`` on the public XLSForms of the pyxform project (``../shared/corpus/pyxform-examples``):
each file loads, or is refused with one message per feature the application does not support, naming the
feature and its rows (issue 12, "Proof").

Load rate: 52 of the 52 files (100 %) — up from 18 (34.6 %) before every type and alias pyxform knows
was read (issue 12 part A), 40 before external data were read (part C: select_one_from_file,
select_one_external, pulldata(); pull_data's fruits.csv is absent and is listed, not refused), 44
before media questions loaded (part D) and 48 before an ``osm`` question became a media question taking
an .osm file (3 files) and an ``instance_name`` naming no question was read as ODK reads it (empty,
with a warning naming the settings sheet and column). The test prints the rate (``pytest -s``).

The check runs :func:`forms.check_form`, the code path of ``python main.py forms check`` (cli/forms_cmd.py);
one file also goes through the command line itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from forms import ErrorCode, check_form

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "pyxform-examples"
FILES = sorted(p.name for p in CORPUS.glob("*") if p.suffix.lower() in (".xls", ".xlsx", ".md")) \
    if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason=f"the corpus of public XLSForms is not here: {CORPUS} "
                                                  "(a checkout of the project without ../shared/corpus)")

#: the files refused, and the features each is refused for (forms/qtypes.py FEATURES): none any more
REFUSED: dict[str, set[str]] = {}
#: files with a problem of their own (not an unsupported feature): the one line expected
FORM_PROBLEMS: dict[str, str] = {}
#: files that load with a warning of their own (FormDef.notices): the start of each line
NOTICES = {
    "bug_example_xls__xl_date_ambiguous_v1.xlsx": [
        "survey:6: Question 'current_date' (date) has the default '1900-01-01 00:00:00' in column 'default', "
        "which is not a valid value of its type, so ODK and the application ignore it",
        "settings:2: Column 'instance_name' holds 'XLDateAmbiguous-v1': that is no question's name"],
    **{f"example_xls__case_insensitivity.{ext}": ["entities:2: The 'entities' sheet (ODK Central entities) is "
                                                  "ignored"] for ext in ("md", "xls", "xlsx")},
}
FEATURE_CODES = (ErrorCode.FEATURE_NOT_YET, ErrorCode.FEATURE_NOT_ON_LAPTOP)


@pytest.mark.parametrize("name", FILES)
def test_each_corpus_form_loads_or_is_refused_with_one_message_per_feature(name):
    form, problems = check_form(CORPUS / name)
    lines = [p.line("en") for p in problems]
    if name in FORM_PROBLEMS:
        assert len(lines) == 1 and lines[0].startswith(FORM_PROBLEMS[name]), lines
        return
    if name not in REFUSED:
        assert form is not None, lines
        assert any(e.name != "meta" and e.parent != "meta" for e in form.elements)  # its questions are there
        notices = [n.line("en") for n in form.notices]
        want = NOTICES.get(name, [])
        assert len(notices) == len(want) and all(n.startswith(w) for n, w in zip(notices, want, strict=True)), notices
        return
    assert form is None
    assert all(p.code in FEATURE_CODES for p in problems), lines  # nothing but the refused features
    assert {p.context["key"] for p in problems} == REFUSED[name]
    assert len(problems) == len(REFUSED[name]), lines  # one message per feature
    for p in problems:
        assert p.sheet == "survey" and p.row and f"row {p.row} '" in p.message("en"), p.line("en")
        assert f"dòng {p.row} '" in p.message("vi")


def test_the_load_rate_is_recorded():
    loaded = [n for n in FILES if check_form(CORPUS / n)[0] is not None]
    rate = len(loaded) / len(FILES)
    print(f"\ncorpus load rate: {len(loaded)} of {len(FILES)} ({rate:.1%}); issue 12's target: 95 %")
    assert set(FILES) - set(loaded) == set(REFUSED) | set(FORM_PROBLEMS)
    assert rate >= 0.95


def test_a_form_whose_attachment_is_absent_loads_and_lists_it():
    """pull_data reads fruits.csv, which the corpus does not hold: the form loads, the file is listed."""
    form, problems = check_form(CORPUS / "example_xls__pull_data.xlsx")
    assert problems == [] and form is not None
    assert form.needs == ("fruits.csv",) and form.missing_attachments == ("fruits.csv",)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([sys.executable, "main.py", "--lang", "en", "forms", "check",
                        str(CORPUS / "example_xls__pull_data.xlsx")], capture_output=True, text=True, cwd=ROOT,
                       env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "Needs attachment fruits.csv: not found beside the form." in p.stdout.splitlines()[-1]


def test_select_one_external_reads_the_external_choices_sheet():
    form, problems = check_form(CORPUS / "example_xls__choice_name_as_type.xls")
    assert problems == [] and form is not None
    external = [e for e in form.elements if e.list_name and e.list_name in form.list_instances]
    assert external and all(form.choices[e.list_name] for e in external)
    assert form.needs == ()  # the form's own external_choices sheet: no itemsets.csv to bring


def test_the_osm_corpus_form_through_the_command_line():
    """An ``osm`` question is a media question taking an .osm file; its tags (the osm sheet) are kept to
    be shown; the entities sheet is ignored with a warning naming it."""
    form, _problems = check_form(CORPUS / "example_xls__case_insensitivity.md")
    assert form is not None and form["q3"].type == "osm"
    assert [(k, dict(v)) for k, v in form["q3"].tags] == [("n1-o", {"default": "l1-o"}),
                                                          ("n2-o", {"default": "l2-o"})]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([sys.executable, "main.py", "--lang", "en", "forms", "check",
                        str(CORPUS / "example_xls__case_insensitivity.md")], capture_output=True, text=True,
                       cwd=ROOT, env=env, timeout=120)
    assert p.returncode == 0 and not p.stderr, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].startswith("Valid: ") and "3 questions" in lines[0]
    assert lines[1].startswith("Warning: entities:2: The 'entities' sheet (ODK Central entities) is ignored: "
                               "this form's records do not create or update entities on ODK Central.")
