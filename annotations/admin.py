"""The admin for annotations: every highlight and note, with its anchor in the article."""

from django import forms
from django.contrib import admin
from django.utils.text import Truncator

from articles.admin import BodyTextField, attach_again

from .models import Annotation


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
    list_select_related = ("article", "author", "quotation")
    search_fields = ("exact", "note", "article__title", "author__username")
    autocomplete_fields = ("article", "quotation")
    # Editors may not browse accounts, so an autocomplete on users would fail for them.
    raw_id_fields = ("author",)

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
