"""The English strings a module can write, read from its source with ``ast``: what the two
reason-template tests (imports, facts) hold against the Chinese wordings."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "waibao"

TWO_WORDS = re.compile(r"[A-Za-z]{2,}[ ,;:()/.'-]+[A-Za-z]{2,}")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def text_of(node: ast.AST) -> str | None:
    """A string constant as written, an f-string with ``\\x00`` for each formatted value."""
    if isinstance(node, ast.JoinedStr):
        return "".join(
            value.value if isinstance(value, ast.Constant) else "\x00" for value in node.values
        )
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def templates(names: tuple[str, ...]) -> dict[str, str]:
    """Every string of two or more English words in the modules ``names`` (paths under
    ``src/waibao``), docstrings left out: text (``\\x00`` for each formatted value) → where."""
    found: dict[str, str] = {}
    for name in names:
        tree = ast.parse((SRC / name).read_text(encoding="utf-8"))
        skipped = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):  # its parts are read with it, not alone
                skipped.update(id(value) for value in node.values)
            elif id(node) in skipped:
                continue
            text = text_of(node)
            if text is not None and TWO_WORDS.search(text.replace("\x00", " ")):
                found.setdefault(text, f"{name}:{node.lineno}")
    return found
