"""How the API writes JSON: one renderer for ninja's answers and for bodies the API keeps
ready (permits.tags.fingerprint), so both are the same bytes."""

from django.http import HttpRequest, HttpResponse
from ninja.renderers import JSONRenderer
from pydantic import BaseModel


class Utf8JSONRenderer(JSONRenderer):
    """Chinese text as UTF-8 rather than \\u escapes: half the bytes, readable in logs."""

    json_dumps_params = {"ensure_ascii": False}


RENDERER = Utf8JSONRenderer()
CONTENT_TYPE = f"{RENDERER.media_type}; charset={RENDERER.charset}"


def render_json(request: HttpRequest, schema: type[BaseModel], data, status: int = 200) -> bytes:
    """`data` checked and written as ninja would answer it with `schema` as the response."""
    context = {"request": request, "response_status": status}
    checked = schema.model_validate(data, context=context)
    body = RENDERER.render(request, checked.model_dump(context=context), response_status=status)
    return body.encode() if isinstance(body, str) else body


def shaped_json(request: HttpRequest, data, status: int = 200) -> HttpResponse:
    """`data` written as ninja writes a checked answer, without the check: for lists whose
    rows a presenter builds in the response schema's shape already (fields in its order, its
    types), where checking twenty rows through ninja's schema costs more than reading them.
    Each caller has a test that its bytes are those of `render_json` with the schema."""
    body = RENDERER.render(request, data, response_status=status)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPE)
