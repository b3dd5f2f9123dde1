"""The application page (进口 / 出口准许证申请): what its template shows, from the record or from
what the user typed, and the page rendered from it."""

from config.pages.rendering import page_body, render_page
from permits import presenters
from permits.timing.clock import clock_for
from permits.web import fields as forms
from permits.web import parts
from permits.web.goods import goods_form_context
from permits.web.parts import FORM_TITLES, get_app
from permits.workflow.states import status_label

TEMPLATE = "permits/application_form.html"


def render_form(request, *, direction, app=None, status=200, **shown):
    """The application page: header, goods, history, and any problems to show."""
    context, title = form_context(request, direction=direction, app=app, **shown)
    return render_page(request, TEMPLATE, context, title=title, status=status)


def form_context(
    request,
    *,
    direction,
    app=None,
    values=None,
    errors=(),
    stale=False,
    open_dialog="",
    notice="",
    refusal=None,
    form_key="",
    key_confirm=None,
):
    """The template context of the application page and its title."""
    editable = parts.is_editable(app)
    if values is None:
        values = (
            forms.header_values_from_app(app)
            if app is not None
            else forms.header_values_for_new(request.user, direction)
        )
    prefix = parts.prefix_for(direction, app, form_key)
    system = forms.system_values(direction, app=app, user=request.user, values=values)
    fields = forms.build_fields(
        forms.header_specs(direction),
        direction=direction,
        prefix=prefix,
        values=values,
        system=system,
        errors=errors,
        editable=editable,
        flags=parts.correction_flags(app)["fields"],
    )
    context = {
        "direction": direction,
        "app": app,
        "prefix": prefix,
        "fields": fields,
        "editable": editable,
        "form_title": FORM_TITLES[direction],
        "refusal": refusal,
        "urls": parts.urls_for(direction, app),
        "summary": forms.error_summary(errors, fields, labels_extra=parts.extra_labels(app)),
        "stale": stale,
        "notice": notice,
        "open_dialog": open_dialog,
        "goods": parts.goods_section(app, prefix=prefix, direction=direction),
        "history": parts.history_rows(app) if app is not None else [],
        "correction_opinion": parts.correction_opinion(app),
        "status_label": status_label(app.status) if app is not None else "",
        "unsaved_label": forms.unsaved_label(),
        "clock": clock_for(app) if app is not None else None,
        "write_off": presenters.write_off_out(app) if app is not None else None,
        "form_key": form_key if app is None and prefix != direction else "",
        "next_form_key": parts.new_form_key(),
        "key_confirm": key_confirm,
    }
    if open_dialog == "goods" and app is not None:
        context["goods_form"] = goods_form_context(request, app)
    title = app.application_no if app is not None else str(FORM_TITLES[direction])
    return context, title


def detail_body(request, pk, stand_ins: dict) -> tuple[str, str]:
    """The page fragment of the saved application as opened (no problems to show), with
    `stand_ins` in the context, and its title."""
    app = get_app(request, pk, detail=True)
    context, title = form_context(request, direction=app.direction, app=app)
    return page_body(request, TEMPLATE, context | stand_ins, title=title), title
