"""The admin's ingestion pages, views of their own under the article admin's URLs: "Ingest articles"
(files, one, many or a ZIP; pasted text or a web address; the format to read them as and the outlet
they come from) and a batch's page (what became of each document; while it runs, its progress)."""

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles.ingest.sniff import FORMATS
from articles.models import IngestBatch, IngestItem, Outlet
from articles.tasks import COUNTERS, start_batch

INGEST_ITEMS_PER_PAGE = 100

# What the form calls each format the readers know; ``manage.py ingest --format`` takes the same
# FORMATS, and a format added there without a name here stops the app at import.
FORMAT_NAMES = {
    "text": "Plain-text page dump",
    "html": "HTML page",
    "jsonl": "JSON Lines",
    "zip": "ZIP archive",
}
# The empty choice, also an IngestBatch's blank format: each file's format is detected.
FORMAT_CHOICES = [("", "Detect from the file (default)"), *((name, FORMAT_NAMES[name]) for name in FORMATS)]


def format_name(format):
    """A batch's format in words, or "" when each file's was detected."""
    return FORMAT_NAMES.get(format, format)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes any number of files and cleans to a list of them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class IngestForm(forms.Form):
    files = MultipleFileField(
        required=False,
        # An empty file is a failed row in the results, beside the files that went in.
        allow_empty_file=True,
        # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FILES (100) files in one request.
        help_text="Text page dumps, HTML pages (also .html.gz), JSON Lines, or ZIP archives of them: up "
        "to 100 files at once; put more in a ZIP archive.",
    )
    text = forms.CharField(
        label="Or paste an article",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "vLargeTextField"}),
        help_text="A page's text as copied from the browser, title first.",
    )
    url = forms.URLField(
        label="Or a web address",
        required=False,
        assume_scheme="https",
        max_length=2000,
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        help_text="The page is fetched and its article ingested, with this address as its URL.",
    )
    format = forms.ChoiceField(
        label="Read files as",
        choices=FORMAT_CHOICES,
        required=False,
        help_text="For the files and the pasted text, when their format is not told right from their "
        "contents and name. A web page is always read as HTML.",
    )
    outlet = forms.ModelChoiceField(
        Outlet.objects.all(),
        required=False,
        empty_label="as each document says",
        help_text="The outlet of every article ingested here, whatever the documents say.",
    )
    new_outlet = forms.CharField(
        label="or a new outlet",
        required=False,
        max_length=200,
        help_text="Its name; it is created unless an outlet of that name exists.",
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        # URLField also takes ftp:// addresses; the fetcher reads only web pages.
        if url and urlsplit(url).scheme not in ("http", "https"):
            raise forms.ValidationError("Only http:// and https:// addresses can be fetched.")
        return url

    def clean(self):
        cleaned = super().clean()
        given = cleaned.get("files") or cleaned.get("text", "").strip() or cleaned.get("url")
        if not given and not self.errors:
            raise forms.ValidationError("Choose files, paste an article or give a web address.")
        if cleaned.get("outlet") and cleaned.get("new_outlet", "").strip():
            self.add_error("new_outlet", "Choose an outlet or name a new one, not both.")
        return cleaned

    def outlet_name(self):
        """The outlet every article gets, or None to take each document's own."""
        outlet = self.cleaned_data["outlet"]
        return outlet.name if outlet else " ".join(self.cleaned_data["new_outlet"].split()) or None


def ingest_urls(model_admin):
    """The ingestion pages, under the article admin (``admin/articles/article/ingest/``); adding
    articles is what lets an editor see them."""
    view = model_admin.admin_site.admin_view
    options = {"model_admin": model_admin}
    return [
        path("ingest/", view(ingest_page), options, name="articles_article_ingest"),
        path("ingest/<uuid:uuid>/", view(batch_page), options, name="articles_article_ingest_batch"),
    ]


def batch_url(batch):
    return reverse("admin:articles_article_ingest_batch", args=[batch.uuid])


def page_context(request, model_admin, title):
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, "title": title}


def ingest_page(request, model_admin):
    """Files, pasted text or a web address in; then the batch's page."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        form = IngestForm(request.POST, request.FILES)
        if form.is_valid():
            batch = start_batch(
                files=form.cleaned_data["files"],
                text=form.cleaned_data["text"],
                url=form.cleaned_data["url"],
                user=request.user,
                outlet_name=form.outlet_name(),
                format=form.cleaned_data["format"] or None,
            )
            return redirect(batch_url(batch))
    else:
        form = IngestForm()
    context = {**page_context(request, model_admin, "Ingest articles"), "form": form}
    return TemplateResponse(request, "admin/articles/article/ingest.html", context)


def batch_page(request, model_admin, uuid):
    """What became of each document of a batch; while it runs, its progress."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    batch = get_object_or_404(IngestBatch.objects.select_related("outlet", "created_by"), uuid=uuid)
    items = batch.items.select_related("article").defer("article__body", "article__raw")
    status = request.GET.get("status")
    if status in IngestItem.Status.values:
        items = items.filter(status=status)
    context = {
        **page_context(request, model_admin, f"Ingestion: {batch.label}"),
        "batch": batch,
        "format": format_name(batch.format),
        "running": batch.status in (IngestBatch.Status.QUEUED, IngestBatch.Status.RUNNING),
        "status": status,
        "statuses": [
            (value, label, getattr(batch, COUNTERS[value])) for value, label in IngestItem.Status.choices
        ],
        "page": Paginator(items, INGEST_ITEMS_PER_PAGE).get_page(request.GET.get("page")),
    }
    return TemplateResponse(request, "admin/articles/article/ingest_batch.html", context)
