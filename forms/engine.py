"""The form engine: one record's answers, evaluated as ODK would.

A :class:`FormSession` holds an XML instance (an lxml tree shaped like the XForm pyxform makes) and
keeps it consistent as answers change:

* an answer's *raw* value is kept even when its question becomes non-relevant (nothing typed is
  lost), but expressions see a non-relevant question as blank, as ODK does;
* after a change only the dependants are re-evaluated, in topological order, restricted to the
  same repeat instance when the reference is relative (see :mod:`forms.compile`);
* constraints, required and the soft ``warning`` checks are re-checked for what changed.

Paths name a question in a record: ``name`` at the top, ``rep[2].name`` in the second instance of
repeat ``rep`` (1-based), ``a[1].b[3].name`` for nested repeats. Non-repeat groups do not appear.
"""

from __future__ import annotations

import heapq
import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from lxml import etree

from forms.functions import (
    STATE,
    node_string,
    number_to_string,
    parse_date,
    parse_datetime,
    str_to_number,
    to_bool,
    to_num,
    to_str,
    value_truth,
)
from forms.model import MEDIA_TYPES, Element, FormDef

log = logging.getLogger("khaosat.engine")

#: a repeat_count beyond this is treated as this many instances (a typo like 9999 must not hang)
MAX_REPEAT = 500

_INT_RE = re.compile(r"^\s*-?\d+\s*$")
_DEC_RE = re.compile(r"^\s*-?(\d+(\.\d*)?|\.\d+)\s*$")
_PATH_SEG = re.compile(r"^([^\[\]]+)(?:\[(\d+)\])?$")

REQUIRED, CONSTRAINT, WARNING = "required", "constraint", "warning"

_MESSAGES = {
    "required": ("Câu hỏi này bắt buộc phải trả lời.", "This question is required."),
    "constraint": ("Giá trị không hợp lệ.", "The value is not valid."),
    "warning": ("Giá trị bất thường: hãy kiểm tra lại, sửa hoặc ghi lý do xác nhận.",
                "Unusual value: check it, correct it or give a reason to confirm it."),
    "integer": ("Cần nhập một số nguyên.", "Enter a whole number."),
    "decimal": ("Cần nhập một số.", "Enter a number."),
    "date": ("Ngày không hợp lệ (không có ngày này trên lịch).",
             "Not a valid date (no such day in the calendar)."),
    # the data-entry screen takes day/month/year (ui/fmt.py converts it)
    "date_dmy": ("Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 15/08/2025.",
                 "Not a valid date: enter day/month/year, e.g. 15/08/2025."),
    "datetime": ("Thời điểm không hợp lệ.", "Not a valid date and time."),
    "choice": ("Lựa chọn '{value}' không có trong danh sách.", "The choice '{value}' is not in the list."),
    "datetime_dmy": ("Thời điểm không hợp lệ: hãy nhập ngày/tháng/năm giờ:phút, ví dụ 15/08/2025 14:30.",
                     "Not a valid date and time: enter day/month/year hours:minutes, e.g. 15/08/2025 14:30."),
    "time": ("Giờ không hợp lệ: cần dạng giờ:phút:giây, ví dụ 14:30:00 hoặc 14:30:00.000+07:00.",
             "Not a valid time: use hours:minutes:seconds, e.g. 14:30:00 or 14:30:00.000+07:00."),
    "time_hm": ("Giờ không hợp lệ: hãy nhập giờ:phút (0–23 giờ, 0–59 phút), ví dụ 14:30.",
                "Not a valid time: enter hours:minutes (0–23 hours, 0–59 minutes), e.g. 14:30."),
    "geopoint": ("Tọa độ không hợp lệ: cần vĩ độ (−90 đến 90) và kinh độ (−180 đến 180), "
                 "ví dụ 21.0285 105.8542 (có thể thêm độ cao và độ chính xác).",
                 "Not valid coordinates: enter the latitude (−90 to 90) and the longitude (−180 to 180), "
                 "e.g. 21.0285 105.8542 (altitude and accuracy may follow)."),
    "geotrace": ("Đường đi không hợp lệ: cần ít nhất 2 điểm 'vĩ độ kinh độ' cách nhau bằng dấu chấm phẩy, "
                 "ví dụ 21.02 105.85; 21.03 105.86.",
                 "Not a valid line: enter at least 2 points 'latitude longitude' separated by semicolons, "
                 "e.g. 21.02 105.85; 21.03 105.86."),
    "geoshape": ("Vùng không hợp lệ: cần ít nhất 3 điểm khác nhau 'vĩ độ kinh độ' cách nhau bằng dấu "
                 "chấm phẩy, điểm cuối trùng điểm đầu, ví dụ 21.02 105.85; 21.03 105.86; 21.04 105.85; "
                 "21.02 105.85.",
                 "Not a valid shape: enter at least 3 different points 'latitude longitude' separated by "
                 "semicolons, the last one equal to the first, e.g. 21.02 105.85; 21.03 105.86; "
                 "21.04 105.85; 21.02 105.85."),
    "range": ("Cần một số từ {low} đến {high}.", "Enter a number from {low} to {high}."),
    "range_int": ("Cần một số nguyên từ {low} đến {high}.", "Enter a whole number from {low} to {high}."),
    "rank": ("Hãy xếp thứ tự tất cả các lựa chọn, mỗi lựa chọn đúng một lần.",
             "Put every choice in order, each exactly once."),
    "acknowledge": ("Chỉ nhận giá trị OK.", "Only the value OK is accepted."),
    "media": ("Câu trả lời là tên một tệp đính kèm (không có thư mục), ví dụ 1712345678901.jpg: hãy đính kèm "
              "lại tệp.",
              "The answer is the name of an attached file (no folder), e.g. 1712345678901.jpg: attach the file "
              "again."),
}
#: a time as ODK stores it: hours:minutes:seconds[.fraction][offset]
_TIME_RE = re.compile(r"^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$")


def _valid_file_name(value: str) -> bool:
    """A media answer is a plain file name, as ODK stores it: no folder, no control character."""
    return (value not in (".", "..") and not any(c in value for c in "/\\:")
            and all(ord(c) >= 32 for c in value) and len(value) <= 255)


def _msg(key: str, lang: str, **kw) -> str:
    vi, en = _MESSAGES[key]
    return (vi if lang == "vi" else en).format(**kw)


@dataclass(frozen=True)
class Issue:
    """An open problem with one answer."""

    path: str
    kind: str  # required | constraint | warning
    message: str
    name: str  # the question's name
    justification: str = ""  # for a warning the enumerator confirmed

    def as_dict(self) -> dict[str, str]:
        d = {"path": self.path, "kind": self.kind, "message": self.message}
        if self.justification:
            d["justification"] = self.justification
        return d


@dataclass
class Changes:
    """What one operation changed, for a screen to refresh only that."""

    values: set[str] = field(default_factory=set)  # paths whose value changed
    relevance: set[str] = field(default_factory=set)  # paths whose relevance changed
    issues: set[str] = field(default_factory=set)  # paths whose issues changed
    structure: bool = False  # repeat instances added or removed
    #: paths whose value given lost characters an answer cannot hold (NUL and other control characters,
    #: which XML and so an XForm submission cannot carry): a screen says so (not a change by itself)
    cleaned: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.values or self.relevance or self.issues or self.structure)


@dataclass(frozen=True)
class EvalResult:
    values: dict[str, Any]
    hidden: list[str]
    issues: list[Issue]

    def as_dict(self) -> dict[str, Any]:
        return {"values": self.values, "hidden": self.hidden, "issues": [i.as_dict() for i in self.issues]}


def _lang2(form: FormDef, lang: str | None) -> str:
    """The language of the engine's own messages: the one asked for (also when the form has no
    labels in it: ``--lang en`` means English messages), else the form's default language."""
    from forms.model import lang_code

    code = lang_code(lang) if lang else lang_code(form.resolve_language(lang))
    if code not in ("vi", "en"):
        code = lang_code(form.resolve_language(lang))
    return "en" if code == "en" else "vi"


class FormSession:
    """A record being entered or checked. Not thread-safe: one session per thread."""

    def __init__(self, form: FormDef, *, lang: str | None = None, today: date | str | None = None,
                 now: datetime | None = None, date_style: str = "iso"):
        self.form = form
        #: how dates are typed where this session's messages are read: "iso" (year-month-day, the
        #: command line and answer files) or "dmy" (day/month/year, the data-entry screen)
        self.date_style = date_style
        self.lang = form.resolve_language(lang)
        self._lang2 = _lang2(form, lang)
        self._today = date.fromisoformat(today) if isinstance(today, str) else today
        self._now = now
        self.current_node = None
        self.root = etree.Element(form.root_name)
        self._def: dict[Any, Element] = {}
        self._raw: dict[Any, str] = {}
        self._rel: dict[Any, bool] = {}
        self._issues: dict[Any, tuple[Issue, ...]] = {}
        self._just: dict[Any, str] = {}
        self._nodes: dict[str, list] = {e.name: [] for e in form.elements}
        self._paths: dict[Any, str] | None = None
        self._by_path: dict[str, Any] | None = None
        self._stash: dict[tuple[str, Any], list[dict]] = {}
        #: expressions that failed at run time (source, error); they count as empty values
        self.eval_errors: list[tuple[str, str]] = []
        #: questions whose answers were erased on a data-protection request (set before ``load``): empty
        #: by law, so an empty answer there is not "required" (it cannot be given again)
        self.waived: frozenset[str] = frozenset()
        self._rel[self.root] = True
        self._build_children(None, self.root)
        self._reindex()

    # ------------------------------------------------------------------ environment (functions)
    def today(self) -> date:
        return self._today or date.today()

    def now(self) -> datetime:
        return self._now or datetime.now()

    def instance(self, name: str):
        return self.form.secondary_instance(name)

    def node_truth(self, node) -> bool:
        e = self._def.get(node)
        text = node_string(node)
        return value_truth(text, e is not None and e.type in ("integer", "decimal"))

    def choice_label(self, path: str, value: str) -> str:
        e = self.form.by_xpath(re.sub(r"\[[^\]]*\]", "", path.strip()))
        if e is None or not e.list_name:
            return ""
        if e.type == "select_multiple":
            value = value.split()[0] if value.split() else ""
        return self.form.choice_label(e.list_name, value, self.lang)

    # ------------------------------------------------------------------ tree building
    def _build_children(self, container: str | None, parent_node) -> None:
        for child in self.form.children(container):
            if child.is_repeat:
                continue
            if child.flat:  # a group without a node of its own: its children sit in the parent
                self._build_children(child.name, parent_node)
                continue
            node = etree.SubElement(parent_node, child.tag)
            self._def[node] = child
            self._rel[node] = True
            if child.is_container:
                self._build_children(child.name, node)

    def _new_instance(self, rep: Element, parent_node, at: int | None = None):
        node = etree.Element(rep.tag)
        existing = [c for c in parent_node if c.tag == rep.tag]
        if existing:
            anchor = existing[-1] if at is None or at >= len(existing) else existing[at]
            if at is None or at >= len(existing):
                anchor.addnext(node)
            else:
                anchor.addprevious(node)
        else:
            # after the nodes of the elements that come before the repeat in the form
            pos = len(parent_node)
            for i, c in enumerate(parent_node):
                d = self._def.get(c)
                if d is not None and d.index > rep.index:
                    pos = i
                    break
            parent_node.insert(pos, node)
        self._def[node] = rep
        self._rel[node] = True
        self._build_children(rep.name, node)
        return node

    def _reindex(self) -> None:
        for e in self.form.elements:
            self._nodes[e.name] = (self.root.findall(e.xpath.split("/", 2)[2]) if e.xpath.count("/") >= 2
                                   else [])
        #: nodes outside repeats, bound to expressions as $v-<name> (see forms/compile.py)
        self._single = {e.name: self._nodes[e.name][:1] for e in self.form.elements if not e.repeats}
        self._paths = None
        self._by_path = None

    def _forget(self, node) -> None:
        for n in node.iter():
            self._def.pop(n, None)
            self._raw.pop(n, None)
            self._rel.pop(n, None)
            self._issues.pop(n, None)
            self._just.pop(n, None)

    # ------------------------------------------------------------------ paths
    def _ensure_paths(self) -> None:
        if self._paths is not None:
            return
        paths: dict[Any, str] = {}
        by_path: dict[str, Any] = {}

        def visit(node, prefix: str) -> None:
            counts: dict[str, int] = {}
            for c in node:
                d = self._def.get(c)
                if d is None:
                    continue
                if d.is_repeat:
                    counts[d.name] = counts.get(d.name, 0) + 1
                    p = f"{prefix}{d.name}[{counts[d.name]}]"
                    paths[c] = p
                    by_path[p] = c
                    visit(c, p + ".")
                elif d.type == "group":
                    paths[c] = prefix + d.name
                    by_path.setdefault(prefix + d.name, c)
                    visit(c, prefix)
                else:
                    paths[c] = prefix + d.name
                    by_path[prefix + d.name] = c

        visit(self.root, "")
        self._paths, self._by_path = paths, by_path

    def path(self, node) -> str:
        self._ensure_paths()
        assert self._paths is not None
        return self._paths[node]

    def node(self, path: str):
        """The node of a path (``mem[2].m_age``); KeyError if there is none."""
        self._ensure_paths()
        assert self._by_path is not None
        return self._by_path[path]

    def has(self, path: str) -> bool:
        self._ensure_paths()
        assert self._by_path is not None
        return path in self._by_path

    def element(self, path_or_node) -> Element:
        node = self.node(path_or_node) if isinstance(path_or_node, str) else path_or_node
        return self._def[node]

    def instances(self, name: str) -> list:
        """All nodes of an element, in document order."""
        return list(self._nodes[name])

    def repeat_instances(self, repeat: str, parent_path: str = "") -> list[str]:
        """Paths of the instances of a repeat, inside ``parent_path`` (an enclosing instance)."""
        base = self.node(parent_path) if parent_path else self.root
        rep = self.form[repeat]
        return [self.path(n) for n in self._under(rep, base)]

    def _container_node(self, e: Element, ctx_node):
        """The repeat-instance (or root) node that contains ``ctx_node`` at e's repeat level."""
        return ctx_node

    def _rel_xpath(self, e: Element, base_node) -> str:
        bd = self._def.get(base_node)
        base_xp = bd.xpath if bd is not None else "/" + self.form.root_name
        return e.xpath[len(base_xp) + 1:]

    def _under(self, e: Element, base_node) -> list:
        if base_node is self.root:
            return list(self._nodes[e.name])
        rel = self._rel_xpath(e, base_node)
        return base_node.findall(rel) if rel else [base_node]

    def _repeat_ancestor(self, node, depth: int):
        """The enclosing repeat instance at ``depth`` (1 = outermost) of a node, or the root."""
        if depth <= 0:
            return self.root
        chain = []
        n = node
        while n is not None and n is not self.root:
            d = self._def.get(n)
            if d is not None and d.is_repeat:
                chain.append(n)
            n = n.getparent()
        chain.reverse()
        if depth <= len(chain):
            return chain[depth - 1]
        return chain[-1] if chain else self.root

    def _targets(self, name: str, src, depth: int) -> list:
        e = self.form[name]
        if e.is_repeat:
            # a repeat's own work (count, instance relevance) happens per parent container
            parent = self.form[e.parent] if e.parent else None
            base = self._repeat_ancestor(src, depth) if depth else self.root
            if parent is None:
                return [self.root]
            return self._under(parent, base) if base is self.root or self._def.get(base) is not parent \
                else [base]
        if depth == 0:
            return list(self._nodes[name])
        return self._under(e, self._repeat_ancestor(src, depth))

    # ------------------------------------------------------------------ evaluation
    def _eval(self, comp, node):
        STATE.env = self
        self.current_node = node
        try:
            if comp.variables:
                single = self._single
                return comp(node, {"v-" + n: single[n] for n in comp.variables})
            return comp(node)
        except Exception as err:  # an expression that cannot be evaluated is an empty value, not a crash
            self.eval_errors.append((comp.source, f"{type(err).__name__}: {err}"))
            log.warning("expression %r failed: %s", comp.source, err)
            return math.nan
        finally:
            self.current_node = None

    def _parent_rel(self, node) -> bool:
        p = node.getparent()
        return True if p is None else self._rel.get(p, True)

    def _format(self, e: Element, result) -> str:
        """The text a calculation or a dynamic default stores: numbers in plain digits at every
        magnitude (never 5.0E-4), NaN as nothing (a ``calculate`` keeps "Infinity", as both ODK
        engines do). An integer or decimal question holds a number or nothing (see
        :func:`_number_text`), so the engine never flags its own result as not a number."""
        if e.type in ("integer", "decimal"):
            return _number_text(e.type == "integer", result)
        if isinstance(result, list):
            return to_str(result)
        if isinstance(result, bool):
            return "true" if result else "false"
        if isinstance(result, float):
            return "" if math.isnan(result) else number_to_string(result)
        return str(result)

    def _recompute(self, node) -> tuple[bool, bool]:
        """Re-evaluate relevance and calculation of one node: (value changed, relevance changed)."""
        e = self._def[node]
        b = e.binds
        old_rel = self._rel.get(node, True)
        rel = self._parent_rel(node)
        if rel and b.relevant is not None:
            rel = to_bool(self._eval(b.relevant, node))
        self._rel[node] = rel
        rel_changed = rel != old_rel
        if e.is_container:
            return False, rel_changed
        old_text = node.text or ""
        if b.calculation is not None and not e.trigger and rel:
            self._raw[node] = self._format(e, self._eval(b.calculation, node))
        new_text = self._raw.get(node, "") if rel else ""
        if new_text != old_text:
            node.text = new_text or None
            return True, rel_changed
        return False, rel_changed

    def _apply_count(self, rep: Element, parent_node, changes: Changes | None) -> list:
        """Make the number of instances under ``parent_node`` match the repeat_count."""
        if rep.binds.repeat_count is None or not self._rel.get(parent_node, True):
            return []
        have = [c for c in parent_node if c.tag == rep.tag and self._def.get(c) is rep]
        # pyxform writes the count relative to the repeat node itself (e.g. ../k): evaluate it on an
        # instance, or on a temporary node in the repeat's place when there is none yet
        if have:
            n = to_num(self._eval(rep.binds.repeat_count, have[0]))
        else:
            probe = etree.SubElement(parent_node, rep.tag)
            try:
                n = to_num(self._eval(rep.binds.repeat_count, probe))
            finally:
                parent_node.remove(probe)
        want = 0 if math.isnan(n) or n < 0 else min(int(n), MAX_REPEAT)
        created = []
        if want > len(have):
            stash = self._stash.get((rep.name, parent_node), [])
            for _ in range(want - len(have)):
                inst = self._new_instance(rep, parent_node)
                created.append(inst)
                if stash:
                    self._fill(rep.name, inst, stash.pop(0))
        elif want < len(have):
            stash = self._stash.setdefault((rep.name, parent_node), [])
            removed = have[want:]
            for inst in reversed(removed):
                stash.insert(0, self._answers_of(inst))
                self._forget(inst)
                parent_node.remove(inst)
        if want != len(have):
            self._reindex()
            if changes is not None:
                changes.structure = True
        return created

    def _run(self, seeds: Iterable, *, all_elements: bool = False, changes: Changes | None = None) -> set:
        """Propagate changes of ``seeds`` (nodes whose value or relevance changed)."""
        form = self.form
        order = form.order
        heap: list[tuple[int, str]] = []
        pending: dict[str, dict] = {}
        changed: set = set()

        def push(name: str, targets: Iterable) -> None:
            slot = pending.get(name)
            if slot is None:
                slot = pending[name] = {}
                heapq.heappush(heap, (order[name], name))
            for t in targets:
                slot[t] = None

        def schedule_from(node) -> None:
            e = self._def.get(node)
            if e is None:
                return
            for dname, depth in form.dependents.get(e.name, ()):
                push(dname, self._targets(dname, node, depth))
            if e.is_container:
                for child in form.children(e.name):
                    if child.is_repeat:
                        push(child.name, [node])
                    else:
                        push(child.name, self._under(child, node) if child.parent else [])

        if all_elements:
            for e in form.elements:
                if e.is_repeat:
                    parent = form[e.parent] if e.parent else None
                    push(e.name, [self.root] if parent is None else list(self._nodes[parent.name]))
                else:
                    push(e.name, list(self._nodes[e.name]))
        for s in seeds:
            changed.add(s)
            schedule_from(s)

        while heap:
            _, name = heapq.heappop(heap)
            targets = pending.pop(name, None)
            if not targets:
                continue
            e = form[name]
            if e.is_repeat:
                for parent_node in targets:
                    if self._def.get(parent_node) is None and parent_node is not self.root:
                        continue
                    created = self._apply_count(e, parent_node, changes)
                    structure = bool(created) or (changes is not None and changes.structure)
                    for inst in [c for c in parent_node if c.tag == e.tag and self._def.get(c) is e]:
                        _v, rel_changed = self._recompute(inst)
                        if rel_changed or inst in created:
                            changed.add(inst)
                            schedule_from(inst)
                    if created:
                        for inst in created:
                            self._init_defaults(inst)
                    if structure:
                        # counts and paths over this repeat may have changed anywhere
                        for sub in [e] + self._descendants(e):
                            for dname, _depth in form.dependents.get(sub.name, ()):
                                push(dname, self._targets(dname, self.root, 0))
                            for dname, _depth in form.check_dependents.get(sub.name, ()):
                                for t in self._nodes.get(dname, []):
                                    changed.add(t)
                continue
            for node in targets:
                if node not in self._def:
                    continue  # removed meanwhile
                v_changed, rel_changed = self._recompute(node)
                if v_changed or rel_changed:
                    changed.add(node)
                    schedule_from(node)
                    if changes is not None:
                        p = self.path(node)
                        if v_changed:
                            changes.values.add(p)
                        if rel_changed:
                            changes.relevance.add(p)
        return changed

    def _descendants(self, e: Element) -> list[Element]:
        out = []
        for c in self.form.children(e.name):
            out.append(c)
            if c.is_container:
                out.extend(self._descendants(c))
        return out

    def _init_defaults(self, base_node) -> None:
        for n in base_node.iter():
            e = self._def.get(n)
            if e is None or e.is_container or n in self._raw:
                continue
            if e.binds.default is not None:
                v = self._format(e, self._eval(e.binds.default, n))
                if v:
                    self._raw[n] = v
                    n.text = v if self._rel.get(n, True) else None
            elif e.default not in (None, ""):
                self._raw[n] = str(e.default)
                n.text = str(e.default) if self._rel.get(n, True) else None

    # ------------------------------------------------------------------ validation
    def _validate(self, node, changes: Changes | None = None) -> None:
        e = self._def.get(node)
        if e is None or not e.is_question or e.type in ("calculate", "note"):
            return
        old = self._issues.get(node, ())
        new = self._check(node, e)
        if new:
            self._issues[node] = new
        else:
            self._issues.pop(node, None)
        if changes is not None and new != old:
            changes.issues.add(self.path(node))

    def _check(self, node, e: Element) -> tuple[Issue, ...]:
        if not self._rel.get(node, True):
            return ()
        value = self._raw.get(node, "")
        path = self.path(node)
        b = e.binds
        lang = self.lang
        if value == "":
            if b.required is not None and e.name not in self.waived and to_bool(self._eval(b.required, node)):
                msg = self.form.text(e.required_message, lang) or _msg("required", self._lang2)
                return (Issue(path, REQUIRED, msg, e.name),)
            return ()
        type_problem = self._type_problem(node, e, value)
        if type_problem:
            return (Issue(path, CONSTRAINT, type_problem, e.name),)
        if b.constraint is not None and not to_bool(self._eval(b.constraint, node)):
            msg = self.form.text(e.constraint_message, lang) or _msg("constraint", self._lang2)
            return (Issue(path, CONSTRAINT, msg, e.name),)
        if b.warning is not None and not to_bool(self._eval(b.warning, node)):
            msg = self.form.text(e.warning_message, lang) or _msg("warning", self._lang2)
            return (Issue(path, WARNING, msg, e.name, self._just.get(node, "")),)
        return ()

    def _type_problem(self, node, e: Element, value: str) -> str:
        t = e.type
        L = self._lang2
        if t == "integer" and not _INT_RE.match(value):
            return _msg("integer", L)
        if t == "decimal" and not _DEC_RE.match(value):
            return _msg("decimal", L)
        if t == "date" and parse_date(value) is None:
            return _msg("date_dmy" if self.date_style == "dmy" else "date", L)
        if t == "datetime" and parse_datetime(value) is None and parse_date(value) is None:
            return _msg("datetime_dmy" if self.date_style == "dmy" else "datetime", L)
        if t == "time" and not _valid_time(value):
            return _msg("time_hm" if self.date_style == "dmy" else "time", L)
        if t == "acknowledge" and value != "OK":
            return _msg("acknowledge", L)
        if t in MEDIA_TYPES and not _valid_file_name(value):
            return _msg("media", L)
        if t == "geopoint" and _geopoint(value) is None:
            return _msg("geopoint", L)
        if t in ("geotrace", "geoshape") and not _valid_geo_list(value, shape=t == "geoshape"):
            return _msg(t, L)
        if t == "range":
            return _range_problem(e, value, L)
        if t == "rank":
            names = [c.name for c in self.choices(node)]
            items = value.split()
            if sorted(items) != sorted(names):
                return _msg("rank", L)
        if t in ("select_one", "select_multiple") and not self._read_only(node, e):
            # a value the enumerator cannot change (calculated, or read-only) is not checked against
            # the list: ODK raises nothing there, and an issue nobody can clear would leave the
            # record never complete; the value is kept as calculated (as ODK Collect stores it)
            allowed = {c.name for c in self.choices(node)}
            items = value.split() if t == "select_multiple" else [value]
            if t == "select_one" and len(value.split()) != 1:
                return _msg("choice", L, value=value)
            for v in items:
                if v not in allowed:
                    return _msg("choice", L, value=v)
        return ""

    # ------------------------------------------------------------------ public: reading
    def value(self, path: str) -> str:
        """The raw value of a question (kept even when it is not relevant)."""
        return self._raw.get(self.node(path), "")

    def effective_value(self, path: str) -> str:
        """The value as expressions and exports see it ('' when not relevant)."""
        n = self.node(path)
        return self._raw.get(n, "") if self._rel.get(n, True) else ""

    def evaluate(self, compiled, path: str | None = None) -> str:
        """Evaluate a compiled expression (e.g. the form's instance_name) as a string."""
        node = self.node(path) if path else self.root
        return to_str(self._eval(compiled, node))

    def is_relevant(self, path: str) -> bool:
        return self._rel.get(self.node(path), True)

    def is_read_only(self, path: str) -> bool:
        n = self.node(path)
        return self._read_only(n, self._def[n])

    def _read_only(self, node, e: Element) -> bool:
        """Whether the enumerator cannot change the value: calculated (not on a trigger) or read-only."""
        if e.binds.calculation is not None and not e.trigger:
            return True
        return e.binds.read_only is not None and to_bool(self._eval(e.binds.read_only, node))

    def is_required(self, path: str) -> bool:
        n = self.node(path)
        r = self._def[n].binds.required
        return r is not None and to_bool(self._eval(r, n))

    def choices(self, node_or_path) -> list:
        node = self.node(node_or_path) if isinstance(node_or_path, str) else node_or_path
        e = self._def[node]
        items = self.form.choices.get(e.list_name or "", ())
        cf = e.binds.choice_filter
        if cf is None:
            return list(items)
        # The filtered list depends only on the (immutable) choice list and the values the filter
        # reads: cache it per form by those values (a 3,321-commune filter costs milliseconds and
        # runs on every validation of the question).
        key = None
        if not cf.volatile and all(name != "*" and name in self.form and not self.form[name].is_container
                                   for name, _d in cf.deps):
            key = (e.name,) + tuple(tuple(n.text or "" for n in self._targets(name, node, depth))
                                    for name, depth in cf.deps)
            cache = _choice_cache(self.form)
            hit = cache.get(key)
            if hit is not None:
                return list(hit)
        res = self._eval(cf, node)
        # a list from an attachment names its value column (the `parameters` column's value=)
        vcol = self.form.list_instances.get(e.list_name or "", ("", "name"))[1]
        names = {to_str([n.find(vcol)]) if n.find(vcol) is not None else "" for n in res} \
            if isinstance(res, list) else set()
        out = [c for c in items if c.name in names]
        if key is not None:
            if len(cache) > 5000:
                cache.clear()
            cache[key] = tuple(out)
        return out

    def label(self, path: str, lang: str | None = None, *, which: str = "labels") -> str:
        """A question's label (or hint) with ``${name}`` replaced by current answers."""
        node = self.node(path)
        e = self._def[node]
        text = self.form.text(getattr(e, which), lang or self.lang)
        if "${" not in text:
            return text
        return re.sub(r"\$\{([^}]+)\}", lambda m: self._output(m.group(1), node, lang), text)

    def _output(self, name: str, node, lang: str | None) -> str:
        target = self.form.ref(name)
        if target is None:
            return ""
        # the instance nearest to the context: same repeat instance if shared, else the first
        cands = self._targets(target.name, node, len(set(target.repeats) & set(self._def[node].repeats))) \
            if not target.is_repeat else []
        if not cands:
            return ""
        n = cands[0]
        v = self._raw.get(n, "") if self._rel.get(n, True) else ""
        if target.list_name and v:
            if target.type in ("select_multiple", "rank"):
                return ", ".join(self.form.choice_label(target.list_name, x, lang or self.lang)
                                 for x in v.split())
            return self.form.choice_label(target.list_name, v, lang or self.lang)
        return v

    def issues(self, *, include_justified: bool = False) -> list[Issue]:
        """Open issues in document order (a justified warning is not open)."""
        out: list[Issue] = []
        self._ensure_paths()
        for node in self.root.iter():
            for i in self._issues.get(node, ()):
                if i.kind == WARNING and i.justification and not include_justified:
                    continue
                out.append(i)
        return out

    def issues_at(self, path: str) -> tuple[Issue, ...]:
        return self._issues.get(self.node(path), ())

    def hidden(self) -> list[str]:
        """Paths of questions that are not relevant, in document order."""
        out = []
        for node in self.root.iter():
            e = self._def.get(node)
            if e is None or e.is_container or e.type == "instanceID":
                continue
            if not self._rel.get(node, True):
                out.append(self.path(node))
        return out

    def question_paths(self, *, relevant_only: bool = False) -> list[str]:
        out = []
        for node in self.root.iter():
            e = self._def.get(node)
            if e is None or e.is_container or e.type == "instanceID":
                continue
            if relevant_only and not self._rel.get(node, True):
                continue
            out.append(self.path(node))
        return out

    def justification(self, path: str) -> str:
        return self._just.get(self.node(path), "")

    # ------------------------------------------------------------------ public: changing
    def set_value(self, path: str, value: Any) -> Changes:
        """Set one answer and update everything that depends on it."""
        node = self.node(path)
        e = self._def[node]
        if e.is_container:
            raise ValueError(f"{path} is a group, not a question")
        if e.binds.calculation is not None and not e.trigger:
            raise ValueError(f"{path} is calculated by the form and cannot be set")
        text = self._canonical(e, _normalise(e, value))
        changes = Changes()
        if _holds_bad(value):
            changes.cleaned.add(path)
        if self._raw.get(node, "") == text:
            return changes
        if text:
            self._raw[node] = text
        else:
            self._raw.pop(node, None)
        if node in self._just:
            del self._just[node]  # a new value needs a new confirmation
        changes.values.add(path)
        seeds = []
        if self._rel.get(node, True):
            node.text = text or None
            seeds.append(node)
        changed = self._run(seeds, changes=changes)
        changed.add(node)
        self._fire_triggers(node, changes, changed)
        self._revalidate(changed, changes)
        return changes

    def _canonical(self, e: Element, text: str) -> str:
        """A select_multiple answer in choice-list order without repeats (as ODK stores it)."""
        if e.type != "select_multiple" or " " not in text:
            return text
        order = self._choice_order(e.list_name or "")
        items = list(dict.fromkeys(text.split()))
        return " ".join(sorted(items, key=lambda v: order.get(v, len(order))))

    def _choice_order(self, list_name: str) -> dict[str, int]:
        cache = self.__dict__.setdefault("_orders", {})
        o = cache.get(list_name)
        if o is None:
            o = cache[list_name] = {c.name: i for i, c in enumerate(self.form.choices.get(list_name, ()))}
        return o

    def _fire_triggers(self, node, changes: Changes, changed: set) -> None:
        e = self._def[node]
        for tname in self.form.triggered.get(e.name, ()):
            t = self.form[tname]
            depth = len(set(t.repeats) & set(e.repeats))
            for tn in self._targets(tname, node, depth):
                v = self._format(t, self._eval(t.binds.calculation, tn)) if t.binds.calculation else ""
                if self._raw.get(tn, "") != v:
                    if v:
                        self._raw[tn] = v
                    else:
                        self._raw.pop(tn, None)
                    changes.values.add(self.path(tn))
                    if self._rel.get(tn, True):
                        tn.text = v or None
                        changed |= self._run([tn], changes=changes)
                    changed.add(tn)

    def _revalidate(self, changed: set, changes: Changes | None) -> None:
        todo = set()
        for n in changed:
            if n not in self._def:
                continue
            todo.add(n)
            e = self._def[n]
            if e.is_container:
                todo.update(x for x in n.iter() if x in self._def)
            for dname, depth in self.form.check_dependents.get(e.name, ()):
                todo.update(self._targets(dname, n, depth))
        for n in todo:
            if n in self._def:
                self._validate(n, changes)

    def justify(self, path: str, text: str) -> Changes:
        """Record why an unusual value (a soft warning) is correct; '' withdraws it."""
        node = self.node(path)
        changes = Changes()
        text = (text or "").strip()
        if text:
            self._just[node] = text
        else:
            self._just.pop(node, None)
        self._validate(node, changes)
        return changes

    def add_repeat(self, repeat: str, parent_path: str = "") -> tuple[str, Changes]:
        """Add an instance to an open-ended repeat; returns its path."""
        rep = self.form[repeat]
        parent_node = self.node(parent_path) if parent_path else self.root
        container = self.form[rep.parent] if rep.parent else None
        if container is not None and not container.is_repeat and not container.flat:
            # a repeat inside a group: its instances go into the group's node (the XForm's tree); a flat
            # group has no node of its own
            parent_node = self._under(container, parent_node)[0]
        if rep.binds.repeat_count is not None:
            raise ValueError(f"the number of '{repeat}' is set by its repeat_count")
        changes = Changes(structure=True)
        inst = self._new_instance(rep, parent_node)
        self._reindex()
        self._init_defaults(inst)
        seeds = [n for n in inst.iter() if n in self._def]
        changed = self._run([], changes=changes, all_elements=False)
        changed |= self._run_new(inst, rep, changes)
        changed.update(seeds)
        self._revalidate(changed, changes)
        return self.path(inst), changes

    def _run_new(self, inst, rep: Element, changes: Changes) -> set:
        """Evaluate a new instance and whatever reads the repeat (counts, sums)."""
        form = self.form
        changed = set()
        # all elements inside the instance, in topological order
        subs = sorted(self._descendants(rep), key=lambda x: form.order[x.name])
        _v, _r = self._recompute(inst)
        for s in subs:
            for n in self._under(s, inst) if not s.is_repeat else []:
                self._recompute(n)
                changed.add(n)
        # dependants anywhere of the repeat and its contents
        seeds = [inst] + [n for n in inst.iter() if n in self._def and n is not inst]
        changed |= self._run(seeds, changes=changes)
        return changed

    def remove_repeat(self, path: str) -> Changes:
        """Remove one instance of an open-ended repeat (later instances move up)."""
        inst = self.node(path)
        rep = self._def[inst]
        if not rep.is_repeat:
            raise ValueError(f"{path} is not a repeat instance")
        if rep.binds.repeat_count is not None:
            raise ValueError(f"the number of '{rep.name}' is set by its repeat_count")
        parent_node = inst.getparent()
        changes = Changes(structure=True)
        self._forget(inst)
        parent_node.remove(inst)
        self._reindex()
        # everything reading the repeat or its contents, anywhere
        form = self.form
        changed: set = set()
        for sub in [rep] + self._descendants(rep):
            for dname, _d in form.dependents.get(sub.name, ()):
                for t in self._targets(dname, self.root, 0):
                    changed.add(t)
        # recompute those in order
        changed |= self._run([], changes=changes, all_elements=False)
        extra = self._run_targets(changed, changes)
        # positions shifted: re-check everything inside the remaining instances
        for n in self._nodes[rep.name]:
            extra.update(x for x in n.iter() if x in self._def)
        self._revalidate(extra | changed, changes)
        return changes

    def _run_targets(self, nodes: set, changes: Changes) -> set:
        seeds = []
        for n in sorted((n for n in nodes if n in self._def and not self._def[n].is_repeat),
                        key=lambda x: self.form.order[self._def[x].name]):
            v, r = self._recompute(n)
            if v or r:
                seeds.append(n)
        return self._run(seeds, changes=changes) | set(seeds)

    # ------------------------------------------------------------------ loading and saving
    def load(self, answers: Mapping[str, Any], justifications: Mapping[str, str] | None = None) -> None:
        """Replace the whole record with ``answers`` (nested JSON) and evaluate everything."""
        for c in list(self.root):
            self._forget(c)
            self.root.remove(c)
        self._stash.clear()
        self._build_children(None, self.root)
        self._fill(None, self.root, answers or {})
        self._reindex()
        self.evaluate_all()
        if justifications:
            for p, text in justifications.items():
                if self.has(p) and text:
                    self._just[self.node(p)] = str(text)
            for n in list(self._just):
                self._validate(n)

    def _fill(self, container: str | None, base_node, answers: Mapping[str, Any]) -> None:
        if not isinstance(answers, Mapping):
            return
        for child in self.form.children(container):
            if child.is_repeat:
                items = answers.get(child.name)
                if isinstance(items, list):
                    for item in items:
                        inst = self._new_instance(child, base_node)
                        self._fill(child.name, inst, item if isinstance(item, Mapping) else {})
                continue
            if child.flat:
                self._fill(child.name, base_node, answers)
                continue
            if child.type == "group":
                node = base_node.find(child.tag)
                if node is not None:
                    self._fill(child.name, node, answers)
                continue
            if child.type == "instanceID":
                continue
            if child.name in answers:
                node = base_node.find(child.tag)
                text = self._canonical(child, _normalise(child, answers[child.name]))
                if node is not None and text:
                    self._raw[node] = text
                    node.text = text

    def evaluate_all(self) -> None:
        self._run([], all_elements=True)
        for n in list(self._def):
            self._validate(n)

    def start(self, prefill: Mapping[str, Any] | None = None) -> None:
        """A new record: apply defaults, then ``prefill`` (top-level name -> value)."""
        self.evaluate_all()
        self._init_defaults(self.root)
        for name, value in (prefill or {}).items():
            e = self.form.get(name)
            if e is None or e.repeats or e.is_container:
                continue
            text = _normalise(e, value)
            if text:
                n = self._nodes[name][0]
                self._raw[n] = text
        self.evaluate_all()

    def to_answers(self) -> dict[str, Any]:
        """Every value held (typed answers, also non-relevant ones, and calculations), nested."""
        return self._collect(self.root, relevant_only=False)

    def to_values(self) -> dict[str, Any]:
        """What ODK would submit: relevant, non-empty values including calculations, nested."""
        return self._collect(self.root, relevant_only=True)

    def _collect(self, base_node, *, relevant_only: bool) -> dict[str, Any]:
        return self._collect_both(base_node, want_all=not relevant_only, want_rel=relevant_only)[
            1 if relevant_only else 0]

    def answers_and_values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """``(to_answers(), to_values())`` in one walk of the instance (what a save needs)."""
        return self._collect_both(self.root, want_all=True, want_rel=True)

    def _collect_both(self, base_node, *, want_all: bool, want_rel: bool):
        """One pass over the children of a node in document order: every value held, and the
        relevant ones. Groups are transparent; repeat instances become lists."""
        out_all: dict[str, Any] = {}
        out_rel: dict[str, Any] = {}
        defs, raw, rels = self._def, self._raw, self._rel
        for node in base_node:
            e = defs.get(node)
            if e is None:
                continue
            t = e.type
            if t == "repeat":
                a, r = self._collect_both(node, want_all=want_all, want_rel=want_rel)
                if want_all:
                    out_all.setdefault(e.name, []).append(a)
                if want_rel:
                    out_rel.setdefault(e.name, []).append(r)
            elif t == "group":
                a, r = self._collect_both(node, want_all=want_all, want_rel=want_rel)
                if want_all:
                    out_all.update(a)
                if want_rel:
                    out_rel.update(r)
            elif t != "instanceID":
                v = raw.get(node, "")
                if v != "":
                    if want_all:
                        out_all[e.name] = v
                    if want_rel and rels.get(node, True):
                        out_rel[e.name] = v
        return out_all, out_rel

    def to_justifications(self) -> dict[str, str]:
        return {self.path(n): t for n, t in self._just.items() if n in self._def}

    def _answers_of(self, inst) -> dict[str, Any]:
        return self._collect(inst, relevant_only=False)

    def instance_xml(self, instance_id: str | None = None) -> bytes:
        """The record as an XForm instance document (non-relevant values left out)."""
        root = etree.fromstring(etree.tostring(self.root))
        for orig, copy in zip(self.root.iter(), root.iter(), strict=True):
            if orig is not self.root and not self._rel.get(orig, True) and self._def.get(orig) is not None \
                    and not self._def[orig].is_container:
                copy.text = None
        root.set("id", self.form.form_id)
        if self.form.version:
            root.set("version", self.form.version)
        if instance_id:
            iid = root.find("meta/instanceID")
            if iid is not None:
                iid.text = instance_id
        return etree.tostring(root, encoding="utf-8", xml_declaration=False)


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _choice_cache(form: FormDef) -> dict:
    cache = getattr(form, "_choice_cache", None)
    if cache is None:
        cache = {}
        object.__setattr__(form, "_choice_cache", cache)
    return cache


def _holds_bad(value: Any) -> bool:
    """Whether an answer given holds characters :func:`_normalise` removes."""
    if isinstance(value, (list, tuple)):
        return any(_XML_BAD.search(str(v)) for v in value)
    return isinstance(value, str) and _XML_BAD.search(value) is not None


def cleaned_paths(answers: Any, prefix: str = "") -> list[str]:
    """The places in nested answers (``name``, ``group_or_repeat[2].name``) whose value holds characters
    an answer cannot hold and loading removes (:func:`_normalise`): for a caller to say so."""
    found: list[str] = []
    if isinstance(answers, Mapping):
        for k, v in answers.items():
            here = f"{prefix}.{k}" if prefix else str(k)
            if isinstance(v, (Mapping, list)) and not (isinstance(v, list) and all(
                    not isinstance(x, (Mapping, list)) for x in v)):
                found += cleaned_paths(v, here)
            elif _holds_bad(v):
                found.append(here)
    elif isinstance(answers, list):
        for i, item in enumerate(answers, 1):
            found += cleaned_paths(item, f"{prefix}[{i}]")
    return found


def _clean(text: str) -> str:
    return _XML_BAD.sub("", text) if _XML_BAD.search(text) else text


def _number_text(integer: bool, result: Any) -> str:
    """What an integer or decimal question stores for the result of its calculation (or dynamic
    default): the number in plain digits, truncated toward zero for an integer; text that is a
    plain number (``' 007 '``, ``'.5'``) read as that number; a boolean as 1 or 0 (ODK Collect's
    ``BooleanData``); nothing for NaN, for +-Infinity (a division by zero) and for text that is not
    a number, as ODK's engine stores nothing there. Integers have no size limit (amounts in đồng)."""
    if isinstance(result, bool | int | float):
        x = float(result)
    else:
        text = to_str(result).strip()
        if integer and _INT_RE.match(text):
            return str(int(text))  # every digit kept, however long
        x = str_to_number(text)
    if math.isnan(x) or math.isinf(x):
        return ""
    return number_to_string(float(math.trunc(x)) if integer else x)


def _valid_time(value: str) -> bool:
    m = _TIME_RE.match(value)
    if m is None:
        return False
    h, mi, sec = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if h > 23 or mi > 59 or sec > 59:
        return False
    return m.group(6) is None or (int(m.group(6)) <= 14 and int(m.group(7)) <= 59)


def _geopoint(text: str) -> tuple[float, ...] | None:
    """``"lat lon [alt [acc]]"`` -> its numbers, or None if that is not a point on the globe."""
    try:
        nums = tuple(float(x) for x in text.split())
    except ValueError:
        return None
    if not 2 <= len(nums) <= 4 or any(math.isnan(x) or math.isinf(x) for x in nums):
        return None
    if not (-90 <= nums[0] <= 90 and -180 <= nums[1] <= 180) or (len(nums) == 4 and nums[3] < 0):
        return None
    return nums


def _valid_geo_list(value: str, *, shape: bool) -> bool:
    """A geotrace (at least 2 points) or a geoshape (at least 3 different points, closed: the last
    point is the first), points separated by ";" as ODK stores them. ODK Collect's rules: its web
    engine also refuses a closed trace and takes a closed shape of 2 different points."""
    parts = [p for p in value.split(";") if p.strip()]
    points = [_geopoint(p) for p in parts]
    if any(p is None for p in points):
        return False
    flat = [p[:2] for p in points if p is not None]
    if not shape:
        return len(flat) >= 2
    return len(flat) >= 4 and flat[0] == flat[-1] and len(set(flat)) >= 3


def _range_problem(e: Element, value: str, lang: str) -> str:
    """A range answer: a number between start and end, a whole one when the range's parameters are
    whole numbers (pyxform then binds it as an int, else as a decimal)."""
    from decimal import Decimal, InvalidOperation

    bounds = range_bounds(e)
    low, high = min(bounds[0], bounds[1]), max(bounds[0], bounds[1])
    integer = range_is_integer(e)
    try:
        v: Decimal | None = Decimal(value)
    except InvalidOperation:
        v = None
    if v is None or not v.is_finite() or not low <= v <= high or (integer and v != v.to_integral_value()):
        return _msg("range_int" if integer else "range", lang, low=low, high=high)
    return ""


def range_bounds(e: Element):
    """A range question's (start, end, step) as Decimals (pyxform's defaults 1, 10, 1)."""
    from decimal import Decimal

    p = e.parameters
    return tuple(Decimal(str(p.get(k) or d)) for k, d in (("start", "1"), ("end", "10"), ("step", "1")))


def range_is_integer(e: Element) -> bool:
    """pyxform's rule: a range is bound as an int unless one of its numbers has decimals."""
    from decimal import Decimal

    values = list(range_bounds(e)) + [Decimal(str(e.parameters[k])) for k in ("odk:tick-interval",
                                                                           "odk:placeholder")
                                      if k in e.parameters]
    return all(x == x.to_integral_value() for x in values)


def _normalise(e: Element, value: Any) -> str:
    """An answer as the instance holds it: text; numbers without '.0'; multi-selects space-joined.

    Control characters (which XML, and so an XForm submission, cannot carry) are removed.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(t for t in (_clean(str(v)).strip() for v in value) if t)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return ""
        return number_to_string(float(value)) if isinstance(value, float) else str(value)
    # control characters go first, so that normalising a normalised value changes nothing
    text = _clean(str(value))
    if e.type in ("integer", "decimal", "date", "datetime", "select_one", "time", "range", "geopoint"):
        text = text.strip()
    elif e.type in ("select_multiple", "rank"):
        text = " ".join(text.split())
    return text


def evaluate_answers(form: FormDef, answers: Mapping[str, Any], *, today: date | str | None = None,
                     lang: str | None = None, justifications: Mapping[str, str] | None = None) -> EvalResult:
    """Evaluate a whole record: values (with calculations), hidden paths and open issues."""
    s = FormSession(form, lang=lang, today=today)
    s.load(answers, justifications)
    return EvalResult(values=s.to_values(), hidden=s.hidden(), issues=s.issues())
