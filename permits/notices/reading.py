"""Reading notices: those of an application the user may see, and one notice's PDF."""

from django.db import transaction
from django.utils.translation import gettext_lazy

from core.errors import NotAllowed, NotFound
from documents.storage import open_stored
from permits import audit
from permits.access import parse_id
from permits.models import Application, Notice, NoticeState
from permits.workflow.states import Role, role_of

MSG_PENDING = gettext_lazy("生成中")
MSG_FAILED = gettext_lazy("通知书生成失败，系统将重新生成，请稍后再试。")


def _visible(user, application_id) -> Application:
    """Notices are read by the application's enterprise and its department's approvers;
    customs sees permits through its own pages only."""
    if role_of(user) not in (Role.APPLICANT, Role.APPROVER):
        raise NotFound()
    app = Application.objects.visible_to(user).filter(pk=parse_id(application_id)).first()
    if app is None:
        raise NotFound()
    return app


def notices_for(user, application_id) -> tuple[Application, list[Notice]]:
    """The notices of an application the user may see (NotFound otherwise), oldest first."""
    app = _visible(user, application_id)
    return app, list(app.notices.defer("snapshot").order_by("issued_at", "id"))


def notice_open(*, actor, notice_id):
    """A notice's PDF for download, if `actor` may see its application (NotFound for missing
    and not-yours alike); 409 "生成中" until it is ready. The download is recorded."""
    notice = Notice.objects.defer("snapshot").filter(pk=parse_id(notice_id)).first()
    if notice is None:
        raise NotFound()
    app = _visible(actor, notice.application_id)
    if notice.state == NoticeState.PENDING:
        raise NotAllowed(str(MSG_PENDING))
    if notice.state == NoticeState.FAILED:
        raise NotAllowed(str(MSG_FAILED))
    with transaction.atomic():
        audit.record(app, actor, "notice_download", notice.number)
    return notice, open_stored(notice.storage_name)
