"""Apply the fixes of substitute findings: `--fix` writes them, `--diff` shows them.

A finding is fixable when its substitute rule matched a span made only of
matched tokens (no words skipped by a `*N` gap) and has a suggestion; the
suggestion is already inflected to the matched words (case, number and
capitalisation: engine/inflect.py). Edits are chosen deterministically:

* sorted by start offset (leftmost first), then by length (longest first),
  then by rule id (lowest first: RL301 before RL312, RL99 before RL100);
* an edit that overlaps one already chosen is skipped (the next run of
  `--fix` can pick it up once the text has changed);
* an edit touching quoted customer text or a template placeholder is never
  applied (the engine does not match there; this is the second guard).

`fix_text(text, findings)` is the pure API (the MCP server uses it). Files are
written with atomic_write_text, only when they still hold the text that was
linted, and only when they are UTF-8 (re-encoding a legacy file could lose
characters).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .atomic import atomic_write_text
from .finding import Finding
from .results import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, FileResult, RunResult
from .text.regions import merge, placeholder_spans, quote_spans

if TYPE_CHECKING:
    from .runner import Target  # a Linter, or a Project with per-file config


def _relint(linter: Target, text: str, path: str) -> FileResult:
    from .runner import lint_text  # lazily: fix_text alone needs no rule engine

    return lint_text(linter, text, path)


@dataclass(frozen=True)
class Edit:
    """One applied fix: text[start:end] (== original) became replacement."""

    start: int
    end: int
    replacement: str
    original: str
    rule: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "replacement": self.replacement,
                "original": self.original, "rule": self.rule}


@dataclass(frozen=True)
class Skipped:
    finding: Finding
    reason: str


_ID = re.compile(r"^([A-Za-z]*)(\d*)")


def _rule_key(rule: str) -> tuple[str, int, str]:
    m = _ID.match(rule)
    letters, digits = (m.group(1), m.group(2)) if m else ("", "")
    return letters, int(digits) if digits else -1, rule


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Quoted customer text and placeholders: never rewritten."""
    return merge([*quote_spans(text), *placeholder_spans(text)])


def plan_fixes(text: str, findings: Iterable[Finding]) -> tuple[list[Edit], list[Skipped]]:
    """The edits to apply, in text order, and the fixable findings left out (with why)."""
    protected = protected_spans(text)
    fixable = [f for f in findings if f.fix is not None]
    fixable.sort(key=lambda f: (f.fix.start, -(f.fix.end - f.fix.start), _rule_key(f.rule)))
    edits: list[Edit] = []
    skipped: list[Skipped] = []
    for f in fixable:
        fx = f.fix
        assert fx is not None
        if not 0 <= fx.start < fx.end <= len(text):
            skipped.append(Skipped(f, "its span is outside the text"))
        elif any(fx.start < e and s < fx.end for s, e in protected):
            skipped.append(Skipped(f, "inside quoted customer text or a placeholder"))
        elif edits and fx.start < edits[-1].end:
            skipped.append(Skipped(f, f"overlaps the fix of {edits[-1].rule}"))
        elif text[fx.start:fx.end] != fx.replacement:
            edits.append(Edit(fx.start, fx.end, fx.replacement, text[fx.start:fx.end], f.rule))
    return edits, skipped


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    out: list[str] = []
    pos = 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def fix_text(text: str, findings: Iterable[Finding]) -> tuple[str, list[Edit]]:
    """The text with every applicable fix made, and the edits that were made."""
    edits, _ = plan_fixes(text, findings)
    return apply_edits(text, edits), edits


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff; marks a last line without a newline as git does.

    A relative path gets git's a/ and b/ prefixes (`git apply`, `patch -p1`);
    an absolute one is shown as it is.
    """
    a, b = (path, path) if os.path.isabs(path) else (f"a/{path}", f"b/{path}")
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 a, b)
    out = []
    for line in lines:
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


class FixWriteError(Exception):
    """A file the fixes were not written to; `code` goes into the report."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _utf8(data: bytes) -> tuple[str, str]:
    """(text, encoding to write back) of a UTF-8 file, with or without a BOM."""
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        raise FixWriteError("not-utf8", "fixes not written: the file is not UTF-8 (save it "
                                        "as UTF-8 to use --fix)") from None


def write_fixed(path: Path, linted: str, fixed: str) -> None:
    """Write `fixed` over `path` if it still holds `linted`; else raise FixWriteError."""
    try:
        before = os.stat(path)
        current, encoding = _utf8(path.read_bytes())
    except OSError as e:
        raise FixWriteError("unreadable", f"fixes not written: {e.strerror or e}") from None
    if current != linted:
        raise FixWriteError("changed-on-disk", "the file changed on disk after it was "
                                               "checked; fixes not written (run again)")
    try:
        now = os.stat(path)
        if (now.st_mtime_ns, now.st_size, now.st_ino) != (before.st_mtime_ns, before.st_size,
                                                          before.st_ino):
            raise FixWriteError("changed-on-disk", "the file changed on disk while it was "
                                                   "being fixed; fixes not written (run again)")
        atomic_write_text(path, fixed, encoding)
    except OSError as e:
        raise FixWriteError("unwritable", f"fixes not written: {e.strerror or e}") from None


# ---- the check command's --fix and --diff ----------------------------------------------

def fix_files(result: RunResult, linter: Target, err: TextIO) -> RunResult:
    """--fix on files: write each file's fixes; the result holds what is left to report."""
    files: list[FileResult] = []
    fixed = 0
    for r in result.files:
        if r.error or r.text is None:
            files.append(r)
            continue
        new, edits = fix_text(r.text, r.findings)
        if not edits:
            files.append(r)
            continue
        try:
            write_fixed(Path(r.path), r.text, new)
        except FixWriteError as e:
            files.append(FileResult(r.path, error=(e.code, str(e))))
            continue
        fixed += len(edits)
        err.write(f"{r.path}: fixed {len(edits)} finding(s)\n")
        files.append(_relint(linter, new, r.path))
    if fixed:
        err.write(f"replylint: {fixed} fix(es) applied\n")
    return RunResult(files)


def print_diffs(result: RunResult, out: TextIO, err: TextIO) -> int:
    """--diff: the fixes as a unified diff; exit 1 when there is one, 2 on errors."""
    changed = 0
    for r in result.files:
        if r.error:
            err.write(f"{r.path}: error: {r.error[1]} [{r.error[0]}]\n")
            continue
        if r.text is None:
            continue
        new, edits = fix_text(r.text, r.findings)
        if edits:
            changed += 1
            out.write(unified_diff(r.text, new, r.path))
    if any(r.error for r in result.files):
        return EXIT_ERROR
    return EXIT_FINDINGS if changed else EXIT_CLEAN


def fix_stdin(result: RunResult, linter: Target, fail_on: str, out: TextIO, err: TextIO
              ) -> int:
    """--fix on stdin: the fixed text to stdout; the exit code reflects what remains."""
    (r,) = result.files
    if r.error or r.text is None:
        err.write(f"replylint: error: {r.path}: {r.error[1] if r.error else 'no text'}\n")
        return EXIT_ERROR
    new, edits = fix_text(r.text, r.findings)
    out.write(new)
    remaining = RunResult([_relint(linter, new, r.path)])
    left = len(remaining.findings)
    err.write(f"replylint: {len(edits)} fix(es) applied, {left} finding(s) left\n")
    return remaining.exit_code(fail_on)
