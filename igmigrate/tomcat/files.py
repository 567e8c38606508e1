"""Reading input files safely: regular files only, opened non-blocking, so a FIFO never hangs."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from igmigrate.findings import Findings, SourceLocation, Status
from igmigrate.rules import applies

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
MiB = 1024 * 1024
# No input file Tomcat reads whole (server.xml, properties, setenv.sh, a keystore) is near this:
# past it a file is refused before it is read, so memory stays bounded.
MAX_FILE_BYTES = 64 * MiB


class NotRegularFile(OSError):
    """The path exists but is not a regular file (an OSError: readers report it as unreadable)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"it is {kind}, not a regular file")
        self.path = path
        self.kind = kind

    def __str__(self) -> str:  # never the absolute path of this machine
        return str(self.strerror)


class TooLarge(OSError):
    """The file is larger than the reader accepts (an OSError: reported as unreadable)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            errno.EFBIG,
            f"it is larger than {_size(limit)} ({_size(size)}), the limit for this file",
        )

    def __str__(self) -> str:
        return str(self.strerror)


def _size(n: int) -> str:
    return f"{n / MiB:.0f} MiB" if n >= MiB else f"{n} bytes"


def kind_of(mode: int) -> str | None:
    """None for a regular file, else what the file is in words."""
    if stat.S_ISREG(mode):
        return None
    return next((word for test, word in _KINDS if test(mode)), "a special file")


def special_kind(path: Path) -> str | None:
    """What `path` is when it exists (symlinks followed) but is not a regular file, else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return kind_of(mode)


@contextmanager
def open_input(path: Path, *, nofollow: bool = False) -> Iterator[BinaryIO]:
    """Open a regular file for reading: stat first, open with O_NONBLOCK (a FIFO or device does
    not block), fstat the open file again (it may have been swapped in between).

    `nofollow` refuses a symlink as the last component (for paths already resolved and checked).
    Raises FileNotFoundError, NotRegularFile or another OSError.
    """
    kind = kind_of(os.stat(path, follow_symlinks=not nofollow).st_mode)
    if kind is not None:
        raise NotRegularFile(path, kind)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if nofollow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        kind = kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotRegularFile(path, kind)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        yield fh


def read_bytes(path: Path, *, nofollow: bool = False, limit: int = MAX_FILE_BYTES) -> bytes:
    """The whole content of a regular input file (see open_input); TooLarge past `limit` bytes
    (checked on the open file and while reading: a file that grows is cut off, not read on)."""
    with open_input(path, nofollow=nofollow) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise TooLarge(size, limit)
        data = fh.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(len(data), limit)
        return data


@applies("input.not-a-file")
def report_not_regular(path: Path, name: str, findings: Findings) -> bool:
    """True (and an `input.not-a-file` finding naming `name`) when `path` exists but is a FIFO,
    device or directory where Tomcat reads a file: opening it could block, so it is not read."""
    kind = special_kind(path)
    if kind is None:
        return False
    findings.emit(
        "input.not-a-file",
        f"{name} is {kind}, not a regular file: not read",
        status=Status.MANUAL,
        location=SourceLocation(name),
    )
    return True
