"""A record's answers as flat paths and back: ``mem[2].m_name`` → value (1-based repeat indices),
and the pseudo-paths of a version's parts that are not answers (status, deleted)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from models.records.errors import RecordCode, RecordError


def flatten(answers: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested answers → {path: value} with 1-based repeat indices (``mem[2].m_name``)."""
    out: dict[str, str] = {}
    for k, v in answers.items():
        if isinstance(v, list):
            for i, item in enumerate(v, 1):
                if isinstance(item, Mapping):
                    sub = flatten(item, f"{prefix}{k}[{i}].")
                    out.update(sub or {f"{prefix}{k}[{i}]": ""})
        elif isinstance(v, Mapping):
            out.update(flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = "" if v is None else str(v)
    return out


_SEG = re.compile(r"^(?P<name>[^\[\].]+)(?:\[(?P<idx>[0-9]+)\])?$")


def unflatten(values: Mapping[str, str | None]) -> dict[str, Any]:
    """{path: value} → nested answers; None drops a value, an instance with no values is dropped."""
    root: dict[str, Any] = {}
    for path, value in values.items():
        if value is None:
            continue
        segs = path.split(".")
        node = root
        for i, seg in enumerate(segs):
            m = _SEG.match(seg)
            if not m:
                raise RecordError(RecordCode.MERGE_BAD_PATH, path=path)
            name, idx = m["name"], m["idx"]
            last = i == len(segs) - 1
            if idx is None:
                if last:
                    node[name] = value
                else:
                    node = node.setdefault(name, {})
            else:
                lst = node.setdefault(name, {})
                inst = lst.setdefault(int(idx), {})
                if last:
                    break  # an empty instance marker
                node = inst

    def compact(n: Any) -> Any:
        if isinstance(n, dict):
            out = {}
            for k, v in n.items():
                if isinstance(v, dict) and v and all(isinstance(x, int) for x in v):
                    out[k] = [compact(v[i]) for i in sorted(v)]
                else:
                    out[k] = compact(v)
            return out
        return n

    return compact(root)


#: pseudo-paths for the parts of a version that are not answers
STATUS_PATH = "@status"
DELETED_PATH = "@deleted"
