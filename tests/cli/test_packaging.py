"""The base install carries what the quickstart promises: `factdesk serve` (the web desk) needs no extra."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).parents[2] / "pyproject.toml"


def requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
            for requirement in requirements}


def test_the_desk_is_in_the_base_dependencies_and_serve_is_an_alias() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    base = requirement_names(project["dependencies"])
    assert {"fastapi", "fastapi-offline", "uvicorn", "python-multipart", "feedparser"} <= base
    extras = project["optional-dependencies"]
    assert "serve" in extras  # `pip install 'factdesk[serve]'` from older instructions still works
    assert "hypothesis" in requirement_names(extras["test"])  # the fuzz tests (tests/fuzz)


def test_serve_help_no_longer_asks_for_an_extra() -> None:
    from click.testing import CliRunner

    from factdesk.cli.main import group

    result = CliRunner().invoke(group, ["--help"])
    [line] = [line for line in result.output.splitlines() if line.strip().startswith("serve ")]
    assert result.exit_code == 0 and "extra" not in line
