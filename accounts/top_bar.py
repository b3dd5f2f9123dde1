"""What the workspace's top bar shows of its user (config.shell): the unread count of 站内消息
and the name of their enterprise or department, in one statement built once, since it runs
on every whole page (two look-ups written by the ORM each time cost more than the page)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Message, User
from config.statements import Template


def _row(_shape, *, pk):
    unread = (
        Message.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    return (
        User.objects.filter(pk=pk)
        .annotate(unread=Coalesce(Subquery(unread), 0, output_field=IntegerField()))
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


def top_bar(user, *, english: bool) -> tuple[int, str]:
    """(unread messages, the user's enterprise or department as named in the language)."""
    rows = _TOP_BAR.rows(pk=user.pk)
    if not rows:
        return 0, ""
    unread, enterprise, enterprise_en, department, department_en = rows[0]
    if user.enterprise_id:
        name, name_en = enterprise, enterprise_en
    elif user.department_id:
        name, name_en = department, department_en
    else:
        return unread, ""
    return unread, (name_en if english and name_en else name) or ""
