"""Compile a plot block's body into an ES module the browser imports (no eval needed).

The body's statements run as written; its last top-level statement, when it is an
expression, becomes the function's return value::

    export default function ({data, params, Plot, d3, inputs}) {
    <statements before the last>
    return (
    <last expression>
    );
    }

Statement boundaries are found at bracket depth 0: a ``;``, or a line break where
JavaScript's automatic semicolon insertion would end the statement (the previous token
can end an expression and the next one cannot continue it).
"""

from __future__ import annotations

import json

from plotpress.adapters.pages.js_tokens import JsSyntaxError, Kind, Token, tokenize

SCOPE = ("data", "params", "Plot", "d3", "inputs")
HEADER = "export default function ({" + ", ".join(SCOPE) + "}) {\n"

_OPEN, _CLOSE = "([{", ")]}"
_ENDS_EXPRESSION_PUNCT = frozenset({")", "]", "}", "++", "--"})
# A token that cannot begin a new statement, so a line break before it does not end one.
_CONTINUES = frozenset(
    """. ?. ( [ , ? : = => + - * / % ** == != === !== < > <= >= && || ?? & | ^ << >> >>>
    += -= *= /= %= **= <<= >>= >>>= &= |= ^= &&= ||= ??= ) ] }""".split()  # noqa: SIM905
)
_CONTINUING_NAMES = frozenset({"in", "instanceof", "of"})
_NOT_EXPRESSION_STARTS = frozenset(
    """var let const function class if for while do switch try throw break continue import
    export debugger with""".split()  # noqa: SIM905
)


def _ends_expression(token: Token) -> bool:
    if token.kind is Kind.PUNCT:
        return token.text in _ENDS_EXPRESSION_PUNCT
    return True


def _continues(token: Token) -> bool:
    if token.kind is Kind.TEMPLATE:
        return True  # a tagged template: JavaScript does not insert a semicolon before it
    if token.kind is Kind.NAME:
        return token.text in _CONTINUING_NAMES
    if token.kind is Kind.PUNCT:
        return token.text in _CONTINUES
    return False


def split_statements(source: str) -> list[list[Token]]:
    """Top-level statements as token lists (a closing ``;`` included); raises JsSyntaxError."""
    statements: list[list[Token]] = []
    current: list[Token] = []
    stack: list[str] = []
    for token in tokenize(source):
        if (
            not stack
            and current
            and token.newline_before
            and _ends_expression(current[-1])
            and not _continues(token)
        ):
            statements.append(current)
            current = []
        current.append(token)
        if token.kind is not Kind.PUNCT:
            continue
        if token.text in _OPEN:
            stack.append(token.text)
        elif token.text in _CLOSE:
            expected = _OPEN[_CLOSE.index(token.text)]
            if not stack or stack.pop() != expected:
                line = source.count("\n", 0, token.start) + 1
                raise JsSyntaxError(f"unbalanced {token.text!r}", line)
        elif token.text == ";" and not stack:
            statements.append(current)
            current = []
    if stack:
        raise JsSyntaxError(f"unclosed {stack[-1]!r}", source.count("\n") + 1)
    if current:
        statements.append(current)
    return [s for s in statements if not (len(s) == 1 and s[0].text == ";")]


def is_expression_statement(tokens: list[Token]) -> bool:
    """Whether a statement is an expression (its value can be returned)."""
    first = tokens[0]
    if first.kind is Kind.PUNCT:
        return first.text != "{"  # a statement starting with ``{`` is a block
    if first.kind is not Kind.NAME:
        return True
    if first.text in _NOT_EXPRESSION_STARTS:
        return False
    if first.text == "async" and len(tokens) > 1 and tokens[1].text == "function":
        return tokens[1].newline_before  # ``async function f(){}`` declares
    # ``name:`` is a label, not an expression.
    return not (len(tokens) > 1 and tokens[1].text == ":")


def compile_block(source: str) -> str:
    """The ES module for a block body. Unreadable source compiles to a module whose
    function throws a SyntaxError naming the line, so the block shows it in place."""
    try:
        statements = split_statements(source)
    except JsSyntaxError as exc:
        message = json.dumps(f"block code, {exc}")
        return f"{HEADER}throw new SyntaxError({message});\n}}\n"
    if not statements:
        return f"{HEADER}return undefined;\n}}\n"
    last = statements[-1]
    if last[0].text == "return" or not is_expression_statement(last):
        return f"{HEADER}{source.rstrip()}\n;return undefined;\n}}\n"
    if last[-1].text == ";":
        last = last[:-1]
    # Only comments and whitespace follow the last token; they are dropped.
    head, expression = source[: last[0].start], source[last[0].start : last[-1].end]
    return f"{HEADER}{head}\nreturn (\n{expression}\n);\n}}\n"
