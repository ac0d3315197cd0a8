"""``manage.py import_all FILE``: load an ``export_all`` file into an empty database.

The database is migrated first, then the file is loaded in one transaction (all or nothing), with
PostgreSQL's id sequences moved past the loaded rows, and people's stored counts counted again. A
database that already holds users or articles is refused: rows with the same ids would be
overwritten. Ingestion batches that were still waiting are queued again for the workers.
"""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.counts import recount
from articles.models import Article, IngestBatch
from articles.tasks import queue_batch


class Command(BaseCommand):
    help = "Load a file written by export_all into an empty database (migrated first)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by export_all")

    def handle(self, *, file, verbosity, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if get_user_model().objects.exists() or Article.objects.exists():
            raise CommandError(
                "This database already holds users or articles: import_all loads into an empty "
                "database only (create one, or point DATABASE_URL at a new one)."
            )
        call_command("loaddata", file, verbosity=0)
        # People's quotation counts are kept by triggers (archive.counts), which counted the loaded
        # quotations on top of the loaded counts: count them once.
        recount(connection)
        waiting = IngestBatch.objects.filter(
            status__in=[IngestBatch.Status.QUEUED, IngestBatch.Status.RUNNING], uploads__isnull=False
        ).distinct()
        for batch_id in waiting.values_list("pk", flat=True):
            queue_batch(batch_id)
        if verbosity:
            self.stdout.write(
                f"Loaded {file}: {get_user_model().objects.count()} users, "
                f"{Article.objects.count()} articles."
            )
