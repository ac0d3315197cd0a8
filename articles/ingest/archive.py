"""ZIP archives of documents, read in memory: nothing is ever written to disk.

An archive is a batch: each entry is read and judged on its own, so a bad entry fails alone. The
limits stop ZIP bombs: the number of files, each entry's size as it is actually inflated (the sizes
an archive declares can lie) and the total inflated, counted as it is inflated. An entry is refused
as soon as it passes its limit (told by its first bytes: one document, or a bulk file of many), one
that declares a size past it before it is inflated at all, and once the total is reached the other
entries are refused without inflating a byte. An entry whose path climbs out of the archive
(``../``) or starts at the root fails, whatever else the archive holds, because such a path is an
attack on programs that unpack to disk, never a mistake.
"""

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath

from .documents import IngestError
from .sniff import SNIFF_BYTES

WINDOWS_DRIVE = re.compile(r"[a-zA-Z]:")
# What macOS and Windows add to archives they make: never articles.
JUNK = ("__MACOSX", "Thumbs.db", "desktop.ini")


def read_zip(
    raw: bytes, *, limit: Callable[[bytes, str], int], max_total_bytes: int, max_entries: int
) -> Iterator[tuple[str, bytes | IngestError]]:
    """(entry name, its bytes or the IngestError that stopped it) for each file, in name order.

    ``limit(head, name)`` is the most an entry may unpack to, told from its first bytes and its name.
    Every byte inflated counts towards ``max_total_bytes``, a refused entry's too; once it is reached,
    the other entries are refused without inflating a byte. Raises IngestError when the archive as a
    whole cannot be read or holds too many files.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise IngestError("the ZIP archive is damaged and cannot be opened") from None
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir() and not is_junk(info.filename)]
        if len(entries) > max_entries:
            raise IngestError(
                f"the ZIP archive holds {len(entries):,} files, and the limit is {max_entries:,}"
            )
        total = 0
        for info in sorted(entries, key=lambda info: info.filename):
            try:
                if total > max_total_bytes:
                    raise too_much_in_all(max_total_bytes)
                data, max_bytes = read_entry(archive, info, limit, max_total_bytes - total)
                total += len(data)
                if len(data) > max_bytes:
                    raise too_large(max_bytes)
                if total > max_total_bytes:
                    raise too_much_in_all(max_total_bytes)
            except Damaged as error:
                # zipfile inflates a damaged entry up to its declared size before the CRC check fails.
                total += min(info.file_size, error.budget + 1)
                yield info.filename, error
                continue
            except IngestError as error:
                yield info.filename, error
                continue
            yield info.filename, data


class Damaged(IngestError):
    """An entry that cannot be inflated, after part of it may have been; ``budget`` was what was left."""

    def __init__(self, message, budget):
        super().__init__(message)
        self.budget = budget


def read_entry(archive, info, limit, budget):
    """(the entry's bytes, its limit): read one byte past its limit or past what is left of the
    archive's ``budget``, whichever comes first, and no further."""
    if unsafe_path(info.filename):
        raise IngestError("the entry's path leads outside the archive, so it is not read")
    if info.flag_bits & 0x1:
        raise IngestError("the entry is encrypted")
    try:
        with archive.open(info) as entry:
            head = entry.read(min(SNIFF_BYTES, budget + 1))
            max_bytes = limit(head, info.filename)
            # A declared size past the limit is refused at once; a smaller one may be a lie, and zipfile
            # stops there anyway (and then fails the CRC check).
            if info.file_size > max_bytes:
                raise too_large(max_bytes)
            wanted = min(max_bytes, budget) + 1 - len(head)
            return (head + entry.read(wanted) if wanted > 0 else head), max_bytes
    except NotImplementedError:
        problem = "the entry is compressed in a way that cannot be unpacked"
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        problem = "the entry is damaged and cannot be unpacked"
    # Raised outside the except clauses, so that it holds no reference to what was inflated.
    raise Damaged(problem, budget)


def too_much_in_all(max_total_bytes):
    return IngestError(
        f"not read: the archive's files unpack to more than the limit of {max_total_bytes:,} bytes in all"
    )


def too_large(max_bytes):
    return IngestError(f"the file unpacks to more than the limit of {max_bytes:,} bytes")


def unsafe_path(name):
    path = name.replace("\\", "/")
    return path.startswith("/") or WINDOWS_DRIVE.match(path) is not None or ".." in PurePosixPath(path).parts


def is_junk(name):
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return any(part.startswith(".") and part != ".." or part in JUNK for part in parts)
