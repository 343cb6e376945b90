"""A small JavaScript tokenizer: just enough to find statement boundaries in a block body.

It knows strings, template literals (with nested ``${}``), comments, regular expression
literals (told from division by the previous token), numbers, names and punctuators.
It does not build a syntax tree; the browser remains the judge of syntax. What it must
never do is mistake a ``;``, newline or bracket inside a string, comment, regex or
template for code, because that would cut the body in the wrong place.
"""

from __future__ import annotations

import enum

import attrs

MAX_TEMPLATE_NESTING = 64


class Kind(enum.Enum):
    NAME = "name"
    NUMBER = "number"
    STRING = "string"
    TEMPLATE = "template"
    REGEX = "regex"
    PUNCT = "punct"


@attrs.frozen
class Token:
    kind: Kind
    text: str
    start: int
    end: int
    newline_before: bool  # a line terminator (or a comment holding one) precedes it


class JsSyntaxError(ValueError):
    """Source the tokenizer cannot read; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


# Tables of words read better than a column of quoted strings.
_PUNCTUATORS = sorted(
    """>>>= ... === !== **= <<= >>= >>> &&= ||= ??= => == != <= >= && || ?? ?. ++ -- += -=
    *= /= %= &= |= ^= ** << >> { } ( ) [ ] ; , < > + - * / % & | ^ ! ~ ? : = . @ #""".split(),  # noqa: SIM905
    key=len,
    reverse=True,
)
# After these keywords an expression starts, so a ``/`` begins a regular expression.
_KEYWORDS_BEFORE_EXPRESSION = frozenset(
    "return typeof instanceof in of new delete void throw case do else yield await".split()  # noqa: SIM905
)
_LINE_TERMINATORS = "\n\r\u2028\u2029"


def _is_name_start(char: str) -> bool:
    return char.isalpha() or char in "$_\\" or (char > "\x7f" and char.isidentifier())


def _is_name_part(char: str) -> bool:
    return char.isalnum() or char in "$_\\\u200c\u200d" or (char > "\x7f" and char.isidentifier())


def regex_allowed(previous: Token | None) -> bool:
    """Whether a ``/`` after ``previous`` starts a regex (True) or divides (False)."""
    if previous is None:
        return True
    if previous.kind is Kind.NAME:
        return previous.text in _KEYWORDS_BEFORE_EXPRESSION
    if previous.kind is Kind.PUNCT:
        # ``)`` and ``]`` end operands; ``}`` usually ends a block, after which a
        # statement (possibly a regex) starts.
        return previous.text not in {")", "]", "++", "--"}
    return False


class _Scanner:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.depth = 0  # template nesting

    def line(self, pos: int | None = None) -> int:
        at = self.pos if pos is None else pos
        return self.src.count("\n", 0, at) + 1

    def fail(self, message: str, pos: int) -> JsSyntaxError:
        return JsSyntaxError(message, self.line(pos))

    def tokens(self, *, until_brace: bool = False) -> list[Token]:
        """Tokens up to the end, or up to the ``}`` closing a template substitution."""
        out: list[Token] = []
        braces = 0
        newline = False
        src = self.src
        while True:
            newline |= self._skip_trivia()
            if self.pos >= len(src):
                if until_brace:
                    raise self.fail("unterminated template literal", len(src))
                return out
            start, char = self.pos, src[self.pos]
            if until_brace and char == "}" and braces == 0:
                self.pos += 1
                return out
            previous = out[-1] if out else None
            if char in "'\"":
                token = Token(Kind.STRING, self._string(char), start, self.pos, newline)
            elif char == "`":
                token = Token(Kind.TEMPLATE, self._template(), start, self.pos, newline)
            elif char.isdigit() or (char == "." and src[start + 1 : start + 2].isdigit()):
                token = Token(Kind.NUMBER, self._number(), start, self.pos, newline)
            elif _is_name_start(char) or (
                char == "#" and _is_name_start(src[start + 1 : start + 2])
            ):
                token = Token(Kind.NAME, self._name(), start, self.pos, newline)
            elif char == "/" and regex_allowed(previous):
                token = Token(Kind.REGEX, self._regex(), start, self.pos, newline)
            else:
                token = Token(Kind.PUNCT, self._punct(), start, self.pos, newline)
                braces += {"{": 1, "}": -1}.get(token.text, 0)
            out.append(token)
            newline = False

    def _skip_trivia(self) -> bool:
        """Skip whitespace and comments; True when a line terminator was among them."""
        src, newline = self.src, False
        while self.pos < len(src):
            char = src[self.pos]
            if char in _LINE_TERMINATORS:
                newline = True
                self.pos += 1
            elif char.isspace() or char == "\ufeff":
                self.pos += 1
            elif src.startswith("//", self.pos):
                while self.pos < len(src) and src[self.pos] not in _LINE_TERMINATORS:
                    self.pos += 1
            elif src.startswith("/*", self.pos):
                end = src.find("*/", self.pos + 2)
                if end < 0:
                    raise self.fail("unterminated comment", self.pos)
                newline |= any(c in src[self.pos : end] for c in _LINE_TERMINATORS)
                self.pos = end + 2
            else:
                break
        return newline

    def _string(self, quote: str) -> str:
        src, start = self.src, self.pos
        self.pos += 1
        while self.pos < len(src):
            char = src[self.pos]
            if char == "\\":
                self.pos += 2  # an escaped line terminator continues the string
            elif char == quote:
                self.pos += 1
                return src[start : self.pos]
            elif char in "\n\r":
                break
            else:
                self.pos += 1
        raise self.fail("unterminated string", start)

    def _template(self) -> str:
        src, start = self.src, self.pos
        self.depth += 1
        if self.depth > MAX_TEMPLATE_NESTING:
            raise self.fail("template literals nested too deeply", start)
        self.pos += 1
        while self.pos < len(src):
            char = src[self.pos]
            if char == "\\":
                self.pos += 2
            elif char == "`":
                self.pos += 1
                self.depth -= 1
                return src[start : self.pos]
            elif src.startswith("${", self.pos):
                self.pos += 2
                self.tokens(until_brace=True)
            else:
                self.pos += 1
        raise self.fail("unterminated template literal", start)

    def _regex(self) -> str:
        src, start = self.src, self.pos
        self.pos += 1
        in_class = False
        while self.pos < len(src):
            char = src[self.pos]
            if char in _LINE_TERMINATORS:
                break
            if char == "\\":
                self.pos += 2
                continue
            self.pos += 1
            if char == "[":
                in_class = True
            elif char == "]":
                in_class = False
            elif char == "/" and not in_class:
                while self.pos < len(src) and _is_name_part(src[self.pos]):
                    self.pos += 1  # flags
                return src[start : self.pos]
        raise self.fail("unterminated regular expression", start)

    def _number(self) -> str:
        src, start = self.src, self.pos
        while self.pos < len(src):
            char = src[self.pos]
            signed_exponent = char in "eE" and src[self.pos + 1 : self.pos + 2] in ("+", "-")
            if signed_exponent and not src[start : start + 2].lower().startswith("0x"):
                self.pos += 2
                continue
            if char.isalnum() or char in "._":
                self.pos += 1
            else:
                break
        return src[start : self.pos]

    def _name(self) -> str:
        src, start = self.src, self.pos
        while self.pos < len(src) and (self.pos == start or _is_name_part(src[self.pos])):
            if src[self.pos] == "\\":
                # Only \uXXXX / \u{...} escapes may appear in a name.
                if src[self.pos + 1 : self.pos + 2] != "u":
                    raise self.fail("a backslash in a name must start a \\u escape", self.pos)
                close = src.find("}", self.pos) if src[self.pos + 2 : self.pos + 3] == "{" else -2
                if close == -1:
                    raise self.fail("unterminated \\u{...} escape in a name", self.pos)
                self.pos = close + 1 if close >= 0 else self.pos + 2
            else:
                self.pos += 1
        return src[start : self.pos]

    def _punct(self) -> str:
        src, start = self.src, self.pos
        for punct in _PUNCTUATORS:
            if src.startswith(punct, start):
                # ``a?.5:b`` is a conditional, not optional chaining.
                if punct == "?." and src[start + 2 : start + 3].isdigit():
                    continue
                self.pos += len(punct)
                return punct
        raise self.fail(f"unexpected character {src[start]!r}", start)


def tokenize(source: str) -> list[Token]:
    """The tokens of ``source``; raises JsSyntaxError on unterminated literals."""
    return _Scanner(source).tokens()
