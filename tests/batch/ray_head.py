"""A real Ray head node for the tests: `ray start --head --block` on 127.0.0.1 in a temporary folder.

It runs in a process group of its own, so stopping it ends exactly the processes it started (its GCS, raylet
and workers), never another Ray on the machine (`ray stop` would end every one).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def ray_head(num_cpus: int = 2, start_timeout: float = 180) -> Iterator[str]:
    """Yield the address (HOST:PORT) of a head node started here; stop it and remove its folder after."""
    temp_dir = tempfile.mkdtemp(prefix="ray-", dir="/tmp")  # short: Ray's socket paths must fit 107 bytes
    port = free_port()
    ray = str(Path(sys.executable).with_name("ray"))
    head = subprocess.Popen(
        [ray, "start", "--head", "--block", "--node-ip-address=127.0.0.1", f"--port={port}", f"--temp-dir={temp_dir}",
         f"--num-cpus={num_cpus}", "--include-dashboard=false", "--disable-usage-stats",
         f"--object-store-memory={200 * 1024 * 1024}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"})
    try:
        _wait_until_listening(port, head, start_timeout)
        yield f"127.0.0.1:{port}"
    finally:
        _stop(head)
        shutil.rmtree(temp_dir, ignore_errors=True)


def _wait_until_listening(port: int, head: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if head.poll() is not None:
            raise RuntimeError(f"ray start exited {head.returncode}: {head.stderr.read() if head.stderr else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the Ray head did not listen on port {port} within {timeout:.0f} s")


def _stop(head: subprocess.Popen) -> None:
    """SIGTERM to the head's process group, SIGKILL to what is left of it after 30 s."""
    for sig, wait_s in ((signal.SIGTERM, 30.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(head.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and _group_alive(head.pid):
            head.poll()
            time.sleep(0.2)
        if not _group_alive(head.pid):
            head.wait()
            return


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
