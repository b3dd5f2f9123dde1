"""Pages kept under a digest of everything they show: the application page as it is opened
(GET, nothing typed, no problem to show) under its detail's tag (permits.tags.fingerprint), and
查询 under its list's tag (permits.tags.list_tags).

The page shows the application (its header, goods, attachments, history, corrections,
notices, write-off and clock) to one user in one language on one day: exactly what the
detail's entity tag digests. So the fragment rendered once is kept in the process's "pages"
cache under that tag, and a change of any of it makes a new tag (nothing is invalidated).
What differs on each request goes in as a stand-in, filled in every time: the CSRF token and
the random key of the 新增 link's empty form. A request with messages to show (after 暂存 or
申报) is rendered as before, since showing them uses them up.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.cache import caches
from django.utils.safestring import mark_safe

from config.pages.rendering import page_body, render_page
from config.pages.shell import CSRF
from config.speed.csrf_tokens import csrf_token
from permits.access import parse_id
from permits.tags import fingerprint, list_tags
from permits.web import parts
from permits.web.form_page import TEMPLATE, detail_body
from permits.workflow.states import Role

_FORM_KEY = "formkey" + secrets.token_hex(12)
STAND_INS = {"csrf_token": CSRF, "next_form_key": _FORM_KEY}


def _has_messages(request) -> bool:
    """Whether messages wait to be shown (counting them does not use them up)."""
    return len(messages.get_messages(request)) > 0


def application_page(request, pk):
    """The page of application `pk`: from the kept fragment where its tag is known, else
    rendered (and kept)."""
    tag = (
        None
        if _has_messages(request)
        else fingerprint.detail_etag(request.user, pk, request, role=Role.APPLICANT)
    )
    if tag is None:  # not this user's to see (build answers 404), or messages to show
        body, title = detail_body(request, pk, {})
        return render_page(request, TEMPLATE, title=title, body=body)

    def build():
        body, title = detail_body(request, pk, STAND_INS)
        return str(body), str(title)

    body, title = _kept(f"page:application:{parse_id(pk)}:{tag[1:-1]}", build)
    body = _filled(request, body).replace(_FORM_KEY, parts.new_form_key())
    return render_page(request, TEMPLATE, title=title, body=mark_safe(body))  # noqa: S308


def _kept(key: str, build):
    """What the "pages" cache keeps under `key`, or `build()` (then kept)."""
    pages = caches["pages"]
    kept = pages.get(key)
    if kept is None:
        kept = build()
        pages.set(key, kept, fingerprint.BODY_SECONDS)
    return kept


def _filled(request, body: str) -> str:
    """A kept fragment with this request's CSRF token in place of the stand-in."""
    return body.replace(CSRF, csrf_token(request))


QUERY_TEMPLATE = "permits/query.html"


def _params_seen(params) -> tuple:
    """The request's parameters as the tag digests them (not the CSRF token of a post)."""
    many = hasattr(params, "getlist")
    return tuple(
        sorted(
            (name, tuple(params.getlist(name)) if many else params[name])
            for name in params
            if name != "csrfmiddlewaretoken"
        )
    )


def query_list_page(request, params, *, context_of, title):
    """查询 with `params`: the kept fragment where its list's tag is known, else rendered from
    `context_of()` (and kept). The fragment's forms carry the CSRF token as a stand-in."""
    tag = list_tags.list_tag(request.user, "query-page", _params_seen(params), request)
    if tag is None:
        return render_page(request, QUERY_TEMPLATE, context_of(), title=title)

    def build():
        context = context_of() | {"csrf_token": CSRF}
        return str(page_body(request, QUERY_TEMPLATE, context, title=title))

    body = _filled(request, _kept(f"page:query:{tag[1:-1]}", build))
    return render_page(request, QUERY_TEMPLATE, title=title, body=mark_safe(body))  # noqa: S308
