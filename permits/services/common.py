"""What the applicant's services share: the locked row, the editable check, messages."""

from django.db import connection
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import NotFound
from config.statements import Template
from permits import access
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


_COLUMNS = tuple(f.attname for f in Application._meta.concrete_fields)
# The row lock of every applicant write, built once per scope shape (config.statements).
_LOCKED = Template(
    lambda shape, *, pk, **scope: (
        Application.objects.filter(pk=pk, **access.scope_conditions(shape, scope))
        .select_for_update()
        .order_by()
        .values_list(*_COLUMNS)[:1]
    ),
    {"pk": Application._meta.pk}
    | {name: Application._meta.get_field(name) for name in access.SCOPE_VALUE_FIELDS},
)


def locked_own(actor, application_id) -> Application:
    """Lock the actor's own application row for a write (NotFound when not theirs): the
    caller's transaction holds it until its end."""
    require_applicant(actor)
    pk = parse_id(application_id)
    if not connection.in_atomic_block:
        raise TransactionManagementError("locked_own() holds a row lock: run it in a transaction")
    shape, scope = access.scope_shape(actor)
    rows = _LOCKED.rows(shape, pk=pk, **scope)
    if not rows:
        raise NotFound()
    return Application.from_db(connection.alias, _COLUMNS, rows[0])


def ensure_editable(app: Application) -> None:
    if app.status not in EDITABLE:
        raise not_allowed(_("修改"), app.status)
