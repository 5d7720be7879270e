"""Transfer packages: one signed (optionally encrypted) file that carries records between installations.

Format (``docs/package-format.md``): a ZIP archive written canonically (stored entries, fixed times, no
extra fields) holding ``manifest.json``, ``manifest.sig`` (Ed25519 over the manifest bytes) and the
parts the manifest lists with their SHA-256: ``records.jsonl.gz`` (every leaf revision of every record
sent), ``audit.jsonl.gz``, ``decisions.jsonl.gz``, ``forms/N.<ext>`` (the XLSForm files the records
use) and ``media/<sha256>`` (the files attached to the records, written and read in pieces). With a
receiver's key every part is encrypted (X25519 + HKDF-SHA256 + AES-256-GCM).

Reading never extracts anything to disk: names are checked (no absolute paths, ``..``, links or
duplicates), the signature and every digest are verified, and the file is compared, header by header,
with the canonical archive of its parts, so a single flipped byte anywhere is refused. Importing
applies a package in one transaction (``models.exchange.merge``): idempotent and independent of order.

This module is the area's public face; the work is done behind it by concern: ``codec`` (the ZIP
container, bounded gunzip, JSON lines), ``crypto`` (per-part encryption), ``reading``, ``writing``,
``importing``, ``trust`` (which senders are trusted, held updates) and ``history``.
"""

from __future__ import annotations

from models.exchange.codec import FORMAT, FORMAT_VERSION, MODES, SUFFIX, _zip_bytes  # noqa: F401
from models.exchange.history import consolidation_lists, import_history, records_from_package
from models.exchange.importing import KEYS, ImportSummary, import_into, summary_line  # noqa: F401
from models.exchange.keys import fingerprint, identity  # noqa: F401
from models.exchange.reading import Package, inspect_package, read_package
from models.exchange.trust import TrustResult, trust_candidates, trust_named_sender, trust_sender
from models.exchange.writing import ExportResult, export_package
from models.store.database import Store


def export_to_file(store: Store, out: str, *, mode: str = "all", key_file: str | None = None,
                   enumerator: str | None = None) -> ExportResult:
    """A package (``mode``), or a return package for ``enumerator``, encrypted for the receiver whose
    public key file is ``key_file`` (if any)."""
    from models.exchange.keys import read_public_key
    from models.exchange.returns import export_return_package

    to = read_public_key(key_file) if key_file else None
    if enumerator is not None:
        return export_return_package(store, out, enumerator=enumerator, to=to)
    return export_package(store, out, to=to, mode=mode)


def write_key_file(store: Store, out: str) -> str:
    """Write this installation's public key file; returns its fingerprint."""
    from models.exchange.keys import write_public_key

    return write_public_key(store, out).fingerprint


__all__ = ["FORMAT", "FORMAT_VERSION", "SUFFIX", "export_package", "export_to_file", "import_into", "read_package",
           "inspect_package", "import_history", "records_from_package", "summary_line", "ImportSummary",
           "ExportResult", "Package", "fingerprint", "trust_sender", "trust_named_sender", "trust_candidates",
           "TrustResult", "write_key_file", "consolidation_lists"]
