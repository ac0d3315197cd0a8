"""What every admin of rows editors change shares: their history (django-simple-history's "History"
page, with who changed what), a change form that refuses to overwrite a change made since it was
opened, and, for quotations and annotations, the trash that deleting moves them to.

Public: ``annotations.admin`` uses it through ``articles.admin``.
"""

from django.contrib import admin, messages
from django.template.defaultfilters import pluralize
from simple_history.admin import SimpleHistoryAdmin

# The hidden field of newsroom.versions.VersionCheckedForm.
VERSION_FIELD = "seen_version"


class EditedAdmin(SimpleHistoryAdmin):
    """History pages, and the form's version sent out with every change form (``form`` must be a
    ``VersionCheckedForm``)."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        *rest, (name, options) = fieldsets
        return [*rest, (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})]


class TrashFilter(admin.SimpleListFilter):
    """Out of the trash by default; "In the trash" lists what was deleted, to restore it."""

    title = "trash"
    parameter_name = "trash"

    def lookups(self, request, model_admin):
        return [("yes", "In the trash")]

    def choices(self, changelist):
        first, *others = super().choices(changelist)
        return [{**first, "display": "Out of the trash"}, *others]

    def queryset(self, request, queryset):
        return queryset.in_trash() if self.value() == "yes" else queryset.out_of_trash()


class TrashAdmin(EditedAdmin):
    """Deleting moves rows to the trash (``TrashableSpan.trash``); the trash filter lists them and
    the restore action puts them back. Subclasses say who may restore a row (``may_restore``)."""

    def get_queryset(self, request):
        rows = self.model.with_trash.get_queryset()
        ordering = self.get_ordering(request)
        return rows.order_by(*ordering) if ordering else rows

    def get_list_filter(self, request):
        return [TrashFilter, *super().get_list_filter(request)]

    def has_change_permission(self, request, obj=None):
        # What is in the trash is shown as it was; restore it to change it.
        return (obj is None or not obj.in_trash) and super().has_change_permission(request, obj)

    def delete_model(self, request, obj):
        obj.trash(request.user)

    def delete_queryset(self, request, queryset):
        for row in queryset.select_related("article"):
            if self.has_delete_permission(request, row) and not row.in_trash:
                row.trash(request.user)

    def has_restore_permission(self, request):
        return self.has_delete_permission(request)

    def may_restore(self, request, row):
        return self.has_delete_permission(request, row)

    @admin.action(description="Restore selected from the trash", permissions=["restore"])
    def restore(self, request, queryset):
        rows = [
            row for row in queryset.in_trash().select_related("article") if self.may_restore(request, row)
        ]
        for row in rows:
            row.restore()
        left = queryset.in_trash().count() - len(rows)
        orphans = sum(row.orphaned for row in rows)
        self.message_user(
            request,
            f"{len(rows)} restored ({orphans} as orphan{pluralize(orphans)}: their text left the article)"
            + (f"; {left} left in the trash: you may not restore them." if left else "."),
            messages.WARNING if left else messages.SUCCESS,
        )
