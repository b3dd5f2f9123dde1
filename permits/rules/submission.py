"""What 申报 checks: the header and goods as saved, the ports for biological products, and the
attachments this direction and purpose need. Run under the row lock by the transition."""

from django.utils.translation import gettext as _

from core.errors import ErrorCollector, FieldError, ValidationFailed
from permits.fields import GOODS_FIELDS, HEADER_EDITABLE
from permits.rules import attachments
from permits.rules.goods import MAX_GOODS, biological_port_problems
from permits.rules.header import clean_header


def msg_invalid() -> str:
    return _("申请单有误，请按提示修改。")


def header_values(app) -> dict:
    """The editable header fields as stored, in the shape the services take them."""
    values = {name: getattr(app, name) for name in HEADER_EDITABLE}
    values["approval_department"] = app.approval_department_id
    return values


def goods_values(goods) -> dict:
    return {name: getattr(goods, name) for name in GOODS_FIELDS}


def goods_dicts(app) -> list[dict]:
    return [goods_values(g) for g in app.goods.order_by("seq")]


def clean_header_or_raise(data: dict, *, direction: str, enterprise, goods: list[dict]) -> dict:
    """The cleaned header, or ValidationFailed listing every problem (ports included)."""
    cleaned, errors = clean_header(data, direction=direction, enterprise=enterprise)
    if not errors.errors:
        for field, message in biological_port_problems(
            direction=direction, ports=[cleaned.get("port_1"), cleaned.get("port_2")], goods=goods
        ):
            errors.add(field, message)
    errors.raise_if_any(msg_invalid())
    return cleaned


def submission_problems(app) -> list[FieldError]:
    """Everything that stops 申报, all at once."""
    errors = ErrorCollector()
    goods = goods_dicts(app)
    try:
        clean_header_or_raise(
            header_values(app), direction=app.direction, enterprise=app.enterprise, goods=goods
        )
    except ValidationFailed as exc:
        errors.errors.extend(exc.errors)
    if not goods:
        errors.add("goods", _("请至少添加一项商品信息。"))
    elif len(goods) > MAX_GOODS:
        errors.add("goods", _("商品最多只能添加4项。"))
    if app.purpose:
        present = set(app.attachments.values_list("type", flat=True))
        for field, message in attachments.missing_attachments(
            app.direction, app.purpose, app.is_agent, present
        ):
            errors.add(field, message)
    return errors.errors
