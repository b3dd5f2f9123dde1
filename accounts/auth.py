"""Bearer-token authentication for the API (sessions are Django's own)."""

from ninja.security import HttpBearer

from accounts.tokens import api_token_authenticate


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user
