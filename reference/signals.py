"""Any saved or deleted parameter row moves the change marker, so every process's look-up
index rebuilds (bulk writes bypass signals: seed_reference bumps the marker itself)."""

from django.db.models.signals import post_delete, post_save

from reference.calendar import announce_calendar_change
from reference.index import KINDS
from reference.models import CalendarDay
from reference.services import reference_version_bump


def _table_changed(sender, **kwargs) -> None:
    reference_version_bump()


def _calendar_changed(sender, **kwargs) -> None:
    reference_version_bump()
    announce_calendar_change()


def connect() -> None:
    for spec in KINDS.values():
        uid = f"reference-changed-{spec.model.__name__}"
        post_save.connect(_table_changed, sender=spec.model, dispatch_uid=uid)
        post_delete.connect(_table_changed, sender=spec.model, dispatch_uid=uid)
    post_save.connect(_calendar_changed, sender=CalendarDay, dispatch_uid="calendar-changed")
    post_delete.connect(_calendar_changed, sender=CalendarDay, dispatch_uid="calendar-changed")
