"""Newsroom's URLs: the reading pages, the tag pages, accounts and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

admin.site.site_header = "Newsroom administration"
admin.site.site_title = "Newsroom"
admin.site.index_title = "Articles, people and quotations"

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("annotations.urls")),
    # taggit's slugs keep letters of any script ("чечня"), which the slug converter refuses.
    path("tags/<str:slug>/", views.tag_detail, name="tag-detail"),
    path("", include("archive.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
handler500 = "newsroom.unavailable.server_error"
