"""The archive's pages: search, the tag index and the sources dashboard."""

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from taggit.models import Tag

from articles import freshness
from articles.views import query_without_page
from newsroom.permissions import reader_required

from .dashboard import figures
from .forms import DashboardForm, SearchForm
from .search import search
from .tags import most_used, with_counts

TAGS_PER_PAGE = 100


@require_safe
@reader_required
def search_page(request):
    form = SearchForm(request.GET or None)
    groups = []
    if form.is_valid():
        data = form.cleaned_data
        groups = search(
            data["q"], form.filters(), request.user, only=data["only"] or None, page=request.GET.get("page")
        )
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "groups": groups,
            "only": form.cleaned_data.get("only") if form.is_bound and form.is_valid() else "",
            "query_string": query_without_page(request),
            "searched": form.is_bound and form.is_valid(),
        },
    )


@require_safe
@reader_required
def tag_index(request):
    """Every tag, A to Z or most used first, with how many articles, quotations and notes carry it."""
    query = request.GET.get("q", "").strip()
    order = "used" if request.GET.get("order") == "used" else "name"
    tags = Tag.objects.all()
    if query:
        tags = tags.filter(name__icontains=query)
    if order == "used":
        # Every tag's uses counted in one pass, sorted here; the page's tags fetched by id.
        ordered, found = most_used(tags, request.user)
        page = Paginator(ordered, TAGS_PER_PAGE).get_page(request.GET.get("page"))
        rows = Tag.objects.in_bulk(list(page.object_list))
        page.object_list = with_counts([rows[pk] for pk in page.object_list], request.user, found)
    else:
        page = Paginator(tags.order_by("name"), TAGS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = with_counts(list(page.object_list), request.user)
    return render(
        request,
        "tags/tag_index.html",
        {"page": page, "query": query, "order": order, "query_string": query_without_page(request)},
    )


@require_safe
@reader_required
def dashboard(request):
    """Who gets quoted, in charts and the same numbers in tables; ``?format=csv`` downloads them."""
    form = DashboardForm(request.GET)
    tables = []
    if form.is_valid():
        key = sorted((name, getattr(value, "pk", value)) for name, value in form.cleaned_data.items())
        tables = freshness.cached("dashboard", lambda: figures(form.filters()), key)
    if request.GET.get("format") == "csv" and form.is_valid():
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="dashboard.csv"'
        writer = csv.writer(response)
        writer.writerow(["figure", "label", "quotations"])
        for table in tables:
            writer.writerows([table.title, label, count] for label, count, _ in table.rows)
        return response
    return render(
        request,
        "dashboard/dashboard.html",
        {"form": form, "tables": tables, "query_string": request.GET.urlencode()},
    )
