"""Helpers of the batch tests (imported by conftest.py and the tests)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

KB_DOCS = [
    {"id": "eiffel", "title": "Eiffel Tower", "url": "https://en.wikipedia.org/wiki/Eiffel_Tower",
     "text": "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. It was "
             "completed in 1889 and is 330 metres tall."},
    {"id": "rome", "title": "Rome", "date": "2020-05-01",
     "text": "Rome is the capital city of Italy. It has a population of about 2.8 million."},
    {"id": "everest", "title": "Mount Everest",
     "text": "Mount Everest is Earth's highest mountain above sea level, in the Himalayas, at 8,849 metres."},
]

#: articles of the tests: each has check-worthy sentences that the knowledge base supports, refutes or lacks
ARTICLES = [
    "The Eiffel Tower is in Berlin. It was completed in 1889, officials said.",
    "Rome is the capital city of Italy. Rome has a population of about 9 million people.",
    "Mount Everest is the highest mountain on Earth. It stands 8,849 metres above sea level.",
    "The Eiffel Tower is 330 metres tall. The Moon is made of cheese, a survey found.",
]


def run(args: list[str], home: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk.cli.main", *args], capture_output=True, text=True,
                          env=env_for(home), timeout=timeout)


def env_for(home: Path) -> dict[str, str]:
    # one thread per model: the tests share 2 cores with each other's workers
    return {**os.environ, "FACTDESK_HOME": str(home), "FACTDESK_DB": "", "FACTDESK_THREADS": "1"}


def stored_sources(home: Path) -> dict[str, int]:
    """How many briefs the store holds per article source."""
    try:
        with sqlite3.connect(home / "factdesk.db") as conn:
            return dict(conn.execute("SELECT source, COUNT(*) FROM checks GROUP BY source").fetchall())
    except sqlite3.OperationalError:  # the store is being created: no table yet
        return {}
