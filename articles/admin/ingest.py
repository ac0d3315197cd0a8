"""The admin's "Ingest articles" form: files (one, many or a ZIP), pasted text or a web address, the
format to read them as, and the outlet they come from."""

from urllib.parse import urlsplit

from django import forms

from .ingest.sniff import FORMATS
from .models import Outlet

# What the form calls each format the readers know; ``manage.py ingest --format`` takes the same
# FORMATS, and a format added there without a name here stops the app at import.
FORMAT_NAMES = {
    "text": "Plain-text page dump",
    "html": "HTML page",
    "jsonl": "JSON Lines",
    "zip": "ZIP archive",
}
# The empty choice, also an IngestBatch's blank format: each file's format is detected.
FORMAT_CHOICES = [("", "Detect from the file (default)"), *((name, FORMAT_NAMES[name]) for name in FORMATS)]


def format_name(format):
    """A batch's format in words, or "" when each file's was detected."""
    return FORMAT_NAMES.get(format, format)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes any number of files and cleans to a list of them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class IngestForm(forms.Form):
    files = MultipleFileField(
        required=False,
        # An empty file is a failed row in the results, beside the files that went in.
        allow_empty_file=True,
        # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FILES (100) files in one request.
        help_text="Text page dumps, HTML pages (also .html.gz), JSON Lines, or ZIP archives of them: up "
        "to 100 files at once; put more in a ZIP archive.",
    )
    text = forms.CharField(
        label="Or paste an article",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "vLargeTextField"}),
        help_text="A page's text as copied from the browser, title first.",
    )
    url = forms.URLField(
        label="Or a web address",
        required=False,
        assume_scheme="https",
        max_length=2000,
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        help_text="The page is fetched and its article ingested, with this address as its URL.",
    )
    format = forms.ChoiceField(
        label="Read files as",
        choices=FORMAT_CHOICES,
        required=False,
        help_text="For the files and the pasted text, when their format is not told right from their "
        "contents and name. A web page is always read as HTML.",
    )
    outlet = forms.ModelChoiceField(
        Outlet.objects.all(),
        required=False,
        empty_label="as each document says",
        help_text="The outlet of every article ingested here, whatever the documents say.",
    )
    new_outlet = forms.CharField(
        label="or a new outlet",
        required=False,
        max_length=200,
        help_text="Its name; it is created unless an outlet of that name exists.",
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        # URLField also takes ftp:// addresses; the fetcher reads only web pages.
        if url and urlsplit(url).scheme not in ("http", "https"):
            raise forms.ValidationError("Only http:// and https:// addresses can be fetched.")
        return url

    def clean(self):
        cleaned = super().clean()
        given = cleaned.get("files") or cleaned.get("text", "").strip() or cleaned.get("url")
        if not given and not self.errors:
            raise forms.ValidationError("Choose files, paste an article or give a web address.")
        if cleaned.get("outlet") and cleaned.get("new_outlet", "").strip():
            self.add_error("new_outlet", "Choose an outlet or name a new one, not both.")
        return cleaned

    def outlet_name(self):
        """The outlet every article gets, or None to take each document's own."""
        outlet = self.cleaned_data["outlet"]
        return outlet.name if outlet else " ".join(self.cleaned_data["new_outlet"].split()) or None
