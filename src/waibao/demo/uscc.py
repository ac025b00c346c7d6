"""统一社会信用代码 (GB 32100-2015) for demo organisations, with both check characters right.

Layout: registering authority (1), entity type (1), region code (6), organisation code (9:
eight characters and the GB 11714 check character), and the GB 32100 check character.
"""

from __future__ import annotations

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_ORG_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def uscc_check_character(first17: str) -> str:
    """GB 32100-2015: weights 3^i mod 31, check = 31 - (sum mod 31), where 31 becomes 0."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def organisation_code_check_character(body8: str) -> str:
    """GB 11714-1997: weights 3 7 9 10 5 8 4 2, check = 11 - (sum mod 11); 10 is X, 11 is 0."""
    total = sum(_ORG_VALUES[c] * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def uscc_build(*, authority: str, entity_type: str, region_code: str, body8: str) -> str:
    """An 18-character code from its parts, both check characters computed."""
    org_code = body8 + organisation_code_check_character(body8)
    first17 = authority + entity_type + region_code + org_code
    return first17 + uscc_check_character(first17)


def uscc_is_valid(code: str) -> bool:
    return (
        len(code) == 18
        and code[:8].isdigit()
        and all(c in USCC_CHARSET for c in code[8:])
        and uscc_check_character(code[:17]) == code[17]
    )
