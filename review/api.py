"""Review API for approvers (api.md, Review). A wrong role is refused (403) before anything is
looked up; another department's application is 404; a wrong status 409; bad input 422."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import FileResponse
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from core.schemas import InSchema
from permits.access import require_role
from permits.api.auth import role_auth
from permits.api.schemas import ApplicationOut, ApplicationSummaryOut, ClockOut
from permits.corrections import changes
from permits.tags import fingerprint, list_tags
from permits.workflow.states import Role
from review import presenters, selectors, services
from review.attachments import open_for_review

MSG_APPROVERS_ONLY = gettext_lazy("只有审批部门的审批人员可以使用审批功能。")
# Any other role is refused (403) before the request is even read (permits.access.RoleAuth).
router = Router(tags=["review"], auth=role_auth(Role.APPROVER, MSG_APPROVERS_ONLY))


def _approver(request):
    require_role(request.auth, Role.APPROVER, str(MSG_APPROVERS_ONLY))
    return request.auth


class QueueFilters(InSchema):
    queue: Literal["pending", "in_review", "correcting", "done", "all"] = "all"
    order: Literal["newest", "due"] = "newest"
    enterprise: str | None = Field(
        None, max_length=200, description="any part of the name, or a USCC prefix"
    )
    direction: str | None = Field(None, max_length=20)
    status: str | None = Field(None, max_length=30)
    application_no: str | None = Field(None, max_length=20)
    permit_no: str | None = Field(None, max_length=20)
    drug_name: str | None = Field(None, max_length=200)
    created_from: date | None = None
    created_to: date | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    page: int = 1
    page_size: int = 20


class QueueItemOut(ApplicationSummaryOut):
    applicant_uscc: str
    clock: ClockOut | None


class QueueCountsOut(Schema):
    pending: int
    in_review: int
    correcting: int
    done: int
    all: int


class QueueOut(Schema):
    items: list[QueueItemOut]
    count: int
    page: int
    page_size: int
    counts: QueueCountsOut


class NoticeOut(Schema):
    id: str
    kind: str
    kind_label: str
    number: str
    issued_at: datetime
    state: str
    url: str


class ItemOpinion(Schema):
    type: str | None = None
    field: str | None = None
    opinion: str


class CorrectionOut(Schema):
    opinion: str
    attachments: list[ItemOpinion]
    fields: list[ItemOpinion]


class ReviewOut(ApplicationOut):
    notices: list[NoticeOut]
    correction: CorrectionOut


class FieldChange(Schema):
    field: str
    old: str
    new: str
    flagged: bool


class FileChange(Schema):
    type: str
    old_sha256: str | None
    new_sha256: str | None
    flagged: bool


class ChangesOut(Schema):
    since: datetime | None
    fields: list[FieldChange]
    attachments: list[FileChange]


class ReasonIn(InSchema):
    reason: str


class AttachmentItemIn(InSchema):
    type: str
    opinion: str = ""


class FieldItemIn(InSchema):
    field: str
    opinion: str = ""


class CorrectionIn(InSchema):
    opinion: str = ""
    attachments: list[AttachmentItemIn] = []
    fields: list[FieldItemIn] = []


class ApproveIn(InSchema):
    issue_date: date | None = None
    valid_until: date | None = None


def _detail(request, application_id):
    app = selectors.review_get(request.auth, application_id)
    return presenters.review_out(app, request.auth)


@router.get("/review/applications", response=QueueOut, summary="The department's queue")
def review_queue(request, filters: Query[QueueFilters]):
    user = _approver(request)
    values = filters.dict()
    queue, order = values.pop("queue"), values.pop("order")
    page, page_size = max(1, values.pop("page")), max(1, min(values.pop("page_size"), 100))

    def build():  # QueueOut's bytes (review/tests/test_queue_statements)
        items, count, _capped = selectors.queue_page(
            user, queue=queue, filters=values, order=order, page=page, page_size=page_size
        )
        return {
            "items": [presenters.review_item_out(a) for a in items],
            "count": count,
            "page": page,
            "page_size": page_size,
            "counts": selectors.queue_counts(user),
        }

    params = {**values, "queue": queue, "order": order, "page": page, "page_size": page_size}
    return list_tags.conditional(request, "queue", params, build)


@router.get("/review/applications/{application_id}", response=ReviewOut, summary="One application")
def review_application(request, application_id: str):
    """With an `ETag`; `If-None-Match` naming it answers 304 before the body is built."""
    _approver(request)
    return fingerprint.conditional(
        request,
        application_id,
        lambda: _detail(request, application_id),
        ReviewOut,
        role=Role.APPROVER,
    )


@router.get(
    "/review/applications/{application_id}/attachments/{type}/file",
    url_name="review_attachment_file",
    summary="An attachment, shown inline",
)
def review_attachment(request, application_id: str, type: str):
    user = _approver(request)
    attachment, handle = open_for_review(actor=user, application_id=application_id, type=type)
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=attachment.download_name,
        content_type="application/pdf",
    )
    response["Content-Security-Policy"] = "sandbox"
    return response


@router.get(
    "/review/applications/{application_id}/changes",
    response=ChangesOut,
    summary="What changed since the last correction request",
)
def review_changes(request, application_id: str):
    user = _approver(request)
    return changes(selectors.review_get(user, application_id))


def _decided(request, application_id, service, **kwargs):
    user = _approver(request)
    service(actor=user, application_id=application_id, **kwargs)
    return _detail(request, application_id)


@router.post("/review/applications/{application_id}/accept", response=ReviewOut, summary="受理")
def accept(request, application_id: str):
    return _decided(request, application_id, services.application_accept)


@router.post(
    "/review/applications/{application_id}/not-accept", response=ReviewOut, summary="不予受理"
)
def not_accept(request, application_id: str, payload: ReasonIn):
    return _decided(request, application_id, services.application_not_accept, reason=payload.reason)


@router.post(
    "/review/applications/{application_id}/request-correction",
    response=ReviewOut,
    summary="补正材料: attachments and fields, each with its opinion",
)
def request_correction(request, application_id: str, payload: CorrectionIn):
    return _decided(
        request,
        application_id,
        services.application_request_correction,
        opinion=payload.opinion,
        attachments=[a.dict() for a in payload.attachments],
        fields=[f.dict() for f in payload.fields],
    )


@router.post(
    "/review/applications/{application_id}/approve", response=ReviewOut, summary="审批通过"
)
def approve(request, application_id: str, payload: ApproveIn):
    return _decided(
        request,
        application_id,
        services.application_approve,
        issue_date=payload.issue_date,
        valid_until=payload.valid_until,
    )


@router.post(
    "/review/applications/{application_id}/reject", response=ReviewOut, summary="审批不通过"
)
def reject(request, application_id: str, payload: ReasonIn):
    return _decided(request, application_id, services.application_reject, reason=payload.reason)


@router.post("/review/applications/{application_id}/void", response=ReviewOut, summary="作废")
def void(request, application_id: str, payload: ReasonIn):
    return _decided(request, application_id, services.application_void, reason=payload.reason)
