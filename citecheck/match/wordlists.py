"""wordfreq's small word lists, loaded fast in every process that weighs titles.

Importing wordfreq and unpacking its lists costs ~0.2 s, paid again by each worker
process of a run. A list, once unpacked, is kept as a marshal file in the user's cache
directory (named by wordfreq's and Python's versions, so an upgrade unpacks afresh):
reading it back takes a few milliseconds, and wordfreq is then not imported at all.
Without a usable cache directory the lists come from wordfreq as before.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import platformdirs

# Bumped when what a cached list holds changes.
_FORMAT = 1


def word_frequencies(language: str) -> dict[str, float]:
    """wordfreq's small list for ``language`` (word -> frequency; empty when wordfreq
    has none for it)."""
    path = _cached_path(language)
    if path is not None:
        cached = _read(path)
        if cached is not None:
            return cached
    found = _from_wordfreq(language)
    if path is not None:
        _write(path, found)
    return found


def _from_wordfreq(language: str) -> dict[str, float]:
    from wordfreq import available_languages, get_frequency_dict

    if language not in available_languages("small"):
        return {}
    return get_frequency_dict(language, wordlist="small")


@lru_cache(maxsize=1)
def _cache_dir() -> Path | None:
    try:
        version = metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        return None
    python = f"{sys.version_info.major}{sys.version_info.minor}"
    return (
        Path(platformdirs.user_cache_dir("citecheck"))
        / f"wordfreq-{version}-py{python}-v{_FORMAT}"
    )


def _cached_path(language: str) -> Path | None:
    directory = _cache_dir()
    # A language code names the file: nothing else may.
    if directory is None or not language.replace("-", "").isalnum():
        return None
    return directory / f"small-{language}.marshal"


def _read(path: Path) -> dict[str, float] | None:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # none yet, or damaged: unpacked again and rewritten
    if isinstance(data, dict):
        return data
    return None


def _write(path: Path, frequencies: dict[str, float]) -> None:
    """Write atomically (processes of one run may write the same list at once); a cache
    that cannot be written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(frequencies))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass
