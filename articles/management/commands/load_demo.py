"""Load the demo: the seed article and a demo editor whose login is printed. Safe to run again."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.pipeline import ingest_bytes
from newsroom.permissions import EDITORS, role

DEMO_ARTICLE = Path(__file__).resolve().parents[2] / "demo" / "00_kadyrov_pows.txt"
DEMO_USERNAME = "editor"


class Command(BaseCommand):
    help = "Ingest the seed article and create the demo editor (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo editor has a well-known password: load_demo only runs with DEBUG on."
            )
        [result] = ingest_bytes(DEMO_ARTICLE.read_bytes(), DEMO_ARTICLE.name)
        if result.status == "failed":
            raise CommandError(f"The demo article could not be ingested: {result.error}")
        self.stdout.write(f"Demo article {result.status}: {result.article.get_absolute_url()}")

        password = os.environ.get("DEMO_PASSWORD", "newsroom-demo")
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True, "email": "editor@example.com"}
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(role(EDITORS))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor {'created' if created else 'ready'}: log in at /accounts/login/ or /admin/ "
                f"as {DEMO_USERNAME!r} with password {password!r}"
                + ("" if created else " (unless you changed it)")
            )
        )
