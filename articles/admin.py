"""The admin for outlets, articles, people, their aliases, quotations and mentions."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat, pluralize
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from .models import Article, Mention, Outlet, Person, PersonAlias, Quotation

# Enough to recognise and check a document; the whole of a 10 MB file would freeze the browser.
RAW_PREVIEW_CHARS = 100_000


class BodyTextField(forms.CharField):
    """Text compared character by character with an article's body, so kept exactly as typed.

    Browsers send a textarea's line breaks as CRLF; the body's are LF.
    """

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class SpanForm(forms.ModelForm):
    class Meta:
        field_classes = {"text": BodyTextField}


class QuotationInline(admin.TabularInline):
    model = Quotation
    form = SpanForm
    fields = ("text", "start", "end", "speaker", "cue", "kind", "status")
    autocomplete_fields = ("speaker",)
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")


class MentionInline(admin.TabularInline):
    model = Mention
    form = SpanForm
    fields = ("text", "start", "end", "person")
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
        (None, {"fields": ("title", "slug", "outlet", "url", "published_at", "language", "tags")}),
        ("Text", {"fields": ("body",)}),
        (
            "Provenance",
            {
                "classes": ("collapse",),
                "fields": (
                    "source_name",
                    "encoding",
                    "content_hash",
                    "ingested_at",
                    "ingested_by",
                    "raw_document",
                ),
            },
        ),
    )
    readonly_fields = ("content_hash", "ingested_at", "ingested_by", "raw_document")
    list_display = ("title", "outlet", "published_at", "language", "quotation_count", "ingested_at")
    list_filter = ("outlet", "language", "ingested_at")
    list_select_related = ("outlet",)
    date_hierarchy = "ingested_at"
    ordering = ("-ingested_at",)
    search_fields = ("title", "url", "source_name", "body")
    autocomplete_fields = ("outlet",)
    inlines = (QuotationInline, MentionInline)

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


@admin.register(Quotation)
class QuotationAdmin(admin.ModelAdmin):
    form = SpanForm
    fieldsets = (
        (None, {"fields": ("article", "text", "start", "end")}),
        ("Attribution", {"fields": ("speaker", "cue", "kind", "status", "tags")}),
        ("Record", {"fields": ("uuid", "origin", "created_by", "created_at", "updated_at")}),
    )
    readonly_fields = ("uuid", "origin", "created_by", "created_at", "updated_at")
    list_display = ("short_text", "speaker", "article", "kind", "status", "origin", "created_at")
    list_filter = ("status", "kind", "origin", "article__outlet")
    list_select_related = ("speaker", "article")
    search_fields = ("text", "cue", "speaker__name", "speaker__aliases__name", "article__title")
    autocomplete_fields = ("speaker", "article")
    actions = ("confirm", "reject")

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
        super().save_model(request, obj, form, change)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    form = SpanForm
    fields = ("article", "text", "start", "end", "person")
    list_display = ("text", "person", "article")
    list_select_related = ("person", "article")
    search_fields = ("text", "person__name", "article__title")
    autocomplete_fields = ("person", "article")

    def get_queryset(self, request):
        # A row shows the article's title; its text and raw bytes would be fetched once per row.
        return super().get_queryset(request).defer("article__body", "article__raw")
