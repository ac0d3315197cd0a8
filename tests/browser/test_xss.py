"""Hostile text through every field a user can write, on every page that shows it: nothing runs.

Each payload below calls ``__xss(n)`` (or ``alert``) if it ever runs. They are stored through the real
write paths: articles (title, body, url, outlet) by ingesting a JSON Lines file as ``manage.py ingest``
and the admin's upload do; people (name, alias, role), a quotation's speaker as written and usernames
through the admin's forms; quotations (text, speaker, cue, place) and annotations (note, tags) through
the JSON API the reading view uses; search and people queries are reflected from the URL. Then the pages
are loaded in Chromium with the Content-Security-Policy *bypassed*, so that escaping alone must hold:
no ``__xss`` call, no dialog, no script error, and no injected markup (an ``on…`` attribute, a
``javascript:`` URL, a script or style holding a payload, a frame). Each payload must also be on the
page as text, i.e. escaped. Exports are read through the test client: downloads, never HTML.

In CI the pages that show every payload at once are loaded (one article quoting all of them, the lists,
search, the admin's lists, one of each change page). ``XSS_FULL=1`` loads every page of every object
too, and ``XSS_REPORT=path`` writes the table as JSON: ``bench/xss.py`` runs both and prints it.
"""

import json
import os
import re
import time
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from taggit.models import Tag

from annotations.models import Annotation
from articles.models import Article, Person, Quotation
from articles.pipeline import ingest_bytes
from tests.factories import management_form

pytestmark = pytest.mark.browser

FULL = os.environ.get("XSS_FULL") == "1"

# Classic payloads, each with the number it reports if it runs. Invented here; N is replaced.
PAYLOADS = [
    ("script tag", "<script>__xss(N)</script>"),
    ("img onerror", "<img src=x onerror=__xss(N)>"),
    ("svg onload", "<svg onload=__xss(N)>"),
    ("script inside svg", "<svg><script>__xss(N)</script></svg>"),
    ("double-quoted attribute breakout", '"><script>__xss(N)</script>'),
    ("single-quoted attribute breakout", "'><img src=x onerror=__xss(N)>"),
    ("handler in a double-quoted attribute", '" autofocus onfocus="__xss(N)" x="'),
    ("handler in a single-quoted attribute", "' onmouseover='__xss(N)' x='"),
    ("handler in an unquoted attribute", "x onmouseover=__xss(N)"),
    ("javascript: URL", "javascript:__xss(N)"),
    ("javascript: URL with a tab entity", "jav&#x09;ascript:__xss(N)"),
    ("link to javascript:", '<a href="javascript:__xss(N)">more</a>'),
    ("iframe srcdoc", '<iframe srcdoc="<script>parent.__xss(N)</script>"></iframe>'),
    ("MathML mutation", "<math><mtext><table><mglyph><style><img src=x onerror=__xss(N)>"),
    ("noscript mutation", '<noscript><p title="</noscript><img src=x onerror=__xss(N)>">'),
    ("JSON-in-script breakout", "</script><script>__xss(N)</script>"),
    ("line separators before a breakout", "\u2028\u2029</script><img src=x onerror=__xss(N)>"),
    ("template literal", "${__xss(N)}"),
    ("backtick breakout", "`;__xss(N);`"),
    ("JSON string breakout", '"};__xss(N);//'),
    ("CSS url() in a style attribute", '<div style="background:url(javascript:__xss(N))">box</div>'),
    ("style element", '<style>*{background:url("javascript:__xss(N)")}</style>'),
    ("fullwidth brackets", "＜script＞__xss(N)＜/script＞"),
    ("NUL inside the tag name", "<scr\x00ipt>__xss(N)</scr\x00ipt>"),
    ("right-to-left override", "\u202e<img src=x onerror=__xss(N)>"),
    ("details ontoggle", "<details open ontoggle=__xss(N)>"),
    ("data: URL", "data:text/html,<script>__xss(N)</script>"),
    ("form action", '<form action="javascript:__xss(N)"><button>go</button></form>'),
    ("entities decoded twice", "&lt;img src=x onerror=__xss(N)&gt;"),
]
PAYLOAD_TEXTS = [text.replace("N", str(number)) for number, (_name, text) in enumerate(PAYLOADS, 1)]

INIT_SCRIPT = """
window.__xssRan = [];
window.__xss = (n) => window.__xssRan.push(String(n));
for (const name of ["alert", "confirm", "prompt"]) window[name] = () => window.__xssRan.push(name);
"""

# Injected markup, whether or not it ran: handlers, script URLs, scripts or styles holding a payload,
# frames. The pages' own scripts are modules from /static/ and JSON data; they have no handlers.
FINDINGS = """
() => {
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"];
  for (const element of document.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    if (["iframe", "frame", "object", "embed", "base"].includes(tag)) found.push(`<${tag}>`);
    const equiv = element.getAttribute("http-equiv") || "";
    if (tag === "meta" && /refresh/i.test(equiv)) found.push("meta refresh");
    const code = element.textContent + (element.src || "");
    if ((tag === "script" || tag === "style") && code.includes("__xss")) {
      if (!(tag === "script" && element.type === "application/json")) found.push(`<${tag}> with a payload`);
    }
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\s\\x00-\\x1f]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(`${tag}[${name}]`);
      if (name === "srcdoc") found.push(`${tag}[srcdoc]`);
      if (urlAttributes.includes(name) && /^(javascript|vbscript|data:text\\/html)/.test(value)) {
        found.push(`${tag}[${name}=${value.slice(0, 40)}]`);
      }
      if (name === "style" && value.includes("__xss")) found.push(`${tag}[style] with a payload`);
    }
  }
  return found;
}
"""

# Every text the page shows: text nodes (scripts and styles aside), form values, attribute values.
SHOWN = """
() => {
  const parts = [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest("script, style")) parts.push(node.data);
  }
  for (const element of document.querySelectorAll("*")) {
    if ("value" in element && typeof element.value === "string") parts.push(element.value);
    for (const attribute of element.attributes) parts.push(attribute.value);
  }
  return parts.join("\\n");
}
"""


# JSON data in the page (json_script): a quote or apostrophe is harmless there, < > & are \u003C….
JSON_SCRIPTS = re.compile(r'<script[^>]*type="application/json"[^>]*>.*?</script>', re.DOTALL)


def between(text, before, after):
    """The text between the first ``before`` and the ``after`` that follows it."""
    start = text.index(before) + len(before)
    return start, text.index(after, start)


def shown_in(payload, shown):
    """Whether ``payload`` is in the page's text as sent, as a one-line field keeps it (no control
    characters or bidi overrides, trimmed), or with a NUL the HTML parser made U+FFFD."""
    one_line = "".join(c for c in payload if c not in "\x00\u202e\u2028\u2029").strip()
    return any(form in shown for form in (payload, one_line, payload.replace("\x00", "\ufffd")))


class Table:
    """Per field: how many payloads were stored as sent, stored cleaned, or refused; per page: loads."""

    def __init__(self):
        self.fields = {}
        self.loads = Counter()
        self.shown = 0
        self.executed = []
        self.findings = []

    def stored(self, field, sent, kept):
        """``kept``: the value stored (None: refused)."""
        counts = self.fields.setdefault(field, Counter())
        counts["refused" if kept is None else "as sent" if kept == sent else "cleaned"] += 1

    def as_dict(self):
        return {
            "payloads": len(PAYLOADS),
            "fields": {name: dict(counts) for name, counts in self.fields.items()},
            "fields_storing": sum(
                1 for counts in self.fields.values() if counts["as sent"] + counts["cleaned"]
            ),
            "page_loads": dict(self.loads),
            "page_loads_total": sum(self.loads.values()),
            "payloads_shown_as_text": self.shown,
            "executed": len(self.executed),
            "findings": self.findings,
        }


def post_form(client, url, data):
    """POST an admin form; Django's forms refuse a NUL outright, and then it is sent again without it
    (as a person would retype it), so that the pages still have the rest. Returns (response, refused)."""
    response = client.post(url, data)
    if response.status_code == 302:
        return response, False
    assert any("\x00" in str(value) for value in data.values()), response.context["adminform"].form.errors
    response = client.post(url, {name: str(value).replace("\x00", "") for name, value in data.items()})
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response, True


def post_json(client, url, data):
    """POST JSON; the API refuses a NUL anywhere in it with a 400, then it is sent again without it."""
    sent = json.dumps(data)
    response = client.post(url, sent, content_type="application/json")
    if response.status_code == 201:
        return response, False
    assert "\\u0000" in sent, response.json()
    response = client.post(url, sent.replace("\\u0000", ""), content_type="application/json")
    assert response.status_code == 201, response.json()
    return response, True


def json_lines(records):
    return "\n".join(json.dumps(record) for record in records).encode()


def store_everything(table, root, editor):
    """Every payload through every write path; returns what the pages need."""
    admin, api = Client(), Client()
    admin.force_login(root)
    api.force_login(editor)
    published = datetime(2025, 3, 12, 9, 30, tzinfo=UTC).isoformat()

    # Articles: one per payload (title, outlet, url, body), and one article quoting every payload.
    records = [
        {
            "id": f"xss-{number}",
            "url": f"https://news.example/xss/{number}/?from={payload}",
            "outlet": payload,
            "title": payload,
            "published": published,
            "text": f"Report {number} begins here.\n\n{payload}\n\nThe end of report {number}.",
        }
        for number, payload in enumerate(PAYLOAD_TEXTS, 1)
    ]
    records.append(
        {
            "id": "xss-all",
            "url": "https://news.example/xss/all/",
            "title": "Every payload quoted",
            "published": published,
            "text": "\n\n".join(
                f"Paragraph {number}.\n\n{payload}\n\nThe {payload} office said nothing."
                for number, payload in enumerate(PAYLOAD_TEXTS, 1)
            ),
        }
    )
    results = ingest_bytes(json_lines(records), "payloads.jsonl", user=root)
    by_id = {record["id"]: result for record, result in zip(records, results, strict=True)}
    articles = []
    for number, payload in enumerate(PAYLOAD_TEXTS, 1):
        article = by_id[f"xss-{number}"].article
        assert article is not None, by_id[f"xss-{number}"].error
        article = Article.objects.select_related("outlet").get(pk=article.pk)
        articles.append(article)
        table.stored("article title", payload, article.title)
        start, end = between(article.body, "begins here.\n\n", "\n\nThe end of report")
        table.stored("article body", payload, article.body[start:end])
        table.stored("article url", records[number - 1]["url"], article.url or None)
        table.stored("outlet name", payload, article.outlet.name if article.outlet else None)
    omnibus = Article.objects.get(pk=by_id["xss-all"].article.pk)

    # People, through the admin's form with an alias inline.
    people = []
    for payload in PAYLOAD_TEXTS:
        data = {"name": payload, "slug": "", "role": payload, "wikidata_id": "", "notes": ""}
        data |= management_form("aliases", 1) | {"aliases-0-name": f"{payload} alias"}
        _response, refused = post_form(admin, reverse("admin:articles_person_add"), data)
        person = Person.objects.prefetch_related("aliases").order_by("-pk")[0]
        people.append(person)
        table.stored("person name", payload, None if refused else person.name)
        table.stored("person role", payload, None if refused else person.role)
        table.stored("person alias", f"{payload} alias", None if refused else person.aliases.all()[0].name)

    # Quotations and annotations through the API, on the article that holds every payload.
    source = f"http://testserver{omnibus.get_absolute_url()}"
    body = omnibus.body
    quotations, annotations = [], []
    for number, (payload, person) in enumerate(zip(PAYLOAD_TEXTS, people, strict=True), 1):
        start, end = between(body, f"Paragraph {number}.\n\n", "\n\nThe ")
        data = {
            "article": omnibus.slug,
            "start": start,
            "end": end,
            "speaker": person.slug,
            "cue": payload,
            "place": payload,
            "said_on": "2025-03-11",
            "kind": "direct",
        }
        response, refused = post_json(api, "/api/quotations/", data)
        quotation = Quotation.objects.get(uuid=response.json()["uuid"])
        table.stored("quotation text", payload, quotation.text)
        table.stored("quotation cue", payload, None if refused else quotation.cue)
        table.stored("quotation place", payload, None if refused else quotation.place)
        quotations.append(quotation)

        # "The <payload> office": an organisation, its name as written set in the admin.
        office, office_end = between(body[end:], "\n\nThe ", " said nothing.")
        data = {"article": omnibus.slug, "start": end + office, "end": end + office_end}
        response, _refused = post_json(api, "/api/quotations/", data)
        organisation = Quotation.objects.get(uuid=response.json()["uuid"])
        url = reverse("admin:articles_quotation_change", args=[organisation.pk])
        form = admin.get(url).context["adminform"].form
        data = {name: value for name, value in form.initial.items() if value is not None}
        data.update(article=omnibus.pk, speaker="", tags="", speaker_text=payload, speaker_is_body="on")
        data.pop("said_on", None)
        _response, refused = post_form(admin, url, data)
        organisation.refresh_from_db()
        table.stored(
            "quotation speaker as written",
            payload,
            None if refused else organisation.speaker_text,
        )
        quotations.append(organisation)

        tag = payload[:100]
        data = {
            "target": {
                "source": source,
                "selector": [{"type": "TextPositionSelector", "start": start, "end": end}],
            },
            "body": [
                {"type": "TextualBody", "value": payload, "format": "text/plain", "purpose": "commenting"},
                {"type": "TextualBody", "value": tag, "purpose": "tagging"},
            ],
            "colour": "pink",
            "visibility": "shared",
        }
        response, refused = post_json(api, "/api/annotations/", data)
        annotation = Annotation.objects.get(uuid=response.json()["id"].rstrip("/").rsplit("/", 1)[1])
        table.stored("annotation note", payload, None if refused else annotation.note)
        names = [t.name for t in annotation.tags.all()]
        table.stored("tag name", tag.lower(), None if refused or not names else names[0])
        annotations.append(annotation)

    # Usernames: the admin's user form.
    for payload in PAYLOAD_TEXTS:
        data = {"username": payload, "password1": "Xss-payload-pass-1", "password2": "Xss-payload-pass-1"}
        data["usable_password"] = "true"
        response = admin.post(reverse("admin:auth_user_add"), data)
        user = response.status_code == 302 and get_user_model().objects.order_by("-pk")[0]
        table.stored("username", payload, user.username if user else None)

    # Reflected from the URL: the search box and the people search.
    for payload in PAYLOAD_TEXTS:
        table.stored("search query (reflected)", payload, payload)
        table.stored("people query (reflected)", payload, payload)
    return {
        "articles": articles,
        "omnibus": omnibus,
        "people": people,
        "quotations": quotations,
        "annotations": annotations,
        "tags": list(Tag.objects.filter(pk__in=[t.pk for a in annotations for t in a.tags.all()])),
    }


def pages(data):
    """(kind, path) of every page to load: those that show all payloads at once; with XSS_FULL, the
    page of every object and every reflected query too."""
    everything = "".join(PAYLOAD_TEXTS)
    omnibus = data["omnibus"]
    person = data["people"][0]
    quotation = data["quotations"][0]
    found = [
        ("reading view", omnibus.get_absolute_url()),
        ("reading view", data["articles"][0].get_absolute_url()),
        ("article list", "/"),
        ("article list", "/?page=2"),
        ("search", "/search/?q=xss"),
        ("search", "/search/?" + query(q=everything)),
        ("people", "/people/"),
        ("people", "/people/?" + query(q=everything)),
        ("person page", person.get_absolute_url()),
        ("tag index", "/tags/"),
        ("tag page", reverse("tag-detail", args=[data["tags"][0].slug])),
        ("dashboard", "/dashboard/"),
        ("admin list", reverse("admin:articles_article_changelist")),
        ("admin list", reverse("admin:articles_quotation_changelist")),
        ("admin list", reverse("admin:articles_person_changelist")),
        ("admin list", reverse("admin:annotations_annotation_changelist")),
        ("admin list", reverse("admin:taggit_tag_changelist")),
        ("admin list", reverse("admin:articles_outlet_changelist")),
        ("admin change", reverse("admin:articles_quotation_change", args=[quotation.pk])),
        ("admin change", reverse("admin:articles_person_change", args=[person.pk])),
        ("admin history", reverse("admin:articles_quotation_history", args=[quotation.pk])),
    ]
    if not FULL:
        return found
    for article in data["articles"]:
        found.append(("reading view", article.get_absolute_url()))
        found.append(("admin change", reverse("admin:articles_article_change", args=[article.pk])))
    for person in data["people"]:
        found.append(("person page", person.get_absolute_url()))
        found.append(("admin change", reverse("admin:articles_person_change", args=[person.pk])))
    for quotation in data["quotations"]:
        found.append(("admin change", reverse("admin:articles_quotation_change", args=[quotation.pk])))
        found.append(("admin history", reverse("admin:articles_quotation_history", args=[quotation.pk])))
    for annotation in data["annotations"]:
        found.append(("admin change", reverse("admin:annotations_annotation_change", args=[annotation.pk])))
    for tag in data["tags"]:
        found.append(("tag page", reverse("tag-detail", args=[tag.slug])))
    for payload in PAYLOAD_TEXTS:
        found.append(("search", "/search/?" + query(q=payload)))
        found.append(("people", "/people/?" + query(q=payload)))
    return found


def query(**params):
    return urlencode(params)


def exports(data):
    """The downloads that carry the payloads: never HTML, never sniffed as HTML."""
    omnibus = data["omnibus"]
    person = data["people"][0]
    found = [
        f"/api/annotations/export/?article={omnibus.slug}&format={kind}" for kind in ("jsonld", "csv", "md")
    ]
    found += [reverse("person-quotations-export", args=[person.slug, kind]) for kind in ("csv", "json")]
    found.append("/dashboard/?format=csv")
    return found


def test_no_payload_runs_on_any_page(browser, live_server, transactional_db):
    table = Table()
    root = get_user_model().objects.create_superuser("root", "root@example.com", "password")
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")
    started = time.monotonic()
    data = store_everything(table, root, editor)
    storing = time.monotonic() - started

    client = Client()
    client.force_login(root)
    for url in exports(data):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response["Content-Type"].startswith("text/html"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
        assert "](javascript:" not in text.replace(" ", ""), url
        table.loads["export (test client)"] += 1

    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    context.add_init_script(INIT_SCRIPT)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    errors = []
    page.on("dialog", lambda dialog: (table.executed.append(f"dialog {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    started = time.monotonic()
    try:
        for kind, path in pages(data):
            errors.clear()
            response = page.goto(path)
            assert response.status == 200, path
            html = JSON_SCRIPTS.sub("", response.text())
            if kind == "reading view":
                page.wait_for_selector("html[data-reader=ready]", state="attached")
            # What a payload's onload or onerror would do happens now.
            page.wait_for_load_state("load")
            for payload in PAYLOAD_TEXTS:
                if escape(payload) != payload:
                    # Never sent as markup: escaped in HTML, \\u003C in JSON.
                    assert payload not in html, (path, payload)
            ran = page.evaluate("window.__xssRan")
            table.executed += [f"{path}: {number}" for number in ran]
            table.findings += [f"{path}: {finding}" for finding in page.evaluate(FINDINGS) + errors]
            shown = page.evaluate(SHOWN)
            visible = sum(1 for payload in PAYLOAD_TEXTS if shown_in(payload, shown))
            # The admin's history names a quotation by its first words only.
            assert visible or kind == "admin history", f"{path} shows no payload: the page proves nothing"
            table.shown += visible
            table.loads[kind] += 1
    finally:
        context.close()
    seconds = time.monotonic() - started

    report = table.as_dict() | {
        "seconds_storing": round(storing, 1),
        "seconds_loading": round(seconds, 1),
        "full": FULL,
    }
    if os.environ.get("XSS_REPORT"):
        with open(os.environ["XSS_REPORT"], "w") as stream:
            json.dump(report, stream, indent=2)
    print(
        f"\nXSS: {report['payloads']} payloads × {report['fields_storing']} fields storing them × "
        f"{report['page_loads_total']} page loads: executed {report['executed']}, "
        f"findings {len(report['findings'])} (stored in {storing:.1f} s, loaded in {seconds:.1f} s)"
    )
    assert table.executed == []
    assert table.findings == []
    # Every field that takes text kept every payload, cleaned at most; usernames refuse them all.
    for field, counts in table.fields.items():
        if field == "username":
            assert counts == {"refused": len(PAYLOADS)}
        elif field != "article url":
            # Only Django's forms refuse a payload: the one with a NUL.
            assert counts["refused"] <= sum("\x00" in payload for payload in PAYLOAD_TEXTS), (field, counts)
