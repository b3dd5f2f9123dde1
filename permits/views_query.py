"""查询 and what follows submission (enterprise users only)."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _

from config.rendering import render_page
from permits.access import applicant_or_404


@login_required
def query(request):
    applicant_or_404(request.user)
    return render_page(request, "permits/query.html", {}, title=str(_("查询")))
