"""The Content-Security-Policy header, built once per policy instead of on every answer.

django-csp builds the header from the settings on each response (twice: the policy and the
report-only policy), which cost about a tenth of a millisecond per request, as much as a
small view. An answer that asks for nothing of its own (no nonce used, no per-view policy
from `csp.decorators`) gets the header built from the settings alone, so that one is kept
per process, and dropped when a test changes the settings. Anything else, and DEBUG's
exempted error pages, go through django-csp unchanged."""

from __future__ import annotations

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as _DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

#: The site's policy (CONTENT_SECURITY_POLICY's directives): everything from the site itself,
#: no inline script or style, no plug-ins, no framing.
STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

#: What csp.decorators set on a response: a policy of its own for that answer.
PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)
_BUILT: dict[str, tuple] = {}


@receiver(setting_changed)
def _forget(setting, **_kwargs):
    if setting in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY", "DEBUG"):
        _BUILT.clear()


def _headers() -> tuple:
    """((header, value, excluded prefixes), ...) of the settings' policies; kept."""
    built = _BUILT.get("settings")
    if built is None:
        built = tuple(
            (
                name,
                value,
                tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()),
            )
            for name, setting, report_only in (
                (HEADER, "CONTENT_SECURITY_POLICY", False),
                (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
            )
            if (value := build_policy(report_only=report_only))
        )
        _BUILT["settings"] = built
    return built


class CSPMiddleware(_DjangoCSPMiddleware):
    def process_response(self, request, response):
        own_policy = any(name in response.__dict__ for name in PER_RESPONSE)
        if own_policy or settings.DEBUG or getattr(request, "_csp_nonce", None) is not None:
            return super().process_response(request, response)
        for name, value, excluded in _headers():
            if name not in response and not request.path_info.startswith(excluded):
                response[name] = value
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
