"""What the approver pages post and filter: the queue's filter form (查询's, with 企业 and the
order, without 审批部门: an approver's department is fixed) and the decision forms turned into
the arguments of review.services. Parsing only; the services check every rule."""

from datetime import date

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import FieldError, ValidationFailed
from core.inputs import date_problem
from permits.corrections import GOODS_NAMES, GOODS_PREFIX, flaggable_fields
from permits.fields import DIFF, condition_met, header_fields
from permits.rules.attachments import slots_for
from permits.web.query_form import QueryForm
from review.selectors import ORDERS, QUEUES
from review.web.parts import field_label

ORDER_CHOICES = (("newest", gettext_lazy("最新申报")), ("due", gettext_lazy("最紧急")))
MSG_BAD_DATE = gettext_lazy("请输入有效的日期（年-月-日）。")


class QueueForm(QueryForm):
    """The filters of 查询 plus 企业 (any part of the name, or a USCC prefix) and the order;
    状态 only where the queue holds more than one status."""

    enterprise = forms.CharField(label=gettext_lazy("企业"), required=False, max_length=200)
    order = forms.ChoiceField(label=gettext_lazy("排序"), required=False, choices=ORDER_CHOICES)

    def __init__(self, *args, queue: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"rq-{queue}-%s"  # one queue per tab: ids unique across tabs
        del self.fields["approval_department"]
        statuses = QUEUES[queue]
        if len(statuses) > 1:
            choices = self.fields["status"].choices
            self.fields["status"].choices = [choices[0]] + [
                (value, label) for value, label in choices if value in statuses
            ]
        else:
            del self.fields["status"]
        self.order_fields(["application_no", "permit_no", "enterprise", "direction", "status"])

    def filters(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        found = super().filters()
        if data.get("enterprise", "").strip():
            found["enterprise"] = data["enterprise"].strip()
        return found

    def ordering(self) -> str:
        return getattr(self, "cleaned_data", {}).get("order") or ORDERS[0]


# ---- decisions ----


def reason_from(post) -> dict:
    return {"reason": post.get("reason", "")}


def _date(post, name: str, errors: list) -> date | None:
    text = post.get(name, "").strip()
    if not text:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        errors.append(FieldError(name, str(MSG_BAD_DATE)))
        return None
    problem = date_problem(value)
    if problem:
        errors.append(FieldError(name, problem))
        return None
    return value


def approve_from(post) -> dict:
    """发证日期 and 有效期至 as dates (empty: filled by rule); a date that is no date is
    refused here, as the API's schema refuses it."""
    errors: list[FieldError] = []
    values = {"issue_date": _date(post, "issue_date", errors)}
    values["valid_until"] = _date(post, "valid_until", errors)
    if errors:
        raise ValidationFailed(_("发证日期或有效期有误。"), errors)
    return values


def _applies(spec, app) -> bool:
    """A conditional field (邮寄地址, 委托人…) only where its condition holds, as on the page."""
    if not spec.required_if:
        return True
    name = spec.required_if.split("=", 1)[0]
    return condition_met(spec.required_if, {name: getattr(app, name)})


def correction_rows(app) -> dict:
    """The rows of the 补正材料 form: one per attachment slot of this application and one per
    field an item may name (header fields in the table's order, then each goods item's);
    conditional fields whose condition does not hold are left out, as on the page."""
    allowed = flaggable_fields(app)
    fields = [
        f.name
        for f in header_fields(app.direction, where=DIFF)
        if f.name in allowed and _applies(f, app)
    ]
    for seq in sorted(g.seq for g in app.goods.all()):
        names = (f"{GOODS_PREFIX}{seq}.{n}" for n in GOODS_NAMES)
        fields += [n for n in names if n in allowed]
    return {
        "attachments": [
            {"key": s.type, "label": str(s.name), "name": f"attachment:{s.type}"}
            for s in slots_for(app.direction, app.purpose, app.is_agent)
        ],
        "fields": [
            {"key": n, "label": field_label(app.direction, n), "name": f"field:{n}"} for n in fields
        ],
    }


def correction_from(post, rows: dict) -> dict:
    """The overall opinion and an item for each row whose opinion is filled in (a filled
    opinion flags that attachment or field)."""
    items = {"attachments": [], "fields": []}
    for kind, key in (("attachments", "type"), ("fields", "field")):
        for row in rows[kind]:
            opinion = post.get(row["name"], "").strip()
            if opinion:
                items[kind].append({key: row["key"], "opinion": opinion})
    return {"opinion": post.get("opinion", ""), **items}


def correction_errors(errors, sent: dict, rows: dict) -> tuple[dict, list]:
    """The service's errors (attachments.{i}.…, fields.{i}.…, opinion) by the form's input
    names; what concerns no input is returned apart."""
    by_key = {
        kind: {row["key"]: row["name"] for row in rows[kind]} for kind in ("attachments", "fields")
    }
    placed: dict[str, list[str]] = {}
    other = []
    for e in errors:
        parts = e.field.split(".")
        name = "opinion" if e.field == "opinion" else ""
        if len(parts) == 3 and parts[0] in by_key and parts[1].isdigit():
            kind, index = parts[0], int(parts[1])
            if index < len(sent[kind]):
                item = sent[kind][index]
                name = by_key[kind].get(item.get("type") or item.get("field"), "")
        if name:
            placed.setdefault(name, []).append(e.message)
        else:
            other.append(e.message)
    return placed, other


def posted_values(post, action: str) -> dict:
    """What the user typed into the form of `action`, to show it again after a refusal."""
    if action == "request_correction":
        return {k: v for k, v in post.items() if k == "opinion" or ":" in k}
    if action == "approve":
        return {k: post.get(k, "") for k in ("issue_date", "valid_until")}
    return {"reason": post.get("reason", "")}
