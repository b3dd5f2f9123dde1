"""System checks of the key policy settings: a misspelt role or action would silently turn a
requirement off."""

from django.core.checks import Error, register

from accounts.keys.policy import CONFIRMABLE, unknown_settings
from accounts.models import Role


@register()
def key_policy_settings(app_configs, **kwargs):
    unknown = unknown_settings()
    if not unknown:
        return []
    return [
        Error(
            f"unknown values in SECURITY_KEY_REQUIRED_ROLES / SECURITY_KEY_CONFIRM_ACTIONS: "
            f"{', '.join(unknown)}",
            hint=f"roles: {', '.join(Role.values)}; actions: {', '.join(sorted(CONFIRMABLE))}",
            id="accounts.E001",
        )
    ]
