"""Storing a Document: the one place where ingestion turns into rows.

An article is its text: the same body (however its white space is laid out) is stored once, and a
second ingest returns the article already there. Outlets are found by name whatever its case.
"""

from django.db import IntegrityError, transaction

from articles.models import Article, Outlet

from .documents import Document, IngestError


def store_document(document: Document, user=None) -> tuple[Article, bool]:
    """(the article, True) for a new document; (the article already stored, False) for a duplicate."""
    content_hash = Article.hash_body(document.body)
    with transaction.atomic():
        existing = find_duplicate(document, content_hash)
        if existing is not None:
            return existing, False
        article = Article(
            outlet=outlet_named(document.outlet_name),
            title=fit(document.title or document.source_name or "Untitled", "title"),
            url=document.url,
            published_at=document.published_at,
            language=document.language,
            body=document.body,
            raw=document.raw,
            encoding=document.encoding,
            source_name=fit(document.source_name, "source_name"),
            content_hash=content_hash,
            ingested_by=user,
        )
        try:
            # A savepoint, so that the transaction is still usable when the insert fails.
            with transaction.atomic():
                article.save()
        except IntegrityError:
            # Another process stored the same text between our check and our insert.
            existing = find_duplicate(document, content_hash)
            if existing is None:
                raise
            return existing, False
    return article, True


def find_duplicate(document, content_hash):
    """The article already stored with this text, or None; a URL stored with other text is an error."""
    article = Article.objects.filter(content_hash=content_hash).first()
    if article is not None:
        return article
    if document.url:
        article = Article.objects.filter(url=document.url).first()
        if article is not None:
            raise IngestError(
                f"an article from {document.url} is already stored with different text "
                f"(“{article.title}”); storing a new version of an article is not supported"
            )
    return None


def outlet_named(name):
    """The outlet called ``name`` (any case), created when there is none; None for no name."""
    name = fit(" ".join((name or "").split()), "name", model=Outlet)
    if not name:
        return None
    outlet = Outlet.objects.filter(name__iexact=name).order_by("pk").first()
    if outlet is not None:
        return outlet
    try:
        with transaction.atomic():
            return Outlet.objects.create(name=name)
    except IntegrityError:
        # Created by another process in the meantime.
        outlet = Outlet.objects.filter(name__iexact=name).order_by("pk").first()
        if outlet is None:
            raise
        return outlet


def fit(text, field, model=Article):
    """``text`` cut to the field's maximum length, so that a long file name cannot fail the insert."""
    limit = model._meta.get_field(field).max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"
