"""A form's attachments: the files its external data come from, read as ODK reads them.

pyxform writes an ``<instance id="NAME" src="jr://file.../FILE"/>`` into the XForm for each file a
form reads: ``select_one_from_file``/``select_multiple_from_file`` (CSV, XML, GeoJSON),
``pulldata('NAME', …)`` (``NAME.csv``), ``csv-external``/``xml-external`` rows. ``select_one_external``
reads ``itemsets.csv`` (made by pyxform from the ``external_choices`` sheet, or an attachment).
:func:`needed` lists them from the XForm, so what a form needs is what ODK would ask for.

Each file becomes a *secondary instance* (``instance('NAME')/root/item…``), as ODK Collect builds it:

- CSV: one ``item`` per row, one child per column (header row; a column whose name is not an XML
  name is left out);
- XML: the file's own document (``<root><item>…``);
- GeoJSON: one ``item`` per feature: ``geometry`` in ODK's form (``lat lon 0 0``, points separated by
  ``;``), the feature's ``id`` and each property as a child.

No Qt, no database: the caller gives the files' bytes (``load_form(..., attachments=…)``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

#: the file select_one_external reads (pyxform writes it from the external_choices sheet)
ITEMSETS = "itemsets.csv"
_XML_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


@dataclass(frozen=True)
class Needed:
    """A file a form reads: its instance name in expressions and its file name."""

    instance: str
    file: str


class AttachmentError(ValueError):
    """A file that cannot be read as its extension says (message in Vietnamese and English)."""

    def __init__(self, file: str, detail: str, detail_vi: str):
        super().__init__(f"{file}: {detail}")
        self.file, self.detail, self.detail_vi = file, detail, detail_vi


def needed(xform: str) -> tuple[Needed, ...]:
    """The external instances an XForm declares (pyxform's ``<instance id src>``), in order."""
    root = etree.fromstring(xform.encode("utf-8"))
    out: list[Needed] = []
    for inst in root.iter("{http://www.w3.org/2002/xforms}instance"):
        src, iid = inst.get("src"), inst.get("id")
        if src and iid and src.startswith("jr://"):
            out.append(Needed(iid, src.rsplit("/", 1)[-1]))
    return tuple(out)


def read_instance(file: str, data: bytes) -> etree._Element:
    """The secondary instance document of an attachment: an ``instance`` element holding ``root``
    (so ``instance('x')/root/item`` reads it as ODK does). Raises :class:`AttachmentError`."""
    lower = file.lower()
    doc = etree.Element("instance")
    if lower.endswith(".csv"):
        _add_items(doc, csv_rows(file, data))
        return doc
    if lower.endswith(".xml"):
        try:
            parsed = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as err:
            raise AttachmentError(file, f"not a valid XML file ({err})",
                                  f"không phải tệp XML hợp lệ ({err})") from None
        doc.append(parsed)
        return doc
    if lower.endswith(".geojson"):
        _add_items(doc, _geojson_items(file, data))
        return doc
    raise AttachmentError(file, "only CSV, XML and GeoJSON files can be read",
                          "chỉ đọc được tệp CSV, XML và GeoJSON")


def _add_items(doc: etree._Element, rows) -> None:
    """``doc/root/item`` per row, a child per column whose name can be an XML name (as ODK builds it)."""
    root = etree.SubElement(doc, "root")
    for row in rows:
        item = etree.SubElement(root, "item")
        for k, v in row.items():
            if _XML_NAME.match(k):
                etree.SubElement(item, k).text = v


def csv_rows(file: str, data: bytes) -> list[dict[str, str]]:
    """A CSV file's rows (UTF-8, a byte-order mark allowed; comma or semicolon as ODK accepts)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AttachmentError(file, f"not UTF-8 text (byte {err.start})",
                              f"không phải văn bản UTF-8 (byte {err.start})") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        rows.append({h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header) if h})
    return rows


def _geo_text(geometry: Mapping) -> str:
    """A GeoJSON geometry in ODK's form: ``lat lon alt acc`` points joined with ``; ``."""
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if not isinstance(coords, list) or not coords:
        return ""

    def point(c) -> str:
        if not isinstance(c, list) or len(c) < 2:
            return ""
        lon, lat = c[0], c[1]
        alt = c[2] if len(c) > 2 else 0
        return f"{lat} {lon} {alt} 0"

    if kind == "Point":
        return point(coords)
    if kind == "LineString":
        return "; ".join(point(c) for c in coords)
    if kind == "Polygon" and isinstance(coords[0], list):
        return "; ".join(point(c) for c in coords[0])
    return ""


def _geojson_items(file: str, data: bytes) -> list[dict[str, str]]:
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        raise AttachmentError(file, f"not a valid GeoJSON file ({err})",
                              f"không phải tệp GeoJSON hợp lệ ({err})") from None
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection" \
            or not isinstance(obj.get("features"), list):
        raise AttachmentError(file, "a GeoJSON file must hold a FeatureCollection",
                              "tệp GeoJSON phải chứa một FeatureCollection")
    items = []
    for feature in obj["features"]:
        if not isinstance(feature, dict):
            continue
        out: dict[str, str] = {"geometry": _geo_text(feature.get("geometry") or {})}
        if feature.get("id") is not None:
            out["id"] = str(feature["id"])
        for k, v in (feature.get("properties") or {}).items():
            if k == "id" and "id" in out:
                continue
            out[str(k)] = "" if v is None else (json.dumps(v) if isinstance(v, (dict, list)) else str(v))
        items.append(out)
    return items


def items_of(doc: etree._Element) -> list[etree._Element]:
    """The ``item`` elements of a secondary instance (``/root/item``)."""
    root = doc[0] if len(doc) else None
    return [] if root is None else [c for c in root if c.tag == "item"]


def child_text(item: etree._Element, name: str) -> str:
    node = item.find(name)
    return (node.text or "") if node is not None else ""


__all__ = ["ITEMSETS", "AttachmentError", "Needed", "child_text", "csv_rows", "items_of", "needed",
           "read_instance"]
