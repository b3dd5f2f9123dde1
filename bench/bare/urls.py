"""One JSON view, about the size of an application summary."""

from django.http import JsonResponse
from django.urls import path

ITEM = {
    "id": "0190c0de-0000-7000-8000-000000000000",
    "direction": "import",
    "application_no": "I2026113000000001",
    "status": "draft",
    "drug_names": ["胰岛素"],
}


def bare(request):
    return JsonResponse({"items": [ITEM], "count": 1})


urlpatterns = [path("bare", bare)]
