"""Writes for applications (applicant side). Every function is one transaction, keyword-only,
takes the acting user, and is shared by the pages, the API, commands and tests."""

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import ensure_can_apply
from accounts.uscc import province_code
from config.errors import ErrorCollector, FieldError, NotAllowed, ValidationFailed
from documents import storage
from documents.pdf_check import check_pdf
from permits import attachment_rules, audit, rules, workflow
from permits.models import Application, Attachment, Goods
from permits.numbering import new_application_no
from permits.selectors import own_application, parse_id
from permits.workflow import Action, Status

HEADER_FIELDS = (
    "applicant_name_en", "applicant_address_en", "counterparty_name", "counterparty_address",
    "counterparty_country", "approval_department", "is_agent", "principal_uscc",
    "principal_name", "purpose", "collection_method", "mail_address", "port_1", "port_2",
    "contact_person", "contact_phone", "remarks", "contract_no", "importing_country_permit_no",
)
DERIVED_FIELDS = ("customs_district_1", "customs_district_2")
GOODS_FIELDS = (
    "hs_code", "drug_name", "drug_name_en", "dosage_form", "dosage_form_en", "specification",
    "quantity", "unit", "manufacturer", "origin_country",
)


def msg_invalid() -> str:
    return _("申请单有误，请按提示修改。")


def msg_stale() -> str:
    return _(
        "该申请单已被他人修改（版本已更新），请刷新后再保存；"
        "您填写的内容尚未保存，仍保留在页面上。"
    )


def _locked(actor, application_id) -> Application:
    """Lock the actor's own application row for a write (404 when not theirs)."""
    app = (
        Application.objects.visible_to(actor)
        .select_for_update()
        .filter(pk=parse_id(application_id))
        .first()
    )
    if app is None or not actor.is_enterprise_user:
        raise Http404
    return app


def _ensure_editable(app: Application) -> None:
    if app.status not in workflow.EDITABLE:
        raise workflow.not_allowed(_("修改"), app.status)


def _apply_header(app: Application, cleaned: dict) -> None:
    for name in HEADER_FIELDS + DERIVED_FIELDS:
        if name in cleaned:
            value = cleaned[name]
            if name == "approval_department":
                app.approval_department_id = value or None
            else:
                setattr(app, name, "" if value is None and name != "is_agent" else value)


def _goods_dicts(app: Application) -> list[dict]:
    return [{f: getattr(g, f) for f in GOODS_FIELDS} for g in app.goods.order_by("seq")]


def _header_values(app: Application) -> dict:
    values = {name: getattr(app, name) for name in HEADER_FIELDS}
    values["approval_department"] = app.approval_department_id
    return values


def _clean_or_raise(data: dict, *, direction: str, enterprise, goods: list[dict]) -> dict:
    cleaned, errors = rules.clean_header(data, direction=direction, enterprise=enterprise)
    if not errors.errors:
        for field, message in rules.biological_port_problems(
            direction=direction, ports=[cleaned.get("port_1"), cleaned.get("port_2")], goods=goods
        ):
            errors.add(field, message)
    errors.raise_if_any(msg_invalid())
    return cleaned


@transaction.atomic
def application_create(*, actor, data: dict) -> Application:
    """暂存 for the first time: check the header, assign the application number."""
    ensure_can_apply(actor)
    enterprise = actor.enterprise
    direction = data.get("direction")
    if direction not in ("import", "export"):
        raise ValidationFailed(
            msg_invalid(), [FieldError("direction", _("请选择进口或出口（import/export）。"))]
        )
    values = {name: data.get(name) for name in HEADER_FIELDS}
    values["applicant_name_en"] = values["applicant_name_en"] or enterprise.name_en
    values["applicant_address_en"] = values["applicant_address_en"] or enterprise.address_en
    values["approval_department"] = values["approval_department"] or province_code(
        enterprise.uscc
    )
    cleaned = _clean_or_raise(values, direction=direction, enterprise=enterprise, goods=[])
    app = Application(
        direction=direction, enterprise=enterprise, applicant_uscc=enterprise.uscc,
        applicant_name=enterprise.name, created_by=actor,
        application_no=new_application_no(direction, timezone.localdate()),
    )
    _apply_header(app, cleaned)
    app.save()
    workflow.record_creation(app, actor)
    audit.record(app, actor, "create")
    return app


@transaction.atomic
def application_update(*, actor, application_id, data: dict, version: int | None) -> Application:
    """暂存 again: replace the header. A stale `version` is refused (409) and nothing is lost:
    the caller still holds what the user typed."""
    app = _locked(actor, application_id)
    _ensure_editable(app)
    if version is None or int(version) != app.version:
        raise NotAllowed(msg_stale(), [FieldError("version", msg_stale())])
    if data.get("direction") not in (None, "", app.direction):
        raise ValidationFailed(
            msg_invalid(), [FieldError("direction", _("申请单的进出口方向不能修改。"))]
        )
    # Fields left out of the request keep their value; fields sent (even empty) replace it.
    values = {**_header_values(app), **{k: v for k, v in data.items() if k in HEADER_FIELDS}}
    cleaned = _clean_or_raise(
        values, direction=app.direction, enterprise=app.enterprise, goods=_goods_dicts(app)
    )
    _apply_header(app, cleaned)
    app.version += 1
    app.save()
    audit.record(app, actor, "update", f"version {app.version}")
    return app


@transaction.atomic
def application_delete(*, actor, application_id) -> None:
    """删除: drafts only, gone for good with their files."""
    app = _locked(actor, application_id)
    if app.status not in workflow.DELETABLE:
        raise workflow.not_allowed(_("删除"), app.status)
    names = list(app.attachments.values_list("storage_name", flat=True))
    audit.record(app, actor, "delete")
    app.delete()
    transaction.on_commit(lambda: [storage.delete_stored(n) for n in names])


def _first_goods(app: Application, excluding=None) -> dict | None:
    qs = app.goods.order_by("seq")
    if excluding is not None:
        qs = qs.exclude(pk=excluding)
    first = qs.first()
    return {f: getattr(first, f) for f in GOODS_FIELDS} if first else None


def _clean_goods_or_raise(app: Application, data: dict, first: dict | None) -> dict:
    values = {name: data.get(name) for name in GOODS_FIELDS}
    cleaned, errors = rules.clean_goods(values, first=first)
    if not errors.errors:
        for field, message in rules.biological_port_problems(
            direction=app.direction, ports=[app.port_1, app.port_2], goods=[cleaned]
        ):
            port = _("进口口岸1") if field == "port_1" else _("进口口岸2")
            hint = _("（请先修改%(port)s）") % {"port": port}
            errors.add("drug_name", f"{message}{hint}")
    errors.raise_if_any(msg_invalid())
    return cleaned


def _mirror_drug_name(app: Application) -> None:
    """Application.drug_name follows the goods' drug (all items share the first one's,
    rules.GOODS_LOCKED; empty without goods): 查询 filters by it from the application's index."""
    name = app.goods.order_by("seq").values_list("drug_name", flat=True).first() or ""
    if app.drug_name != name:
        Application.objects.filter(pk=app.pk).update(drug_name=name)
        app.drug_name = name


@transaction.atomic
def goods_add(*, actor, application_id, data: dict) -> Goods:
    """Add an item (at most four); after the first, the locked fields come from the first."""
    app = _locked(actor, application_id)
    _ensure_editable(app)
    count = app.goods.count()
    if count >= rules.MAX_GOODS:
        raise ValidationFailed(
            msg_invalid(), [FieldError("goods", _("商品最多只能添加4项。"))]
        )
    cleaned = _clean_goods_or_raise(app, data, _first_goods(app))
    last = app.goods.order_by("-seq").values_list("seq", flat=True).first() or 0
    goods = Goods.objects.create(application=app, seq=last + 1, **cleaned)
    _mirror_drug_name(app)
    audit.record(app, actor, "goods_add", f"{goods.seq}. {goods.drug_name}")
    return goods


@transaction.atomic
def goods_update(*, actor, application_id, goods_id, data: dict) -> Goods:
    app = _locked(actor, application_id)
    _ensure_editable(app)
    goods = app.goods.filter(pk=parse_id(goods_id)).first()
    if goods is None:
        raise Http404
    first = _first_goods(app)
    is_first = first is None or app.goods.order_by("seq").first().pk == goods.pk
    others = app.goods.exclude(pk=goods.pk).exists()
    if is_first and others:
        # The first item's locked fields are shared by the others: they stay as they are.
        data = {**data, **{f: getattr(goods, f) for f in rules.GOODS_LOCKED}}
        cleaned = _clean_goods_or_raise(app, data, None)
    else:
        cleaned = _clean_goods_or_raise(app, data, None if is_first else first)
    for name, value in cleaned.items():
        setattr(goods, name, value)
    goods.save()
    _mirror_drug_name(app)
    audit.record(app, actor, "goods_update", f"{goods.seq}. {goods.drug_name}")
    return goods


@transaction.atomic
def goods_delete(*, actor, application_id, goods_ids: list) -> int:
    """删除 the checked items; the remaining ones are renumbered 1..n."""
    app = _locked(actor, application_id)
    _ensure_editable(app)
    goods_ids = [parse_id(g) for g in goods_ids]
    found = list(app.goods.filter(pk__in=goods_ids).values_list("pk", flat=True))
    if len(found) != len(set(goods_ids)):
        raise Http404
    app.goods.filter(pk__in=found).delete()
    _mirror_drug_name(app)
    audit.record(app, actor, "goods_delete", f"{len(found)}")
    remaining = list(app.goods.order_by("seq"))
    for new_seq, g in enumerate(remaining, start=1):
        if g.seq != new_seq:
            Goods.objects.filter(pk=g.pk).update(seq=new_seq)
    return len(found)


@transaction.atomic
def attachment_upload(*, actor, application_id, type: str, filename: str, data: bytes):
    """上传: one PDF into an empty slot of a saved, editable application."""
    app = _locked(actor, application_id)
    _ensure_editable(app)
    slots = attachment_rules.slot_types(app.direction, app.purpose, app.is_agent)
    if type not in slots:
        raise ValidationFailed(
            msg_invalid(), [FieldError("type", _("该申请没有此附件类型：%(t)s。") % {"t": type})]
        )
    if app.attachments.filter(type=type).exists():
        raise NotAllowed(_("该附件已上传；如需更换，请先删除原文件。"))
    check_pdf(data)
    stored = storage.store_bytes(data)
    try:
        attachment = Attachment.objects.create(
            application=app, type=type, original_name=storage.safe_download_name(filename),
            storage_name=stored.name, size=stored.size, sha256=stored.sha256, uploaded_by=actor,
        )
        audit.record(app, actor, "attachment_upload", f"{type}: {attachment.original_name}")
        return attachment
    except Exception:
        storage.delete_stored(stored.name)
        raise


@transaction.atomic
def attachment_delete(*, actor, application_id, type: str) -> None:
    app = _locked(actor, application_id)
    _ensure_editable(app)
    attachment = app.attachments.filter(type=type).first()
    if attachment is None:
        raise Http404
    name = attachment.storage_name
    audit.record(app, actor, "attachment_delete", f"{type}: {attachment.original_name}")
    attachment.delete()
    transaction.on_commit(lambda: storage.delete_stored(name))


def submission_problems(app: Application) -> list[FieldError]:
    """Everything that stops 申报, all at once."""
    errors = ErrorCollector()
    goods = _goods_dicts(app)
    try:
        _clean_or_raise(
            _header_values(app), direction=app.direction, enterprise=app.enterprise, goods=goods
        )
    except ValidationFailed as exc:
        errors.errors.extend(exc.errors)
    if not goods:
        errors.add("goods", _("请至少添加一项商品信息。"))
    elif len(goods) > rules.MAX_GOODS:
        errors.add("goods", _("商品最多只能添加4项。"))
    if app.purpose:
        present = set(app.attachments.values_list("type", flat=True))
        for field, message in attachment_rules.missing_attachments(
            app.direction, app.purpose, app.is_agent, present
        ):
            errors.add(field, message)
    return errors.errors


def application_submit(*, actor, application_id) -> Application:
    """申报: draft, withdrawn or correction_required → submitted, when everything is valid."""

    def guard(app):
        problems = submission_problems(app)
        if problems:
            raise ValidationFailed(_("申报未通过校验，请按提示修改后再申报。"), problems)

    return workflow.transition(
        application_id=application_id, action=Action.SUBMIT, actor=actor, guard=guard
    ).application


def application_withdraw(*, actor, application_id, reason: str = "") -> Application:
    """撤回: submitted or accepted → withdrawn."""
    return workflow.transition(
        application_id=application_id, action=Action.WITHDRAW, actor=actor, reason=reason
    ).application


@transaction.atomic
def application_copy(*, actor, application_id) -> Application:
    """复制: a new draft with the header and goods; no attachments, numbers or history."""
    source = Application.objects.visible_to(actor).filter(pk=parse_id(application_id)).first()
    if source is None:
        raise Http404
    ensure_can_apply(actor)
    copy = Application(
        direction=source.direction, enterprise=source.enterprise,
        applicant_uscc=source.applicant_uscc, applicant_name=source.applicant_name,
        created_by=actor, status=Status.DRAFT,
        application_no=new_application_no(source.direction, timezone.localdate()),
    )
    for name in HEADER_FIELDS + DERIVED_FIELDS:
        setattr(copy, name, getattr(source, name))
    copy.approval_department_id = source.approval_department_id
    copy.drug_name = source.drug_name
    copy.save()
    Goods.objects.bulk_create(
        [
            Goods(application=copy, seq=g.seq, **{f: getattr(g, f) for f in GOODS_FIELDS})
            for g in source.goods.order_by("seq")
        ]
    )
    workflow.record_creation(copy, actor, reason=_("复制自 %(no)s") % {"no": source.application_no})
    audit.record(copy, actor, "copy", source.application_no)
    return copy


@transaction.atomic
def attachment_open(*, actor, application_id, type: str):
    """Open an attachment for download, recording who downloaded it."""
    app = own_application(actor, application_id)
    attachment = app.attachments.filter(type=type).first()
    if attachment is None:
        raise Http404
    audit.record(app, actor, "attachment_download", f"{type}: {attachment.original_name}")
    return attachment, storage.open_stored(attachment.storage_name)


@transaction.atomic
def application_form_render(*, actor, application_id) -> tuple[Application, bytes]:
    """打印申请表: render the saved application as the printable form, recording the print."""
    from permits.printing import application_form_pdf
    app = own_application(actor, application_id, detail=True)
    audit.record(app, actor, "print_application_form")
    return app, application_form_pdf(app)
