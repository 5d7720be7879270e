"""The immutable form definition the rest of the application works with.

A :class:`FormDef` is made by :func:`forms.loader.load_form` from an XLSForm read by pyxform. It
holds the elements (questions, groups, repeats) in document order, the choice lists, labels and
hints per language, the settings, the XForm pyxform produced and the original file bytes (so a
transfer package can carry the exact form a record was entered with).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from lxml import etree

#: Normalised question types the engine supports (forms/loader.py maps every XLSForm type and alias
#: pyxform knows onto these). ``hidden`` holds a default or a calculation and is never shown;
#: ``acknowledge`` is also XLSForm's ``trigger``.
QUESTION_TYPES = (
    "text", "integer", "decimal", "select_one", "select_multiple", "date", "datetime", "note",
    "calculate", "acknowledge", "geopoint", "time", "range", "rank", "barcode", "geotrace", "geoshape",
    "hidden", "image", "audio", "video", "file", "osm",
)
#: Types whose answer is an attached file: the value is the file's name (``1712345678901.jpg``, as ODK
#: stores it), the bytes are kept beside the record (models/store: ``record_files``). The ``signature``,
#: ``draw`` and ``annotate`` appearances of ``image`` are drawn on a pad and saved as PNG.
#: ``osm`` (ODK's OpenStreetMap question, filled by OpenMapKit on a phone) takes an OpenStreetMap XML
#: file (``.osm``, with an ``<osm>`` root) exported by JOSM or OpenMapKit; its tags (``Element.tags``)
#: are shown as help.
MEDIA_TYPES = ("image", "audio", "video", "file", "osm")
#: Metadata types (not asked): filled by the application from the clock and the installation's setup
#: where that has a meaning on a laptop (start, end, today, deviceid, username, email, phonenumber),
#: otherwise left empty (no SIM, no GPS, no microphone, no audit log).
META_TYPES = ("start", "end", "today", "deviceid", "username", "email", "phonenumber", "simserial",
              "subscriberid", "start-geopoint", "background-geopoint", "background-audio", "audit",
              "instanceID")
#: Types whose value is a place: a point, or points separated by ";" ("lat lon alt acc;…").
GEO_TYPES = ("geopoint", "geotrace", "geoshape", "start-geopoint", "background-geopoint")
CONTAINER_TYPES = ("group", "repeat")

EMPTY: Mapping[str, str] = MappingProxyType({})


def lang_code(lang: str) -> str:
    """``'Tiếng Việt (vi)'`` -> ``'vi'``; a language without a code keeps its name."""
    m = re.search(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$", lang)
    return m.group(1).lower() if m else lang


@dataclass(frozen=True, slots=True)
class Choice:
    name: str
    labels: Mapping[str, str]  # language name (as in the column header) or "default" -> text
    #: other columns of the choices sheet (used by choice_filter)
    extra: Mapping[str, str] = field(default_factory=lambda: EMPTY)


class Compiled:
    """An expression ready to run: its XPath text after ``${}`` expansion and ODK rewrites, the
    questions it reads, and a per-thread compiled lxml XPath (lxml's XPath objects are not
    thread-safe)."""

    __slots__ = ("source", "xpath", "deps", "volatile", "_local", "returns_date", "functions", "variables")

    def __init__(self, source: str, xpath: str, deps: tuple[tuple[str, int], ...], volatile: bool,
                 returns_date: bool = False, functions: frozenset[str] | None = None,
                 variables: tuple[str, ...] = ()):
        self.source = source  # as written in the form, with ${name}
        self.xpath = xpath  # what lxml runs
        #: (element name, local depth): the depth is how many enclosing repeat instances the
        #: reference shares with the context node (0 = absolute, any instance may matter)
        self.deps = deps
        self.volatile = volatile
        self.returns_date = returns_date
        self.functions = functions
        #: questions (outside repeats) the expression reads as variables $v-<name>
        self.variables = variables
        self._local = threading.local()

    def __call__(self, node, variables: dict | None = None):
        fn = getattr(self._local, "fn", None)
        if fn is None:
            from forms.functions import compile_xpath

            fn = self._local.fn = compile_xpath(self.xpath, self.functions)
        if variables:
            return fn(node, **variables)
        return fn(node)

    def __repr__(self) -> str:
        return f"Compiled({self.source!r} -> {self.xpath!r})"


@dataclass(frozen=True, slots=True)
class Binds:
    relevant: Compiled | None = None
    calculation: Compiled | None = None
    constraint: Compiled | None = None
    required: Compiled | None = None  # None = not required; true() = always
    warning: Compiled | None = None
    repeat_count: Compiled | None = None
    choice_filter: Compiled | None = None  # the whole itemset nodeset expression
    default: Compiled | None = None  # dynamic default (an expression)
    read_only: Compiled | None = None


@dataclass(frozen=True, slots=True)
class Element:
    #: the key of the element in the form, the answers and the paths: its name, except inside a
    #: ``begin loop`` (one group per choice, each with the same questions), where it is the names
    #: from the loop down joined with "-" (``loop-choice-question``), as ODK Central names columns,
    #: and for a name used by several elements of the form (in different groups or repeats), where
    #: it is the names from the top down joined with "-" (``head-name``): docs/forms.md
    name: str
    type: str  # one of QUESTION_TYPES, META_TYPES or CONTAINER_TYPES
    xpath: str  # absolute path in the instance, e.g. /data/grp/q
    index: int  # document order
    row: int | None  # row on the survey sheet (1-based, header is row 1)
    parent: str | None  # name of the enclosing group/repeat (None at the top)
    repeats: tuple[str, ...]  # enclosing repeats, outermost first (not including itself)
    labels: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    hints: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    constraint_message: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    required_message: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    warning_message: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    list_name: str | None = None
    or_other: bool = False
    appearance: str = ""
    default: str | None = None  # a literal default (dynamic defaults are in binds.default)
    trigger: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    parameters: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY)  # extra columns, e.g. "indicator"
    binds: Binds = field(default_factory=Binds)
    #: a group without a node of its own in the record (the settings' ``flat``, or a group pyxform
    #: writes without an instance node): its xpath is its parent's and its children sit in the parent
    flat: bool = False
    #: an ``osm`` question's OpenStreetMap tags (the form's ``osm`` sheet): (key, labels by language)
    tags: tuple[tuple[str, Mapping[str, str]], ...] = ()

    @property
    def tag(self) -> str:
        """The element's name in the XML instance (the last step of its path)."""
        return self.xpath.rsplit("/", 1)[-1]

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINER_TYPES

    @property
    def is_repeat(self) -> bool:
        return self.type == "repeat"

    @property
    def is_question(self) -> bool:
        return self.type in QUESTION_TYPES

    @property
    def is_input(self) -> bool:
        """Answered by a person (not a calculation, note or metadata)."""
        return self.type in QUESTION_TYPES and self.type not in ("calculate", "note", "hidden") and (
            self.binds.calculation is None or bool(self.trigger)
        )

    @property
    def indicator(self) -> str:
        return str(self.extra.get("indicator") or "")

    @property
    def relpath(self) -> str:
        """Path below the innermost enclosing repeat instance (or the root)."""
        return self.xpath.split("/", 2)[2] if not self.repeats else ""


@dataclass(frozen=True)
class FormDef:
    form_id: str
    version: str
    title: str
    default_language: str  # as in the column headers, e.g. "Tiếng Việt (vi)" ("default" if none)
    languages: tuple[str, ...]
    root_name: str
    elements: tuple[Element, ...]
    choices: Mapping[str, tuple[Choice, ...]]
    settings: Mapping[str, str]
    xform: str
    source: bytes
    source_name: str
    file_type: str
    #: topological order of elements for relevance/calculation (element name -> rank)
    order: Mapping[str, int]
    #: element name -> elements whose relevant/calculation/repeat_count read it: (name, depth)
    dependents: Mapping[str, tuple[tuple[str, int], ...]]
    #: element name -> elements whose constraint/required/warning/choice filter read it
    check_dependents: Mapping[str, tuple[tuple[str, int], ...]]
    #: element name -> elements with a trigger on it
    triggered: Mapping[str, tuple[str, ...]]
    warnings: tuple[str, ...] = ()
    #: problems of the form that do not stop it loading (forms.errors.Problem, bilingual), e.g. an
    #: instance_name that names no question and so gives an empty record name
    notices: tuple[Any, ...] = ()
    #: the settings sheet's instance_name expression (a record's display name), compiled
    instance_name: Compiled | None = None
    #: the attachments the form reads (forms/external.py), file name -> bytes: those found
    attachments: Mapping[str, bytes] = field(default_factory=lambda: MappingProxyType({}))
    #: every file the form reads, in the order the XForm declares them (found or not)
    needs: tuple[str, ...] = ()
    #: the secondary instances read from the attachments: instance name -> document (``instance``
    #: holding ``root``); a missing attachment gives an empty ``root``
    external: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: a choice list made from an attachment: list key -> (instance name, value column)
    list_instances: Mapping[str, tuple[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    _by_name: dict[str, Element] = field(default_factory=dict, repr=False, compare=False)
    _local: threading.local = field(default_factory=threading.local, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_name.update({e.name: e for e in self.elements})

    # ----- lookup
    def __getitem__(self, name: str) -> Element:
        return self._by_name[name]

    def get(self, name: str) -> Element | None:
        return self._by_name.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def children(self, name: str | None) -> list[Element]:
        """Elements directly inside the container ``name`` (None = the top level)."""
        if name is None:
            return [e for e in self.elements if e.parent is None]
        return [self._by_name[c] for c in self._by_name[name].children]

    @property
    def questions(self) -> list[Element]:
        return [e for e in self.elements if e.is_question]

    @property
    def repeats(self) -> list[Element]:
        return [e for e in self.elements if e.is_repeat]

    def ref(self, name: str) -> Element | None:
        """The element ``${name}`` refers to: the one element named ``name`` (pyxform refuses a
        reference to a name used more than once), or None. Its key is ``name``, unless another
        element's name differs from it only in case."""
        m = getattr(self, "_refs", None)
        if m is None:
            count: dict[str, int] = {}
            for e in self.elements:
                count[e.tag] = count.get(e.tag, 0) + 1
            m = {e.tag: e for e in self.elements if count[e.tag] == 1}
            object.__setattr__(self, "_refs", m)
        return m.get(name)

    def ref_key(self, name: str) -> str:
        """The key of the element ``${name}`` refers to (``name`` itself if there is none)."""
        e = self.ref(name)
        return e.name if e is not None else name

    def by_xpath(self, xpath: str) -> Element | None:
        m = getattr(self, "_xp", None)
        if m is None:
            m = {e.xpath: e for e in self.elements}
            object.__setattr__(self, "_xp", m)
        return m.get(xpath)

    # ----- languages
    def resolve_language(self, lang: str | None) -> str:
        """A language code ('vi', 'en') or full name -> the column language name in this form."""
        if not lang:
            return self.default_language
        for name in self.languages:
            if name == lang or lang_code(name) == lang.lower():
                return name
        return self.default_language

    def text(self, texts: Mapping[str, str], lang: str | None = None) -> str:
        """Pick a translation: the asked language, then the default language, then any."""
        if not texts:
            return ""
        name = self.resolve_language(lang)
        for key in (name, self.default_language, "default"):
            if key in texts and texts[key]:
                return texts[key]
        return next((t for t in texts.values() if t), "")

    def label(self, name: str, lang: str | None = None) -> str:
        e = self._by_name[name]
        return self.text(e.labels, lang) or name

    def choice_label(self, list_name: str, value: str, lang: str | None = None) -> str:
        for c in self.choices.get(list_name, ()):
            if c.name == value:
                return self.text(c.labels, lang) or c.name
        return ""

    # ----- secondary instances (choice lists as XML, for choice filters), built once per thread
    def secondary_instance(self, list_name: str):
        cache = getattr(self._local, "instances", None)
        if cache is None:
            cache = self._local.instances = {}
        root = cache.get(list_name)
        if root is None and list_name in self.external:
            # a copy per thread: lxml trees are not shared between threads here
            import copy

            root = cache[list_name] = copy.deepcopy(self.external[list_name])
        if root is None and list_name in self.choices:
            # instance('x') stands for the instance document, so paths continue with /root/item
            doc = etree.Element("instance")
            root = etree.SubElement(doc, "root")
            for c in self.choices[list_name]:
                item = etree.SubElement(root, "item")
                etree.SubElement(item, "name").text = c.name
                for k, v in c.extra.items():
                    if _XML_NAME.match(k):
                        etree.SubElement(item, k).text = v
            root = cache[list_name] = doc
        return root

    @property
    def missing_attachments(self) -> tuple[str, ...]:
        """The files the form reads that were not given: their choice lists are empty and
        ``pulldata()``/``instance()`` on them read nothing until they are added."""
        return tuple(f for f in self.needs if f not in self.attachments)

    def summary(self) -> dict[str, Any]:
        return {
            "form_id": self.form_id,
            "version": self.version,
            "title": self.title,
            "questions": sum(1 for e in self.elements if e.is_input),
            "groups": sum(1 for e in self.elements if e.type == "group" and e.name != "meta"),
            "repeats": len(self.repeats),
            "calculations": sum(1 for e in self.elements if e.type == "calculate"),
            "languages": [lang_code(x) for x in self.languages],
        }


_XML_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
