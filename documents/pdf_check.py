"""Judge an uploaded file by its content: a real, readable PDF under the size limit that opens
without a password and carries no active or disguised content.

The bytes around the PDF are looked at here (cheap); the parse runs in a sandboxed child with
hard limits (documents.pdfguard), so no file, whatever its structure, costs more than
`PDF_CHECK_MEMORY_MB` of memory, `PDF_CHECK_CPU_SECONDS` of CPU and a little more wall time.
The same function judges uploads from the pages, the API and `recheck_attachments`.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import FieldError, TooLarge, UnsupportedType, ValidationFailed
from documents.pdfguard import envelope
from documents.pdfguard.client import Limits, Verdict, judge

log = logging.getLogger("documents.pdf_check")

MSG_TOO_COMPLEX = gettext_lazy(
    "PDF结构过于复杂或已损坏，请用“打印”→“另存为PDF”重新生成文件后上传。"
)
MSG_REFUSED = gettext_lazy(
    "%(reason)s，出于安全原因不能接受。请用“打印”→“另存为PDF”重新生成文件后上传。"
)
REASONS = {
    "javascript": gettext_lazy("PDF含有JavaScript脚本"),
    "launch": gettext_lazy("PDF含有启动外部程序的动作"),
    "embedded_file": gettext_lazy("PDF含有嵌入的文件"),
    "xfa": gettext_lazy("PDF含有XFA动态表单"),
    envelope.PREFIX: gettext_lazy("文件开头在PDF标记之前还有其他内容（可能是伪装成PDF的文件）"),
    envelope.TRAILING: gettext_lazy("PDF结束标记之后还附有其他内容（可能夹带了其他文件）"),
}


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    verdict: Verdict | None = None


def ensure_size(size: int, *, field: str = "file") -> None:
    """413 before anything is read when the declared size is over the limit."""
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        msg = _("文件过大：最大 %(mb)s MB。") % {"mb": round(limit / 1024 / 1024, 1)}
        raise TooLarge(msg, [FieldError(field, msg)])


def _refuse(msg: str, field: str):
    raise ValidationFailed(msg, [FieldError(field, msg)])


def _refuse_content(reasons, field: str):
    """One message per reason found, the first as the detail."""
    messages = [str(MSG_REFUSED) % {"reason": REASONS[r]} for r in reasons]
    raise ValidationFailed(messages[0], [FieldError(field, m) for m in messages])


def limits() -> Limits:
    return Limits(
        memory_mb=settings.PDF_CHECK_MEMORY_MB,
        cpu_seconds=settings.PDF_CHECK_CPU_SECONDS,
        wall_seconds=settings.PDF_CHECK_WALL_SECONDS,
    )


def check_pdf(data: bytes, *, field: str = "file") -> PdfInfo:
    """Raise TooLarge (413), UnsupportedType (415) or ValidationFailed (422) with a message the
    user can act on; return the page count (and the sandbox's verdict) of a good PDF."""
    ensure_size(len(data), field=field)
    problem = envelope.envelope_problem(data)
    if problem == envelope.EMPTY:
        _refuse(_("文件为空。"), field)
    if problem == envelope.NOT_PDF:
        msg = _("只能上传PDF文件：该文件不是PDF。")
        raise UnsupportedType(msg, [FieldError(field, msg)])
    if problem == envelope.TRUNCATED:
        _refuse(_("PDF文件不完整或已损坏（缺少结束标记），请重新生成后上传。"), field)
    if problem is not None:
        _refuse_content([problem], field)
    verdict = judge(data, limits())
    if verdict.outcome != "ok":
        log.warning(
            "PDF refused: %s%s (%d bytes, %.0f ms, %.0f ms CPU, peak %d KB)",
            verdict.outcome,
            f" limit={verdict.limit}" if verdict.limit else "",
            len(data),
            verdict.wall_ms,
            verdict.cpu_ms,
            verdict.peak_kb,
        )
    if verdict.outcome == "encrypted":
        _refuse(_("PDF文件已加密或设置了密码，请上传未加密的文件。"), field)
    if verdict.outcome == "active":
        _refuse_content(verdict.reasons, field)
    if verdict.outcome == "limit":
        _refuse(str(MSG_TOO_COMPLEX), field)
    if verdict.outcome != "ok":
        _refuse(_("PDF文件已损坏或无法读取，请重新生成后上传。"), field)
    return PdfInfo(pages=verdict.pages, verdict=verdict)
