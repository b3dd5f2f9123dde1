from django.urls import path

from customs.web import check

app_name = "customs"
urlpatterns = [
    path("", check.check, name="check"),
    path("permits/<str:permit_no>/write-off/", check.write_off, name="write_off"),
]
