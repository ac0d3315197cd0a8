"""App configuration for articles."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and people"

    def ready(self):
        from .names import set_trigram_threshold

        connection_created.connect(set_trigram_threshold)
