"""A clean 503 while the database is down, instead of a 500 with a traceback.

A lost or refused connection is an ``OperationalError`` or ``InterfaceError``: the middleware turns
one raised by a view into a 503 page (JSON under ``/api/``) with ``Retry-After``, and ``server_error``,
Django's 500 handler, does the same for one raised in a middleware (loading the session, say). The
page needs no database: it is rendered without the request's context processors. Django closes a
broken connection at the end of the request, so the next request after the database returns works.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger(__name__)

UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
MESSAGE = "The database cannot be reached just now. Please try again in a few seconds."


def unavailable(request):
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"errors": {"__all__": [MESSAGE]}}, status=503)
    else:
        response = HttpResponseServerError(loader.render_to_string("503.html", {"message": MESSAGE}))
        response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            logger.warning("database unavailable: %s", type(exception).__name__)
            return unavailable(request)
        return None


def server_error(request, template_name="500.html"):
    """Django's 500 page, or the 503 page when what failed was reaching the database."""
    if isinstance(sys.exception(), UNAVAILABLE):
        return unavailable(request)
    return default_server_error(request, template_name)
