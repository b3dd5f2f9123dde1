"""Customs and issued permits (domain.md, Time rules: one use, named ports, validity): look a
permit up, write it off once (一证一关). Every look-up and write-off is recorded with who,
when and the client's address.

Write-off and 作废 both lock the application row, so of two write-offs, or a write-off and a
void, started at once exactly one succeeds and the other meets the state it left.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.messages import messages_create
from accounts.models import ENTERPRISE_ROLES, User
from core.client import current_client_address
from core.errors import FieldError, NotAllowed, NotFound, ValidationFailed
from customs.models import CustomsEvent
from permits import audit
from permits.models import Application, Direction, WriteOff
from permits.verification import permit_reasons
from permits.workflow.states import ISSUED
from reference import selectors as ref

DECLARATION_NO = re.compile(r"^\d{18}$")
MAX_PERMIT_NO = 40

REFUSALS = {
    "voided": "该准许证已作废，不能核销。",
    "written_off": "该准许证已核销，一证一关，不能再次核销。",
    "expired": "该准许证已过有效期，不能核销。",
    "district": "进口准许证只能在其载明的关区核销，该关区不在证载关区之内。",
}


def _record(actor, permit_no: str, kind: str, *, found: bool, outcome: str = "") -> None:
    CustomsEvent.objects.create(
        kind=kind,
        permit_no=permit_no[:MAX_PERMIT_NO],
        found=found,
        outcome=outcome,
        user=actor,
        user_name=actor.display_name,
        client_address=current_client_address() or None,
    )


def _normalise(permit_no: str) -> str:
    return (permit_no or "").strip().upper()[:MAX_PERMIT_NO]


def _issued(permit_no: str):
    return Application.objects.filter(permit_no=permit_no, status__in=ISSUED).select_related(
        "write_off", "approval_department"
    )


def permit_look_up(*, actor, permit_no: str) -> Application:
    """The issued permit with this number (NotFound for anything else); the look-up is
    recorded in its own transaction, unknown numbers too."""
    number = _normalise(permit_no)
    app = _issued(number).prefetch_related("goods").first()
    with transaction.atomic():
        _record(actor, number or permit_no, CustomsEvent.Kind.LOOKUP, found=app is not None)
    if app is None:
        raise NotFound()
    return app


def record_refused_write_off(*, actor, permit_no: str, problem) -> None:
    """A write-off that did not happen is recorded too, after its transaction rolled back:
    unknown number, bad input or the reason it was refused."""
    outcome = (
        "not_found"
        if isinstance(problem, NotFound)
        else (
            problem.errors[0].message
            if isinstance(problem, NotAllowed) and problem.errors
            else type(problem).__name__
        )
    )
    with transaction.atomic():
        _record(
            actor,
            _normalise(permit_no) or permit_no,
            CustomsEvent.Kind.WRITE_OFF,
            found=not isinstance(problem, NotFound),
            outcome=str(outcome)[:40],
        )


def _check_input(customs_district: str, declaration_no: str) -> tuple[str, str]:
    errors = []
    district = (customs_district or "").strip()
    declaration = (declaration_no or "").strip()
    if not DECLARATION_NO.match(declaration):
        errors.append(FieldError("declaration_no", _("报关单号应为18位数字。")))
    if ref.get_item("customs-districts", district) is None:
        errors.append(FieldError("customs_district", _("请从列表中选择关区（4位代码）。")))
    if errors:
        raise ValidationFailed(_("核销信息有误。"), errors)
    return district, declaration


def _refuse(reason: str) -> NotAllowed:
    return NotAllowed(_(REFUSALS[reason]), [FieldError("reasons", reason)])


def _tell_the_enterprise(app: Application, write_off: WriteOff) -> None:
    users = list(
        User.objects.filter(
            enterprise_id=app.enterprise_id, role__in=ENTERPRISE_ROLES, is_active=True
        )
    )
    if users:
        district = ref.label("customs-districts", write_off.customs_district)
        messages_create(
            users=users,
            title=f"准许证 {app.permit_no} 已核销",
            body=f"核销关区：{district}\n报关单号：{write_off.declaration_no}",
            application_id=app.id,
        )


@transaction.atomic
def permit_write_off(*, actor, permit_no: str, customs_district: str, declaration_no: str):
    """Use the permit once: an import permit at a customs district it names, an export
    permit at any district (recorded). Refused (409, naming the reason) when voided, written
    off already, expired, or at a district an import permit does not name."""
    number = _normalise(permit_no)
    district, declaration = _check_input(customs_district, declaration_no)
    app = (
        Application.objects.select_for_update().filter(permit_no=number, status__in=ISSUED).first()
    )
    if app is None:
        raise NotFound()
    reasons = permit_reasons(app)
    if reasons:
        raise _refuse(reasons[0])
    if app.direction == Direction.IMPORT and district not in (
        app.customs_district_1,
        app.customs_district_2,
    ):
        raise _refuse("district")
    now = timezone.now()
    write_off = WriteOff.objects.create(
        application=app,
        customs_district=district,
        declaration_no=declaration,
        at=now,
        officer=actor,
        officer_name=actor.display_name,
    )
    app.written_off_at = now
    app.save(update_fields=["written_off_at", "updated_at"])
    _record(actor, number, CustomsEvent.Kind.WRITE_OFF, found=True, outcome="written_off")
    audit.record(app, actor, "write_off", f"{district} {declaration}")
    _tell_the_enterprise(app, write_off)
    return app


def recent_write_offs(actor, limit: int = 20) -> list[WriteOff]:
    return list(
        WriteOff.objects.filter(officer=actor).select_related("application").order_by("-at")[:limit]
    )
