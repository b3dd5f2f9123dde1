"""URLs of 查询 and the actions on its results."""

from django.urls import path

from permits import views_query

urlpatterns = [
    path("query/", views_query.query, name="query"),
    path("query/copy/", views_query.query_copy, name="query_copy"),
    path("query/delete/", views_query.query_delete, name="query_delete"),
    path("query/withdraw/", views_query.query_withdraw, name="query_withdraw"),
    path("query/print/", views_query.query_print_checked, name="query_print_checked"),
    path(
        "query/print/<uuid:application_id>/application-form.pdf", views_query.query_print,
        name="query_print",
    ),
    path("query/export.xlsx", views_query.query_export, name="query_export"),
    path(
        "applications/<uuid:application_id>/notices/latest/", views_query.notice_latest,
        name="notice_latest",
    ),
]
