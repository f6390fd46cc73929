"""What language detection costs a process (issue 16): CPU seconds of the first `detect_language` call in a fresh
process, and whether it loaded py3langid's model. CPU seconds, not wall time: on a shared machine at `nice -n 19`
the wall time measures the neighbours.

    nice -n 19 python bench/detect_cost.py factdesk/data/demo_article.md
    git show ea2db6a:factdesk/lang/detect.py > /tmp/detect_before.py      # the detector before the change
    nice -n 19 python bench/detect_cost.py factdesk/data/demo_article.md --module /tmp/detect_before.py

Each run is a new interpreter (`--runs`, default 3), so the model is loaded again as in a fresh `factdesk check`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# run in the fresh interpreter: load the detector from a file (the current one or an older copy), time one call
PROBE = """
import importlib.util, json, sys, time
spec = importlib.util.spec_from_file_location("detect_under_test", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
text = open(sys.argv[2], encoding="utf-8").read()
start = time.process_time()
language = module.detect_language(text)
print(json.dumps({"language": language, "cpu_s": time.process_time() - start,
                  "py3langid_loaded": "py3langid" in sys.modules}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("text", type=Path, help="a text file (an article)")
    parser.add_argument("--module", type=Path, default=ROOT / "factdesk" / "lang" / "detect.py",
                        help="the detector's source file (default: the current factdesk/lang/detect.py)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the runs as JSON")
    args = parser.parse_args(argv)
    for path in (args.text, args.module):
        if not path.is_file():
            print(f"error: no such file: {path}", file=sys.stderr)
            return 2
    if importlib.util.find_spec("py3langid") is None:
        print("error: py3langid is not installed (pip install -e .)", file=sys.stderr)
        return 2
    runs = [json.loads(subprocess.run([sys.executable, "-c", PROBE, str(args.module), str(args.text)],
                                      capture_output=True, text=True, check=True).stdout) for _ in range(args.runs)]
    if args.json:
        print(json.dumps({"text": str(args.text), "module": str(args.module), "runs": runs}, indent=2))
    else:
        seconds = ", ".join(f"{r['cpu_s']:.3f}" for r in runs)
        print(f"{args.text.name}: '{runs[0]['language']}', first call {seconds} CPU s; py3langid loaded: "
              f"{runs[0]['py3langid_loaded']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
