"""What ``articles`` announces to the apps built on it, which ``articles`` itself never imports.

``body_changed`` is sent after an article's body changed and its own quotations and mentions were
re-anchored, with ``change``, an ``anchoring.BodyChange``: a receiver calls ``change.reanchor(rows)``
for the spans it keeps in that article (``annotations`` does, for annotations), and what became of
them adds up in ``change.result`` with the rest.
"""

from django.dispatch import Signal

body_changed = Signal()
