"""Regions of a reply that rules must not read.

* Placeholders of template engines (`{{ name }}`, `{order_id}`, `%NAME%`,
  `%{var}`, `[Имя]`, Jinja/Django `{% … %}` blocks) and HTML markup (tags,
  comments, entities): kept as one opaque token each, so spans stay right and
  no rule reads them as words. Which syntaxes apply is configurable.
* Quoted customer text: lines starting with `>` and «…» right after
  «вы пишете / указали / отметили …» — the customer's words, not ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Span = tuple[int, int]

PLACEHOLDER_SYNTAXES: dict[str, str] = {
    # Jinja and Django: {{ var|filter:"x" }}, {% if %}…{% endif %} tags, {# comments #}.
    # Bounded: an unclosed «{{» must not make the scan quadratic on a long line.
    "jinja": r"\{\{.{0,300}?\}\}|\{%.{0,300}?%\}|\{#.{0,300}?#\}",
    "braces": r"\{[A-Za-z_][\w.\-]*\}",
    # %NAME%, HESK's %%NAME%%, osTicket's %{ticket.number}.
    "percent": r"%%[A-Za-z_]\w*%%|%[A-Za-z_]\w*%|%\{[\w.\-]+\}",
    "dollar": r"\$\{[\w.\-]+\}",
    "brackets": r"\[(?:[A-ZА-ЯЁ][\w\- ]{0,30}|[a-z_][\w.\-]{0,30})\]",
    # Markup is not prose: <p style="…">, </a>, <br/>, <!-- … -->, &nbsp; &#171;
    # (a comment is bounded, like Jinja: an unclosed «<!--» must not go quadratic)
    "html": (r"<!--.{0,1000}?-->|</?[A-Za-z][\w:\-]*(?:\s[^<>]*)?/?>"
             r"|&(?:[A-Za-z]{2,8}|#\d{1,6}|#x[\da-fA-F]{1,5});"),
}
PLACEHOLDER_ALIASES = {"django": "jinja"}
DEFAULT_PLACEHOLDERS = tuple(PLACEHOLDER_SYNTAXES)


def compile_placeholders(syntaxes: Iterable[str] = DEFAULT_PLACEHOLDERS,
                         extra: Iterable[str] = ()) -> re.Pattern[str] | PlaceholderPattern:
    """One matcher for the named syntaxes plus `extra` regexes (a KeyError names an unknown
    syntax, a ValueError a bad extra regex)."""
    names = [PLACEHOLDER_ALIASES.get(s, s) for s in syntaxes]
    parts = [PLACEHOLDER_SYNTAXES[s] for s in dict.fromkeys(names)]
    builtin = re.compile("|".join(f"(?:{p})" for p in parts) if parts else r"(?!)", re.S)
    extra = tuple(extra)
    return PlaceholderPattern(builtin, extra) if extra else builtin


def compile_user_regex(source: str):
    """A regular expression from a user's config, compiled by RE2.

    RE2 runs in time linear in the text whatever the expression (no backtracking),
    so a config cannot make linting hang (`(a+)+$` on a long line of «a» would take
    Python's `re` forever). It has no backreferences or lookarounds. ValueError says
    what is wrong.
    """
    try:
        import re2
    except ImportError:  # pragma: no cover - a dependency; wheels exist for most platforms
        raise ValueError("user regular expressions need the google-re2 package "
                         "(pip install google-re2)") from None
    options = re2.Options()
    options.log_errors = False  # the error is reported to the user, not logged to stderr
    options.dot_nl = True
    try:
        return re2.compile(source, options)
    except re2.error as e:
        why = e.args[0].decode() if e.args and isinstance(e.args[0], bytes) else str(e)
        raise ValueError(f"{why} (RE2 syntax: no backreferences or lookarounds)") from None


class _Found:
    __slots__ = ("_span",)

    def __init__(self, span: Span) -> None:
        self._span = span

    def span(self) -> Span:
        return self._span

    def start(self) -> int:
        return self._span[0]

    def end(self) -> int:
        return self._span[1]


class PlaceholderPattern:
    """The built-in syntaxes (our own bounded regexes) plus a config's extra regexes,
    run by RE2. finditer() gives what one alternation would: leftmost first, then the
    longest, never overlapping."""

    def __init__(self, builtin: re.Pattern[str], extra: tuple[str, ...]) -> None:
        self.builtin = builtin
        self.extra = extra
        self._compiled = [compile_user_regex(x) for x in extra]

    def __reduce__(self):  # picklable for worker processes: recompiled there
        return (PlaceholderPattern, (self.builtin, self.extra))

    def finditer(self, text: str):
        found = [m.span() for m in self.builtin.finditer(text)]
        for rx in self._compiled:
            found.extend(m.span() for m in rx.finditer(text))
        end = -1
        for s, e in sorted(found, key=lambda se: (se[0], -se[1])):
            if s >= end:
                end = e
                yield _Found((s, e))


DEFAULT_PLACEHOLDER_RE = compile_placeholders()


def placeholder_spans(text: str,
                      pattern: re.Pattern[str] | PlaceholderPattern = DEFAULT_PLACEHOLDER_RE,
                      ) -> list[Span]:
    # Every default syntax needs one of these characters; a user's extra regex may not.
    if pattern is DEFAULT_PLACEHOLDER_RE and not any(c in text for c in "{%[$<&"):
        return []
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


_QUOTE_LINE = re.compile(r"^[ \t]*>.*$", re.M)
# «вы пишете: «…»», «Вы указали, что "…"», «как вы отметили, «…»».
_QUOTE_INTRO = re.compile(
    r"\b(?:[Вв]ы\s+(?:пиш\w*|написа\w*|указ\w*|отмети\w*|сообщ\w*|жалу\w*|утвержда\w*"
    r"|говори\w*|сказа\w*|спрашива\w*|цитиру\w*|упомяну\w*|процитирова\w*)"
    # Someone else's words the reply reports (and usually disowns): «оператор сказал: «…»»,
    # «в чате вам ответили «…»».
    r"|(?:сказал|ответил|написал|заявил|пообещал|посоветовал|нагрубил|бросил)[аио]?"
    r")\b[^«\"“„\n]{0,60}?([«\"“„])"
)
_CLOSE = {"«": "»", '"': '"', "“": "”", "„": "“"}


def quote_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    if ">" in text:
        spans.extend(m.span() for m in _QUOTE_LINE.finditer(text))
    if "«" in text or '"' in text or "“" in text or "„" in text:
        unclosed_until = -1  # end of the last quote that ran to a blank line or the end
        closed_until: dict[str, int] = {}  # per opener: end of the last closed quote
        for m in _QUOTE_INTRO.finditer(text):
            opener = m.group(1)
            at = m.start(1)
            # A quote opened inside one that never closed, or inside a closed quote of
            # the same kind (which nests), ends inside it: merge() would drop it anyway,
            # and scanning it again would make many openers quadratic.
            if at < unclosed_until or (opener != '"' and at < closed_until.get(opener, -1)):
                continue
            end, closed = _closing(text, m.end(), opener, _CLOSE[opener])
            spans.append((at, end))
            if closed:
                closed_until[opener] = end
            else:
                unclosed_until = end
    return merge(spans)


_SCAN = {o: re.compile("\n\n|" + "|".join(re.escape(c) for c in {o, c}))
         for o, c in _CLOSE.items()}


def _closing(text: str, start: int, opener: str, closer: str) -> tuple[int, bool]:
    """Offset just past the quote that closes the one opened before `start`, and whether
    one did (else: the blank line or the end of the text where the quote stops)."""
    depth = 1
    for m in _SCAN[opener].finditer(text, start):
        ch = m.group()
        if ch == "\n\n":
            return m.start(), False  # a quote never runs past a blank line
        if ch == closer and (opener != closer or depth == 1):
            depth -= 1
            if depth == 0:
                return m.end(), True
        elif ch == opener and opener != closer:
            depth += 1
    return len(text), False


def merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
