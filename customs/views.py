"""Customs pages (customs officers only): check a permit and write it off."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from config.rendering import render_page


def _customs_or_404(user) -> None:
    if not user.is_customs:
        raise Http404


@login_required
def check(request):
    _customs_or_404(request.user)
    return render_page(request, "customs/check.html", {}, title=str(_("核查核销")))
