from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from config.api import api
from config.pages.views import workspace


@csrf_exempt
def api_not_found(request, rest=""):
    return JsonResponse({"detail": _("未找到。"), "errors": []}, status=404)


# The prefixes do not overlap, so the order only decides how many are tried first: the API
# and the workspace pages that are asked for most come before the rest.
urlpatterns = [
    path("", workspace, name="workspace"),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", api_not_found),
    path("permits/", include("permits.web.urls")),
    path("review/", include("review.web.urls")),
    path("customs/", include("customs.web.urls")),
    path("", include("operations.urls")),
    path("accounts/", include("accounts.urls")),
    path("verify/", include("documents.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("captcha/", include("captcha.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "operations.views.server_error"
