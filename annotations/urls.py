"""URLs of the annotation API and the tag autocomplete (described in ``api.py``)."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/annotations/", api.annotations, name="api-annotations"),
    path("api/annotations/export/", api.export_annotations, name="api-annotations-export"),
    path("api/annotations/trash/", api.annotation_trash, name="api-annotations-trash"),
    path("api/annotations/<uuid:uuid>/", api.annotation_detail, name="api-annotation"),
    path("api/annotations/<uuid:uuid>/restore/", api.restore_annotation, name="api-annotation-restore"),
    path("api/annotations/<uuid:uuid>/hide/", api.hide_annotation, name="api-annotation-hide"),
    path("api/tags/", api.tags, name="api-tags"),
]
