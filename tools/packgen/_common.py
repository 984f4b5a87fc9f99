"""What the pack generators share: the repository's paths, the output switch, the check
of a candidate pack with replylint's loader, and the word-list helpers of the require
packs (compensation, prevention)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PACKS = ROOT / "rules" / "ru"

# The jargon generator asks replylint's own inflector which verbs it can inflect, so
# it must see this checkout's engine even when replylint is not installed.
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

# A verb form that can be the reply's own act: not 2nd person, imperative or participle.
G = "@!2per,!impr,!PRTF"


def v(words: str, g: str = G) -> str:
    """`a|b|c` alternatives of the space-separated `words`, each with the tags `g`."""
    return "|".join(w + g for w in words.split())


def a(words: str) -> str:
    """`a|b|c` alternatives of the space-separated `words`."""
    return "|".join(words.split())


def prts(words: str) -> str:
    """Short passive participles of the space-separated verbs: «исправлен», «устранена»."""
    return v(words, "@PRTS")


Groups = Sequence[tuple[str, Sequence[str]]]


def require_body(patterns: Groups, exceptions: Groups) -> str:
    """The `patterns:` and `exceptions:` lists of a require rule, one comment per group."""
    out = ["    patterns:"]
    for comment, ps in patterns:
        out.append(f"      # {comment}")
        out += [f'      - "{p}"' for p in ps]
    out.append("    exceptions:")
    for comment, ps in exceptions:
        out.append(f"      # {comment}")
        out += [f'      - "{p}"' for p in ps]
    return "\n".join(out) + "\n"


def template(name: str) -> str:
    """A hand-written part of a pack beside the generators, byte for byte."""
    return (HERE / name).read_bytes().decode("utf-8")


def check_pack(data: bytes, pack: str) -> None:
    """Load `data` with replylint's own loader, as rules/ru/`pack` would be: exit with the
    loader's message (a bad pattern, a schema error) instead of writing a broken pack."""
    import tempfile

    from replylint.engine.loader import load_pack_file

    with tempfile.TemporaryDirectory() as d:
        candidate = Path(d) / pack
        candidate.write_bytes(data)
        try:
            load_pack_file(candidate)
        except Exception as e:
            raise SystemExit(f"the generated {pack} does not load, nothing written:\n{e}") from e


def main(build: Callable[[], str], pack: str, argv: Sequence[str] | None = None,
         validate: bool = False) -> None:
    """Write `build()` to rules/ru/`pack`, or where `-o` says (`-o -`: standard output).
    With `validate`, the candidate is loaded by replylint first (see `check_pack`)."""
    parser = argparse.ArgumentParser(description=f"Regenerate rules/ru/{pack}.")
    parser.add_argument("-o", "--output", metavar="PATH", default=str(PACKS / pack),
                        help=f"where to write the pack (default: rules/ru/{pack}; - for stdout)")
    args = parser.parse_args(argv)
    data = build().encode("utf-8")
    if validate:
        check_pack(data, pack)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(args.output).write_bytes(data)
