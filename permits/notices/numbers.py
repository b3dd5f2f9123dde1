"""Notice numbers (our own format; domain.md defines none): department code (6) + kind code
(2) + issue year (4) + 6-digit sequence per department, kind and year, e.g.
110000ZX2026000001; allocated from the counter row in the decision's transaction, so a
rolled-back decision gives its number back (no gaps)."""

from permits.models import NoticeKind
from permits.numbering import next_value

# Pinyin initials of the kind: 受理, 不(予)受理, 补正, 准(予)许(可), 不(予)许(可), 作废.
KIND_CODE: dict[NoticeKind, str] = {
    NoticeKind.ACCEPTANCE: "SL",
    NoticeKind.NON_ACCEPTANCE: "BS",
    NoticeKind.CORRECTION: "BZ",
    NoticeKind.APPROVAL: "ZX",
    NoticeKind.REJECTION: "BX",
    NoticeKind.VOIDING: "ZF",
}


def notice_number(department_code: str, kind: NoticeKind, year: int) -> str:
    seq = next_value(f"notice:{department_code}:{kind}:{year}")
    return f"{department_code}{KIND_CODE[kind]}{year:04d}{seq:06d}"
