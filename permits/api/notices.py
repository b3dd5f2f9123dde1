"""Notices of an application (api.md: GET /applications/{id}/notices, GET /notices/{id}.pdf).
Visible to whoever may see the application: its enterprise's users and the approvers of its
department (permits.notices.reading); 404 for anyone else. A notice is made by a task after
the decision: until then it is `pending` and its PDF answers 409 "生成中"."""

from datetime import datetime

from django.http import FileResponse
from ninja import Field, Router, Schema

from permits import presenters
from permits.notices.reading import notice_open, notices_for

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: str
    kind: str
    kind_label: str
    number: str
    issued_at: datetime
    state: str = Field(description="`pending` (生成中), `ready` or `failed`")
    url: str


class NoticeListOut(Schema):
    items: list[NoticeOut]


@router.get(
    "/applications/{application_id}/notices",
    response=NoticeListOut,
    summary="Notices issued so far (通知书), oldest first",
)
def list_notices(request, application_id: str):
    _app, items = notices_for(request.auth, application_id)
    return {"items": [presenters.notice_out(n) for n in items]}


@router.get(
    "/notices/{notice_id}.pdf",
    url_name="notice_pdf",
    summary="Download a notice (signed PDF)",
)
def download_notice(request, notice_id: str):
    notice, handle = notice_open(actor=request.auth, notice_id=notice_id)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{notice.number}.pdf",
        content_type="application/pdf",
    )
