"""The package file's container: a canonical ZIP (stored entries, fixed times), safe entry names,
bounded gzip/gunzip and JSON lines; the size limits that keep a hostile file from exhausting memory.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from models.base.errors import Bilingual
from models.exchange.errors import PackageCode, PackageError

FORMAT = "khaosat-package"


FORMAT_VERSION = 1


SUFFIX = ".ksp"


# Limits sized from real volumes: a commune's package of 3,333 records is about 2 MB and unpacks to about
# 16 MB, so these leave room for a package of a whole province (hundreds of thousands of records) while
# keeping what an import holds in memory within a 4-8 GB laptop.
MAX_FILE = 512 * 1024**2            # the parts read into memory (all but media parts) together
MAX_PACKAGE = 2**32 - 1             # the package file with its media parts (read in pieces): no ZIP64
MEDIA_PREFIX = "media/"             # parts holding files attached to records, named by their SHA-256


MAX_UNPACKED = 1024**3              # every part of one package together, decompressed


MAX_ENTRIES = 10_000


MAX_RATIO = 100                     # unpacked / packed size of one part (our JSON lines grow ~8 times)


MIN_PART_LIMIT = 16 * 1024**2       # a small part may always unpack to this


_log = logging.getLogger("khaosat")


MODES = ("all", "changes", "complete")


DECISION_FIELDS = ("record_a", "record_b", "decision", "survivor", "at", "user", "device_id")


def _local_header(n: bytes, crc: int, size: int) -> bytes:
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, crc, size, size, len(n), 0) + n


def _central_entry(n: bytes, crc: int, size: int, offset: int) -> bytes:
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, 0, 0, 0, 0x21, crc,
                       size, size, len(n), 0, 0, 0, 0, 0o100644 << 16, offset) + n


def _end_record(count: int, cd_size: int, cd_offset: int) -> bytes:
    return struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, cd_size, cd_offset, 0)


class ZipWriter:
    """The canonical ZIP written to a file as it goes (never the whole archive in memory): stored
    entries with fixed metadata, so the same parts always give the same bytes. An entry is given as
    bytes, or as its size and CRC-32 and a function that yields its bytes in pieces (a media part read
    from the database). No ZIP64: the archive stays under 4 GiB (``MAX_PACKAGE``)."""

    def __init__(self, fh: Any):
        self.fh = fh
        self.offset = 0
        self.central: list[bytes] = []

    def _write(self, data: bytes) -> None:
        self.fh.write(data)
        self.offset += len(data)

    def add(self, name: str, data: bytes) -> None:
        self.add_stream(name, len(data), zlib.crc32(data) & 0xFFFFFFFF, lambda: iter((data,)))

    def add_stream(self, name: str, size: int, crc: int, chunks: Callable[[], Iterable[bytes]]) -> None:
        n = name.encode("ascii")
        start = self.offset
        if start + size > MAX_PACKAGE:
            raise OverflowError("a package is at most 4 GiB")
        self._write(_local_header(n, crc, size))
        written = 0
        for piece in chunks():
            written += len(piece)
            self._write(piece)
        if written != size:
            raise ValueError(f"{name}: {written} bytes written, {size} announced")
        self.central.append(_central_entry(n, crc, size, start))

    def close(self) -> int:
        """Write the central directory; returns the archive's size."""
        cd_offset = self.offset
        for c in self.central:
            self._write(c)
        self._write(_end_record(len(self.central), self.offset - cd_offset, cd_offset))
        return self.offset


def _zip_bytes(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """A ZIP of stored entries with fixed metadata: the same parts always give the same bytes."""
    out = io.BytesIO()
    w = ZipWriter(out)
    for name, data in entries:
        w.add(name, data)
    w.close()
    return out.getvalue()


def _is_canonical(fh: Any, entries: Sequence[tuple[str, int, int]], file_size: int) -> bool:
    """True when the file is exactly the canonical archive of its entries (name, CRC-32, size), in
    order: every header, the central directory and the end record compared byte for byte; the entries'
    bytes are those their CRCs and digests were checked against. The same test as rebuilding the
    archive and comparing, without holding it."""
    offset = 0
    central = []
    for name, crc, size in entries:
        n = name.encode("ascii")
        head = _local_header(n, crc, size)
        fh.seek(offset)
        if fh.read(len(head)) != head:
            return False
        central.append(_central_entry(n, crc, size, offset))
        offset += len(head) + size
    tail = b"".join(central)
    tail += _end_record(len(entries), len(tail), offset)
    fh.seek(offset)
    return offset + len(tail) == file_size and fh.read(len(tail) + 1) == tail


def _safe_name(name: str) -> Bilingual | None:
    """None if an entry name is safe to hold; else why not (in both languages)."""
    if not name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return Bilingual("đường dẫn tuyệt đối", "absolute path")
    if "\\" in name or "\x00" in name:
        return Bilingual("tên có dấu gạch ngược hoặc ký tự NUL", "backslash or NUL in the name")
    if not name.isascii() or not name.isprintable():  # this format writes ASCII only
        return Bilingual("tên có ký tự ngoài bảng ASCII (ví dụ dấu đổi chiều viết)",
                         "a name that is not plain ASCII (e.g. a right-to-left mark)")
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return Bilingual("có '..' hoặc tên thư mục rỗng", "'..' or an empty folder name")
    return None


def _broken(err: BaseException) -> Bilingual:
    """The detail of a file the ZIP reader cannot read (the library's own text goes to the log only)."""
    _log.info("unreadable package: %s: %s", type(err).__name__, err)
    return Bilingual("tệp đã bị thay đổi hoặc hỏng khi chuyển: không đọc được cấu trúc ZIP của tệp",
                     "the file was changed or damaged in transit: its ZIP structure cannot be read")


def _sizes(size: int, limit: int) -> Bilingual:
    mib = 1024**2
    return Bilingual(f"{size / mib:,.0f} MiB, tối đa {limit // mib:,} MiB".replace(",", "."),
                     f"{size / mib:,.0f} MiB, at most {limit // mib:,} MiB")


def _visible(name: str) -> str:
    """A hostile entry name as it may be shown: invisible and direction-changing characters
    (right-to-left override, NUL and the like) written as escapes such as \\u202e, so the message
    cannot be garbled."""
    import unicodedata

    return "".join(c if c.isprintable() and unicodedata.category(c) != "Cf" else f"\\u{ord(c):04x}"
                   for c in name[:200])


def _read_entries(fh: Any, path: str) -> tuple[Any, list[tuple[str, bytes | None]], list[Any]]:
    """The entries of a package file, checked for unsafe names, links, duplicates and size; in order.

    ``fh``: the open file (or bytes). Returns the open ``zipfile.ZipFile``, the entries as (name, bytes)
    with a media part's bytes left unread (None: read in pieces when needed), and every ``ZipInfo``."""
    import stat
    import zipfile

    if isinstance(fh, bytes | bytearray):
        fh = io.BytesIO(fh)
    try:
        zf = zipfile.ZipFile(fh)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, struct.error,
            IndexError, KeyError, UnicodeDecodeError, RuntimeError, OverflowError) as err:
        # RuntimeError: zipfile's word for a feature it does not read (a newer zip version, patched data,
        # strong encryption, a password): a file we did not write
        raise PackageError(PackageCode.PKG_UNREADABLE, path=path, detail=_broken(err)) from None
    if len(infos) > MAX_ENTRIES:
        raise PackageError(PackageCode.PKG_TOO_LARGE, path=path,
                           detail=Bilingual(f"{len(infos)} mục, tối đa {MAX_ENTRIES}",
                                            f"{len(infos)} entries, at most {MAX_ENTRIES}"))
    seen: set[str] = set()
    total = in_memory = 0
    for info in infos:
        name = info.filename
        why_not = _safe_name(info.orig_filename)
        mode = (info.external_attr >> 16) & 0xFFFF
        if not why_not and stat.S_ISLNK(mode):
            why_not = Bilingual("liên kết tượng trưng", "symbolic link")
        if not why_not and (info.is_dir() or name in seen):
            why_not = (Bilingual("mục thư mục", "directory entry") if info.is_dir()
                       else Bilingual("tên trùng", "duplicate name"))
        if why_not:
            raise PackageError(PackageCode.PKG_UNSAFE, path=path, name=_visible(info.orig_filename),
                               detail=why_not)
        seen.add(name)
        total += info.file_size
        if not _is_media(name):
            in_memory += info.file_size
        if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
            raise PackageError(PackageCode.PKG_ALTERED, path=path)
    fh.seek(0, io.SEEK_END)
    if total > fh.tell():
        raise PackageError(PackageCode.PKG_ALTERED, path=path)
    if in_memory > MAX_FILE:
        raise PackageError(PackageCode.PKG_TOO_LARGE, path=path, detail=_sizes(in_memory, MAX_FILE))
    entries: list[tuple[str, bytes | None]] = []
    try:
        for info in infos:
            entries.append((info.filename, None if _is_media(info.filename) else zf.read(info)))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, struct.error, RuntimeError,
            OverflowError, zlib.error) as err:  # RuntimeError: as above (a local header's flags)
        raise PackageError(PackageCode.PKG_UNREADABLE, path=path, detail=_broken(err)) from None
    return zf, entries, infos


def _is_media(name: str) -> bool:
    """A media part (a file attached to a record): read in pieces, never whole (also when encrypted)."""
    return name.startswith(MEDIA_PREFIX)


def _gunzip(blob: bytes, name: str, path: str, budget: int = MAX_UNPACKED) -> bytes:
    """A gzip part unpacked, never to more than ``budget`` bytes (what is left of the package's
    MAX_UNPACKED) nor more than MAX_RATIO times its packed size: a "zip bomb" is refused before it fills
    the memory, not after."""
    by_ratio = max(MIN_PART_LIMIT, MAX_RATIO * len(blob))
    limit = min(budget, by_ratio)
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(blob, limit)
        if not d.unconsumed_tail:
            out += d.flush()
    except zlib.error as err:
        _log.info("package %s: %s: %s", path, name, err)
        raise PackageError(PackageCode.PKG_CONTENT, path=path,
                           detail=Bilingual(f"phần {name} bị hỏng (không giải nén được)",
                                            f"the part {name} is damaged (cannot be unpacked)")
                           ) from None
    if d.unconsumed_tail or len(out) > limit:
        mib = limit // 1024**2
        if limit == by_ratio:
            raise PackageError(PackageCode.PKG_TOO_LARGE, path=path, detail=Bilingual(
                f"phần {name} khi giải nén lớn hơn {MAX_RATIO} lần kích thước nén, quá {mib} MiB — dấu hiệu "
                "của tệp 'bom nén' cố ý làm treo máy",
                f"the part {name} grows more than {MAX_RATIO} times when unpacked, beyond {mib} MiB — the mark "
                "of a 'zip bomb' meant to exhaust the memory"))
        raise PackageError(PackageCode.PKG_TOO_LARGE, path=path, detail=Bilingual(
            f"các phần của gói khi giải nén vượt quá {MAX_UNPACKED // 1024**2} MiB",
            f"its parts unpack to more than {MAX_UNPACKED // 1024**2} MiB"))
    if not d.eof:
        raise PackageError(PackageCode.PKG_CONTENT, path=path,
                           detail=Bilingual(f"phần {name} bị cắt cụt", f"the part {name} is truncated"))
    if d.unused_data:  # bytes after the gzip stream: junk, or a second member a reader would skip or read
        raise PackageError(PackageCode.PKG_CONTENT, path=path, detail=Bilingual(
            f"phần {name} có dữ liệu thừa sau phần nén", f"the part {name} holds data after its compressed "
            "stream"))
    return out


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def _jsonl(rows: Sequence[Any]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows).encode("utf-8")
