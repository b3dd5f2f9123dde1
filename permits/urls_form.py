"""URLs of the application form pages (进口 / 出口准许证申请)."""

from django.urls import path

from permits import views

urlpatterns = [
    path("import/new/", views.application_new, {"direction": "import"}, name="import_new"),
    path("export/new/", views.application_new, {"direction": "export"}, name="export_new"),
]
