"""Load benchmark of `factdesk serve` (issue targets: zero errors, GET p99 <= 200 ms while checks run).

Starts a real `factdesk serve` subprocess on 127.0.0.1 (a free port, a fresh temporary FACTDESK_HOME with its
own SQLite database, the bundled `demo` knowledge base, feeds off) and drives it, for a fixed time, with:

- `--clients` submitters (default 50) in a closed loop: POST /v1/checks with a short article that differs on
  every request (nothing can be cached or deduplicated), poll GET /v1/checks/{id} every `--poll` seconds until
  the check is done or failed, read the brief (GET /v1/checks/{id} and /v1/checks/{id}.md), start again;
- `--readers` readers (default 5) that keep listing checks (GET /v1/checks?limit=&offset=&q=) and reading the
  status and the Markdown brief of finished checks.

After `--seconds` (default 120) no new check is submitted; submitters finish the check they are waiting for and
the run waits (at most `--drain` seconds) until every accepted check is done or failed. It prints a table and
writes bench/results/serve_load.json (parameters, machine, load average at start and end, all figures). The
server is stopped with SIGTERM (then SIGKILL if it hangs) whatever happens, Ctrl-C included.

    .venv/bin/python bench/serve_load.py                       # 50 clients, 120 s
    .venv/bin/python bench/serve_load.py --clients 10 --seconds 30 --out /tmp/try.json

Latencies are measured by the client (stdlib http.client, one keep-alive connection per client thread), so on a
small machine they include the benchmark's own share of the CPU: the numbers are an upper bound.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "serve_load.json"
GET_P99_TARGET_MS = 200.0
FINAL = ("done", "failed")

# Sentences about the demo knowledge base, so checks retrieve real evidence and do the full amount of work
FACTS = [
    "Mooresville calls itself Race City USA and is home to more than 60 racing teams.",
    "The Alfred Dockery House near Rockingham was restored in 1971.",
    "The Sievern and Knoxville Railroad was abandoned in 1953.",
    "Huntington Beach State Park hosts roseate spoonbills in winter.",
    "Dale Earnhardt died at the 1998 Daytona 500.",
    "The Glenn-Thompson Plantation stands near Pittsview in Russell County.",
]


# -- measurements -------------------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str  # submit, status, brief_md, list
    started: float  # monotonic
    ms: float
    ok: bool


@dataclass
class Stats:
    """Everything the clients record; one lock, since 55 threads append to it."""

    samples: list[Sample] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    submitted: int = 0
    accepted: list[str] = field(default_factory=list)
    final: dict[str, str] = field(default_factory=dict)  # check id -> done | failed
    end_to_end_s: list[float] = field(default_factory=list)  # only checks that ended done
    finished_at: list[float] = field(default_factory=list)  # monotonic time a client saw a final state
    done_ids: list[str] = field(default_factory=list)  # briefs the readers can read
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample, error: str | None) -> None:
        with self.lock:
            self.samples.append(sample)
            if error:
                self.errors[error] += 1


class Client:
    """One keep-alive HTTP connection to the server; every request is timed and recorded in `stats`."""

    def __init__(self, port: int, stats: Stats, timeout: float = 30.0) -> None:
        self.port, self.stats, self.timeout = port, stats, timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(self, kind: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """(status, parsed JSON or text); status 0 on a connection error. Non-2xx and errors count as errors."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data else {}
        started = time.monotonic()
        status, payload, error = 0, None, None
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            raw = response.read()
            status = response.status
            kind_of = response.getheader("content-type", "")
            payload = json.loads(raw) if "json" in kind_of else raw.decode("utf-8", "replace")
            if not 200 <= status < 300:
                error = f"{kind}: HTTP {status}"
        except (OSError, http.client.HTTPException, json.JSONDecodeError) as exc:
            error = f"{kind}: {type(exc).__name__}"
            self.close()  # a broken keep-alive connection is not reused
        ms = (time.monotonic() - started) * 1000
        self.stats.add(Sample(kind, started, ms, error is None), error)
        return status, payload

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# -- the server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(home: Path, port: int, log: Path, workers: int) -> subprocess.Popen[bytes]:
    """`factdesk serve` in its own process group (a Ctrl-C in the terminal must not reach it unannounced)."""
    env = {**os.environ, "FACTDESK_HOME": str(home), "FACTDESK_DB": "", "FACTDESK_KB": "demo"}
    args = [sys.executable, "-m", "factdesk.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port),
            "--db", f"sqlite:///{home / 'factdesk.db'}", "--workers", str(workers), "--kb", "demo", "--no-feeds"]
    with log.open("ab") as out:
        return subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                start_new_session=True)


def wait_ready(process: subprocess.Popen[bytes], port: int, log: Path, timeout: float) -> None:
    """Until /healthz says the models are loaded (the first start also builds the demo knowledge base)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{tail(log)}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if json.loads(conn.getresponse().read()).get("models_loaded"):
                return
        except (OSError, http.client.HTTPException, json.JSONDecodeError):
            pass  # not listening yet
        time.sleep(0.5)
    raise RuntimeError(f"the server was not ready after {timeout:.0f} s:\n{tail(log)}")


def stop_server(process: subprocess.Popen[bytes]) -> int | None:
    """SIGTERM, then SIGKILL if it does not stop within 60 s (it gives running checks 10 s).

    After a graceful shutdown uvicorn re-raises the signal, so a clean stop exits with -15, not 0."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
    return process.returncode


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# -- the clients --------------------------------------------------------------------------------------------


def article(client: int, iteration: int) -> dict[str, str]:
    """Three sentences, one naming the client and iteration, so no two requests carry the same text."""
    rng = random.Random(client * 100_003 + iteration)
    first, second = rng.sample(FACTS, 2)
    note = f"Correspondent {client} filed report number {iteration} from the road on {rng.randint(1, 28)} May."
    return {"text": f"{first} {second} {note}", "title": f"load {client}-{iteration}", "kb": "demo"}


def submitter(n: int, port: int, stats: Stats, stop_submitting: threading.Event, give_up: threading.Event,
              poll_s: float) -> None:
    """Closed loop: submit, poll until final, read the brief, again; after `stop_submitting` only finish."""
    client = Client(port, stats)
    iteration = 0
    while not stop_submitting.is_set():
        iteration += 1
        started = time.monotonic()
        with stats.lock:
            stats.submitted += 1
        status, body = client.request("submit", "POST", "/v1/checks", article(n, iteration))
        if status != 202 or not isinstance(body, dict):
            time.sleep(poll_s)  # an error: do not turn the loop into a busy loop
            continue
        check_id = body["id"]
        with stats.lock:
            stats.accepted.append(check_id)
        final = poll_until_final(client, check_id, poll_s, give_up)
        if final is None:
            break  # the drain timed out
        record_final(stats, check_id, final, time.monotonic() - started)
        if final == "done":
            client.request("brief_md", "GET", f"/v1/checks/{check_id}.md")
    client.close()


def poll_until_final(client: Client, check_id: str, poll_s: float, give_up: threading.Event) -> str | None:
    """The check's final status; the GET that sees `done` carries the brief's JSON, so it is the read too."""
    while not give_up.is_set():
        status, body = client.request("status", "GET", f"/v1/checks/{check_id}")
        if status == 200 and isinstance(body, dict) and body.get("status") in FINAL:
            return body["status"]
        time.sleep(poll_s)
    return None


def record_final(stats: Stats, check_id: str, final: str, seconds: float) -> None:
    with stats.lock:
        stats.final[check_id] = final
        stats.finished_at.append(time.monotonic())
        if final == "done":
            stats.end_to_end_s.append(seconds)
            stats.done_ids.append(check_id)


def reader(n: int, port: int, stats: Stats, stop: threading.Event, pause_s: float) -> None:
    """Lists checks (pages, searches) and reads briefs of finished checks, without thinking time."""
    client = Client(port, stats)
    rng = random.Random(-n - 1)
    while not stop.is_set():
        roll = rng.random()
        with stats.lock:
            done = rng.choice(stats.done_ids) if stats.done_ids else None
        if roll < 0.5 or done is None:
            client.request("list", "GET", list_path(rng))
        elif roll < 0.75:
            client.request("status", "GET", f"/v1/checks/{done}")
        else:
            client.request("brief_md", "GET", f"/v1/checks/{done}.md")
        if pause_s:
            time.sleep(pause_s)
    client.close()


def list_path(rng: random.Random) -> str:
    """The first pages most of the time, as a desk would; sometimes a search of titles and claims."""
    if rng.random() < 0.25:
        return f"/v1/checks?limit=20&q={rng.choice(['Mooresville', 'spoonbills', 'load', 'railroad'])}"
    return f"/v1/checks?limit={rng.choice([20, 50])}&offset={rng.choice([0, 0, 0, 20, 40])}"


# -- the run ------------------------------------------------------------------------------------------------


def run_load(port: int, args: argparse.Namespace, stats: Stats) -> dict[str, float]:
    """Drives the server; returns the monotonic times of the phases."""
    stop_submitting, give_up, stop_readers = threading.Event(), threading.Event(), threading.Event()
    subs = [threading.Thread(target=submitter, args=(n, port, stats, stop_submitting, give_up, args.poll),
                             name=f"submitter-{n}", daemon=True) for n in range(args.clients)]
    readers = [threading.Thread(target=reader, args=(n, port, stats, stop_readers, args.reader_pause),
                                name=f"reader-{n}", daemon=True) for n in range(args.readers)]
    times = {"start": time.monotonic()}
    try:
        for thread in subs + readers:
            thread.start()
        time.sleep(args.seconds)
        times["load_end"] = time.monotonic()
        stop_submitting.set()
        # readers keep reading while the accepted checks finish: the drain is still "while checks run"
        drain_deadline = time.monotonic() + args.drain
        for thread in subs:
            thread.join(timeout=max(0.0, drain_deadline - time.monotonic()))
        times["drain_end"] = time.monotonic()
    finally:
        stop_submitting.set()
        give_up.set()
        stop_readers.set()
        for thread in subs + readers:
            thread.join(timeout=35)  # a request in flight has a 30 s timeout
    return times


def percentiles(values: list[float], digits: int = 1) -> dict[str, float | None]:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "max": None}
    # "inclusive" interpolates between observed values, so p99 of a few hundred samples is not the maximum
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
    return {"n": len(values), "p50": round(cuts[49], digits), "p95": round(cuts[94], digits),
            "p99": round(cuts[98], digits), "max": round(max(values), digits)}


def latency_table(samples: list[Sample], since: float, until: float) -> dict[str, dict[str, float | None]]:
    """Per endpoint kind, and all GETs together, for requests started in [since, until)."""
    window = [s for s in samples if since <= s.started < until]
    kinds = {kind: [s.ms for s in window if s.kind == kind] for kind in ("submit", "status", "brief_md", "list")}
    table = {kind: percentiles(values) for kind, values in kinds.items()}
    table["all_gets"] = percentiles(kinds["status"] + kinds["brief_md"] + kinds["list"])
    return table


def server_counts(port: int) -> dict[str, Any]:
    """The server's own view of the queue (/healthz), to cross-check what the clients saw."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/healthz")
        return json.loads(conn.getresponse().read()).get("jobs", {})
    except (OSError, http.client.HTTPException, json.JSONDecodeError) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}


def summarise(args: argparse.Namespace, stats: Stats, times: dict[str, float], extra: dict[str, Any]) -> dict:
    load_s = times["load_end"] - times["start"]
    total_s = times["drain_end"] - times["start"]
    in_load = sum(1 for t in stats.finished_at if t < times["load_end"])
    finals = Counter(stats.final.values())
    load_gets = latency_table(stats.samples, times["start"], times["load_end"])
    all_gets = latency_table(stats.samples, times["start"], float("inf"))
    errors = sum(stats.errors.values())
    p99 = load_gets["all_gets"]["p99"]
    return {
        "parameters": {"clients": args.clients, "readers": args.readers, "seconds": args.seconds,
                       "poll_s": args.poll, "reader_pause_s": args.reader_pause, "drain_s": args.drain,
                       "server_workers": args.workers, "kb": "demo", "db": "sqlite (fresh, temporary)"},
        **extra,
        "load_seconds": round(load_s, 1),
        "drain_seconds": round(total_s - load_s, 1),
        "checks": {"submitted": stats.submitted, "accepted": len(stats.accepted),
                   "final": len(stats.final), "done": finals["done"], "failed": finals["failed"],
                   "not_final": len(stats.accepted) - len(stats.final),
                   "final_during_load": in_load,
                   "per_minute_during_load": round(in_load / load_s * 60, 2),
                   "per_minute_overall": round(len(stats.final) / total_s * 60, 2)},
        "end_to_end_s": percentiles(stats.end_to_end_s, digits=2),
        "latency_ms_during_load": load_gets,
        "latency_ms_whole_run": all_gets,
        "requests": len(stats.samples),
        "errors": {"total": errors, "by_kind": dict(stats.errors)},
        "targets": {"zero_errors": errors == 0,
                    "get_p99_le_200ms": p99 is not None and p99 <= GET_P99_TARGET_MS,
                    "all_accepted_final": len(stats.final) == len(stats.accepted)},
    }


def machine() -> dict[str, Any]:
    return {"cpu_count": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}


def show(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"factdesk serve under load: {result['parameters']['clients']} clients + "
                        f"{result['parameters']['readers']} readers, {result['load_seconds']} s")
    for column in ("request", "n", "p50 ms", "p95 ms", "p99 ms", "max ms"):
        table.add_column(column, justify="left" if column == "request" else "right")
    names = {"status": "GET /v1/checks/{id}", "brief_md": "GET /v1/checks/{id}.md", "list": "GET /v1/checks?…",
             "all_gets": "all GETs", "submit": "POST /v1/checks"}
    for kind, name in names.items():
        row = result["latency_ms_during_load"][kind]
        table.add_row(name, *(str(row[k]) for k in ("n", "p50", "p95", "p99", "max")))
    console.print(table)
    checks, e2e, targets = result["checks"], result["end_to_end_s"], result["targets"]
    console.print(f"checks: submitted {checks['submitted']}, accepted {checks['accepted']}, final "
                  f"{checks['final']} (done {checks['done']}, failed {checks['failed']}), not final "
                  f"{checks['not_final']} after a {result['drain_seconds']} s drain")
    console.print(f"throughput: {checks['per_minute_during_load']} checks/min during load, "
                  f"{checks['per_minute_overall']} overall; end to end p50 {e2e['p50']} s, p95 {e2e['p95']} s")
    console.print(f"errors: {result['errors']['total']} {result['errors']['by_kind'] or ''}")
    console.print(f"load average: start {result['loadavg_start']}, end {result['loadavg_end']} "
                  f"({result['machine']['cpu_count']} CPUs)")
    for name, met in targets.items():
        console.print(f"target {name}: {'[green]met[/]' if met else '[red]NOT met[/]'}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help="submitting clients (closed loop)")
    parser.add_argument("--readers", type=int, default=5, help="clients listing checks and reading briefs")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long new checks are submitted")
    parser.add_argument("--poll", type=float, default=0.5, help="seconds between two status polls")
    parser.add_argument("--reader-pause", type=float, default=0.0, help="readers' pause between requests")
    parser.add_argument("--drain", type=float, default=300.0, help="longest wait for accepted checks to finish")
    parser.add_argument("--workers", type=int, default=2, help="the server's --workers")
    parser.add_argument("--out", type=Path, default=OUT)
    return parser.parse_args(argv)


def interrupted(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM to the benchmark ends it like Ctrl-C, so the `finally` below still stops the server
    signal.signal(signal.SIGTERM, interrupted)
    workdir = Path(tempfile.mkdtemp(prefix="factdesk-serve-load-"))
    home, log = workdir / "home", workdir / "server.log"
    home.mkdir()
    port = free_port()
    extra: dict[str, Any] = {"machine": machine(), "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    print(f"server log: {log}", flush=True)
    process = start_server(home, port, log, args.workers)
    try:
        ready_from = time.monotonic()
        wait_ready(process, port, log, timeout=600)
        extra["server_ready_s"] = round(time.monotonic() - ready_from, 1)
        print(f"server ready on port {port} after {extra['server_ready_s']} s; loading for {args.seconds:.0f} s",
              flush=True)
        stats = Stats()
        times = run_load(port, args, stats)
        extra["server_jobs_after"] = server_counts(port)
        extra["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        code = stop_server(process)
        print(f"server stopped (exit code {code})", flush=True)
        shutil.rmtree(home, ignore_errors=True)  # the log stays, for a post-mortem
    extra["server_exit_code"] = code
    result = summarise(args, stats, times, extra)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    show(result)
    print(f"wrote {args.out}")
    return 0 if all(result["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
