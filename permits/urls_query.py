"""URLs of 查询 and the actions on its results."""

from django.urls import path

from permits import views_query

urlpatterns = [
    path("query/", views_query.query, name="query"),
]
