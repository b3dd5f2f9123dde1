"""Models of the permits app: the application and its goods, what happens to it, notices."""

from permits.models.application import Application, ApplicationQuerySet, Goods
from permits.models.choices import CollectionMethod, Direction, Purpose
from permits.models.notice import Notice, NoticeKind, NoticeState
from permits.models.records import (
    CONFIRMATION_BYTES,
    Attachment,
    AuditEvent,
    CorrectionItem,
    Counter,
    ListRemoval,
    StatusChange,
)
from permits.models.writeoff import WriteOff

__all__ = [
    "CONFIRMATION_BYTES",
    "Application",
    "ApplicationQuerySet",
    "Attachment",
    "AuditEvent",
    "CollectionMethod",
    "CorrectionItem",
    "Counter",
    "Direction",
    "Goods",
    "ListRemoval",
    "Notice",
    "NoticeKind",
    "NoticeState",
    "Purpose",
    "StatusChange",
    "WriteOff",
]
