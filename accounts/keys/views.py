"""The key ceremonies' endpoints: bind a key (signed in, also in a session that may only bind
one) and sign in with a key (no password, no captcha; failures count in the same lock-out as
passwords, per account and client address)."""

from functools import wraps

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from accounts.keys import policy, registration, relying_party
from accounts.keys.assertions import parse_credential, stored_key
from accounts.keys.http import domain_error, error, json_body, text
from accounts.keys.sign_in import SignInRefused, sign_in_options, sign_in_verify
from core import ratelimit
from core.client import client_address
from core.errors import DomainError

OPTIONS_PER_MINUTE = 30
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def at_relying_party(view):
    """Ceremonies only at the relying party's address: elsewhere they would fail the origin
    check, so the answer says where keys work instead."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not relying_party.serves(request):
            return error(relying_party.wrong_host_message(), 400)
        return view(request, *args, **kwargs)

    return wrapped


def msg_locked() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("登录失败次数过多，该账户已在本地址锁定 %(minutes)s 分钟，请稍后再试。") % {
        "minutes": minutes
    }


@require_POST
@csrf_protect
@never_cache
@at_relying_party
def sign_in_begin(request):
    """Options for a key sign-in (any visitor; limited per address)."""
    if not ratelimit.allow(
        "key-sign-in", client_address(request), limit=OPTIONS_PER_MINUTE, window=60
    ):
        return error(_("请求过于频繁，请稍后再试。"), 429)
    return JsonResponse(sign_in_options(text(json_body(request), "username", 150)))


def _next(request, data) -> str:
    target = text(data, "next", 500)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@require_POST
@csrf_protect
@never_cache
@at_relying_party
def sign_in_finish(request):
    """Check the assertion and sign the key's user in."""
    data = json_body(request)
    try:
        key = stored_key(parse_credential(data.get("credential")))
    except DomainError as exc:
        key = None
        early = exc
    else:
        early = None
    username = key.user.username if key is not None else ""
    if AxesProxyHandler.is_locked(request, {"username": username}):
        return error(msg_locked(), 429)
    try:
        if early is not None:
            raise SignInRefused(early.detail)
        user = sign_in_verify(challenge_id=data.get("challenge_id"), credential=data["credential"])
    except SignInRefused as exc:
        _count_failure(request, exc.username)
        if AxesProxyHandler.is_locked(request, {"username": exc.username}):
            return error(msg_locked(), 429)
        return error(exc.detail, 403)
    login(request, user, backend=MODEL_BACKEND)  # rotates the session id
    request.session[policy.SESSION_METHOD] = policy.METHOD_KEY
    return JsonResponse({"redirect": _next(request, data)})


def _count_failure(request, username: str) -> None:
    """The lock-out's failure count. Two refusals at once for the same user and address can
    both try to create its first row (axes' get_or_create): the loser counts again on the
    row the winner made, instead of answering 500."""
    for attempt in range(2):
        try:
            with transaction.atomic():
                user_login_failed.send(
                    sender=__name__, credentials={"username": username}, request=request
                )
            return
        except IntegrityError:
            if attempt:
                raise


@login_required
@require_POST
@never_cache
@at_relying_party
def register_begin(request):
    """Options to bind a new key to the signed-in user."""
    try:
        return JsonResponse(registration.registration_options(request.user))
    except DomainError as exc:
        return domain_error(exc)


@login_required
@require_POST
@never_cache
@at_relying_party
def register_finish(request):
    """Check the attestation and bind the key under the name the user gave it."""
    data = json_body(request)
    try:
        key = registration.key_register(
            user=request.user,
            challenge_id=data.get("challenge_id"),
            credential=data.get("credential"),
            name=text(data, "name", 500),
        )
    except DomainError as exc:
        return domain_error(exc)
    messages.success(request, _("卡介质“%(name)s”已绑定。") % {"name": key.name})
    return JsonResponse({"redirect": reverse("accounts:settings") + "#keys"})
