"""站内消息 pages: the list of the user's messages (newest first) with mark-read, and the bell
in the top bar with the unread count (refreshed by htmx when messages change, and every
minute)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import messages as inbox
from accounts.models import Message
from config.pages.rendering import is_htmx, render_page

PAGE_SIZE = 20


def application_url(user, application_id) -> str:
    """Where a message's application opens for this user (their side's page)."""
    if application_id is None:
        return ""
    name = "permits:application" if user.is_enterprise_user else "review:application"
    try:
        return reverse(name, args=[application_id])
    except NoReverseMatch:
        return ""


def _page(request, *, status=200):
    page = Paginator(
        Message.objects.filter(user=request.user).order_by("-at", "-id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [{"m": m, "url": application_url(request.user, m.application_id)} for m in page]
    context = {"page": page, "rows": rows, "unread": inbox.unread_count(request.user)}
    response = render_page(
        request, "accounts/messages.html", context, title=_("站内消息"), status=status
    )
    response["HX-Trigger"] = "messages-changed"
    return response


@login_required
@require_GET
def message_list(request):
    return _page(request)


@login_required
@require_POST
def message_read(request, message_id: int):
    inbox.message_mark_read(user=request.user, message_id=message_id)
    return _page(request) if is_htmx(request) else redirect("accounts:messages")


@login_required
@require_POST
def messages_read_all(request):
    inbox.messages_mark_all_read(user=request.user)
    return _page(request) if is_htmx(request) else redirect("accounts:messages")


@login_required
@require_GET
def bell(request):
    """The top bar's bell (a fragment for htmx)."""
    return render(
        request, "accounts/partials/_bell.html", {"unread": inbox.unread_count(request.user)}
    )
