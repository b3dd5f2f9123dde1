"""Recording what users do to applications (append-only), inside the caller's transaction,
with the client's address of the request being served (config.client)."""

from config.client import current_client_address
from permits.models import AuditEvent


def record(app, actor, action: str, detail: str = "") -> None:
    AuditEvent.objects.create(
        application_id=app.id,
        application_no=app.application_no,
        action=action,
        detail=detail[:300],
        actor=actor if getattr(actor, "pk", None) else None,
        client_address=current_client_address() or None,
    )
