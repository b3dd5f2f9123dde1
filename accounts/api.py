"""API about the caller: who am I, my tokens."""

from datetime import datetime
from uuid import UUID

from ninja import Router, Schema, Status

from accounts import selectors, services

router = Router(tags=["accounts"])


class EnterpriseOut(Schema):
    uscc: str
    name: str
    name_en: str
    has_trade_qualification: bool


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    enterprise: EnterpriseOut | None = None
    department: str | None = None
    can_apply: bool
    cannot_apply_reason: str | None = None


class TokenOut(Schema):
    id: UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIn(Schema):
    name: str = ""


class TokenCreatedOut(TokenOut):
    token: str


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request):
    user = request.auth
    problem = services.qualification_problem(user)
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "enterprise": user.enterprise,
        "department": user.department.code if user.department_id else None,
        "can_apply": problem is None,
        "cannot_apply_reason": problem,
    }


@router.get("/me/tokens", response=list[TokenOut], summary="My API tokens")
def my_tokens(request):
    return list(selectors.api_tokens_of(request.auth))


@router.post("/me/tokens", response={201: TokenCreatedOut}, summary="Create a token (shown once)")
def create_token(request, payload: TokenIn):
    issued = services.api_token_create(user=request.auth, name=payload.name[:100])
    t = issued.token
    return Status(201, {**TokenOut.from_orm(t).dict(), "token": issued.raw})


@router.delete("/me/tokens/{token_id}", response={204: None}, summary="Revoke a token")
def revoke_token(request, token_id: UUID):
    services.api_token_revoke(user=request.auth, token_id=token_id)
    return Status(204, None)
