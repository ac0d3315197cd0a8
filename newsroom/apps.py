"""The project as an app: its management commands (a db_worker that survives a lost database,
export_all and import_all) and the signals that log each task and end each request's id."""

from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from .logging import connect_signals

        connect_signals()
