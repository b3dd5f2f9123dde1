"""Pieces shared by the approver pages: who may open them, the queues' titles, the statutory
clock in words and colour, labels and values of fields, the history with its notices.
Parsing and rendering only; review.services and review.selectors decide."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from permits import fields as table
from permits.corrections import GOODS_PREFIX
from permits.models import NoticeState
from permits.presenters import history_out
from permits.timing.clock import DECISION_DAYS, clock_for
from permits.workflow.states import ACTION_LABELS, Role, Status, role_of, status_label
from reference import selectors as ref

#: The queues of review.selectors.QUEUES as the menu and the page name them.
QUEUE_TITLES = {
    "pending": gettext_lazy("待受理"),
    "in_review": gettext_lazy("审批中"),
    "correcting": gettext_lazy("补正中"),
    "done": gettext_lazy("已办结"),
    "all": gettext_lazy("全部"),
}
#: URL names of the queues (review/web/urls.py).
QUEUE_URLS = {name: f"review:{name}" for name in QUEUE_TITLES}

# The clock's level as a colour; the words always say the same (colour is never alone).
CLOCK_TONES = {
    "overdue": "red",
    "soon": "amber",
    "ok": "green",
    "paused": "grey",
    "stopped": "grey",
}


def approver_view(view):
    """Signed-in approvers only; anyone else gets 404 (they learn nothing). Which
    applications an approver sees is decided by review.selectors (their department's)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if role_of(request.user) is not Role.APPROVER:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def prefix_for(app) -> str:
    """Ids are unique across the workspace's tabs: each review page has its own prefix."""
    return f"r{app.id.hex[:8]}"


def review_url(app_id) -> str:
    return reverse("review:application", args=[app_id])


# ---- the clock (permits.timing.clock) in words and colour ----


def _clock_words(app, clock) -> tuple[str, str]:
    """(level, words): the state of the statutory clock as a person reads it."""
    if clock.paused:
        return "paused", _("补正中（暂停）")
    if not clock.running:
        if app.status == Status.WITHDRAWN:
            return "stopped", _("已撤回（停止计时）")
        if clock.overdue:
            late = clock.working_days_elapsed - DECISION_DAYS
            words = ngettext(
                "已办结（超期 %(n)s 个工作日）", "已办结（超期 %(n)s 个工作日）", late
            ) % {"n": late}
            return "stopped", words
        return "stopped", _("已办结")
    left = clock.days_left
    if clock.level == "overdue":
        return "overdue", ngettext("已超期 %(n)s 个工作日", "已超期 %(n)s 个工作日", -left) % {
            "n": -left
        }
    if clock.level == "soon":
        if left == 0:
            return "soon", _("今日到期")
        return "soon", ngettext("%(n)s 个工作日内到期", "%(n)s 个工作日内到期", left) % {"n": left}
    return "ok", ngettext("剩余 %(n)s 个工作日", "剩余 %(n)s 个工作日", left) % {"n": left}


def clock_view(app) -> dict | None:
    """The clock of an application for the pages: its dates, its state in words and a tone
    (colour) for that state; None before the first 申报."""
    clock = clock_for(app)
    if clock is None:
        return None
    level, words = _clock_words(app, clock)
    return {
        "received_on": clock.received_on,
        "elapsed": clock.working_days_elapsed,
        "limit": DECISION_DAYS,
        "correction_due": clock.correction_due,
        "decision_due": clock.decision_due,
        "level": level,
        "tone": CLOCK_TONES[level],
        "words": words,
        "provisional": clock.provisional,
        "running": clock.running,
    }


# ---- fields: labels and values as the field table names them ----


def field_label(direction: str, name: str) -> str:
    """A header field's label, or a goods field's as 第N项商品：label (goods.{seq}.{name})."""
    if name.startswith(GOODS_PREFIX):
        _goods, seq, goods_name = name.split(".", 2)
        label = table.goods_field(goods_name).label(direction)
        return _("第%(n)s项商品：%(label)s") % {"n": seq, "label": label}
    return table.header_field(name, direction).label(direction)


def _spec(direction: str, name: str):
    if name.startswith(GOODS_PREFIX):
        return table.goods_field(name.split(".", 2)[2])
    return table.header_field(name, direction)


def field_value(direction: str, name: str, raw: str) -> str:
    """A stored value (as the correction snapshot holds it) as the pages show it: choices in
    words, picked codes by their names."""
    if raw in (None, ""):
        return ""
    spec = _spec(direction, name)
    if spec.choices:
        return str(dict(spec.choices).get(raw, raw))
    if spec.kind and spec.stored == "code":
        return ref.display(spec.kind, raw)
    return raw


# ---- history (办理记录) with the notice each change issued ----


def notice_url(app_id, notice_id) -> str:
    return reverse("review:notice", kwargs={"pk": app_id, "notice_id": notice_id})


def _notice_cell(app, notice) -> dict | None:
    """The notice a status change issued: a link once ready, else its state in words."""
    if notice is None:
        return None
    return {
        "number": notice.number,
        "state": notice.state,
        "state_label": notice.get_state_display(),
        "url": notice_url(app.id, notice.id) if notice.state == NoticeState.READY else "",
    }


def history_rows(app) -> list[dict]:
    """Rows of permits/partials/_history.html, each notice linked to the approver's view."""
    labels = {str(k): v for k, v in ACTION_LABELS.items()}
    labels["create"] = _("新建")
    rows = []
    for h, record in zip(history_out(app), app.history.all(), strict=True):
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
