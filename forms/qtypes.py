"""XLSForm question types as pyxform reads them, mapped onto the engine's types.

pyxform (4.5) knows some 150 type words and aliases (``gps``, ``location``, ``date time``,
``select one from LIST``, ``select all that apply from LIST or specify other``, ``add integer prompt``,
``phone number``, ``uri:deviceid``…). Rather than keep a second list, a type column is read with
pyxform's own tables (``pyxform.xls2json``'s ``RE_BEGIN_CONTROL``/``RE_END_CONTROL``/``RE_SELECT``/
``RE_OSM`` and ``dealias_types``, ``pyxform.aliases.select``/``control``, and
``pyxform.question_type_dictionary.QUESTION_TYPE_DICT``), and its meaning is taken from what pyxform
would put in the XForm: the bind type (``int``, ``dateTime``, ``geotrace``…), the control tag
(``trigger``, ``range``, ``odk:rank``, ``select1``…) and the preload (``jr:preloadParams``).

Media questions (``image``/``photo``, ``audio``, ``video``, ``file`` and their aliases; pyxform's
bind type ``binary`` with an ``upload`` control) become the engine's ``image``, ``audio``, ``video`` and
``file`` types by their media type; the answer is the attached file's name, as ODK stores it.
External data (``select_one_from_file``, ``select_one_external``, ``csv-external``/``xml-external``) are
read: a select from a file is a select (``Kind.external``), its choices come from the attachment
(:mod:`forms.external`); a ``csv-external``/``xml-external`` row only declares an instance (type
``external``, no element of the record). A type the application cannot handle becomes a *feature*
refused with one message (:data:`FEATURES`): the ``search()`` appearance (it needs a phone).
An ``osm`` question (OpenStreetMap, filled by OpenMapKit on a phone) is a media question on a laptop: it
takes an ``.osm`` file exported by JOSM or OpenMapKit (type ``osm``, see forms/model.py MEDIA_TYPES).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

#: features refused, with their message texts: (Vietnamese, English, "later" or "never")
FEATURES: dict[str, tuple[str, str, str]] = {
    "search": ("Giao diện search() (tìm trong tệp CSV của ODK Collect trên điện thoại)",
               "The search() appearance (a lookup in ODK Collect's CSV files on a phone)", "never"),
}

#: metadata types pyxform knows by their own word (no preload): kept, left empty on a laptop
_META_WORDS = ("start-geopoint", "background-geopoint", "background-audio", "audit")

#: pyxform's bind type -> the engine's question type
_BIND_TYPES = {
    "string": "text", "int": "integer", "decimal": "decimal", "date": "date", "dateTime": "datetime",
    "time": "time", "geopoint": "geopoint", "geotrace": "geotrace", "geoshape": "geoshape",
    "barcode": "barcode",
}
#: pyxform's select types (after its aliases) -> the engine's
_SELECT_TARGETS = {"select one": "select_one", "select all that apply": "select_multiple", "rank": "rank"}
#: an upload control's media type (its part before "/") -> the engine's media question type
_MEDIA_TYPES = {"image": "image", "audio": "audio", "video": "video", "application": "file", "osm": "osm"}
#: the engine's types that take a choice list
LIST_TYPES = ("select_one", "select_multiple", "rank")


@dataclass(frozen=True)
class Kind:
    """What a type column means. Exactly one of ``type`` (a question type of forms.model),
    ``begin``/``end`` (a container: group, repeat or loop), ``feature`` (refused, see
    :data:`FEATURES`) or ``error`` ("list": a select without its list name) is set."""

    word: str  # the type as pyxform reads it (its aliases applied)
    type: str | None = None
    begin: str | None = None
    end: str | None = None
    list_name: str | None = None
    or_other: bool = False
    #: a select whose choices come from an attachment (``list_name`` is the file, or the list of
    #: ``itemsets.csv`` for ``select_one_external``)
    external: bool = False
    feature: str | None = None
    error: str | None = None


def kind_of(raw: str) -> Kind | None:
    """The meaning of a type column (whitespace already collapsed, as pyxform does); None when
    pyxform does not know the type either."""
    from pyxform import aliases, constants
    from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL, RE_OSM, RE_SELECT, dealias_types

    word = str(dealias_types([{"type": raw}])[0]["type"])
    m = RE_END_CONTROL.search(word)
    if m:
        return Kind(word, end=aliases.control[m.group("type")])
    m = RE_BEGIN_CONTROL.search(word)
    if m:
        return Kind(word, begin=aliases.control[m.group("type")], list_name=m.group("list_name"))
    m = RE_SELECT.search(word)
    if m:
        command, list_name = m.group("select_command"), m.group("list_name")
        target = aliases.select[command]
        if (command in aliases.select_from_file or target == constants.SELECT_ONE_EXTERNAL
                or os.path.splitext(list_name)[1] in constants.EXTERNAL_INSTANCE_EXTENSIONS):
            return Kind(word, type=_SELECT_TARGETS.get(target, "select_one"), list_name=list_name,
                        external=True)
        return Kind(word, type=_SELECT_TARGETS[target], list_name=list_name,
                    or_other=m.group("specify_other") is not None)
    if word in aliases.select or any(word.startswith(c + " ") for c in aliases.select):
        return Kind(word, error="list")
    if RE_OSM.search(word):  # "osm LIST": an OpenStreetMap file, LIST its tags (the osm sheet)
        return Kind(word, type="osm")
    return word_kind(word)


def word_kind(word: str) -> Kind | None:
    """The meaning of a plain type word (no list name): from what pyxform puts in the XForm for it."""
    from pyxform import constants
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    if word == "range":
        return Kind(word, type="range")
    if word in _META_WORDS:
        return Kind(word, type=word)
    if word in constants.EXTERNAL_INSTANCE_TYPES:
        return Kind(word, type="external")
    if word == constants.SELECT_ONE_EXTERNAL:
        return Kind(word, type="select_one")
    entry = QUESTION_TYPE_DICT.get(word)
    if entry is None:
        return None
    bind, control = entry.get("bind", {}), entry.get("control", {})
    if bind.get("jr:preload"):  # start, end, today, deviceid, username, email, phonenumber, …
        return Kind(word, type=str(bind.get("jr:preloadParams", "")).removeprefix("uri:"))
    if bind.get("type") == "binary":
        media = _MEDIA_TYPES.get(str(control.get("mediatype", "")).split("/")[0])
        return Kind(word, type=media or "file")
    tag = control.get("tag")
    if tag == "trigger":
        return Kind(word, type="acknowledge")
    if tag in ("select1", "select", "odk:rank"):
        return Kind(word, error="list")
    if tag is None:
        return Kind(word, type="hidden" if word == "hidden" else "calculate")
    if bind.get("readonly") == "true()":
        return Kind(word, type="note")
    qtype = _BIND_TYPES.get(str(bind.get("type")))
    return Kind(word, type=qtype) if qtype else None


def node_type(word: str) -> str | None:
    """The engine's type of an element of pyxform's survey (its ``type`` attribute): containers and
    selects by pyxform's names for them, anything else as :func:`word_kind`."""
    if word in ("group", "loop"):
        return "group"
    if word == "repeat":
        return "repeat"
    if word in _SELECT_TARGETS:
        return _SELECT_TARGETS[word]
    kind = word_kind(word)
    return kind.type if kind is not None else None


def supported_text() -> str:
    """The supported types, for the message about an unknown one."""
    return ("text, integer, decimal, select_one, select_multiple (or_other), rank, range, date, time, "
            "dateTime, geopoint, geotrace, geoshape, barcode, image, audio, video, file, osm, note, calculate, hidden, "
            "acknowledge/trigger, "
            "begin/end group, begin/end repeat, begin/end loop, start, end, today, deviceid, username, "
            "email, phonenumber and the other metadata types")


__all__ = ["FEATURES", "LIST_TYPES", "Kind", "kind_of", "node_type", "supported_text", "word_kind"]
