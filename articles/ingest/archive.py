"""ZIP archives of documents, read in memory: nothing is ever written to disk.

An archive is a batch: each entry is read and judged on its own, so a bad entry fails alone. The
limits stop ZIP bombs: the number of files, each entry's size as it is actually inflated (the sizes
an archive declares can lie) and the total inflated. An entry whose path climbs out of the archive
(``../``) or starts at the root fails, whatever else the archive holds, because such a path is an
attack on programs that unpack to disk, never a mistake.
"""

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath

from .documents import IngestError

WINDOWS_DRIVE = re.compile(r"[a-zA-Z]:")
# What macOS and Windows add to archives they make: never articles.
JUNK = ("__MACOSX", "Thumbs.db", "desktop.ini")


def read_zip(
    raw: bytes, *, max_entry_bytes: int, max_total_bytes: int, max_entries: int
) -> Iterator[tuple[str, bytes | IngestError]]:
    """(entry name, its bytes or the IngestError that stopped it) for each file, in name order.

    Raises IngestError when the archive as a whole cannot be read or holds too many files.
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
                data = read_entry(archive, info, max_entry_bytes)
                if total + len(data) > max_total_bytes:
                    raise IngestError(
                        f"not read: the archive's files unpack to more than the limit of {max_total_bytes:,} "
                        "bytes in all"
                    )
            except IngestError as error:
                yield info.filename, error
                continue
            total += len(data)
            yield info.filename, data


def read_entry(archive, info, max_bytes):
    if unsafe_path(info.filename):
        raise IngestError("the entry's path leads outside the archive, so it is not read")
    if info.flag_bits & 0x1:
        raise IngestError("the entry is encrypted")
    try:
        with archive.open(info) as entry:
            # Read one byte past the limit, never the whole entry: its declared size may be a lie.
            data = entry.read(max_bytes + 1)
    except NotImplementedError:
        raise IngestError("the entry is compressed in a way that cannot be unpacked") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise IngestError("the entry is damaged and cannot be unpacked") from None
    if len(data) > max_bytes:
        raise IngestError(f"the file unpacks to more than the limit of {max_bytes:,} bytes")
    return data


def unsafe_path(name):
    path = name.replace("\\", "/")
    return path.startswith("/") or WINDOWS_DRIVE.match(path) is not None or ".." in PurePosixPath(path).parts


def is_junk(name):
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return any(part.startswith(".") and part != ".." or part in JUNK for part in parts)
