"""The admin of articles, split by concern:

- ``articles``: outlets and articles (quotations and mentions inline, orphans, versions, exports);
- ``quotations``: quotations and mentions; ``people``: people and aliases (merging two);
- ``ingest``: the "Ingest articles" page and a batch's page, views of their own;
- ``records``: what the app writes and nobody edits (versions, ingestion batches and items);
- ``spans``: what every admin of spans shares;
- ``edits``: what every admin of edited rows shares (history pages, the version check, the trash).

This module is the public face of the package: another app's admin (``annotations.admin``) imports
the names below from here, never from the modules inside.
"""

from . import people, quotations, records  # noqa: F401 (their ModelAdmins register on import)
from .articles import ArticleAdmin
from .edits import EditedAdmin, TrashAdmin
from .spans import BodyTextField, SpanForm, attach_again

__all__ = ["ArticleAdmin", "BodyTextField", "EditedAdmin", "SpanForm", "TrashAdmin", "attach_again"]
