"""商品信息: the goods dialog (新增 / 编辑 with 保存并新增 and 保存) and 删除 of the checked rows.

With htmx the dialog's content comes back as a fragment, and after a save the goods table
of the page comes along out-of-band; without JavaScript the dialog is a page of its own and
every post ends in a redirect (or the page again with its problems).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.pages.rendering import is_htmx, render_page
from core.errors import NotAllowed, ValidationFailed
from core.inputs import refuse_bad_texts
from permits import services
from permits.fields import GOODS_LOCKED
from permits.models import Goods
from permits.rules.goods import BIOLOGICAL_PORT_NAMES, MAX_GOODS
from permits.web import fields as forms
from permits.web import parts
from permits.web.parts import applicant_view, get_app
from reference.substances import recognise

PAGE = "permits/form_goods.html"
DIALOG = "permits/partials/_goods_dialog.html"
CLOSED = "permits/partials/_goods_closed.html"
SECTION = "permits/partials/_goods_table.html"
SUBSTANCE = "permits/partials/_substance.html"


def goods_form_context(
    request, app, *, goods=None, values=None, errors=(), notice="", copy_from=None
) -> dict:
    """The dialog's form. After the first item, the locked fields show the first item's values
    (grey) on every other item, and on the first one too while others exist."""
    items = list(app.goods.all())
    others = [g for g in items if goods is None or g.id != goods.id]
    locked = GOODS_LOCKED if others else ()
    locked_values = forms.goods_values_from_item(items[0]) if others else {}
    if values is None:
        source = goods or copy_from
        values = forms.goods_values_from_item(source) if source else forms.empty_goods_values()
    page_prefix = parts.prefix_for(app.direction, app)
    fields = forms.build_fields(
        forms.GOODS,
        direction=app.direction,
        prefix=f"{page_prefix}-g",
        values=values,
        system={},
        errors=errors,
        editable=parts.is_editable(app),
        locked=locked,
        locked_values=locked_values,
    )
    kwargs = {"pk": app.id}
    if goods is not None:
        action = reverse("permits:goods_edit", kwargs={**kwargs, "goods_id": goods.id})
    else:
        action = reverse("permits:goods_new", kwargs=kwargs)
    return {
        "app": app,
        "prefix": page_prefix,
        "fields": fields,
        "goods": goods,
        "seq": goods.seq if goods is not None else len(items) + 1,
        "action_url": action,
        "editable": parts.is_editable(app),
        "full": goods is None and len(items) >= MAX_GOODS,
        "max_goods": MAX_GOODS,
        "locked": bool(locked),
        "notice": notice,
        "summary": forms.error_summary(errors, fields, labels_extra={"goods": _("商品信息")}),
        "in_dialog": is_htmx(request),
        "urls": parts.urls_for(app.direction, app),
        "substance": substance_context(
            (locked_values or values).get("drug_name", ""),
            (locked_values or values).get("drug_name_en", ""),
        ),
        "last_slot": goods is None and len(items) + 1 >= MAX_GOODS,
    }


def substance_context(drug_name: str, drug_name_en: str) -> dict:
    """What the dialog says under the drug names: the catalogue substance recognised in them
    (with its category, and where a biological product may enter), or that none was."""
    return {
        "typed": bool((drug_name or "").strip() or (drug_name_en or "").strip()),
        "found": recognise(drug_name, drug_name_en),
        "ports": BIOLOGICAL_PORT_NAMES,
    }


@require_GET
@applicant_view
def goods_substance(request, pk):
    """The substance line of the dialog again, as the drug names are typed (htmx)."""
    get_app(request, pk)  # the applicant's own application, else 404
    context = substance_context(
        request.GET.get("drug_name", "")[:200], request.GET.get("drug_name_en", "")[:200]
    )
    return render(request, SUBSTANCE, {"s": context})


def _render(request, app, gf, status=200):
    if is_htmx(request):
        return render(request, DIALOG, {"gf": gf}, status=status)
    title = f"{app.application_no} {_('商品信息')}"
    return render_page(request, PAGE, {"gf": gf}, title=title, status=status)


def _find(app, goods_id):
    goods = next((g for g in app.goods.all() if g.id == goods_id), None)
    if goods is None:
        raise Http404
    return goods


@require_http_methods(["GET", "POST"])
@applicant_view
def goods_new(request, pk):
    app = get_app(request, pk, detail=True)
    if request.method == "POST":
        return _save(request, app, None)
    copy = request.GET.get("copy")
    source = next((g for g in app.goods.all() if str(g.id) == copy), None) if copy else None
    return _render(request, app, goods_form_context(request, app, copy_from=source))


@require_http_methods(["GET", "POST"])
@applicant_view
def goods_edit(request, pk, goods_id):
    app = get_app(request, pk, detail=True)
    goods = _find(app, goods_id)
    if request.method == "POST":
        return _save(request, app, goods)
    return _render(request, app, goods_form_context(request, app, goods=goods))


def _save(request, app, goods):
    values = forms.values_from_post(request.POST, forms.GOODS)
    data = forms.service_data(values, forms.GOODS)
    try:
        refuse_bad_texts(values)
        if goods is None:
            saved = services.goods_add(actor=request.user, application_id=app.id, data=data)
        else:
            saved = services.goods_update(
                actor=request.user, application_id=app.id, goods_id=goods.id, data=data
            )
    except (ValidationFailed, NotAllowed) as exc:
        notice = "" if exc.errors else exc.detail
        context = goods_form_context(
            request, app, goods=goods, values=values, errors=exc.errors, notice=notice
        )
        return _render(request, app, context, status=exc.status_code)

    # 保存并新增 never opens a 5th item: with four, it saves and closes like 保存.
    again = request.POST.get("action") == "save_new"
    again = again and Goods.objects.filter(application=app).count() < MAX_GOODS
    message = _("第%(n)s项商品已保存。") % {"n": saved.seq}
    if not is_htmx(request):
        messages.success(request, message)
        if again:
            url = reverse("permits:goods_new", kwargs={"pk": app.id})
            return redirect(f"{url}?copy={saved.id}")
        return redirect("permits:application", pk=app.id)
    app = get_app(request, app.id, detail=True)
    section = parts.goods_section(
        app,
        prefix=parts.prefix_for(app.direction, app),
        direction=app.direction,
        message=message,
        oob=True,
    )
    if again:  # 保存并新增: the dialog stays open with a copy of the saved item
        saved = _find(app, saved.id)
        gf = goods_form_context(request, app, copy_from=saved, notice=message)
        return render(request, DIALOG, {"gf": gf, "section": section})
    return render(request, CLOSED, {"section": section})


@require_POST
@applicant_view
def goods_delete(request, pk):
    """删除 the checked items (after 确定删除？ in the browser)."""
    app = get_app(request, pk)
    ids = request.POST.getlist("goods_ids")
    status, errors, message = 200, [], ""
    if not ids:
        status, errors = 422, [_("请先勾选要删除的商品。")]
    else:
        try:
            count = services.goods_delete(actor=request.user, application_id=app.id, goods_ids=ids)
            message = _("已删除%(n)s项商品。") % {"n": count}
        except NotAllowed as exc:
            status, errors = exc.status_code, [exc.detail]
    if not is_htmx(request):
        for text in errors:
            messages.error(request, text)
        if message:
            messages.success(request, message)
        return redirect("permits:application", pk=app.id)
    app = get_app(request, app.id, detail=True)
    section = parts.goods_section(
        app,
        prefix=parts.prefix_for(app.direction, app),
        direction=app.direction,
        message=message,
        errors=errors,
    )
    return render(request, SECTION, {"section": section}, status=status)
