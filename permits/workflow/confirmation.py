"""Key confirmation of an action (settings.SECURITY_KEY_CONFIRM_ACTIONS: 申报, 审批通过,
审批不通过, 作废): the subject a challenge is issued for, the options handed to the browser,
and the check under the row lock that keeps the proof with the status change."""

from accounts.keys import policy
from accounts.keys.confirmations import confirmation_options, confirmation_record
from accounts.keys.errors import MSG_CONFIRM_REQUIRED, KeyConfirmationRequired
from permits.canonical import canonical_content
from permits.workflow.states import Action


def subject(action, application_id) -> str:
    return f"{Action(action).value}:{application_id}"


def required(action) -> bool:
    return policy.confirmation_required(Action(action).value)


def options_for(*, actor, app, action) -> dict:
    """What the browser needs to have the actor's key sign this action on this content."""
    return confirmation_options(
        user=actor, subject=subject(action, app.id), content=canonical_content(app)
    )


def confirm_under_lock(*, app, action, actor, verified):
    """Inside transition(), with the row locked and before anything changes: the confirmation
    (a VerifiedAssertion) must be the actor's, for this action on this application, over the
    content as it is now. Returns the kept KeyConfirmation."""
    if verified is None:
        raise KeyConfirmationRequired(str(MSG_CONFIRM_REQUIRED))
    return confirmation_record(
        verified, user=actor, subject=subject(action, app.id), content=canonical_content(app)
    )
