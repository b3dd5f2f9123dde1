"""Approver pages (approvers only): the queues 待受理, 审批中, 全部 of the approver's department."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from config.rendering import render_page

QUEUE_TITLES = {"pending": _("待受理"), "in_review": _("审批中"), "all": _("全部")}


def _approver_or_404(user) -> None:
    if not user.is_approver:
        raise Http404


@login_required
def queue(request, queue: str):
    _approver_or_404(request.user)
    if queue not in QUEUE_TITLES:
        raise Http404
    return render_page(
        request,
        "review/queue.html",
        {"queue": queue, "department": request.user.department},
        title=str(QUEUE_TITLES[queue]),
    )
