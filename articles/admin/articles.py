"""The admin of outlets and articles: an article's page with its quotations and mentions inline, its
orphans and earlier versions; the actions that export articles and extract them again. An edit of the
body re-anchors everything that points into it (``anchoring.reanchor_article``)."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat, pluralize
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timezone import localtime

from articles import export
from articles.anchoring import reanchor_article
from articles.models import Article, Mention, Outlet, Quotation
from articles.pipeline import extract_article
from newsroom.permissions import can_delete_quotation
from newsroom.versions import VersionCheckedForm

from .edits import EditedAdmin
from .ingest import ingest_urls
from .spans import BodyTextField, SpanInlineForm, take_new_places

# Enough to recognise and check a document; the whole of a 10 MB file would freeze the browser.
RAW_PREVIEW_CHARS = 100_000
# Two lines of the article list's title column; the full title is the cell's tooltip.
LIST_TITLE_CHARS = 90
# Outlets the article list's filter shows (those with most articles); the rest are a search away.
OUTLET_FILTER_CHOICES = 10
# Inline rows show a passage in two lines, not Django's ten.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class TrashingFormSet(forms.BaseInlineFormSet):
    """Quotations deleted on the article's page go to the trash, as everywhere else."""

    def delete_existing(self, obj, commit=True):
        if commit:
            obj.trash(self.trashed_by)


class CompactInline(admin.TabularInline):
    """An inline of spans whose rows fit one line: a two-line passage, and the person's autocomplete
    without the add, change, delete and view icons (the row's own change link opens the rest)."""

    formfield_overrides = COMPACT_TEXT
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.autocomplete_fields:
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield


class QuotationInline(CompactInline):
    model = Quotation
    form = SpanInlineForm
    formset = TrashingFormSet
    fields = (
        "text",
        "start",
        "end",
        "orphaned",
        "speaker",
        "speaker_text",
        "cue",
        "kind",
        "status",
    )
    # When, where and whether the speaker is an organisation are on the quotation's own page (each
    # row's change link): nine columns are what fits 1280 px without a sideways scroll.
    readonly_fields = ("orphaned",)
    autocomplete_fields = ("speaker",)
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")

    def has_delete_permission(self, request, obj=None):
        return can_delete_quotation(request.user)


class MentionInline(CompactInline):
    model = Mention
    form = SpanInlineForm
    fields = ("text", "start", "end", "orphaned", "person", "ambiguous")
    readonly_fields = ("orphaned",)
    autocomplete_fields = ("person",)
    # Editors fix quotations far more often than mentions: these start folded.
    classes = ("collapse",)

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
        url = reverse("admin:articles_article_changelist")
        return format_html('<a href="{}?outlet={}">{}</a>', url, outlet.pk, outlet.article_count)


class OutletFilter(admin.SimpleListFilter):
    """The outlets with most articles (and the one chosen), with a link to search them all: a list of
    every outlet would run to a hundred entries."""

    title = "outlet"
    parameter_name = "outlet"
    template = "admin/articles/article/outlet_filter.html"

    def lookups(self, request, model_admin):
        outlets = Outlet.objects.annotate(article_count=Count("articles")).order_by("-article_count", "name")
        self.outlet_total = Outlet.objects.count()
        shown = list(outlets[:OUTLET_FILTER_CHOICES])
        chosen = self.value()
        if chosen and chosen.isdigit() and all(str(outlet.pk) != chosen for outlet in shown):
            shown += list(Outlet.objects.filter(pk=chosen))
        return [(str(outlet.pk), outlet.name) for outlet in shown]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(outlet_id=value)
        return queryset


class ArticleForm(VersionCheckedForm):
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
class ArticleAdmin(EditedAdmin):
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
        ("Earlier versions", {"classes": ("collapse",), "fields": ("version_list",)}),
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
    list_display = ("short_title", "outlet", "published", "language", "quotation_count", "ingested_at")
    list_filter = (OutletFilter, "title_generated", "language", "source_format", "ingested_at")
    list_select_related = ("outlet",)
    date_hierarchy = "ingested_at"
    ordering = ("-ingested_at",)
    search_fields = ("title", "url", "source_name", "body")
    autocomplete_fields = ("outlet",)
    inlines = (QuotationInline, MentionInline)
    actions = ("export_jsonl", "export_csv", "extract_again")

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
            formset.trashed_by = request.user
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
                    inline_form.instance.origin = Mention.Origin.EDITOR
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

    @admin.display(description="title", ordering="title")
    def short_title(self, article):
        return format_html(
            '<span title="{}">{}</span>', article.title, Truncator(article.title).chars(LIST_TITLE_CHARS)
        )

    @admin.display(description="published", ordering="published_at")
    def published(self, article):
        """A day when the source gave no time of day (never "midnight")."""
        day = article.published_date_only
        if day:
            return date_format(day)
        return (
            date_format(localtime(article.published_at), "DATETIME_FORMAT") if article.published_at else None
        )

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
        # The form's initial body is the one saved before this edit.
        old_body = form.initial.get("body")
        if change and old_body is not None and old_body != obj.body:
            # Announced before the inline rows are saved, so that they can take their new places.
            form.reanchored = reanchor_article(obj, old_body)

    def save_related(self, request, form, formsets, change):
        result = getattr(form, "reanchored", None)
        if result is not None:
            # The inline rows the editor left alone take the places re-anchoring found for them.
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

    def orphan_rows(self, article):
        """(model, rows, label) of each kind of span in the article whose orphans this page links to;
        an app with spans of its own adds them (``annotations.admin``)."""
        return [
            (Quotation, article.quotations.all(), "quotation"),
            (Mention, article.mentions.all(), "mention"),
        ]

    @admin.display(description="orphans")
    def orphans(self, article):
        """Links to what lost its place in the text, for an editor to attach again."""
        if article.pk is None:
            return None
        links = []
        for model, rows, label in self.orphan_rows(article):
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
        return [*ingest_urls(self), *super().get_urls()]

    @admin.action(description="Export selected as JSON Lines", permissions=["view"])
    def export_jsonl(self, request, queryset):
        response = attachment("articles.jsonl", "application/jsonl; charset=utf-8")
        export.export_jsonl(selected_articles(queryset), response)
        return response

    @admin.action(description="Export selected as CSV (quotations)", permissions=["view"])
    def export_csv(self, request, queryset):
        response = attachment("quotations.csv", "text/csv; charset=utf-8")
        # A byte order mark tells spreadsheet programs that the file is UTF-8.
        response.write("\ufeff")
        export.export_csv(selected_articles(queryset), response, base_url=request.build_absolute_uri("/"))
        return response


def selected_articles(queryset):
    """The articles an action was given, without the changelist's count and deferred text."""
    return Article.objects.filter(pk__in=queryset.values("pk"))


def attachment(filename, content_type):
    return HttpResponse(
        content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
