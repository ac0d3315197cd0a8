"""The admin for annotations: every highlight and note, with its anchor in the article, its history and
the trash; and, on the articles' admin, what annotations add there (their export actions, their
orphans); and tags, whose admin must not show what private annotations are tagged with.

An annotation is its author's: its author is who made it (never a form field), only they change or
delete it, and the Desk hides others' (the "Hide" action, with a reason kept in the history)."""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin
from taggit.admin import TagAdmin, TaggedItemInline
from taggit.models import Tag

from articles.admin import ArticleAdmin, BodyTextField, TrashAdmin, attach_again
from articles.models import Article
from newsroom.permissions import (
    can_add_annotation,
    can_add_tag,
    can_change_annotation,
    can_change_tagged_items,
    can_delete_annotation,
    can_delete_tag,
    can_hide_annotation,
    can_import_annotations,
    can_manage_tags,
    can_moderate_annotations,
    can_restore_annotation,
    can_see_annotation,
    can_see_every_annotation,
)
from newsroom.versions import VersionCheckedForm

from .interchange import export_response, import_jsonld
from .models import Annotation, visible_tags

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


class HideForm(forms.Form):
    reason = forms.CharField(
        max_length=500, help_text="Why they are hidden: kept in their history, shown to their authors."
    )


class AnnotationForm(VersionCheckedForm):
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
class AnnotationAdmin(TrashAdmin):
    form = AnnotationForm
    fieldsets = (
        (None, {"fields": ("article", "exact", "start", "end", "orphaned", "prefix", "suffix")}),
        ("Annotation", {"fields": ("note", "colour", "visibility", "quotation", "tags")}),
        ("Record", {"fields": ("uuid", "author", "created_at", "updated_at", "trashed_at", "trash_reason")}),
    )
    # The author is whoever made it: never chosen in a form.
    readonly_fields = ("uuid", "author", "created_at", "updated_at", "orphaned", "trashed_at", "trash_reason")
    list_display = ("short_exact", "article", "author", "colour", "visibility", "quotation", "created_at")
    list_filter = ("colour", "visibility", "orphaned", "created_at")
    actions = (attach_again, "hide", "restore")
    change_list_template = "admin/annotations/annotation/change_list.html"
    list_select_related = ("article", "author", "quotation")
    search_fields = ("exact", "note", "article__title", "author__username")
    autocomplete_fields = ("article", "quotation")

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
        # Private notes stay private, from editors too (superusers see everything); the trash shows
        # one's own, and the Desk's what they may restore.
        trash = Annotation.with_trash.trash_of(request.user).values("pk")
        return annotations.visible_to(request.user).filter(Q(trashed_at=None) | Q(pk__in=trash))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or can_see_annotation(request.user, obj)
        )

    def has_add_permission(self, request):
        return can_add_annotation(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can_change_annotation(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return can_delete_annotation(request.user, obj)

    def has_moderate_permission(self, request):
        return can_moderate_annotations(request.user)

    def has_restore_permission(self, request):
        return request.user.has_perm("annotations.delete_annotation") or can_moderate_annotations(
            request.user
        )

    def may_restore(self, request, row):
        return can_restore_annotation(request.user, row)

    def history_view(self, request, object_id, extra_context=None):
        # simple-history would fall back to the history of a row it cannot find: of a private one too.
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    @admin.action(
        description="Hide selected (the Desk: move others' to the trash, saying why)",
        permissions=["moderate"],
    )
    def hide(self, request, queryset):
        rows = [
            row
            for row in queryset.out_of_trash().select_related("article")
            if can_hide_annotation(request.user, row)
        ]
        form = HideForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            for row in rows:
                row.trash(request.user, form.cleaned_data["reason"])
            self.message_user(request, f"{len(rows)} annotation{pluralize(len(rows))} hidden.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Hide annotations",
            "form": form,
            "rows": rows,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/annotations/annotation/hide.html", context)

    @admin.display(description="annotated text", ordering="exact")
    def short_exact(self, annotation):
        return Truncator(annotation.exact).chars(80)

    def save_model(self, request, obj, form, change):
        if not change:
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
        return export_response(queryset, request.user, base, format)

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


class VisibleTaggedItemInline(TaggedItemInline):
    """What a tag is on, without the annotations the user may not see; changed by hand only by
    superusers (a tagged item names any row by its id)."""

    def get_queryset(self, request):
        items = super().get_queryset(request)
        if can_see_every_annotation(request.user):
            return items
        hidden = Annotation.with_trash.exclude(
            pk__in=Annotation.objects.visible_to(request.user).values("pk")
        )
        return items.exclude(
            content_type=ContentType.objects.get_for_model(Annotation), object_id__in=hidden.values("pk")
        )

    def has_add_permission(self, request, obj=None):
        return can_change_tagged_items(request.user)

    def has_change_permission(self, request, obj=None):
        return can_change_tagged_items(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_change_tagged_items(request.user)


admin.site.unregister(Tag)


@admin.register(Tag)
class VisibleTagAdmin(SimpleHistoryAdmin, TagAdmin):
    """taggit's tag admin, with history, without the tags of annotations the user may not see, and with
    renaming and merging for the Desk only."""

    inlines = [VisibleTaggedItemInline]
    actions = ["render_tag_form"]

    def get_queryset(self, request):
        tags = super().get_queryset(request)
        if can_see_every_annotation(request.user):
            return tags
        return tags.filter(pk__in=visible_tags(request.user).values("pk"))

    def has_add_permission(self, request):
        return can_add_tag(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_tags(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_delete_tag(request.user)

    def history_view(self, request, object_id, extra_context=None):
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    @admin.action(description="Merge selected tags", permissions=["change"])
    def render_tag_form(self, request, queryset):
        return TagAdmin.render_tag_form(self, request, queryset)

    def merge_tags_view(self, request):
        if not can_manage_tags(request.user):
            raise PermissionDenied
        return super().merge_tags_view(request)
