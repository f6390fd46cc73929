"""`eval --plot` without matplotlib fails at once, before the evaluation runs (and writes nothing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_missing_matplotlib_fails_before_the_evaluation(tmp_path: Path) -> None:
    hidden = tmp_path / "hide" / "matplotlib"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text("raise ImportError('matplotlib hidden by the test')\n")
    bench = tmp_path / "mini.claims.jsonl"
    bench.write_text(json.dumps({"id": "m0", "claim": "Paris is in France.", "label": "SUPPORTED", "source": "t",
                                 "evidence": [{"text": "Paris is the capital of France.", "title": None,
                                               "stance": None}]}) + "\n")
    report = tmp_path / "report.json"
    env = {**os.environ, "PYTHONPATH": f"{hidden.parent}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "FACTDESK_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-m", "factdesk.cli.main", "eval", str(bench), "--json", str(report),
                             "--plot", str(tmp_path / "fig.png")], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == ["error: plotting needs matplotlib: pip install 'factdesk[plot]'"]
    assert not report.exists()  # the evaluation never ran
