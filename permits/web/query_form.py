"""The 查询 filter form (empty = all of the enterprise's applications)."""

import hashlib

from django import forms
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.inputs import validate_date_range
from permits.models import Direction
from permits.workflow.states import Status
from reference import index
from reference import selectors as ref

FILTERS_TEMPLATE = "permits/partials/_query_filters.html"
KEPT_SECONDS = 600

FILTERS = (
    "application_no",
    "permit_no",
    "direction",
    "status",
    "drug_name",
    "approval_department",
    "created_from",
    "created_to",
    "submitted_from",
    "submitted_to",
    "written_off",
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def _date(label):
    return forms.DateField(
        label=label, required=False, widget=DateInput, validators=[validate_date_range]
    )


class QueryForm(forms.Form):
    """The filter form; left empty it means all of the enterprise's applications."""

    application_no = forms.CharField(label=gettext_lazy("申请单号"), required=False, max_length=20)
    permit_no = forms.CharField(label=gettext_lazy("证书编号"), required=False, max_length=20)
    direction = forms.ChoiceField(label=gettext_lazy("进出口"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("状态"), required=False)
    drug_name = forms.CharField(label=gettext_lazy("药物名称"), required=False, max_length=200)
    approval_department = forms.ChoiceField(label=gettext_lazy("审批部门"), required=False)
    created_from = _date(gettext_lazy("创建日期"))
    created_to = _date(gettext_lazy("至"))
    submitted_from = _date(gettext_lazy("申报日期"))
    submitted_to = _date(gettext_lazy("至"))
    written_off = forms.TypedChoiceField(
        label=gettext_lazy("核销状态"),
        required=False,
        choices=(
            ("", gettext_lazy("全部")),
            ("true", gettext_lazy("已核销")),
            ("false", gettext_lazy("未核销")),
        ),
        coerce=lambda value: value == "true",
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="query-%s", **kwargs)
        everything = [("", _("全部"))]
        self.fields["direction"].choices = everything + list(Direction.choices)
        self.fields["status"].choices = everything + list(Status.choices)
        self.fields["approval_department"].choices = everything + [
            (d["code"], display_name(d)) for d in ref.lookup("departments", "", ref.MAX_LIMIT)
        ]

    def clean(self):
        data = super().clean()
        for start, end in (("created_from", "created_to"), ("submitted_from", "submitted_to")):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("结束日期不能早于开始日期。"))
        return data

    def filters(self) -> dict:
        """The valid filters, as application_query takes them."""
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in FILTERS if data.get(name) not in (None, "")}

    def mark_errors(self) -> None:
        """Tie each error to its input (aria-invalid, aria-describedby)."""
        for name, errors in self.errors.items():
            if name in self.fields:
                ids = " ".join(f"{self[name].auto_id}_error{i}" for i in range(1, len(errors) + 1))
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": ids}
                )


def display_name(item: dict) -> str:
    english = (get_language() or "").startswith("en")
    return (item.get("name_en") if english else None) or item["name"]


def filters_html(form: QueryForm, page_size: int) -> str:
    """The filter form as drawn (partials/_query_filters.html), kept in the process's
    "pages" cache: it shows nothing but the values given (and their problems, judged on
    today's date), its choices (reference data) and the words of the language, so the
    drawing of its eleven fields is done once for each of those. Call after is_valid()
    (and mark_errors() where invalid), as the page would render it."""
    data = form.data
    values = tuple(
        sorted(
            (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else data[name])
            for name in data
            if name in form.fields
        )
    )
    seen = (get_language(), timezone.localdate(), index.current_version(), page_size, values)
    key = "query-filters:" + hashlib.sha256(repr(seen).encode()).hexdigest()
    bodies = caches["pages"]
    html = bodies.get(key)
    if html is None:
        html = render_to_string(FILTERS_TEMPLATE, {"form": form, "page_size": page_size})
        bodies.set(key, html, KEPT_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine
