"""Public pages of documents/, mounted at /verify/ (config/urls.py)."""

from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [path("<str:permit_no>", views.verify, name="verify")]
