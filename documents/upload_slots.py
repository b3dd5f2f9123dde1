"""How many upload checks run at once: each one holds a request worker for up to
PDF_CHECK_WALL_SECONDS, so one user's loop of uploads could otherwise hold every worker of a
node and everyone else would wait.

Concurrency is bounded, not rate: a user uploading one file after another is never refused.
- per user (UPLOAD_CHECKS_PER_USER) and per client address (UPLOAD_CHECKS_PER_ADDRESS, sized
  for an enterprise's declarants behind one NAT address), across every node: slots in the
  shared cache, each a lease that expires on its own when the worker holding it is killed;
- per node (UPLOAD_CHECKS_PER_NODE, by default one less than its gunicorn workers): slots are
  files locked with flock under the node's own folder, which the kernel frees when the
  process holding one dies, so the node keeps a worker for everyone else.
Beyond a bound the upload is refused with 429 and Retry-After (the check's wall limit)."""

from __future__ import annotations

import fcntl
import math
import os
import secrets
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from core.client import current_client_address
from core.errors import DomainError

#: A shared slot's lease: longer than any check (wall limit plus the fork and the reply).
LEASE_SECONDS = 60


class Busy(DomainError):
    """Too many checks at once for this user, address or node: try again shortly."""

    status_code = 429

    def __init__(self, retry_after: int):
        super().__init__(_("正在检查的上传文件过多，请%(n)s秒后重试。") % {"n": retry_after})
        self.retry_after = retry_after


def retry_after() -> int:
    return max(1, math.ceil(settings.PDF_CHECK_WALL_SECONDS))


@contextmanager
def _shared_slot(scope: str, limit: int):
    """One of `limit` slots of `scope` in the shared cache (limit 0: no bound)."""
    if limit <= 0:
        yield
        return
    token = secrets.token_hex(8)
    for i in range(limit):
        key = f"upload-check:{scope}:{i}"
        if cache.add(key, token, timeout=LEASE_SECONDS):
            try:
                yield
            finally:
                if cache.get(key) == token:  # not a later holder of an expired lease
                    cache.delete(key)
            return
    raise Busy(retry_after())


def node_folder() -> Path:
    """The node's own folder of slot files (NODE_NAME tells nodes on one machine apart)."""
    name = os.environ.get("NODE_NAME") or "node"
    return Path(settings.VAR_DIR) / "upload-slots" / name


@contextmanager
def _node_slot(limit: int):
    if limit <= 0:
        yield
        return
    folder = node_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(limit):
        handle = open(folder / f"slot-{i}", "a+b")  # noqa: SIM115 - held for the check
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield
        finally:
            handle.close()  # closing releases the lock
        return
    raise Busy(retry_after())


@contextmanager
def check_slot(user_id):
    """Hold a slot for one upload check by `user_id` from the current client address, or
    raise Busy (429) when any bound is reached."""
    address = current_client_address()
    with ExitStack() as stack:
        stack.enter_context(_shared_slot(f"user:{user_id}", settings.UPLOAD_CHECKS_PER_USER))
        if address:
            stack.enter_context(
                _shared_slot(f"address:{address}", settings.UPLOAD_CHECKS_PER_ADDRESS)
            )
        stack.enter_context(_node_slot(settings.UPLOAD_CHECKS_PER_NODE))
        yield
