"""Differential conformance of the XLSForm types beyond text, numbers, dates and choices (issue 12 part A):
our engine against ODK's own (@getodk/xforms-engine) on random answers, as in test_differential.py.

The answers are what the entry screen stores for each type (ui/fmt.py): a media answer the attached
file's name (ODK's harness gives its upload question a File of that name), a time ``HH:MM:SS.000+07:00``, a
dateTime in ISO with its offset, a point ``lat lon 0 0``, a line or an area of such points separated by
``;`` (an area closed), a range value on its steps, a rank of every choice, a barcode's digits, "OK" for
a trigger. Both engines must agree on relevance, required and constraint violations and every value,
calculations reading these types included. Numbers are compared as numbers, token by token in a point
list: ODK writes ``21.0 105.0 0.0 0.0`` where the screen stores ``21 105 0 0`` (docs/odk-conformance.md).

Also every corpus form that loads (../shared/corpus/pyxform-examples, see tests/forms/test_corpus.py)
is answered at random in both engines, ``begin loop`` forms and forms that share names included: the
harness is given the application's keys (``keys_of``) where they are not the names.
"""

from __future__ import annotations

import math
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from forms import check_form, load_form
from forms.engine import FormSession
from forms.model import MEDIA_TYPES, META_TYPES
from tests.odk.harness import keys_of, odk_available, run_odk, run_odk_many
from tests.odk.test_differential import TODAY, _flat, _value_for, compare, ours

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "pyxform-examples"
_required = os.environ.get("ODK_HARNESS_REQUIRED") == "1"

pytestmark = [
    pytest.mark.odk,
    pytest.mark.skipif(not odk_available() and not _required,
                       reason="node or tests/odk/node_modules missing (run tests/odk/install.sh)"),
]

TYPES_FORM = """
| survey |
| | type | name | label | parameters | relevant | constraint | required | calculation | default |
| | time | t | Start time | | | | yes | | |
| | date time | dt | Visit | | | | | | |
| | range | score | Score | start=0 end=10 step=2 | | . != 8 | | | |
| | range | share | Share | start=0 end=1 step=0.25 | ${score} >= 4 | | yes | | |
| | rank fruit | order | Order | | | | | | |
| | barcode | code | Code | | | string-length(.) = 13 | | | |
| | gps | where | Where | | | | | | |
| | geotrace | path | Path | | ${where} != '' | | | | |
| | geoshape | plot | Plot | | | | | | |
| | trigger | ack | Read it | | | | yes | | |
| | hidden | batch | | | | | | | B7 |
| | select one from fruit | fav | Favourite | | | | | | |
| | select all that apply from fruit or specify other | some | Some | | | | | | |
| | calculate | first_ranked | | | | | | selected-at(${order}, 0) | |
| | calculate | n_ranked | | | | | | count-selected(${order}) | |
| | calculate | double | | | | | | ${score} * 2 + ${share} | |
| | calculate | both | | | | | | concat(${code}, '/', ${batch}, '/', ${ack}) | |
| | integer | after | After | | ${score} > 2 and ${ack} = 'OK' | | | | |
| | image | photo | Photo | | | | | | |
| | file | doc | Document | | ${photo} != '' | | | | |
| | audio | voice | Voice | | | | ${doc} != '' | | |
| | video | clip | Clip | | | substring-after(., '.') = 'mp4' | | | |
| | osm building | bldg | Building | | string-length(${photo}) > 0 | | | | |
| | calculate | files | | | | | | concat(${photo}, ',', ${doc}, ',', ${bldg}) | |
| osm |
| | list_name | name | label |
| | building | building:levels | Levels |
| choices |
| | list_name | name | label |
| | fruit | mango | Mango |
| | fruit | lychee | Lychee |
| | fruit | longan | Longan |
| settings |
| | form_id | version |
| | types | 1 |
"""

TIMES = ["07:30:00.000+07:00", "14:05:09.000+07:00", "23:59:00.000+07:00", "00:00:00.000+07:00"]
MEDIA_EXT = {"image": ".jpg", "audio": ".m4a", "video": ".mp4", "file": ".pdf", "osm": ".osm"}
POINTS = [(21.0285, 105.8542), (21.03, 105.86), (10.7769, 106.7009), (-33.5, 151.25), (16, 108)]


def _point(p) -> str:
    return f"{p[0]} {p[1]} 0 0"


def _type_value(s: FormSession, path: str, e, rng: random.Random):
    """What the entry screen stores for the types of issue 12 part A; the rest as test_differential does."""
    t = e.type
    if t == "time":
        return rng.choice(TIMES)
    if t == "datetime":
        return rng.choice(["2025-11-20", "2025-07-01"]) + "T" + rng.choice(TIMES)
    if t == "range":
        from forms.engine import range_bounds

        start, end, step = range_bounds(e)
        n = int(abs((end - start) / step))
        v = start + step * rng.randint(0, n)
        return format(v.normalize(), "f")
    if t == "rank":
        names = [c.name for c in s.choices(path)]
        rng.shuffle(names)
        return " ".join(names)
    if t == "barcode":
        return rng.choice(["8934567890123", "12345"])
    if t == "geopoint":
        return _point(rng.choice(POINTS))
    if t == "geotrace":
        return ";".join(_point(p) for p in rng.sample(POINTS, rng.randint(2, 4)))
    if t == "geoshape":
        pts = rng.sample(POINTS, rng.randint(3, 4))
        return ";".join(_point(p) for p in pts + pts[:1])
    if t in MEDIA_TYPES:  # the attached file's name, as ODK Collect names a capture
        ext = ".png" if any(a in e.appearance for a in ("signature", "draw", "annotate")) else MEDIA_EXT[t]
        return f"{1712345678901 + rng.randint(0, 99999)}{ext}"
    return _value_for(s, path, e, rng)


def random_answers(form, rng: random.Random, today: str = TODAY) -> dict:
    """As test_differential.random_answers: in order, only what is relevant when reached, each question
    once; repeats get 0–3 instances."""
    s = FormSession(form, today=today)
    s.start({})
    done: set[str] = set()
    # a question a repeat count reads gets a small count (a random 32-bit integer would ask both engines
    # for millions of instances: UCL_Biomass's plot count)
    counts = {dep for rep in form.repeats if rep.binds.repeat_count is not None
              for dep, _depth in rep.binds.repeat_count.deps}
    while True:
        todo = [p for p in s.question_paths() if p not in done]
        if not todo:
            break
        path = todo[0]
        done.add(path)
        e = s.element(path)
        if not e.is_input or not s.is_relevant(path) or s.is_read_only(path) or rng.random() < 0.08:
            continue
        value = str(rng.randint(0, 6)) if e.name in counts else _type_value(s, path, e, rng)
        if value is not None:
            s.set_value(path, value)
        for rep in form.repeats:
            if rep.binds.repeat_count is None and not rep.repeats and rep.name not in done:
                done.add(rep.name)
                for _ in range(rng.randint(0, 3)):
                    path, _changes = s.add_repeat(rep.name)
                    if not s.is_relevant(path):  # a repeat not shown: an enumerator cannot add to it
                        s.remove_repeat(path)
                        break
    answers = s.to_answers()
    for name in [k for k in answers if (e := form.get(k)) is not None and e.type == "calculate"]:
        del answers[name]  # computed by both engines (and meta/instanceName is not a question to answer)
    for rep in form.repeats:  # no instance: say so, or ODK keeps the one its XForm starts with
        if rep.binds.repeat_count is None and not rep.repeats:
            answers.setdefault(rep.name, [])
    return answers


def _as_numbers(v):
    """'21.0 105.0 0.0 0.0;…' and '21 105 0 0;…' alike: the numbers of a point list, else the text."""
    if not isinstance(v, str) or not v.strip():
        return v
    try:
        nums = tuple(round(float(x), 9) for x in v.replace(";", " ").split())
    except ValueError:
        return v
    return nums if len(nums) > 1 and all(math.isfinite(x) for x in nums) else v


def _without_metadata(form, result: dict) -> dict:
    """Metadata (start, deviceid, email, …) is filled by each application at its own time and place."""
    meta = {e.name for e in form.elements if e.type in META_TYPES or e.parent == "meta"}  # + meta/instanceName

    def strip(values):
        out = {}
        for k, v in values.items():
            if k in meta:
                continue
            if isinstance(v, list):
                out[k] = [strip(x) for x in v]
            else:
                out[k] = _as_numbers(v)
        return out

    return {**result, "values": strip(result["values"]),
            "hidden": [p for p in result["hidden"] if p.rsplit(".", 1)[-1].split("[")[0] not in meta]}


def _without_instances_of_hidden_repeats(form, result: dict) -> dict:
    """Named rule (docs/odk-conformance.md §7, "instances of a repeat that is not relevant"): where a
    repeat is not relevant, ODK's engine keeps the instance its XForm starts with (it can neither add nor
    remove instances there) while the application keeps the instances the answers give; every question
    in them is hidden in both and stores nothing, so such instances are left out of the comparison."""
    top = {r.name for r in form.repeats}  # a nested repeat's paths start with its outer repeat's name
    hidden = set(result.get("hidden", []))
    paths = set(_flat(result.get("values", {}))) | hidden
    dead = {r for r in top if any(p.startswith(f"{r}[") for p in paths)
            and all(p in hidden for p in paths if p.startswith(f"{r}["))}
    out = dict(result)
    out["hidden"] = [p for p in result.get("hidden", []) if p.split("[", 1)[0] not in dead]
    return out


def check(form, answer_sets, theirs_list):
    for answers, theirs in zip(answer_sets, theirs_list, strict=True):
        assert theirs["error"] is None, theirs["error"]
        mine = _without_instances_of_hidden_repeats(form, _without_metadata(form, ours(form, answers)))
        theirs = _without_instances_of_hidden_repeats(form, _without_metadata(form, theirs))
        compare(form, answers, mine, theirs)


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # a failure names its seed; no slow shrinking
@given(seeds=st.lists(st.integers(0, 2**32 - 1), min_size=30, max_size=30, unique=True))
def test_new_types_agree_with_odk(seeds):
    form = load_form(TYPES_FORM.strip() + "\n")
    answer_sets = [random_answers(form, random.Random(seed)) for seed in seeds]
    check(form, answer_sets, run_odk(form.xform, [{"answers": a} for a in answer_sets], today=TODAY))


def test_the_random_answers_reach_every_new_type():
    form = load_form(TYPES_FORM.strip() + "\n")
    answered = set()
    for seed in range(15):
        answered |= set(random_answers(form, random.Random(seed)))
    assert {"t", "dt", "score", "share", "order", "code", "where", "path", "plot", "ack", "after",
            "photo", "doc", "voice", "clip", "bldg"} <= answered


def _corpus_forms():
    if not CORPUS.is_dir():
        return []
    out = []
    for p in sorted(CORPUS.iterdir()):
        if p.suffix.lower() not in (".xls", ".xlsx", ".md"):
            continue
        form, _problems = check_form(p)
        if form is not None:
            out.append((p.name, form))
    return out


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus of public XLSForms is not here: {CORPUS}")
def test_corpus_forms_that_load_agree_with_odk():
    forms = _corpus_forms()
    assert len(forms) >= 30
    sets = [[random_answers(form, random.Random(seed)) for seed in range(8)] for _name, form in forms]
    results = run_odk_many([(form.xform, [{"answers": a} for a in answers], TODAY, None, keys_of(form))
                            for (_name, form), answers in zip(forms, sets, strict=True)])
    failed = {}
    for (name, form), answers, theirs in zip(forms, sets, results, strict=True):
        try:
            check(form, answers, theirs)
        except AssertionError as err:
            failed[name] = str(err)
    # known and not fixed yet: remove a name here once its form agrees (this fails until then)
    assert set(failed) == set(KNOWN_DISAGREEMENTS), "\n\n".join(f"{n}: {e}" for n, e in failed.items())


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus of public XLSForms is not here: {CORPUS}")
def test_the_corpus_answers_reach_media_questions_and_flat_groups():
    """The random answers of the corpus comparison answer media questions (file names, osm included) and
    the questions inside the groups of a ``flat`` form (which have no node of their own)."""
    forms = dict(_corpus_forms())
    answered: set[str] = set()
    for form in forms.values():
        for seed in range(8):
            for path in _flat(random_answers(form, random.Random(seed))):
                answered.add(form[path.rsplit(".", 1)[-1].split("[")[0]].type)
    assert {"image", "audio", "video", "osm"} <= answered
    flat = forms["example_xls__flat_xlsform_test.xlsx"]
    inside = {e.name for e in flat.elements if e.parent in {g.name for g in flat.elements if g.flat}}
    reached = set().union(*(_flat(random_answers(flat, random.Random(seed))) for seed in range(8)))
    assert len(inside & reached) > 10


#: corpus forms that load but do not agree with ODK yet, and why (docs/odk-conformance.md §7): none
KNOWN_DISAGREEMENTS: dict[str, str] = {}
