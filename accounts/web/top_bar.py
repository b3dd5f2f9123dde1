"""What the workspace's top bar shows of its user (config.pages.shell): the unread count of 站内消息
and the name of their enterprise or department, in one statement built once, since it runs
on every whole page (two look-ups written by the ORM each time cost more than the page)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Message, User
from config.speed.statements import Template


def unread():
    """The count of the unread messages of the user in the outer query's row."""
    count = (
        Message.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(count), 0, output_field=IntegerField())


def _row(_shape, *, pk):
    return (
        User.objects.filter(pk=pk)
        .annotate(unread=unread())
        .order_by()
        .values_list(
            "unread",
            "enterprise__name",
            "enterprise__name_en",
            "department__name",
            "department__name_en",
        )[:1]
    )


_TOP_BAR = Template(_row, {"pk": User._meta.pk})
#: Where a user read with their unread count carries it (accounts.session_user).
SEEN_UNREAD = "_top_bar_unread"


def _names(user) -> tuple[str, str]:
    """(name, English name) of the user's enterprise or department, from instances already
    read with the user."""
    for owner in (user.enterprise, user.department):
        if owner is not None:
            return owner.name, owner.name_en
    return "", ""


def top_bar(user, *, english: bool) -> tuple[int, str]:
    """(unread messages, the user's enterprise or department as named in the language).

    A session's user read for a GET or HEAD carries the unread count read in the same
    statement (accounts.session_user: such a request writes no messages), and their
    enterprise and department: nothing more is asked."""
    seen = getattr(user, SEEN_UNREAD, None)
    if seen is not None:
        count, (name, name_en) = seen, _names(user)
    else:
        rows = _TOP_BAR.rows(pk=user.pk)
        if not rows:
            return 0, ""
        count, enterprise, enterprise_en, department, department_en = rows[0]
        if user.enterprise_id:
            name, name_en = enterprise, enterprise_en
        elif user.department_id:
            name, name_en = department, department_en
        else:
            return count, ""
    return count, (name_en if english and name_en else name) or ""
