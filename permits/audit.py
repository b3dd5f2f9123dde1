"""Recording what users do to applications (append-only), inside the caller's transaction,
with the client's address of the request being served (core.client)."""

from config.speed.write_statements import Insert
from core.client import current_client_address
from permits.models import AuditEvent

# Every write records one: its INSERT is built once (config.speed.write_statements), `at` is now.
_RECORD = Insert(
    AuditEvent,
    ("application_id", "application_no", "action", "detail", "actor", "client_address", "at"),
)


def record(app, actor, action: str, detail: str = "") -> None:
    _RECORD.run(
        application_id=app.id,
        application_no=app.application_no,
        action=action,
        detail=detail[:300],
        actor_id=actor.pk if getattr(actor, "pk", None) else None,
        client_address=current_client_address() or None,
    )
