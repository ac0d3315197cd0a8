"""App configuration for annotations: it listens to ``articles``, which never imports it."""

from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"

    def ready(self):
        # Connects the receivers (re-anchoring when an article's body changes).
        from . import signals  # noqa: F401
