"""The admin for annotations: every highlight and note, with its anchor in the article; and, on the
articles' admin, what annotations add there (their export actions, their orphans)."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import Truncator

from articles.admin import ArticleAdmin, BodyTextField, attach_again
from articles.models import Article
from newsroom.permissions import can_import_annotations

from .interchange import annotations_to_export, export_response, import_jsonld
from .models import Annotation

# Enough item errors to see what is wrong with a file without flooding the page.
IMPORT_ERRORS_SHOWN = 20


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A W3C JSON-LD export (.jsonld), as the articles' export actions write it."
    )

    def clean_file(self):
        try:
            return json.load(self.cleaned_data["file"])
        except ValueError as error:
            raise forms.ValidationError(f"This is not a JSON file: {error}") from None


class AnnotationForm(forms.ModelForm):
    class Meta:
        field_classes = {"exact": BodyTextField, "prefix": BodyTextField, "suffix": BodyTextField}
        # The context often runs over a paragraph break, which a one-line input would drop.
        widgets = {"prefix": forms.Textarea(attrs={"rows": 2}), "suffix": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        # An orphan given new offsets or text by hand is attached again, once they fit the body.
        if self.instance.orphaned and {"exact", "start", "end"} & set(self.changed_data):
            self.instance.orphaned = False
        return cleaned


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    form = AnnotationForm
    fieldsets = (
        (None, {"fields": ("article", "exact", "start", "end", "orphaned", "prefix", "suffix")}),
        ("Annotation", {"fields": ("note", "colour", "visibility", "quotation", "tags", "author")}),
        ("Record", {"fields": ("uuid", "created_at", "updated_at")}),
    )
    readonly_fields = ("uuid", "created_at", "updated_at", "orphaned")
    list_display = ("short_exact", "article", "author", "colour", "visibility", "quotation", "created_at")
    list_filter = ("colour", "visibility", "orphaned", "created_at")
    actions = (attach_again,)
    change_list_template = "admin/annotations/annotation/change_list.html"
    list_select_related = ("article", "author", "quotation")
    search_fields = ("exact", "note", "article__title", "author__username")
    autocomplete_fields = ("article", "quotation")
    # Editors may not browse accounts, so an autocomplete on users would fail for them.
    raw_id_fields = ("author",)

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_view)
        return [path("import/", import_view, name="annotations_annotation_import"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": can_import_annotations(request.user)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Restore a JSON-LD export: its annotations come back under their uuids, authors and dates."""
        if not can_import_annotations(request.user):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if form.is_valid():
            try:
                created, updated, orphaned, errors = import_jsonld(form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error)
            else:
                self.message_user(
                    request,
                    f"Imported: {created} created, {updated} updated, {orphaned} orphaned, "
                    f"{len(errors)} left out.",
                    messages.WARNING if errors else messages.SUCCESS,
                )
                for position, message in errors[:IMPORT_ERRORS_SHOWN]:
                    self.message_user(request, f"Annotation {position}: {message}", messages.ERROR)
                return redirect("admin:annotations_annotation_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import annotations",
            "form": form,
        }
        return TemplateResponse(request, "admin/annotations/annotation/import.html", context)

    def get_queryset(self, request):
        # A row shows the article's title; its text and raw bytes would be fetched once per row.
        annotations = super().get_queryset(request).defer("article__body", "article__raw")
        # Private notes stay private, from editors too; only superusers see everything.
        if request.user.is_superuser:
            return annotations
        return annotations.visible_to(request.user)

    @admin.display(description="annotated text", ordering="exact")
    def short_exact(self, annotation):
        return Truncator(annotation.exact).chars(80)

    def save_model(self, request, obj, form, change):
        if not change and obj.author is None:
            obj.author = request.user
        moved = change and {"start", "end"} & set(form.changed_data)
        typed = {"prefix", "suffix"} & set(form.changed_data)
        # Context left blank, or left as it was around an anchor that moved, is filled from the body.
        if (not obj.prefix and not obj.suffix) or (moved and not typed):
            obj.fill_context()
        super().save_model(request, obj, form, change)


def export_action(format, description):
    """An admin action on articles: their annotations (those the user may see) as an attachment."""

    @admin.action(description=description, permissions=["view"])
    def action(modeladmin, request, queryset):
        base = request.build_absolute_uri("/")[:-1]
        return export_response(annotations_to_export(queryset, request.user), base, format)

    action.__name__ = f"export_annotations_{format}"
    return action


# articles' admin knows nothing of annotations: this app extends it, as one extends Django's UserAdmin.
admin.site.unregister(Article)


@admin.register(Article)
class ArticleWithAnnotationsAdmin(ArticleAdmin):
    actions = (
        "export_jsonl",
        "export_csv",
        export_action("jsonld", "Export their annotations (W3C JSON-LD)"),
        export_action("csv", "Export their annotations (CSV, like Readwise)"),
        export_action("md", "Export their annotations (Markdown)"),
        "extract_again",
    )

    def orphan_rows(self, article):
        # Counted without private annotations: this page does not know who is looking.
        shared = article.annotations.filter(visibility=Annotation.Visibility.SHARED)
        return [*super().orphan_rows(article), (Annotation, shared, "annotation")]
