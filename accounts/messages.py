"""站内消息: writes and reads of a user's in-app messages, and the e-mail copy sent by a task
after the commit to those who have an address and asked for it (个人设置)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accounts.models import Message, User
from core.errors import NotFound
from core.inputs import MAX_OFFSET
from core.tasks import enqueue_with_write

MAX_TITLE = 200


def messages_create(*, users, title: str, body: str = "", application_id=None) -> list[Message]:
    """One message per user, in the caller's transaction; the e-mail copies are sent by a
    task enqueued with it (core.tasks), once that transaction has committed."""
    now = timezone.now()
    rows = Message.objects.bulk_create(
        [
            Message(
                user=u, at=now, title=title[:MAX_TITLE], body=body, application_id=application_id
            )
            for u in users
        ]
    )
    wanted = [m.pk for m, u in zip(rows, users, strict=True) if u.email and u.email_notifications]
    if wanted:
        enqueue_with_write(send_message_emails, wanted)
    return rows


def messages_of(user, *, limit: int = 50, offset: int = 0) -> list[Message]:
    if offset > MAX_OFFSET:  # beyond the last page
        return []
    return list(Message.objects.filter(user=user).order_by("-at", "-id")[offset : offset + limit])


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Message.objects.filter(user=user, read_at__isnull=True).count()


@transaction.atomic
def message_mark_read(*, user, message_id: int) -> Message:
    """Mark one of the user's own messages read (NotFound for anyone else's)."""
    message = Message.objects.filter(user=user, pk=message_id).first()
    if message is None:
        raise NotFound()
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


@transaction.atomic
def messages_mark_all_read(*, user) -> int:
    return Message.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@task()
def send_message_emails(message_ids: list[int]) -> int:
    """E-mail each message to its user (if they still have an address and asked for it);
    each message is sent once."""
    sent = 0
    for message in Message.objects.filter(
        pk__in=message_ids, emailed_at__isnull=True
    ).select_related("user"):
        user: User = message.user
        if not (user.email and user.email_notifications and user.is_active):
            continue
        body = message.body
        if message.application_id:
            body += f"\n\n{settings.PUBLIC_BASE_URL}/"
        send_mail(message.title, body, None, [user.email])
        Message.objects.filter(pk=message.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        sent += 1
    return sent
