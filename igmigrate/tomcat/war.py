"""Bounded, unambiguous reads of a .war (a zip): entry count, entry size, duplicate names.

A .war is read in place, never unpacked. Before Python's zipfile builds its table of entries
(one object per entry, all in memory), the end-of-central-directory record says how many there
are; past MAX_ENTRIES the archive is refused. An entry is inflated to at most a limit, whatever
its header claims; and a name that appears twice is refused, since which copy Tomcat reads is
not something a migration should guess.
"""

from __future__ import annotations

import lzma
import struct
import zipfile
import zlib
from typing import BinaryIO

# The most a descriptor entry of a .war may inflate to: a web.xml is kilobytes; a zip bomb
# (or a lying header) stops here instead of filling memory.
MAX_ENTRY = 4 << 20
# The most entries a .war may hold: IG's own war has a few hundred; a few million would cost
# gigabytes of zipfile's in-memory table before any entry is read.
MAX_ENTRIES = 100_000
_EOCD, _EOCD64_LOCATOR = b"PK\x05\x06", b"PK\x06\x07"
_TAIL = 22 + 0xFFFF  # the record plus the longest comment


class BadWar(ValueError):
    """A .war igmigrate refuses to read: the reason names the entry or the bound."""


class EntryTooLarge(BadWar):
    """A .war entry inflates past its limit."""


def _u16(data: bytes, at: int) -> int:
    return int(struct.unpack_from("<H", data, at)[0])


def entry_count(fh: BinaryIO) -> int | None:
    """The entry count the end-of-central-directory record (or its zip64 form) declares; None
    when there is no such record (zipfile then reports the archive as not a zip)."""
    size = fh.seek(0, 2)
    start = max(0, size - _TAIL)
    fh.seek(start)
    tail = fh.read()
    at = tail.rfind(_EOCD)
    # the record is the one whose comment ends the file (a signature inside a comment is not)
    while at >= 0 and (at + 22 > len(tail) or at + 22 + _u16(tail, at + 20) != len(tail)):
        at = tail.rfind(_EOCD, 0, at)
    if at < 0:
        return None
    total = _u16(tail, at + 10)
    if total == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == _EOCD64_LOCATOR:
        (offset,) = struct.unpack_from("<Q", tail, at - 20 + 8)
        record = b""
        if offset + 56 <= size:  # a locator pointing past the end (or past 2**63) is ignored
            fh.seek(offset)
            record = fh.read(56)
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            (total,) = struct.unpack_from("<Q", record, 32)
    return int(total)


def open_war(fh: BinaryIO) -> zipfile.ZipFile:
    """The .war as a ZipFile, once its declared entry count is within MAX_ENTRIES."""
    count = entry_count(fh)
    if count is not None and count > MAX_ENTRIES:
        raise BadWar(f"it declares {count} entries, more than {MAX_ENTRIES} igmigrate reads")
    fh.seek(0)
    try:
        return zipfile.ZipFile(fh)
    except ValueError as err:  # a name flagged UTF-8 that is not, a negative offset
        raise BadWar(f"its table of entries cannot be read: {err}") from err


def read_entry(z: zipfile.ZipFile, entry: str, limit: int = MAX_ENTRY) -> bytes | None:
    """The entry's bytes, None when absent; at most `limit` bytes are ever inflated.

    Entries are looked up by their exact name and never extracted, so names with `../`
    cannot reach the disk. A name present twice is refused (BadWar)."""
    try:
        info = z.getinfo(entry)
    except KeyError:
        return None
    copies = sum(1 for i in z.infolist() if i.filename == entry)
    if copies > 1:
        raise BadWar(
            f"{entry} appears {copies} times in the archive: which one is read is not defined"
        )
    if info.file_size > limit:
        raise EntryTooLarge(f"{entry} is larger than {limit >> 20} MiB ({info.file_size} bytes)")
    try:
        with z.open(info) as fh:
            data = fh.read(limit + 1)
    except (zlib.error, lzma.LZMAError, NotImplementedError, ValueError) as err:
        # a corrupt deflate/LZMA stream, an unsupported method, a header offset before the
        # start of the file (a negative seek): neither OSError nor BadZipFile
        raise BadWar(f"{entry} cannot be read from the archive: {err}") from err
    if len(data) > limit:
        raise EntryTooLarge(
            f"{entry} inflates to larger than {limit >> 20} MiB"
            f" (its header says {info.file_size} bytes)"
        )
    return data
