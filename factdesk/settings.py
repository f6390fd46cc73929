"""Settings in one place: (name, default, help), overridable by environment variables.

Each setting reads the environment variable `FACTDESK_<NAME>`; `factdesk settings` prints them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return f"FACTDESK_{self.name.upper()}"

    def value(self) -> str:
        return os.environ.get(self.env, self.default)


def _default_home() -> str:
    from platformdirs import user_data_dir

    return user_data_dir("factdesk", appauthor=False)


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting("home", "", "data folder for the store and knowledge bases (default: the user's data dir)"),
        Setting("db", "", "database URL of the check store (default: sqlite under the home folder)"),
        Setting("kb", "demo", "knowledge base used when --kb is not given"),
        Setting("top_k", "5", "passages retrieved per claim"),
        Setting("rerank", "off", "reranker of the 20 best fused candidates ('minilm', the shipped one; 'onnx:DIR') or "
                "'off'"),
        Setting("embedder", "claims", "model that embeds the passages of new knowledge bases and their queries: "
                "'claims' (trained for claims and evidence), 'minilm' (all-MiniLM-L6-v2 as published) or "
                "'onnx:DIR'; a knowledge base keeps its own model until `factdesk kb reindex`"),
        Setting("dense_cache_mb", "512", "memory (MB) for float32 copies of a knowledge base's passage vectors, "
                "which make dense search fast; a larger knowledge base is searched from disk (0: never cached)"),
        Setting("threads", "0", "onnxruntime threads per model (0: up to 4, by CPU count)"),
        Setting("abstain_below", "0.5", "verdicts less confident than this are shown as NOT ENOUGH INFO"),
        Setting("topic_gate", "embedder", "how a verdict drawn from passages off the claim's subject becomes NOT "
                "ENOUGH INFO: 'embedder' (the knowledge base's embedder says the passages are off it; word overlap "
                "where passages carry no embedder score), 'words' (word overlap only) or 'off'"),
        Setting("min_overlap", "0.3", "word-overlap gate: verdicts whose passages share less than this share of the "
                "claim's content words are shown as NOT ENOUGH INFO (off-topic evidence)"),
        Setting("check_nice", "10", "serve/worker: niceness of the threads that run checks (0-19; higher keeps the "
                "API responsive on a busy CPU; Linux only)"),
        Setting("user", "", "who resolves a prediction when --who is not given (default: the login name)"),
    ]
}


def get(name: str) -> str:
    return SETTINGS[name].value()


def number(name: str, whole: bool = False, low: float | None = None, high: float | None = None) -> float:
    """A numeric setting, checked: a value that is no number, or outside [low, high], is a one-line error naming
    the variable (it was an internal error with a traceback hint)."""
    from factdesk.errors import FactdeskError

    setting, raw = SETTINGS[name], get(name)
    try:
        value: float = int(raw) if whole else float(raw)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise FactdeskError(f"{setting.env} must be {kind}, not {raw!r}") from None
    if value != value or (low is not None and value < low) or (high is not None and value > high):
        bounds = (f"between {low:g} and {high:g}" if low is not None and high is not None
                  else f"at least {low:g}" if low is not None else f"at most {high:g}")
        raise FactdeskError(f"{setting.env} must be {bounds}, not {raw!r}")
    return value


def home_path() -> Path:
    """The home folder, not created."""
    return Path(get("home") or _default_home()).expanduser()


def home() -> Path:
    path = home_path()
    path.mkdir(parents=True, exist_ok=True)
    return path


def db_url() -> str:
    return get("db") or f"sqlite:///{home() / 'factdesk.db'}"


def resolved(name: str) -> str:
    """The value in effect: for `home` and `db` the folder and URL used when they are not set (nothing created)."""
    if name == "home":
        return str(home_path())
    if name == "db":
        return get("db") or f"sqlite:///{home_path() / 'factdesk.db'}"
    return get(name)
