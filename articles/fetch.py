"""Fetching a web page an editor pasted the address of: http(s) only, a timeout, a size limit, few redirects.

``fetch`` returns the page's bytes or raises FetchError with a reason an editor can read;
``ingest_url`` fetches a page and ingests it as HTML, with the address it was read from (rather than
the canonical address the page may claim) recorded as the article's URL. The limits are the settings
FETCH_TIMEOUT, FETCH_MAX_BYTES and FETCH_MAX_REDIRECTS; addresses inside the network (loopback,
private, link-local) are refused unless FETCH_PRIVATE_ADDRESSES is on.
"""

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from articles.ingest import IngestError, human_size
from articles.pipeline import IngestResult, ingest_bytes

SCHEMES = ("http", "https")
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "Newsroom/0.1 (article ingestion)"
CHUNK_SIZE = 64 * 1024


class FetchError(IngestError):
    """A page that could not be fetched; the message says why in plain words."""


@dataclass(frozen=True)
class Page:
    # Where the page was read from, after redirects.
    url: str
    raw: bytes
    content_type: str


class Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most ``limit`` redirects, and only to http(s) addresses."""

    def __init__(self, limit):
        self.max_redirections = limit

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_address(url):
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"only http:// and https:// addresses can be fetched, not {url}")
    if not parts.hostname:
        raise FetchError(f"{url} names no server")
    if not settings.FETCH_PRIVATE_ADDRESSES:
        check_public(parts.hostname)


def check_public(host):
    """Refuse a server inside the network: ``host`` must resolve to public addresses only.

    The name is resolved again when connecting, so a server that changes its answer in between can
    still get through; this keeps honest mistakes and simple probes out, not a determined attacker.
    """
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)}
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"the server {host} cannot be found") from None
    for address in sorted(addresses):
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FetchError(f"{host} is inside the network ({address}): such addresses are not fetched")


def fetch(url) -> Page:
    """The HTML page at ``url``; FetchError for anything else, however it goes wrong."""
    check_address(url)
    timeout, limit = settings.FETCH_TIMEOUT, settings.FETCH_MAX_BYTES
    opener = urllib.request.build_opener(Redirects(settings.FETCH_MAX_REDIRECTS))
    # The scheme is checked above and at every redirect: no file:// or ftp:// gets through.
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join(HTML_TYPES)}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in HTML_TYPES:
                raise FetchError(f"the address gives {content_type}, not an HTML page")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limit:
                raise FetchError(
                    f"the page is too large: {human_size(int(length))}, and the limit is {human_size(limit)}"
                )
            chunks, size = [], 0
            while chunk := response.read1(CHUNK_SIZE):
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"the page is larger than the limit of {human_size(limit)}")
                # A server sending a byte at a time never trips the socket's timeout.
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
            return Page(url=response.url, raw=b"".join(chunks), content_type=content_type)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            raise FetchError(
                f"the page redirects more than {settings.FETCH_MAX_REDIRECTS} times, "
                "or to an address that cannot be fetched"
            ) from None
        raise FetchError(f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise FetchError(connection_problem(error.reason, url, timeout)) from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(connection_problem(error, url, timeout)) from None


def connection_problem(reason, url, timeout):
    """Why the connection to ``url`` failed, in words an editor can act on."""
    if isinstance(reason, TimeoutError):
        return f"the server did not send the page within {timeout} seconds"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, socket.gaierror):
        return f"the server {urlsplit(url).hostname} cannot be found"
    if isinstance(reason, ssl.SSLError):
        return f"the secure connection failed ({getattr(reason, 'reason', None) or reason})"
    return f"the connection failed ({reason})"


def ingest_url(url, *, user=None, outlet_name=None) -> list[IngestResult]:
    """Fetch ``url`` and ingest it as an HTML page, with the address it was read from as its URL."""
    try:
        page = fetch(url)
    except FetchError as error:
        return [IngestResult(url, "failed", error=str(error))]
    return ingest_bytes(page.raw, url, user=user, outlet_name=outlet_name, format="html", url=page.url)
