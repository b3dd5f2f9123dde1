from django.urls import path

from permits import views

app_name = "permits"
urlpatterns = [
    path("import/new/", views.application_new, {"direction": "import"}, name="import_new"),
    path("export/new/", views.application_new, {"direction": "export"}, name="export_new"),
    path("query/", views.query, name="query"),
]
