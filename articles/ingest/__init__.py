"""Reading: bytes in, Documents out, with no database (the first step of ``articles.pipeline``).

- ``documents``: the plain values, Document and IngestError.
- ``sniff``: what the bytes are (format) and how they decode (encoding).
- ``reader``: any input to Documents: text dumps (``text``), HTML pages (``html``), JSON Lines
  (``jsonl``), ZIP archives of any of these (``archive``), gzipped files.
- ``boilerplate``: generic rules for navigation lines and trailing donation appeals.
- ``files``: the files to read under the paths a command is given.
- ``ahead``: HTML pages read by worker processes while the caller stores the ones before.

Every problem with the input is an IngestError for its document alone, so one bad file never stops a
batch. Storing the Documents is the pipeline's next step (``articles.pipeline.store``).
"""

from .ahead import read_ahead
from .documents import Document, IngestError
from .files import walk
from .reader import BULK_FACTOR, check_size, human_size, read_documents

__all__ = [
    "BULK_FACTOR",
    "Document",
    "IngestError",
    "check_size",
    "human_size",
    "read_ahead",
    "read_documents",
    "walk",
]
