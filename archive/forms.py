"""The search form: words in web-search syntax and the filters, each checked and turned into objects."""

from django import forms
from django.core.exceptions import ValidationError
from taggit.models import Tag

from articles.models import Outlet, Person, Quotation

from .dashboard import DashboardFilters
from .search import GROUPS, Filters


class ArchiveFilterForm(forms.Form):
    """Outlet and tag by slug, and a range of dates: what the search and the dashboard share."""

    outlet = forms.SlugField(required=False)
    tag = forms.SlugField(required=False)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def _object(self, name, model, what):
        slug = self.cleaned_data[name]
        if not slug:
            return None
        found = model.objects.filter(slug=slug).first()
        if found is None:
            raise ValidationError(f"There is no {what} “{slug}”.")
        return found

    def clean_outlet(self):
        return self._object("outlet", Outlet, "outlet")

    def clean_tag(self):
        return self._object("tag", Tag, "tag")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise ValidationError("The start date is after the end date.")
        return data


class SearchForm(ArchiveFilterForm):
    q = forms.CharField(label="Search", required=False, max_length=500)
    person = forms.SlugField(required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *Quotation.Status.choices], required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Quotation.Kind.choices], required=False)
    only = forms.ChoiceField(choices=[("", "All")] + [(g.name, g.label) for g in GROUPS], required=False)

    def clean_person(self):
        return self._object("person", Person, "person")

    def filters(self):
        data = self.cleaned_data
        return Filters(
            outlet=data["outlet"],
            person=data["person"],
            tag=data["tag"],
            since=data["since"],
            until=data["until"],
            status=data["status"],
            kind=data["kind"],
        )


class DashboardForm(ArchiveFilterForm):
    def filters(self):
        data = self.cleaned_data
        return DashboardFilters(
            since=data["since"], until=data["until"], outlet=data["outlet"], tag=data["tag"]
        )
