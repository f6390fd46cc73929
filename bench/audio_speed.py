"""Speed of the spoken brief (issue 12: a 1,000-word article's brief speaks in under 30 s of compute on 2 cores).

For the bundled sample article and a ~1,000-word article (the example brief in ../shared/examples when present,
else the sample repeated to 1,000 words), checks the article once (not timed), then speaks its brief in a fresh
process with `factdesk listen ID -o brief.wav --json`: compute includes loading the voice. Prints a table and writes
bench/results/audio_speed.json.

    python bench/audio_speed.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "audio_speed.json"
EXAMPLE = ROOT.parent / "shared" / "examples" / "seed-brief-japan-ai-policy.txt"


def articles() -> dict[str, str]:
    from factdesk.evidence.demo import demo_article_path

    sample = demo_article_path().read_text()
    if EXAMPLE.exists():
        long = EXAMPLE.read_text()
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        from check_speed import article_1000_words

        long = article_1000_words()
    return {"sample article": sample, "1,000-word article": long}


def speak(check_id: str, db: str, folder: Path) -> dict:
    out = folder / f"{check_id}.wav"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "factdesk.cli.main", "listen", check_id, "-o", str(out), "--json",
                             "--db", db], capture_output=True, text=True, check=True, env=os.environ)
    wall = time.perf_counter() - started
    data = json.loads(result.stdout)
    return {"script_words": sum(len(p.split()) for p in data["script"]), "speech_s": data["speech_s"],
            "compute_s": data["compute_s"], "process_wall_s": round(wall, 2),
            "speech_per_compute_s": round(data["speech_s"] / data["compute_s"], 2), "bytes_wav": out.stat().st_size}


def main() -> None:
    import factdesk

    rows = {}
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'bench.db'}"
        for name, text in articles().items():
            brief = factdesk.check(text, kb="demo", db=db)
            rows[name] = {"article_words": len(text.split()), "claims": len(brief.results),
                          "predictions": len(brief.predictions), **speak(brief.check_id, db, Path(folder))}
    load = os.getloadavg()[0]
    print(f"| brief of | article words | claims | predictions | script words | speech s | compute s (incl. voice "
          f"load) | speech s per compute s |   (load average {load:.1f}, {os.cpu_count()} cores)")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, r in rows.items():
        print(f"| {name} | {r['article_words']} | {r['claims']} | {r['predictions']} | {r['script_words']} | "
              f"{r['speech_s']:.1f} | {r['compute_s']:.1f} | {r['speech_per_compute_s']:.2f} |")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"load_average": load, "cores": os.cpu_count(), "results": rows}, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
