"""统一社会信用代码 (USCC) check, GB 32100-2015."""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (raises ValueError on a foreign character)."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(value: str) -> bool:
    """True when `value` has 18 characters of the GB 32100 alphabet and a matching check."""
    if not isinstance(value, str) or len(value) != 18:
        return False
    if any(ch not in ALPHABET for ch in value):
        return False
    return check_character(value[:17]) == value[17]


def region_code(uscc: str) -> str:
    """Characters 3–8: the GB/T 2260 administrative division of registration."""
    return uscc[2:8]


def province_code(uscc: str) -> str:
    """The province (first two digits of the region) as a 6-digit department code."""
    return uscc[2:4] + "0000"
