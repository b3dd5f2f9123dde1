"""The public verification page of a permit (the link in its QR code): no sign-in, no personal
data; says whether the permit is genuine and whether it can be used now."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from core.client import client_address
from core.ratelimit import allow, retry_after
from documents import verification

#: Look-ups per client address and minute: plenty for people scanning permits, too few to
#: guess verification codes.
LIMIT, WINDOW = 30, 60


@require_safe
def verify(request, permit_no: str):
    if not allow("verify", client_address(request), limit=LIMIT, window=WINDOW):
        response = render(request, "documents/verify.html", {"limited": True}, status=429)
        response["Retry-After"] = str(retry_after(WINDOW))
    else:
        code = request.GET.get("code", "")
        facts = verification.lookup(permit_no.strip(), code.strip())
        response = render(request, "documents/verify.html", {"permit": facts})
    # The link carries the code: keep it out of caches, referrers and search engines.
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
