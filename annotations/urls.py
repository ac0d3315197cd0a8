"""URLs of tag pages and of the annotation, quotation, people and tag API (described in ``api.py``)."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("tags/<slug:slug>/", views.tag_detail, name="tag-detail"),
    path("api/annotations/", api.annotations, name="api-annotations"),
    path("api/annotations/export/", api.export_annotations, name="api-annotations-export"),
    path("api/annotations/<uuid:uuid>/", api.annotation_detail, name="api-annotation"),
    path("api/quotations/", api.quotations, name="api-quotations"),
    path("api/quotations/<uuid:uuid>/", api.quotation_detail, name="api-quotation"),
    path("api/people/", api.people, name="api-people"),
    path("api/tags/", api.tags, name="api-tags"),
]
