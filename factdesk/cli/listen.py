"""`factdesk listen CHECK_ID -o brief.wav`: a stored check's brief, spoken (docs/audio.md)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from factdesk.cli.options import check_audio_output, db_option, json_option, output_option, print_json
from factdesk.errors import InputError


@click.command()
@click.argument("check_id")
@output_option
@click.option("--script", is_flag=True, help="print the spoken script (the words the voice reads).")
@json_option
@db_option
def listen(check_id: str, output: Path | None, script: bool, as_json: bool, db: str | None) -> None:
    """Speak a stored check's brief into -o FILE (.wav, .ogg/.opus, .mp3 or .flac), offline, with Piper.

    \b
    factdesk listen 3f2a -o brief.ogg
    factdesk listen 3f2a --script            # what would be read, as text
    """
    from factdesk.audio.script import spoken_script
    from factdesk.store import Store

    if output is None and not script:
        raise InputError("give -o FILE.wav (or .ogg, .mp3, .flac) to write the audio, or --script to print its words")
    if output is not None:
        check_audio_output("audio", output)
    with Store(db) as store:
        brief = store.get(check_id)
    paragraphs = spoken_script(brief)
    if script and not as_json:
        click.echo("\n\n".join(paragraphs))
    result: dict = {"check_id": brief.check_id, "script": paragraphs}
    if output is not None:
        from factdesk.audio import speaker
        from factdesk.audio.speech import write_audio

        started = time.perf_counter()
        audio = speaker().speak(paragraphs)
        write_audio(audio, output)
        compute = time.perf_counter() - started
        result |= {"output": str(output), "speech_s": round(audio.seconds, 2), "compute_s": round(compute, 2)}
        if not as_json:
            click.echo(f"wrote {output}: {audio.seconds:.0f} s of speech in {compute:.0f} s", err=True)
    if as_json:
        print_json(result)
