"""Property tests on the JSON API: any JSON (within the limits), and any bytes, sent to any write
endpoint gets a 2xx or a 4xx with a JSON body, never a 500.

Two kinds of payload: any JSON value at all, and payloads shaped like the real ones (the known
fields, the article's real URL, offsets near the body) whose values are anything, so that the checks
deep inside (selectors, bodies, forms) are reached too. The test client raises the exception of a
500, so a failure shows its traceback.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import annotate, make_article, quote

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Text that no column holds (a NUL, a lone surrogate) and a URL that is not one, beside any text.
hostile_text = st.sampled_from(["\x00", "\ud800", "http://[bad", "\u202eexe.png", "=1+1"])
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | hostile_text
any_json = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
offsets = st.integers(min_value=-5, max_value=400) | st.integers()


def anything_or(*likely):
    """Mostly one of the likely values, sometimes any JSON at all."""
    return st.one_of(*likely * 3, any_json)


@st.composite
def annotation_payloads(draw, slug):
    selector = st.fixed_dictionaries(
        {"type": anything_or(st.sampled_from(["TextPositionSelector", "TextQuoteSelector"]))},
        optional={
            "start": anything_or(offsets),
            "end": anything_or(offsets),
            "exact": anything_or(st.sampled_from(["five soldiers", "glad", ""])),
            "prefix": any_json,
            "suffix": any_json,
        },
    )
    body_item = st.fixed_dictionaries(
        {},
        optional={
            "type": anything_or(st.just("TextualBody")),
            "value": anything_or(st.text(max_size=40), hostile_text),
            "purpose": anything_or(st.sampled_from(["tagging", "commenting", "linking", "describing"])),
            "id": any_json,
        },
    )
    target = st.fixed_dictionaries(
        {},
        optional={
            "source": anything_or(
                st.sampled_from([f"/articles/{slug}/", "http://[bad", "/tags/x/"]), hostile_text
            ),
            "selector": anything_or(selector, st.lists(selector, max_size=3)),
        },
    )
    return draw(
        st.fixed_dictionaries(
            {},
            optional={
                "target": anything_or(target, st.lists(target, max_size=2)),
                "body": anything_or(body_item, st.lists(body_item, max_size=4)),
                "bodyValue": any_json,
                "colour": anything_or(st.sampled_from(["yellow", "green", "red"])),
                "visibility": anything_or(st.sampled_from(["shared", "private"])),
                "motivation": any_json,
            },
        )
    )


def quotation_payloads(slug):
    return st.fixed_dictionaries(
        {},
        optional={
            "article": anything_or(st.just(slug)),
            "start": anything_or(offsets),
            "end": anything_or(offsets),
            "text": anything_or(st.text(max_size=20)),
            "speaker": anything_or(st.just("nobody")),
            "speaker_name": anything_or(st.text(max_size=20), hostile_text),
            "cue": anything_or(st.text(max_size=20), hostile_text),
            "kind": anything_or(st.sampled_from(["direct", "partial", "indirect"])),
            "status": anything_or(st.sampled_from(["suggested", "confirmed", "rejected"])),
        },
    )


@pytest.fixture
def setup(client, alice):
    client.force_login(alice)
    article = make_article()
    annotation = annotate(article, "five soldiers", alice)
    quotation = quote(article, "captivity is not a crime")
    return client, article, annotation, quotation


def check(client, method, url, body):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = getattr(client, method)(url, raw, content_type="application/json")
    assert response.status_code < 500
    if response.status_code >= 400:
        assert "errors" in response.json()


@given(data=st.data())
@EXAMPLES
def test_any_json_to_any_write_endpoint_is_never_a_500(setup, data):
    client, _, annotation, quotation = setup
    method, url = data.draw(
        st.sampled_from(
            [
                ("post", "/api/annotations/"),
                ("put", f"/api/annotations/{annotation.uuid}/"),
                ("patch", f"/api/annotations/{annotation.uuid}/"),
                ("post", "/api/quotations/"),
                ("patch", f"/api/quotations/{quotation.uuid}/"),
            ]
        )
    )
    check(client, method, url, data.draw(any_json | st.binary(max_size=200)))


@given(data=st.data())
@EXAMPLES
def test_annotation_shaped_payloads_are_never_a_500(setup, data):
    client, article, annotation, _ = setup
    method, url = data.draw(
        st.sampled_from(
            [
                ("post", "/api/annotations/"),
                ("put", f"/api/annotations/{annotation.uuid}/"),
                ("patch", f"/api/annotations/{annotation.uuid}/"),
            ]
        )
    )
    check(client, method, url, data.draw(annotation_payloads(article.slug)))


@given(data=st.data())
@EXAMPLES
def test_quotation_shaped_payloads_are_never_a_500(setup, data):
    client, article, _, quotation = setup
    method, url = data.draw(
        st.sampled_from([("post", "/api/quotations/"), ("patch", f"/api/quotations/{quotation.uuid}/")])
    )
    check(client, method, url, data.draw(quotation_payloads(article.slug)))
