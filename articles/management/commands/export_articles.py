"""``manage.py export_articles --format jsonl|csv``: articles as JSON Lines, or their quotations as CSV."""

from functools import partial

from django.core.management.base import BaseCommand, CommandError

from articles.export import export_csv, export_jsonl
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Export every article with its people, quotations and tags, in the shape score_extraction.py reads "
        "(jsonl), or every quotation with its article, one row each, for spreadsheets (csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["jsonl", "csv"],
            default="jsonl",
            help="jsonl: one article per line; csv: one quotation per row",
        )
        parser.add_argument("--output", metavar="FILE", help="write to FILE (UTF-8) instead of stdout")
        parser.add_argument(
            "--base-url",
            default="",
            metavar="URL",
            help="the site's address, e.g. https://newsroom.example.org, so that CSV links are complete",
        )

    def handle(self, *args, format, output, base_url, verbosity, **options):
        articles = Article.objects.order_by("pk")
        if format == "csv":
            write, what = partial(export_csv, articles, base_url=base_url), "quotations"
        else:
            write, what = partial(export_jsonl, articles), "articles"
        if not output:
            write(self.stdout)
            return
        try:
            # A byte order mark tells spreadsheet programs that the CSV is UTF-8; JSON readers want none.
            encoding = "utf-8-sig" if format == "csv" else "utf-8"
            with open(output, "w", encoding=encoding, newline="") as stream:
                count = write(stream)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror or error}") from None
        if verbosity >= 1:
            self.stdout.write(f"exported {count} {what} to {output}")
