"""Waibao's two languages and how a tag or locale names one of them, with no import: the
command line decides its language before anything heavy loads (``waibao --version`` and
every command's start), and the rules engine reads the same decision."""

from __future__ import annotations

LANGUAGES = ("zh-hans", "en")
DEFAULT = "en"


def normalise(value: str | None) -> str:
    """``zh-hans`` for any Chinese tag or locale (zh, zh-CN, zh_CN.UTF-8, zh-Hans), else
    ``en``; ``None`` or empty gives the default."""
    if not value:
        return DEFAULT
    tag = value.strip().lower().replace("_", "-")
    return "zh-hans" if tag.startswith("zh") else "en"
