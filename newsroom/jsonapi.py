"""What every JSON endpoint of Newsroom shares (``annotations.api``, ``articles.api``): how it answers
errors, reads a body and refuses a user; its conventions below hold for both.

Authentication is Django's session (the reading page's login). Every write (POST, PUT, PATCH, DELETE)
needs Django's CSRF token: read the ``csrftoken`` cookie and send it as the ``X-CSRFToken`` header
(GET /api/annotations/ sets the cookie if the page did not). Send JSON bodies (``application/json`` or
``application/ld+json``); annotations come back as
``application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"``, the rest as ``application/json``.

Errors: a JSON object ``{"errors": {"<field>": ["message", ...]}}``; messages not about one field are
under ``"__all__"``. 400: malformed JSON or invalid fields (fields: ``target``, ``body``, ``colour``,
``visibility``, ``motivation``; for quotations the names below); 403: not logged in, or no permission
(``{"errors": {"__all__": ["Log in first."]}}``); 404: no such object, or another user's private
annotation (the list leaves those out); 405: method not allowed (empty body). A request without a
valid CSRF token gets Django's 403 page (HTML), before the view runs.
"""

import json
from functools import wraps

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import JsonResponse

from .permissions import can_read


def errors(status, message, field=NON_FIELD_ERRORS):
    return JsonResponse({"errors": {field: [message]}}, status=status)


def invalid(error_dict):
    return JsonResponse({"errors": error_dict}, status=400)


def refused(request):
    """403 for a user who may not, with a message that says whether logging in would help."""
    if not request.user.is_authenticated:
        return errors(403, "Log in first.")
    return errors(403, "You do not have permission to do this.")


def not_found(what):
    return errors(404, f"No such {what}.")


def read_json(request):
    """The request's JSON body, or raise ValidationError."""
    try:
        return json.loads(request.body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError({NON_FIELD_ERRORS: f"The request body is not valid JSON: {error}."}) from None


def site(request):
    """The scheme and host every absolute URL starts with."""
    return request.build_absolute_uri("/")[:-1]


def reader_only(view):
    """Like ``reader_required``, but answers 403 in JSON instead of redirecting to the login page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read(request.user):
            return refused(request)
        return view(request, *args, **kwargs)

    return wrapped
