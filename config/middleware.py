"""Domain errors a page view did not handle, mapped once for pages (the API maps them in
config.api): NotFound → the 404 page, Forbidden → the 403 page. Views handle the rest (422
and 409 re-render the page with the problems)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views import defaults

from config.errors import Forbidden, NotFound


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return defaults.page_not_found(request, Http404())
        if isinstance(exception, Forbidden):
            return defaults.permission_denied(request, PermissionDenied(exception.detail))
        return None
