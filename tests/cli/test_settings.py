"""Every setting is documented in the README's table, and `factdesk settings` shows the paths in effect."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdesk.cli.main import group
from factdesk.settings import SETTINGS

README = Path(__file__).parents[2] / "README.md"


def test_readme_settings_table_lists_every_setting() -> None:
    table = README.read_text(encoding="utf-8").split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(FACTDESK_[A-Z_]+)`", table, flags=re.MULTILINE))
    assert documented == {setting.env for setting in SETTINGS.values()}


def test_settings_shows_resolved_paths_and_hides_passwords(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path / "desk-home"))
    monkeypatch.delenv("FACTDESK_DB", raising=False)
    rows = {row["name"]: row for row in json.loads(CliRunner().invoke(group, ["settings", "--json"]).output)}
    assert rows["home"]["resolved"] == str(tmp_path / "desk-home")
    assert rows["db"]["resolved"] == f"sqlite:///{tmp_path / 'desk-home' / 'factdesk.db'}" and not rows["db"]["set"]
    assert not (tmp_path / "desk-home").exists()  # showing the settings creates nothing
    monkeypatch.setenv("FACTDESK_DB", "postgresql://desk:s3cret@db.example/factdesk")
    text = CliRunner().invoke(group, ["settings"]).output
    assert "postgresql://desk:***@db.example/factdesk" in text and "s3cret" not in text


def test_every_environment_variable_the_package_reads_is_in_the_readme() -> None:
    package = README.parent / "factdesk"
    read = {name for path in package.rglob("*.py")
            for name in re.findall(r"FACTDESK_[A-Z_]+", path.read_text(encoding="utf-8"))}
    read |= {setting.env for setting in SETTINGS.values()}
    readme = README.read_text(encoding="utf-8")
    assert sorted(name for name in read if f"`{name}" not in readme) == []


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("FACTDESK_TOP_K", "abc", "FACTDESK_TOP_K must be a whole number, not 'abc'"),
    ("FACTDESK_TOP_K", "0", "FACTDESK_TOP_K must be at least 1, not '0'"),
    ("FACTDESK_ABSTAIN_BELOW", "1.5", "FACTDESK_ABSTAIN_BELOW must be between 0 and 1, not '1.5'"),
    ("FACTDESK_MIN_OVERLAP", "lots", "FACTDESK_MIN_OVERLAP must be a number, not 'lots'"),
])
def test_a_numeric_setting_that_is_no_number_is_one_error_line(tmp_path: Path, variable: str, value: str,
                                                               message: str) -> None:
    """Before: `error: internal error: ValueError: invalid literal for int() ...` with a traceback hint."""
    article = tmp_path / "a.txt"
    article.write_text("Dale Earnhardt died at the 2001 Daytona 500.", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "factdesk.cli.main", "check", str(article), "--kb", "demo"],
                            capture_output=True, text=True, env={**os.environ, "FACTDESK_HOME": str(tmp_path),
                                                                 variable: value})
    assert result.returncode == 1 and result.stderr.strip() == f"error: {message}" and result.stdout == ""
    assert not (tmp_path / "factdesk.db").exists()  # nothing stored
