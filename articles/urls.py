"""URLs of the reading pages: articles and people."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.article_list, name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path(
        "people/<slug:slug>/quotations.<slug:extension>",
        views.person_quotations_export,
        name="person-quotations-export",
    ),
]
