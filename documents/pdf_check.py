"""Judge an uploaded file by its content: a real, readable, unencrypted PDF under the limit."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from config.errors import FieldError, TooLarge, UnsupportedType, ValidationFailed


@dataclass(frozen=True)
class PdfInfo:
    pages: int


def ensure_size(size: int, *, field: str = "file") -> None:
    """413 before anything is read when the declared size is over the limit."""
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        msg = _("文件过大：最大 %(mb)s MB。") % {"mb": round(limit / 1024 / 1024, 1)}
        raise TooLarge(msg, [FieldError(field, msg)])


def check_pdf(data: bytes, *, field: str = "file") -> PdfInfo:
    """Raise TooLarge (413), UnsupportedType (415) or ValidationFailed (422) with a message the
    user can act on; return the page count of a good PDF."""
    ensure_size(len(data), field=field)
    if len(data) == 0:
        msg = _("文件为空。")
        raise ValidationFailed(msg, [FieldError(field, msg)])
    # The header may follow a little junk (the PDF standard tolerates up to 1 KB).
    if b"%PDF-" not in data[:1024]:
        msg = _("只能上传PDF文件：该文件不是PDF。")
        raise UnsupportedType(msg, [FieldError(field, msg)])
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            msg = _("PDF文件已加密或设置了密码，请上传未加密的文件。")
            raise ValidationFailed(msg, [FieldError(field, msg)])
        pages = len(reader.pages)
        if pages == 0:
            raise PdfReadError("no pages")
        reader.pages[0].mediabox  # noqa: B018 - touching the first page parses its tree
    except ValidationFailed:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        msg = _("PDF文件已损坏或无法读取，请重新生成后上传。")
        raise ValidationFailed(msg, [FieldError(field, msg)]) from exc
    return PdfInfo(pages=pages)
