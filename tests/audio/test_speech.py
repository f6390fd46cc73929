"""A real synthesis with Piper and the joe voice: a valid audio file, as long as its words, not silence."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from factdesk.models import LABELS, Article, Brief, Claim, ClaimCheck, Evidence, Forecast, Label, Passage, Verdict

pytest.importorskip("piper", reason="the audio extra is not installed: pip install 'factdesk[audio]'")
sf = pytest.importorskip("soundfile")
pytestmark = pytest.mark.slow

from factdesk.audio import brief_audio  # noqa: E402 - after the extra is known to be there
from factdesk.audio.script import spoken_script  # noqa: E402
from factdesk.errors import InputError  # noqa: E402

TEXT = "The Eiffel Tower was completed in 1889. Tickets will cost 10% more next year."


def short_brief() -> Brief:
    claim = Claim(id="c1", text="The Eiffel Tower was completed in 1889.", start=0, end=39, checkworthiness=0.9)
    passage = Passage(id="wiki:eiffel#0", text="The tower was completed in 1889 for the World's Fair.",
                      doc_id="wiki:eiffel", title="Eiffel Tower", date=dt.date(2024, 3, 1))
    verdict = Verdict(claim_id="c1", label=Label.SUPPORTED, confidence=0.91,
                      probabilities={lab: 0.91 if lab is Label.SUPPORTED else 0.045 for lab in LABELS},
                      evidence=[Evidence(passage=passage, score=1.0, rank=1)], cited=[passage.id], model="m")
    prediction = Claim(id="p1", text="Tickets will cost 10% more next year.", start=40, end=77, checkworthiness=0.4,
                       is_prediction=True)
    forecast = Forecast(claim_id="p1", made_on=dt.date(2026, 12, 1), horizon="next year", due=dt.date(2027, 12, 31),
                        likelihood=0.97, likelihood_word="will")
    return Brief(check_id="a" * 32, created_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
                 article=Article(text=TEXT, title="Eiffel Tower prices", source="t.md"),
                 summary=["The tower is in Paris."], results=[ClaimCheck(claim=claim, verdict=verdict)],
                 predictions=[prediction], references=[passage], models={}, forecasts=[forecast])


def test_the_script_reads_title_summary_verdict_evidence_and_predictions() -> None:
    script = spoken_script(short_brief())
    assert script[0] == "Eiffel Tower prices."
    assert script[1] == "Summary. The tower is in Paris."
    assert script[3] == ("Claim one: The Eiffel Tower was completed in eighteen eighty-nine. Verdict: supported by "
                         "the evidence, with ninety-one percent confidence. The deciding evidence, from Eiffel Tower, "
                         "March first, twenty twenty-four: The tower was completed in eighteen eighty-nine for the "
                         "World's Fair.")
    assert script[-1] == ("Prediction one: Tickets will cost ten percent more next year. Due December thirty-first, "
                          "twenty twenty-seven. Stated likelihood: ninety-seven percent.")


@pytest.mark.parametrize(("suffix", "container", "subtype"), [
    (".wav", "WAV", "PCM_16"), (".ogg", "OGG", "OPUS"), (".mp3", "MP3", "MPEG_LAYER_III")])
def test_a_short_brief_is_spoken(tmp_path: Path, suffix: str, container: str, subtype: str) -> None:
    path = tmp_path / f"brief{suffix}"
    seconds = brief_audio(short_brief(), path)
    info = sf.info(str(path))
    assert (info.format, info.subtype, info.channels) == (container, subtype, 1)
    assert abs(info.duration - seconds) < 0.2  # what was written is what was spoken
    words = sum(len(p.split()) for p in spoken_script(short_brief()))
    # a newsreader speaks 2 to 3.5 words a second; pauses between paragraphs add a little
    assert words / 3.5 < info.duration < words / 2.0 + 3, (words, info.duration)
    samples, _ = sf.read(str(path), dtype="float32")
    rms = float(np.sqrt(np.mean(samples**2)))
    assert rms > 0.02, rms  # speech, not silence
    assert np.mean(np.abs(samples) < 0.01) < 0.6  # mostly voiced, with pauses


def test_an_unknown_container_is_refused_before_the_voice_loads(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.wav, \.flac, \.ogg"):
        brief_audio(short_brief(), tmp_path / "brief.aiff")
    assert not (tmp_path / "brief.aiff").exists()


def test_listen_writes_audio_and_prints_its_script(tmp_path: Path) -> None:
    from factdesk.store import Store

    db = f"sqlite:///{tmp_path / 'f.db'}"
    with Store(db) as store:
        store.save(short_brief())
    env = {**os.environ, "FACTDESK_HOME": str(tmp_path)}
    base = [sys.executable, "-m", "factdesk.cli.main", "listen", "aaaa", "--db", db]
    printed = subprocess.run([*base, "--script"], capture_output=True, text=True, env=env, timeout=120)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.split("\n\n") == [*spoken_script(short_brief())[:-1], spoken_script(short_brief())[-1] + "\n"]
    written = subprocess.run([*base, "-o", str(tmp_path / "b.ogg")], capture_output=True, text=True, env=env,
                             timeout=300)
    assert written.returncode == 0, written.stderr
    assert sf.info(str(tmp_path / "b.ogg")).duration > 5
    refused = subprocess.run(base, capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 3 and refused.stderr.startswith("error: give -o")
