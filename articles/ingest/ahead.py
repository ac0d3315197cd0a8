"""Reading ahead: HTML pages read by worker processes while the caller stores the pages read before.

Reading an HTML page (trafilatura) takes about as long as storing it and extracting its quotations,
so ``manage.py ingest`` hands the pages of a folder to ``jobs`` worker processes and takes their
Documents back in the files' order. Other formats are left to the caller: page dumps look up the
known outlets in the database, and every other format is quick to read. A page a worker cannot give
back (the file went away, a worker died) is left to the caller too, which reads it again and reports
what is wrong as usual.

Workers are started afresh ("spawn"), never forked from a process that holds database connections
and threads; they import this package and trafilatura, not Django, and the program's main module,
as multiprocessing does: a program that uses ``read_ahead`` runs its work under
``if __name__ == "__main__"`` (manage.py does).
"""

import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from .documents import Document, IngestError
from .reader import BULK_FACTOR, check_size, read_documents
from .sniff import GZIP_SIGNATURE, SNIFF_BYTES, detect_format

# Pages handed out per worker ahead of the one the caller waits for: enough that none sits idle.
AHEAD_PER_JOB = 4

Read = list[tuple[str, Document | IngestError]]


def read_ahead(
    files: Iterable[tuple[Path, str | None]],
    *,
    jobs: int,
    max_bytes: int,
    format: str | None = None,
    outlet_name: str | None = None,
) -> Iterator[tuple[Path, str | None, Read | None]]:
    """(path, error, what was read) for each (path, error) of ``files``, in their order.

    What was read is ``read_documents``'s pairs for an HTML page read by a worker, else None: the
    caller reads the file itself. With ``jobs`` below 1 nothing is read here.
    """
    if jobs < 1:
        for path, error in files:
            yield path, error, None
        return
    pool = ProcessPoolExecutor(jobs, mp_context=get_context("spawn"))
    pending = deque()
    try:
        for path, error in files:
            future = None
            if error is None and is_html_file(path, format):
                future = submitted(pool, path, max_bytes=max_bytes, format=format, outlet_name=outlet_name)
            pending.append((path, error, future))
            while len(pending) > jobs * AHEAD_PER_JOB:
                yield collected(*pending.popleft())
        while pending:
            yield collected(*pending.popleft())
    finally:
        pool.shutdown(cancel_futures=True)


def submitted(pool, path, **options):
    """The future of ``read_page(path)`` in the pool; None when the pool cannot take it (a worker
    died, and with it the pool): the caller reads the page."""
    try:
        return pool.submit(read_page, path, **options)
    except BrokenProcessPool:
        return None


def collected(path, error, future):
    if future is None:
        return path, error, None
    try:
        return path, error, future.result()
    except Exception:
        # Read again by the caller, which says what is wrong with the file (or reads it after all).
        return path, error, None


def read_page(path: Path, *, max_bytes, format, outlet_name) -> Read:
    """In a worker: every document of the page at ``path``, as ``read_documents`` gives them."""
    check_size(path.stat().st_size, max_bytes * BULK_FACTOR)
    raw = path.read_bytes()
    return list(read_documents(raw, path.name, max_bytes=max_bytes, format=format, outlet_name=outlet_name))


def is_html_file(path, format=None):
    """Whether the file at ``path`` is to be read as an HTML page, told from its first bytes (inflated,
    when it is gzipped) and its name, as ``read_documents`` tells it."""
    if format is not None:
        return format == "html"
    try:
        with path.open("rb") as file:
            head = file.read(SNIFF_BYTES)
        name = path.name
        if head.startswith(GZIP_SIGNATURE):
            head = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16).decompress(head, SNIFF_BYTES)
            name = name[:-3] if name.lower().endswith(".gz") else name
        return detect_format(head, name) == "html"
    except (OSError, zlib.error, IngestError):
        return False
