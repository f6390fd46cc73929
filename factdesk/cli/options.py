"""Options and helpers shared by several commands."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from factdesk.errors import InputError

if TYPE_CHECKING:
    from factdesk.models import Brief

FORMATS = ("md", "json", "html", "claimreview", "audio")  # audio: a spoken brief, -o FILE.wav|.ogg|.mp3 (docs/audio.md)


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        # repr: a value holding a newline or control characters still gives one `error:` line (found by fuzzing)
        raise InputError(f"--as-of: {value[:40]!r} is not a date (expected YYYY-MM-DD)") from None


def db_option(func: Callable) -> Callable:
    return click.option("--db", metavar="URL", help="store URL (default: sqlite under $FACTDESK_HOME).")(func)


def json_option(func: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="print JSON for scripts.")(func)


def format_option(func: Callable) -> Callable:
    return click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
                        help="output format of the brief.")(func)


def output_option(func: Callable) -> Callable:
    return click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), callback=_writable,
                        help="write to FILE instead of standard output.")(func)


def _writable(_: click.Context, __: click.Parameter, output: Path | None) -> Path | None:
    """Checked before the command runs: a check whose brief cannot be written is neither run nor stored."""
    if output is None:
        return None
    folder = output.parent
    if not folder.is_dir():
        raise InputError(f"cannot write {output}: no such folder {folder}")
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise InputError(f"cannot write {output}: permission denied")
    return output


def emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text)
        return
    try:
        output.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)


def emit_brief(brief: Brief, fmt: str, output: Path | None) -> None:
    """Render `brief` as `fmt` to `output` (stdout when None); audio is spoken into the file -o names."""
    if fmt == "audio":
        from factdesk.audio import brief_audio

        check_audio_output(fmt, output)
        assert output is not None  # checked just above
        seconds = brief_audio(brief, output)
        click.echo(f"wrote {output} ({seconds:.0f} s of speech)", err=True)
        return
    from factdesk.brief.base import render

    emit(render(brief, fmt), output)


def check_audio_output(fmt: str, output: Path | None) -> None:
    """Before a check runs: audio needs a file with a known suffix, so nothing is checked for nothing."""
    if fmt == "audio":
        from factdesk.audio.speech import audio_suffix

        if output is None:
            raise InputError("-f audio writes a file: give -o brief.wav (or .ogg, .mp3, .flac)")
        audio_suffix(output)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str, ensure_ascii=False))


def stderr_status(message: str) -> None:
    if sys.stderr.isatty():
        click.echo(f"… {message}", err=True)
