"""Processes as Linux shows them in /proc: the tests that kill a parent check that its children are gone."""

from __future__ import annotations

import contextlib
from pathlib import Path

HAS_PROC = Path("/proc/self/stat").exists()


def _state_and_parent(pid: int | str) -> tuple[str, int]:
    state, parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:2]
    return state, int(parent)


def children(pid: int) -> set[int]:
    """Live (non-zombie) processes whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError):
                state, parent = _state_and_parent(entry.name)
                if parent == pid and state != "Z":
                    found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running: a zombie has exited, only its parent's wait is missing."""
    try:
        return _state_and_parent(pid)[0] != "Z"
    except (OSError, ValueError):
        return False
