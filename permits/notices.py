"""Notices (通知书) issued by the approver's decisions, the permit (准许证) that goes with the
approval, and the public facts behind its verification link.

Every decision produces its notice inside the decision's own transaction (workflow.transition
calls issue_for): number, PDF, signature, stored file and Notice row commit or roll back
together with the status change, so a failed decision leaves no notice and gives its number
back. (A rolled-back decision may leave its stored file behind; sweep_orphans removes it.)

Kinds, after the 行政许可法 (第32条 受理/不予受理/一次告知补正, 第38条 准予/不予许可 in writing
with reasons and the right to reconsideration or a lawsuit) and the 2014 办法:
受理通知书, 不予受理通知书, 补正材料通知书, 准予许可决定书 + 准许证, 不予许可决定书, 作废通知.

Numbers are our own format (domain.md defines none): department code (6) + kind code (2) +
issue year (4) + 6-digit sequence per department, kind and year, e.g. 110000ZX2026000001;
allocated from the counter row in the decision's transaction (no gaps).
"""

from __future__ import annotations

import hmac
from datetime import date

from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation

from documents import verification
from documents.qr import qr_svg_data_uri
from documents.rendering import BASE_STYLESHEET, render_pdf
from documents.signing import sign_pdf
from documents.storage import open_stored, store_bytes
from permits import attachment_rules, audit
from permits.models import Application, Direction, Notice, NoticeKind
from permits.numbering import next_value
from permits.printing import application_form_context
from permits.selectors import application_get_for_user, parse_id
from permits.workflow import Action, Status
from reference import selectors as ref

TEMPLATE = "documents/notice.html"
STYLESHEETS = (BASE_STYLESHEET, "documents/notice.css")
SIGNATURE_FIELD = "Signature1"

KIND_BY_ACTION: dict[str, NoticeKind] = {
    Action.ACCEPT: NoticeKind.ACCEPTANCE,
    Action.NOT_ACCEPT: NoticeKind.NON_ACCEPTANCE,
    Action.REQUEST_CORRECTION: NoticeKind.CORRECTION,
    Action.APPROVE: NoticeKind.APPROVAL,
    Action.REJECT: NoticeKind.REJECTION,
    Action.VOID: NoticeKind.VOIDING,
}

# Pinyin initials of the kind: 受理, 不(予)受理, 补正, 准(予)许(可), 不(予)许(可), 作废.
KIND_CODE: dict[NoticeKind, str] = {
    NoticeKind.ACCEPTANCE: "SL",
    NoticeKind.NON_ACCEPTANCE: "BS",
    NoticeKind.CORRECTION: "BZ",
    NoticeKind.APPROVAL: "ZX",
    NoticeKind.REJECTION: "BX",
    NoticeKind.VOIDING: "ZF",
}

# The applicant's rights against an adverse decision (行政许可法 第38条; 行政复议法: 60 days;
# 行政诉讼法: 6 months), in our words.
RIGHTS = (
    "你单位如对本{doc}不服，可以自收到本{doc}之日起六十日内依法申请行政复议，"
    "或者自收到本{doc}之日起六个月内依法向人民法院提起行政诉讼。"
)

PERMIT_NOTES = (
    "本证一证一关，仅限在证载口岸（关区）办理一次通关手续，使用一次后即告失效。",
    "本证在{direction}期限内有效，逾期自动失效；证载内容不得涂改、转让或重复使用。",
    "本证经发证机关电子签名，扫描二维码或访问核验链接可查询其真伪和当前状态。",
)


# -- issuing -------------------------------------------------------------------------------


def issue_for(app: Application, record) -> Notice | None:
    """Issue the notice of the status change `record` (called by workflow.transition inside
    its transaction, with `app` locked). Changes that carry no notice return None."""
    kind = KIND_BY_ACTION.get(record.action)
    if kind is None:
        return None
    issued_at = record.at
    number = notice_number(app.approval_department_id, kind, timezone.localdate(issued_at).year)
    with translation.override("zh-hans"):  # an official document, whatever the UI language
        context = notice_context(app, record, kind=kind, number=number)
        pdf = render_pdf(TEMPLATE, context, stylesheets=STYLESHEETS)
    signed = sign_pdf(
        pdf,
        reason=f"{NoticeKind(kind).label} {number}",
        location=context["department"],
        field_name=SIGNATURE_FIELD,
    )
    stored = store_bytes(signed, folder="notices", suffix=".pdf")
    return Notice.objects.create(
        application=app, status_change=record, kind=kind, number=number, issued_at=issued_at,
        storage_name=stored.name, size=stored.size, sha256=stored.sha256,
    )


def notice_number(department_code: str, kind: NoticeKind, year: int) -> str:
    seq = next_value(f"notice:{department_code}:{kind}:{year}")
    return f"{department_code}{KIND_CODE[kind]}{year:04d}{seq:06d}"


def cn_date(value: date | None) -> str:
    """2026-03-04 → 2026年3月4日 (as dated on official documents)."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _local_date(dt) -> date | None:
    return timezone.localtime(dt).date() if dt else None


def notice_context(app: Application, record, *, kind: NoticeKind, number: str) -> dict:
    """Everything documents/notice.html shows, as display strings."""
    direction = "进口" if app.direction == Direction.IMPORT else "出口"
    department = ref.label("departments", app.approval_department_id)
    context = {
        "kind": str(kind),
        "title": str(NoticeKind(kind).label),
        "number": number,
        "department": department,
        "applicant_name": app.applicant_name,
        "applicant_uscc": app.applicant_uscc,
        "application_no": app.application_no,
        "direction": direction,
        "permit_title": f"药品{direction}准许证（蛋白同化制剂肽类激素）",
        "submitted_on": cn_date(_local_date(app.submitted_at)),
        "issued_on": cn_date(_local_date(record.at)),
        "reason": record.reason,
        "rights": "",
        "items": [],
        "permit": None,
    }
    if kind == NoticeKind.NON_ACCEPTANCE:
        context["rights"] = RIGHTS.format(doc="通知书")
    elif kind in (NoticeKind.REJECTION, NoticeKind.VOIDING):
        context["rights"] = RIGHTS.format(doc="决定书" if kind == NoticeKind.REJECTION else "通知")
    if kind == NoticeKind.CORRECTION:
        context["items"] = correction_items(app, record)
    if kind in (NoticeKind.APPROVAL, NoticeKind.VOIDING):
        context.update(
            permit_no=app.permit_no or "",
            issue_date=cn_date(app.issue_date),
            valid_until=cn_date(app.valid_until),
        )
    if kind == NoticeKind.APPROVAL:
        context["permit"] = permit_context(app, department=department)
    return context


def correction_items(app: Application, record) -> list[dict]:
    """The attachments to correct, each with the approver's opinion, in the order asked."""
    names = {
        s.type: s.name for s in attachment_rules.slots_for(app.direction, app.purpose, app.is_agent)
    }
    return [
        {
            "seq": i,
            "name": names.get(item.attachment_type)
            or str(attachment_rules.NAMES.get(item.attachment_type, item.attachment_type)),
            "opinion": item.opinion,
        }
        for i, item in enumerate(record.correction_items.order_by("id"), start=1)
    ]


def permit_context(app: Application, *, department: str) -> dict:
    """The permit (准许证) as issued: the application's fields as display strings, the goods,
    the dates, the verification link and its QR code."""
    form = application_form_context(app, printed_on=app.issue_date)
    url = verification_url(app) or ""
    direction = form["dir"]
    return {
        "title": f"药品{direction}准许证",
        "subtitle": "（蛋白同化制剂肽类激素）",
        "is_import": form["is_import"],
        "dir": direction,
        "other": form["other"],
        "f": form["f"],
        "goods": form["goods"],
        "permit_no": app.permit_no or "",
        "issue_date": cn_date(app.issue_date),
        "valid_until": cn_date(app.valid_until),
        "department": department,
        "verification_url": url,
        "qr": qr_svg_data_uri(url) if url else "",
        "notes": [n.format(direction=direction) for n in PERMIT_NOTES],
    }


# -- reading -------------------------------------------------------------------------------


def notices_for(user, application_id) -> tuple[Application, list[Notice]]:
    """The notices of an application the user may see (404 otherwise), oldest first."""
    app = application_get_for_user(user, application_id)
    return app, list(app.notices.order_by("issued_at", "id"))


def notice_open(*, actor, notice_id):
    """A notice's PDF for download, if `actor` may see its application (404 for missing and
    not-yours alike); the download is recorded."""
    notice = Notice.objects.filter(pk=parse_id(notice_id)).first()
    if notice is None:
        raise Http404
    app = application_get_for_user(actor, notice.application_id)
    with transaction.atomic():
        audit.record(app, actor, "notice_download", notice.number)
    return notice, open_stored(notice.storage_name)


# -- verification --------------------------------------------------------------------------

STATE_LABELS = {
    "usable": "可用",
    "expired": "已过期",
    "voided": "已作废",
    "written_off": "已核销",
}
_NO_CODE = "-" * 16  # compared against when the permit is unknown, so timing says nothing


def verification_url(app: Application) -> str | None:
    """The public link of an issued permit (what its QR code carries); None before issue."""
    if app.status not in (Status.APPROVED, Status.VOIDED):
        return None
    if not (app.permit_no and app.verification_code):
        return None
    return verification.verification_url(app.permit_no, app.verification_code)


def permit_state(app: Application, today: date | None = None) -> str:
    """Whether an issued permit can be used now: voided, written off (used once), expired
    (after valid_until, derived) or usable."""
    today = today or timezone.localdate()
    if app.status == Status.VOIDED:
        return "voided"
    if app.written_off_at:
        return "written_off"
    if app.valid_until and app.valid_until < today:
        return "expired"
    return "usable"


def permit_lookup(permit_no: str, code: str) -> dict | None:
    """The public facts of a genuine permit for the verification page, or None when the
    number is unknown or the code wrong. No personal data: no enterprise, people, addresses."""
    app = (
        Application.objects.filter(
            permit_no=permit_no.upper(), status__in=(Status.APPROVED, Status.VOIDED)
        )
        .only("permit_no", "status", "direction", "issue_date", "valid_until", "written_off_at",
              "verification_code", "approval_department_id")
        .first()
    )
    expected = app.verification_code if app is not None and app.verification_code else _NO_CODE
    matches = hmac.compare_digest(expected.encode(), code.encode())
    if app is None or not app.verification_code or not matches:
        return None
    state = permit_state(app)
    return {
        "permit_no": app.permit_no,
        "direction_label": "进口" if app.direction == Direction.IMPORT else "出口",
        "issue_date": app.issue_date,
        "valid_until": app.valid_until,
        "department": ref.label("departments", app.approval_department_id),
        "state": state,
        "state_label": STATE_LABELS[state],
        "usable": state == "usable",
    }
