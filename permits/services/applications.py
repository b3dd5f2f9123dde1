"""Writes of an application by its applicant: 暂存, 申报, 撤回, 复制, 删除, and the bulk actions of
查询. Every function is one transaction, keyword-only, takes the acting user, and is shared by
the pages, the API, commands and tests."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.keys.errors import KeyConfirmationRequired, KeyRefused
from accounts.services import ensure_can_apply
from accounts.uscc import province_code
from core.errors import DomainError, FieldError, NotAllowed, NotFound, ValidationFailed
from documents import storage
from permits import audit
from permits.access import parse_id, require_applicant
from permits.fields import GOODS_DERIVED, GOODS_FIELDS, HEADER_DERIVED, HEADER_EDITABLE
from permits.models import Application, Direction, Goods
from permits.numbering import new_application_no
from permits.rules.submission import (
    clean_header_or_raise,
    goods_dicts,
    header_values,
    msg_invalid,
)
from permits.services.common import ensure_editable, locked_own, msg_stale
from permits.workflow.states import DELETABLE, Action, Status, not_allowed
from permits.workflow.transition import record_creation, transition


def _apply_header(app: Application, cleaned: dict) -> None:
    for name in HEADER_EDITABLE + HEADER_DERIVED:
        if name in cleaned:
            value = cleaned[name]
            if name == "approval_department":
                app.approval_department_id = value or None
            else:
                setattr(app, name, "" if value is None and name != "is_agent" else value)


@transaction.atomic
def application_create(*, actor, data: dict) -> Application:
    """暂存 for the first time: check the header, assign the application number."""
    ensure_can_apply(actor)
    enterprise = actor.enterprise
    direction = data.get("direction")
    if direction not in Direction.values:
        raise ValidationFailed(
            msg_invalid(), [FieldError("direction", _("请选择进口或出口（import/export）。"))]
        )
    values = {name: data.get(name) for name in HEADER_EDITABLE}
    values["applicant_name_en"] = values["applicant_name_en"] or enterprise.name_en
    values["applicant_address_en"] = values["applicant_address_en"] or enterprise.address_en
    values["approval_department"] = values["approval_department"] or province_code(enterprise.uscc)
    cleaned = clean_header_or_raise(values, direction=direction, enterprise=enterprise, goods=[])
    app = Application(
        direction=direction,
        enterprise=enterprise,
        applicant_uscc=enterprise.uscc,
        applicant_name=enterprise.name,
        created_by=actor,
        application_no=new_application_no(direction, timezone.localdate()),
    )
    _apply_header(app, cleaned)
    app.save()
    record_creation(app, actor)
    audit.record(app, actor, "create")
    return app


@transaction.atomic
def application_update(*, actor, application_id, data: dict, version: int | None) -> Application:
    """暂存 again: replace the header. A stale `version` is refused (409) and nothing is lost:
    the caller still holds what the user typed."""
    app = locked_own(actor, application_id)
    ensure_editable(app)
    if version is None or int(version) != app.version:
        raise NotAllowed(msg_stale(), [FieldError("version", msg_stale())])
    if data.get("direction") not in (None, "", app.direction):
        raise ValidationFailed(
            msg_invalid(), [FieldError("direction", _("申请单的进出口方向不能修改。"))]
        )
    # Fields left out of the request keep their value; fields sent (even empty) replace it.
    values = {**header_values(app), **{k: v for k, v in data.items() if k in HEADER_EDITABLE}}
    cleaned = clean_header_or_raise(
        values, direction=app.direction, enterprise=app.enterprise, goods=goods_dicts(app)
    )
    _apply_header(app, cleaned)
    app.version += 1
    app.save()
    audit.record(app, actor, "update", f"version {app.version}")
    return app


@transaction.atomic
def application_delete(*, actor, application_id) -> None:
    """删除: drafts only, gone for good with their files."""
    app = locked_own(actor, application_id)
    if app.status not in DELETABLE:
        raise not_allowed(_("删除"), app.status)
    names = list(app.attachments.values_list("storage_name", flat=True))
    audit.record(app, actor, "delete")
    app.delete()
    transaction.on_commit(lambda: [storage.delete_stored(n) for n in names])


@transaction.atomic
def application_submit(*, actor, application_id, confirmation=None) -> Application:
    """申报: draft, withdrawn or correction_required → submitted, when everything is valid
    (checked under the row lock by the transition; with the actor's key confirmation where
    the policy asks for one)."""
    require_applicant(actor)
    change = transition(
        application_id=application_id,
        action=Action.SUBMIT,
        actor=actor,
        confirmation=confirmation,
    )
    return change.application


@transaction.atomic
def application_withdraw(*, actor, application_id, reason: str = "") -> Application:
    """撤回: submitted or accepted → withdrawn."""
    require_applicant(actor)
    change = transition(
        application_id=application_id, action=Action.WITHDRAW, actor=actor, reason=reason
    )
    return change.application


@dataclass
class SaveAndSubmit:
    """What 申报 of a page did: the saved application, and whether it was submitted (else
    why not: the save stays)."""

    application: Application
    submitted: bool
    problem: DomainError | None = None


@transaction.atomic
def application_save_and_submit(
    *,
    actor,
    data: dict,
    application_id=None,
    version: int | None = None,
    changed: bool = True,
    confirmation=None,
) -> SaveAndSubmit:
    """申报 of a page: save what it shows (create the draft, or update it when `changed`),
    then submit. A refused submission keeps the save (its own savepoint rolls back alone);
    a refused save raises and nothing is written."""
    if application_id is None:
        app = application_create(actor=actor, data=data)
    elif changed:
        app = application_update(
            actor=actor, application_id=application_id, data=data, version=version
        )
    else:
        app = locked_own(actor, application_id)
    try:
        with transaction.atomic():
            app = application_submit(actor=actor, application_id=app.id, confirmation=confirmation)
    except (ValidationFailed, NotAllowed, KeyConfirmationRequired, KeyRefused) as exc:
        return SaveAndSubmit(application=app, submitted=False, problem=exc)
    return SaveAndSubmit(application=app, submitted=True)


@transaction.atomic
def application_copy(*, actor, application_id) -> Application:
    """复制: a new draft with the header and goods; no attachments, numbers or history."""
    require_applicant(actor)
    source = Application.objects.visible_to(actor).filter(pk=parse_id(application_id)).first()
    if source is None:
        raise NotFound()
    ensure_can_apply(actor)
    copy = Application(
        direction=source.direction,
        enterprise=source.enterprise,
        applicant_uscc=source.applicant_uscc,
        applicant_name=source.applicant_name,
        created_by=actor,
        status=Status.DRAFT,
        application_no=new_application_no(source.direction, timezone.localdate()),
        copied_from_no=source.application_no,
    )
    for name in HEADER_EDITABLE + HEADER_DERIVED:
        setattr(copy, name, getattr(source, name))
    copy.approval_department_id = source.approval_department_id
    copy.drug_name = source.drug_name
    copy.save()
    Goods.objects.bulk_create(
        [
            Goods(
                application=copy,
                seq=g.seq,
                **{f: getattr(g, f) for f in GOODS_FIELDS + GOODS_DERIVED},
            )
            for g in source.goods.order_by("seq")
        ]
    )
    record_creation(copy, actor, reason=_("复制自 %(no)s") % {"no": source.application_no})
    audit.record(copy, actor, "copy", source.application_no)
    return copy


@dataclass
class BulkOutcome:
    """The rows an action was done to, and those it refused with the reason."""

    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, DomainError]] = field(default_factory=list)


def _bulk(actor, application_ids, act) -> BulkOutcome:
    """`act` on each application, each in its own savepoint. An id that names nothing the
    actor may see is NotFound for the whole request: nothing is done to any row."""
    require_applicant(actor)
    ids = list(dict.fromkeys(parse_id(i) for i in application_ids))
    found = {
        a.pk: a
        for a in Application.objects.visible_to(actor)
        .filter(pk__in=ids)
        .order_by("-created_at", "-id")
    }
    if len(found) != len(ids):
        raise NotFound()
    outcome = BulkOutcome()
    for app in found.values():
        try:
            with transaction.atomic():
                act(actor=actor, application_id=app.id)
        except DomainError as exc:
            outcome.refused.append((app, exc))
        else:
            outcome.done.append(app)
    return outcome


@transaction.atomic
def applications_delete(*, actor, application_ids) -> BulkOutcome:
    """删除 of the checked rows of 查询: drafts are deleted, others refused (naming the status)."""
    return _bulk(actor, application_ids, application_delete)


@transaction.atomic
def applications_withdraw(*, actor, application_ids) -> BulkOutcome:
    """撤回 of the checked rows: 已申报 and 已受理 are withdrawn, others refused."""
    return _bulk(actor, application_ids, application_withdraw)
