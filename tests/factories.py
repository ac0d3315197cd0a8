"""Small factories: each makes one valid object with sensible defaults that a test can override."""

from itertools import count

from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article, Mention, Outlet, Person, PersonAlias, Quotation

_numbers = count(1)

BODY = (
    "Chechnya head Ramzan Kadyrov said that five soldiers have returned.\n\n"
    "“War should be no reason to fall into captivity,” Kadyrov posted on Telegram.\n\n"
    "Kadyrov noted that “captivity is not a crime,” and that the authorities “are glad.”"
)


def make_outlet(name=None, **fields):
    return Outlet.objects.create(name=name or f"Outlet {next(_numbers)}", **fields)


def make_article(title=None, body=None, outlet=None, tags=(), **fields):
    """An article; without a body, BODY plus a line that keeps its content hash unique."""
    number = next(_numbers)
    if outlet is None:
        outlet = make_outlet()
    article = Article.objects.create(
        title=title or f"Article {number}",
        body=body if body is not None else f"{BODY}\n\nArticle number {number}.",
        outlet=outlet,
        **fields,
    )
    if tags:
        article.tags.add(*tags)
    return article


def make_person(name="Ramzan Kadyrov", aliases=(), **fields):
    person = Person.objects.create(name=name, **fields)
    for alias in aliases:
        PersonAlias.objects.create(person=person, name=alias)
    return person


def quote(article, text, occurrence=0, **fields):
    """A quotation of ``text`` at its ``occurrence``-th place in the article's body."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.body.index(text, start + 1)
    return Quotation.objects.create(article=article, text=text, start=start, end=start + len(text), **fields)


def mention(article, person, text, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = article.body.index(text, start + 1)
    return Mention.objects.create(
        article=article, person=person, text=text, start=start, end=start + len(text)
    )


def annotate(article, text, author, **fields):
    start = article.body.index(text)
    annotation = Annotation(
        article=article, author=author, exact=text, start=start, end=start + len(text), **fields
    )
    annotation.fill_context()
    annotation.save()
    return annotation


# Admin form data


def admin_url(model, view="changelist", *args):
    app_label = "annotations" if model == "annotation" else "articles"
    return reverse(f"admin:{app_label}_{model}_{view}", args=args)


def management_form(prefix, total, initial=0):
    """The management form fields of an inline formset posted with ``total`` forms."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form(article, **fields):
    """The article change form's data as the browser posts it, with empty inlines."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "outlet": article.outlet_id or "",
        "url": article.url,
        "published_at_0": "",
        "published_at_1": "",
        "language": article.language,
        "tags": "",
        "body": article.body,
        "source_name": article.source_name,
        "encoding": article.encoding,
        **management_form("quotations", 0),
        **management_form("mentions", 0),
    }
    data.update(fields)
    return data
