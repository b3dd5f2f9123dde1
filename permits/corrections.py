"""Structured correction (补正材料): what an approver may flag, what the application held when
the correction was asked for, and what changed since (api.md: /review/applications/{id}/changes).

An approver flags, in one request, attachment slots and header or goods fields (a header
field's name, or goods.{seq}.{goods field}), each with its own opinion, plus an overall one.
The request keeps a snapshot of the application's content: every field of the field table
shown in the diff, the goods by seq, each attachment's SHA-256. After the resubmission the
approver sees each changed field (old → new) and each replaced attachment, flagged or not.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ErrorCollector
from permits.fields import DIFF, GOODS, header_fields
from permits.models import Application, StatusChange
from permits.rules import attachments as slots
from permits.workflow.states import Action, Status

GOODS_PREFIX = "goods."
MAX_OPINION = 2000


def msg_too_long() -> str:
    return _("不能超过 %(n)s 个字符。") % {"n": MAX_OPINION}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "normalize") and hasattr(value, "as_tuple"):  # Decimal: 100.000 → 100
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _header_names(direction: str) -> list[str]:
    return [f.name for f in header_fields(direction, where=DIFF) if f.editable]


GOODS_NAMES = [f.name for f in GOODS if DIFF in f.shown]


def content_snapshot(app: Application) -> dict:
    """The application's content as plain strings: header fields, goods by seq, files."""
    fields = {}
    for name in _header_names(app.direction):
        value = app.approval_department_id if name == "approval_department" else getattr(app, name)
        fields[name] = _text(value)
    goods = {
        str(g.seq): {name: _text(getattr(g, name)) for name in GOODS_NAMES}
        for g in app.goods.order_by("seq")
    }
    files = dict(app.attachments.values_list("type", "sha256"))
    return {"fields": fields, "goods": goods, "attachments": files}


def flaggable_fields(app: Application) -> set[str]:
    """Every field name a correction item may name for this application."""
    names = set(_header_names(app.direction))
    for seq in app.goods.values_list("seq", flat=True):
        names.update(f"{GOODS_PREFIX}{seq}.{n}" for n in GOODS_NAMES)
    return names


def check_items(app: Application, *, opinion: str, attachments: list, fields: list) -> None:
    """Raise ValidationFailed listing every problem of a correction request."""
    errors = ErrorCollector()
    allowed_slots = slots.slot_types(app.direction, app.purpose, app.is_agent)
    for i, (type_, item_opinion) in enumerate(attachments):
        if type_ not in allowed_slots:
            errors.add(f"attachments.{i}.type", _("该申请没有此附件类型：%(t)s。") % {"t": type_})
        if not item_opinion:
            errors.add(f"attachments.{i}.opinion", _("请填写该附件的补正意见。"))
        elif len(item_opinion) > MAX_OPINION:
            errors.add(f"attachments.{i}.opinion", msg_too_long())
    allowed_fields = flaggable_fields(app)
    for i, (name, item_opinion) in enumerate(fields):
        if name not in allowed_fields:
            errors.add(f"fields.{i}.field", _("没有可补正的字段：%(f)s。") % {"f": name})
        if not item_opinion:
            errors.add(f"fields.{i}.opinion", _("请填写该字段的补正意见。"))
        elif len(item_opinion) > MAX_OPINION:
            errors.add(f"fields.{i}.opinion", msg_too_long())
    if len({t for t, _o in attachments}) != len(attachments):
        errors.add("attachments", _("同一附件只能填写一条补正意见。"))
    if len({n for n, _o in fields}) != len(fields):
        errors.add("fields", _("同一字段只能填写一条补正意见。"))
    if not opinion and not attachments and not fields:
        errors.add("opinion", _("请填写补正意见，或指出需要补正的附件或字段。"))
    errors.raise_if_any(_("补正意见有误。"))


def latest_request(app: Application) -> StatusChange | None:
    return (
        StatusChange.objects.filter(application=app, action=Action.REQUEST_CORRECTION)
        .order_by("-at", "-id")
        .prefetch_related("correction_items")
        .first()
    )


def open_items(app: Application) -> dict:
    """While in 补正材料: what the latest request flagged, for the applicant's correction view:
    {"attachments": {type: opinion}, "fields": {name: opinion}, "opinion": overall}."""
    empty = {"attachments": {}, "fields": {}, "opinion": ""}
    if app.status != Status.CORRECTION_REQUIRED:
        return empty
    items = list(app.correction_items.all())  # uses a prefetch when present
    if not items:
        request = latest_request(app)
        return {**empty, "opinion": request.reason if request else ""}
    latest = max(i.status_change_id for i in items)
    current = [i for i in items if i.status_change_id == latest]
    return {
        "attachments": {i.attachment_type: i.opinion for i in current if i.attachment_type},
        "fields": {i.field: i.opinion for i in current if i.field},
        "opinion": next((h.reason for h in app.history.all() if h.id == latest), ""),
    }


def changes(app: Application) -> dict:
    """What differs from the snapshot of the latest correction request (api.md /changes):
    empty lists when no request was made or nothing changed."""
    request = latest_request(app)
    if request is None or not request.snapshot:
        return {"since": None, "fields": [], "attachments": []}
    flagged_fields = {i.field for i in request.correction_items.all() if i.field}
    flagged_files = {i.attachment_type for i in request.correction_items.all() if i.attachment_type}
    before, now = request.snapshot, content_snapshot(app)
    fields = []
    for name, old in before["fields"].items():
        new = now["fields"].get(name, "")
        if old != new:
            fields.append(
                {"field": name, "old": old, "new": new, "flagged": name in flagged_fields}
            )
    for seq in sorted(set(before["goods"]) | set(now["goods"]), key=int):
        old_item, new_item = before["goods"].get(seq, {}), now["goods"].get(seq, {})
        for name in GOODS_NAMES:
            old, new = old_item.get(name, ""), new_item.get(name, "")
            if old != new:
                key = f"{GOODS_PREFIX}{seq}.{name}"
                fields.append(
                    {"field": key, "old": old, "new": new, "flagged": key in flagged_fields}
                )
    files = []
    for type_ in sorted(set(before["attachments"]) | set(now["attachments"])):
        old, new = before["attachments"].get(type_), now["attachments"].get(type_)
        if old != new:
            files.append(
                {
                    "type": type_,
                    "old_sha256": old,
                    "new_sha256": new,
                    "flagged": type_ in flagged_files,
                }
            )
    return {"since": timezone.localtime(request.at), "fields": fields, "attachments": files}
