"""``manage.py import_annotations FILE...``: restore annotations from W3C JSON-LD exports."""

import json

from django.core.management.base import BaseCommand, CommandError

from annotations.interchange import import_jsonld


class Command(BaseCommand):
    help = "Import annotations from W3C JSON-LD files (an AnnotationCollection, as the export writes)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *files, **options):
        totals = [0, 0, 0]
        failed = 0
        for name in options["files"]:
            try:
                with open(name, encoding="utf-8") as file:
                    data = json.load(file)
            except (OSError, ValueError) as error:
                raise CommandError(f"{name}: {error}") from None
            created, updated, orphaned, errors = import_jsonld(data)
            for position, message in errors:
                self.stderr.write(f"{name}, annotation {position}: {message}")
            totals = [totals[0] + created, totals[1] + updated, totals[2] + orphaned]
            failed += len(errors)
        created, updated, orphaned = totals
        self.stdout.write(f"created {created}, updated {updated}, orphaned {orphaned}, failed {failed}")
