"""What a notice shows, as plain display strings: its snapshot.

Built in the decision's transaction, while the application row is locked, and stored on the
Notice row; the task renders from the snapshot only, never from the application as it is
later (a notice's content never changes after issue).

Kinds, after the 行政许可法 (第32条 受理/不予受理/一次告知补正, 第38条 准予/不予许可 in writing
with reasons and the right to reconsideration or a lawsuit) and the 2014 办法:
受理通知书, 不予受理通知书, 补正材料通知书, 准予许可决定书 + 准许证, 不予许可决定书, 作废通知.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation

from permits.fields import goods_field, header_field
from permits.models import Application, Direction, NoticeKind
from permits.printing import application_form_context, cn_date
from permits.rules import attachments as slots
from permits.verification import verification_url
from reference import selectors as ref

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


def _local_date(dt) -> date | None:
    return timezone.localtime(dt).date() if dt else None


def notice_snapshot(app: Application, record, *, kind: NoticeKind, number: str) -> dict:
    """Everything documents/notice.html shows (JSON-safe), in Chinese whatever the UI."""
    with translation.override("zh-hans"):  # an official document
        return _snapshot(app, record, kind=kind, number=number)


def _snapshot(app: Application, record, *, kind: NoticeKind, number: str) -> dict:
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
        context["permit"] = permit_snapshot(app, department=department)
    return context


def item_label(app: Application, item, slot_names: dict) -> str:
    """What a correction item names, in words: an attachment slot, a header field, or a field
    of one goods item (第1项商品：数量)."""
    if item.attachment_type:
        return slot_names.get(item.attachment_type) or str(
            slots.NAMES.get(item.attachment_type, item.attachment_type)
        )
    name = item.field
    if name.startswith("goods."):
        _prefix, seq, field = name.split(".", 2)
        return f"第{seq}项商品：{goods_field(field).label_zh(app.direction)}"
    return f"申请单：{header_field(name, app.direction).label_zh(app.direction)}"


def correction_items(app: Application, record) -> list[dict]:
    """Everything to correct, each with the approver's opinion, in the order asked
    (attachments first, then fields)."""
    names = {s.type: s.name for s in slots.slots_for(app.direction, app.purpose, app.is_agent)}
    items = sorted(record.correction_items.order_by("id"), key=lambda i: not i.attachment_type)
    return [
        {"seq": i, "name": item_label(app, item, names), "opinion": item.opinion}
        for i, item in enumerate(items, start=1)
    ]


def permit_snapshot(app: Application, *, department: str) -> dict:
    """The permit (准许证) as issued: its fields as display strings, the goods, the dates and
    the verification link (the task draws its QR code)."""
    form = application_form_context(app, printed_on=app.issue_date, where="permit")
    direction = form["dir"]
    return {
        "title": f"药品{direction}准许证",
        "subtitle": "（蛋白同化制剂肽类激素）",
        "dir": direction,
        "rows": form["rows"],
        "goods_columns": form["goods_columns"],
        "goods": form["goods"],
        "permit_no": app.permit_no or "",
        "issue_date": cn_date(app.issue_date),
        "valid_until": cn_date(app.valid_until),
        "department": department,
        "verification_url": verification_url(app) or "",
        "notes": [n.format(direction=direction) for n in PERMIT_NOTES],
    }
