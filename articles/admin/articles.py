"""The admin for outlets, articles, people, their aliases, quotations and mentions; ingestion batches
and the "Ingest articles" page; earlier versions of articles."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat, pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from annotations.exporting import ANNOTATION_EXPORT_ACTIONS
from annotations.models import Annotation

from . import export
from .anchoring import attach_orphans, reanchor_article
from .extract.apply import extract_article, merge_persons
from .forms import IngestForm, format_name
from .models import (
    Article,
    ArticleVersion,
    IngestBatch,
    IngestItem,
    Mention,
    Outlet,
    Person,
    PersonAlias,
    Quotation,
)
from .tasks import COUNTERS, start_batch

# Enough to recognise and check a document; the whole of a 10 MB file would freeze the browser.
RAW_PREVIEW_CHARS = 100_000
INGEST_ITEMS_PER_PAGE = 100


class BodyTextField(forms.CharField):
    """Text compared character by character with an article's body, so kept exactly as typed.

    Browsers send a textarea's line breaks as CRLF; the body's are LF.
    """

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


SPAN_FIELDS = {"text", "start", "end"}


class SpanForm(forms.ModelForm):
    class Meta:
        field_classes = {"text": BodyTextField}

    def clean(self):
        cleaned = super().clean()
        # An orphan given new offsets or text by hand is attached again, once they fit the body.
        if self.instance.orphaned and SPAN_FIELDS & set(self.changed_data):
            self.instance.orphaned = False
        return cleaned


class SpanInlineForm(SpanForm):
    """An inline row on the article's page. A row whose text and offsets the editor left alone is not
    checked against a new body: the admin edit must not fail for it, re-anchoring moves it instead
    (``ArticleAdmin.save_related``)."""

    def _post_clean(self):
        if self.instance.pk is None or SPAN_FIELDS & set(self.changed_data):
            return super()._post_clean()
        # Span.clean exempts orphans: the row is one until re-anchoring places it.
        orphaned, self.instance.orphaned = self.instance.orphaned, True
        try:
            super()._post_clean()
        finally:
            self.instance.orphaned = orphaned


def take_new_places(formset):
    """Give the inline rows whose text and offsets the editor left alone the places re-anchoring found."""
    untouched = [
        form
        for form in formset.initial_forms
        if form.instance.pk is not None and not SPAN_FIELDS & set(form.changed_data)
    ]
    moved = formset.model.objects.in_bulk([form.instance.pk for form in untouched])
    for form in untouched:
        if (row := moved.get(form.instance.pk)) is None:
            continue
        names = ["start", "end", "orphaned", row.span_text_field]
        if "status" not in form.changed_data and hasattr(row, "status"):
            names.append("status")
        for name in names:
            setattr(form.instance, name, getattr(row, name))


class QuotationInline(admin.TabularInline):
    model = Quotation
    form = SpanInlineForm
    fields = ("text", "start", "end", "orphaned", "speaker", "speaker_text", "cue", "kind", "status")
    readonly_fields = ("orphaned",)
    autocomplete_fields = ("speaker",)
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")


class MentionInline(admin.TabularInline):
    model = Mention
    form = SpanInlineForm
    fields = ("text", "start", "end", "orphaned", "person", "ambiguous")
    readonly_fields = ("orphaned",)
    autocomplete_fields = ("person",)
    extra = 0

    def get_queryset(self, request):
        # Mention.__str__ names the person.
        return super().get_queryset(request).select_related("person")


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    fields = ("name", "slug", "homepage")
    list_display = ("name", "slug", "homepage", "article_count")
    # Meta.ordering is dropped from a query with GROUP BY, as the count makes it.
    ordering = ("name",)
    search_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, outlet):
        return outlet.article_count


class ArticleForm(forms.ModelForm):
    class Meta:
        field_classes = {"body": BodyTextField}

    def clean_body(self):
        body = self.cleaned_data["body"]
        # The content hash is not a form field, so Django's unique checks do not see it.
        if (
            self.instance._state.adding
            and Article.objects.filter(content_hash=Article.hash_body(body)).exists()
        ):
            raise forms.ValidationError("An article with this text is already in the database.")
        return body


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("title", "title_generated"),
                    "slug",
                    "outlet",
                    "author",
                    "url",
                    "published_at",
                    "language",
                    "tags",
                )
            },
        ),
        ("Text", {"fields": ("body", "orphans")}),
        (
            "Provenance",
            {
                "classes": ("collapse",),
                "fields": (
                    "source_name",
                    "source_format",
                    "encoding",
                    "content_hash",
                    "ingested_at",
                    "ingested_by",
                    "raw_document",
                ),
            },
        ),
        ("Earlier versions", {"fields": ("version_list",)}),
    )
    readonly_fields = (
        "source_format",
        "content_hash",
        "ingested_at",
        "ingested_by",
        "raw_document",
        "version_list",
        "orphans",
    )
    list_display = ("title", "outlet", "published_at", "language", "quotation_count", "ingested_at")
    list_filter = ("outlet", "title_generated", "language", "source_format", "ingested_at")
    list_select_related = ("outlet",)
    date_hierarchy = "ingested_at"
    ordering = ("-ingested_at",)
    search_fields = ("title", "url", "source_name", "body")
    autocomplete_fields = ("outlet",)
    inlines = (QuotationInline, MentionInline)
    actions = ("export_jsonl", "export_csv", *ANNOTATION_EXPORT_ACTIONS, "extract_again")

    @admin.action(description="Extract quotations again", permissions=["change"])
    def extract_again(self, request, queryset):
        """Confirmed, rejected, edited and editors' quotations are kept; the other suggestions replaced."""
        # The list's queryset defers the body, which extraction reads.
        articles = Article.objects.filter(pk__in=queryset.values("pk")).order_by("pk")
        quotations = kept = 0
        for article in articles:
            applied = extract_article(article)
            quotations, kept = quotations + applied.quotations, kept + applied.kept
        count = len(articles)
        self.message_user(
            request,
            f"{count} article{pluralize(count)} extracted again: "
            f"{quotations} quotation{pluralize(quotations)} suggested, "
            f"{kept} kept as editors left {pluralize(kept, 'it,them')}.",
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is Quotation:
            for inline_form in formset.forms:
                quotation = inline_form.instance
                if quotation.pk is None:
                    quotation.origin, quotation.created_by = Quotation.Origin.EDITOR, request.user
                elif inline_form.has_changed():
                    # Re-extraction leaves what an editor touched alone.
                    quotation.edited = True
        elif formset.model is Mention:
            for inline_form in formset.forms:
                if inline_form.instance.pk is None or inline_form.has_changed():
                    inline_form.instance.origin = Quotation.Origin.EDITOR
        super().save_formset(request, form, formset, change)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                quotation_count=Count("quotations", filter=~Q(quotations__status=Quotation.Status.REJECTED))
            )
            # Lists and autocomplete show neither text nor raw bytes, each as long as the article;
            # the change form loads them with one query each.
            .defer("body", "raw")
        )

    @admin.display(description="quotations", ordering="quotation_count")
    def quotation_count(self, article):
        return article.quotation_count

    @admin.display(description="raw document")
    def raw_document(self, article):
        if not article.raw:
            return None
        text = article.raw_text
        note = f"{filesizeformat(len(article.raw))}, {article.encoding or 'utf-8'}"
        if len(text) > RAW_PREVIEW_CHARS:
            note += f"; the first {RAW_PREVIEW_CHARS:,} of {len(text):,} characters"
        return format_html('<pre>{}</pre><div class="help">{}</div>', text[:RAW_PREVIEW_CHARS], note)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.ingested_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # The form's initial body is the one saved before this edit.
        old_body = form.initial.get("body")
        if change and old_body is not None and old_body != form.instance.body:
            # Before the inline rows are saved: those the editor left alone take their new places.
            result = reanchor_article(form.instance, old_body)
            for formset in formsets:
                if formset.model in (Quotation, Mention):
                    take_new_places(formset)
            if result.moved or result.approximate or result.orphaned:
                unconfirmed = len(result.unconfirmed)
                self.message_user(
                    request,
                    f"After the edit, {result.moved} passage{pluralize(result.moved)} moved, "
                    f"{result.approximate} {pluralize(result.approximate, 'was,were')} found with changed "
                    f"words ({unconfirmed} confirmed quotation{pluralize(unconfirmed)} back to suggested), "
                    f"{result.orphaned} could not be found (orphaned).",
                    messages.WARNING if result.orphaned or unconfirmed else messages.INFO,
                )
        super().save_related(request, form, formsets, change)

    @admin.display(description="orphans")
    def orphans(self, article):
        """Links to what lost its place in the text, for an editor to attach again."""
        if article.pk is None:
            return None
        links = []
        for model, rows, label in (
            (Quotation, article.quotations.all(), "quotation"),
            (Mention, article.mentions.all(), "mention"),
            # Counted without private annotations: this page does not know who is looking.
            (Annotation, article.annotations.filter(visibility=Annotation.Visibility.SHARED), "annotation"),
        ):
            count = rows.filter(orphaned=True).count()
            if count:
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
                links.append(
                    (
                        f"{url}?article__id__exact={article.pk}&orphaned__exact=1",
                        count,
                        label,
                        pluralize(count),
                    )
                )
        if not links:
            return "None: every quotation, mention and annotation is in its place."
        return format_html_join(", ", '<a href="{}">{} {}{}</a>', links)

    @admin.display(description="versions")
    def version_list(self, article):
        versions = article.versions.defer("body", "raw").select_related("replaced_by")
        links = format_html_join(
            "",
            '<li><a href="{}">{}</a>{}</li>',
            (
                (
                    reverse("admin:articles_articleversion_change", args=[version.pk]),
                    version,
                    f", by {version.replaced_by}" if version.replaced_by else "",
                )
                for version in versions
            ),
        )
        return format_html("<ul>{}</ul>", links) if links else None

    def get_urls(self):
        return [
            path("ingest/", self.admin_site.admin_view(self.ingest_view), name="articles_article_ingest"),
            path(
                "ingest/<uuid:uuid>/",
                self.admin_site.admin_view(self.ingest_batch_view),
                name="articles_article_ingest_batch",
            ),
            *super().get_urls(),
        ]

    def ingest_view(self, request):
        """Files, pasted text or a web address in; then the batch's page."""
        if not self.has_add_permission(request):
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
                return redirect("admin:articles_article_ingest_batch", batch.uuid)
        else:
            form = IngestForm()
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": "Ingest articles"}
        return TemplateResponse(request, "admin/articles/article/ingest.html", {**context, "form": form})

    def ingest_batch_view(self, request, uuid):
        """What became of each document of a batch; while it runs, its progress."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(IngestBatch.objects.select_related("outlet", "created_by"), uuid=uuid)
        items = batch.items.select_related("article").defer("article__body", "article__raw")
        status = request.GET.get("status")
        if status in IngestItem.Status.values:
            items = items.filter(status=status)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Ingestion: {batch.label}",
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

    @admin.action(description="Export selected as JSON Lines", permissions=["view"])
    def export_jsonl(self, request, queryset):
        response = attachment("articles.jsonl", "application/jsonl; charset=utf-8")
        export.export_jsonl(exported(queryset), response)
        return response

    @admin.action(description="Export selected as CSV (quotations)", permissions=["view"])
    def export_csv(self, request, queryset):
        response = attachment("quotations.csv", "text/csv; charset=utf-8")
        # A byte order mark tells spreadsheet programs that the file is UTF-8.
        response.write("\ufeff")
        export.export_csv(exported(queryset), response, base_url=request.build_absolute_uri("/"))
        return response


def exported(queryset):
    """The articles an action was given, without the changelist's count and deferred text."""
    return Article.objects.filter(pk__in=queryset.values("pk"))


def attachment(filename, content_type):
    return HttpResponse(
        content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


class AliasInlineFormSet(forms.BaseInlineFormSet):
    """Refuses one alias twice in a single form, which the unique check only sees against saved rows."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if form.errors or form.cleaned_data.get("DELETE") or not form.cleaned_data.get("name"):
                continue
            name = form.cleaned_data["name"].lower()
            if name in seen:
                form.add_error("name", "This alias is given twice.")
            seen.add(name)


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    formset = AliasInlineFormSet
    extra = 1


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    fields = ("name", "slug", "role", "wikidata_id", "notes")
    list_display = ("name", "role", "alias_list", "quotation_count", "wikidata_id")
    # Meta.ordering is dropped from a query with GROUP BY, as the count makes it.
    ordering = ("name",)
    search_fields = ("name", "aliases__name", "role")
    inlines = (PersonAliasInline,)
    actions = ("merge",)

    @admin.action(description="Merge the two selected people", permissions=["change"])
    def merge(self, request, queryset):
        """The one with more quotations is kept; the other's name, aliases, quotations and mentions move."""
        people = list(queryset.order_by("-quotation_count", "pk"))
        if len(people) != 2:
            self.message_user(request, "Select exactly two people to merge.", messages.ERROR)
            return
        keep, other = people
        name = other.name
        merge_persons(keep, other)
        self.message_user(request, f"{name} merged into {keep.name}; “{name}” is now one of their aliases.")

    def get_queryset(self, request):
        return super().get_queryset(request).with_quotation_counts().prefetch_related("aliases")

    @admin.display(description="aliases")
    def alias_list(self, person):
        return ", ".join(alias.name for alias in person.aliases.all())

    @admin.display(description="quotations", ordering="quotation_count")
    def quotation_count(self, person):
        return person.quotation_count


@admin.register(PersonAlias)
class PersonAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "person")
    list_select_related = ("person",)
    search_fields = ("name", "person__name")
    autocomplete_fields = ("person",)


@admin.action(description="Attach selected orphans where their text is now", permissions=["change"])
def attach_again(modeladmin, request, queryset):
    """Orphans are also attached by hand: new start and end (and text) in their change form."""
    orphans = list(
        queryset.model.objects.filter(pk__in=queryset.filter(orphaned=True).values("pk")).select_related(
            "article"
        )
    )
    attached = len(attach_orphans(orphans))
    left = len(orphans) - attached
    modeladmin.message_user(
        request,
        f"{attached} attached again; {left} still orphaned (give them new offsets by hand).",
        messages.WARNING if left else messages.SUCCESS,
    )


@admin.register(Quotation)
class QuotationAdmin(admin.ModelAdmin):
    form = SpanForm
    fieldsets = (
        (None, {"fields": ("article", "text", "start", "end", "orphaned")}),
        ("Attribution", {"fields": ("speaker", "speaker_text", "cue", "kind", "status", "tags")}),
        ("Record", {"fields": ("uuid", "origin", "created_by", "created_at", "updated_at")}),
    )
    readonly_fields = ("uuid", "origin", "created_by", "created_at", "updated_at", "orphaned")
    list_display = ("short_text", "speaker", "article", "kind", "status", "origin", "created_at")
    list_filter = ("status", "kind", "origin", "orphaned", "article__outlet")
    list_select_related = ("speaker", "article")
    search_fields = ("text", "cue", "speaker__name", "speaker__aliases__name", "article__title")
    autocomplete_fields = ("speaker", "article")
    actions = ("confirm", "reject", attach_again)

    def get_queryset(self, request):
        # A row shows the article's title; its text and raw bytes would be fetched once per row.
        return super().get_queryset(request).defer("article__body", "article__raw")

    @admin.display(description="quotation", ordering="text")
    def short_text(self, quotation):
        return Truncator(quotation.text).chars(80)

    @admin.action(description="Confirm selected quotations", permissions=["change"])
    def confirm(self, request, queryset):
        self.set_status(request, queryset, Quotation.Status.CONFIRMED)

    @admin.action(description="Reject selected quotations", permissions=["change"])
    def reject(self, request, queryset):
        self.set_status(request, queryset, Quotation.Status.REJECTED)

    def set_status(self, request, queryset, status):
        # update() skips auto_now, so updated_at is set by hand.
        count = queryset.update(status=status, updated_at=timezone.now())
        self.message_user(request, f"{count} quotation{pluralize(count)} marked {status.label.lower()}.")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.origin = Quotation.Origin.EDITOR
        elif form.changed_data:
            # Re-extraction leaves what an editor touched alone.
            obj.edited = True
        super().save_model(request, obj, form, change)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    form = SpanForm
    fields = ("article", "text", "start", "end", "orphaned", "person", "ambiguous", "origin")
    readonly_fields = ("orphaned", "origin")
    list_display = ("text", "person", "article", "ambiguous", "origin")
    list_filter = ("ambiguous", "orphaned", "origin")
    actions = (attach_again,)
    list_select_related = ("person", "article")
    search_fields = ("text", "person__name", "article__title")
    autocomplete_fields = ("person", "article")

    def get_queryset(self, request):
        # A row shows the article's title; its text and raw bytes would be fetched once per row.
        return super().get_queryset(request).defer("article__body", "article__raw")

    def save_model(self, request, obj, form, change):
        # Re-extraction leaves what an editor made or corrected alone.
        obj.origin = Quotation.Origin.EDITOR
        super().save_model(request, obj, form, change)


class RecordAdmin(admin.ModelAdmin):
    """Rows the app writes (versions, ingestion records): shown, never added or changed by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ArticleVersion)
class ArticleVersionAdmin(RecordAdmin):
    fields = (
        "article",
        "title",
        "source_name",
        "encoding",
        "content_hash",
        "replaced_at",
        "replaced_by",
        "body",
    )
    list_display = ("title", "article", "source_name", "replaced_at", "replaced_by")
    list_select_related = ("article", "replaced_by")
    search_fields = ("title", "article__title", "source_name")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body", "raw", "article__body", "article__raw")

    def has_view_permission(self, request, obj=None):
        # Earlier texts are part of an article: whoever may see articles may see them.
        return request.user.has_perm("articles.view_article")


@admin.register(IngestBatch)
class IngestBatchAdmin(RecordAdmin):
    list_display = (
        "batch_link",
        "status",
        "progress",
        "created",
        "duplicates",
        "updated",
        "failed",
        "created_by",
        "created_at",
    )
    list_display_links = None
    list_filter = ("status",)
    list_select_related = ("created_by",)
    search_fields = ("label",)

    def has_view_permission(self, request, obj=None):
        # Whoever may ingest articles may follow every ingestion.
        return request.user.has_perm("articles.add_article")

    @admin.display(description="batch", ordering="label")
    def batch_link(self, batch):
        return format_html('<a href="{}">{}</a>', batch_url(batch), batch.label)

    @admin.display(description="done")
    def progress(self, batch):
        return f"{batch.done} / {batch.total}"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A batch's page is its progress and results, on the ingestion pages.
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = self.get_object(request, object_id)
        if batch is None:
            raise Http404
        return redirect(batch_url(batch))


@admin.register(IngestItem)
class IngestItemAdmin(RecordAdmin):
    list_display = ("source_name", "status", "article", "batch", "error")
    list_filter = ("status",)
    list_select_related = ("batch", "article")
    search_fields = ("source_name", "error", "batch__label")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body", "article__raw")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.add_article")


def batch_url(batch):
    return reverse("admin:articles_article_ingest_batch", args=[batch.uuid])
