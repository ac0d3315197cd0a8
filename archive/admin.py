"""Tags in the admin: rename a tag (its change form), merge several into one, and add or remove a tag
on many selected articles, quotations or annotations at once (actions on their lists).

Taggit's own Tag admin is replaced: it shows every tagged object inline, which no page can hold at
an archive's size, and it merged one tagged object at a time.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from taggit.models import Tag, TaggedItem

from annotations.admin import VisibleTagAdmin
from annotations.models import Annotation, normalise_tag
from articles.models import Article, Quotation


class TagNameForm(forms.Form):
    name = forms.CharField(label="Tag", max_length=100)

    def clean_name(self):
        name = normalise_tag(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("A tag needs a name.")
        return name


def tag_named(name):
    """The tag called ``name`` in any case, created when there is none."""
    return Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)


def merge_tags(tags, name):
    """Move every use of ``tags`` to the tag ``name`` and delete them; an object that had several of
    them keeps the one. Returns the tag merged into."""
    with transaction.atomic():
        target = tag_named(name)
        for source in tags.exclude(pk=target.pk):
            kept = TaggedItem.objects.filter(
                tag=target, content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
            )
            TaggedItem.objects.filter(tag=source).filter(Exists(kept)).delete()
            TaggedItem.objects.filter(tag=source).update(tag=target)
            source.delete()
    return target


def ask_for_tag(modeladmin, request, queryset, title, apply):
    """The page of an action that needs a tag's name; ``apply(name)`` once it is given."""
    form = TagNameForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        message = apply(form.cleaned_data["name"])
        modeladmin.message_user(request, message, messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "objects": queryset[:50],
        "count": queryset.count(),
        "action": request.POST["action"],
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/archive/tag_action.html", context)


def taggable(request, queryset):
    """The selected rows the user may tag: an annotation is its author's alone."""
    if queryset.model is Annotation:
        return queryset.filter(author=request.user)
    return queryset


@admin.action(description="Add a tag to the selected %(verbose_name_plural)s", permissions=["change"])
def add_tag(modeladmin, request, queryset):
    queryset = taggable(request, queryset)

    def apply(name):
        tag = tag_named(name)
        content_type = ContentType.objects.get_for_model(queryset.model)
        pks = list(queryset.values_list("pk", flat=True))
        TaggedItem.objects.bulk_create(
            [TaggedItem(tag=tag, content_type=content_type, object_id=pk) for pk in pks],
            ignore_conflicts=True,
        )
        return f"Tagged {len(pks)} {queryset.model._meta.verbose_name_plural} “{tag.name}”."

    return ask_for_tag(modeladmin, request, queryset, "Add a tag", apply)


@admin.action(description="Remove a tag from the selected %(verbose_name_plural)s", permissions=["change"])
def remove_tag(modeladmin, request, queryset):
    queryset = taggable(request, queryset)

    def apply(name):
        content_type = ContentType.objects.get_for_model(queryset.model)
        removed, _ = TaggedItem.objects.filter(
            tag__name__iexact=name, content_type=content_type, object_id__in=queryset.values("pk")
        ).delete()
        return f"Removed “{name}” from {removed} {queryset.model._meta.verbose_name_plural}."

    return ask_for_tag(modeladmin, request, queryset, "Remove a tag", apply)


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(VisibleTagAdmin):
    """The annotations app's tag admin (history, no tag of annotations one may not see, renaming and
    merging for the Desk only), without its inline of every tagged object."""

    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    fields = ["name", "slug"]
    inlines = []
    actions = ["merge"]

    def save_model(self, request, obj, form, change):
        # Renaming keeps the one spelling tags have everywhere (lower case, single spaces).
        obj.name = normalise_tag(obj.name)
        super().save_model(request, obj, form, change)

    @admin.action(description="Merge the selected tags into one", permissions=["change"])
    def merge(self, request, queryset):
        def apply(name):
            count = queryset.count()
            target = merge_tags(queryset, name)
            return f"Merged {count} tags into “{target.name}”."

        return ask_for_tag(self, request, queryset, "Merge tags", apply)


for model in (Article, Quotation, Annotation):
    model_admin = admin.site.get_model_admin(model)
    model_admin.actions = [*(model_admin.actions or []), add_tag, remove_tag]
