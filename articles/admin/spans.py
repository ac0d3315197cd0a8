"""What every admin of spans (quotations, mentions, annotations) shares: a field that keeps text exactly as
typed, forms that attach an orphan again once it is given new offsets, and the action that attaches
orphans where their text is now. Public: ``annotations.admin`` uses it through ``articles.admin``."""

from django import forms
from django.contrib import admin, messages

from articles.anchoring import attach_orphans


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
    (``ArticleAdmin.save_model``)."""

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
