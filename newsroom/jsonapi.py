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

Limits, so that no single request holds the database for long: a body of at most ``JSON_MAX_BYTES``
(the setting, 1 MB by default; 413 beyond), nested at most ``JSON_MAX_DEPTH`` arrays and objects deep
(400), with no NUL character or lone surrogate (``"\\ud800"``) in any string (400): text that no
database column can hold is refused, not stored. Every field has one JSON type, and a value of another
type is a 400 on that field (``{"cue": {"a": 1}}`` is not a cue).
"""

import json
import re
from functools import wraps
from itertools import accumulate, repeat

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.http import JsonResponse

from .permissions import can_read

JSON_MAX_DEPTH = 20
# Strings (closed, or cut short at the end) and runs of anything else but brackets: what is left of
# a JSON text once they are taken out is its brackets. Possessive, so it never backtracks: linear time.
NOT_NESTING = re.compile(rb'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)|[^"\[\]{}]++', re.DOTALL)
# Arrays and objects nest alike: every opening bracket as "[", every closing one as "]".
SQUARE = bytes.maketrans(b"{}", b"[]")
# Then an opening bracket becomes 2 and a closing one 0, so that "minus one" is the change in depth.
BRACKET_STEPS = bytes.maketrans(b"[]", b"\x02\x00")
# What no text column takes: PostgreSQL refuses NUL, and a lone surrogate is not UTF-8 at all.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
JSON_TYPES = {
    str: "a string",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}


class PayloadError(Exception):
    """A body the API refuses before looking at its fields: too large, too deep, or not JSON."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status

    def response(self):
        return errors(self.status, str(self))


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
    """The request's JSON body within the limits above, or raise PayloadError."""
    limit = settings.JSON_MAX_BYTES
    too_large = PayloadError(413, f"The request body is larger than the limit of {limit:,} bytes.")
    # Refused on its declared length, before a byte of it is read.
    if declared_length(request) > limit:
        raise too_large
    try:
        raw = request.body or b"null"
    except RequestDataTooBig:
        raise too_large from None
    if len(raw) > limit:
        raise too_large
    if nested_too_deep(raw):
        raise PayloadError(400, f"The JSON is nested more than {JSON_MAX_DEPTH} levels deep.")
    try:
        data = json.loads(raw, parse_constant=refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:
        # ValueError: malformed JSON, but also a number of more than 4,300 digits.
        raise PayloadError(400, f"The request body is not valid JSON: {error}.") from None
    if any(UNSTORABLE.search(text) for text in strings(data)):
        raise PayloadError(400, "The JSON holds a NUL character or a lone surrogate (\\ud800-\\udfff).")
    return data


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def nested_too_deep(raw):
    """Whether arrays and objects nest more than JSON_MAX_DEPTH deep in the JSON text ``raw`` (brackets
    in strings do not count): found in linear time and without recursion, whatever the text."""
    brackets = NOT_NESTING.sub(b"", raw).translate(SQUARE)
    # Each round takes the innermost pairs out: a text nested no deeper than the limit is gone after
    # that many rounds of a fast replace, as almost every body is.
    rest = brackets
    for _ in range(JSON_MAX_DEPTH):
        if not rest:
            return False
        rest = rest.replace(b"[]", b"")
    # Deeper, or brackets that do not pair up (not JSON, for the parser to say): count them one by one,
    # up to the first that opens a level too many.
    steps = brackets.translate(BRACKET_STEPS)
    return any(depth > JSON_MAX_DEPTH for depth in accumulate(map(int.__sub__, steps, repeat(1))))


def refuse_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def strings(data):
    """Every string in parsed JSON, keys too (its depth is bounded by ``read_json``)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, list):
        for item in data:
            yield from strings(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings(value)


def type_errors(data, types):
    """Per field of the JSON object ``data``, an error when its value (null aside) is not of the
    JSON type ``types`` names for it (str, int, bool, list or dict); unknown fields are errors too."""
    if not isinstance(data, dict):
        return {NON_FIELD_ERRORS: ["Send a JSON object."]}
    problems = {}
    for field, value in data.items():
        if field not in types:
            problems[field] = ["Unknown field."]
        elif value is not None and not is_json_type(value, types[field]):
            problems[field] = [f"Send {JSON_TYPES[types[field]]}, not {json_type_name(value)}."]
    return problems


def is_json_type(value, kind):
    # JSON's true and false are Python ints too: never a whole number here.
    return isinstance(value, kind) and (kind is bool or not isinstance(value, bool))


def json_type_name(value):
    return next(
        (name for kind, name in reversed(JSON_TYPES.items()) if is_json_type(value, kind)),
        "a number with a fraction",
    )


def payload_errors(view):
    """Answer a PayloadError raised anywhere in the view with its JSON error."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PayloadError as error:
            return error.response()

    return wrapped


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
