"""Turn applications into the plain data the API returns and the pages show."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from permits.corrections import open_items
from permits.fields import API, GOODS, HEADER
from permits.models import Application, NoticeKind, WriteOff
from permits.rules import attachments as slots
from permits.timing.clock import clock_for
from permits.verification import verification_url
from permits.workflow.states import allowed_actions, role_of, status_label

#: The header as the API shows it: the record's columns, then every field of the table shown
#: in the API (approval_department as its code).
HEADER_OUT = ("direction", "status", "version") + tuple(
    dict.fromkeys(f.name for f in HEADER if API in f.shown and f.name != "approval_department")
)
GOODS_OUT = tuple(f.name for f in GOODS if API in f.shown)


def notice_out(notice) -> dict:
    """A notice as the API lists it (NoticeOut), to its applicant and its approvers alike."""
    return {
        "id": str(notice.id),
        "kind": notice.kind,
        "kind_label": str(NoticeKind(notice.kind).label),
        "number": notice.number,
        "issued_at": timezone.localtime(notice.issued_at),
        "state": notice.state,
        "url": reverse("api:notice_pdf", kwargs={"notice_id": notice.id}),
    }


def local(dt):
    return timezone.localtime(dt) if dt else None


def quantity_text(q: Decimal) -> str:
    """10.500 → '10.5', 100.000 → '100'."""
    text = format(q, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def goods_out(g) -> dict:
    data = {name: getattr(g, name) for name in GOODS_OUT}
    data.update(
        id=str(g.id),
        seq=g.seq,
        quantity=quantity_text(g.quantity),
        substance=g.substance or None,
        category=g.category or None,
    )
    return data


def open_corrections(app: Application) -> dict[str, str]:
    """While in 补正材料: attachment type → the approver's opinion, from the latest request."""
    return open_items(app)["attachments"]


def write_off_out(app: Application) -> dict | None:
    """The customs write-off of an issued permit (api.md, Customs), or None."""
    try:
        w = app.write_off  # None on a 查询 row without one (permits.query_page)
    except WriteOff.DoesNotExist:
        return None
    if w is None:
        return None
    return {
        "customs_district": w.customs_district,
        "declaration_no": w.declaration_no,
        "at": local(w.at),
        "officer": w.officer_name,
    }


def clock_out(app: Application) -> dict | None:
    clock = clock_for(app)
    return clock.as_api() if clock is not None else None


def attachment_slots(app: Application) -> list[dict]:
    """Every slot for this direction and purpose, with its file and any correction asked for;
    files in slots that no longer apply (the purpose changed) come last so they can be
    deleted."""
    files = {a.type: a for a in app.attachments.all()}
    corrections = open_corrections(app)
    rows = []
    for slot in slots.slots_for(app.direction, app.purpose, app.is_agent):
        attachment = files.pop(slot.type, None)
        rows.append(_slot_row(app, slot.type, slot.name, slot.required, attachment, corrections))
    for type_, attachment in files.items():
        name = str(slots.NAMES.get(type_, type_))
        rows.append(_slot_row(app, type_, name, False, attachment, corrections))
    return rows


def _slot_row(app, type_, name, required, attachment, corrections) -> dict:
    file = None
    if attachment is not None:
        file = {
            "name": attachment.original_name,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "uploaded_at": local(attachment.uploaded_at),
            "url": reverse("api:attachment_file", kwargs={"application_id": app.id, "type": type_}),
        }
    return {
        "type": type_,
        "name": name,
        "required": required,
        "file": file,
        "needs_correction": type_ in corrections,
        "correction_opinion": corrections.get(type_, ""),
    }


def history_out(app: Application) -> list[dict]:
    return [
        {
            "action": h.action,
            "from_status": h.from_status,
            "to_status": h.to_status,
            "actor": h.actor_name,
            "at": local(h.at),
            "reason": h.reason,
            "key_confirmation": _confirmation_out(h.confirmation) if h.confirmation_id else None,
        }
        for h in app.history.all()
    ]


def _confirmation_out(record) -> dict:
    return {
        "key_name": record.key_name,
        "content_sha256": record.content_sha256,
        "at": local(record.at),
    }


def application_out(app: Application, user) -> dict:
    data = {name: getattr(app, name) for name in HEADER_OUT}
    present = {a.type for a in app.attachments.all()}
    data.update(
        id=str(app.id),
        status_label=status_label(app.status),
        approval_department=app.approval_department_id,
        created_at=local(app.created_at),
        updated_at=local(app.updated_at),
        submitted_at=local(app.submitted_at),
        decided_at=local(app.decided_at),
        verification_url=verification_url(app),
        goods=[goods_out(g) for g in app.goods.all()],
        attachments=attachment_slots(app),
        required_attachments=slots.required_types(app.direction, app.purpose, app.is_agent, present)
        if app.purpose
        else [],
        allowed_actions=allowed_actions(
            app.status, role_of(user), written_off=bool(app.written_off_at)
        ),
        history=history_out(app),
        clock=clock_out(app),
        write_off=write_off_out(app),
    )
    return data


def drug_names(app: Application) -> list[str]:
    """Each drug name once, in item order: as a 查询 row carries them (permits.query_page),
    else from the goods."""
    loaded = getattr(app, "drug_names", None)
    if loaded is not None:
        return loaded
    return list(dict.fromkeys(g.drug_name for g in app.goods.all()))


def summary_out(app: Application, *, names: list[str] | None = None) -> dict:
    """A row of 查询 (and the start of a queue's row): `names` are the drug names shown
    (by default each item's)."""
    return {
        "id": str(app.id),
        "direction": app.direction,
        "application_no": app.application_no,
        "permit_no": app.permit_no,
        "status": app.status,
        "status_label": status_label(app.status),
        "applicant_name": app.applicant_name,
        "approval_department": app.approval_department_id,
        "drug_names": drug_names(app) if names is None else names,
        "created_at": local(app.created_at),
        "updated_at": local(app.updated_at),
        "submitted_at": local(app.submitted_at),
        "decided_at": local(app.decided_at),
        "write_off": write_off_out(app),
    }
