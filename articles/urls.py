"""URLs of the reading pages (articles and people) and of the quotation and people API (``api.py``)."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("", views.article_list, name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("api/quotations/", api.quotations, name="api-quotations"),
    path("api/quotations/trash/", api.quotation_trash, name="api-quotations-trash"),
    path("api/quotations/<uuid:uuid>/", api.quotation_detail, name="api-quotation"),
    path("api/quotations/<uuid:uuid>/restore/", api.restore_quotation, name="api-quotation-restore"),
    path("api/people/", api.people, name="api-people"),
    path(
        "people/<slug:slug>/quotations.<slug:extension>",
        views.person_quotations_export,
        name="person-quotations-export",
    ),
]
