"""Database sessions whose look-up on every request is a statement built once
(config.statements): the same table, rows, expiry and encoding as Django's database sessions,
so sessions carry over both ways. Writes (sign-in, messages, language) are Django's own."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.statements import Template

_SESSION = Template(
    lambda _shape, *, key, now: (
        Session.objects.filter(session_key=key, expire_date__gt=now)
        .order_by()
        .values_list("session_data", "expire_date")[:1]
    ),
    {"key": Session._meta.get_field("session_key"), "now": Session._meta.get_field("expire_date")},
)


class SessionStore(DatabaseStore):
    def _get_session_from_db(self):
        """The live session of this key (None, and no key, where there is none), as Django's
        database store reads it."""
        rows = _SESSION.rows(key=self.session_key, now=timezone.now())
        if not rows:
            self._session_key = None
            return None
        data, expires = rows[0]
        return Session(session_key=self.session_key, session_data=data, expire_date=expires)
