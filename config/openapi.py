"""The OpenAPI document states every answer: each operation lists the error answers it can
give, all in the one error shape of api.md, and downloads say they are PDFs.

Which errors apply follows from the operation's shape, the way the API decides them: any
request can be unreadable (400), unauthenticated (401), of the wrong role or without its CSRF
token (403), about something missing or not the caller's (404) or invalid (422); writes can
meet a status that forbids them (409); an upload can be too large (413) or not a PDF (415)."""

from ninja import NinjaAPI

ERROR_REF = "#/components/schemas/ErrorOut"
DESCRIPTIONS = {
    "400": "The request could not be read (e.g. a body that is not JSON)",
    "401": "No or bad credentials",
    "403": "Not allowed for this role, or a session write without its CSRF token",
    "404": "Missing, or belonging to another enterprise or department",
    "409": "Not allowed in the current status, a stale version, or a document still being made",
    "413": "File too large",
    "415": "Not a PDF",
    "422": "Validation failed: every failing field is listed in `errors`",
}
ERROR_SCHEMAS = {
    "ErrorItemOut": {
        "type": "object",
        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
        "required": ["field", "message"],
    },
    "ErrorOut": {
        "type": "object",
        "description": "Every error answer of the API: a message and every failing field.",
        "properties": {
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorItemOut"}},
        },
        "required": ["detail", "errors"],
    },
}
PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def _statuses(method: str, path: str, operation: dict) -> list[str]:
    codes = ["400", "401", "403", "404", "422"]
    if method != "get" or path.endswith(".pdf"):
        codes.append("409")
    body = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in body:
        codes += ["413", "415"]
    return codes


def document_errors(schema: dict) -> dict:
    schema.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            if path.endswith(("/file", ".pdf")) and "200" in responses:
                responses["200"]["content"] = PDF
            for code in _statuses(method, path, operation):
                responses.setdefault(
                    code,
                    {
                        "description": DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
                    },
                )
    return schema


class DocumentedAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema)
