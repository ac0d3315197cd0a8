"""``manage.py extract [--all | SLUG...]``: extract the quotations and people of articles again."""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.pipeline import extract_article


class Command(BaseCommand):
    help = (
        "Extract quotations, speakers and people again for the articles given by slug, or for --all. "
        "Quotations an editor confirmed, rejected, edited or made are kept as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG")
        parser.add_argument("--all", action="store_true", help="every article")

    def handle(self, *args, slugs, verbosity, **options):
        if options["all"] == bool(slugs):
            raise CommandError("Give article slugs or --all (not both).")
        articles = Article.objects.order_by("pk")
        if slugs:
            articles = articles.filter(slug__in=slugs)
            missing = set(slugs) - set(articles.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No article with the slug {', '.join(sorted(missing))}.")
        totals = {"articles": 0, "quotations": 0, "mentions": 0, "people": 0, "ambiguous": 0}
        for article in articles.iterator(chunk_size=100):
            applied = extract_article(article)
            totals["articles"] += 1
            totals["quotations"] += applied.quotations
            totals["mentions"] += applied.mentions
            totals["people"] += len(applied.new_people)
            totals["ambiguous"] += len(applied.ambiguous)
            if verbosity >= 2:
                self.stdout.write(
                    f"{article.slug}: {applied.quotations} quotations suggested, {applied.kept} kept, "
                    f"{applied.mentions} mentions"
                )
            for name in applied.ambiguous:
                self.stdout.write(f"{article.slug}: {name!r} fits several known people; check the guess")
        self.stdout.write(
            "{articles} articles: {quotations} quotations suggested, {mentions} mentions, "
            "{people} new people, {ambiguous} ambiguous names".format(**totals)
        )
