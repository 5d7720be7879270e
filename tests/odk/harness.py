"""Python side of the ODK differential-testing harness.

``run_odk`` feeds one XForm and a batch of answer sets to ``odk_eval.mjs``,
which evaluates them with ODK's own form engine (``@getodk/xforms-engine``,
the engine of ODK Web Forms) under Node + jsdom, and returns, per case, the
values, hidden question paths, validation issues and an error (or None).

Install the Node side once with ``tests/odk/install.sh`` (``npm ci``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "odk_eval.mjs"
NODE_MODULES = HERE / "node_modules"
ENGINE_PACKAGE = NODE_MODULES / "@getodk" / "xforms-engine" / "package.json"

#: Time zone the engine runs in unless the caller says otherwise: dates and
#: ``decimal-date-time`` depend on it, and a fixed one keeps results reproducible.
DEFAULT_TZ = "UTC"


class OdkUnavailable(RuntimeError):
    """Node or the harness's node_modules are missing."""


class OdkEvalError(RuntimeError):
    """odk_eval.mjs failed as a whole (bad input, crash), not one case."""


def _node() -> str | None:
    return shutil.which("node")


def odk_available() -> bool:
    """True when node is on PATH and ``tests/odk/install.sh`` has been run."""
    return _node() is not None and ENGINE_PACKAGE.is_file()


def _check_available() -> str:
    node = _node()
    if node is None:
        raise OdkUnavailable(
            "node is not on PATH: the ODK harness needs Node.js >= 20.19 "
            "(then run tests/odk/install.sh)"
        )
    if not ENGINE_PACKAGE.is_file():
        raise OdkUnavailable(
            f"{NODE_MODULES} has no @getodk/xforms-engine: run tests/odk/install.sh first"
        )
    return node


def _call(node: str, payload: object, tz: str, timeout: float) -> object:
    env = dict(os.environ)
    env["TZ"] = tz
    proc = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(payload).encode("utf-8"),
        capture_output=True,
        cwd=HERE,
        env=env,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise OdkEvalError(
            f"odk_eval.mjs exited with {proc.returncode}: "
            f"{proc.stderr.decode('utf-8', 'replace').strip()}"
        )
    return json.loads(proc.stdout.decode("utf-8"))


def _document(xform_xml: str, cases: list[dict], today: str | None,
              attachments: dict[str, bytes] | None = None, keys: dict[str, str] | None = None) -> dict:
    doc: dict = {"xform": xform_xml, "cases": list(cases)}
    if today is not None:
        doc["today"] = today
    if keys:  # nodeset -> the application's key, where it is not the element's name
        doc["keys"] = dict(keys)
    if attachments:  # the form's files (CSV, XML, GeoJSON: text), by the names the form uses
        doc["attachments"] = {name: data.decode("utf-8") for name, data in attachments.items()}
    return doc


def run_odk(
    xform_xml: str,
    cases: list[dict],
    today: str | None = None,
    *,
    tz: str = DEFAULT_TZ,
    timeout: float = 300.0,
    attachments: dict[str, bytes] | None = None,
    keys: dict[str, str] | None = None,
    serialise: bool = False,
) -> list[dict]:
    """Evaluate ``cases`` against ``xform_xml`` with ODK's engine, in one node process.
    ``serialise``: each result also has ``instance_xml``, the instance document the engine submits.

    ``cases`` is a list of ``{"answers": {...}}`` in the application's answers
    format. ``today`` (``YYYY-MM-DD``) fixes what ``today()`` returns; the
    engine's clock then starts at local noon of that day. ``tz`` is the TZ the
    engine runs in. ``attachments`` (file name -> bytes) answer the form's
    ``jr://file…`` resources; one not given is read as blank. ``keys`` (nodeset -> key) are the
    keys of the answers where they are not the names (:func:`keys_of`).

    Returns one dict per case: ``{"values": {...}, "hidden": [...],
    "issues": [{"path": ..., "kind": "required"|"constraint"}], "error": None|str}``.
    """
    node = _check_available()
    doc = _document(xform_xml, cases, today, attachments, keys)
    if serialise:
        doc["serialise"] = True
    result = _call(node, doc, tz, timeout)
    if not isinstance(result, list) or len(result) != len(doc["cases"]):
        raise OdkEvalError("odk_eval.mjs returned a result of unexpected shape")
    return result


def run_odk_many(
    documents: list[tuple],
    *,
    tz: str = DEFAULT_TZ,
    timeout: float = 600.0,
) -> list[list[dict]]:
    """Like :func:`run_odk` for several ``(xform_xml, cases, today)`` or ``(xform_xml, cases, today,
    attachments)`` in one node process."""
    node = _check_available()
    docs = [_document(*d) for d in documents]
    result = _call(node, docs, tz, timeout)
    if not isinstance(result, list) or [len(r) for r in result] != [len(d["cases"]) for d in docs]:
        raise OdkEvalError("odk_eval.mjs returned a result of unexpected shape")
    return result


def keys_of(form) -> dict[str, str]:
    """A FormDef's keys that are not its elements' names (a name used in several groups or
    repeats, a ``begin loop``): nodeset -> key, for the harness's ``keys``."""
    return {e.xpath: e.name for e in form.elements if e.name != e.tag}


def xlsform_md_to_xform(md: str) -> str:
    """Convert an XLSForm written as markdown tables to XForm XML with pyxform."""
    from pyxform.xls2xform import convert

    return convert(xlsform=md, file_type=".md").xform
