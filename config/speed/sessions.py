"""Database sessions whose look-up on every request is a statement built once
(config.speed.statements): the same table, rows, expiry and encoding as Django's database sessions,
so sessions carry over both ways. Writes (sign-in, messages, language) are Django's own.

`session_call` and `session_from` let a store read the session in a statement together with
something else (accounts.session_store: the session's user).

A session's data is signed: reading it checks the signature and decodes it, every request.
The same data decodes to the same content each time, so a process keeps the content of the
data it has checked (as JSON text, bounded): the next request with exactly the same data
reads that text. Data that was never checked (tampered, another key) is checked as always."""

import json

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.speed.noted import note
from config.speed.statements import Template, first_rows

#: Session data this process has checked → its content as JSON text (bounded: a full map is
#: emptied and learns again).
MAX_DECODED = 5_000
_decoded: dict[str, str] = {}

SESSION = Template(
    lambda _shape, *, key, now: (
        Session.objects.filter(session_key=key, expire_date__gt=now)
        .order_by()
        .values_list("session_data", "expire_date")[:1]
    ),
    {"key": Session._meta.get_field("session_key"), "now": Session._meta.get_field("expire_date")},
)


def session_call(key: str) -> tuple:
    """The look-up of the live session of `key`, as config.speed.statements.first_rows takes it."""
    return (SESSION, None, {"key": key, "now": timezone.now()})


class SessionStore(DatabaseStore):
    def decode(self, session_data):
        """Django's decoding (signature checked), once per distinct data in this process."""
        kept = _decoded.get(session_data)
        if kept is not None:
            return json.loads(kept)  # a new dict each time: the caller may change it
        content = super().decode(session_data)
        if content:  # {} is also what a bad signature gives
            note(_decoded, session_data, json.dumps(content, separators=(",", ":")), MAX_DECODED)
        return content

    def _get_session_from_db(self):
        """The live session of this key (None, and no key, where there is none), as Django's
        database store reads it."""
        return self.session_from(first_rows(session_call(self.session_key))[0])

    def session_from(self, row):
        """The Session of a row read by `session_call` (None, and no key, for no row)."""
        if row is None:
            self._session_key = None
            return None
        data, expires = row
        return Session(session_key=self.session_key, session_data=data, expire_date=expires)
