"""Rules of goods items (domain.md, Goods) and the biological-product port rule."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ErrorCollector
from permits.fields import GOODS_LOCKED, GOODS_REQUIRED
from permits.rules.common import blank, check_required, check_text, resolve, stripped
from reference import selectors as ref
from reference.substances import recognise

MAX_GOODS = 4
BIOLOGICAL_PORT_NAMES = gettext_lazy("北京、上海、广州")
_HS = re.compile(r"^\d{10}$")


def parse_quantity(value) -> Decimal | None:
    try:
        qty = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return qty if qty.is_finite() else None


def clean_goods(data: dict, *, first: dict | None) -> tuple[dict, ErrorCollector]:
    """Check one goods item. `first` is the first item's values when this is not the first:
    its locked fields are copied over whatever was sent."""
    errors = ErrorCollector()
    out = stripped(data)
    if first is not None:
        for name in GOODS_LOCKED:
            out[name] = first[name]
    check_required(out, GOODS_REQUIRED, errors)
    check_text(out, errors)

    hs = out.get("hs_code")
    if hs and first is None and not errors.has("hs_code"):
        if not _HS.match(hs):
            errors.add("hs_code", _("商品编码应为10位数字。"))
        elif resolve("hs-codes", hs) is None:
            errors.add("hs_code", _("请从商品编码列表中选择。"))
    if out.get("dosage_form") and first is None:
        form = resolve("dosage-forms", out["dosage_form"])
        if form is None:
            errors.add("dosage_form", _("请从剂型列表中选择。"))
        else:
            out["dosage_form"] = form["name"]
            out["dosage_form_en"] = out.get("dosage_form_en") or form["name_en"]
    if out.get("unit"):
        unit = resolve("units", out["unit"])
        if unit is None:
            errors.add("unit", _("请从单位列表中选择。"))
        else:
            out["unit"] = unit["name"]
    if out.get("origin_country"):
        country = resolve("countries", out["origin_country"])
        if country is None:
            errors.add("origin_country", _("请从列表中选择生产国/地区。"))
        else:
            out["origin_country"] = country["code"]
    if not blank(out.get("quantity")):
        qty = parse_quantity(out["quantity"])
        if qty is None:
            errors.add("quantity", _("数量应为数字。"))
        elif qty <= 0:
            errors.add("quantity", _("数量必须大于0。"))
        elif qty.as_tuple().exponent < -3:
            errors.add("quantity", _("数量最多保留3位小数。"))
        elif qty >= Decimal("1e12"):
            errors.add("quantity", _("数量过大。"))
        else:
            out["quantity"] = qty
    return out, errors


def is_biological(drug_name: str, drug_name_en: str = "") -> bool:
    """Whether the catalogue substance recognised in a drug's names is flagged `biological`
    (重组人促红素注射液 is; a name in which no substance is recognised is not)."""
    found = recognise(drug_name, drug_name_en)
    return found is not None and found.biological


def derived(drug_name: str, drug_name_en: str = "") -> dict:
    """The goods' read-only fields from its names: substance, category, biological."""
    found = recognise(drug_name, drug_name_en)
    if found is None:
        return {"substance": "", "category": "", "biological": False}
    return {"substance": found.name, "category": found.category, "biological": found.biological}


def biological_port_problems(*, direction: str, ports: list[str], goods: list[dict]):
    """[(field, message)]: a biological product enters only at 北京, 上海 or 广州."""
    if direction != "import" or not any(
        is_biological(g.get("drug_name", ""), g.get("drug_name_en", "")) for g in goods
    ):
        return []
    problems = []
    for n, code in enumerate(ports, start=1):
        port = ref.import_port(code) if code else None
        if port is not None and not port["biological_allowed"]:
            problems.append(
                (
                    f"port_{n}",
                    _("生物制品只能从%(ports)s口岸进口，“%(port)s”不可选。")
                    % {"ports": BIOLOGICAL_PORT_NAMES, "port": port["name"]},
                )
            )
    return problems
