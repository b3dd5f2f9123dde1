"""What the applicant's services share: the locked row, the editable check, messages."""

from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import NotFound
from permits.access import parse_id, require_applicant
from permits.models import Application
from permits.workflow.states import EDITABLE, not_allowed


def msg_stale() -> str:
    return _(
        "该申请单已被他人修改（版本已更新），请刷新后再保存；您填写的内容尚未保存，仍保留在页面上。"
    )


def touch(app: Application) -> None:
    """Its goods or files changed: the application's `updated_at` (and so its ETag) moves."""
    app.updated_at = timezone.now()
    Application.objects.filter(pk=app.pk).update(updated_at=app.updated_at)


def locked_own(actor, application_id) -> Application:
    """Lock the actor's own application row for a write (NotFound when not theirs)."""
    require_applicant(actor)
    app = (
        Application.objects.visible_to(actor)
        .select_for_update()
        .filter(pk=parse_id(application_id))
        .first()
    )
    if app is None:
        raise NotFound()
    return app


def ensure_editable(app: Application) -> None:
    if app.status not in EDITABLE:
        raise not_allowed(_("修改"), app.status)
