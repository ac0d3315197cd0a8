"""``manage.py export_all FILE``: the whole database in one file, for a backup or a move to another
database (SQLite ⇄ PostgreSQL); ``import_all FILE`` loads it into an empty one.

It is Django's ``dumpdata`` with the options that make such a file portable: foreign keys to content
types and permissions by their natural keys (the ids differ between databases), and without what
``migrate`` makes again (content types, permissions) or what is not worth moving (sessions, the task
queue's results). Every app's rows are in it: users and groups, outlets, articles with their earlier
versions, people, quotations, mentions, annotations, tags, ingestion batches, the admin's history.
A name ending in .gz, .bz2, .xz or .lzma is compressed.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

# What `migrate` creates in every database, and what has no value elsewhere.
# The archive's full-text tables are derived from the rows (SQLite triggers, PostgreSQL generated
# columns) and exist on SQLite only: the importing database builds its own.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "django_tasks_database", "archive"]


class Command(BaseCommand):
    help = "Write the whole database to FILE (JSON; compressed by its extension), for import_all."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write, e.g. newsroom-2026-01-31.json.gz")

    def handle(self, *, file, verbosity, **options):
        call_command(
            "dumpdata",
            natural_foreign=True,
            use_base_manager=True,
            exclude=EXCLUDED,
            output=file,
            verbosity=0,
        )
        if verbosity:
            self.stdout.write(f"Wrote the database to {file}.")
