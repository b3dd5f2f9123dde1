"""API authentication by role: the back offices' routers let in their own role only."""

from accounts.auth import BearerTokenAuth, session_auth
from core.errors import Forbidden
from permits.workflow.states import Role, role_of


class RoleAuth:
    """A ninja auth callback that authenticates with `inner` (bearer token or session) and
    then refuses any other role with 403 — before the request's parameters and body are even
    read, so a wrong role never learns anything (not even whether its body would be valid)."""

    def __init__(self, inner, role: Role, message: str):
        self.inner, self.role, self.message = inner, role, message

    def __call__(self, request):
        user = self.inner(request)
        if not user:
            return None
        if role_of(user) is not self.role:
            raise Forbidden(str(self.message))
        return user


def role_auth(role: Role, message: str) -> list:
    """The API's two ways in (bearer token, browser session with CSRF), for one role only."""
    return [RoleAuth(BearerTokenAuth(), role, message), RoleAuth(session_auth, role, message)]
