"""App configuration for the archive (search, dashboard, synthetic corpus)."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def restore_search_triggers(using, **kwargs):
    from django.db import connections

    from . import counts
    from .search.schema import install_sqlite_triggers

    if connections[using].vendor == "sqlite":
        install_sqlite_triggers(connections[using])
        counts.install_sqlite_triggers(connections[using])


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"

    def ready(self):
        # Django rebuilds a SQLite table to alter it, dropping the triggers that keep search in step.
        post_migrate.connect(restore_search_triggers, sender=self)
