"""``manage.py ingest PATH...``: ingest plain-text page dumps from files and folders."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from articles.ingest import ingest_paths


class Command(BaseCommand):
    help = (
        "Ingest plain-text page dumps; folders are walked recursively, hidden files skipped. "
        "Prints one line per failure and a summary; -v 2 lists every file."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder")
        parser.add_argument("--outlet", metavar="NAME", help="the outlet of every article, whatever they say")

    def handle(self, *args, paths, outlet, verbosity, **options):
        counts = Counter()
        for result in ingest_paths(paths, outlet_name=outlet):
            counts[result.status] += 1
            if result.status == "failed":
                self.stderr.write(f"failed  {result.source_name}: {result.error}")
            elif verbosity >= 2:
                self.stdout.write(f"{result.status}  {result.source_name}: {result.article.title}")
        self.stdout.write(
            f"created {counts['created']}, duplicates {counts['duplicate']}, failed {counts['failed']}"
        )
        if not counts["created"] and not counts["duplicate"]:
            if counts["failed"]:
                raise CommandError("nothing could be ingested: every file failed")
            raise CommandError("nothing could be ingested: there are no files in the folders given")
