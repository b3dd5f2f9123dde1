"""The left menu of the workspace, by role (ui.md: Workspace)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str
    url_name: str
    icon: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


APPLICANT = [
    MenuItem("import", _("进口准许证申请"), "permits:import_new", "in"),
    MenuItem("export", _("出口准许证申请"), "permits:export_new", "out"),
    MenuItem("query", _("查询"), "permits:query", "search"),
]
APPROVER = [
    MenuItem("pending", _("待受理"), "review:pending", "inbox"),
    MenuItem("in_review", _("审批中"), "review:in_review", "clock"),
    MenuItem("correcting", _("补正中"), "review:correcting", "info"),
    MenuItem("done", _("已办结"), "review:done", "check"),
    MenuItem("all", _("全部"), "review:all", "list"),
]
CUSTOMS = [
    MenuItem("customs", _("核查核销"), "customs:check", "stamp"),
]


def menu_for(user) -> list[MenuItem]:
    if user.is_enterprise_user:
        return APPLICANT
    if user.is_approver:
        return APPROVER
    if user.is_customs:
        return CUSTOMS
    return []
