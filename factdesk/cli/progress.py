"""A live status line on stderr for long commands (`kb add`, `check`): drawn while stderr is a terminal,
nothing otherwise, so pipes, logs and `--json` output get only the result and `error:` lines."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


class stderr_status:  # noqa: N801 - used as a context manager
    """A spinner, `text` (a rich column template over the task: "{task.completed:,} documents",
    "{task.description}") and the time elapsed; the line is removed when the command ends.

        with stderr_status("{task.completed:,} documents") as update:   # None when stderr is not a terminal
            ...; update(completed=done)                                  # rich's Progress.update fields
    """

    def __init__(self, text: str, description: str = "") -> None:
        self._bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(SpinnerColumn(), TextColumn(text), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
            self._task = self._bar.add_task(description, total=None)

    def __enter__(self) -> Callable[..., None] | None:
        if self._bar is None:
            return None
        self._bar.start()
        bar, task = self._bar, self._task
        return lambda **fields: bar.update(task, **fields)

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.stop()
