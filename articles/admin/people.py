"""The admin of people and their aliases, with their history and the action that merges two people."""

from django import forms
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Person, PersonAlias
from articles.pipeline import merge_persons
from newsroom.permissions import can_merge_people
from newsroom.versions import VersionCheckedForm

from .edits import EditedAdmin


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
class PersonAdmin(EditedAdmin):
    form = VersionCheckedForm
    fieldsets = ((None, {"fields": ("name", "slug", "role", "wikidata_id", "notes")}),)
    list_display = ("name", "role", "alias_list", "quotation_count", "wikidata_id")
    # Meta.ordering is dropped from a query with GROUP BY, as the count makes it.
    ordering = ("name",)
    search_fields = ("name", "aliases__name", "role")
    inlines = (PersonAliasInline,)
    actions = ("merge",)

    def has_merge_permission(self, request):
        return can_merge_people(request.user)

    @admin.action(description="Merge the two selected people", permissions=["merge"])
    def merge(self, request, queryset):
        """The one with more quotations is kept; the other's name, aliases, quotations and mentions move."""
        people = list(queryset.order_by("-quotation_count", "pk"))
        if len(people) != 2:
            self.message_user(request, "Select exactly two people to merge.", messages.ERROR)
            return
        keep, other = people
        name = other.name
        merge_persons(keep, other)
        self.message_user(request, f"{name} merged into {keep.name}; “{name}” is now one of their aliases.")

    def get_queryset(self, request):
        return super().get_queryset(request).with_quotation_counts().prefetch_related("aliases")

    @admin.display(description="aliases")
    def alias_list(self, person):
        return ", ".join(alias.name for alias in person.aliases.all())

    @admin.display(description="quotations", ordering="quotation_count")
    def quotation_count(self, person):
        return person.quotation_count


@admin.register(PersonAlias)
class PersonAliasAdmin(SimpleHistoryAdmin):
    list_display = ("name", "person")
    list_select_related = ("person",)
    search_fields = ("name", "person__name")
    autocomplete_fields = ("person",)
