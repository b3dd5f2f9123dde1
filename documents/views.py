"""The public verification page of a permit (the link in its QR code): no sign-in, no personal
data; says whether the permit is genuine and whether it can be used now."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from documents import verification


@require_safe
def verify(request, permit_no: str):
    code = request.GET.get("code", "")
    facts = verification.lookup(permit_no.strip(), code.strip())
    response = render(request, "documents/verify.html", {"permit": facts})
    # The link carries the code: keep it out of caches, referrers and search engines.
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
