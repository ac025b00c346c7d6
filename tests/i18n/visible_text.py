"""The text a reader sees on an HTML page, for the issue 21 walker: element text and the
attributes a browser shows (title, placeholder, aria-label, alt, a button's value), without
scripts, styles and the machine-facing parts (code, kbd, samp: identifiers shown as such)."""

from __future__ import annotations

from html.parser import HTMLParser

HIDDEN = {"script", "style", "template", "code", "kbd", "samp", "svg"}
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if not self.hidden:
            self.pieces.extend(values[a] or "" for a in SHOWN_ATTRIBUTES if values.get(a))
            if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
                self.pieces.append(values.get("value") or "")
        if tag in HIDDEN and tag not in VOID:
            self.hidden.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(data)


def visible_pieces(html: str) -> list[str]:
    """Each piece of text the page shows, in page order (a piece never spans two elements,
    so two English words only make a run when a reader sees them side by side)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return [p.strip() for p in reader.pieces if p.strip()]
