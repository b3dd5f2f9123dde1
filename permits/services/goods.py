"""商品信息: the goods items of an application (1 to 4), written by its applicant."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import FieldError, NotFound, ValidationFailed
from permits import audit
from permits.access import parse_id
from permits.fields import GOODS_FIELDS, GOODS_LOCKED
from permits.models import Application, Goods
from permits.rules.goods import MAX_GOODS, biological_port_problems, clean_goods, derived
from permits.rules.submission import goods_values, msg_invalid
from permits.services.common import ensure_editable, goods_of, locked_own, touch


def _clean_goods_or_raise(app: Application, data: dict, first: dict | None) -> dict:
    values = {name: data.get(name) for name in GOODS_FIELDS}
    cleaned, errors = clean_goods(values, first=first)
    if not errors.errors:
        for field, message in biological_port_problems(
            direction=app.direction, ports=[app.port_1, app.port_2], goods=[cleaned]
        ):
            port = _("进口口岸1") if field == "port_1" else _("进口口岸2")
            hint = _("（请先修改%(port)s）") % {"port": port}
            errors.add("drug_name", f"{message}{hint}")
    errors.raise_if_any(msg_invalid())
    return {**cleaned, **derived(cleaned.get("drug_name", ""), cleaned.get("drug_name_en", ""))}


def _touch_mirrored(app: Application, items: list[Goods]) -> None:
    """touch(), with Application.drug_name following the goods' drug: the first of `items`
    (the goods in order; all items share the first one's, GOODS_LOCKED), empty without goods.
    查询 filters by it from the application's index."""
    touch(app, drug_name=items[0].drug_name if items else "")


@transaction.atomic
def goods_add(*, actor, application_id, data: dict) -> Goods:
    """Add an item (at most four); after the first, the locked fields come from the first."""
    app = locked_own(actor, application_id)
    ensure_editable(app)
    items = goods_of(app)  # at most MAX_GOODS rows: read once
    if len(items) >= MAX_GOODS:
        raise ValidationFailed(msg_invalid(), [FieldError("goods", _("商品最多只能添加4项。"))])
    first = goods_values(items[0]) if items else None
    cleaned = _clean_goods_or_raise(app, data, first)
    last = items[-1].seq if items else 0
    goods = Goods.objects.create(application=app, seq=last + 1, **cleaned)
    _touch_mirrored(app, items or [goods])
    audit.record(app, actor, "goods_add", f"{goods.seq}. {goods.drug_name}")
    return goods


@transaction.atomic
def goods_update(*, actor, application_id, goods_id, data: dict) -> Goods:
    app = locked_own(actor, application_id)
    ensure_editable(app)
    items = goods_of(app)  # at most MAX_GOODS rows: read once
    goods = next((g for g in items if g.pk == parse_id(goods_id)), None)
    if goods is None:
        raise NotFound()
    is_first = items[0].pk == goods.pk
    if is_first and len(items) > 1:
        # The first item's locked fields are shared by the others: they stay as they are.
        data = {**data, **{f: getattr(goods, f) for f in GOODS_LOCKED}}
        cleaned = _clean_goods_or_raise(app, data, None)
    else:
        cleaned = _clean_goods_or_raise(app, data, None if is_first else goods_values(items[0]))
    for name, value in cleaned.items():
        setattr(goods, name, value)
    goods.save()
    _touch_mirrored(app, items)
    audit.record(app, actor, "goods_update", f"{goods.seq}. {goods.drug_name}")
    return goods


@transaction.atomic
def goods_delete(*, actor, application_id, goods_ids: list) -> int:
    """删除 the checked items; the remaining ones are renumbered 1..n."""
    app = locked_own(actor, application_id)
    ensure_editable(app)
    goods_ids = [parse_id(g) for g in goods_ids]
    found = list(app.goods.filter(pk__in=goods_ids).values_list("pk", flat=True))
    if len(found) != len(set(goods_ids)):
        raise NotFound()
    app.goods.filter(pk__in=found).delete()
    remaining = goods_of(app)
    _touch_mirrored(app, remaining)
    audit.record(app, actor, "goods_delete", f"{len(found)}")
    for new_seq, g in enumerate(remaining, start=1):
        if g.seq != new_seq:
            Goods.objects.filter(pk=g.pk).update(seq=new_seq)
    return len(found)
