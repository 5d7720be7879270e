"""Record revisions: what merging needs to tell "same", "newer" and "conflict" apart.

A record's revision id is ``<generation>-<hash>`` where the hash covers the parent revision and
the record's content (CouchDB's scheme): two devices that make the same edit from the same parent
produce the same revision, and a revision id names exactly one content.

While a revision has not left the device (it is not *sealed*), edits update it in place; once it
has been put in a transfer package or sent, the next edit starts a new generation whose
``ancestry`` lists every earlier revision. Revision A is newer than B when B is in A's ancestry.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from models.store.schema import CONTENT_FIELDS, RECORD

#: the content fields stored as JSON text (given here as text or as objects)
_JSON_CONTENT = frozenset(f for f in CONTENT_FIELDS if RECORD[f].is_json)


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def canonical_json(value: Any) -> str:
    return _CANONICAL(value)  # json.dumps with these options, without building an encoder per call


def content_hash(record: dict[str, Any]) -> str:
    """SHA-256 over the content fields; JSON columns may be given as text or as objects.

    ``files`` (the attached files' names and digests) is hashed only when the record has some: a
    record without attachments keeps the hash it had before attachments existed, so revisions made
    then (and packages that carry them) stay valid."""
    parts = {}
    for f in CONTENT_FIELDS:
        v = record.get(f)
        if f in _JSON_CONTENT and isinstance(v, str):
            v = json.loads(v or "{}")
        if f == "files" and not v:
            continue
        if f == "deleted":
            v = int(bool(v))
        parts[f] = v
    return hashlib.sha256(canonical_json(parts).encode("utf-8")).hexdigest()


def make_rev(generation: int, parent: str, content: str) -> str:
    h = hashlib.sha256(f"{parent}\n{content}".encode()).hexdigest()[:32]
    return f"{generation}-{h}"


def generation(rev: str) -> int:
    try:
        return int(rev.split("-", 1)[0])
    except ValueError:
        return 0
