"""Edits that never overwrite someone else's silently: a row's version, sent out with it and checked
when a change comes back.

A version is the row's ``updated_at`` in microseconds (every write path of the edited models sets it:
``save()``, and the bulk ones by hand). The JSON API sends it as the ``ETag`` (and as ``version`` in the
JSON) and honours ``If-Match`` through Django's own conditional-request handling; the admin's change
forms carry it in a hidden field (``VersionCheckedForm``). Either way a stale version is refused with
a message saying who changed the row meanwhile.
"""

from datetime import UTC, datetime, timedelta

from django import forms
from django.utils.cache import get_conditional_response

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def version(row):
    return version_at(row.updated_at)


def version_at(updated_at):
    """The version of a row changed last at ``updated_at`` (for rows read with ``values()``)."""
    return str((updated_at - EPOCH) // timedelta(microseconds=1))


def etag(row):
    return f'"{version(row)}"'


def if_match_fails(request, row):
    """Whether the request sends an If-Match that is not the row's current ETag."""
    response = get_conditional_response(request, etag=etag(row))
    return response is not None and response.status_code == 412


def last_changed_by(row):
    """Who made the row's latest change, from its history ("" when unknown)."""
    latest = row.history.select_related("history_user").first()
    user = latest and latest.history_user
    return user.get_username() if user else ""


def stale_message(row):
    who = last_changed_by(row)
    by = f" (by {who})" if who else ""
    return (
        f"Someone else changed this {row._meta.verbose_name}{by} since you opened it; your changes were "
        "not saved. Open it again to see theirs, then make yours."
    )


class VersionCheckedForm(forms.ModelForm):
    """An admin change form that refuses to save over a change made since it was opened.

    The version goes out in a hidden field; a form posted without it (a script, an old page) is not
    checked, as the API without If-Match.
    """

    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen_version"].initial = version(self.instance)

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk is not None and seen and seen != version(self.instance):
            raise forms.ValidationError(stale_message(self.instance), code="stale")
        return cleaned
