"""URLs of the annotation API (described in ``api.py``)."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/annotations/", api.annotations, name="api-annotations"),
    path("api/annotations/export/", api.export_annotations, name="api-annotations-export"),
    path("api/annotations/<uuid:uuid>/", api.annotation_detail, name="api-annotation"),
]
