"""核查核销: one field takes a permit number, or the verification URL a keyboard-wedge scanner
types out of the permit's QR code (its code is checked too); the permit is shown with whether
it can be used, in words and colour; the write-off asks for confirmation; the officer's
recent write-offs are listed. Works without JavaScript (GET and POST forms)."""

from __future__ import annotations

import hmac
import re
from urllib.parse import parse_qs, unquote, urlsplit

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from config.pages.rendering import is_htmx, render_page
from core.errors import DomainError, NotFound
from core.inputs import refuse_bad_texts
from customs import presenters, services
from permits.workflow.states import Role, role_of
from reference import selectors as ref

PERMIT_NO = re.compile(r"^[0-9A-Z]{6,40}$")
MSG_CODE_WRONG = gettext_lazy(
    "核验链接中的核验码与该准许证不符：该二维码可能不是发证机关签发的，请人工核实。"
)
MSG_UNKNOWN = gettext_lazy("未找到该准许证：请核对证书编号，或扫描准许证上的二维码。")
REASON_WORDS = {
    "voided": gettext_lazy("已作废"),
    "written_off": gettext_lazy("已核销（一证一关，只能使用一次）"),
    "expired": gettext_lazy("已过有效期"),
}


def customs_only(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if role_of(request.user) is not Role.CUSTOMS:
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def parse_input(text: str) -> tuple[str, str | None]:
    """(permit number, verification code or None) from what was typed or scanned: a bare
    number, or a link …/verify/<number>?code=<code>."""
    text = (text or "").strip()
    if "/verify/" in text:
        parts = urlsplit(text)
        number = unquote(parts.path.rsplit("/verify/", 1)[-1]).strip("/")
        code = parse_qs(parts.query).get("code", [None])[0]
        return number.upper(), code
    return text.upper().replace(" ", ""), None


def _district_choices(permit: dict) -> list[tuple[str, str]]:
    if permit["direction"] == "import":
        return [
            (permit[f"customs_district_{n}"], permit[f"customs_district_{n}_name"])
            for n in (1, 2)
            if permit[f"customs_district_{n}"]
        ]
    return [
        (d["code"], f"{d['code']} {d['name']}") for d in ref.lookup("customs-districts", "", 100)
    ]


def _context(request, *, q: str = "", errors=(), notice="", done=None) -> dict:
    context = {
        "q": q,
        "errors": list(errors),
        "notice": notice,
        "done": done,
        "permit": None,
        "recent": services.recent_write_offs(request.user),
    }
    if not q:
        return context
    number, code = parse_input(q)
    if not PERMIT_NO.match(number or ""):
        return {**context, "lookup_error": str(MSG_UNKNOWN)}
    try:
        app = services.permit_look_up(actor=request.user, permit_no=number)
    except NotFound:
        return {**context, "lookup_error": str(MSG_UNKNOWN)}
    permit = presenters.permit_out(app)
    code_ok = None
    if code is not None:
        code_ok = bool(app.verification_code) and hmac.compare_digest(
            app.verification_code.encode(), code.encode()
        )
    return {
        **context,
        "permit": permit,
        "code_checked": code is not None,
        "code_ok": code_ok,
        "code_wrong": str(MSG_CODE_WRONG),
        "reason_words": [str(REASON_WORDS[r]) for r in permit["reasons"]],
        "districts": _district_choices(permit),
        "write_off_url": reverse("customs:write_off", args=[permit["permit_no"]]),
    }


def _page(request, context, status=200):
    return render_page(request, "customs/check.html", context, title=_("核查核销"), status=status)


@require_GET
@customs_only
def check(request):
    done = request.session.pop("customs.done", None)
    return _page(request, _context(request, q=request.GET.get("q", "")[:500], done=done))


@require_POST
@customs_only
def write_off(request, permit_no: str):
    district = request.POST.get("customs_district", "")
    declaration = request.POST.get("declaration_no", "")
    try:
        refuse_bad_texts(request.POST)
        services.permit_write_off(
            actor=request.user,
            permit_no=permit_no,
            customs_district=district,
            declaration_no=declaration,
        )
    except DomainError as exc:
        services.record_refused_write_off(actor=request.user, permit_no=permit_no, problem=exc)
        context = _context(request, q=permit_no, errors=exc.errors, notice=exc.detail)
        context.update(typed={"customs_district": district, "declaration_no": declaration})
        return _page(request, context, status=exc.status_code)
    done = _("准许证 %(no)s 已核销（报关单号 %(d)s）。") % {"no": permit_no, "d": declaration}
    if is_htmx(request):
        return _page(request, _context(request, q=permit_no, done=done))
    request.session["customs.done"] = done
    return redirect(f"{reverse('customs:check')}?{urlencode({'q': permit_no})}")
