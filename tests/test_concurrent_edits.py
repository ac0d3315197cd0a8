"""Two editors on one row: the API sends an ETag and honours If-Match (412 when stale); the admin's
change forms carry the version they were opened at and refuse, saying who changed it, to save over a
newer one. Nothing is ever overwritten silently."""

import json

import pytest
from django.urls import reverse

from articles.models import Person
from tests.factories import admin_url, annotate, make_article, make_person, quote

pytestmark = pytest.mark.django_db


def patch(client, url, data, **headers):
    return client.patch(url, json.dumps(data), content_type="application/json", headers=headers)


def test_a_stale_if_match_on_an_annotation_is_412_and_changes_nothing(client, alice):
    annotation = annotate(make_article(), "five soldiers", alice)
    client.force_login(alice)
    url = reverse("api-annotation", args=[annotation.uuid])
    etag = client.get(url)["ETag"]

    first = patch(client, url, {"colour": "pink"}, if_match=etag)
    assert first.status_code == 200 and first["ETag"] != etag
    second = patch(client, url, {"colour": "blue"}, if_match=etag)
    assert second.status_code == 412
    assert "Someone else changed this annotation (by alice)" in second.json()["errors"]["__all__"][0]
    assert client.delete(url, headers={"if_match": etag}).status_code == 412
    annotation.refresh_from_db()
    assert (annotation.colour, annotation.in_trash) == ("pink", False)
    # The fresh ETag works; no If-Match at all is a plain write.
    assert patch(client, url, {"colour": "blue"}, if_match=first["ETag"]).status_code == 200
    assert patch(client, url, {"colour": "green"}).status_code == 200


def test_a_stale_if_match_on_a_quotation_is_412(client, alice, bob):
    quotation = quote(make_article(), "are glad.")
    url = reverse("api-quotation", args=[quotation.uuid])
    client.force_login(alice)
    seen = client.get(url)
    assert seen["ETag"] == f'"{seen.json()["version"]}"'
    client.force_login(bob)
    assert patch(client, url, {"status": "confirmed"}, if_match=seen["ETag"]).status_code == 200
    client.force_login(alice)
    stale = patch(client, url, {"status": "rejected"}, if_match=seen["ETag"])
    assert stale.status_code == 412 and "(by bob)" in stale.json()["errors"]["__all__"][0]
    quotation.refresh_from_db()
    assert quotation.status == "confirmed"


def person_data(person, **fields):
    return {
        "name": person.name,
        "slug": person.slug,
        "role": person.role,
        "wikidata_id": "",
        "notes": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        **fields,
    }


def test_an_admin_form_opened_before_anothers_save_is_refused(client, alice, bob):
    person = make_person("Ann Example")
    url = admin_url("person", "change", person.pk)
    client.force_login(alice)
    alice_version = client.get(url).context["adminform"].form["seen_version"].value()
    client.force_login(bob)
    bob_version = client.get(url).context["adminform"].form["seen_version"].value()
    assert client.post(url, person_data(person, role="Mayor", seen_version=bob_version)).status_code == 302

    client.force_login(alice)
    response = client.post(url, person_data(person, role="Governor", seen_version=alice_version))
    assert response.status_code == 200
    [message] = response.context["adminform"].form.non_field_errors()
    assert message.startswith("Someone else changed this person (by bob) since you opened it")
    assert "Someone else changed this person" in response.content.decode()
    assert Person.objects.get(pk=person.pk).role == "Mayor"


def test_the_reading_view_sends_each_quotations_version(client, alice):
    quotation = quote(make_article(), "are glad.")
    client.force_login(alice)
    [shown] = client.get(quotation.article.get_absolute_url()).context["reader"]["quotations"]
    etag = client.get(reverse("api-quotation", args=[quotation.uuid]))["ETag"]
    assert etag == f'"{shown["version"]}"'
