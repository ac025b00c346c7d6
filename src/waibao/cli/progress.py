"""Progress of a long command on the terminal, and one summary line when it ends.

CLI.md: long work shows progress on a terminal and stays quiet otherwise. Everything here is
written to standard error, and only when standard error is a terminal: standard output (the
command's result, often piped or redirected) is never touched, and in scripts, cron jobs and
tests (no terminal) both streams stay byte for byte what the command writes itself
(docs/decisions/0010).

A :class:`Progress` draws one line, redrawn in place (``\\r`` and erase to the end of the
line): a count of what is done (``update``), or, for a step that is one long query, the
step's name and its running time (``step``; a timer thread redraws it). ``done`` replaces the
line with the summary, Chinese first then English, as the CLI's other messages::

    导入 12,345 行，用时 3.2 秒 · imported 12,345 rows in 3.2 s

No dependency: ``rich`` is installed only as a dependency of the development tools.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TextIO

ERASE_LINE = "\r\x1b[K"
REDRAW_SECONDS = 0.1  # at most ten redraws a second


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Progress:
    """What a long command is doing, on ``stream`` (standard error) when it is a terminal.

    ``label`` is the work's name, Chinese then English (``"导入 import"``). Use it as a
    context manager: the line is erased however the command ends (so errors that follow
    print on a clean line). ``tick`` is how often the timer redraws a running step (``None``:
    no timer thread, for tests); ``clock`` gives seconds."""

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        tick: float | None = 0.5,
    ) -> None:
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        self.enabled = is_terminal(self.stream)
        self.clock = clock
        self.tick = tick
        self.started = clock()
        self._status = ""
        self._drawn_at: float | None = None
        self._lock = threading.Lock()
        self._stop: threading.Event | None = None
        self._timer: threading.Thread | None = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.clear()

    @property
    def seconds(self) -> float:
        return self.clock() - self.started

    def update(self, done: int, total: int | None = None, unit: str = "") -> None:
        """``done`` of ``total`` (or of an unknown number) things, ``unit`` their name."""
        if not self.enabled:
            return
        if total:
            width = 24
            filled = min(width, width * done // total)
            self._status = (
                f"[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} {unit}".rstrip()
            )
        else:
            self._status = f"{done:,} {unit}".rstrip()
        self._draw(force=False)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """A step of unknown length (``name``: Chinese then English), drawn with its running
        time while it lasts."""
        if not self.enabled:
            yield
            return
        self._status = name
        self._draw(force=True)
        self._start_timer()
        try:
            yield
        finally:
            self._stop_timer()

    def done(self, chinese: str, english: str) -> None:
        """The summary line: ``chinese，用时 S 秒 · english in S s``."""
        self._stop_timer()
        if not self.enabled:
            return
        seconds = f"{self.seconds:.1f}"
        self._write(f"{ERASE_LINE}{chinese}，用时 {seconds} 秒 · {english} in {seconds} s\n")
        self._drawn_at = None

    def _draw(self, *, force: bool) -> None:
        now = self.clock()
        if not force and self._drawn_at is not None and now - self._drawn_at < REDRAW_SECONDS:
            return
        self._drawn_at = now
        self._write(f"{ERASE_LINE}{self.label} {self._status} {now - self.started:.1f} s")

    def clear(self) -> None:
        """Erase the line (before the command writes to the same terminal)."""
        self._stop_timer()
        if self.enabled and self._drawn_at is not None:
            self._write(ERASE_LINE)
        self._drawn_at = None

    def _write(self, text: str) -> None:
        with self._lock:
            if self.stream is not sys.stdout:
                sys.stdout.flush()  # what the command printed comes first on the terminal
            self.stream.write(text)
            self.stream.flush()

    def _start_timer(self) -> None:
        if self.tick is None:
            return
        stop = self._stop = threading.Event()
        interval = self.tick

        def redraw() -> None:
            while not stop.wait(interval):
                self._draw(force=True)

        self._timer = threading.Thread(target=redraw, name="waibao-progress", daemon=True)
        self._timer.start()

    def _stop_timer(self) -> None:
        """Stop the timer and wait for it, so that no redraw lands after what follows."""
        if self._stop is not None:
            self._stop.set()
            self._stop = None
        if self._timer is not None:
            self._timer.join()
            self._timer = None
