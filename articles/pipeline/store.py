"""Storing a Document: the one place where ingestion turns into rows.

An article is its text: the same body (however its white space is laid out) is stored once, and a
second ingest returns the article already there. A document from the URL of a stored article, with
other text, is a new version of it: the old text is kept as an ArticleVersion and the article's
quotations, mentions and annotations are re-anchored in the new text. Outlets are found by name
whatever its case.
"""

from dataclasses import replace

from django.db import IntegrityError, transaction

from articles.anchoring import reanchor_article
from articles.ingest import Document, IngestError
from articles.models import Article, ArticleVersion, Outlet
from articles.text import clean_body, clean_line, clean_url

CREATED, DUPLICATE, UPDATED = "created", "duplicate", "updated"


def store_document(document: Document, user=None) -> tuple[Article, str]:
    """The article and what became of the document: CREATED, DUPLICATE (its text is stored already:
    nothing changes) or UPDATED (a new version of the article from its URL)."""
    document = cleaned(document)
    content_hash = Article.hash_body(document.body)
    with transaction.atomic():
        existing = find_duplicate(document, content_hash)
        if existing is not None:
            return existing, DUPLICATE
        if document.url:
            earlier = Article.objects.select_for_update().filter(url=document.url).first()
            if earlier is not None:
                return store_version(earlier, document, content_hash, user), UPDATED
        article = Article(
            outlet=outlet_named(document.outlet_name),
            title=fit(document.title or document.source_name or "Untitled", "title"),
            title_generated=document.title_generated,
            author=fit(document.author, "author"),
            url=document.url,
            published_at=document.published_at,
            language=document.language,
            body=document.body,
            raw=document.raw,
            encoding=document.encoding,
            source_format=document.source_format,
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
            return existing, DUPLICATE
    return article, CREATED


def cleaned(document):
    """The document without control characters (nor bidi overrides, in its one-line fields)."""
    body = clean_body(document.body)
    if not body.strip():
        raise IngestError("the article has no text")
    return replace(
        document,
        title=clean_line(document.title),
        author=clean_line(document.author),
        outlet_name=document.outlet_name and clean_line(document.outlet_name),
        url=document.url and clean_url(document.url),
        body=body,
    )


def find_duplicate(document, content_hash):
    """The article already stored with this text, or None."""
    return Article.objects.filter(content_hash=content_hash).first()


def store_version(article, document, content_hash, user=None):
    """Keep the article's text as a version, replace it with the document's, and re-anchor what
    pointed into the old text; its slug, and so its address, stays."""
    ArticleVersion.keep(article, user)
    old_body = article.body
    # A title made up from the first sentence does not replace a real one.
    if not document.title_generated or article.title_generated:
        article.title = fit(document.title or article.title, "title")
        article.title_generated = document.title_generated
    if document.outlet_name:
        article.outlet = outlet_named(document.outlet_name)
    article.author = fit(document.author, "author") or article.author
    article.published_at = document.published_at or article.published_at
    article.language = document.language or article.language
    article.body = document.body
    article.raw = document.raw
    article.encoding = document.encoding
    article.source_format = document.source_format
    article.source_name = fit(document.source_name, "source_name")
    article.content_hash = content_hash
    article.save()
    reanchor_article(article, old_body)
    return article


def outlet_named(name):
    """The outlet called ``name`` (any case), created when there is none; None for no name."""
    name = fit(" ".join(clean_line(name or "").split()), "name", model=Outlet)
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
