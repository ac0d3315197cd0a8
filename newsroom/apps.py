"""The project as an app: its management commands (a db_worker that survives a lost database,
export_all and import_all) and the task signals that log each task."""

from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from .logging import connect_task_signals

        connect_task_signals()
