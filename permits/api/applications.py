"""Applications API for enterprise users (api.md, Applications). Endpoints parse and render;
services decide."""

from datetime import date

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Status
from ninja.files import UploadedFile

from core.schemas import InSchema
from documents.pdf_check import ensure_size
from permits import presenters, selectors, services
from permits.access import require_role
from permits.api.schemas import (
    ApplicationCreateIn,
    ApplicationOut,
    ApplicationUpdateIn,
    AttachmentListOut,
    GoodsIn,
    GoodsOut,
    PageOut,
)
from permits.query_page import query_page
from permits.tags import fingerprint, list_tags
from permits.workflow.states import Role

router = Router(tags=["applications"])


class QueryFilters(InSchema):
    direction: str | None = Field(None, max_length=20)
    status: str | None = Field(None, max_length=30)
    application_no: str | None = Field(
        None,
        max_length=20,
        description="the number's beginning (I2026…), or any part of it from 4 characters on",
    )
    permit_no: str | None = Field(None, max_length=20)
    drug_name: str | None = Field(None, max_length=200)
    approval_department: str | None = Field(None, max_length=20)
    created_from: date | None = None
    created_to: date | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    written_off: bool | None = Field(None, description="`true`: used at customs (已核销)")
    page: int = 1
    page_size: int = 20


def _detail(request, application_id):
    app = selectors.own_application(request.auth, application_id, detail=True)
    return presenters.application_out(app, request.auth)


def _header(payload) -> dict:
    """Only the fields the client sent: left-out fields keep their value on update."""
    return payload.dict(exclude_unset=True)


@router.post("/applications", response={201: ApplicationOut}, summary="Create a draft (暂存)")
def create_application(request, payload: ApplicationCreateIn):
    app = services.application_create(actor=request.auth, data=_header(payload))
    return Status(201, _detail(request, app.id))


@router.get("/applications", response=PageOut, summary="Query (查询), newest first")
def list_applications(request, filters: Query[QueryFilters]):
    require_role(request.auth, Role.APPLICANT, _("只有企业用户可以查询申请单。"))
    values = filters.dict()
    page, page_size = values.pop("page"), values.pop("page_size")
    page_size = max(1, min(page_size, 100))

    def build():  # PageOut's bytes (test_query_statements)
        items, count, _capped = query_page(request.auth, values, page=page, page_size=page_size)
        return {
            "items": [presenters.summary_out(a) for a in items],
            "count": count,
            "page": max(1, page),
            "page_size": page_size,
        }

    params = {**values, "page": page, "page_size": page_size}
    return list_tags.conditional(request, "applications", params, build)


@router.get("/applications/{application_id}", response=ApplicationOut, summary="One application")
def get_application(request, application_id: str):
    """With an `ETag`; `If-None-Match` naming it answers 304 before the body is built."""
    return fingerprint.conditional(
        request,
        application_id,
        lambda: _detail(request, application_id),
        ApplicationOut,
        role=Role.APPLICANT,
    )


@router.put("/applications/{application_id}", response=ApplicationOut, summary="Replace the header")
def update_application(request, application_id: str, payload: ApplicationUpdateIn):
    data = _header(payload)
    version = data.pop("version")
    services.application_update(
        actor=request.auth, application_id=application_id, data=data, version=version
    )
    return _detail(request, application_id)


@router.delete("/applications/{application_id}", response={204: None}, summary="Delete a draft")
def delete_application(request, application_id: str):
    services.application_delete(actor=request.auth, application_id=application_id)
    return Status(204, None)


@router.post(
    "/applications/{application_id}/goods", response={201: GoodsOut}, summary="Add an item"
)
def add_goods(request, application_id: str, payload: GoodsIn):
    goods = services.goods_add(
        actor=request.auth, application_id=application_id, data=payload.dict()
    )
    return Status(201, presenters.goods_out(goods))


@router.put(
    "/applications/{application_id}/goods/{goods_id}", response=GoodsOut, summary="Change an item"
)
def update_goods(request, application_id: str, goods_id: str, payload: GoodsIn):
    goods = services.goods_update(
        actor=request.auth, application_id=application_id, goods_id=goods_id, data=payload.dict()
    )
    return presenters.goods_out(goods)


@router.delete(
    "/applications/{application_id}/goods/{goods_id}",
    response={204: None},
    summary="Remove an item",
)
def delete_goods(request, application_id: str, goods_id: str):
    services.goods_delete(actor=request.auth, application_id=application_id, goods_ids=[goods_id])
    return Status(204, None)


@router.get(
    "/applications/{application_id}/attachments",
    response=AttachmentListOut,
    summary="Attachment slots for this direction and purpose",
)
def list_attachments(request, application_id: str):
    app = selectors.own_application(request.auth, application_id)
    return {"items": presenters.attachment_slots(app)}


@router.post(
    "/applications/{application_id}/attachments/{type}",
    response={201: AttachmentListOut},
    summary="Upload one PDF into an empty slot",
)
def upload_attachment(request, application_id: str, type: str, file: File[UploadedFile]):
    ensure_size(file.size or 0)
    services.attachment_upload(
        actor=request.auth,
        application_id=application_id,
        type=type,
        filename=getattr(file, "full_name", None) or file.name or "file.pdf",
        data=file.read(),
    )
    app = selectors.own_application(request.auth, application_id)
    return Status(201, {"items": presenters.attachment_slots(app)})


@router.get(
    "/applications/{application_id}/attachments/{type}/file",
    url_name="attachment_file",
    summary="Download an attachment",
)
def download_attachment(request, application_id: str, type: str):
    attachment, handle = services.attachment_open(
        actor=request.auth, application_id=application_id, type=type
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.download_name,
        content_type="application/pdf",
    )


@router.delete(
    "/applications/{application_id}/attachments/{type}",
    response={204: None},
    summary="Empty a slot",
)
def delete_attachment(request, application_id: str, type: str):
    services.attachment_delete(actor=request.auth, application_id=application_id, type=type)
    return Status(204, None)


@router.post(
    "/applications/{application_id}/submit", response=ApplicationOut, summary="申报 (submit)"
)
def submit_application(request, application_id: str):
    services.application_submit(actor=request.auth, application_id=application_id)
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/withdraw", response=ApplicationOut, summary="撤回 (withdraw)"
)
def withdraw_application(request, application_id: str):
    services.application_withdraw(actor=request.auth, application_id=application_id)
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/copy", response={201: ApplicationOut}, summary="复制 (copy)"
)
def copy_application(request, application_id: str):
    copy = services.application_copy(actor=request.auth, application_id=application_id)
    return Status(201, _detail(request, copy.id))


@router.get(
    "/applications/{application_id}/application-form.pdf",
    summary="打印申请表 (PDF)",
)
def application_form(request, application_id: str):
    app, pdf = services.application_form_render(actor=request.auth, application_id=application_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{app.application_no}.pdf"'
    return response
