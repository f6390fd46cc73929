"""A toy claims file for the training tests of the reranker and the embedder: claims about people, each person's
passage naming their city, every passage sharing the template words (so BM25 and the embedder rank the other people's
passages as hard negatives)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PEOPLE = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth",
          "John McCarthy", "Frances Allen", "Ken Thompson", "Dennis Ritchie", "Niklaus Wirth", "Tony Hoare",
          "Leslie Lamport", "Margaret Hamilton", "Claude Shannon", "John Backus", "Radia Perlman", "Robin Milner"]
CITIES = ["London", "Paris", "Oslo", "Lisbon", "Vienna", "Prague", "Dublin", "Madrid", "Athens"]


def rows() -> list[dict]:
    """Claims about people; each person's passage names their city, and every passage shares the template words,
    so BM25 and the embedder rank the other people's passages as hard negatives."""
    out = []
    for i, person in enumerate(PEOPLE):
        city = CITIES[i % len(CITIES)]
        passage = f"{person} was a computer scientist who spent most of a long career working in {city}."
        for j, claim in enumerate([f"{person} worked in {city}.", f"{person} was a computer scientist.",
                                   f"{person} had a long career.", f"{city} was home to {person}.",
                                   f"{person} lived and worked in {city} for years.",
                                   f"The career of {person} was spent in {city}."]):
            out.append({"id": f"t{i}-{j}", "claim": claim, "label": "SUPPORTED", "source": "toy",
                         "evidence": [{"text": passage, "title": None, "stance": None}]})
    return out


def write_claims_file(folder: Path) -> Path:
    """The toy rows as `folder/fever-gold.claims.jsonl` (a name the trainers read)."""
    path = folder / "fever-gold.claims.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows()))
    return path


def train_in_two_sittings(command: list[str], work: Path, home: Path, steps: int) -> tuple[dict, str]:
    """`factdesk train ...` as a user runs a long training: a first sitting cut by --max-minutes after its first
    step (nothing exported), then --resume to the end. Returns progress.json as the first sitting left it and the
    second sitting's output."""
    from click.testing import CliRunner

    from factdesk.cli.main import group

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACTDESK_HOME", str(home))
        first = CliRunner().invoke(group, [*command, "--max-minutes", "1e-9"])
        assert first.exit_code == 0, first.output
        assert f"stopped at step 1 of {steps}; run the same command with --resume" in first.output
        progress = json.loads((work / "progress.json").read_text())
        assert progress["stopped_early"] is True and not (work / "onnx").exists()
        second = CliRunner().invoke(group, [*command, "--resume"])
        assert second.exit_code == 0, second.output
        assert f"resuming at step 1/{steps}" in second.output
    return progress, second.output
