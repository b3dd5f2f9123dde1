"""The signed-in user of a browser session, read in one statement built once.

Django's `auth.get_user` asks `ModelBackend.get_user`, whose ORM look-up (and the later
look-ups of the user's enterprise and department) cost more than a whole kept page. A
session signed in through `ModelBackend` (passwords and keys alike) gets its user here
instead: the same row, with the enterprise and department as select_related reads them, and
the same checks in the same order as Django's:

- the user must exist and be allowed to sign in (`ModelBackend.user_can_authenticate`);
- the session's hash must match the user's (a password change signs other sessions out);
- a hash made with one of `SECRET_KEY_FALLBACKS` is accepted and renewed, with a new key;
- anything else empties the session.

Sessions of any other backend go through Django's own `auth.get_user`. For a GET or HEAD the
same statement reads the top bar's unread count (accounts.web.top_bar), one statement fewer on
every whole page. Where this process has read a session's user before, the session store
read the row with the session itself (accounts.session_store): another round trip fewer."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as _DjangoAuthentication
from django.contrib.auth.models import AnonymousUser
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from accounts import session_store, user_rows
from accounts.models import User
from accounts.web import top_bar
from config.speed.statements import first_rows

MODEL_BACKEND = f"{ModelBackend.__module__}.{ModelBackend.__qualname__}"

#: Requests that write no messages: the unread count read with the user holds for the page.
READS_ONLY = ("GET", "HEAD")


def _row(session, pk):
    """The user's row: the one read with the session where it was read for this user
    (accounts.session_store), else read now."""
    read = getattr(session, "user_read", None)
    if read is not None and read[0] == pk:
        return read[1]
    row = first_rows(session_store.user_call(pk))[0]
    session_store.note_user(session.session_key, pk)
    return row


def _load(request, pk) -> User | None:
    """The user, and for a GET or HEAD the top bar's unread count with them."""
    row = _row(request.session, pk)
    if row is None:
        return None
    user = user_rows.user_from(row[:-1])
    if request.method in READS_ONLY:
        setattr(user, top_bar.SEEN_UNREAD, row[-1])
    return user


def _verified(request, user: User):
    """`user` where the session's hash is theirs (renewed where an older secret made it),
    else the session is emptied and nobody is signed in."""
    session = request.session
    given = session.get(HASH_SESSION_KEY)
    current = user.get_session_auth_hash()
    if given and constant_time_compare(given, current):
        return user
    if given and any(
        constant_time_compare(given, older) for older in user.get_session_auth_fallback_hash()
    ):
        session.cycle_key()
        session[HASH_SESSION_KEY] = current
        return user
    session.flush()
    return None


def session_user(request):
    """The session's user, or AnonymousUser."""
    session = request.session
    try:
        pk = User._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path != MODEL_BACKEND or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    user = _load(request, pk)
    if user is None or not ModelBackend().user_can_authenticate(user):
        return AnonymousUser()
    return _verified(request, user) or AnonymousUser()


def _cached(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = session_user(request)
    return request._cached_user


class AuthenticationMiddleware(_DjangoAuthentication):
    """Django's, with `request.user` from `session_user`."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached(request))
