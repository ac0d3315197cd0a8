"""Rows the app writes, shown and never changed by hand: earlier versions of articles, and ingestion
batches with what became of each of their documents."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.html import format_html

from articles.models import ArticleVersion, IngestBatch, IngestItem

from .ingest import batch_url


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
