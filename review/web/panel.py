"""The decision panel of the review page (审批操作): one disclosure per action the status allows
(review_out's allowed_actions), each a form whose inputs the templates render as they are,
with what was typed and the problems after a refusal. Rendering only: the services decide."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from permits.rules.validity import latest_valid_until
from review.web.forms import correction_errors, correction_from, correction_rows

#: The approver's actions in the order the panel offers them (going ahead, then asking for
#: corrections, then refusing), with their words (a context of their own: in English the
#: action is not its status, e.g. 审批通过 Approve / Approved).
LABELS = {
    "accept": pgettext_lazy("decision", "受理"),
    "approve": pgettext_lazy("decision", "审批通过"),
    "request_correction": pgettext_lazy("decision", "补正材料"),
    "not_accept": pgettext_lazy("decision", "不予受理"),
    "reject": pgettext_lazy("decision", "审批不通过"),
    "void": pgettext_lazy("decision", "作废"),
}
BUTTONS = {
    "accept": gettext_lazy("确认受理"),
    "not_accept": gettext_lazy("确认不予受理"),
    "request_correction": gettext_lazy("发出补正通知"),
    "approve": gettext_lazy("确认审批通过"),
    "reject": gettext_lazy("确认审批不通过"),
    "void": gettext_lazy("确认作废"),
}
REASON_LABELS = {
    "not_accept": gettext_lazy("不予受理理由"),
    "reject": gettext_lazy("审批不通过理由"),
    "void": gettext_lazy("作废理由"),
}
INTROS = {
    "accept": gettext_lazy("受理后生成受理通知书，申请进入审批中。"),
    "not_accept": gettext_lazy("理由将写入不予受理通知书。"),
    "request_correction": gettext_lazy(
        "一次性告知需要补正的全部内容：填写了意见的附件或字段即标记为需补正，意见写入补正材料通知书。"
    ),
    "approve": gettext_lazy("审批通过后系统分配证书编号，生成准予许可决定书和准许证。"),
    "reject": gettext_lazy("理由将写入不予许可决定书。"),
    "void": gettext_lazy("作废后准许证不能再使用；已核销的准许证不能作废。"),
}
RULES = {
    "import": gettext_lazy(
        "进口准许证有效期为一年：自发证日期起至次年同日的前一天。有效期只能缩短，不能延长。"
    ),
    "export": gettext_lazy(
        "出口准许证有效期最长三个月，且不超过发证当年的12月31日。有效期只能缩短，不能延长。"
    ),
}


def _input(prefix, action, name, label, values, placed, **extra) -> dict:
    fid = f"{prefix}-{action}-{name.replace(':', '-').replace('.', '-').replace('_', '-')}"
    messages = placed.get(name, [])
    return {
        "id": fid,
        "name": name,
        "label": label,
        "value": values.get(name, extra.pop("default", "")),
        "messages": messages,
        "describedby": " ".join(f"{fid}-error{i}" for i in range(1, len(messages) + 1)),
        **extra,
    }


def _reason_form(form, prefix, action, values, placed) -> None:
    form["reason"] = _input(prefix, action, "reason", REASON_LABELS[action], values, placed)


def _approve_form(form, prefix, app, values, placed) -> None:
    today = timezone.localdate()
    latest = latest_valid_until(app.direction, today)
    form["issue_date"] = _input(
        prefix, "approve", "issue_date", _("发证日期"), values, placed, default=today.isoformat()
    )
    until_label = (
        _("进口期限（有效期至）") if app.direction == "import" else _("出口期限（有效期至）")
    )
    form["valid_until"] = _input(
        prefix, "approve", "valid_until", until_label, values, placed, default=latest.isoformat()
    )
    form["rule"] = RULES[app.direction]
    form["latest"] = _("以今天（%(today)s）为发证日期，有效期最长至 %(latest)s。") % {
        "today": today.isoformat(),
        "latest": latest.isoformat(),
    }


def _correction_form(form, prefix, app, values, placed) -> None:
    form["opinion"] = _input(prefix, "request_correction", "opinion", _("总体意见"), values, placed)
    groups = {"attachments": [], "header": [], "goods": []}
    for kind in ("attachments", "fields"):
        for row in form["rows"][kind]:
            field = _input(prefix, "rc", row["name"], row["label"], values, placed)
            if kind == "attachments":
                groups["attachments"].append(field)
            else:
                groups["goods" if row["key"].startswith("goods.") else "header"].append(field)
    titles = (("attachments", _("附件")), ("header", _("申请单信息")), ("goods", _("商品信息")))
    form["groups"] = [
        {
            "key": key,
            "title": title,
            "rows": groups[key],
            "open": key == "attachments" or any(r["value"] or r["messages"] for r in groups[key]),
        }
        for key, title in titles
        if groups[key]
    ]


def _placed(action, errors, values, rows) -> tuple[dict, list]:
    """The refusal's messages by input name, and those that concern no input."""
    if action == "request_correction":
        return correction_errors(errors, correction_from(values, rows), rows)
    inputs = ("issue_date", "valid_until") if action == "approve" else ("reason",)
    placed: dict[str, list[str]] = {}
    other = []
    for e in errors:
        if e.field in inputs:
            placed.setdefault(e.field, []).append(e.message)
        else:
            other.append(e.message)
    return placed, other


def decision_panel(app, allowed, *, prefix, failed="", values=None, errors=(), problem="") -> dict:
    """Context of partials/_decisions.html: the forms of the allowed actions; after a refusal
    of `failed`, its form open with what was typed (`values`), the messages next to their
    inputs and the refusal's words (`problem`) at its top, or above the forms when the action
    is no longer offered (the status changed meanwhile)."""
    forms = []
    for action in (a for a in LABELS if a in allowed):
        mine = action == failed
        here = (values or {}) if mine else {}
        rows = correction_rows(app) if action == "request_correction" else None
        placed, other = _placed(action, errors, here, rows) if mine else ({}, [])
        form = {
            "action": action,
            "label": LABELS[action],
            "button": BUTTONS[action],
            "intro": INTROS[action],
            "id": f"{prefix}-act-{action}",
            "url": reverse(f"review:{action}", args=[app.id]),
            "open": mine,
            "refused": mine,
            "fix_fields": bool(placed),
            "problem": problem if mine else "",
            "other_messages": [m for m in other if m != problem],
            "rows": rows,
        }
        if action in REASON_LABELS:
            _reason_form(form, prefix, action, here, placed)
        elif action == "approve":
            _approve_form(form, prefix, app, here, placed)
        elif action == "request_correction":
            _correction_form(form, prefix, app, here, placed)
        forms.append(form)
    offered = any(f["action"] == failed for f in forms)
    return {"forms": forms, "problem": problem if failed and not offered else ""}
