"""``manage.py export_articles --format jsonl``: every article, its people and quotations, one per line."""

from django.core.management.base import BaseCommand, CommandError

from articles.export import export_jsonl
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Export every article with its people, quotations and tags, in the shape score_extraction.py reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl"], default="jsonl", help="one JSON object per line")
        parser.add_argument("--output", metavar="FILE", help="write to FILE (UTF-8) instead of stdout")

    def handle(self, *args, output, verbosity, **options):
        articles = Article.objects.order_by("pk")
        if not output:
            export_jsonl(articles, self.stdout)
            return
        try:
            with open(output, "w", encoding="utf-8") as stream:
                count = export_jsonl(articles, stream)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror or error}") from None
        if verbosity >= 1:
            self.stdout.write(f"exported {count} articles to {output}")
