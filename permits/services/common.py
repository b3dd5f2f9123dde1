"""What the applicant's services share: the locked row, the editable check, messages."""

from django.db import connection
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from config.speed.statements import Template
from config.speed.write_statements import Update, updating
from core.errors import NotFound
from permits import access
from permits.access import parse_id, require_applicant
from permits.models import Application, Goods
from permits.workflow.states import EDITABLE, not_allowed


def msg_stale() -> str:
    return _(
        "该申请单已被他人修改（版本已更新），请刷新后再保存；您填写的内容尚未保存，仍保留在页面上。"
    )


_TOUCH = Update(
    lambda named, *, pk, at, name: updating(
        Application.objects.filter(pk=pk), updated_at=at, **({"drug_name": name} if named else {})
    ),
    {
        "pk": Application._meta.pk,
        "at": Application._meta.get_field("updated_at"),
        "name": Application._meta.get_field("drug_name"),
    },
)


def touch(app: Application, *, drug_name: str | None = None) -> None:
    """Its goods or files changed: the application's `updated_at` (and so its ETag) moves;
    with `drug_name`, the mirrored drug name too (permits.services.goods) in the same
    statement."""
    app.updated_at = timezone.now()
    named = drug_name is not None
    _TOUCH.run(named, pk=app.pk, at=app.updated_at, name=drug_name if named else "")
    if named:
        app.drug_name = drug_name


_COLUMNS = tuple(f.attname for f in Application._meta.concrete_fields)
# The row lock of every applicant write, built once per scope shape (config.speed.statements).
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


_GOODS_COLUMNS = tuple(f.attname for f in Goods._meta.concrete_fields)
_GOODS = Template(
    lambda _shape, *, application: (
        Goods.objects.filter(application_id=application)
        .order_by("seq")
        .values_list(*_GOODS_COLUMNS)
    ),
    {"application": Goods._meta.get_field("application")},
)


def goods_of(app: Application) -> list[Goods]:
    """The application's goods items in order (at most four), as `app.goods.order_by("seq")`
    gives them, from a statement built once (config.speed.statements)."""
    rows = _GOODS.rows(application=app.pk)
    return [Goods.from_db(connection.alias, _GOODS_COLUMNS, row) for row in rows]


def ensure_editable(app: Application) -> None:
    if app.status not in EDITABLE:
        raise not_allowed(_("修改"), app.status)
