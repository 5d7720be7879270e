"""PDF questionnaires: a blank paper form from any XLSForm, and filled ones for records.

Blank: numbered questions (the number at the start of a label such as ``A31.`` is used; otherwise
section.question), boxes for choices, write-in lines, and *skip instructions* derived from the
relevance expressions: for every choice of a ``select_one`` the questions that follow are checked
with three-valued logic (that answer known, every other answer unknown); when the next question(s)
can no longer apply, the choice gets "→ go to <first question that still may apply>" (or "end the
interview"). Other conditions are printed under the question ("Ask only if: A33 = Có").

Filled: only the questions that applied and were answered (``records.data``), answers with their
choice labels, each repeat as a table (one column per instance), enumerator and respondent
signature lines, and in the footer the record id and a short checksum (the first 10 characters of
the record's content hash, which the store recomputes from the answers: a paper copy can be
matched to the database).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from exports.errors import ExportCode, ExportError
from exports.pdfbase import (
    COND,
    esc,
    fmt_answer_number,
    fmt_date,
    fmt_datetime,
    register_fonts,
    status_text,
    styles,
    tr,
    write_atomic,
)
from forms.model import MEDIA_TYPES, META_TYPES
from models.base.errors import Cancelled, os_error
from models.base.progress import Progress

if TYPE_CHECKING:
    from models.store.database import Store

_NUM = re.compile(r"^\s*([A-Z]{0,3}\d+(?:\.\d+)*[a-z]?)[.)]\s+")
#: not on paper: calculations, hidden fields and metadata (start, deviceid, email, audit, …)
_SKIP_TYPES = {"calculate", "hidden", *META_TYPES}
log = logging.getLogger("khaosat")
MAX_LISTED_CHOICES = 30  # longer lists (communes, industries) get a write-in line on paper
UNKNOWN = None


# ---------------------------------------------------------------------------------------- numbering


def question_numbers(form, lang: str | None = None) -> dict[str, str]:
    """element name -> number shown on paper (from the label, else <section>.<n>)."""
    nums: dict[str, str] = {}
    section = 0
    counters: dict[str | None, int] = {}
    for e in form.elements:
        if e.type in _SKIP_TYPES:
            continue
        label = form.text(e.labels, lang) if e.labels else ""
        m = _NUM.match(label or "")
        if e.is_container:
            if e.parent is None:
                section += 1
            nums[e.name] = m.group(1) if m else str(section if e.parent is None else "")
            counters[e.name] = 0
            continue
        if e.type == "note" and not m:
            continue
        top = _top_container(form, e)
        counters[top] = counters.get(top, 0) + 1
        if m:
            nums[e.name] = m.group(1)
        elif top is None:  # a question outside any group numbers like a section
            section += 1
            nums[e.name] = str(section)
        else:
            nums[e.name] = f"{nums.get(top) or section}.{counters[top]}"
    return nums


def _top_container(form, e) -> str | None:
    p = e.parent
    top = None
    while p is not None:
        top = p
        p = form[p].parent
    return top


def strip_number(label: str) -> str:
    return _NUM.sub("", label or "", count=1)


# ---------------------------------------------------------------------------------------- skip logic


def _relevance_chain(form, e) -> list[str]:
    """The relevance expressions (``${}`` source text) of an element and its containers."""
    out = []
    cur = e
    while cur is not None:
        rel = cur.binds.relevant
        if rel is not None and getattr(rel, "source", None):
            out.append(rel.source)
        cur = form[cur.parent] if cur.parent else None
    return out


def _tri(node, known: Mapping[str, str]):
    """Three-valued evaluation: True, False or None (unknown) given some answers."""
    from forms import xpath as X

    if isinstance(node, X.Ref):
        return ("s", known[node.name]) if node.name in known else UNKNOWN
    if isinstance(node, X.Literal):
        return ("s", node.value)
    if isinstance(node, X.Number):
        return ("n", float(node.text))
    if isinstance(node, X.Call):
        if node.name == "true":
            return ("b", True)
        if node.name == "false":
            return ("b", False)
        if node.name == "not":
            v = _truth(_tri(node.args[0], known))
            return UNKNOWN if v is None else ("b", not v)
        if node.name == "selected" and len(node.args) == 2:
            a, b = _tri(node.args[0], known), _tri(node.args[1], known)
            if a is None or b is None:
                return UNKNOWN
            return ("b", str(b[1]) in str(a[1]).split())
        return UNKNOWN
    if isinstance(node, X.Binary):
        if node.op in ("and", "or"):
            a, b = _truth(_tri(node.left, known)), _truth(_tri(node.right, known))
            if node.op == "and":
                if a is False or b is False:
                    return ("b", False)
                return ("b", True) if a and b else UNKNOWN
            if a is True or b is True:
                return ("b", True)
            return ("b", False) if a is False and b is False else UNKNOWN
        if node.op in ("=", "!=", "<", "<=", ">", ">="):
            a, b = _tri(node.left, known), _tri(node.right, known)
            if a is None or b is None:
                return UNKNOWN
            if a[0] == "s" and b[0] == "s" and node.op in ("=", "!="):
                res = a[1] == b[1]
                return ("b", res if node.op == "=" else not res)
            try:
                x, y = float(a[1]), float(b[1])
            except (TypeError, ValueError):
                return ("b", node.op == "!=")
            return ("b", {"=": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[node.op])
    return UNKNOWN


def _truth(v):
    if v is None:
        return None
    kind, x = v
    if kind == "b":
        return bool(x)
    if kind == "n":
        return x != 0
    return x != ""


def may_apply(form, e, known: Mapping[str, str]) -> bool:
    """False only when the element's relevance is certainly false given ``known`` answers."""
    from forms import xpath as X

    for src in _relevance_chain(form, e):
        try:
            ast = _parse_keyed(form, src)
        except X.XPathSyntaxError:
            continue
        if _truth(_tri(ast, known)) is False:
            return False
    return True


def skip_instructions(form, nums: Mapping[str, str], lang: str | None = None) -> dict[tuple[str, str], str]:
    """(question, choice) -> "→ go to N" for select_one choices that skip what follows."""
    out: dict[tuple[str, str], str] = {}
    elems = [e for e in form.elements if not e.is_container and e.type not in _SKIP_TYPES]
    for i, q in enumerate(elems):
        if q.type != "select_one" or len(form.choices.get(q.list_name, ())) > MAX_LISTED_CHOICES:
            continue
        following = [e for e in elems[i + 1:] if e.repeats[: len(q.repeats)] == q.repeats]
        following = [e for e in following if e.type != "note" or e.name in nums]
        if not following:
            continue
        for c in form.choices.get(q.list_name, ()):
            known = {q.name: c.name}
            if may_apply(form, following[0], known):
                continue
            target = None
            for e in following:  # a question that cannot apply is blank for what comes after it
                if may_apply(form, e, known):
                    target = e
                    break
                known[e.name] = ""
            if target is None or target.type == "note" and target.name not in nums:
                out[(q.name, c.name)] = tr("end_interview", _code(lang))
            else:
                label = nums.get(target.name) or nums.get(target.parent or "", "")
                out[(q.name, c.name)] = tr("go_to", _code(lang)).format(label) if label else \
                    tr("end_interview", _code(lang))
    return out


def _code(lang: str | None) -> str:
    return "en" if lang and lang.lower().startswith("en") or (lang or "").endswith("(en)") else "vi"


#: words of a condition in print: (Vietnamese, English)
_WORDS = {
    "and": ("và", "and"), "or": ("hoặc", "or"), "not": ("không phải", "not"),
    "selected": ("có chọn", "includes"), "not_selected": ("không chọn", "does not include"),
    "blank": ("bỏ trống", "is blank"), "answered": ("đã trả lời", "is answered"),
    "count": ("số phương án chọn ở {}", "number of options ticked in {}"),
    "length": ("số ký tự của {}", "length of {}"), "year": ("năm của {}", "year of {}"),
    "coalesce": ("{} (nếu trống: {})", "{} ({} if blank)"),
    "computed": ("giá trị tính từ {}", "a value computed from {}"),
    "computed_plain": ("một giá trị tính toán", "a computed value"),
}
#: binding strength of XPath operators: a weaker operand is printed in parentheses
_PREC = {"or": 1, "and": 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "div": 6,
         "mod": 6}
_SYMBOL = {"!=": "≠", "<=": "≤", ">=": "≥", "-": "−", "*": "×", "div": "÷"}


def describe_condition(form, source: str, nums: Mapping[str, str], lang: str | None) -> str:
    """A relevance expression in words, with the question numbers printed on paper:
    ``A33 = “Có”``, ``A35 có chọn “Cáp quang”``, ``(A11 = “…” hoặc A15 = “G”) và A42 = “Có”``.

    Grouping is kept (a weaker operator inside a stronger one is parenthesised), ``and``/``or``/
    ``not`` are words of the reader's language, and a calculated field is replaced by what it
    computes from the questions (``${m_age}`` → ``(năm của B02 − M04)``; a 1/0 flag ``if(c, 1, 0)``
    compared with 1 becomes ``c`` itself), so no internal name or raw XPath reaches paper."""
    from forms import xpath as X

    try:
        ast = _parse_keyed(form, source)
    except X.XPathSyntaxError:
        return source
    code = _code(lang)

    def w(key: str) -> str:
        return _WORDS[key][code == "en"]

    def calc_of(node):
        """The parsed calculation of a calculated field, or None."""
        if not isinstance(node, X.Ref):
            return None
        e = form.get(node.name)
        if e is None or e.type != "calculate" or e.binds.calculation is None:
            return None
        try:
            return _parse_keyed(form, e.binds.calculation.source)
        except (X.XPathSyntaxError, AttributeError, TypeError):
            return None

    def flag_condition(node):
        """``if(c, 1, 0)`` (or ``if(c, 0, 1)``) → (c, True/False); else None."""
        if isinstance(node, X.Call) and node.name == "if" and len(node.args) == 3:
            a, b = node.args[1], node.args[2]
            if isinstance(a, X.Number | X.Literal) and isinstance(b, X.Number | X.Literal):
                av = a.text if isinstance(a, X.Number) else a.value
                bv = b.text if isinstance(b, X.Number) else b.value
                if (av, bv) == ("1", "0"):
                    return node.args[0], True
                if (av, bv) == ("0", "1"):
                    return node.args[0], False
        return None

    def refs_in(node, seen: set) -> list[str]:
        """The printed numbers of the questions an expression reads (through calculated fields)."""
        out: list[str] = []

        def walk(n):
            if isinstance(n, X.Ref):
                if n.name in seen:
                    return
                seen.add(n.name)
                inner = calc_of(n)
                if inner is not None:
                    walk(inner)
                elif nums.get(n.name):
                    out.append(nums[n.name])
                return
            for child in _children(n):
                walk(child)

        walk(node)
        return list(dict.fromkeys(out))

    def ref_text(node, depth: int) -> tuple[str, int]:
        inner = calc_of(node)
        if inner is None:
            return nums.get(node.name) or _humanize(node.name), 9
        if depth > 3:
            found = refs_in(inner, {node.name})
            return (w("computed").format(", ".join(found)) if found else w("computed_plain")), 9
        text, prec = go(inner, depth + 1)
        return (f"({text})" if prec < 9 else text), 9  # a computed value reads as one term

    def choice_text(node, other) -> str:
        name = other.name if isinstance(other, X.Ref) else None
        e = form.get(name) if name else None
        if e is not None and e.list_name:
            label = form.choice_label(e.list_name, node.value, lang)
            if label:
                return f"“{_clean(label)}”"
        if re.fullmatch(r"-?\d+(\.\d+)?", node.value):
            return node.value
        return f"“{node.value}”"

    def wrap(part: tuple[str, int], need: int) -> str:
        text, prec = part
        return f"({text})" if prec < need else text

    def compare(node, depth: int) -> tuple[str, int]:
        op, left, right = node.op, node.left, node.right
        if isinstance(left, X.Literal | X.Number) and not isinstance(right, X.Literal | X.Number):
            left, right = right, left
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        if isinstance(right, X.Literal) and right.value == "" and op in ("=", "!="):
            return f"{wrap(go(left, depth), 5)} {w('blank' if op == '=' else 'answered')}", 3
        # a 1/0 flag computed from a condition: "agri = 1" is the condition itself
        inner = calc_of(left)
        flag = flag_condition(inner) if inner is not None and depth <= 3 else None
        if flag is not None and isinstance(right, X.Number | X.Literal) and op in ("=", "!="):
            value = right.text if isinstance(right, X.Number) else right.value
            if value in ("0", "1"):
                cond, when_one = flag
                positive = (value == "1") == when_one
                if op == "!=":
                    positive = not positive
                text = go(cond, depth + 1)
                return text if positive else (f"{w('not')} ({text[0]})", 8)
        sym = _SYMBOL.get(op, op)
        lhs = wrap(go(left, depth), _PREC[op] + 1)
        rhs = choice_text(right, left) if isinstance(right, X.Literal) else wrap(go(right, depth), _PREC[op] + 1)
        return f"{lhs} {sym} {rhs}", _PREC[op]

    def go(node, depth: int = 0) -> tuple[str, int]:
        """(text, binding strength) of a node."""
        if isinstance(node, X.Binary):
            if node.op in ("and", "or"):
                p = _PREC[node.op]
                return f"{wrap(go(node.left, depth), p)} {w(node.op)} {wrap(go(node.right, depth), p)}", p
            if node.op in ("=", "!=", "<", "<=", ">", ">="):
                return compare(node, depth)
            if node.op in _PREC:
                p = _PREC[node.op]
                sym = _SYMBOL.get(node.op, node.op)
                return f"{wrap(go(node.left, depth), p)} {sym} {wrap(go(node.right, depth), p + 1)}", p
        if isinstance(node, X.Neg):
            return f"−{wrap(go(node.operand, depth), 7)}", 7
        if isinstance(node, X.Ref):
            return ref_text(node, depth)
        if isinstance(node, X.Literal):
            return f"“{node.value}”", 9
        if isinstance(node, X.Number):
            return node.text, 9
        if isinstance(node, X.Call):
            args = node.args
            if node.name == "selected" and len(args) == 2 and isinstance(args[1], X.Literal):
                return f"{wrap(go(args[0], depth), 5)} {w('selected')} {choice_text(args[1], args[0])}", 3
            if node.name == "not" and len(args) == 1:
                a = args[0]
                if (isinstance(a, X.Call) and a.name == "selected" and len(a.args) == 2
                        and isinstance(a.args[1], X.Literal)):
                    return f"{wrap(go(a.args[0], depth), 5)} {w('not_selected')} {choice_text(a.args[1], a.args[0])}", 3
                return f"{w('not')} ({go(a, depth)[0]})", 8
            if node.name == "count-selected" and len(args) == 1:
                return w("count").format(wrap(go(args[0], depth), 9)), 9
            if node.name == "string-length" and len(args) == 1:
                return w("length").format(wrap(go(args[0], depth), 9)), 9
            if node.name in ("true", "false") and not args:
                return ("đúng" if node.name == "true" else "sai") if code == "vi" else node.name, 9
            if node.name in ("int", "number") and len(args) == 1:
                a = args[0]
                if isinstance(a, X.Call) and a.name == "substr" and len(a.args) == 3 and \
                        [getattr(x, "text", None) for x in a.args[1:]] == ["0", "4"]:
                    return w("year").format(wrap(go(a.args[0], depth), 9)), 9
                return go(a, depth)
            if node.name == "coalesce" and len(args) == 2:
                return w("coalesce").format(wrap(go(args[0], depth), 9), wrap(go(args[1], depth), 9)), 9
            found = refs_in(node, set())
            return (w("computed").format(", ".join(found)) if found else w("computed_plain")), 9
        found = refs_in(node, set())
        return (w("computed").format(", ".join(found)) if found else w("computed_plain")), 9

    return go(ast)[0]


def _parse_keyed(form, source: str):
    """``source`` parsed, each ``${name}`` holding the key of the element it refers to (the name,
    or the path key of a name that differs from another only in case)."""
    from forms import xpath as X

    ast = X.parse(source)
    for node in X.walk(ast):
        if isinstance(node, X.Ref):
            node.name = form.ref_key(node.name)
    return ast


def _children(node) -> list:
    from forms import xpath as X

    if isinstance(node, X.Binary):
        return [node.left, node.right]
    if isinstance(node, X.Call):
        return list(node.args)
    if isinstance(node, X.Neg):
        return [node.operand]
    if isinstance(node, X.Filter):
        return [node.primary, *node.predicates]
    if isinstance(node, X.Path):
        out = [node.base] if getattr(node, "base", None) is not None else []
        for _sep, step in node.steps:
            out += list(step.predicates)
        return out
    return []


def _humanize(name: str) -> str:
    """A name no question number stands for (a field the form does not number): readable words."""
    return name.replace("_", " ")


# ---------------------------------------------------------------------------------------- blank form


def blank_questionnaire(form, out: str, *, lang: str = "vi") -> int:
    """Write the paper version of a form. Returns the number of pages."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    st = styles()
    code = _code(lang)
    flang = form.resolve_language(lang)
    nums = question_numbers(form, flang)
    skips = skip_instructions(form, nums, flang)
    story: list[Any] = [
        Paragraph(esc(_title(form, code)), st["title"]),
        Paragraph(f"{tr('form', code)} {esc(form.form_id)} — {tr('version', code)} {esc(form.version)}",
                  st["subtitle"]),
        Paragraph(esc(tr("blank_sub", code)), st["small"]),
        Spacer(1, 6),
    ]
    repeat_members: dict[str, list] = {}
    continuations: list = []

    def refs(name: str) -> str:  # ${name} in a label: the question's number, or what is computed
        return describe_condition(form, "${" + name + "}", nums, flang)

    for e in form.elements:
        if e.type in _SKIP_TYPES:
            continue
        label = _clean(strip_number(form.text(e.labels, flang)), refs) if e.labels else ""
        cond = _own_condition(form, e, nums, flang)
        if e.is_container:
            if not label and not e.is_repeat:
                continue
            head = f"{nums.get(e.name, '')}. {label}" if nums.get(e.name) and not _NUM.match(
                form.text(e.labels, flang) or "") else (form.text(e.labels, flang) or e.name)
            story.append(Paragraph(esc(_clean(head, refs)), st["h1"]))
            if cond:
                story.append(Paragraph(esc(tr("ask_if", code).format(cond)), st["note"]))
            if e.is_repeat:
                story.append(Paragraph(esc(tr("repeat_intro", code).format(label.lower() or e.name)), st["note"]))
                repeat_members[e.name] = []
            continue
        if e.type == "note":
            story.append(Paragraph("<i>" + esc(_clean(form.text(e.labels, flang), refs)) + "</i>", st["note"]))
            continue
        num = nums.get(e.name, "")
        block = [Paragraph(f"<b>{esc(num)}.</b> {esc(_clean(label))}", st["q"])]
        hint = form.text(e.hints, flang) if e.hints else ""
        if hint:
            block.append(Paragraph(esc(_clean(hint, refs)), st["note"]))
        if cond:
            block.append(Paragraph(esc(tr("ask_if", code).format(cond)), st["note"]))
        if e.repeats:
            repeat_members.setdefault(e.repeats[-1], []).append((num, label, e))
        block += _answer_space(form, e, skips, flang, code, st, in_repeat=bool(e.repeats))
        story.append(KeepTogether(block))
        # after the last question of a repeat: the grid to fill in
        nxt = _next_element(form, e)
        if e.repeats and (nxt is None or e.repeats[-1] not in nxt.repeats):
            members = repeat_members.get(e.repeats[-1], [])
            story.append(_roster_grid(members, code, st, first=1))
            story.append(Paragraph(esc(tr("roster_more", code).format(GRID_COLUMNS, GRID_COLUMNS + 1)), st["note"]))
            continuations.append((e.repeats[-1], members))
    for rep_name, members in continuations:  # the continuation sheet: members 9–16 (copied as needed)
        from reportlab.platypus import PageBreak

        rep_label = _clean(strip_number(form.label(rep_name, flang) or rep_name), refs)
        story += [PageBreak(), Paragraph(esc(tr("roster_cont", code).format(rep_label)), st["h1"]),
                  Paragraph(esc(tr("roster_cont_note", code)), st["note"]),
                  _roster_grid(members, code, st, first=GRID_COLUMNS + 1)]
    # the footer names the questionnaire as a person knows it (its title and version), not by its id
    foot = f"{_title(form, code)} — {tr('version', code)} {form.version}"
    return _build(out, story, _title(form, code), lambda c, d: _footer(c, d, foot, code))


def _title(form, code: str) -> str:
    """The form's title in the document's language (an English title when the form or the
    application has one)."""
    from models.setup.form_names import title_for

    return title_for(form.form_id, form.title, code, getattr(form, "settings", None))


def _next_element(form, e):
    later = [x for x in form.elements if x.index > e.index and x.type not in _SKIP_TYPES and not x.is_container]
    return later[0] if later else None


def _own_condition(form, e, nums, flang) -> str:
    rel = e.binds.relevant
    if rel is None or not getattr(rel, "source", None):
        return ""
    return describe_condition(form, rel.source, nums, flang)


def _clean(text: str, refs=None) -> str:
    """Label text for paper: ``${x}`` becomes ``[A06]`` — ``refs(name)`` gives the question number
    (or what a calculated field computes); without ``refs``, the name — markdown bold dropped,
    whitespace collapsed."""
    text = re.sub(r"\$\{([^}]+)\}", lambda m: "[" + (refs(m.group(1)) if refs else m.group(1)) + "]", text or "")
    text = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
    return " ".join(text.split())


def _answer_space(form, e, skips, flang, code, st, *, in_repeat: bool) -> list:
    from reportlab.platypus import Paragraph

    out = []
    if e.type in ("select_one", "select_multiple"):
        items = form.choices.get(e.list_name, ())
        if len(items) > MAX_LISTED_CHOICES:
            out.append(Paragraph(esc(tr("write_in", code)) + "_" * 40, st["choice"]))
            return out
        if e.type == "select_multiple":
            out.append(Paragraph(esc(tr("select_all", code)), st["note"]))
        from forms.numbering import choice_numbers

        cells = []
        for c, number in zip(items, choice_numbers(items), strict=True):
            # The same numbers as the data-entry screen (codes when the list is coded by numbers)
            text = f"☐ {esc(number)}. {esc(_clean(form.text(c.labels, flang)))}"
            skip = skips.get((e.name, c.name))
            if skip:
                text += f" <b>{esc(skip)}</b>"
            cells.append(Paragraph(text, st["choice"]))
        out += _columns(cells, 2 if len(cells) > 4 and max(len(form.text(c.labels, flang)) for c in items) < 38 else 1)
    elif e.type in ("integer", "decimal"):
        out.append(Paragraph("|___|___|___|___|___|___|" + ("," + "___|" if e.type == "decimal" else ""),
                             st["choice"]))
    elif e.type == "date":
        out.append(Paragraph("|___|___| / |___|___| / |___|___|___|___|", st["choice"]))
    elif e.type == "acknowledge":
        out.append(Paragraph("☐ OK", st["choice"]))
    else:
        out.append(Paragraph("_" * 70, st["choice"]))
    return out


def _columns(cells: list, ncol: int) -> list:
    if ncol == 1 or len(cells) < 2:
        return cells
    from reportlab.platypus import Table, TableStyle

    rows = (len(cells) + ncol - 1) // ncol
    grid = [[cells[r + k * rows] if r + k * rows < len(cells) else "" for k in range(ncol)] for r in range(rows)]
    t = Table(grid, colWidths=[255] * ncol, hAlign="LEFT")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [t]


#: member columns of a roster grid on paper (a continuation sheet holds the next ones)
GRID_COLUMNS = 8


def _roster_grid(questions: list, code: str, st, *, first: int = 1):
    """The grid an enumerator fills in for a repeat: one row per question, its whole label wrapped
    (never cut), one column per member ``first`` … ``first + GRID_COLUMNS - 1``."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    ncols = GRID_COLUMNS
    col = 44
    head = [Paragraph(f"<b>{esc(tr('roster', code))}</b>", st["cellb"])] + [
        Paragraph(f"<b>{i}</b>", st["cellb"]) for i in range(first, first + ncols)]
    rows = [head] + [[Paragraph(f"<b>{esc(n)}</b> {esc(label)}", st["cell"])] + [""] * ncols
                     for n, label, _e in questions]
    t = Table(rows, colWidths=[523 - col * ncols] + [col] * ncols, repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("TOPPADDING", (0, 1), (-1, -1), 4), ("BOTTOMPADDING", (0, 1), (-1, -1), 4)]))
    return t


# ---------------------------------------------------------------------------------------- document


def _footer(canvas, doc, text: str, code: str) -> None:
    canvas.saveState()
    canvas.setFont(COND, 7.5)
    canvas.setFillGray(0.35)
    canvas.drawString(doc.leftMargin, 18, text)
    canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 18, tr("page", code).format(doc.page))
    canvas.restoreState()


def _build(out: str, story: list, title: str, on_page) -> int:
    """Build an A4 document; ``on_page(canvas, doc)`` draws the footer once a page's content is
    laid out (so flowables on that page, such as a record mark, have already run)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()

    class Doc(SimpleDocTemplate):
        def afterPage(self):
            on_page(self.canv, self)

    doc = Doc(str(out), pagesize=A4, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=40,
              title=title, author="Khảo sát số", creator="Khảo sát số")
    try:
        doc.build(story)
    except OSError as err:  # name the file the user chose, not the temporary ".part" beside it
        raise os_error(err, str(out).removesuffix(".part")) from None
    return doc.page


# ---------------------------------------------------------------------------------------- filled forms


@dataclass(frozen=True)
class PrintResult:
    path: str
    records: int
    pages: int


#: a table cell holds at most this many lines: a row cannot be split over pages, so a longer text
#: (a pasted note, a hostile label) is cut with "… (+N)", N the characters left out
MAX_CELL_LINES = 40
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _shorten(text: str, width: float, font_size: float) -> str:
    per_line = max(8, int(width / (font_size * 0.62)))  # a generous estimate of characters per line
    lines, used, kept = text.split("\n"), 0, []
    for line in lines:
        need = max(1, -(-len(line) // per_line))
        if used + need > MAX_CELL_LINES:
            room = max(0, (MAX_CELL_LINES - used) * per_line - 12)
            kept.append(line[:room])
            shown = "\n".join(kept)
            return f"{shown} … (+{len(text) - len(shown)})"
        kept.append(line)
        used += need
    return text


def _cell(text: str, style, width: float):
    """A table cell: a plain string when it fits on one line (cheap), else a wrapping Paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    text = _shorten(_CONTROL.sub("", text.replace("\t", " ")), width, style.fontSize)  # a tab would print as a box
    if "\n" not in text and len(text) * style.fontSize * 0.62 < width - 6 or (
            len(text) < 90 and stringWidth(text, style.fontName, style.fontSize) < width - 6):
        return text
    return Paragraph(esc(text), style)


def _answer_text(form, e, value: str, flang, code: str | None = None) -> str:
    """An answer as the reader writes it: choice labels, dd/MM/yyyy dates, times in Vietnam's time,
    numbers ``14.510`` / ``12.970,5`` in Vietnamese and ``14,510`` / ``12,970.5`` in English."""
    code = code or _code(flang)
    if e.type == "date":
        return fmt_date(value)
    if e.type == "datetime":
        return fmt_datetime(value)
    if e.type in ("integer", "decimal"):
        return fmt_answer_number(value, code)
    if e.type == "select_one" and e.list_name:
        lab = form.choice_label(e.list_name, value, flang)
        return f"{lab} [{value}]" if lab and lab != value else value
    if e.type == "select_multiple" and e.list_name:
        return "; ".join(form.choice_label(e.list_name, v, flang) or v for v in value.split())
    return value


def _fill(form, text: str, values: Mapping[str, Any], top: Mapping[str, Any]) -> str:
    def sub(m):
        key = form.ref_key(m.group(1))
        v = values.get(key, top.get(key, ""))
        return v if isinstance(v, str) and v else "…"
    return re.sub(r"\$\{([^}]+)\}", sub, text or "")


class _RecordMark:
    """A zero-size flowable that tells the page callback which record the page belongs to."""

    def __new__(cls, state: dict, footer: str):
        from reportlab.platypus.flowables import Flowable

        class Mark(Flowable):
            def wrap(self, aw, ah):
                return (0, 0)

            def draw(self):
                state["footer"] = footer
                state["first"] = self.canv.getPageNumber()

        return Mark()


def filled_story(form, rec: Mapping[str, Any], *, lang: str, commune_name: str, state: dict,
                 images: Mapping[str, bytes] | None = None) -> list:
    """One record's pages. ``images``: the bytes of its attached images by file name (a thumbnail is
    printed beside the name; another attached file shows its name and size)."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    st = styles()
    code = _code(lang)
    flang = form.resolve_language(lang)
    nums = question_numbers(form, flang)
    data = rec["data"] if isinstance(rec["data"], Mapping) else json.loads(rec["data"] or "{}")
    checksum = (rec.get("content_hash") or "")[:10]
    footer = f"{tr('record', code)} {rec['id']} · {tr('checksum', code)} {checksum}"
    story: list[Any] = [_RecordMark(state, footer),
                        Paragraph(esc(_title(form, code)), st["title"]),
                        Paragraph(esc(rec.get("label") or ""), st["h2"])]
    meta = [(tr("record", code), rec["id"]), (tr("status", code), status_text(rec.get("status", ""), code)),
            (tr("commune", code), commune_name or rec.get("commune", "")),
            (tr("village", code), rec.get("village", "")),
            (tr("enumerator", code), data.get("enum_name") or rec.get("enumerator", "")),
            (tr("modified", code), fmt_datetime(rec.get("modified_at")) + " " + tr("vn_time", code))]
    # an erasure of the respondent's personal data is said on paper as on screen: the questions are not
    # missing, they were erased (when, by whom, why)
    for e in rec.get("erasures") or ():
        meta.append((tr("erased", code), tr("erased_text", code).format(
            at=fmt_datetime(e["at"]), tz=tr("vn_time", code), user=e["user"] or "?",
            fields=", ".join(nums.get(f, f) for f in e["fields"]), reason=e["reason"])))
    mt = Table([[Paragraph(f"<b>{esc(k)}</b>", st["cell"]), Paragraph(esc(v), st["cell"])] for k, v in meta],
               colWidths=[95, 420], hAlign="LEFT")
    mt.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [mt, Spacer(1, 4)]
    media = {"files": rec.get("files") or {}, "images": images or {}}
    body = _filled_container(form, None, data, data, nums, flang, code, st, media)
    story += body or [Paragraph(esc(tr("no_answers", code)), st["note"])]
    story.append(Spacer(1, 18))
    enum = data.get("enum_name") or ""
    sig = Table([[Paragraph(f"<b>{esc(tr('enumerator', code))}</b> {esc(tr('sign_hint', code))}", st["cell"]),
                  Paragraph(f"<b>{esc(tr('respondent', code))}</b> {esc(tr('sign_hint', code))}", st["cell"])],
                 ["", ""], [Paragraph(esc(enum), st["cell"]), Paragraph("", st["cell"])]],
                colWidths=[260, 260], rowHeights=[14, 44, 14], hAlign="LEFT")
    sig.setStyle(TableStyle([("LINEBELOW", (0, 1), (-1, 1), 0.6, colors.black),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 24)]))
    story.append(sig)
    return story


def _thumbnail(data: bytes, width: float = 150, height: float = 110):
    """An image scaled to fit ``width`` × ``height`` points, or None when it cannot be read."""
    import io

    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    try:
        w, h = ImageReader(io.BytesIO(data)).getSize()
        scale = min(width / w, height / h, 1.0)
        return Image(io.BytesIO(data), width=w * scale, height=h * scale, hAlign="LEFT")
    except Exception:  # a damaged or unknown image: its name is printed instead
        log.info("filled questionnaire: an image cannot be read", exc_info=True)
        return None


def _media_cell(e, value: str, media: Mapping[str, Any] | None, st, code: str):
    """A media answer in a filled questionnaire: the image's thumbnail and its name, or the file's name
    and size."""
    from reportlab.platypus import Paragraph

    from models.records.attachments import size_text

    entry = (media or {}).get("files", {}).get(value) or {}
    caption = value + (f" ({size_text(int(entry['size']), code)})" if entry.get("size") is not None else "")
    data = (media or {}).get("images", {}).get(value)
    thumb = _thumbnail(data) if data is not None and e.type == "image" else None
    para = Paragraph(esc(caption), st["cell"])
    return [thumb, para] if thumb is not None else para


def _filled_container(form, container, values, top, nums, flang, code, st, media=None) -> list:
    from reportlab.platypus import Paragraph, Table, TableStyle

    out: list[Any] = []
    rows: list[list[Any]] = []

    def flush():
        if rows:
            t = Table(list(rows), colWidths=[34, 250, 239], hAlign="LEFT")
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("FONT", (0, 0), (0, -1), st["cellb"].fontName, st["cell"].fontSize),
                                   ("FONT", (1, 0), (1, -1), st["cell"].fontName, st["cell"].fontSize),
                                   ("FONT", (2, 0), (2, -1), st["cellb"].fontName, st["cell"].fontSize),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("LEFTPADDING", (0, 0), (-1, -1), 2)]))
            out.append(t)
            rows.clear()

    for e in form.children(container):
        if e.is_repeat:
            items = values.get(e.name)
            if isinstance(items, list) and items:
                flush()
                out.append(Paragraph(esc(_clean(form.text(e.labels, flang) or e.name)), st["h1"]))
                out += _repeat_table(form, e, items, top, nums, flang, code, st)
            continue
        if e.type == "group":
            inner = _filled_container(form, e.name, values, top, nums, flang, code, st, media)
            if inner:
                flush()
                out.append(Paragraph(esc(_clean(_fill(form, form.text(e.labels, flang), values, top)) or e.name),
                                     st["h1"]))
                out += inner
            continue
        if e.type in _SKIP_TYPES or e.type == "note":
            continue
        v = values.get(e.name)
        if not isinstance(v, str) or v == "":
            continue
        label = strip_number(_fill(form, form.text(e.labels, flang), values, top)) or e.name
        answer = _media_cell(e, v, media, st, code) if e.type in MEDIA_TYPES \
            else _cell(_answer_text(form, e, v, flang, code), st["cellb"], 239)
        rows.append([nums.get(e.name, ""), _cell(_clean(label), st["cell"], 250), answer])
    flush()
    return out


def _repeat_table(form, rep, items, top, nums, flang, code, st) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    questions = [e for e in form.elements if e.repeats and e.repeats[-1] == rep.name and not e.is_container
                 and e.type not in _SKIP_TYPES and e.type != "note"]
    out = []
    per = 4
    for start in range(0, len(items), per):
        chunk = items[start:start + per]
        head = [Paragraph("", st["cell"])] + [
            Paragraph(f"<b>{esc(tr('member', code).format(start + i + 1))}</b>", st["cellb"])
            for i in range(len(chunk))]
        rows = [head]
        for e in questions:
            vals = [it.get(e.name) if isinstance(it, Mapping) else None for it in chunk]
            if not any(isinstance(v, str) and v for v in vals):
                continue
            label = strip_number(form.text(e.labels, flang)) or e.name
            label = re.sub(r"\$\{[^}]+\}", "…", label)
            widths = [523 - 100 * len(chunk)] + [100] * len(chunk)
            rows.append([_cell(f"{nums.get(e.name, '')} {_clean(label)}", st["cell"], widths[0])] + [
                _cell(_answer_text(form, e, v, flang, code) if isinstance(v, str) and v else "—", st["cell"], 100)
                for v in vals])
        widths = [523 - 100 * len(chunk)] + [100] * len(chunk)
        t = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                               ("FONT", (0, 0), (-1, -1), st["cell"].fontName, st["cell"].fontSize),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        out += [t, Spacer(1, 4)]
    return out


def print_records(store: Store, *, out: str, record_ids: Sequence[str] | None = None, all_records: bool = False,
                  statuses: Sequence[str] | None = None, lang: str = "vi",
                  cancel: threading.Event | None = None) -> Iterator[Progress]:
    """Filled questionnaires (one after the other, each from a new page) into one PDF. A generator
    yielding progress and returning a :class:`PrintResult`."""
    from reportlab.platypus import PageBreak

    from models.exchange.erase import summary as erase_summary

    if all_records:
        from models.records.queries import record_ids_to_print

        ids = record_ids_to_print(store, statuses or ())
    else:
        ids = list(dict.fromkeys(record_ids or ()))
    if not ids:
        raise ExportError(ExportCode.PRINT_NOTHING, detail="--all" if all_records else "--record")
    for rid in ids:
        store.record(rid)  # RECORD_NOT_FOUND names the id before anything is written
    code = _code(lang)
    state: dict[str, Any] = {"footer": "", "first": 1}
    story: list[Any] = []
    names_cache: dict[tuple[str, str], dict[str, str]] = {}
    for i, rid in enumerate(ids):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if i % 20 == 0:
            yield Progress(i, len(ids), rid)
        rec = store.record(rid)
        rec["erasures"] = erase_summary(store, rid)
        form = store.form(rec["form_id"], rec["form_version"])
        key = (form.form_id, form.version)
        if key not in names_cache:
            e = form.get("commune")
            names_cache[key] = ({c.name: form.text(c.labels, form.resolve_language(lang))
                                 for c in form.choices.get(e.list_name, ())} if e is not None and e.list_name else {})
        if story:
            story.append(PageBreak())
        story += filled_story(form, rec, lang=lang, commune_name=names_cache[key].get(rec.get("commune") or "", ""),
                              state=state, images=_images_of(store, rec))
    yield Progress(len(ids), len(ids), "PDF")

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(COND, 7.5)
        canvas.setFillGray(0.35)
        canvas.drawString(doc.leftMargin, 18, state.get("footer", ""))
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 18,
                               tr("page", code).format(doc.page - state.get("first", 1) + 1))
        canvas.restoreState()

    pages = _build_atomic(out, story, tr("record", code), on_page)
    return PrintResult(str(out), len(ids), pages)


def _images_of(store: Store, rec: Mapping[str, Any]) -> dict[str, bytes]:
    """The bytes of a record's attached images, by file name (for their thumbnails)."""
    from models.store.files import file_bytes

    out = {}
    for name, f in (rec.get("files") or {}).items():
        if str(f.get("type", "")).startswith("image/"):
            data = file_bytes(store, f["sha256"])
            if data is not None:
                out[name] = data
    return out


def _build_atomic(out: str, story: list, title: str, on_page) -> int:
    return write_atomic(out, lambda part: _build(part, story, title, on_page))


def print_blank(store: Store, *, out: str, form_id: str, version: str | None = None, lang: str = "vi"
                ) -> PrintResult:
    """The blank paper questionnaire of a stored form."""
    form = store.form(form_id, version)
    pages = write_atomic(out, lambda part: blank_questionnaire(form, part, lang=lang))
    return PrintResult(str(out), 0, pages)
