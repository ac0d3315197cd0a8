"""``manage.py ingest PATH...``: ingest page dumps, HTML pages, JSONL files and ZIP archives."""

import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest import walk
from articles.ingest.sniff import FORMATS
from articles.pipeline import IngestResult, ingest_file

# Without a terminal, a line every this many documents (and one at the end).
LINE_EVERY = 50


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
        progress = Progress(self.stdout, len(files), verbosity)
        counts = Counter()
        for path, error in files:
            if error:
                results = [IngestResult(path.name, "failed", error=error)]
            else:
                results = ingest_file(path, outlet_name=outlet, format=format, extract=extract)
            for position, result in enumerate(results):
                counts[result.status] += 1
                if result.status == "failed":
                    progress.say(self.stderr, f"failed  {result.source_name}: {result.error}")
                elif verbosity >= 2:
                    progress.say(
                        self.stdout, f"{result.status}  {result.source_name}: {result.article.title}"
                    )
                # A JSONL file or an archive holds more documents than the one counted for it.
                progress.advance(more=position > 0)
            progress.files_done += 1
        progress.close()
        summary = f"created {counts['created']}, duplicates {counts['duplicate']}, failed {counts['failed']}"
        if counts["updated"]:
            summary += f", updated {counts['updated']}"
        self.stdout.write(summary)
        if not counts["created"] and not counts["duplicate"] and not counts["updated"]:
            if counts["failed"]:
                raise CommandError("nothing could be ingested: every file failed")
            raise CommandError("nothing could be ingested: there are no files in the folders given")


class Progress:
    """Documents done out of the total, with rate and time left: tqdm's bar, redrawn in place, on a
        terminal; else (a log, a pipe) a plain line every ``LINE_EVERY`` documents and one at the end when
    there were any (a short run has its summary alone). The total
        starts at one document a file and grows as JSONL files and archives turn out to hold more."""

    def __init__(self, stream, total, verbosity):
        self.stream = stream
        self.total = self.files = total
        self.files_done = 0
        self.done = 0
        self.started = time.monotonic()
        self.quiet = verbosity < 1
        self.bar = None
        if stream.isatty() and not self.quiet:
            self.bar = tqdm(total=total, unit="doc", file=stream._out, dynamic_ncols=True, mininterval=0.1)

    def advance(self, more=False):
        self.done += 1
        if more:
            self.total += 1
        if self.bar is not None:
            if more:
                self.bar.total = self.total
            self.bar.update(1)
        elif not self.quiet and self.done % LINE_EVERY == 0:
            self.line()

    def line(self):
        elapsed = max(time.monotonic() - self.started, 1e-6)
        # The files, not the documents, have a total known in advance.
        self.stream.write(
            f"{self.done} documents, {self.files_done}/{self.files} files, {self.done / elapsed:.1f}/s"
        )
        self.stream.flush()

    def say(self, stream, line):
        """Write a line, above the progress bar if there is one."""
        if self.bar is not None:
            self.bar.clear()
        stream.write(line)
        if self.bar is not None:
            self.bar.refresh()

    def close(self):
        if self.bar is not None:
            self.bar.close()
        elif not self.quiet and self.done > LINE_EVERY and self.done % LINE_EVERY:
            self.line()
