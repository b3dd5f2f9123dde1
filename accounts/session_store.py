"""Database sessions (config.speed.sessions) that read their signed-in user in the same statement.

Every whole page reads the session, then its user (accounts.session_user): two round trips,
the second waiting on what the first says. Once this process has read a session's user, it
notes who it was; the next request of that session reads the session and that user together
(config.speed.statements.first_rows), one round trip. The user read with it is used only where the
session still names that user: `session_user` checks the session as it always does (its
user, backend and hash), and reads the user on its own where they differ. What is noted is
only which user a session key was last seen with, never a row: the row is read anew on every
request, so a change of the user (a password, a lock) shows at once."""

from __future__ import annotations

import weakref

from django.contrib.sessions.middleware import SessionMiddleware as _DjangoSessionMiddleware

from accounts import user_rows
from accounts.models import User
from accounts.web import top_bar
from config.speed import read_along
from config.speed.noted import note
from config.speed.sessions import SessionStore as _DatabaseStore
from config.speed.sessions import session_call
from config.speed.statements import Template

#: The session's user with their enterprise and department (accounts.user_rows), and the top
#: bar's unread count (used for a GET or HEAD: accounts.session_user).
USER = Template(
    lambda _shape, pk: (
        User.objects.filter(pk=pk)
        .annotate(unread=top_bar.unread())
        .order_by()
        .values_list(*user_rows.columns(""), "unread")[:1]
    ),
    {"pk": User._meta.pk},
)

#: Session keys whose user this process has read: the key's last user (bounded; a full map
#: is emptied and learns again, one round trip more per session).
MAX_KNOWN = 20_000
_known: dict[str, object] = {}


def note_user(session_key: str | None, pk) -> None:
    """`pk` was the user of `session_key` just now."""
    if session_key:
        note(_known, session_key, pk, MAX_KNOWN)


def user_call(pk) -> tuple:
    """The look-up of the user `pk` (USER), as config.speed.statements.first_rows takes it."""
    return (USER, None, {"pk": pk})


class SessionStore(_DatabaseStore):
    """A session that, where its user is known, reads their row with its own: `user_read`
    is then (pk, row of accounts.session_user's user statement or None). Given its request
    (`SessionMiddleware`), it also reads the statement the request's view ran first the
    last time this session read the address (config.speed.read_along)."""

    user_read = None
    request = None  # a weak reference to the request the session came with

    def _get_session_from_db(self):
        key = self.session_key
        pk = _known.get(key) if key else None
        calls = [session_call(key)] + ([] if pk is None else [user_call(pk)])
        request = self.request() if self.request is not None else None
        rows = read_along.credential_rows(request, *calls, credential=key)
        if pk is not None:
            self.user_read = (pk, rows[1])
        return self.session_from(rows[0])


class SessionMiddleware(_DjangoSessionMiddleware):
    """Django's, with each request's session knowing its request (config.speed.read_along)."""

    def process_request(self, request):
        super().process_request(request)
        request.session.request = weakref.ref(request)
