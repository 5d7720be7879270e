"""A small form with media questions (a photo, a signature, a file in a repeat) and real file bytes,
for the tests of record attachments (issue 12 part D)."""

from __future__ import annotations

import struct
import zlib

from forms import load_form
from models.records.editor import RecordEditor, create_record
from models.store.database import Store

MEDIA_FORM = """| survey |
| | type | name | label::Tiếng Việt (vi) | label::English (en) | appearance |
| | text | shop | Tên cơ sở | Shop name | |
| | image | photo | Ảnh cơ sở | Photo of the shop | |
| | image | sig | Chữ ký người trả lời | Respondent's signature | signature |
| | begin repeat | doc | Giấy tờ | Documents | |
| | file | doc_file | Tệp giấy tờ | Document file | |
| | end repeat | | | | |
| settings |
| | form_id | version | default_language | form_title |
| | pkg_media | 1 | Tiếng Việt (vi) | Cơ sở có ảnh |
"""


def png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid PNG image of one colour (no image library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def add_media_form(store: Store) -> None:
    store.add_form(load_form(MEDIA_FORM))


def add_shop(store: Store, name: str, photo: bytes, sig: bytes | None = None) -> str:
    rid = create_record(store, "pkg_media")
    ed = RecordEditor(store, rid)
    ed.set("shop", name)
    ed.attach("photo", photo, original_name="IMG_0001.JPG", media_type="image/png", file_name="1712345678901.png")
    if sig is not None:
        ed.attach("sig", sig, original_name="signature.png", file_name="1712345678902.png")
    return rid
