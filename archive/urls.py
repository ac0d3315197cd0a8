"""URLs of the archive: search, tags and the dashboard."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("tags/", views.tag_index, name="tag-index"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
