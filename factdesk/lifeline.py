"""Child processes that exit when their parent dies, however it dies (SIGKILL included).

A process started by `multiprocessing` with the spawn method holds the read end of a pipe whose write end
only its parent holds (`multiprocessing.parent_process().sentinel`). When the parent dies, the kernel closes
the write end and the pipe becomes readable: a daemon thread waiting on it ends the child at once. No timer,
no polling, and it works on every platform that spawns.

    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"), initializer=exit_with_parent)
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.connection import wait

#: exit status of a child whose parent died (the conventional "terminated by SIGHUP" value)
ORPHANED_EXIT = 129


def exit_with_parent() -> None:
    """Start a daemon thread that ends this process as soon as its multiprocessing parent is gone.

    A no-op in a process not started by multiprocessing (it has no parent sentinel).
    """
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])  # readable (EOF) only when the parent's end is closed, i.e. the parent is dead
        os._exit(ORPHANED_EXIT)  # no cleanup: the parent that would receive results is gone

    threading.Thread(target=watch, name="factdesk-lifeline", daemon=True).start()
