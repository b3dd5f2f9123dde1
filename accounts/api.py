"""API about the caller: who am I, my tokens."""

from datetime import datetime
from uuid import UUID

from ninja import Path, Query, Router, Schema, Status

from accounts import messages, selectors, services, tokens
from core.inputs import INT_MAX, INT_MIN
from core.schemas import InSchema

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
    expires_at: datetime
    revoked_at: datetime | None


class TokenIn(InSchema):
    name: str = ""
    days: int | None = None


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
    issued = tokens.api_token_create(user=request.auth, name=payload.name[:100], days=payload.days)
    t = issued.token
    return Status(201, {**TokenOut.from_orm(t).dict(), "token": issued.raw})


@router.delete("/me/tokens/{token_id}", response={204: None}, summary="Revoke a token")
def revoke_token(request, token_id: UUID):
    tokens.api_token_revoke(user=request.auth, token_id=token_id)
    return Status(204, None)


class MessageOut(Schema):
    id: int
    at: datetime
    title: str
    body: str
    application_id: UUID | None
    read: bool


class MessagesOut(Schema):
    items: list[MessageOut]
    unread: int


def _message_out(m) -> dict:
    return {
        "id": m.id,
        "at": m.at,
        "title": m.title,
        "body": m.body,
        "application_id": m.application_id,
        "read": m.read_at is not None,
    }


@router.get("/me/messages", response=MessagesOut, summary="My messages (站内消息), newest first")
def my_messages(
    request,
    page: int = 1,
    page_size: int = Query(50, ge=INT_MIN, le=INT_MAX),
):
    size = max(1, min(page_size, 100))
    items = messages.messages_of(request.auth, limit=size, offset=(max(1, page) - 1) * size)
    return {
        "items": [_message_out(m) for m in items],
        "unread": messages.unread_count(request.auth),
    }


@router.post("/me/messages/read-all", response=MessagesOut, summary="Mark all my messages read")
def read_all(request):
    messages.messages_mark_all_read(user=request.auth)
    return my_messages(request, page=1, page_size=50)


@router.post("/me/messages/{message_id}/read", response=MessageOut, summary="Mark one read")
def read_one(request, message_id: int = Path(..., ge=INT_MIN, le=INT_MAX)):
    return _message_out(messages.message_mark_read(user=request.auth, message_id=message_id))
