"""Spoken briefs, offline: the script (`script.py`), the words it is read in (`normalise.py`, `numbers.py`) and the
voice (`speech.py`, Piper, the `audio` extra). `brief_audio(brief, path)` does all of it (docs/audio.md)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from factdesk.models import Brief

if TYPE_CHECKING:
    from factdesk.audio.speech import Speaker


@cache
def speaker() -> Speaker:
    """One voice per process: it takes about a second to load."""
    from factdesk.audio.speech import Speaker

    return Speaker()


def brief_audio(brief: Brief, path: Path) -> float:
    """Speak `brief` into `path` (.wav, .flac, .ogg/.opus or .mp3); the seconds of speech written."""
    from factdesk.audio.script import spoken_script
    from factdesk.audio.speech import audio_suffix, write_audio

    audio_suffix(path)  # a bad file name fails before the voice loads
    audio = speaker().speak(spoken_script(brief))
    write_audio(audio, path)
    return audio.seconds
