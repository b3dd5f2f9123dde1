"""Customs API (api.md, Customs), for customs officers and for customs systems (a service
account with the customs role and its own token). A wrong role is refused (403) before
anything is looked up; an unknown permit number is 404."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from core.errors import DomainError
from core.schemas import InSchema
from customs import idempotency, presenters, services
from permits.access import require_role
from permits.api.auth import role_auth
from permits.api.schemas import GoodsOut, WriteOffOut
from permits.workflow.states import Role

MSG_CUSTOMS_ONLY = gettext_lazy("只有海关人员可以查验和核销准许证。")
# Any other role is refused (403) before the request is even read (permits.access.RoleAuth).
router = Router(tags=["customs"], auth=role_auth(Role.CUSTOMS, MSG_CUSTOMS_ONLY))


def _customs(request):
    require_role(request.auth, Role.CUSTOMS, str(MSG_CUSTOMS_ONLY))
    return request.auth


class HolderOut(Schema):
    uscc: str
    name: str
    name_en: str
    address_en: str


class CounterpartyOut(Schema):
    name: str
    address: str
    country: str


class PermitOut(Schema):
    permit_no: str
    direction: str
    status: str
    holder: HolderOut
    counterparty: CounterpartyOut
    port_1: str
    port_1_name: str
    port_2: str
    port_2_name: str
    customs_district_1: str
    customs_district_1_name: str
    customs_district_2: str
    customs_district_2_name: str
    issue_date: date | None
    valid_until: date | None
    department: str | None
    department_name: str
    goods: list[GoodsOut]
    usable: bool
    reasons: list[str] = Field(description="why it cannot be used: expired, voided, written_off")
    write_off: WriteOffOut | None


class WriteOffIn(InSchema):
    customs_district: str = Field(description="4-digit customs district code")
    declaration_no: str = Field(description="报关单号, 18 digits")


@router.get("/customs/permits/{permit_no}", response=PermitOut, summary="A permit as issued")
def customs_permit(request, permit_no: str):
    user = _customs(request)
    return presenters.permit_out(services.permit_look_up(actor=user, permit_no=permit_no))


@router.post(
    "/customs/permits/{permit_no}/write-off",
    response={200: PermitOut},
    summary="Write the permit off once (一证一关); Idempotency-Key supported",
)
def customs_write_off(request, permit_no: str, payload: WriteOffIn):
    user = _customs(request)

    def act():
        app = services.permit_write_off(
            actor=user,
            permit_no=permit_no,
            customs_district=payload.customs_district,
            declaration_no=payload.declaration_no,
        )
        return 200, presenters.permit_out(app)

    key = request.headers.get("Idempotency-Key")
    try:
        if key is None:
            return act()[1]
        status, body = idempotency.run_once(
            user=user,
            key=key,
            act=act,
            fingerprint=idempotency.fingerprint(request.path, payload.dict()),
        )
    except DomainError as exc:
        services.record_refused_write_off(actor=user, permit_no=permit_no, problem=exc)
        raise
    return Status(status, body)
