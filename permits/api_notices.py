"""Notices of an application (api.md: GET /applications/{id}/notices, GET /notices/{id}.pdf).
Visible to whoever may see the application: its enterprise's users and the approvers of its
department (permits.selectors.application_get_for_user); 404 for anyone else."""

from datetime import datetime

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema

from permits import notices
from permits.models import NoticeKind

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: str
    kind: str
    kind_label: str
    number: str
    issued_at: datetime
    url: str


class NoticeListOut(Schema):
    items: list[NoticeOut]


def notice_out(notice) -> dict:
    return {
        "id": str(notice.id),
        "kind": notice.kind,
        "kind_label": str(NoticeKind(notice.kind).label),
        "number": notice.number,
        "issued_at": timezone.localtime(notice.issued_at),
        "url": reverse("api:notice_pdf", kwargs={"notice_id": notice.id}),
    }


@router.get(
    "/applications/{application_id}/notices", response=NoticeListOut,
    summary="Notices issued so far (通知书), oldest first",
)
def list_notices(request, application_id: str):
    _app, items = notices.notices_for(request.auth, application_id)
    return {"items": [notice_out(n) for n in items]}


@router.get(
    "/notices/{notice_id}.pdf", url_name="notice_pdf", summary="Download a notice (signed PDF)",
)
def download_notice(request, notice_id: str):
    notice, handle = notices.notice_open(actor=request.auth, notice_id=notice_id)
    return FileResponse(
        handle, as_attachment=True, filename=f"{notice.number}.pdf",
        content_type="application/pdf",
    )
