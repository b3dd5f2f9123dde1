"""Applicant pages (enterprise users only): the import and export application forms."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.services import qualification_problem
from config.rendering import render_page
from permits.access import applicant_or_404

FORM_TITLES = {"import": _("进口准许证申请"), "export": _("出口准许证申请")}


@login_required
def application_new(request, direction: str):
    applicant_or_404(request.user)
    if direction not in FORM_TITLES:
        raise Http404
    # An enterprise without foreign-trade registration sees why it may not apply, not a form.
    refusal = qualification_problem(request.user)
    return render_page(
        request,
        "permits/application_form.html",
        {"direction": direction, "refusal": refusal},
        title=str(FORM_TITLES[direction]),
    )
