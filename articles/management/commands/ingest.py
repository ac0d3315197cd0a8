"""``manage.py ingest PATH...``: ingest page dumps, HTML pages, JSONL files and ZIP archives.

HTML pages are read by worker processes (``--jobs``) while the command stores the pages read before
them, and the files are stored ``FILES_PER_TRANSACTION`` to a transaction (each document in a
savepoint of its own, so one that fails leaves the others) rather than a commit, and a flush to disk
on PostgreSQL, per document. Should the command itself stop on an error, the files of the transaction
under way are not stored, and the next run ingests them.
"""

import os
import time
from collections import Counter
from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from articles.ingest import walk
from articles.ingest.sniff import FORMATS
from articles.pipeline import ingest_files

# Without a terminal, a line every this many documents (and one at the end).
LINE_EVERY = 50
# Short enough that a server writing beside the command waits for its lock a fraction of a second.
FILES_PER_TRANSACTION = 20
# Below this many files, starting worker processes takes longer than reading the pages here.
MIN_FILES_FOR_JOBS = 8


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
            "--jobs",
            type=int,
            metavar="N",
            help="worker processes that read HTML pages while the command stores the ones before "
            "(default on the command line: one fewer than the CPUs; 0 reads everything in the "
            "command's process)",
        )
        parser.add_argument(
            "--no-extract",
            dest="extract",
            action="store_false",
            help="store the articles without extracting their quotations and people",
        )

    def run_from_argv(self, argv):
        # Worker processes import the program's main module again: manage.py's is guarded, but a
        # script calling call_command("ingest") may not be, so only the command line has them unasked.
        self.default_jobs = max(0, (os.process_cpu_count() or 1) - 1)
        super().run_from_argv(argv)

    def handle(self, *args, paths, outlet, format, extract, jobs, verbosity, **options):
        if jobs is None:
            jobs = getattr(self, "default_jobs", 0)
        files = list(walk(paths))
        progress = Progress(self.stdout, len(files), verbosity)
        counts = Counter()
        pending = ingest_files(
            files,
            outlet_name=outlet,
            format=format,
            extract=extract,
            jobs=jobs if len(files) >= MIN_FILES_FOR_JOBS else 0,
        )
        # One (path, results) per file: the files, a transaction at a time.
        for _ in range(0, len(files), FILES_PER_TRANSACTION):
            with transaction.atomic():
                for _path, results in islice(pending, FILES_PER_TRANSACTION):
                    self.report(results, progress, counts, verbosity)
        progress.close()
        summary = f"created {counts['created']}, duplicates {counts['duplicate']}, failed {counts['failed']}"
        if counts["updated"]:
            summary += f", updated {counts['updated']}"
        self.stdout.write(summary)
        if not counts["created"] and not counts["duplicate"] and not counts["updated"]:
            if counts["failed"]:
                raise CommandError("nothing could be ingested: every file failed")
            raise CommandError("nothing could be ingested: there are no files in the folders given")

    def report(self, results, progress, counts, verbosity):
        """Store a file's documents (``results`` does, as it is read), counting and showing each."""
        for position, result in enumerate(results):
            counts[result.status] += 1
            if result.status == "failed":
                progress.say(self.stderr, f"failed  {result.source_name}: {result.error}")
            elif verbosity >= 2:
                progress.say(self.stdout, f"{result.status}  {result.source_name}: {result.article.title}")
            # A JSONL file or an archive holds more documents than the one counted for it.
            progress.advance(more=position > 0)
        progress.files_done += 1


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
