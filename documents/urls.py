"""Public pages of documents/, mounted at /verify/ (config/urls.py). A path that is no permit
number (documents.verification.PERMIT_NO) is a 404 from the resolver: no look-up is made."""

from django.urls import re_path

from documents import views
from documents.verification import PERMIT_NO

app_name = "documents"
urlpatterns = [re_path(rf"^(?P<permit_no>{PERMIT_NO})$", views.verify, name="verify")]
