"""Pieces shared by the application pages, the goods dialog and the attachments dialog: ids,
URLs, and the plain data their templates show. Parsing and rendering only; the services
decide."""

import re
import secrets

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from permits import presenters
from permits.access import require_applicant
from permits.corrections import open_items
from permits.fields import FORM, GOODS, goods_field
from permits.models import NoticeState
from permits.rules import attachments as slots
from permits.rules.goods import MAX_GOODS
from permits.selectors import own_application
from permits.workflow.states import ACTION_LABELS, EDITABLE, Status, status_label
from reference import selectors as ref

GOODS_COLUMNS = [f for f in GOODS if FORM in f.shown]
FORM_TITLES = {"import": gettext_lazy("进口准许证申请"), "export": gettext_lazy("出口准许证申请")}
# Statuses the approver set: a 4xx answer to a page still carries a page to show.
SWAP_STATUSES = (409, 413, 415, 422)


def applicant_view(view):
    """Signed-in enterprise users only; anyone else gets 404 (they learn nothing)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        require_applicant(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def get_app(request, pk, *, detail: bool = False):
    return own_application(request.user, pk, detail=detail)


FORM_KEY = re.compile(r"^[0-9a-f]{6}$")


def prefix_for(direction: str, app=None, form_key: str = "") -> str:
    """Ids are unique across tabs: each saved application has its own prefix; an unsaved
    form has the direction's, or its own when 新增 empties a tab while another tab may hold
    the direction's empty form (`form_key`, carried by the form)."""
    if app is not None:
        return f"a{app.id.hex[:8]}"
    return f"{direction}-{form_key}" if FORM_KEY.match(form_key or "") else direction


def new_form_key() -> str:
    return secrets.token_hex(3)


def is_editable(app) -> bool:
    return app is None or app.status in EDITABLE


def urls_for(direction: str, app=None) -> dict:
    new = reverse(f"permits:{direction}_new")
    if app is None:
        return {
            "new": new,
            "save": reverse(f"permits:{direction}_save"),
            "submit": reverse(f"permits:{direction}_submit"),
        }
    pk = {"pk": app.id}
    return {
        "new": new,
        "application": reverse("permits:application", kwargs=pk),
        "save": reverse("permits:save", kwargs=pk),
        "submit": reverse("permits:submit", kwargs=pk),
        "print": reverse("permits:print", kwargs=pk),
        "attachments": reverse("permits:attachments", kwargs=pk),
        "goods_new": reverse("permits:goods_new", kwargs=pk),
        "goods_delete": reverse("permits:goods_delete", kwargs=pk),
        "goods_substance": reverse("permits:goods_substance", kwargs=pk),
    }


# ---- goods (商品信息) ----


def goods_rows(app) -> list[dict]:
    flags = correction_flags(app)["fields"]
    rows = []
    for g in app.goods.all():
        row = presenters.goods_out(g)
        row["origin_country_name"] = ref.display("countries", g.origin_country)
        row["edit_url"] = reverse("permits:goods_edit", kwargs={"pk": app.id, "goods_id": g.id})
        shown = {
            **row,
            "origin_country": row["origin_country_name"],
            "unit": ref.display_name("units", g.unit),
            "dosage_form": ref.display_name("dosage-forms", g.dosage_form),
        }
        row["cells"] = [
            {
                "value": shown[f.name],
                "css": "mono" if f.name == "hs_code" else "num" if f.type == "decimal" else "",
            }
            for f in GOODS_COLUMNS
        ]
        prefix = f"goods.{g.seq}."
        row["flags"] = [
            {"label": goods_field(name[len(prefix) :]).label(app.direction), "opinion": opinion}
            for name, opinion in flags.items()
            if name.startswith(prefix)
        ]
        rows.append(row)
    return rows


def goods_section(
    app, *, prefix: str, direction: str, message: str = "", errors=(), oob: bool = False
) -> dict:
    """Context of partials/_goods_table.html (also sent out-of-band after a dialog save)."""
    rows = goods_rows(app) if app is not None else []
    columns = [{"name": f.name, "label": f.label(direction)} for f in GOODS_COLUMNS]
    return {
        "app": app,
        "prefix": prefix,
        "direction": direction,
        "rows": rows,
        "editable": is_editable(app),
        "full": len(rows) >= MAX_GOODS,
        "max_goods": MAX_GOODS,
        "urls": urls_for(direction, app),
        "columns": columns,
        "goods_message": message,
        "goods_errors": list(errors),
        "oob": oob,
        "drug_label": _("进口药物名称") if direction == "import" else _("出口药物名称"),
    }


# ---- attachments (附件) ----


def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size, 1) / 1024:.1f} KB"


def attachment_rows(app, errors: dict | None = None) -> list[dict]:
    errors = errors or {}
    rows = []
    for slot in presenters.attachment_slots(app):
        kwargs = {"pk": app.id, "type": slot["type"]}
        slot = {
            **slot,
            "id": f"{prefix_for(app.direction, app)}-att-{slot['type']}",
            "upload_url": reverse("permits:attachment_upload", kwargs=kwargs),
            "delete_url": reverse("permits:attachment_delete", kwargs=kwargs),
            "download_url": reverse("permits:attachment_download", kwargs=kwargs),
            "errors": errors.get(slot["type"], []),
        }
        if slot["file"]:
            slot["file"] = {**slot["file"], "size_text": file_size(slot["file"]["size"])}
        rows.append(slot)
    return rows


def correction_flags(app) -> dict:
    """While in 补正材料: what the approver flagged (fields, goods fields, attachments)."""
    if app is None:
        return {"attachments": {}, "fields": {}, "opinion": ""}
    return open_items(app)


def correction_opinion(app) -> str:
    """While in 补正材料: the approver's general opinion (the latest status change's reason)."""
    if app is None or app.status != Status.CORRECTION_REQUIRED:
        return ""
    history = list(app.history.all())
    return history[-1].reason if history else ""


# ---- history ----


def _notice_cell(app, notice) -> dict | None:
    """The notice a status change issued: a link once ready, else its state in words."""
    if notice is None:
        return None
    url = reverse("permits:notice", kwargs={"pk": app.id, "notice_id": notice.id})
    return {
        "number": notice.number,
        "state": notice.state,
        "state_label": notice.get_state_display(),
        "url": url if notice.state == NoticeState.READY else "",
    }


def history_rows(app) -> list[dict]:
    labels = {str(k): v for k, v in ACTION_LABELS.items()}
    labels["create"] = _("新建")
    rows = []
    for h, record in zip(presenters.history_out(app), app.history.all(), strict=True):
        rows.append(
            {
                **h,
                "action_label": str(labels.get(h["action"], h["action"])),
                "from_label": status_label(h["from_status"]) if h["from_status"] else "",
                "to_label": status_label(h["to_status"]),
                "notice": _notice_cell(app, getattr(record, "notice", None)),
            }
        )
    return rows


def extra_labels(app) -> dict:
    """Names for problems that are not header fields (in the summary of 申报)."""
    labels = {"goods": _("商品信息"), "version": _("版本")}
    for t, name in slots.NAMES.items():
        labels[f"attachments.{t}"] = str(name)
    return labels
