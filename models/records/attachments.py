"""Files attached to a record's media questions (image, audio, video, file; the signature, draw and
annotate appearances of image).

The answer is the file's name, as ODK stores it (``1712345678901.jpg``); the record's ``files``
column maps each name its answers hold to the file's SHA-256, size and media type, and the bytes are
kept by digest (:mod:`models.store.files`). :meth:`models.records.editor.RecordEditor.attach` writes
the answer, the ``files`` entry and the bytes in one transaction; a name no answer holds any more is
dropped from ``files`` at the next save (the bytes stay: an earlier revision or a conflict's other
side may still name them).
"""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any

from forms.model import MEDIA_TYPES, FormDef

#: the largest file one media question takes (bytes); a larger one is refused with FILE_TOO_LARGE
MAX_FILE_BYTES = 10 * 1024 * 1024
#: the extension a question's file gets when the original name has none
_DEFAULT_EXT = {"image": ".jpg", "audio": ".m4a", "video": ".mp4", "file": ".bin", "osm": ".osm"}


def size_text(size: int, lang: str = "vi") -> str:
    """``10485760`` -> ``10 MiB``; ``2500`` -> ``2,4 KiB`` (Vietnamese) / ``2.4 KiB``."""
    for unit, n in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= n:
            v = size / n
            text = f"{v:.0f}" if v == int(v) or v >= 100 else f"{v:.1f}"
            return (text.replace(".", ",") if lang == "vi" else text) + " " + unit
    return f"{size} B"


def too_large(path: str, file: str, size: int):
    """The error for a file over :data:`MAX_FILE_BYTES` (FILE_TOO_LARGE, naming the file and the limit)."""
    from models.base.errors import Bilingual
    from models.records.errors import RecordCode, RecordError

    return RecordError(RecordCode.FILE_TOO_LARGE, path=path, file=file,
                       size=Bilingual(size_text(size, "vi"), size_text(size, "en")),
                       limit=Bilingual(size_text(MAX_FILE_BYTES, "vi"), size_text(MAX_FILE_BYTES, "en")))


def media_type_of(name: str, qtype: str = "file") -> str:
    """The media type of a file by its name (``image/jpeg``), else a generic one for the question."""
    if qtype == "osm":
        return "text/xml"  # an OpenStreetMap XML file, whatever its name
    guessed = mimetypes.guess_type(name)[0]
    if guessed:
        return guessed
    return {"image": "image/*", "audio": "audio/*", "video": "video/*"}.get(qtype, "application/octet-stream")


def osm_problem(data: bytes) -> tuple[str, str] | None:
    """Why ``data`` is not an OpenStreetMap XML file (Vietnamese, English), or None when it is one:
    well-formed XML whose root element is ``<osm>`` (as JOSM and OpenMapKit write it)."""
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as err:
        return f"không phải XML: {err.msg}", f"not XML: {err.msg}"
    except ValueError as err:  # e.g. an encoding declaration lxml refuses
        return f"không phải XML: {err}", f"not XML: {err}"
    tag = etree.QName(root).localname if isinstance(root.tag, str) else ""
    if tag != "osm":
        return f"phần tử gốc là <{tag}>, không phải <osm>", f"its root element is <{tag}>, not <osm>"
    return None


def new_file_name(original: str, qtype: str = "file", *, now_ms: int | None = None) -> str:
    """A name as ODK Collect gives a captured file: milliseconds since 1970 and the original's
    extension in lower case (``1712345678901.jpg``)."""
    ext = PurePath(original).suffix.lower() if original else ""
    if not ext or len(ext) > 10 or not ext[1:].isalnum():
        ext = _DEFAULT_EXT.get(qtype, ".bin")
    ms = now_ms if now_ms is not None else time.time_ns() // 1_000_000
    return f"{ms}{ext}"


def media_names(form: FormDef) -> frozenset[str]:
    """The answer keys of the form's media questions."""
    return frozenset(e.name for e in form.elements if e.type in MEDIA_TYPES)


def media_values(form: FormDef, answers: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """``(path, file name)`` of every media answer in nested ``answers`` (repeats as lists)."""
    names = media_names(form)
    if not names:
        return

    def walk(values: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
        for k, v in values.items():
            if isinstance(v, list):
                for i, inst in enumerate(v, 1):
                    if isinstance(inst, Mapping):
                        yield from walk(inst, f"{prefix}{k}[{i}].")
            elif k in names and isinstance(v, str) and v:
                yield prefix + k, v

    yield from walk(answers, "")


def referenced(form: FormDef, answers: Mapping[str, Any]) -> set[str]:
    """The file names the record's media answers hold."""
    return {name for _path, name in media_values(form, answers)}


def kept_files(form: FormDef, answers: Mapping[str, Any], *candidates: Mapping[str, Any]) -> dict[str, Any]:
    """The ``files`` column for ``answers``: each name an answer holds, taken from the first of
    ``candidates`` (``files`` columns) that has it, in name order."""
    out: dict[str, Any] = {}
    for name in sorted(referenced(form, answers)):
        for c in candidates:
            if name in c:
                out[name] = c[name]
                break
    return out


__all__ = ["MAX_FILE_BYTES", "too_large", "kept_files", "media_names", "media_type_of", "media_values", "new_file_name",
           "osm_problem",
           "referenced", "size_text"]
