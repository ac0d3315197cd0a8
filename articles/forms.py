"""Forms that check what the quotation API (``api.py``) receives: a quotation made in the reading view,
changed, or attached again to a new place."""

from django import forms
from django.db import transaction

from .models import Article, Person, Quotation
from .text import clean_line


class SettingFields(forms.Form):
    """When and where it was said: a day as ``YYYY-MM-DD`` (nothing else is read as a date) and a
    one-line place."""

    said_on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Send a day as YYYY-MM-DD, e.g. 2025-03-14."},
    )
    place = forms.CharField(max_length=200, required=False)

    def clean_place(self):
        return " ".join(clean_line(self.cleaned_data["place"]).split())


class SpeakerFields(forms.Form):
    """A speaker picked by slug, or a new one named: never both."""

    speaker = forms.ModelChoiceField(Person.objects.all(), to_field_name="slug", required=False)
    speaker_name = forms.CharField(max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("speaker") and cleaned.get("speaker_name"):
            self.add_error("speaker_name", "Pick a speaker or name a new one, not both.")
        return cleaned

    def chosen_speaker(self):
        """The person picked, or the one named (an existing person of that exact name is reused)."""
        name = " ".join(clean_line(self.cleaned_data.get("speaker_name", "")).split())
        if not name:
            return self.cleaned_data.get("speaker")
        return Person.objects.filter(name__iexact=name).order_by("pk").first() or Person.objects.create(
            name=name
        )


class QuotationCreateForm(SettingFields, SpeakerFields):
    article = forms.SlugField(max_length=255)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    text = forms.CharField(required=False, strip=False)
    cue = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(choices=Quotation.Kind.choices, required=False)

    def clean_article(self):
        article = Article.objects.defer("raw").filter(slug=self.cleaned_data["article"]).first()
        if article is None:
            raise forms.ValidationError("No article has this slug.")
        return article

    def clean(self):
        cleaned = super().clean()
        article, start, end = cleaned.get("article"), cleaned.get("start"), cleaned.get("end")
        if article is not None and start is not None and end is not None:
            text = cleaned.get("text") or article.body[start:end]
            error = Quotation(article=article, start=start, end=end).span_error(article.body, text)
            if error:
                self.add_error("text", error)
            cleaned["text"] = text
        return cleaned

    @transaction.atomic
    def save(self, user):
        """A quotation an editor made: confirmed, theirs."""
        data = self.cleaned_data
        return Quotation.objects.create(
            article=data["article"],
            start=data["start"],
            end=data["end"],
            text=data["text"],
            speaker=self.chosen_speaker(),
            cue=data["cue"],
            said_on=data["said_on"],
            place=data["place"],
            kind=data["kind"] or Quotation.Kind.DIRECT,
            status=Quotation.Status.CONFIRMED,
            origin=Quotation.Origin.EDITOR,
            created_by=user,
        )


class QuotationChangeForm(SettingFields, SpeakerFields, forms.ModelForm):
    """Confirm, reject, re-attribute, edit the cue, kind, day and place: what the side panel changes;
    and a new place in the body, ``start`` and ``end`` (with ``text``, or the body's text there), which
    also attaches an orphan again."""

    PLACE = ("start", "end", "text")

    start = forms.IntegerField(min_value=0, required=False)
    end = forms.IntegerField(min_value=1, required=False)
    text = forms.CharField(required=False, strip=False)

    class Meta:
        model = Quotation
        fields = ("speaker", "cue", "kind", "status", "said_on", "place")

    @classmethod
    def for_patch(cls, quotation, changes):
        """A form over the quotation's current values with ``changes`` (the PATCH body) on top.

        Its place is only in the data when the PATCH sends one: otherwise it stays as it is.
        """
        data = {
            # Naming a new speaker replaces the current one.
            "speaker": quotation.speaker.slug if quotation.speaker and "speaker_name" not in changes else "",
            "cue": quotation.cue,
            "kind": quotation.kind,
            "status": quotation.status,
            "said_on": quotation.said_on.isoformat() if quotation.said_on else "",
            "place": quotation.place,
        }
        data |= {key: "" if value is None else value for key, value in changes.items()}
        return cls(data=data, instance=quotation)

    @property
    def moves(self):
        """Whether the PATCH sends a place."""
        return any(name in self.data for name in self.PLACE)

    def clean(self):
        cleaned = super().clean()
        if not self.moves:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        for name in ("start", "end"):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, "Send start and end together (with text, if you like).")
        if start is None or end is None:
            return cleaned
        body = self.instance.article.body
        for name, offset in (("start", start), ("end", end)):
            if offset > len(body):
                self.add_error(name, f"The article has {len(body)} characters; {offset} is past its end.")
        if start >= end:
            self.add_error("end", f"The end ({end}) must come after the start ({start}).")
        if self.errors:
            return cleaned
        text = cleaned.get("text") or body[start:end]
        error = Quotation(article=self.instance.article, start=start, end=end).span_error(body, text)
        if error:
            self.add_error("text", error)
        cleaned["text"] = text
        return cleaned

    @transaction.atomic
    def save(self):
        quotation = super().save(commit=False)
        quotation.speaker = self.chosen_speaker()
        if self.moves:
            # In its new place its text is the body's again: no longer an orphan.
            quotation.start, quotation.end = self.cleaned_data["start"], self.cleaned_data["end"]
            quotation.text = self.cleaned_data["text"]
            quotation.orphaned = False
        # An editor changed it: re-extraction leaves it alone.
        quotation.edited = True
        quotation.save()
        return quotation
