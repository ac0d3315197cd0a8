"""The admin of quotations (confirm or reject in bulk; deleted ones in the trash, restored from it) and
mentions, orphans filtered and attached again; both with their history."""

from django.contrib import admin
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from articles.models import Mention, Quotation
from newsroom.permissions import can_change_quotation, can_delete_quotation
from newsroom.versions import VersionCheckedForm

from .edits import TrashAdmin
from .spans import SpanForm, attach_again


class QuotationForm(VersionCheckedForm, SpanForm):
    pass


@admin.register(Quotation)
class QuotationAdmin(TrashAdmin):
    form = QuotationForm
    fieldsets = (
        (None, {"fields": ("article", "text", "start", "end", "orphaned")}),
        (
            "Attribution",
            {
                "fields": (
                    "speaker",
                    ("speaker_text", "speaker_is_body"),
                    "cue",
                    ("said_on", "place"),
                    "kind",
                    "status",
                    "tags",
                )
            },
        ),
        ("Record", {"fields": ("uuid", "origin", "created_by", "created_at", "updated_at")}),
    )
    readonly_fields = ("uuid", "origin", "created_by", "created_at", "updated_at", "orphaned")
    list_display = ("short_text", "speaker", "article", "kind", "status", "origin", "created_at")
    list_filter = ("status", "kind", "speaker_is_body", "origin", "orphaned", "article__outlet")
    list_select_related = ("speaker", "article")
    search_fields = ("text", "cue", "speaker__name", "speaker__aliases__name", "article__title")
    autocomplete_fields = ("speaker", "article")
    actions = ("confirm", "reject", attach_again, "restore")

    def get_queryset(self, request):
        # A row shows the article's title; its text and raw bytes would be fetched once per row.
        return super().get_queryset(request).defer("article__body", "article__raw")

    def has_change_permission(self, request, obj=None):
        return can_change_quotation(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_delete_quotation(request.user)

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
        quotations = list(queryset.exclude(status=status).defer("article__body", "article__raw"))
        for quotation in quotations:
            # bulk_update skips auto_now, so updated_at is set by hand.
            quotation.status, quotation.updated_at = status, timezone.now()
        # With their history, in one query for the rows and one for the history.
        bulk_update_with_history(quotations, Quotation, ["status", "updated_at"])
        count = len(quotations)
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
class MentionAdmin(SimpleHistoryAdmin):
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
        obj.origin = Mention.Origin.EDITOR
        super().save_model(request, obj, form, change)
