"""Finding a CJK font reportlab can embed, at run time.

reportlab embeds (subsets) TrueType outlines only: Debian's ``fonts-wqy-zenhei`` (a TTC whose
first face reportlab reads), ``fonts-wqy-microhei`` and ``fonts-arphic-uming`` work; Noto CJK's
OpenType/CFF files do not. ``$WAIBAO_CJK_FONT`` (a path, optionally ``path#index``) wins.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404  # runs fc-list only, with fixed arguments
from pathlib import Path

FONT_NAME = "WaibaoCJK"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
)
INSTALL_HINT = "apt-get install -y fonts-wqy-zenhei"


class NoCJKFont(RuntimeError):
    pass


def _fc_list() -> list[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        # B603 below: a fixed command found on PATH, fixed arguments, no user input
        out = subprocess.run(  # noqa: S603  # nosec B603
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.split(":")[0].strip() for line in out.splitlines() if line.strip()]


def candidates() -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    configured = os.environ.get("WAIBAO_CJK_FONT")
    if configured:
        path, _, index = configured.partition("#")
        found.append((path, int(index or 0)))
    found += [(p, 0) for p in CANDIDATES if Path(p).exists()]
    found += [(p, 0) for p in _fc_list() if p.lower().endswith((".ttf", ".ttc"))]
    return found


def register_cjk_font() -> str:
    """Register the first usable CJK TrueType font with reportlab; returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    errors = []
    for path, index in candidates():
        try:
            pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
            return FONT_NAME
        except Exception as exc:  # a CFF font, a broken file: try the next one
            errors.append(f"{path}: {exc}")
    raise NoCJKFont(
        "no CJK TrueType font found for the PDF brief; install one "
        f"({INSTALL_HINT}) or set WAIBAO_CJK_FONT. Tried: {'; '.join(errors) or 'none'}"
    )
