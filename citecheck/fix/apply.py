"""Reading a source exactly, writing the fixed text atomically, showing the diff."""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from citecheck.errors import InputError
from citecheck.fix.edits import Edit, FixConflictError, apply_text
from citecheck.sources import refuse_wide_unicode


@dataclass(frozen=True)
class SourceFile:
    """A file's text decoded without touching line endings, and how to encode it back."""

    path: str
    text: str
    encoding: str
    sha256: str


def load_source(path: str | os.PathLike[str]) -> SourceFile:
    """Decode ``path`` losslessly: readers get the text, ``fix`` writes the same bytes back.

    Bytes are decoded as a whole (no newline translation), so CRLF stays CRLF and
    character offsets from the readers match the file. UTF-8 (with or without a BOM)
    is expected; anything else is read as Latin-1, which maps every byte to one
    character and so still writes back byte for byte.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=str(path)) from exc
    refuse_wide_unicode(data, str(path))  # as Latin-1 it would be garbage, not text
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "latin-1"
        text = data.decode(encoding)
    return SourceFile(str(path), text, encoding, hashlib.sha256(data).hexdigest())


def apply_edits(
    path: str | os.PathLike[str],
    original_text: str,
    edits: Sequence[Edit],
    *,
    encoding: str = "utf-8",
) -> bool:
    """Write ``original_text`` with ``edits`` applied to ``path``; True if it was written.

    A file whose text would not change is not touched at all. The file must still
    hold ``original_text`` (compared by hash), else :class:`FixConflictError`: someone
    edited it meanwhile and our offsets would land in the wrong place. The new
    content goes to a temporary file in the same directory, which then replaces the
    original in one step, keeping its permission bits.
    """
    new_text = apply_text(original_text, edits)
    if new_text == original_text:
        return False
    # Write through a symlink to the file it names, as editors do, instead of
    # replacing the link itself with a regular file.
    target = Path(os.path.realpath(path))
    expected = hashlib.sha256(original_text.encode(encoding)).hexdigest()
    current = hashlib.sha256(target.read_bytes()).hexdigest()
    if current != expected:
        raise FixConflictError(f"{target}: changed since it was read; not fixed, run again")
    mode = target.stat().st_mode & 0o7777
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new_text.encode(encoding))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return True


def render_diff(path: str, original_text: str, edits: Sequence[Edit]) -> str:
    """A unified diff (``a/PATH`` → ``b/PATH``) of what ``apply_edits`` would write."""
    new_text = apply_text(original_text, edits)
    if new_text == original_text:
        return ""
    lines = difflib.unified_diff(
        _lines(original_text),
        _lines(new_text),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out: list[str] = []
    for line in lines:
        out.append(line)
        if not line.endswith("\n"):  # the last line of a file without a final newline
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def _lines(text: str) -> list[str]:
    # Only "\n" ends a line, as for LineIndex: str.splitlines would also split on
    # U+2028, form feeds and lone CRs, giving a diff that does not match the file.
    return _LINE.findall(text)
