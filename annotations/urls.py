"""URLs of tags and, later, of the annotation pages and API."""

from django.urls import path

from . import views

urlpatterns = [
    path("tags/<slug:slug>/", views.tag_detail, name="tag-detail"),
]
