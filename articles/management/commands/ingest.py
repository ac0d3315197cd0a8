"""``manage.py ingest PATH...``: ingest page dumps, HTML pages, JSONL files and ZIP archives."""

import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from articles.ingest import walk
from articles.ingest.sniff import FORMATS
from articles.pipeline import IngestResult, ingest_file

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Ingest plain-text page dumps, HTML pages (also .html.gz), JSONL files and ZIP archives of them; "
        "folders are walked recursively, hidden files skipped. Prints one line per failure and a "
        "summary; -v 2 lists every document."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder")
        parser.add_argument("--outlet", metavar="NAME", help="the outlet of every article, whatever they say")
        parser.add_argument(
            "--format", choices=FORMATS, help="read every file as this format instead of guessing it"
        )
        parser.add_argument(
            "--no-extract",
            dest="extract",
            action="store_false",
            help="store the articles without extracting their quotations and people",
        )

    def handle(self, *args, paths, outlet, format, extract, verbosity, **options):
        files = list(walk(paths))
        progress = Progress(self.stdout, len(files)) if self.stdout.isatty() and verbosity >= 1 else None
        counts = Counter()
        for path, error in files:
            if error:
                results = [IngestResult(path.name, "failed", error=error)]
            else:
                results = ingest_file(path, outlet_name=outlet, format=format, extract=extract)
            for result in results:
                counts[result.status] += 1
                if result.status == "failed":
                    self.say(self.stderr, f"failed  {result.source_name}: {result.error}", progress)
                elif verbosity >= 2:
                    self.say(
                        self.stdout,
                        f"{result.status}  {result.source_name}: {result.article.title}",
                        progress,
                    )
                if progress:
                    progress.show(counts.total())
            if progress:
                progress.files_done += 1
                progress.show(counts.total())
        if progress:
            progress.clear()
        summary = f"created {counts['created']}, duplicates {counts['duplicate']}, failed {counts['failed']}"
        if counts["updated"]:
            summary += f", updated {counts['updated']}"
        self.stdout.write(summary)
        if not counts["created"] and not counts["duplicate"] and not counts["updated"]:
            if counts["failed"]:
                raise CommandError("nothing could be ingested: every file failed")
            raise CommandError("nothing could be ingested: there are no files in the folders given")

    def say(self, stream, line, progress):
        """Write a line, above the progress bar if there is one."""
        if progress:
            progress.clear()
        stream.write(line)


class Progress:
    """A progress bar over the files, with the rate in documents per second, redrawn in place."""

    def __init__(self, stream, total_files):
        self.stream = stream
        self.total_files = total_files
        self.files_done = 0
        self.started = time.monotonic()
        self.drawn_at = 0.0

    def show(self, documents):
        now = time.monotonic()
        # Redrawing a terminal line costs more than ingesting a short document: ten times a second is enough.
        if now - self.drawn_at < 0.1:
            return
        self.drawn_at = now
        filled = BAR_WIDTH * self.files_done // max(self.total_files, 1)
        rate = documents / max(now - self.started, 1e-6)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.files_done}/{self.total_files} files, "
            f"{documents} documents, {rate:.1f}/s",
            ending="",
        )
        self.stream.flush()

    def clear(self):
        self.stream.write("\r\033[K", ending="")
        self.stream.flush()
